"""Starting the desktop app: the QApplication, its identity, the workspace and the window.

Kept apart from the CLI so that ``flowdesk validate`` and friends never load Qt
widgets, and apart from the window so tests can build windows on their own
workspace and settings.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Sequence
from importlib import resources

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from flowdesk import __version__
from flowdesk.model.errors import FlowdeskError

from .main_window import MainWindow
from .main_window.theme import apply_theme
from .session import Workspace, default_workspace_path
from .session.run_marker import RunMarker
from .settings import APPLICATION, ORGANIZATION, AppSettings


def app_icon() -> QIcon:
    """The icon shipped in ``flowdesk.resources`` (works from a wheel and a checkout)."""
    with resources.as_file(resources.files("flowdesk.resources") / "icons" / "flowdesk.svg") as p:
        return QIcon(str(p))


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    """The one QApplication, named so QSettings and the desktop find it."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QApplication.setOrganizationName(ORGANIZATION)
    QApplication.setApplicationName(APPLICATION)
    QApplication.setApplicationDisplayName("Flowdesk")
    QApplication.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName("flowdesk")
    app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    app.setStyle("Fusion")
    app.setWindowIcon(app_icon())
    return app


def build_window(workspace_path: str | os.PathLike[str] | None,
                 settings: AppSettings | None = None) -> MainWindow:
    """Open (migrate, seed on first run) the workspace and build its window."""
    location = workspace_path if workspace_path is not None else default_workspace_path()
    workspace = Workspace.open(os.fspath(location))
    settings = settings or AppSettings()
    apply_theme(settings.theme())
    window = MainWindow(workspace, settings)
    window.setWindowIcon(app_icon())
    window.restore_last_workflow()
    window.run_marker = RunMarker.for_workspace(workspace.location)
    crashed = window.run_marker.claim()
    if crashed is not None:
        window.show_notice(crashed.describe())
    elif workspace.first_run:
        window.show_notice(FIRST_RUN_NOTICE, [("New workflow…", window.browser.create_workflow)])
    return window


#: What a newcomer sees above the example the first start opens.
FIRST_RUN_NOTICE = (
    "<b>Welcome to Flowdesk.</b> This is an example workflow: click a step to edit it in "
    "the Inspector, drag actions from the palette onto the canvas (or press Tab), and "
    "connect steps by dragging from the port on a step's right side. Your edits are saved as you go; "
    "Publish (Ctrl+Shift+P) makes them a version the platform runs.")


def install_quit_handlers(app: QApplication, window: MainWindow) -> None:
    """Ctrl+C, SIGTERM and a desktop logout close the window the normal way.

    That way pending edits are flushed (and a failed save asks) instead of the
    process dying mid-autosave. The idle timer lets Python run signal handlers
    while Qt's event loop has control.
    """

    def close(*_args: object) -> None:
        window.close()

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, close)
    heartbeat = QTimer(app)
    heartbeat.setInterval(200)
    heartbeat.timeout.connect(lambda: None)
    heartbeat.start()
    app.commitDataRequest.connect(lambda _manager: window.session and window.session.flush())


def run(workspace_path: str | None = None, argv: Sequence[str] | None = None) -> int:
    app = create_application(argv)
    try:
        window = build_window(workspace_path)
    except FlowdeskError as exc:
        print(f"flowdesk: cannot open the workspace: {exc}", file=sys.stderr)
        return 1
    install_quit_handlers(app, window)
    window.show()
    status = app.exec()
    window.workspace.close()
    return status
