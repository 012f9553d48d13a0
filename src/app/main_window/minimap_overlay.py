"""The overview minimap floating in the bottom-right corner of the canvas.

A child of the view (not of its viewport: scrolling moves a viewport's
children), kept in its corner on every resize. Whether it shows is the View
menu's "Minimap" toggle, remembered in the settings.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtWidgets import QGraphicsOpacityEffect

from flowdesk.app.canvas.minimap import Minimap
from flowdesk.app.canvas.view import CanvasView

SETTING = "view/minimap"
MARGIN = 12
SIZE = (220, 140)


def minimap_enabled(settings: QSettings) -> bool:
    """On unless the user turned it off (QSettings may hand back the string "false")."""
    value = settings.value(SETTING, True)
    return value if isinstance(value, bool) else str(value).lower() not in ("false", "0")


class MinimapOverlay(QObject):
    """Places a :class:`Minimap` over ``view``'s bottom-right corner."""

    def __init__(self, view: CanvasView, visible: bool = True) -> None:
        super().__init__(view)
        self.view = view
        self.minimap = Minimap(view, view)
        self.minimap.setObjectName("canvasMinimap")
        self.minimap.resize(*SIZE)
        self.minimap.setToolTip("Overview: click or drag to move the view")
        effect = QGraphicsOpacityEffect(self.minimap)
        effect.setOpacity(0.92)
        self.minimap.setGraphicsEffect(effect)
        # The viewport's own resize comes after the view laid it out (scroll bars too).
        view.viewport().installEventFilter(self)
        self.set_visible(visible)

    def set_visible(self, visible: bool) -> None:
        self.minimap.setVisible(visible)
        if visible:
            self.place()
            self.minimap.rebuild()

    def place(self) -> None:
        """Bottom-right of the visible canvas, clear of the scroll bars; smaller on a small canvas."""
        area = self.view.viewport().geometry()
        minimum = self.minimap.minimumSize()
        width = max(minimum.width(), min(SIZE[0], int(area.width() * 0.3)))
        height = max(minimum.height(), min(SIZE[1], int(area.height() * 0.3)))
        if (width, height) != (self.minimap.width(), self.minimap.height()):
            self.minimap.resize(width, height)  # the minimap redraws itself on resize
        self.minimap.move(area.right() - self.minimap.width() - MARGIN + 1,
                          area.bottom() - self.minimap.height() - MARGIN + 1)
        self.minimap.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.place()
        return False
