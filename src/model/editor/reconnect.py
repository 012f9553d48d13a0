"""Edits that keep a chain connected: delete a middle step, reverse an edge.

"Delete and reconnect" removes a step and joins what came before it to what
came after it, so deleting the middle of ``a -> b -> c`` leaves ``a -> c``.
The rule is conservative, because a step's outgoing edges carry its
branching: only a step whose outgoing edges just carry on (no condition, or
``onSuccess``), with one
predecessor or one successor (never many of each, where "who waits for whom"
would change), and never a start, end, fork or join. Each predecessor keeps its
edge's id and condition (evaluated where it always was, at the predecessor).
"""

from __future__ import annotations

from dataclasses import dataclass

from flowdesk.model.document import Edge
from flowdesk.model.editor.workflow_model import WorkflowModel

#: node types whose removal changes more than the chain (the graph's ends, forks, joins)
NOT_RECONNECTABLE = ("start", "end", "parallel", "join")
#: conditions on a step's way out that only say "carry on" (a chain, not a branch)
LINEAR_CONDITIONS = (None, "onSuccess")


@dataclass(frozen=True, slots=True)
class Reconnection:
    """What "delete and reconnect" does: remove ``node_id``, then add ``edges``."""

    node_id: str
    edges: tuple[Edge, ...]


def reconnect_refusal(model: WorkflowModel, node_id: str) -> str | None:
    """Why ``node_id`` cannot be deleted with its chain kept connected, or None."""
    node = model.node(node_id)
    if node.type in NOT_RECONNECTABLE:
        return f"{node.title!r} is a {node.type} node: delete it and connect by hand"
    incoming, outgoing = model.incoming(node_id), model.outgoing(node_id)
    if not incoming or not outgoing:
        return f"{node.title!r} is not between two steps"
    branching = [e for e in outgoing if e.condition not in LINEAR_CONDITIONS]
    if branching:
        return (f"{node.title!r} branches (edge {branching[0].id!r} is taken on "
                f"{branching[0].label}): connecting around it would lose that")
    if len(incoming) > 1 and len(outgoing) > 1:
        return (f"{node.title!r} has several inputs and several outputs: "
                "connect the steps around it by hand")
    return None


def plan_reconnection(model: WorkflowModel, node_id: str) -> Reconnection | None:
    """The edges that replace ``node_id``'s, or None when :func:`reconnect_refusal` says no.

    An edge that already exists (same ends, same condition) is not added twice.
    """
    if reconnect_refusal(model, node_id) is not None:
        return None
    incoming, outgoing = model.incoming(node_id), model.outgoing(node_id)
    edges: list[Edge] = []
    taken: set[tuple[str, str, object]] = {
        (e.source, e.target, e.condition) for e in model.edges if node_id not in (e.source, e.target)
    }
    for into in incoming:
        for out_index, out in enumerate(outgoing):
            key = (into.source, out.target, into.condition)
            if key in taken:
                continue
            taken.add(key)
            edge_id = into.id if out_index == 0 else model.new_edge_id()
            edges.append(Edge(edge_id, into.source, out.target, into.condition,
                              into.extra if out_index == 0 else {}))
    return Reconnection(node_id, tuple(edges))


def reverse_refusal(model: WorkflowModel, edge_id: str) -> str | None:
    """Why ``edge_id`` cannot be turned round, or None.

    Only a plain edge (no condition: a condition belongs to its source) whose
    reversal is a valid connection that closes no cycle.
    """
    edge = model.edge(edge_id)
    if edge.condition is not None:
        return f"edge {edge_id!r} has a condition, which belongs to {edge.source!r}"
    source, target = model.node(edge.source), model.node(edge.target)
    if target.type == "end":
        return f"{target.title!r} is an end node: it has no outgoing edges"
    if source.type == "start":
        return "the start node has no incoming edges"
    if any(e.source == edge.target and e.target == edge.source and e.condition is None
           for e in model.edges):
        return f"{edge.target!r} is already connected to {edge.source!r}"
    if _reaches_without(model, edge.source, edge.target, edge_id):
        return f"reversing edge {edge_id!r} would create a cycle"
    return None


def reversed_edge(model: WorkflowModel, edge_id: str) -> Edge:
    """The edge turned round, same id and extra keys."""
    edge = model.edge(edge_id)
    return Edge(edge.id, edge.target, edge.source, None, edge.extra)


def _reaches_without(model: WorkflowModel, start: str, goal: str, skipped_edge: str) -> bool:
    stack, seen = [start], {start}
    while stack:
        current = stack.pop()
        if current == goal:
            return True
        for edge in model.outgoing(current):
            if edge.id != skipped_edge and edge.target not in seen:
                seen.add(edge.target)
                stack.append(edge.target)
    return False
