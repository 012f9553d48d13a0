"""Notice an attempt to drag an item of a read-only version.

Items of a published version cannot move, so a drag would silently do
nothing; this filter turns the attempt into the same offer as any other edit
("start a new draft from it?").
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QGraphicsView

DRAG_DISTANCE = 12.0


class ReadOnlyDragWatch(QObject):
    """Event filter on a canvas viewport; calls ``on_attempt`` once per drag."""

    def __init__(self, view: QGraphicsView, is_read_only: Callable[[], bool],
                 on_attempt: Callable[[], object]) -> None:
        super().__init__(view)
        self._view = view
        self._is_read_only = is_read_only
        self._on_attempt = on_attempt
        self._press: QPointF | None = None
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if not self._is_read_only() or not isinstance(event, QMouseEvent):
            return False
        if event.type() == QEvent.Type.MouseButtonPress:
            on_item = self._view.itemAt(event.position().toPoint()) is not None
            left = event.button() == Qt.MouseButton.LeftButton
            self._press = event.position() if left and on_item else None
        elif event.type() == QEvent.Type.MouseMove and self._press is not None:
            delta = event.position() - self._press
            if abs(delta.x()) + abs(delta.y()) >= DRAG_DISTANCE:
                self._press = None
                self._on_attempt()
        elif event.type() == QEvent.Type.MouseButtonRelease:
            self._press = None
        return False
