"""Regenerate ``docs/main-window.png``: the window on a fresh workspace, branching example open.

``python -m flowdesk.app.screenshot docs/main-window.png`` (under Xvfb or with
``QT_QPA_PLATFORM=offscreen``); ``--parameters`` shows the Parameters dock
raised, with a dry run's path lit on the canvas (``docs/main-window-parameters.png``).
It uses a throw-away workspace and settings file, never the user's.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication

from .application import build_window, create_application
from .main_window import MainWindow
from .settings import THEMES, AppSettings


def _settle(app: QApplication, ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def _show_parameters(window: MainWindow, app: QApplication) -> None:
    """Parameters dock raised and tall enough to read, a dry run's path on the canvas."""
    editor = window.definition.parameter_editor
    if editor is None:
        return
    window.parameters_dock.show()
    window.parameters_dock.raise_()
    window.resizeDocks([window.parameters_dock], [400], Qt.Orientation.Vertical)
    _settle(app, 200)
    editor.parameter_list.select("", "orderId")
    if editor.run_form.form is None:
        editor.run_form.set_schema(editor.schema)
    if editor.run_form.form is not None:
        editor.run_form.form.set_value({"orderId": "A-1042", "approvalThreshold": 1000})
    editor.dry_run()


def take(out: Path, width: int = 1720, height: int = 1000, select: str = "fetch_order",
         theme: str = "light", parameters: bool = False) -> Path:
    app = create_application()
    with tempfile.TemporaryDirectory() as tmp:
        settings = AppSettings(QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat))
        settings.set_theme(theme)
        window = build_window(Path(tmp) / "workspace.sqlite", settings)
        window.resize(width, height)
        window.show()
        _settle(app, 300)
        if parameters:
            _show_parameters(window, app)
        if window.scene is not None and window.view is not None:
            window.scene.select_item("node", select)
            window.view.fit_all()
        window.statusBar().clearMessage()  # the temporary workspace path means nothing to a reader
        _settle(app, 300)
        out.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(out)):
            raise OSError(f"cannot write {out}")
        window.close()
        window.workspace.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path, nargs="?", default=Path("docs/main-window.png"))
    parser.add_argument("--width", type=int, default=1720)
    parser.add_argument("--height", type=int, default=1000)
    parser.add_argument("--theme", choices=THEMES, default="light")
    parser.add_argument("--parameters", action="store_true",
                        help="raise the Parameters dock and show a dry run's path")
    args = parser.parse_args(argv)
    print(take(args.out, args.width, args.height, theme=args.theme, parameters=args.parameters))
    return 0


if __name__ == "__main__":
    sys.exit(main())
