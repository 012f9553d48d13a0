"""The far-away picture of the whole graph, drawn as ONE item.

Below a zoom where nodes are a few pixels wide, painting thousands of items
one by one costs a Python call each, every frame. Instead the scene hides its
item layer and shows this item: a QPicture holding every node as a filled box
and every edge as a hairline, batched by colour. Playing it back is a handful
of C++ calls per frame whatever the graph size. The picture is rebuilt only
after the model changed, at the next paint that needs it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPicture
from PySide6.QtWidgets import QGraphicsRectItem, QStyleOptionGraphicsItem, QWidget

from flowdesk.app.canvas.theme import ACCENTS, CONDITION_COLOURS, SEVERITY_COLOURS
from flowdesk.model.editor.geometry import NOTE_SIZE

if TYPE_CHECKING:
    from flowdesk.app.canvas.scene import CanvasScene


class OverviewItem(QGraphicsRectItem):
    def __init__(self, scene: CanvasScene) -> None:
        super().__init__()
        self._scene = scene
        self._picture: QPicture | None = None
        self.setPen(Qt.PenStyle.NoPen)
        self.setZValue(-1)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def mark_dirty(self) -> None:
        """The model changed: rebuild at the next paint (cheap to call on every edit)."""
        self._picture = None
        if self.isVisible():
            self.setRect(self._scene.content_rect())
            self.update()

    def refresh(self) -> None:
        self._picture = None
        self.setRect(self._scene.content_rect())
        self.update()

    def _build(self) -> QPicture:
        scene = self._scene
        colours = scene.colours
        boxes: dict[str, list[QRectF]] = defaultdict(list)
        accents = {t: colours.accent(t).name() for t in ACCENTS}
        fallback = accents["action"]
        for item in scene.node_items.values():
            w, h = item.size
            x, y = item.input_xy()
            colour = (SEVERITY_COLOURS["error"] if item.has_error
                      else accents.get(item.node.type, fallback))
            boxes[colour].append(QRectF(x, y - h / 2, w, h))
        nw, nh = NOTE_SIZE
        for note in scene.note_items.values():
            p = note.pos()
            boxes[colours.note_fill.name()].append(QRectF(p.x(), p.y(), nw, nh))
        lines: dict[str, list[QLineF]] = defaultdict(list)
        kinds = {k: colours.condition(k).name() for k in CONDITION_COLOURS}
        for edge in scene.edge_items.values():
            sx, sy = edge.source.output_xy()
            tx, ty = edge.target.input_xy()
            lines[kinds.get(edge.edge.kind, fallback)].append(QLineF(sx, sy, tx, ty))
        picture = QPicture()
        painter = QPainter(picture)
        for colour, group in lines.items():
            painter.setPen(QPen(QColor(colour), 0))
            painter.drawLines(group)
        painter.setPen(Qt.PenStyle.NoPen)
        for colour, group in boxes.items():
            painter.setBrush(QColor(colour))
            painter.drawRects(group)
        painter.end()
        return picture

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if self._picture is None:
            self._picture = self._build()
        painter.drawPicture(0, 0, self._picture)
