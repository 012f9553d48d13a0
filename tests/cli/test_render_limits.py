"""``flowdesk render`` within limits: huge graphs scale down, bad positions and failed
writes are refused clearly, and an output file is complete or untouched."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from bench.graphs import linear_document_json
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from flowdesk.app.canvas import render
from flowdesk.app.canvas.note_item import DRAWN_TEXT_LIMIT, NoteItem
from flowdesk.app.canvas.render import RenderError, render_document_to_file
from flowdesk.app.canvas.theme import colours_from_palette
from flowdesk.cli.main import main
from flowdesk.model.document import Note, Position, load
from flowdesk.model.drawing_bounds import MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE


@pytest.fixture
def app() -> QApplication:
    return QApplication.instance() or QApplication(["test"])


def test_a_5000_node_workflow_is_scaled_down_to_the_size_limit(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "linear.json"
    src.write_text(json.dumps(linear_document_json(5000)), encoding="utf-8")
    out = tmp_path / "linear.png"
    assert main(["render", str(src), "-o", str(out)]) == 0
    image = QImage(str(out))
    assert image.width() == MAX_IMAGE_SIDE
    assert 0 < image.height() <= MAX_IMAGE_SIDE
    assert image.width() * image.height() <= MAX_IMAGE_PIXELS
    assert capsys.readouterr().err == ""


@pytest.mark.usefixtures("app")
@pytest.mark.parametrize("value", [float("inf"), float("nan"), -1e300, 10**400])
def test_positions_that_cannot_be_drawn_are_refused_naming_the_node(
    tmp_path: Path, value: float
) -> None:
    doc = load(linear_document_json(3))
    nodes = list(doc.graph.nodes)
    nodes[2] = dataclasses.replace(nodes[2], position=Position(10.0, value))
    doc = dataclasses.replace(doc, graph=dataclasses.replace(doc.graph, nodes=tuple(nodes)))
    out = tmp_path / "x.png"
    with pytest.raises(RenderError, match=r"node 'a1': position y=.* cannot be drawn"):
        render_document_to_file(doc, out)
    assert not out.exists()


def test_huge_positions_in_a_file_are_refused_before_drawing(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    data = linear_document_json(3)
    data["graph"]["nodes"][1]["position"]["x"] = 1e300
    src = tmp_path / "far.json"
    src.write_text(json.dumps(data), encoding="utf-8")
    assert main(["render", str(src), "-o", str(tmp_path / "x.png")]) == 2
    assert capsys.readouterr().err == (
        f"flowdesk render: {src}: node 'a0': position x=1e+300 cannot be drawn "
        "(positions are finite numbers within \u00b110,000,000)\n"
    )


@pytest.mark.usefixtures("app")
@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_a_failed_write_leaves_the_previous_file_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    out = tmp_path / f"old{suffix}"
    out.write_bytes(b"previous picture")

    def fail(*args: object) -> None:
        raise RenderError("could not write the image")

    monkeypatch.setattr(render, "_write_png" if suffix == ".png" else "_write_svg", fail)
    with pytest.raises(RenderError, match=f"{out.name}: could not write the image"):
        render_document_to_file(load(linear_document_json(3)), out)
    assert out.read_bytes() == b"previous picture"
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


@pytest.mark.usefixtures("app")
def test_a_successful_render_replaces_the_file_whole(tmp_path: Path) -> None:
    out = tmp_path / "pic.png"
    out.write_bytes(b"previous picture")
    render_document_to_file(load(linear_document_json(3)), out, width=400)
    assert QImage(str(out)).width() == 400
    assert [p.name for p in tmp_path.iterdir()] == ["pic.png"]


def test_a_huge_note_is_cut_to_what_can_show(app: QApplication) -> None:
    text = "word " * 2_000_000  # 10 MB
    item = NoteItem(Note("n1", text, Position(0, 0)), colours_from_palette(app.palette()))
    assert item.tooltip_text().startswith("word word")
    assert len(item.tooltip_text()) == DRAWN_TEXT_LIMIT + 1
    assert item.note.text == text  # the model keeps every character
