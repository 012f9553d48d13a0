"""Shared steps for window tests against a real PostgreSQL remote."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from flowdesk.app.main_window import MainWindow
from flowdesk.app.settings import AppSettings
from flowdesk.app.sync.profiles import ProfileStore
from flowdesk.storage.sync.remote import RemoteProfile


def synced_window(make_window: Callable[[Path], MainWindow], workspace_path: Path,
                  app_settings: AppSettings, remote_url: str) -> MainWindow:
    """A window whose settings hold one remote profile, "shared", for ``remote_url``."""
    ProfileStore(app_settings.qsettings).set_profiles([RemoteProfile(remote_url, name="shared")])
    return make_window(workspace_path)


def pull(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Remote › Pull, waiting for the background job to finish."""
    controller = window.remote.controller
    # a job that just reported its result may not have ended yet: Pull is disabled until it has
    qtbot.waitUntil(lambda: not controller.busy, timeout=30_000)
    with qtbot.waitSignal(controller.pulled, timeout=30_000):
        controller.pull_action.trigger()
    qtbot.waitUntil(lambda: not controller.busy)
