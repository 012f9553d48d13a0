"""The diff views open fitted, and a fitted diff still names its steps and marks its changes.

Uses the shipped order-approval example and the README's v1 -> v2 edit: at the
diff window's own size it is fitted at about 43 %, where node text used to vanish.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF
from PySide6.QtGui import QColor
from tests.app.canvas.pixels import assert_fills_the_view, grab, ink_in, label_rect_on_screen

from flowdesk.app.canvas.view import CanvasView
from flowdesk.app.diffview.diff_window import DiffWindow
from flowdesk.app.diffview.overlay import DiffScene
from flowdesk.app.diffview.screenshots import demo_pair
from flowdesk.app.diffview.side_by_side import stacking_is_larger
from flowdesk.app.diffview.status import STATUS_COLOURS


@pytest.fixture
def window(qtbot) -> DiffWindow:  # type: ignore[no-untyped-def]
    old, new = demo_pair()
    w = DiffWindow(old, new, "v1", "v2")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def assert_names_readable(view: CanvasView, scene: DiffScene) -> None:
    image = grab(view)
    for node_id, item in scene.node_items.items():
        if scene.status_of("node", node_id) == "removed":
            continue  # drawn as a faint ghost on purpose
        ink = ink_in(image, label_rect_on_screen(view, item))
        assert ink.pixels >= 25 and ink.height >= 6, f"{node_id}: name not readable ({ink})"


def test_the_overlay_opens_fitted_with_every_name_readable(window: DiffWindow) -> None:
    view = window.overlay_view
    assert view.is_fitted
    assert_fills_the_view(view, window.overlay_scene.content_rect())
    assert view.zoom < 0.45  # where names used to vanish
    assert_names_readable(view, window.overlay_scene)


def test_side_by_side_opens_fitted_stacked_for_a_wide_workflow_with_names(
        window: DiffWindow) -> None:
    window.set_mode("side-by-side")
    old_view, new_view = window.side_by_side.views()
    assert window.stack_box.isChecked()  # old above new shows this wide graph bigger
    rect = window.side_by_side.content_rect()
    assert_fills_the_view(old_view, rect)
    assert new_view.zoom == pytest.approx(old_view.zoom)
    assert new_view.viewport().rect().contains(new_view.mapFromScene(rect).boundingRect())
    assert_names_readable(old_view, window.side_by_side.old_scene)
    assert_names_readable(new_view, window.side_by_side.new_scene)


def test_a_fitted_diff_still_shows_each_change_chip(window: DiffWindow) -> None:
    view = window.overlay_view
    image = grab(view)
    for node_id, status in (("legal_approval", "added"), ("fetch_order", "changed")):
        item = window.overlay_scene.node_items[node_id]
        centre = view.mapFromScene(item.mapToScene(QPointF(-2, -2)))
        colour = QColor(STATUS_COLOURS[status])
        hits = sum(1 for dx in range(-5, 6) for dy in range(-5, 6)
                   if _close(QColor(image.pixel(centre + QPoint(dx, dy))), colour))
        assert hits >= 40, f"{node_id}: its {status} chip is {hits} px, too small to see"


def _close(a: QColor, b: QColor) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) < 40


def test_stacking_is_chosen_only_when_it_shows_the_drawing_bigger() -> None:
    assert stacking_is_larger(2000, 500, 900, 700)  # wide and flat
    assert not stacking_is_larger(800, 900, 900, 700)  # tall
