"""Multi-step edits planned without Qt: what a delete removes, how an edge is split.

Undo commands (``flowdesk.app.commands``) only replay these plans through
WorkflowModel methods, so the logic is tested here without a window.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flowdesk.model.document import Edge
from flowdesk.model.editor.workflow_model import WorkflowModel


@dataclass(frozen=True, slots=True)
class RemovalPlan:
    """What deleting a selection removes, in the order to remove it.

    Edges go first, each in reverse document order, so that undoing in reverse
    re-inserts every item at its old index and the document comes back
    byte-for-byte.
    """

    edge_ids: tuple[str, ...]
    node_ids: tuple[str, ...]
    note_ids: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.edge_ids or self.node_ids or self.note_ids)


def plan_removal(model: WorkflowModel, node_ids: Iterable[str] = (), edge_ids: Iterable[str] = (),
                 note_ids: Iterable[str] = ()) -> RemovalPlan:
    """Nodes take their edges with them; unknown ids are ignored (already gone)."""
    nodes = {i for i in node_ids if model.has_node(i)}
    edges = {i for i in edge_ids if model.has_edge(i)}
    for node_id in nodes:
        edges.update(e.id for e in model.edges_of(node_id))
    notes = {i for i in note_ids if model.has_note(i)}
    # one pass over the document each, whatever the selection size
    return RemovalPlan(
        tuple(reversed([e.id for e in model.edges if e.id in edges])),
        tuple(reversed([n.id for n in model.nodes if n.id in nodes])),
        tuple(reversed([n.id for n in model.notes if n.id in notes])),
    )


def splice_refusal(model: WorkflowModel, node_id: str, edge_id: str) -> str | None:
    """Why an existing node cannot be dropped into ``edge_id``, or None."""
    node = model.node(node_id)
    edge = model.edge(edge_id)
    if node.type in ("start", "end"):
        article = "an" if node.type == "end" else "a"
        return f"{article} {node.type} node cannot be inserted into an edge"
    if node_id in (edge.source, edge.target):
        return f"{node_id!r} is already an end of edge {edge_id!r}"
    if model.edges_of(node_id):
        return "only an unconnected node can be dropped onto an edge"
    return None


def split_edge(model: WorkflowModel, edge_id: str, node_id: str) -> tuple[Edge, Edge]:
    """The two edges replacing ``edge_id`` when ``node_id`` is put in the middle.

    The first keeps the edge's id, condition and extra keys (it still leaves the
    same node, where the condition is evaluated); the second is a plain edge.
    """
    edge = model.edge(edge_id)
    first = Edge(edge.id, edge.source, node_id, edge.condition, edge.extra)
    second = Edge(model.new_edge_id(), node_id, edge.target)
    return first, second
