"""The overview minimap over the canvas: in its corner, clickable, toggled and remembered."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from flowdesk.app.main_window import MainWindow


def _minimap_geometry_ok(window: MainWindow) -> bool:
    view, minimap = window.view, window.minimap.minimap  # type: ignore[union-attr]
    area = view.viewport().geometry()  # type: ignore[union-attr]
    box = minimap.geometry()
    return (area.contains(box) and area.right() - box.right() < 30
            and area.bottom() - box.bottom() < 30)


def test_minimap_sits_in_the_canvas_corner_and_moves_the_view(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert window.restore_last_workflow()
    assert window.minimap_action.isChecked()  # on by default
    minimap = window.minimap.minimap  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: minimap.isVisible())
    assert minimap.parent() is window.view
    assert _minimap_geometry_ok(window)
    window.resize(window.width() - 200, window.height() - 120)
    qtbot.waitUntil(lambda: _minimap_geometry_ok(window))  # follows the view's size

    window.view.zoom_in()  # type: ignore[union-attr]
    window.view.zoom_in()  # type: ignore[union-attr]
    target = minimap.scene_point(QPoint(8, minimap.height() // 2).toPointF())
    QTest.mouseClick(minimap, Qt.MouseButton.LeftButton, pos=QPoint(8, minimap.height() // 2))
    view = window.view
    centre = view.mapToScene(view.viewport().rect().center())  # type: ignore[union-attr]
    assert abs(centre.x() - target.x()) < 60  # the view went to the clicked spot
    assert centre.x() < window.scene.content_rect().center().x()  # type: ignore[union-attr]


def test_minimap_toggle_is_remembered(make_window, workspace_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(workspace_path)
    assert window.restore_last_workflow()
    window.minimap_action.trigger()  # View › Minimap off
    assert not window.minimap.minimap.isVisible()
    window.close()

    again = make_window(workspace_path)
    assert not again.minimap_action.isChecked()
    assert again.restore_last_workflow()
    assert not again.minimap.minimap.isVisibleTo(again)
    again.minimap_action.trigger()
    qtbot.waitUntil(lambda: again.minimap.minimap.isVisible())
    assert _minimap_geometry_ok(again)
