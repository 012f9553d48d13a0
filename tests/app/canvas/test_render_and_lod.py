"""Export to PNG/SVG with the canvas drawing code, and level-of-detail drawing."""

from __future__ import annotations

from pathlib import Path

import pytest
from bench.graphs import branching_document
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from flowdesk.app.canvas.render import RenderError, render_document_to_file, render_scene_to_file
from flowdesk.model.document import load

from .conftest import GRAPH, Canvas


def distinct_colours(image: QImage, step: int = 3) -> set[int]:
    return {image.pixel(x, y) for x in range(0, image.width(), step)
            for y in range(0, image.height(), step)}


def test_render_png_has_the_requested_width_and_is_not_blank(tmp_path: Path) -> None:
    out = render_document_to_file(load(GRAPH), tmp_path / "graph.png", width=900)
    image = QImage(str(out))
    assert not image.isNull()
    assert image.width() == 900 and 100 < image.height() < 900
    assert len(distinct_colours(image)) > 20  # nodes, text and edges, not one flat colour


def test_render_svg_is_a_valid_picture_with_the_graph_text(tmp_path: Path) -> None:
    out = render_document_to_file(load(GRAPH), tmp_path / "graph.svg", width=1200)
    text = out.read_text(encoding="utf-8")
    assert "<svg" in text and "Fetch" in text and "onSuccess" in text
    renderer = QSvgRenderer(str(out))
    assert renderer.isValid()
    assert round(renderer.viewBoxF().width()) == 1200
    image = QImage(600, 200, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    renderer.render(painter, QRectF(0, 0, 600, 200))
    painter.end()
    assert len(distinct_colours(image)) > 10


def test_render_lays_out_a_document_without_positions(tmp_path: Path) -> None:
    data = {"formatVersion": 1, "graph": {"nodes": [
        {"id": "start", "type": "start"}, {"id": "a", "type": "action"}, {"id": "end", "type": "end"}],
        "edges": [{"id": "e1", "source": "start", "target": "a"},
                  {"id": "e2", "source": "a", "target": "end"}]}}
    image = QImage(str(render_document_to_file(load(data), tmp_path / "x.png")))
    assert image.width() > 3 * 120  # three nodes side by side, not stacked at the origin


def test_render_refuses_unknown_formats(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="use .png or .svg"):
        render_document_to_file(load(GRAPH), tmp_path / "graph.jpg")


def test_titles_and_ports_are_dropped_when_zoomed_out(canvas: Canvas, tmp_path: Path) -> None:
    item = canvas.scene.node_items["fetch"]
    colours = canvas.scene.colours
    rect = item.sceneBoundingRect()
    canvas.scene.clearSelection()

    def node_pixels(scale: float) -> set[int]:
        w, h = max(4, round(rect.width() * scale)), max(4, round(rect.height() * scale))
        image = QImage(w, h, QImage.Format.Format_ARGB32)
        image.fill(colours.background)
        painter = QPainter(image)
        canvas.scene.render(painter, QRectF(0, 0, w, h), rect)
        painter.end()
        return distinct_colours(image, 1)

    full = node_pixels(1.0)
    far = node_pixels(0.15)
    text = colours.text.rgb()
    assert any(abs(QColor(p).lightness() - QColor(text).lightness()) < 30 for p in full)
    # far away the node is a flat box: only the background, the accent and their blend
    assert len(far) <= 8
    assert len(full) > 40


def test_scene_render_of_a_large_graph_at_fit_zoom_is_not_blank(tmp_path: Path) -> None:
    out = render_document_to_file(branching_document(300), tmp_path / "big.png", width=1600)
    image = QImage(str(out))
    assert image.width() == 1600
    assert len(distinct_colours(image)) > 3


def test_render_scene_uses_the_live_scene(canvas: Canvas, tmp_path: Path) -> None:
    width_before = canvas.scene.content_rect().width()
    far_right = canvas.scene.node_items["end"].pos() + QPointF(600, 0)
    assert canvas.scene.add_node("action", far_right) is not None
    grown = canvas.scene.content_rect()
    assert grown.width() > width_before + 500
    out = render_scene_to_file(canvas.scene, tmp_path / "live.png")
    assert QImage(str(out)).width() == round(grown.width() + 80)  # natural size plus padding
