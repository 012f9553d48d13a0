"""Planned multi-step edits: what a delete removes and how an edge is split (no Qt)."""

from __future__ import annotations

from flowdesk.model.document import Edge, Node, Position, empty_document
from flowdesk.model.editor.edits import plan_removal, splice_refusal, split_edge
from flowdesk.model.editor.workflow_model import WorkflowModel


def model() -> WorkflowModel:
    m = WorkflowModel(empty_document())  # start -e1-> end
    m.add_node(Node("a", "action", position=Position(100, 0)))
    m.add_node(Node("loose", "action", position=Position(100, 200)))
    m.remove_edge("e1")
    m.add_edge(Edge("e1", "start", "a"))
    m.add_edge(Edge("e2", "a", "end", "onSuccess"))
    return m


def test_removal_takes_a_nodes_edges_in_reverse_document_order() -> None:
    plan = plan_removal(model(), node_ids=["a", "ghost"], edge_ids=["e2"])
    assert plan.edge_ids == ("e2", "e1")
    assert plan.node_ids == ("a",)
    assert plan_removal(model(), node_ids=["ghost"]).is_empty


def test_split_keeps_the_condition_on_the_first_half() -> None:
    m = model()
    first, second = split_edge(m, "e2", "loose")
    assert (first.id, first.source, first.target, first.condition) == ("e2", "a", "loose",
                                                                      "onSuccess")
    assert (second.source, second.target, second.condition) == ("loose", "end", None)
    assert second.id not in {"e1", "e2"}


def test_only_unconnected_middle_nodes_can_be_spliced() -> None:
    m = model()
    assert splice_refusal(m, "loose", "e2") is None
    assert splice_refusal(m, "a", "e2") == "'a' is already an end of edge 'e2'"
    m.add_node(Node("b", "action"))
    m.add_edge(Edge("e3", "b", "end"))
    assert splice_refusal(m, "b", "e1") == "only an unconnected node can be dropped onto an edge"
    assert splice_refusal(m, "end", "e1") == "an end node cannot be inserted into an edge"
