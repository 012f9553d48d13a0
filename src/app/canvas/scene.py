"""The canvas scene: mirrors a WorkflowModel as items, and turns gestures into commands.

It keeps ``node id -> item`` maps updated from model events (never the other
way round), hands mouse events to one interaction object at a time, and offers
the editing actions the window binds to menus and shortcuts. Each action
builds an undo command and pushes it on the undo stack.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QGuiApplication, QPalette, QTransform, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSceneHelpEvent,
    QGraphicsSceneMouseEvent,
    QToolTip,
)

from flowdesk.app.canvas.edge_item import EdgeItem
from flowdesk.app.canvas.interactions import (
    Interaction,
    MoveInteraction,
    NewEdgeInteraction,
    RubberBandInteraction,
    default_condition,
)
from flowdesk.app.canvas.node_item import NodeItem
from flowdesk.app.canvas.note_item import NoteItem
from flowdesk.app.canvas.overview import OverviewItem
from flowdesk.app.canvas.theme import CanvasColours, colours_from_palette
from flowdesk.app.commands import (
    AddFragment,
    AddNote,
    Align,
    AutoLayout,
    Distribute,
    Duplicate,
    InsertNodeOnEdge,
    ModelCommand,
    Paste,
    RemoveItems,
)
from flowdesk.model.catalog import ActionCatalog
from flowdesk.model.document import Edge, Node, Note, Position, VersionDocument
from flowdesk.model.editor.align import Alignment
from flowdesk.model.editor.clipboard import Fragment, copy_to_text, fragment_from_text
from flowdesk.model.editor.geometry import node_size, snap
from flowdesk.model.editor.layout import auto_layout
from flowdesk.model.editor.workflow_model import WorkflowModel
from flowdesk.model.errors import EditError
from flowdesk.model.gc_pause import gc_paused
from flowdesk.model.problems import Problem

ItemKind = Literal["node", "edge", "note"]
SCENE_MARGIN = 2000.0


class CanvasScene(QGraphicsScene):
    """Items for one WorkflowModel; editing goes through ``undo_stack``."""

    #: the set of selected nodes/edges/notes changed
    selection_changed = Signal()
    #: an edit was refused; the argument says why (read-only version, cycle, ...)
    edit_refused = Signal(str)
    #: a user asked to edit a note's text (double-click); the view opens an editor
    note_edit_requested = Signal(str)
    #: an edge drag from this node ended in free space (the view offers quick-add there)
    edge_dropped = Signal(str, QPointF)

    def __init__(self, model: WorkflowModel, catalog: ActionCatalog | None = None,
                 undo_stack: QUndoStack | None = None, parent: object = None) -> None:
        super().__init__(parent)
        self.model = model
        self.catalog = catalog if catalog is not None else model.catalog
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        self.snap_to_grid = True
        self.node_items: dict[str, NodeItem] = {}
        self.edge_items: dict[str, EdgeItem] = {}
        self.note_items: dict[str, NoteItem] = {}
        self._problems: list[Problem] = []
        self._interaction: Interaction | None = None
        self._bounds = QRectF()
        self._layer = self._new_layer()
        self._overview = OverviewItem(self)
        self._overview.hide()
        self.addItem(self._overview)
        self.overview_mode = False
        self.colours: CanvasColours = colours_from_palette(self._app_palette())
        self.selectionChanged.connect(self.selection_changed)
        model.node_added.connect(self._on_node_added)
        model.node_removed.connect(self._on_node_removed)
        model.node_changed.connect(self._on_node_changed)
        model.nodes_moved.connect(self._on_nodes_moved)
        model.edge_added.connect(self._on_edge_added)
        model.edge_removed.connect(self._on_edge_removed)
        model.edge_changed.connect(self._on_edge_changed)
        model.note_added.connect(self._on_note_added)
        model.note_removed.connect(self._on_note_removed)
        model.note_changed.connect(self._on_note_changed)
        model.document_reset.connect(self._on_reset)
        self._build(model.document)

    @staticmethod
    def _app_palette() -> QPalette:
        app = QApplication.instance()
        return app.palette() if isinstance(app, QGuiApplication) else QPalette()

    def detach(self) -> None:
        """Stops mirroring the model (before the scene is thrown away)."""
        m = self.model
        for signal, slot in (
            (m.node_added, self._on_node_added), (m.node_removed, self._on_node_removed),
            (m.node_changed, self._on_node_changed), (m.nodes_moved, self._on_nodes_moved),
            (m.edge_added, self._on_edge_added), (m.edge_removed, self._on_edge_removed),
            (m.edge_changed, self._on_edge_changed), (m.note_added, self._on_note_added),
            (m.note_removed, self._on_note_removed), (m.note_changed, self._on_note_changed),
            (m.document_reset, self._on_reset),
        ):
            signal.disconnect(slot)

    # ----------------------------------------------------------- mirroring

    def _new_layer(self) -> QGraphicsRectItem:
        """The parent of every node, edge and note item, so that the overview can hide
        them all at once (one call, not one per item)."""
        layer = QGraphicsRectItem()
        layer.setPen(Qt.PenStyle.NoPen)
        layer.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)
        self.addItem(layer)
        return layer

    def _add(self, item: QGraphicsItem) -> None:
        item.setParentItem(self._layer)
        self._overview.mark_dirty()

    def _remove(self, item: QGraphicsItem) -> None:
        self.removeItem(item)
        self._overview.mark_dirty()

    def set_overview(self, on: bool) -> None:
        """Far away, show the whole graph as one picture instead of thousands of items."""
        if on == self.overview_mode:
            return
        self.overview_mode = on
        if on:
            self._overview.refresh()
        self._overview.setVisible(on)
        self._layer.setVisible(not on)

    def _build(self, document: VersionDocument) -> None:
        with gc_paused():  # thousands of items at once; see flowdesk.model.gc_pause
            self._build_items(document)
        rect = self.itemsBoundingRect()
        self._bounds = rect
        self.setSceneRect(rect.adjusted(-SCENE_MARGIN, -SCENE_MARGIN, SCENE_MARGIN, SCENE_MARGIN))
        self._apply_problems()

    def _build_items(self, document: VersionDocument) -> None:
        graph = document.graph
        fallback = auto_layout(graph) if any(n.position is None for n in graph.nodes) else {}
        for node in graph.nodes:
            item = NodeItem(node, self.colours, self.catalog)
            if node.position is None and node.id in fallback:
                item.setPos(fallback[node.id].x, fallback[node.id].y)
            self.node_items[node.id] = item
            item.setParentItem(self._layer)
        for edge in graph.edges:
            self._add_edge_item(edge)
        for note in graph.notes or ():
            self._on_note_added(note)

    def _grow(self, item: QGraphicsItem) -> None:
        rect = item.sceneBoundingRect()
        if not self._bounds.contains(rect):
            self._bounds = self._bounds.united(rect)
            self.setSceneRect(
                self._bounds.adjusted(-SCENE_MARGIN, -SCENE_MARGIN, SCENE_MARGIN, SCENE_MARGIN)
            )

    def content_rect(self) -> QRectF:
        """The rectangle holding every node and note (what "fit" shows)."""
        return QRectF(self._bounds)

    def _on_reset(self, document: VersionDocument) -> None:
        self.cancel_interaction()
        for item in (*self.edge_items.values(), *self.node_items.values(), *self.note_items.values()):
            self.removeItem(item)
        self.node_items.clear()
        self.edge_items.clear()
        self.note_items.clear()
        self._build(document)
        self._overview.refresh()

    def _on_node_added(self, node: Node) -> None:
        item = NodeItem(node, self.colours, self.catalog)
        item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, not self.model.read_only)
        self.node_items[node.id] = item
        self._add(item)
        self._grow(item)
        self._apply_problems_to(item, "node", node.id)

    def _on_node_removed(self, node: Node) -> None:
        item = self.node_items.pop(node.id, None)
        if item is not None:
            for edge in list(item.edges):  # the model removed them first; be safe anyway
                self._on_edge_removed(edge.edge)
            self._remove(item)

    def _on_node_changed(self, old: Node, new: Node) -> None:
        item = self.node_items.get(new.id)
        if item is not None:
            item.set_node(new)
            self._overview.mark_dirty()

    def _on_nodes_moved(self, positions: dict[str, Position]) -> None:
        for node_id, pos in positions.items():
            item = self.node_items.get(node_id)
            if item is not None:
                item.set_node(self.model.node(node_id))
                item.setPos(pos.x, pos.y)
                self._grow(item)
        self._overview.mark_dirty()

    def _add_edge_item(self, edge: Edge) -> None:
        source = self.node_items.get(edge.source)
        target = self.node_items.get(edge.target)
        if source is None or target is None:
            return  # a dangling edge in a loaded document: validation reports it
        item = EdgeItem(edge, source, target, self.colours)
        self.edge_items[edge.id] = item
        self._add(item)

    def _on_edge_added(self, edge: Edge) -> None:
        self._add_edge_item(edge)
        item = self.edge_items.get(edge.id)
        if item is not None:
            self._apply_problems_to(item, "edge", edge.id)

    def _on_edge_removed(self, edge: Edge) -> None:
        item = self.edge_items.pop(edge.id, None)
        if item is not None:
            item.detach()
            self._remove(item)

    def _on_edge_changed(self, old: Edge, new: Edge) -> None:
        item = self.edge_items.get(new.id)
        if item is not None:
            item.set_edge(new)
            self._overview.mark_dirty()

    def _on_note_added(self, note: Note) -> None:
        item = NoteItem(note, self.colours)
        item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, not self.model.read_only)
        self.note_items[note.id] = item
        self._add(item)
        self._grow(item)

    def _on_note_removed(self, note: Note) -> None:
        item = self.note_items.pop(note.id, None)
        if item is not None:
            self._remove(item)

    def _on_note_changed(self, old: Note, new: Note) -> None:
        item = self.note_items.get(new.id)
        if item is not None:
            item.set_note(new)
            self._overview.mark_dirty()

    def refresh_read_only(self) -> None:
        """Call after changing ``model.read_only``: items stop (or start) being movable."""
        movable = not self.model.read_only
        for item in (*self.node_items.values(), *self.note_items.values()):
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, movable)

    def set_palette_colours(self, palette: QPalette) -> None:
        """Follows a theme change (light/dark)."""
        self.colours = colours_from_palette(palette)
        for item in (*self.node_items.values(), *self.edge_items.values(), *self.note_items.values()):
            item.set_colours(self.colours)
        self._overview.refresh()
        for view in self.views():
            view.resetCachedContent()  # the grid background is cached
        self.update()

    # ----------------------------------------------------------- problems

    def set_problems(self, problems: list[Problem]) -> None:
        """Shows problems as badges on the nodes and edges they concern."""
        self._problems = list(problems)
        self._apply_problems()

    def _apply_problems(self) -> None:
        self._overview.mark_dirty()
        by_node: dict[str, list[Problem]] = {}
        by_edge: dict[str, list[Problem]] = {}
        for p in self._problems:
            if p.location.node_id is not None:
                by_node.setdefault(p.location.node_id, []).append(p)
            elif p.location.edge_id is not None:
                by_edge.setdefault(p.location.edge_id, []).append(p)
        for node_id, item in self.node_items.items():
            wanted = by_node.get(node_id, [])
            if wanted or item.problems:
                item.set_problems(wanted)
        for edge_id, item in self.edge_items.items():
            wanted = by_edge.get(edge_id, [])
            if wanted or item.problems:
                item.set_problems(wanted)

    def _apply_problems_to(self, item: NodeItem | EdgeItem, kind: str, item_id: str) -> None:
        mine = [
            p for p in self._problems
            if (p.location.node_id if kind == "node" else p.location.edge_id) == item_id
        ]
        if mine:
            item.set_problems(mine)

    # ----------------------------------------------------------- selection

    def selected_node_ids(self) -> list[str]:
        return [i.node_id for i in self.selectedItems() if isinstance(i, NodeItem)]

    def selected_edge_ids(self) -> list[str]:
        return [i.edge_id for i in self.selectedItems() if isinstance(i, EdgeItem)]

    def selected_note_ids(self) -> list[str]:
        return [i.note_id for i in self.selectedItems() if isinstance(i, NoteItem)]

    def item_for(self, kind: ItemKind, item_id: str) -> QGraphicsItem | None:
        maps: dict[str, dict] = {"node": self.node_items, "edge": self.edge_items,
                                 "note": self.note_items}
        return maps[kind].get(item_id)

    def select_item(self, kind: ItemKind, item_id: str) -> QGraphicsItem | None:
        """Selects exactly that item (problems panel, search); None when it does not exist."""
        item = self.item_for(kind, item_id)
        self.clearSelection()
        if item is not None:
            item.setSelected(True)
        return item

    def select_all(self) -> None:
        for item in (*self.node_items.values(), *self.edge_items.values(), *self.note_items.values()):
            item.setSelected(True)

    def node_item_at(self, pos: QPointF) -> NodeItem | None:
        for item in self.items(pos):
            if isinstance(item, NodeItem):
                return item
        return None

    def edge_item_at(self, pos: QPointF) -> EdgeItem | None:
        for item in self.items(pos):
            if isinstance(item, EdgeItem):
                return item
        return None

    # ------------------------------------------------------------- editing

    def push(self, command: QUndoCommand) -> bool:
        """Pushes an edit; returns False (and emits ``edit_refused``) when it was refused."""
        if self.model.read_only:
            self.edit_refused.emit("this version is published and read-only")
            return False
        if command.isObsolete():
            return False
        self.undo_stack.push(command)
        error = getattr(command, "error", None)
        if error is not None:
            self.edit_refused.emit(str(error))
            return False
        return True

    def add_node(self, node_type: str, pos: QPointF, action_id: str | None = None,
                 name: str | None = None, on_edge: str | None = None,
                 connect_from: str | None = None) -> str | None:
        """Adds a node centred on ``pos``; returns its id (None when refused).

        With ``on_edge`` the node is inserted into that edge (drop on an edge);
        with ``connect_from`` its input port goes to ``pos`` and an edge from
        that node is added in the same undo entry (an edge dragged into space).
        """
        action = self.catalog.get(action_id)
        prefix = (action_id or "").split(".")[-1] if action_id else node_type
        node_id = self.model.new_node_id(prefix)
        w, h = node_size(node_type)
        x, y = pos.x() - (0 if connect_from else w / 2), pos.y() - h / 2
        if self.snap_to_grid:
            x, y = snap(x), snap(y + h / 2) - h / 2
        node = Node(
            node_id, node_type,
            name=name or (action.title if action is not None else None),
            action_id=action_id, config={} if node_type == "action" else None,
            position=Position(x, y), mode=None,
        )
        command: ModelCommand
        if connect_from is not None:
            edge = Edge(self.model.new_edge_id(), connect_from, node_id,
                        default_condition(self.model, connect_from))
            command = AddFragment(self.model, Fragment((node,), (edge,)), f"Add {node.title}",
                                  room=True)
        elif on_edge:
            command = InsertNodeOnEdge(self.model, node, on_edge)
        else:  # a free point: the steps it lands on move aside, in the same undo entry
            command = AddFragment(self.model, Fragment((node,), ()), f"Add {node.title}",
                                  room=True)
        if not self.push(command):
            return None
        self.select_item("node", node_id)
        return node_id

    def add_note(self, pos: QPointF, text: str = "Note") -> str | None:
        note = Note(self.model.new_note_id(), text, Position(snap(pos.x()), snap(pos.y())))
        if not self.push(AddNote(self.model, note)):
            return None
        self.select_item("note", note.id)
        return note.id

    def delete_selection(self) -> bool:
        nodes, edges, notes = (self.selected_node_ids(), self.selected_edge_ids(),
                               self.selected_note_ids())
        if not (nodes or edges or notes):
            return False
        return self.push(RemoveItems(self.model, nodes, edges, notes))

    def copy_selection_text(self) -> str:
        """The selection as format-1 JSON (also put on the system clipboard by ``copy``)."""
        return copy_to_text(self.model.graph, self.selected_node_ids(), self.selected_note_ids())

    def copy(self) -> bool:
        if not (self.selected_node_ids() or self.selected_note_ids()):
            return False
        QGuiApplication.clipboard().setText(self.copy_selection_text())
        return True

    def cut(self) -> bool:
        return self.copy() and self.delete_selection()

    def paste_text(self, text: str, at: QPointF | None = None) -> list[str]:
        """Pastes clipboard text; returns the new node ids (selected afterwards)."""
        try:
            fragment = fragment_from_text(text)
        except EditError as exc:
            self.edit_refused.emit(str(exc))
            return []
        offset = None
        if at is not None:
            placed = [n.position for n in fragment.nodes if n.position is not None]
            placed += [n.position for n in fragment.notes if n.position is not None]
            if placed:
                offset = Position(snap(at.x() - min(p.x for p in placed)),
                                  snap(at.y() - min(p.y for p in placed)))
        command = Paste(self.model, fragment, offset)
        if not self.push(command):
            return []
        self._select_ids(command.node_ids, command.note_ids)
        return command.node_ids

    def paste(self, at: QPointF | None = None) -> list[str]:
        return self.paste_text(QGuiApplication.clipboard().text(), at)

    def duplicate_selection(self) -> list[str]:
        nodes, notes = self.selected_node_ids(), self.selected_note_ids()
        if not (nodes or notes):
            return []
        command = Duplicate(self.model, nodes, notes)
        if not self.push(command):
            return []
        self._select_ids(command.node_ids, command.note_ids)
        return command.node_ids

    def _select_ids(self, node_ids: Iterable[str], note_ids: Iterable[str] = ()) -> None:
        self.clearSelection()
        for i in node_ids:
            if i in self.node_items:
                self.node_items[i].setSelected(True)
        for i in note_ids:
            if i in self.note_items:
                self.note_items[i].setSelected(True)

    def align_selection(self, how: Alignment) -> bool:
        return self.push(Align(self.model, self.selected_node_ids(), how))

    def distribute_selection(self, axis: Literal["horizontal", "vertical"]) -> bool:
        return self.push(Distribute(self.model, self.selected_node_ids(), axis))

    def auto_layout(self, only_unplaced: bool = False) -> bool:
        return self.push(AutoLayout(self.model, only_unplaced=only_unplaced))

    # ---------------------------------------------------- mouse → interactions

    def cancel_interaction(self) -> None:
        """Abandons the gesture in progress (Escape): nothing is pushed."""
        if self._interaction is not None:
            self._interaction.cancel()
            self._interaction = None

    def start_new_edge(self, source_id: str) -> NewEdgeInteraction:
        """Begins an edge drag from ``source_id``'s output port (also used by tests)."""
        self.cancel_interaction()
        interaction = NewEdgeInteraction(self, self.node_items[source_id])
        self._interaction = interaction
        return interaction

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        pos = event.scenePos()
        node = self.node_item_at(pos)
        if node is None:
            # ports stick out of the node shape: look a little to the left too
            node = self.node_item_at(pos - QPointF(6, 0))
        if node is not None and node.output_port_hit(pos) and not self.model.read_only:
            self.start_new_edge(node.node_id)
            event.accept()
            return
        hit = self.itemAt(pos, self.views()[0].transform() if self.views() else QTransform())
        if hit is None:
            additive = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            if not additive:
                self.clearSelection()
            self._interaction = RubberBandInteraction(self, pos, additive)
            event.accept()
            return
        super().mousePressEvent(event)
        if not self.model.read_only:
            self._interaction = MoveInteraction(self)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if isinstance(self._interaction, NewEdgeInteraction | RubberBandInteraction):
            self._interaction.move(event)
            event.accept()
            return
        super().mouseMoveEvent(event)
        if isinstance(self._interaction, MoveInteraction):
            self._interaction.move(event)

    def helpEvent(self, event: QGraphicsSceneHelpEvent) -> None:  # noqa: N802
        """Tooltips are computed when asked, not stored on thousands of items."""
        for item in self.items(event.scenePos()):
            if isinstance(item, NodeItem | EdgeItem | NoteItem):
                QToolTip.showText(event.screenPos(), item.tooltip_text())
                event.accept()
                return
        QToolTip.hideText()

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        interaction, self._interaction = self._interaction, None
        if isinstance(interaction, MoveInteraction):
            super().mouseReleaseEvent(event)
            interaction.release(event)
            return
        if interaction is not None:
            interaction.release(event)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        for item in self.items(event.scenePos()):
            if isinstance(item, NoteItem):
                self.note_edit_requested.emit(item.note_id)
                event.accept()
                return
        super().mouseDoubleClickEvent(event)
