"""Edits the window itself starts (inspector, palette placement) as undo commands.

The canvas package's commands do the work; this module only picks them and
reports a refusal as text, so the window stays a switchboard.
"""

from __future__ import annotations

from typing import Any

from flowdesk.app.commands.graph_commands import SetEdgeCondition, SetNodeProperty
from flowdesk.model.document import EdgeCondition, Position
from flowdesk.model.editor.workflow_model import WorkflowModel

NODE_SPACING = (220.0, 110.0)


def free_position(model: WorkflowModel, near: Position) -> Position:
    """``near`` moved down until no node's top-left corner sits close to it."""
    x, y = near.x, near.y
    taken = [n.position for n in model.nodes if n.position is not None]
    for _ in range(200):
        if all(abs(p.x - x) >= NODE_SPACING[0] * 0.8 or abs(p.y - y) >= NODE_SPACING[1] * 0.8
               for p in taken):
            break
        y += NODE_SPACING[1]
    return Position(x, y)


def node_property_command(model: WorkflowModel, node_id: str, field: str,
                          value: Any) -> SetNodeProperty:
    """Typing in one field merges into one undo entry (the command's ``mergeWith``)."""
    return SetNodeProperty(model, node_id, field, value)


def edge_condition_command(model: WorkflowModel, edge_id: str,
                           condition: EdgeCondition | None) -> SetEdgeCondition:
    return SetEdgeCondition(model, edge_id, condition)
