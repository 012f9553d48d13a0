"""Undo commands: every user edit is one of these, and they call model methods only."""

from flowdesk.app.commands.base import CompositeCommand, ModelCommand
from flowdesk.app.commands.chain_commands import DeleteAndReconnect, DisconnectAll, ReverseEdge
from flowdesk.app.commands.compound_commands import (
    AddFragment,
    Align,
    AutoLayout,
    Distribute,
    Duplicate,
    InsertNodeOnEdge,
    Paste,
    RemoveItems,
    SpliceNodeIntoEdge,
)
from flowdesk.app.commands.document_commands import SetEnvConfig, SetParameterSchema
from flowdesk.app.commands.graph_commands import (
    AddNode,
    AddNote,
    Connect,
    EditNote,
    MoveNodes,
    RemoveEdge,
    RemoveNode,
    RemoveNote,
    SetEdgeCondition,
    SetNodeProperty,
)

__all__ = [
    "AddFragment",
    "AddNode",
    "AddNote",
    "Align",
    "AutoLayout",
    "CompositeCommand",
    "Connect",
    "DeleteAndReconnect",
    "DisconnectAll",
    "Distribute",
    "Duplicate",
    "EditNote",
    "InsertNodeOnEdge",
    "ModelCommand",
    "MoveNodes",
    "Paste",
    "RemoveEdge",
    "RemoveItems",
    "RemoveNode",
    "RemoveNote",
    "ReverseEdge",
    "SetEdgeCondition",
    "SetEnvConfig",
    "SetNodeProperty",
    "SetParameterSchema",
    "SpliceNodeIntoEdge",
]
