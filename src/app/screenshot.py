"""Regenerate ``docs/main-window.png``: the window on a fresh workspace, branching example open.

``python -m flowdesk.app.screenshot docs/main-window.png`` (under Xvfb or with
``QT_QPA_PLATFORM=offscreen``). It uses a throw-away workspace and settings
file, never the user's.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from .application import build_window, create_application
from .settings import THEMES, AppSettings


def _settle(app: QApplication, ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def take(out: Path, width: int = 1720, height: int = 1000, select: str = "fetch_order",
         theme: str = "light") -> Path:
    app = create_application()
    with tempfile.TemporaryDirectory() as tmp:
        settings = AppSettings(QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat))
        settings.set_theme(theme)
        window = build_window(Path(tmp) / "workspace.sqlite", settings)
        window.resize(width, height)
        window.show()
        _settle(app, 300)
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
    args = parser.parse_args(argv)
    print(take(args.out, args.width, args.height, theme=args.theme))
    return 0


if __name__ == "__main__":
    sys.exit(main())
