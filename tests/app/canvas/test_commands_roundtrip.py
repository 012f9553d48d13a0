"""Every undo command: redo changes the document, undo gives the exact document back,
redo again gives the same result, and the scene mirrors each step."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtGui import QUndoCommand

from flowdesk.app import commands as c
from flowdesk.model.document import Edge, EnvConfig, Expression, Node, Note, Position
from flowdesk.model.editor.clipboard import copy_selection
from flowdesk.model.editor.workflow_model import WorkflowModel

from .conftest import Canvas

FACTORIES: dict[str, Callable[[WorkflowModel], QUndoCommand]] = {
    "AddNode": lambda m: c.AddNode(m, Node("wait", "action", action_id="flow.delay",
                                           position=Position(0, 300))),
    "RemoveNode+edges": lambda m: c.RemoveItems(m, node_ids=["check"]),
    "RemoveItems edge+note": lambda m: c.RemoveItems(m, edge_ids=["e5"], note_ids=["n1"]),
    "Connect": lambda m: c.Connect(m, Edge("e9", "fetch", "end", "onFailure")),
    "MoveNodes": lambda m: c.MoveNodes(m, {"fetch": Position(220, 40)}, {"n1": Position(5, 5)}),
    "SetNodeProperty": lambda m: c.SetNodeProperty(m, "fetch", "config", {"url": "https://y"}),
    "SetEdgeCondition": lambda m: c.SetEdgeCondition(m, "e3", Expression("true")),
    "AddNote": lambda m: c.AddNote(m, Note("n2", "hello", Position(0, 400))),
    "EditNote": lambda m: c.EditNote(m, "n1", "Ask finance first"),
    "Paste": lambda m: c.Paste(m, copy_selection(m.graph, ["fetch", "check"], ["n1"])),
    "Duplicate": lambda m: c.Duplicate(m, ["mail"]),
    "AutoLayout": lambda m: c.AutoLayout(m, only_unplaced=False),
    "Align": lambda m: c.Align(m, ["fetch", "mail", "end"], "bottom"),
    "Distribute": lambda m: c.Distribute(m, ["fetch", "check", "mail"], "vertical"),
    "InsertNodeOnEdge": lambda m: c.InsertNodeOnEdge(
        m, Node("log", "action", action_id="data.transform", position=Position(950, 0)), "e5"),
    "SetParameterSchema": lambda m: c.SetParameterSchema(m, {"type": "object"}),
    "SetEnvConfig": lambda m: c.SetEnvConfig(m, EnvConfig(env={"REGION": "eu"})),
}


def mirrored(canvas: Canvas) -> bool:
    g = canvas.model.graph
    return (
        set(canvas.scene.node_items) == {n.id for n in g.nodes}
        and set(canvas.scene.edge_items) == {e.id for e in g.edges}
        and set(canvas.scene.note_items) == {n.id for n in g.notes or ()}
        and all(
            (item.pos().x(), item.pos().y()) == (g.node(i).position.x, g.node(i).position.y)
            for i, item in canvas.scene.node_items.items()
        )
        and all(canvas.scene.edge_items[e.id].edge == e for e in g.edges)
    )


@pytest.mark.parametrize("name", list(FACTORIES))
def test_undo_redo_round_trip(canvas: Canvas, name: str) -> None:
    before = canvas.doc_json()
    command = FACTORIES[name](canvas.model)
    assert canvas.scene.push(command), getattr(command, "error", None)
    after = canvas.doc_json()
    assert after != before
    assert mirrored(canvas)
    canvas.stack.undo()
    assert canvas.doc_json() == before
    assert mirrored(canvas)
    canvas.stack.redo()
    assert canvas.doc_json() == after
    assert mirrored(canvas)


def test_a_refused_command_leaves_no_undo_entry(canvas: Canvas) -> None:
    before = canvas.doc_json()
    command = c.Connect(canvas.model, Edge("loop", "end", "start"))
    assert not canvas.scene.push(command)
    assert command.error is not None and "end node" in str(command.error)
    assert canvas.stack.count() == 0
    assert canvas.doc_json() == before


def test_a_composite_that_fails_half_way_rolls_back(canvas: Canvas) -> None:
    before = canvas.doc_json()
    command = c.AddFragment(canvas.model, c.compound_commands.Fragment(
        nodes=(Node("fresh", "action"),), edges=(Edge("bad", "fresh", "start"),)), "Paste")
    assert not canvas.scene.push(command)
    assert canvas.doc_json() == before
    assert "fresh" not in canvas.scene.node_items
