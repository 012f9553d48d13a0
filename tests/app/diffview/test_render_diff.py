"""Headless diff pictures (PNG/SVG) and the self-contained HTML report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage
from PySide6.QtSvg import QSvgRenderer
from tests.app.diffview.samples import NEW, OLD

from flowdesk.app.canvas.render import PADDING, RenderError
from flowdesk.app.diffview.render import (
    build_diff_scene,
    render_diff_to_file,
    write_html_report,
)
from flowdesk.app.diffview.status import STATUS_COLOURS
from flowdesk.model.document import load


def near(pixel: QColor, colour: str, tolerance: int = 40) -> bool:
    want = QColor(colour)
    return (abs(pixel.red() - want.red()) + abs(pixel.green() - want.green())
            + abs(pixel.blue() - want.blue())) <= tolerance


def colour_around(image: QImage, point: QPointF, colour: str, radius: int = 3) -> bool:
    x0, y0 = round(point.x()), round(point.y())
    return any(
        near(image.pixelColor(x, y), colour)
        for x in range(x0 - radius, x0 + radius + 1)
        for y in range(y0 - radius, y0 + radius + 1)
        if 0 <= x < image.width() and 0 <= y < image.height()
    )


def test_png_draws_each_item_in_its_status_colour(qapp, tmp_path: Path) -> None:
    old, new = load(OLD), load(NEW)
    out = render_diff_to_file(old, new, tmp_path / "diff.png", "png", width=1000)
    image = QImage(str(out))
    assert image.width() == 1000
    # map scene points to pixels the way the exporter does
    scene = build_diff_scene(old, new)
    source = scene.content_rect().adjusted(-PADDING, -PADDING, PADDING, PADDING)
    scale = 1000 / source.width()

    def pixel_of(x: float, y: float) -> QPointF:
        return QPointF((x - source.left()) * scale, (y - source.top()) * scale)

    def top_middle(node_id: str) -> QPointF:
        item = scene.node_items[node_id]
        w, _h = item.size
        return pixel_of(item.pos().x() + w / 2, item.pos().y())

    assert colour_around(image, top_middle("slack"), STATUS_COLOURS["added"])
    assert colour_around(image, top_middle("fetch"), STATUS_COLOURS["changed"])
    assert colour_around(image, top_middle("check"), STATUS_COLOURS["moved"])
    # removed: a dashed red outline, so look along the top edge
    mail = scene.node_items["mail"]
    assert any(colour_around(image, pixel_of(mail.pos().x() + dx, mail.pos().y()),
                             STATUS_COLOURS["removed"]) for dx in range(30, 200, 10))
    # an unchanged node has no status colour around it
    end = top_middle("end")
    assert not any(colour_around(image, end, STATUS_COLOURS[s]) for s in ("added", "changed"))
    scene.detach()


def test_svg_is_valid_and_has_the_requested_width(qapp, tmp_path: Path) -> None:
    out = render_diff_to_file(load(OLD), load(NEW), tmp_path / "diff.svg", "svg", width=1200)
    renderer = QSvgRenderer(str(out))
    assert renderer.isValid()
    assert round(renderer.viewBoxF().width()) == 1200
    text = out.read_text(encoding="utf-8")
    assert "Slack" in text and "Mail" in text  # both versions' nodes are drawn


def test_format_wins_over_the_extension_and_unknown_formats_are_refused(qapp,
                                                                        tmp_path: Path) -> None:
    out = render_diff_to_file(load(OLD), load(NEW), tmp_path / "diff.out", "png", width=300)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(RenderError, match="use png or svg"):
        render_diff_to_file(load(OLD), load(NEW), tmp_path / "diff.gif", "gif")  # type: ignore[arg-type]


def test_ignore_layout_leaves_the_old_place_out_of_the_picture(qapp, tmp_path: Path) -> None:
    with_moves = QImage(str(render_diff_to_file(load(OLD), load(NEW), tmp_path / "a.png")))
    without = QImage(str(render_diff_to_file(load(OLD), load(NEW), tmp_path / "b.png",
                                             ignore_layout=True)))

    def moved_pixels(image: QImage) -> int:
        return sum(1 for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
                   if near(image.pixelColor(x, y), STATUS_COLOURS["moved"], 12))
    assert moved_pixels(with_moves) > 15
    assert moved_pixels(without) == 0


def test_html_report_is_self_contained_with_picture_and_change_list(qapp, tmp_path: Path) -> None:
    out = write_html_report(load(OLD), load(NEW), tmp_path / "diff.html",
                            old_label="v1", new_label="v2")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "<svg" in text and "Changes from v1 to v2" in text
    # no external assets: every src/href is inline data or a fragment
    for ref in re.findall(r'(?:src|href)\s*=\s*"([^"]*)"', text):
        assert ref.startswith(("data:", "#")), ref
    assert not re.search(r"<link|<script|url\(\s*['\"]?http", text)
    for section in ("Steps and connections", "Layout", "Parameters", "Environment"):
        assert f"<h2>{section} " in text
    assert "BREAKING" in text
    for headline in ("Step “Slack” added", "Step “Mail” removed", "Step “Big?” moved",
                     "Connection “Fetch → Big?” changed", "Parameter “limit”: now required"):
        assert headline in text
    assert ">URL</td>" in text and "https://old.example" in text and "https://new.example" in text
    assert 'title="/graph/nodes/1/config/url"' in text  # the pointer, quietly
    assert 'title="edge e2 · /graph/edges/1"' in text
    assert "eu-west-1" in text and "us-east-1" in text
    assert not re.search(r">[^<]*\b(?:node|edge) [a-z0-9_]+\b[^<]*<", text)  # no ids in words


def test_html_report_with_a_png_picture_embeds_it_as_base64(qapp, tmp_path: Path) -> None:
    out = write_html_report(load(OLD), load(NEW), tmp_path / "diff.html", picture="png", width=600)
    text = out.read_text(encoding="utf-8")
    assert 'src="data:image/png;base64,' in text and "<svg" not in text
