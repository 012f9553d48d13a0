"""Undo commands made of several model edits: delete a selection, paste,
duplicate, insert a node on an edge, auto-layout, align and distribute.

Inserting and pasting make room (``flowdesk.model.editor.room``): the
neighbours after the new nodes move right inside the same entry, so one undo
puts them back too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from PySide6.QtGui import QUndoCommand

from flowdesk.app.commands.base import CompositeCommand, ModelCommand
from flowdesk.app.commands.graph_commands import (
    AddNode,
    AddNote,
    Connect,
    MoveNodes,
    RemoveEdge,
)
from flowdesk.model.document import Node, Position
from flowdesk.model.editor.align import Alignment, align, distribute
from flowdesk.model.editor.clipboard import Fragment, copy_selection, prepare_paste
from flowdesk.model.editor.edits import plan_removal, splice_refusal, split_edge
from flowdesk.model.editor.layout import auto_layout
from flowdesk.model.editor.room import make_room, room_for_insert
from flowdesk.model.editor.workflow_model import Removed, WorkflowModel
from flowdesk.model.errors import EditError


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class RemoveItems(ModelCommand):
    """Deletes nodes (with their edges), edges and notes as one entry.

    One batch model call each way (``remove_items``/``restore_items``) rather
    than a child command per item: deleting a whole 5,000-node graph is one
    pass over the document, and undo puts every item back at its old index.
    """

    def __init__(self, model: WorkflowModel, node_ids: Iterable[str] = (),
                 edge_ids: Iterable[str] = (), note_ids: Iterable[str] = (),
                 parent: QUndoCommand | None = None) -> None:
        plan = plan_removal(model, node_ids, edge_ids, note_ids)
        nodes, edges, notes = plan.node_ids, plan.edge_ids, plan.note_ids
        parts = [p for p in (_count(len(nodes), "node") if nodes else "",
                             _count(len(edges), "edge") if edges and not nodes else "",
                             _count(len(notes), "note") if notes else "") if p]
        super().__init__(model, "Delete " + ", ".join(parts) if parts else "Delete", parent)
        self.plan = plan
        self._removed: Removed | None = None
        if plan.is_empty:
            self.setObsolete(True)

    def _redo(self) -> None:
        plan = self.plan
        self._removed = self.model.remove_items(plan.node_ids, plan.edge_ids, plan.note_ids)

    def _undo(self) -> None:
        assert self._removed is not None
        self.model.restore_items(self._removed)


class AddFragment(CompositeCommand):
    """Adds prepared nodes, edges and notes (a paste, a duplicate, a quick-add).

    With ``room`` the nodes already after the fragment's boxes move right first.
    """

    def __init__(self, model: WorkflowModel, fragment: Fragment, text: str,
                 parent: QUndoCommand | None = None, *, room: bool = False) -> None:
        super().__init__(model, text, parent)
        self.fragment = fragment
        self.moved: dict[str, Position] = {}
        if room:
            self.moved = make_room(model.graph, fragment.nodes)
            if self.moved:
                self.add(MoveNodes(model, self.moved))
        for node in fragment.nodes:
            self.add(AddNode(model, node))
        for edge in fragment.edges:
            self.add(Connect(model, edge))
        for note in fragment.notes:
            self.add(AddNote(model, note))

    @property
    def node_ids(self) -> list[str]:
        return [n.id for n in self.fragment.nodes]

    @property
    def note_ids(self) -> list[str]:
        return [n.id for n in self.fragment.notes]


class Paste(AddFragment):
    """Pastes a fragment (from clipboard text), remapping ids that are taken."""

    def __init__(self, model: WorkflowModel, fragment: Fragment, offset: Position | None = None,
                 parent: QUndoCommand | None = None) -> None:
        prepared = prepare_paste(model, fragment, offset)
        super().__init__(model, prepared, f"Paste {_count(len(prepared.nodes), 'node')}", parent,
                         room=True)


class Duplicate(AddFragment):
    """Copies the given nodes and notes next to themselves."""

    def __init__(self, model: WorkflowModel, node_ids: Iterable[str], note_ids: Iterable[str] = (),
                 parent: QUndoCommand | None = None) -> None:
        fragment = prepare_paste(model, copy_selection(model.graph, node_ids, note_ids))
        super().__init__(model, fragment, f"Duplicate {_count(len(fragment.nodes), 'node')}", parent,
                         room=True)


class InsertNodeOnEdge(CompositeCommand):
    """Splits ``edge`` with ``node``: source -> node keeps the condition, node -> target is plain.

    The node goes no further left than just past the source, and the target and
    what follows it move right when the node would sit on them.
    """

    def __init__(self, model: WorkflowModel, node: Node, edge_id: str,
                 parent: QUndoCommand | None = None) -> None:
        super().__init__(model, f"Insert {node.title}", parent)
        first, second = split_edge(model, edge_id, node.id)
        node, self.moved = room_for_insert(model.graph, node, first.source)
        if self.moved:
            self.add(MoveNodes(model, self.moved))
        self.add(RemoveEdge(model, edge_id))
        self.add(AddNode(model, node))
        self.add(Connect(model, first))
        self.add(Connect(model, second))
        self.node = node


class SpliceNodeIntoEdge(CompositeCommand):
    """An unconnected node dragged onto an edge: moved there and put in the middle of it."""

    def __init__(self, model: WorkflowModel, node_id: str, edge_id: str, position: Position,
                 parent: QUndoCommand | None = None) -> None:
        super().__init__(model, f"Insert {model.node(node_id).title}", parent)
        reason = splice_refusal(model, node_id, edge_id)
        if reason is not None:
            raise EditError(reason)
        first, second = split_edge(model, edge_id, node_id)
        self.add(MoveNodes(model, {node_id: position}))
        self.add(RemoveEdge(model, edge_id))
        self.add(Connect(model, first))
        self.add(Connect(model, second))


class AutoLayout(MoveNodes):
    """Lays the graph out left to right; only unplaced nodes unless ``only_unplaced`` is False."""

    def __init__(self, model: WorkflowModel, only_unplaced: bool = False,
                 parent: QUndoCommand | None = None) -> None:
        positions = auto_layout(model.graph, only_unplaced=only_unplaced)
        super().__init__(model, positions, text="Auto-layout", parent=parent)
        if not positions:
            self.setObsolete(True)


class Align(MoveNodes):
    def __init__(self, model: WorkflowModel, node_ids: Iterable[str], how: Alignment,
                 parent: QUndoCommand | None = None) -> None:
        nodes = [model.node(i) for i in node_ids]
        super().__init__(model, align(nodes, how), text=f"Align {how}", parent=parent)


class Distribute(MoveNodes):
    def __init__(self, model: WorkflowModel, node_ids: Iterable[str],
                 axis: Literal["horizontal", "vertical"], parent: QUndoCommand | None = None) -> None:
        nodes = [model.node(i) for i in node_ids]
        super().__init__(model, distribute(nodes, axis), text=f"Distribute {axis}ly", parent=parent)
