"""Delete a middle step and keep the chain; reverse an edge only when valid (no Qt)."""

from __future__ import annotations

from flowdesk.model.document import Edge, Expression, Node, Position, empty_document
from flowdesk.model.editor.reconnect import (
    plan_reconnection,
    reconnect_refusal,
    reverse_refusal,
    reversed_edge,
)
from flowdesk.model.editor.workflow_model import WorkflowModel


def chain() -> WorkflowModel:
    """start -e1-> a -e2-> b -e3-> end, with the condition on a's input."""
    m = WorkflowModel(empty_document())
    m.remove_edge("e1")
    for i, node_id in enumerate(("a", "b")):
        m.add_node(Node(node_id, "action", position=Position(200 * (i + 1), 0)))
    m.add_node(Node("c", "condition", position=Position(600, 200)))
    m.add_edge(Edge("e1", "start", "a"))
    m.add_edge(Edge("e2", "a", "b", "onSuccess", {"note": "kept"}))
    m.add_edge(Edge("e3", "b", "end"))
    return m


def test_a_middle_step_is_bridged_keeping_the_incoming_edge() -> None:
    m = chain()
    plan = plan_reconnection(m, "b")
    assert plan is not None
    assert [(e.id, e.source, e.target, e.condition) for e in plan.edges] == [
        ("e2", "a", "end", "onSuccess")]
    assert plan.edges[0].extra == {"note": "kept"}
    # onSuccess on the way out only says "carry on": a still reconnects
    bridged = plan_reconnection(m, "a")
    assert bridged is not None
    assert [(e.id, e.source, e.target, e.condition) for e in bridged.edges] == [
        ("e1", "start", "b", None)]
    m.set_edge_condition("e2", "onFailure")
    assert reconnect_refusal(m, "a") == (
        "'a' branches (edge 'e2' is taken on onFailure): connecting around it would lose that")


def test_several_inputs_each_connect_to_the_one_successor() -> None:
    m = chain()
    m.add_node(Node("x", "action", position=Position(200, 200)))
    m.add_edge(Edge("e4", "start", "x"))
    m.add_edge(Edge("e5", "x", "b", Expression("true")))
    plan = plan_reconnection(m, "b")
    assert plan is not None
    assert {(e.id, e.source, e.target) for e in plan.edges} == {("e2", "a", "end"),
                                                               ("e5", "x", "end")}


def test_an_edge_that_exists_already_is_not_doubled() -> None:
    m = chain()
    m.add_edge(Edge("e9", "a", "end", "onSuccess"))
    plan = plan_reconnection(m, "b")
    assert plan is not None and plan.edges == ()


def test_what_cannot_be_bridged_says_why() -> None:
    m = chain()
    assert reconnect_refusal(m, "start") == "'start' is a start node: delete it and connect by hand"
    assert reconnect_refusal(m, "c") == "'c' is not between two steps"
    m.add_edge(Edge("e4", "a", "c"))
    m.add_edge(Edge("e5", "c", "end", Expression("true")))
    assert reconnect_refusal(m, "c") == (
        "'c' branches (edge 'e5' is taken on true): connecting around it would lose that")
    assert plan_reconnection(m, "c") is None
    m.add_node(Node("y", "action"))
    m.add_edge(Edge("e6", "start", "b"))
    m.add_edge(Edge("e7", "b", "y"))
    assert reconnect_refusal(m, "b") == (
        "'b' has several inputs and several outputs: connect the steps around it by hand")


def test_reverse_only_a_plain_edge_that_closes_no_cycle() -> None:
    m = chain()
    assert reverse_refusal(m, "e2") == "edge 'e2' has a condition, which belongs to 'a'"
    assert reverse_refusal(m, "e3") == "'end' is an end node: it has no outgoing edges"
    assert reverse_refusal(m, "e1") == "the start node has no incoming edges"
    m.add_node(Node("p", "action"))
    m.add_node(Node("q", "action"))
    m.add_edge(Edge("e8", "p", "q"))
    assert reverse_refusal(m, "e8") is None
    turned = reversed_edge(m, "e8")
    assert (turned.id, turned.source, turned.target) == ("e8", "q", "p")
    m.add_node(Node("r", "action"))
    m.add_edge(Edge("e9", "q", "r"))
    m.add_edge(Edge("e10", "p", "r"))
    assert reverse_refusal(m, "e10") == "reversing edge 'e10' would create a cycle"
