"""Fit fills the view, and a fitted workflow shows its step names (issue 9).

The view is the size of the canvas in a 1280x800 main window (745x480 with
its scroll bars): where an 8-node workflow is fitted at about 35 % and, before
the level of detail was judged in device pixels, every box was blank.
"""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from flowdesk.app.canvas.detail import TEXT_MIN_PX, label_room
from flowdesk.app.canvas.node_item import TITLE_PX
from flowdesk.app.canvas.theme import SEVERITY_COLOURS
from flowdesk.app.canvas.view import fit_zoom
from flowdesk.model.problems import Location, error

from .conftest import Canvas, make_canvas
from .pixels import assert_fills_the_view, grab, ink_in, label_rect_on_screen

CANVAS_IN_1280x800 = (745, 480)
NAMES = ["Fetch customer", "Check plan", "Send welcome", "Create ticket", "Notify team",
         "Archive"]


def linear_workflow(names: list[str]) -> dict:
    """start -> one action per name -> end, laid out as the editor lays out a new step."""
    nodes = [{"id": "start", "type": "start", "position": {"x": 0, "y": 8}}]
    for i, name in enumerate(names):
        nodes.append({"id": f"step{i}", "type": "action", "name": name,
                      "actionId": "data.transform", "position": {"x": 190 + 280 * i, "y": 0}})
    nodes.append({"id": "end", "type": "end", "position": {"x": 190 + 280 * len(names), "y": 8}})
    ids = [n["id"] for n in nodes]
    edges = [{"id": f"e{i}", "source": a, "target": b} for i, (a, b) in enumerate(itertools.pairwise(ids))]
    return {"formatVersion": 1, "graph": {"formatVersion": 1, "nodes": nodes, "edges": edges}}


@pytest.fixture
def eight(qtbot) -> Canvas:  # type: ignore[no-untyped-def]
    canvas = make_canvas(qtbot, linear_workflow(NAMES))
    canvas.view.resize(*CANVAS_IN_1280x800)
    qtbot.waitExposed(canvas.view)
    return canvas


def test_fit_fills_the_view_with_a_small_margin(eight: Canvas) -> None:
    eight.view.fit_all()
    assert_fills_the_view(eight.view, eight.scene.content_rect())
    assert eight.view.zoom < 0.45  # the zoom at which names used to vanish


def test_fit_never_magnifies_a_small_graph(qtbot) -> None:  # type: ignore[no-untyped-def]
    small = make_canvas(qtbot, linear_workflow(["Only step"]))
    small.view.resize(1000, 600)
    small.view.set_zoom(0.3)
    small.view.fit_all()
    assert small.view.zoom == 1.0
    assert_fills_the_view(small.view, small.scene.content_rect())


def test_fit_zoom_is_capped_and_keeps_the_margin() -> None:
    assert fit_zoom(100, 100, 1000, 800) == 1.0
    assert fit_zoom(2000, 100, 1032, 800, margin=16) == pytest.approx(0.5)
    assert fit_zoom(100, 1000, 1000, 532, margin=16) == pytest.approx(0.5)


def test_every_step_name_is_readable_in_a_fitted_8_node_workflow(eight: Canvas) -> None:
    eight.view.fit_all()
    image = grab(eight.view)
    assert len(eight.scene.node_items) == 8
    for node_id, item in eight.scene.node_items.items():
        ink = ink_in(image, label_rect_on_screen(eight.view, item))
        assert ink.pixels >= 25, f"{node_id}: no name drawn in its box"
        assert ink.height >= 6, f"{node_id}: its name is {ink.height} px tall, too small to read"


def test_f_and_ctrl_0_fit_and_the_names_show(eight: Canvas, qtbot) -> None:  # type: ignore[no-untyped-def]
    for keys in ((Qt.Key.Key_F, Qt.KeyboardModifier.NoModifier),
                 (Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)):
        eight.view.set_zoom(2.0)
        eight.view.setFocus()
        qtbot.keyClick(eight.view, keys[0], keys[1])
        assert_fills_the_view(eight.view, eight.scene.content_rect())
        item = eight.scene.node_items["step0"]
        assert ink_in(grab(eight.view), label_rect_on_screen(eight.view, item)).pixels >= 25


def test_full_text_returns_when_the_title_font_is_legible(eight: Canvas) -> None:
    """Zoomed in, the subtitle (the action's name) is drawn under the title again;
    below that, one bigger line: the name alone."""
    item = eight.scene.node_items["step0"]
    w, h = item.size
    text_area = QRectF(56, 4, w - 62, h - 8)  # right of the icon tile

    def ink(zoom: float):  # type: ignore[no-untyped-def]
        eight.view.set_zoom(zoom)
        eight.view.centerOn(item)
        area = eight.view.mapFromScene(item.mapRectToScene(text_area)).boundingRect()
        return ink_in(grab(eight.view), area)

    assert ink(1.0).lines >= 2  # title and subtitle (an accent may add a run)
    assert ink(TEXT_MIN_PX / TITLE_PX * 1.05).lines >= 2
    label = ink(0.4)
    assert label.lines == 1 and label.height >= 6


def test_a_fitted_view_stays_fitted_when_the_window_is_resized_until_the_user_zooms(
        eight: Canvas) -> None:
    eight.view.fit_all()
    before = eight.view.zoom
    eight.view.resize(1400, 700)  # say a window manager maximises the window after opening
    assert eight.view.zoom > before
    assert_fills_the_view(eight.view, eight.scene.content_rect())
    eight.view.zoom_in()
    chosen = eight.view.zoom
    eight.view.resize(745, 480)
    assert eight.view.zoom == pytest.approx(chosen)


def test_label_rooms_of_a_fitted_view_are_on_screen(eight: Canvas) -> None:
    eight.view.fit_all()
    viewport = eight.view.viewport().rect()
    for item in eight.scene.node_items.values():
        assert viewport.contains(label_rect_on_screen(eight.view, item))
        assert label_room(item.node.type, *item.size)[2] > 0


def test_a_broken_step_still_shows_its_badge_in_a_fitted_view(eight: Canvas) -> None:
    eight.scene.set_problems([
        error("missing_config", Location("/graph/nodes/3", node_id="step2"), "url is required")])
    eight.view.fit_all()
    item = eight.scene.node_items["step2"]
    w, _h = item.size
    corner = eight.view.mapFromScene(item.mapToScene(QPointF(w, 0)))
    image = grab(eight.view)
    red = QColor(SEVERITY_COLOURS["error"])
    hits = sum(1 for dx in range(-16, 4) for dy in range(-4, 16)
               if _near(QColor(image.pixel(corner.x() + dx, corner.y() + dy)), red))
    assert hits >= 60, f"the error badge is {hits} px: too small to notice"


def _near(a: QColor, b: QColor) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) < 40


def test_a_hidpi_screen_shows_full_text_at_a_zoom_where_a_normal_one_shows_labels(
        eight: Canvas) -> None:
    """Same zoom, twice the device pixels: the decision is made on the glyphs' real size."""
    item = eight.scene.node_items["step0"]
    w, h = item.size
    source = item.mapRectToScene(QRectF(56, 4, w - 62, h - 8))  # right of the icon tile

    def lines_at(ratio: float) -> int:
        zoom = 0.4
        image = QImage(round(source.width() * zoom * ratio), round(source.height() * zoom * ratio),
                       QImage.Format.Format_ARGB32)
        image.setDevicePixelRatio(ratio)
        image.fill(eight.scene.colours.node_fill)
        painter = QPainter(image)
        eight.scene.render(painter, QRectF(0, 0, source.width() * zoom, source.height() * zoom),
                           source)
        painter.end()
        return ink_in(image, image.rect()).lines

    assert lines_at(1.0) == 1  # the name alone, bigger
    assert lines_at(2.0) >= 2  # title and subtitle
