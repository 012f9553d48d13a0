"""``flowdesk render``: a version document file to a PNG or SVG picture."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
from bench.graphs import branching_document
from PySide6.QtGui import QImage

from flowdesk.cli import render_command


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="flowdesk")
    render_command.register(parser.add_subparsers())
    args = parser.parse_args(["render", *argv])
    return args.func(args)


@pytest.fixture
def doc_file(tmp_path: Path) -> Path:
    path = tmp_path / "branching.json"
    path.write_text(json.dumps(branching_document(40, seed=2).to_json()), encoding="utf-8")
    return path


def test_render_png_with_width(doc_file: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out.png"
    assert run(str(doc_file), "-o", str(out), "--width", "1000") == 0
    image = QImage(str(out))
    assert image.width() == 1000 and image.height() > 10
    assert str(out) in capsys.readouterr().out


def test_render_svg(doc_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.svg"
    assert run(str(doc_file), "-o", str(out)) == 0
    assert "<svg" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("content", "output", "message"),
    [
        ("{not json", "x.png", "not JSON"),
        ('{"formatVersion": 1}', "x.png", "needs a graph"),
        ('{"graph": {"nodes": []}}', "x.gif", "use .png or .svg"),
    ],
)
def test_render_reports_bad_input_clearly(tmp_path: Path, capsys, content: str, output: str,  # type: ignore[no-untyped-def]
                                          message: str) -> None:
    src = tmp_path / "doc.json"
    src.write_text(content, encoding="utf-8")
    assert run(str(src), "-o", str(tmp_path / output)) == 2
    err = capsys.readouterr().err
    assert message in err and "flowdesk render" in err


def test_render_missing_file(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert run(str(tmp_path / "nope.json"), "-o", str(tmp_path / "x.png")) == 2
    assert "nope.json" in capsys.readouterr().err
