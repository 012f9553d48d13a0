"""A first start lays the docks out for the screen: a readable workflow list, a wide enough
inspector whose config form has room, a short problems list, and a window that fits."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize

from flowdesk.app.main_window import MainWindow
from flowdesk.app.main_window.dock_sizes import default_dock_sizes
from flowdesk.app.session.workspace import Workspace
from flowdesk.app.settings import AppSettings


@pytest.fixture
def shown_at(qtbot, workspace_path: Path, app_settings: AppSettings):  # type: ignore[no-untyped-def]
    windows: list[MainWindow] = []

    def show(width: int, height: int) -> MainWindow:
        window = MainWindow(Workspace.open(workspace_path), app_settings)
        qtbot.addWidget(window)
        window.resize(width, height)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        qtbot.waitUntil(lambda: window.dock_sizes is not None, timeout=3000)
        assert window.restore_last_workflow()  # the example opens, as on a first start
        window.scene.select_item("node", "fetch_order")  # type: ignore[union-attr]
        return window

    yield show
    for window in windows:
        if window.session is not None:
            window.session.discard()
        window.workspace.close()


@pytest.mark.parametrize(("width", "height", "browser", "inspector"),
                         [(1280, 800, 260, 360), (1920, 1200, 280, 400)])
def test_default_dock_sizes(shown_at, width: int, height: int, browser: int,
                            inspector: int) -> None:
    window = shown_at(width, height)
    assert window.width() == width  # nothing forces the window wider than the screen
    assert abs(window.browser_dock.width() - browser) <= 12
    assert abs(window.inspector_dock.width() - inspector) <= 12
    assert 190 <= window.problems_dock.height() <= 300  # the env editor shows its rows
    assert window.inspector_dock.height() > 2 * window.history_dock.height() - 40
    # the config form gets the room under the node's fields
    form = window.inspector.node_page.config_editor.form
    assert form is not None and form.isVisible()
    assert form.height() >= (160 if height <= 800 else 400)


def test_sizes_follow_the_window() -> None:
    small, large = default_dock_sizes(QSize(1280, 800)), default_dock_sizes(QSize(1920, 1200))
    assert (small.browser_width, small.inspector_width, small.problems_height) == (256, 358, 224)
    assert large.browser_width == 280 and large.inspector_width == 400
