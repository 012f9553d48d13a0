"""A sticky note on the canvas: yellow paper with wrapped text, movable, never executed."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from flowdesk.app.canvas.node_item import LOD_FLAT, LOD_TEXT
from flowdesk.app.canvas.theme import CanvasColours
from flowdesk.model.document import Note
from flowdesk.model.editor.geometry import NOTE_SIZE

NOTE_FONT = QFont()
NOTE_FONT.setPixelSize(12)


class NoteItem(QGraphicsItem):
    Type = QGraphicsItem.UserType + 3

    def __init__(self, note: Note, colours: CanvasColours) -> None:
        super().__init__()
        self.note_id = note.id
        self._colours = colours
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
        )
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setZValue(0)
        self.set_note(note)

    def type(self) -> int:  # noqa: A003 - Qt's name
        return self.Type

    def set_note(self, note: Note) -> None:
        self.note = note
        if note.position is not None:
            self.setPos(note.position.x, note.position.y)
        self.update()

    def tooltip_text(self) -> str:
        return self.note.text

    def set_colours(self, colours: CanvasColours) -> None:
        self._colours = colours
        self.update()

    def boundingRect(self) -> QRectF:
        w, h = NOTE_SIZE
        return QRectF(-2, -2, w + 6, h + 6)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        c = self._colours
        w, h = NOTE_SIZE
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        rect = QRectF(0, 0, w, h)
        if lod < LOD_FLAT:
            painter.fillRect(rect, c.note_fill)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        shadow = QRectF(3, 3, w, h)
        shade = QColor(c.note_border)
        shade.setAlpha(90)
        painter.fillRect(shadow, shade)
        painter.setBrush(c.note_fill)
        painter.setPen(QPen(c.selection if self.isSelected() else c.note_border, 2 if self.isSelected() else 1))
        painter.drawRect(rect)
        if lod >= LOD_TEXT:
            painter.setPen(c.note_text)
            painter.setFont(NOTE_FONT)
            painter.drawText(
                rect.adjusted(10, 8, -10, -8),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                self.note.text,
            )
