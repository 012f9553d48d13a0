"""Undo commands made of several model edits: delete a selection, paste,
duplicate, insert a node on an edge, auto-layout, align and distribute."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from PySide6.QtGui import QUndoCommand

from flowdesk.app.commands.base import CompositeCommand
from flowdesk.app.commands.graph_commands import (
    AddNode,
    AddNote,
    Connect,
    MoveNodes,
    RemoveEdge,
    RemoveNode,
    RemoveNote,
)
from flowdesk.model.document import Edge, Node, Position
from flowdesk.model.editor.align import Alignment, align, distribute
from flowdesk.model.editor.clipboard import Fragment, copy_selection, prepare_paste
from flowdesk.model.editor.layout import auto_layout
from flowdesk.model.editor.workflow_model import WorkflowModel


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class RemoveItems(CompositeCommand):
    """Deletes nodes (with their edges), edges and notes as one entry."""

    def __init__(self, model: WorkflowModel, node_ids: Iterable[str] = (),
                 edge_ids: Iterable[str] = (), note_ids: Iterable[str] = (),
                 parent: QUndoCommand | None = None) -> None:
        nodes = [i for i in dict.fromkeys(node_ids) if model.has_node(i)]
        edges = {i for i in edge_ids if model.has_edge(i)}
        for node_id in nodes:
            edges.update(e.id for e in model.edges_of(node_id))
        notes = [i for i in dict.fromkeys(note_ids) if model.has_note(i)]
        parts = [p for p in (_count(len(nodes), "node") if nodes else "",
                             _count(len(edges), "edge") if edges and not nodes else "",
                             _count(len(notes), "note") if notes else "") if p]
        super().__init__(model, "Delete " + ", ".join(parts) if parts else "Delete", parent)
        # edges go first (in reverse document order so undo re-inserts them in place)
        for edge_id in sorted(edges, key=model.index_of_edge, reverse=True):
            self.add(RemoveEdge(model, edge_id))
        for node_id in sorted(nodes, key=model.index_of_node, reverse=True):
            self.add(RemoveNode(model, node_id))
        for note_id in sorted(notes, key=model.index_of_note, reverse=True):
            self.add(RemoveNote(model, note_id))


class AddFragment(CompositeCommand):
    """Adds prepared nodes, edges and notes (a paste, a duplicate, a quick-add)."""

    def __init__(self, model: WorkflowModel, fragment: Fragment, text: str,
                 parent: QUndoCommand | None = None) -> None:
        super().__init__(model, text, parent)
        self.fragment = fragment
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
        super().__init__(model, prepared, f"Paste {_count(len(prepared.nodes), 'node')}", parent)


class Duplicate(AddFragment):
    """Copies the given nodes and notes next to themselves."""

    def __init__(self, model: WorkflowModel, node_ids: Iterable[str], note_ids: Iterable[str] = (),
                 parent: QUndoCommand | None = None) -> None:
        fragment = prepare_paste(model, copy_selection(model.graph, node_ids, note_ids))
        super().__init__(model, fragment, f"Duplicate {_count(len(fragment.nodes), 'node')}", parent)


class InsertNodeOnEdge(CompositeCommand):
    """Splits ``edge`` with ``node``: source -> node keeps the condition, node -> target is plain."""

    def __init__(self, model: WorkflowModel, node: Node, edge_id: str,
                 parent: QUndoCommand | None = None) -> None:
        super().__init__(model, f"Insert {node.title}", parent)
        edge = model.edge(edge_id)
        self.add(RemoveEdge(model, edge_id))
        self.add(AddNode(model, node))
        first = Edge(edge.id, edge.source, node.id, edge.condition, edge.extra)
        second_id = model.new_edge_id()
        self.add(Connect(model, first))
        self.add(Connect(model, Edge(second_id, node.id, edge.target)))
        self.node = node


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
