"""Mouse interactions, one class each, driven by the scene (or the view for panning).

The scene hands press/move/release to the active interaction; an interaction
never edits the model directly, it builds an undo command and pushes it through
the scene when the gesture ends, so a whole drag is one undo entry.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainterPath, QPen, QTransform, QUndoCommand
from PySide6.QtWidgets import (
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsSceneMouseEvent,
    QGraphicsSimpleTextItem,
    QGraphicsView,
)

from flowdesk.app.canvas.edge_item import curve
from flowdesk.app.canvas.node_item import NodeItem
from flowdesk.app.canvas.note_item import NoteItem
from flowdesk.app.commands import Connect, MoveNodes, SpliceNodeIntoEdge
from flowdesk.model.document import Edge, EdgeCondition, Expression, Position
from flowdesk.model.editor.edits import splice_refusal
from flowdesk.model.editor.geometry import snap
from flowdesk.model.editor.workflow_model import WorkflowModel

if TYPE_CHECKING:
    from flowdesk.app.canvas.scene import CanvasScene


class Interaction:
    """Base: a gesture that lasts from a press to a release."""

    def __init__(self, scene: CanvasScene) -> None:
        self.scene = scene

    def move(self, event: QGraphicsSceneMouseEvent) -> None:
        pass

    def release(self, event: QGraphicsSceneMouseEvent) -> None:
        pass

    def cancel(self) -> None:
        pass


def default_condition(model: WorkflowModel, source: str) -> EdgeCondition | None:
    """What a new edge from ``source`` starts with: ``always``, except from a condition
    node, whose first branch gets the expression ``true`` and the next ``otherwise``
    (the author then edits the expression in the inspector)."""
    if model.node(source).type != "condition":
        return None
    taken = [e.condition for e in model.outgoing(source)]
    if Expression("true") in taken and "otherwise" not in taken:
        return "otherwise"
    return Expression("true")


class NewEdgeInteraction(Interaction):
    """Drag from an output port to a node; a refusal's reason follows the cursor."""

    def __init__(self, scene: CanvasScene, source: NodeItem) -> None:
        super().__init__(scene)
        self.source = source
        self.reason: str | None = None
        self.target: NodeItem | None = None
        colours = scene.colours
        self._line = QGraphicsPathItem()
        self._line.setPen(QPen(colours.selection, 2, Qt.PenStyle.DashLine))
        self._line.setZValue(10)
        scene.addItem(self._line)
        self._tip = QGraphicsSimpleTextItem()
        font = QFont()
        font.setPixelSize(12)
        self._tip.setFont(font)
        self._tip.setBrush(QBrush(QColor("#d93025")))
        self._tip.setZValue(11)
        self._tip.hide()
        scene.addItem(self._tip)

    def move(self, event: QGraphicsSceneMouseEvent) -> None:
        self.update_at(event.scenePos())

    def update_at(self, pos: QPointF) -> None:
        start = self.source.output_pos()
        self.target = self.scene.node_item_at(pos)
        end = self.target.input_pos() if self.target is not None else pos
        self._line.setPath(curve(start, end) if end.x() > start.x() else self._straight(start, end))
        self.reason = None
        if self.target is not None:
            src, tgt = self.source.node_id, self.target.node_id
            self.reason = self.scene.model.connection_refusal(
                src, tgt, default_condition(self.scene.model, src)
            )
        if self.reason:
            self._tip.setBrush(QBrush(QColor("#d93025")))
            self._tip.setText(self.reason)
        elif self.target is not None:
            self._tip.setBrush(QBrush(QColor("#2e9d5b")))
            self._tip.setText(f"connect to {self.target.node.title!r}")
        self._tip.setPos(pos + QPointF(14, 10))
        self._tip.setVisible(self.target is not None)

    @staticmethod
    def _straight(a: QPointF, b: QPointF) -> QPainterPath:
        path = QPainterPath(a)
        path.lineTo(b)
        return path

    def release(self, event: QGraphicsSceneMouseEvent) -> None:
        self.finish_at(event.scenePos())

    def finish_at(self, pos: QPointF) -> str | None:
        """Connects to the node under ``pos``; returns the refusal reason, if any."""
        self.update_at(pos)
        target, reason = self.target, self.reason
        self.cancel()
        if target is None:  # dropped in free space: offer to add a step there
            self.scene.edge_dropped.emit(self.source.node_id, pos)
            return None
        if reason:
            self.scene.edit_refused.emit(reason)
            return reason
        model = self.scene.model
        src, tgt = self.source.node_id, target.node_id
        edge = Edge(model.new_edge_id(), src, tgt, default_condition(model, src))
        self.scene.push(Connect(model, edge))
        return None

    def cancel(self) -> None:
        for item in (self._line, self._tip):
            if item.scene() is not None:
                self.scene.removeItem(item)


class MoveInteraction(Interaction):
    """Items follow the mouse (Qt moves them); on release ONE MoveNodes is pushed."""

    def __init__(self, scene: CanvasScene) -> None:
        super().__init__(scene)
        self.start = {
            item: item.pos() for item in scene.selectedItems() if isinstance(item, NodeItem | NoteItem)
        }

    def move(self, event: QGraphicsSceneMouseEvent) -> None:
        """Qt moved the items; their edges follow (only those of the moving items)."""
        for item in self.start:
            if isinstance(item, NodeItem):
                item.moved()

    def release(self, event: QGraphicsSceneMouseEvent) -> None:
        self.finish()

    def finish(self) -> bool:
        nodes: dict[str, Position] = {}
        notes: dict[str, Position] = {}
        grid = self.scene.snap_to_grid
        for item, before in self.start.items():
            now = item.pos()
            if now == before:
                continue
            x, y = (snap(now.x()), snap(now.y())) if grid else (now.x(), now.y())
            if isinstance(item, NodeItem):
                nodes[item.node_id] = Position(x, y)
            else:
                notes[item.note_id] = Position(x, y)
        if not nodes and not notes:
            return False
        splice = self._splice(nodes, notes)
        if splice is not None:
            pushed = self.scene.push(splice)
        else:
            count = len(nodes) + len(notes)
            text = "Move" if count == 1 else f"Move {count} items"
            pushed = self.scene.push(MoveNodes(self.scene.model, nodes, notes, text=text))
        if not pushed:  # refused: the items go back where the model says they are
            for item, before in self.start.items():
                item.setPos(before.x(), before.y())
        return pushed

    def _splice(self, nodes: dict[str, Position], notes: dict[str, Position]) -> QUndoCommand | None:
        """One unconnected node dropped on an edge is inserted into it."""
        if len(nodes) != 1 or notes:
            return None
        [(node_id, pos)] = nodes.items()
        model = self.scene.model
        if model.edges_of(node_id) or model.node(node_id).type in ("start", "end"):
            return None
        item = self.scene.node_items[node_id]
        edge = self.scene.edge_item_at(item.sceneBoundingRect().center())
        if edge is None or splice_refusal(model, node_id, edge.edge_id) is not None:
            return None
        return SpliceNodeIntoEdge(model, node_id, edge.edge_id, pos)


class RubberBandInteraction(Interaction):
    """Drag on empty canvas selects what the rectangle touches (Ctrl adds)."""

    def __init__(self, scene: CanvasScene, origin: QPointF, additive: bool) -> None:
        super().__init__(scene)
        self.origin = origin
        self.additive = additive
        self.before = list(scene.selectedItems()) if additive else []
        self._rect = QGraphicsRectItem()
        colour = QColor(scene.colours.selection)
        self._rect.setPen(QPen(colour, 0))
        colour.setAlpha(40)
        self._rect.setBrush(colour)
        self._rect.setZValue(12)
        scene.addItem(self._rect)

    def move(self, event: QGraphicsSceneMouseEvent) -> None:
        self.update_to(event.scenePos())

    def update_to(self, pos: QPointF) -> None:
        rect = QRectF(self.origin, pos).normalized()
        self._rect.setRect(rect)
        path = QPainterPath()
        path.addRect(rect)
        views = self.scene.views()
        self.scene.setSelectionArea(
            path, Qt.ItemSelectionOperation.ReplaceSelection,
            Qt.ItemSelectionMode.IntersectsItemShape,
            views[0].viewportTransform() if views else QTransform(),
        )
        for item in self.before:
            item.setSelected(True)

    def release(self, event: QGraphicsSceneMouseEvent) -> None:
        self.update_to(event.scenePos())
        self.cancel()

    def cancel(self) -> None:
        if self._rect.scene() is not None:
            self.scene.removeItem(self._rect)


class PanInteraction:
    """Middle-drag or space+drag scrolls the view (a view gesture, not a scene one)."""

    def __init__(self, view: QGraphicsView, origin: QPointF) -> None:
        self.view = view
        self.last = origin

    def move(self, pos: QPointF) -> None:
        delta = pos - self.last
        self.last = pos
        h = self.view.horizontalScrollBar()
        v = self.view.verticalScrollBar()
        h.setValue(h.value() - round(delta.x()))
        v.setValue(v.value() - round(delta.y()))
