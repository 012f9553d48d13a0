"""The diff drawn on the canvas: one scene for the union of two versions, items marked by status.

:class:`DiffScene` is a read-only :class:`CanvasScene`, so nodes, edges and
notes are painted by the canvas's own item classes. The diff is applied from
outside: each touched item gets a :class:`DiffMark` child that paints a halo and
a status chip over it (green added, red removed, amber changed, slate moved);
removed items are translucent "ghosts". A node or note that moved also gets a
ghost at its old position with a dashed arrow to the new one; "ignore layout"
hides those and the move marks.

The same class draws one side of a side-by-side view (``side="old"`` or
``"new"``): then only that version's items are shown, with their marks.
"""

from __future__ import annotations

import math
from typing import Literal

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
    QUndoStack,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from flowdesk.app.canvas.detail import FLAT_SCALE, text_visible
from flowdesk.app.canvas.edge_item import EdgeItem
from flowdesk.app.canvas.node_item import NodeItem, painter_scale
from flowdesk.app.canvas.note_item import NoteItem
from flowdesk.app.canvas.scene import CanvasScene
from flowdesk.app.diffview.status import (
    STATUS_COLOURS,
    STATUS_SIGNS,
    DiffStatus,
    ItemKey,
    item_statuses,
    moved_items,
)
from flowdesk.model.catalog import ActionCatalog, builtin_catalog
from flowdesk.model.diff import DocumentDiff, diff_documents, keyed
from flowdesk.model.document import Graph, VersionDocument
from flowdesk.model.editor.geometry import NOTE_SIZE
from flowdesk.model.editor.workflow_model import WorkflowModel

Side = Literal["overlay", "old", "new"]
GHOST_OPACITY = 0.42
MOVED_GHOST_OPACITY = 0.3
CHIP_PX = 12
CHIP_RADIUS = 10.0
#: zoomed out, a status chip grows to stay this many device pixels wide (its sign readable)
CHIP_MIN_SCREEN_RADIUS = 7.0
#: how far an enlarged chip may reach outside its item (the mark's bounds)
CHIP_REACH = 48.0
CHIP_FONT = QFont()
CHIP_FONT.setPixelSize(CHIP_PX)
CHIP_FONT.setWeight(QFont.Weight.Bold)
LEGEND_FONT = QFont()
LEGEND_FONT.setPixelSize(13)


def union_document(old: VersionDocument, new: VersionDocument) -> VersionDocument:
    """``new`` plus every node, edge and note that only ``old`` has (at their old places).

    Removed edges may point at removed nodes: those are in the union too, so
    every edge has both ends.
    """
    def removed(old_items: tuple, new_items: tuple) -> tuple:
        ids = {item.id for item in new_items}
        return tuple(item for item in old_items if item.id not in ids)

    og, ng = old.graph, new.graph
    old_notes, new_notes = og.notes or (), ng.notes or ()
    notes = new_notes + removed(old_notes, new_notes)
    graph = Graph(
        nodes=ng.nodes + removed(og.nodes, ng.nodes),
        edges=ng.edges + removed(og.edges, ng.edges),
        notes=notes if (ng.notes is not None or notes) else None,
        format_version=ng.format_version,
        extra=ng.extra,
    )
    return VersionDocument(graph=graph, parameter_schema=new.parameter_schema,
                           env_config=new.env_config, format_version=new.format_version,
                           extra=new.extra)


class DiffMark(QGraphicsItem):
    """Halo and status chip painted over one node, edge or note item (its parent)."""

    def __init__(self, parent: QGraphicsItem, status: DiffStatus) -> None:
        super().__init__(parent)
        self.status = status
        self.colour = QColor(STATUS_COLOURS.get(status, "#888888"))
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresParentOpacity)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        return self.parentItem().boundingRect().adjusted(-CHIP_REACH, -CHIP_REACH, 12, 12)

    def _outline(self) -> QPainterPath:  # in the parent's coordinates
        parent = self.parentItem()
        if isinstance(parent, EdgeItem):
            return parent.path()
        if isinstance(parent, NodeItem):
            return parent.shape()
        path = QPainterPath()
        w, h = NOTE_SIZE
        path.addRect(QRectF(0, 0, w, h))
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        scale = painter_scale(painter, option)
        flat = scale < FLAT_SCALE
        parent = self.parentItem()
        outline = self._outline()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        removed = self.status == "removed"
        if not flat:
            halo = QColor(self.colour)
            halo.setAlpha(70)
            stroker = QPainterPathStroker()
            stroker.setWidth(9 if isinstance(parent, EdgeItem) else 12)
            stroker.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            stroker.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.fillPath(stroker.createStroke(outline), halo)
        pen = QPen(self.colour, 0 if flat else 2.4)
        if removed:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(outline)
        if not flat and not isinstance(parent, EdgeItem):
            centre = QPointF(-2, -2)
            if isinstance(parent, NodeItem) and parent.node.type == "condition":
                w, h = parent.size
                centre = QPointF(w * 0.25, h * 0.25)  # on the diamond's upper-left side
            self._paint_chip(painter, centre, scale)

    def _paint_chip(self, painter: QPainter, centre: QPointF, scale: float) -> None:
        """The status sign in a circle; as big as it must be to read at this scale, so
        a fitted diff still says which boxes were added, removed or changed."""
        r = CHIP_RADIUS
        font = CHIP_FONT
        if not text_visible(scale, CHIP_PX):
            r = min(max(r, CHIP_MIN_SCREEN_RADIUS / scale), CHIP_REACH - 4)
            font = QFont(CHIP_FONT)
            font.setPixelSize(round(r * 1.2))
        painter.setPen(QPen(QColor("white"), 1.5))
        painter.setBrush(self.colour)
        painter.drawEllipse(centre, r, r)
        painter.setPen(QColor("white"))
        painter.setFont(font)
        painter.drawText(QRectF(centre.x() - r, centre.y() - r - 1, 2 * r, 2 * r),
                         Qt.AlignmentFlag.AlignCenter, STATUS_SIGNS.get(self.status, "?"))


class MoveLink(QGraphicsItem):
    """A dashed arrow from where an item was (its ghost) to where it is now."""

    def __init__(self, start: QRectF, end: QRectF) -> None:
        super().__init__()
        self.colour = QColor(STATUS_COLOURS["moved"])
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(1.5)
        a, b = start.center(), end.center()
        self.p1 = _border_point(start, b)
        self.p2 = _border_point(end, a)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        return QRectF(self.p1, self.p2).normalized().adjusted(-10, -10, 10, 10)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(self.colour, 1.8, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawLine(self.p1, self.p2)
        dx, dy = self.p2.x() - self.p1.x(), self.p2.y() - self.p1.y()
        length = math.hypot(dx, dy)
        if length < 1:
            return
        ux, uy = dx / length, dy / length
        size = 9.0
        tip = self.p2
        left = QPointF(tip.x() - ux * size - uy * size / 2, tip.y() - uy * size + ux * size / 2)
        right = QPointF(tip.x() - ux * size + uy * size / 2, tip.y() - uy * size - ux * size / 2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.colour)
        painter.drawPolygon(QPolygonF([tip, left, right]))


def _border_point(rect: QRectF, toward: QPointF) -> QPointF:
    """Where the line from ``rect``'s centre to ``toward`` leaves the rectangle."""
    c = rect.center()
    dx, dy = toward.x() - c.x(), toward.y() - c.y()
    if dx == 0 and dy == 0:
        return c
    tx = (rect.width() / 2) / abs(dx) if dx else math.inf
    ty = (rect.height() / 2) / abs(dy) if dy else math.inf
    t = min(tx, ty, 1.0)
    return QPointF(c.x() + dx * t, c.y() + dy * t)


class LegendItem(QGraphicsItem):
    """"● added ● removed ● changed ● moved" above the picture (exports and screenshots)."""

    ENTRIES = (("added", "added"), ("removed", "removed"), ("changed", "changed"),
               ("moved", "moved (layout)"))

    def __init__(self, text_colour: QColor, show_moved: bool = True) -> None:
        super().__init__()
        self.text_colour = text_colour
        self.entries = [e for e in self.ENTRIES if show_moved or e[0] != "moved"]
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(5)

    def _widths(self) -> list[float]:
        fm = QFontMetricsF(LEGEND_FONT)
        return [24 + fm.horizontalAdvance(label) + 22 for _status, label in self.entries]

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        return QRectF(0, 0, sum(self._widths()), 26)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(LEGEND_FONT)
        x = 0.0
        for (status, label), width in zip(self.entries, self._widths(), strict=True):
            colour = QColor(STATUS_COLOURS[status])
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawEllipse(QPointF(x + 9, 13), 8, 8)
            painter.setPen(QColor("white"))
            painter.drawText(QRectF(x + 1, 4, 16, 18), Qt.AlignmentFlag.AlignCenter,
                             STATUS_SIGNS[status])
            painter.setPen(self.text_colour)
            painter.drawText(QRectF(x + 24, 0, width - 24, 26), Qt.AlignmentFlag.AlignVCenter,
                             label)
            x += width


class OverviewMarks(QGraphicsItem):
    """Far away the canvas shows one flat picture and hides the items (and so their marks);
    this draws each marked item as a box or line in its status colour on top of it."""

    def __init__(self, scene: DiffScene) -> None:
        super().__init__()
        self._scene = scene
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(10)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        return self._scene.content_rect()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        for mark in self._scene.marks.values():
            item = mark.parentItem()
            if not mark.isVisibleTo(item):  # its layer is hidden now; was the mark hidden?
                continue
            colour = QColor(mark.colour)
            if isinstance(item, EdgeItem):
                pen = QPen(colour, 2)
                pen.setCosmetic(True)
                painter.setPen(pen)
                painter.drawLine(item.source.output_pos(), item.target.input_pos())
            else:
                rect = _body_rect(item)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.fillRect(rect.adjusted(-20, -20, 20, 20), colour)


class DiffScene(CanvasScene):
    """A read-only canvas of two versions with every difference marked.

    ``side="overlay"`` shows the union of both versions; ``"old"``/``"new"``
    show one version with the marks that concern it (for side by side).
    """

    def __init__(self, old: VersionDocument, new: VersionDocument,
                 catalog: ActionCatalog | None = None, *, side: Side = "overlay",
                 diff: DocumentDiff | None = None, ignore_layout: bool = False,
                 parent: object = None) -> None:
        catalog = catalog if catalog is not None else builtin_catalog()
        self.old_document = old
        self.new_document = new
        self.side = side
        self.diff = diff if diff is not None else diff_documents(old, new)
        document = {"overlay": union_document, "old": lambda o, n: o,
                    "new": lambda o, n: n}[side](old, new)
        model = WorkflowModel(document, catalog)
        model.read_only = True
        super().__init__(model, catalog, QUndoStack(), parent)
        self.refresh_read_only()
        self.statuses: dict[ItemKey, DiffStatus] = item_statuses(self.diff)
        self.marks: dict[ItemKey, DiffMark] = {}
        self.ghosts: dict[ItemKey, QGraphicsItem] = {}
        self.links: dict[ItemKey, MoveLink] = {}
        self.legend: LegendItem | None = None
        self._ignore_layout = False
        self._mark_items()
        if side == "overlay":
            self._add_move_ghosts()
        self.overview_marks = OverviewMarks(self)
        self.overview_marks.setVisible(self.overview_mode)
        self.addItem(self.overview_marks)
        self.set_ignore_layout(ignore_layout)

    # ------------------------------------------------------------ building

    def _mark_items(self) -> None:
        for (kind, item_id), status in self.statuses.items():
            item = self.item_for(kind, item_id)  # type: ignore[arg-type]
            if item is None:
                continue
            self.marks[(kind, item_id)] = DiffMark(item, status)
            if status == "removed" and self.side == "overlay":
                item.setOpacity(GHOST_OPACITY)

    def _add_move_ghosts(self) -> None:
        """A translucent copy of each moved node/note at its old place, with an arrow."""
        old_nodes = {k: v[1] for k, v in keyed(self.old_document.graph.nodes).items()}
        old_notes = {k: v[1] for k, v in keyed(self.old_document.graph.notes or ()).items()}
        for kind, item_id in sorted(moved_items(self.diff)):
            current = self.item_for(kind, item_id)  # type: ignore[arg-type]
            if current is None:
                continue
            layer = current.parentItem()
            if kind == "node" and item_id in old_nodes and old_nodes[item_id].position:
                ghost: QGraphicsItem = NodeItem(old_nodes[item_id], self.colours, self.catalog)
            elif kind == "note" and item_id in old_notes and old_notes[item_id].position:
                ghost = NoteItem(old_notes[item_id], self.colours)
            else:
                continue
            ghost.setFlags(QGraphicsItem.GraphicsItemFlag(0))
            ghost.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            ghost.setOpacity(MOVED_GHOST_OPACITY)
            ghost.setZValue(0.5)
            ghost.setParentItem(layer)
            link = MoveLink(_body_rect(ghost), _body_rect(current))
            link.setParentItem(layer)
            self.ghosts[(kind, item_id)] = ghost
            self.links[(kind, item_id)] = link

    def set_overview(self, on: bool) -> None:
        super().set_overview(on)
        overview_marks = getattr(self, "overview_marks", None)
        if overview_marks is not None:  # None while the base class builds the scene
            overview_marks.setVisible(on)

    # -------------------------------------------------------------- queries

    def status_of(self, kind: str, item_id: str) -> DiffStatus:
        """The item's status as drawn now ("moved" reads "unchanged" when layout is ignored)."""
        status = self.statuses.get((kind, item_id), "unchanged")
        if status == "moved" and self._ignore_layout:
            return "unchanged"
        return status

    def items_with_status(self, status: DiffStatus) -> list[ItemKey]:
        return sorted(k for k in self.statuses if self.status_of(*k) == status)

    def item_rect(self, kind: str, item_id: str) -> QRectF | None:
        """Scene rectangle of the item and its ghost (what "focus on this change" shows)."""
        item = self.item_for(kind, item_id)  # type: ignore[arg-type]
        if item is None:
            return None
        rect = item.sceneBoundingRect()
        ghost = self.ghosts.get((kind, item_id))
        if ghost is not None and ghost.isVisible():
            rect = rect.united(ghost.sceneBoundingRect())
        return rect

    @property
    def ignore_layout(self) -> bool:
        return self._ignore_layout

    def set_ignore_layout(self, ignore: bool) -> None:
        """Hides (or shows) move ghosts, their arrows and the marks of moved-only items."""
        self._ignore_layout = ignore
        for key in self.ghosts:
            self.ghosts[key].setVisible(not ignore)
            self.links[key].setVisible(not ignore)
        for key, mark in self.marks.items():
            if self.statuses[key] == "moved":
                mark.setVisible(not ignore)
        if self.legend is not None:
            self.legend.prepareGeometryChange()
            self.legend.entries = [e for e in LegendItem.ENTRIES
                                   if not ignore or e[0] != "moved"]
            self.legend.update()

    def mark_conflicts(self, keys: list[ItemKey]) -> None:
        """Marks items that still hold an open merge conflict (over any diff mark)."""
        for key, mark in list(self.marks.items()):
            if mark.status == "conflict":
                mark.setParentItem(None)
                self.removeItem(mark)
                del self.marks[key]
                if key in self.statuses:
                    self._mark_items_of(key)
        for kind, item_id in keys:
            item = self.item_for(kind, item_id)  # type: ignore[arg-type]
            if item is None:
                continue
            old = self.marks.pop((kind, item_id), None)
            if old is not None:
                old.setParentItem(None)
                self.removeItem(old)
            self.marks[(kind, item_id)] = DiffMark(item, "conflict")

    def _mark_items_of(self, key: ItemKey) -> None:
        item = self.item_for(*key)  # type: ignore[arg-type]
        if item is not None:
            self.marks[key] = DiffMark(item, self.statuses[key])

    def content_rect(self) -> QRectF:
        rect = super().content_rect()
        for ghost in self.ghosts.values():
            if ghost.isVisible():
                rect = rect.united(ghost.sceneBoundingRect())
        if self.legend is not None:
            rect = rect.united(self.legend.sceneBoundingRect())
        return rect

    def add_legend(self) -> LegendItem:
        """Puts a colour legend above the top-left corner of the drawing (for exports)."""
        if self.legend is None:
            top_left = self.content_rect().topLeft()
            self.legend = LegendItem(self.colours.text, show_moved=not self._ignore_layout)
            self.legend.setPos(top_left.x(), top_left.y() - 44)
            self.addItem(self.legend)
        return self.legend


def _body_rect(item: QGraphicsItem) -> QRectF:
    """The drawn body of a node or note in scene coordinates (without the hit margin)."""
    if isinstance(item, NodeItem):
        w, h = item.size
    else:
        w, h = NOTE_SIZE
    return QRectF(item.scenePos().x(), item.scenePos().y(), w, h)
