"""A sticky note on the canvas: yellow paper with wrapped text, movable, never executed.

Zoomed out, its text is drawn in a bigger font (as node names are, see
:mod:`flowdesk.app.canvas.detail`) and clipped to the paper.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from flowdesk.app.canvas.detail import Detail, detail_for, label_pixel_size
from flowdesk.app.canvas.node_item import label_font, label_metrics, painter_scale
from flowdesk.app.canvas.theme import CanvasColours
from flowdesk.model.document import Note
from flowdesk.model.editor.geometry import NOTE_SIZE

NOTE_PX = 12
NOTE_FONT = QFont()
NOTE_FONT.setPixelSize(NOTE_PX)
PAD_X, PAD_Y = 10.0, 8.0
#: The paper shows a few hundred characters; Qt lays out (and keeps) all the text it
#: is given, so a 50 MB note would cost minutes and gigabytes. Only this much is drawn.
DRAWN_TEXT_LIMIT = 2000


def drawn_text(text: str) -> str:
    """The part of a note's text worth laying out: what can show on the paper, or in a tooltip."""
    return text if len(text) <= DRAWN_TEXT_LIMIT else text[:DRAWN_TEXT_LIMIT] + "\u2026"


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
        self._drawn_text = drawn_text(note.text)
        if note.position is not None:
            self.setPos(note.position.x, note.position.y)
        self.update()

    def tooltip_text(self) -> str:
        return self._drawn_text

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
        scale = painter_scale(painter, option)
        rect = QRectF(0, 0, w, h)
        text_rect = rect.adjusted(PAD_X, PAD_Y, -PAD_X, -PAD_Y)
        detail = detail_for(scale, NOTE_PX, text_rect.height())
        if detail is Detail.FLAT:
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
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        if detail is Detail.TEXT:
            painter.setPen(c.note_text)
            painter.setFont(NOTE_FONT)
            painter.drawText(text_rect, flags, self._drawn_text)
        elif detail is Detail.LABEL:
            # a big font may run past the paper: cut it there (the view does not save
            # the painter's state between items, so the clip is undone by hand)
            px = round(label_pixel_size(scale, NOTE_PX, text_rect.height()))
            lines = max(1, math.floor(text_rect.height() / label_metrics(px).lineSpacing()))
            painter.save()
            painter.setClipRect(text_rect.adjusted(0, 0, 0, lines * label_metrics(px).lineSpacing()
                                                   - text_rect.height()))  # whole lines only
            painter.setPen(c.note_text)
            painter.setFont(label_font(px))
            painter.drawText(text_rect, flags, self._drawn_text)
            painter.restore()
