"""Undo commands that rewire around a step: delete and reconnect, disconnect, reverse an edge.

The plans come from ``flowdesk.model.editor.reconnect``; these only replay them
through model methods, one undo entry each.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from flowdesk.app.commands.base import CompositeCommand
from flowdesk.app.commands.compound_commands import RemoveItems
from flowdesk.app.commands.graph_commands import Connect, RemoveEdge
from flowdesk.model.editor.reconnect import (
    plan_reconnection,
    reconnect_refusal,
    reverse_refusal,
    reversed_edge,
)
from flowdesk.model.editor.workflow_model import WorkflowModel
from flowdesk.model.errors import EditError


class DeleteAndReconnect(CompositeCommand):
    """Deletes a middle step and connects its predecessors to its successors.

    Raises EditError (saying why) when the step cannot be bridged; plain
    delete (``RemoveItems``) is always possible.
    """

    def __init__(self, model: WorkflowModel, node_id: str,
                 parent: QUndoCommand | None = None) -> None:
        super().__init__(model, f"Delete {model.node(node_id).title} and reconnect", parent)
        plan = plan_reconnection(model, node_id)
        if plan is None:
            raise EditError(reconnect_refusal(model, node_id) or f"cannot reconnect {node_id!r}")
        self.add(RemoveItems(model, [node_id]))
        for edge in plan.edges:
            self.add(Connect(model, edge))
        self.new_edges = plan.edges


class DisconnectAll(RemoveItems):
    """Removes every edge of a node, keeping the node."""

    def __init__(self, model: WorkflowModel, node_id: str,
                 parent: QUndoCommand | None = None) -> None:
        super().__init__(model, edge_ids=[e.id for e in model.edges_of(node_id)], parent=parent)
        self.setText(f"Disconnect {model.node(node_id).title}")


class ReverseEdge(CompositeCommand):
    """Turns a plain edge round (same id); EditError when that is not a valid edge."""

    def __init__(self, model: WorkflowModel, edge_id: str,
                 parent: QUndoCommand | None = None) -> None:
        super().__init__(model, f"Reverse edge {edge_id}", parent)
        reason = reverse_refusal(model, edge_id)
        if reason is not None:
            raise EditError(reason)
        edge = reversed_edge(model, edge_id)
        self.add(RemoveEdge(model, edge_id))
        self.add(Connect(model, edge, index=model.index_of_edge(edge_id)))
