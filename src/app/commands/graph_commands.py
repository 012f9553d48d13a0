"""Undo commands for single edits of nodes, edges and notes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtGui import QUndoCommand

from flowdesk.app.commands.base import ModelCommand
from flowdesk.model.document import Edge, EdgeCondition, Node, Note, Position
from flowdesk.model.editor.workflow_model import WorkflowModel

MERGE_NODE_PROPERTY = 1001
MERGE_EDGE_CONDITION = 1002
MERGE_NOTE_TEXT = 1003


class AddNode(ModelCommand):
    def __init__(self, model: WorkflowModel, node: Node, parent: QUndoCommand | None = None,
                 index: int | None = None) -> None:
        super().__init__(model, f"Add {node.title}", parent)
        self.node = node
        self.index = index

    def _redo(self) -> None:
        self.model.add_node(self.node, self.index)

    def _undo(self) -> None:
        self.model.remove_node(self.node.id)


class RemoveNode(ModelCommand):
    """Removes a node; its edges are removed by RemoveEdge siblings first (see RemoveItems)."""

    def __init__(self, model: WorkflowModel, node_id: str, parent: QUndoCommand | None = None) -> None:
        super().__init__(model, f"Delete {node_id}", parent)
        self.node_id = node_id
        self._node: Node | None = None
        self._index = 0
        self._edges: list[tuple[int, Edge]] = []

    def _redo(self) -> None:
        self._node = self.model.node(self.node_id)
        self._index = self.model.index_of_node(self.node_id)
        self._edges = [(self.model.index_of_edge(e.id), e) for e in self.model.edges_of(self.node_id)]
        self.model.remove_node(self.node_id)

    def _undo(self) -> None:
        assert self._node is not None
        self.model.add_node(self._node, self._index)
        for index, edge in sorted(self._edges, key=lambda p: p[0]):
            self.model.add_edge(edge, index)


class Connect(ModelCommand):
    def __init__(self, model: WorkflowModel, edge: Edge, parent: QUndoCommand | None = None,
                 index: int | None = None) -> None:
        super().__init__(model, f"Connect {edge.source} → {edge.target}", parent)
        self.edge = edge
        self.index = index

    def _redo(self) -> None:
        self.model.add_edge(self.edge, self.index)

    def _undo(self) -> None:
        self.model.remove_edge(self.edge.id)


class RemoveEdge(ModelCommand):
    def __init__(self, model: WorkflowModel, edge_id: str, parent: QUndoCommand | None = None) -> None:
        super().__init__(model, f"Delete edge {edge_id}", parent)
        self.edge_id = edge_id
        self._edge: Edge | None = None
        self._index = 0

    def _redo(self) -> None:
        self._edge = self.model.edge(self.edge_id)
        self._index = self.model.index_of_edge(self.edge_id)
        self.model.remove_edge(self.edge_id)

    def _undo(self) -> None:
        assert self._edge is not None
        self.model.add_edge(self._edge, self._index)


class SetNodeProperty(ModelCommand):
    """One field of a node (``name``, ``config``, ``action_id``, ``mode``).

    Consecutive changes of the same field of the same node merge into one undo
    entry, so typing a name letter by letter is undone in one step.
    """

    def __init__(self, model: WorkflowModel, node_id: str, field: str, value: Any,
                 parent: QUndoCommand | None = None) -> None:
        super().__init__(model, f"Change {field} of {node_id}", parent)
        self.node_id = node_id
        self.field = field
        self.new = value
        self.old = getattr(model.node(node_id), field)

    def _redo(self) -> None:
        self.model.update_node(self.node_id, **{self.field: self.new})

    def _undo(self) -> None:
        self.model.update_node(self.node_id, **{self.field: self.old})

    def id(self) -> int:  # noqa: A003 - Qt's name
        return MERGE_NODE_PROPERTY

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, SetNodeProperty) or (other.node_id, other.field) != (
            self.node_id, self.field
        ) or other.error is not None:
            return False
        self.new = other.new
        if self.new == self.old:
            self.setObsolete(True)
        return True


class SetEdgeCondition(ModelCommand):
    """The condition of an edge; typing an expression merges into one entry."""

    def __init__(self, model: WorkflowModel, edge_id: str, condition: EdgeCondition | None,
                 parent: QUndoCommand | None = None) -> None:
        super().__init__(model, f"Change condition of {edge_id}", parent)
        self.edge_id = edge_id
        self.new = condition
        self.old = model.edge(edge_id).condition

    def _redo(self) -> None:
        self.model.set_edge_condition(self.edge_id, self.new)

    def _undo(self) -> None:
        self.model.set_edge_condition(self.edge_id, self.old)

    def id(self) -> int:  # noqa: A003 - Qt's name
        return MERGE_EDGE_CONDITION

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, SetEdgeCondition) or other.edge_id != self.edge_id or other.error:
            return False
        self.new = other.new
        if self.new == self.old:
            self.setObsolete(True)
        return True


class AddNote(ModelCommand):
    def __init__(self, model: WorkflowModel, note: Note, parent: QUndoCommand | None = None,
                 index: int | None = None) -> None:
        super().__init__(model, "Add note", parent)
        self.note = note
        self.index = index

    def _redo(self) -> None:
        self.model.add_note(self.note, self.index)

    def _undo(self) -> None:
        self.model.remove_note(self.note.id)


class RemoveNote(ModelCommand):
    def __init__(self, model: WorkflowModel, note_id: str, parent: QUndoCommand | None = None) -> None:
        super().__init__(model, "Delete note", parent)
        self.note_id = note_id
        self._note: Note | None = None
        self._index = 0

    def _redo(self) -> None:
        self._note = self.model.note(self.note_id)
        self._index = self.model.index_of_note(self.note_id)
        self.model.remove_note(self.note_id)

    def _undo(self) -> None:
        assert self._note is not None
        self.model.add_note(self._note, self._index)


class EditNote(ModelCommand):
    """The text of a note; consecutive edits of one note merge."""

    def __init__(self, model: WorkflowModel, note_id: str, text: str,
                 parent: QUndoCommand | None = None) -> None:
        super().__init__(model, "Edit note", parent)
        self.note_id = note_id
        self.new = text
        self.old = model.note(note_id).text

    def _redo(self) -> None:
        self.model.update_note(self.note_id, text=self.new)

    def _undo(self) -> None:
        self.model.update_note(self.note_id, text=self.old)

    def id(self) -> int:  # noqa: A003 - Qt's name
        return MERGE_NOTE_TEXT

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, EditNote) or other.note_id != self.note_id or other.error:
            return False
        self.new = other.new
        if self.new == self.old:
            self.setObsolete(True)
        return True


class MoveNodes(ModelCommand):
    """Moves nodes and notes at once: one drag, one layout, one alignment = one entry."""

    def __init__(self, model: WorkflowModel, nodes: Mapping[str, Position],
                 notes: Mapping[str, Position] | None = None, text: str = "Move",
                 parent: QUndoCommand | None = None) -> None:
        super().__init__(model, text, parent)
        self.new_nodes = dict(nodes)
        self.new_notes = dict(notes or {})
        self.old_nodes = {i: model.node(i).position for i in self.new_nodes}
        self.old_notes = {i: model.note(i).position for i in self.new_notes}

    def _redo(self) -> None:
        self.model.move_nodes(self.new_nodes)
        for note_id, pos in self.new_notes.items():
            self.model.update_note(note_id, position=pos)

    def _undo(self) -> None:
        self.model.move_nodes({k: v for k, v in self.old_nodes.items() if v is not None})
        unplaced = [k for k, v in self.old_nodes.items() if v is None]
        for node_id in unplaced:
            self.model.update_node(node_id, position=None)
        for note_id, pos in self.old_notes.items():
            self.model.update_note(note_id, position=pos)
