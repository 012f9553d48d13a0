"""Answering a real QMessageBox as a person would: wait until it is on screen, then act."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox


def when_a_box_shows(handle: Callable[[QMessageBox], None]) -> None:
    """Calls ``handle`` with the next visible message box (from inside its ``exec``)."""

    def look() -> None:
        boxes = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, QMessageBox) and w.isVisible()]
        if not boxes:
            QTimer.singleShot(20, look)
            return
        handle(boxes[0])

    QTimer.singleShot(0, look)
