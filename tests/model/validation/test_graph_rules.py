"""One test per rule of graph-format.md: code, location and a message a person can act on."""

from __future__ import annotations

from typing import Any

from tests.support.validation_docs import codes, edge, node, only

from flowdesk.model.problems import Severity
from flowdesk.model.validation import validate


def add_node(doc: dict[str, Any], **fields: Any) -> None:
    doc["graph"]["nodes"].append(fields)


def add_edge(doc: dict[str, Any], edge_id: str, source: str, target: str, condition: Any = None):
    e: dict[str, Any] = {"id": edge_id, "source": source, "target": target}
    if condition is not None:
        e["condition"] = condition
    doc["graph"]["edges"].append(e)


def test_the_base_document_is_valid(doc):
    assert validate(doc) == []


def test_node_id_must_match_the_pattern(doc):
    node(doc, "notify")["id"] = "Notify-Team"
    for e in doc["graph"]["edges"]:
        for end in ("source", "target"):
            if e[end] == "notify":
                e[end] = "Notify-Team"
    p = only(validate(doc), "node.id_invalid")
    assert p.location.pointer == "/graph/nodes/3/id"
    assert p.location.node_id == "Notify-Team"
    assert "'Notify-Team'" in p.message and "lowercase" in p.message


def test_node_ids_are_unique(doc):
    add_node(doc, id="fetch", type="end")
    p = only(validate(doc), "node.duplicate_id")
    assert p.location.pointer == "/graph/nodes/5/id"
    assert "'fetch'" in p.message


def test_edge_ids_are_unique(doc):
    edge(doc, "e5")["id"] = "e4"
    p = only(validate(doc), "edge.duplicate_id")
    assert p.location.pointer == "/graph/edges/4/id"
    assert p.location.edge_id == "e4"


def test_note_ids_are_unique(doc):
    doc["graph"]["notes"].append({"id": "n1", "text": "again"})
    p = only(validate(doc), "note.duplicate_id")
    assert p.location.pointer == "/graph/notes/1/id" and p.location.note_id == "n1"


def test_edges_name_existing_nodes(doc):
    add_edge(doc, "e9", "ghost", "end")
    add_edge(doc, "e10", "fetch", "nowhere")
    problems = validate(doc)
    source = only(problems, "edge.unknown_source")
    assert source.location.pointer == "/graph/edges/5/source"
    assert source.location.edge_id == "e9" and "'ghost'" in source.message
    target = only(problems, "edge.unknown_target")
    assert target.location.pointer == "/graph/edges/6/target" and "'nowhere'" in target.message


def test_cycles_are_reported_with_all_their_nodes(doc):
    add_node(doc, id="retry", type="action", actionId="flow.delay", config={"seconds": 5})
    edge(doc, "e1")["target"] = "retry"
    add_edge(doc, "e6", "retry", "fetch")
    add_edge(doc, "e7", "notify", "retry")
    p = only(validate(doc), "graph.cycle")
    assert p.severity is Severity.ERROR
    assert p.message.startswith("these nodes form a cycle: fetch -> route -> notify -> retry -> fetch")
    assert p.location.node_id == "fetch"


def test_a_self_loop_is_a_cycle(doc):
    add_edge(doc, "e6", "notify", "notify", "onFailure")
    p = only(validate(doc), "graph.cycle")
    assert "notify -> notify" in p.message


def test_every_node_is_reachable_from_start(doc):
    add_node(doc, id="orphan", type="action", actionId="flow.delay", config={"seconds": 1})
    add_edge(doc, "e6", "orphan", "end")
    p = only(validate(doc), "graph.unreachable")
    assert p.location.node_id == "orphan" and p.location.pointer == "/graph/nodes/5"
    assert "cannot be reached from 'start'" in p.message


def test_an_end_is_reachable_from_every_node(doc):
    add_node(doc, id="stuck", type="action", actionId="flow.delay", config={"seconds": 1})
    add_edge(doc, "e6", "fetch", "stuck", "onFailure")
    p = only(validate(doc), "graph.dead_end")
    assert p.location.node_id == "stuck"
    assert "no end node can be reached from 'stuck'" in p.message


def test_no_two_edges_with_same_source_target_and_condition(doc):
    add_edge(doc, "e6", "notify", "end")
    p = only(validate(doc), "edge.duplicate")
    assert p.location.edge_id == "e6" and p.location.pointer == "/graph/edges/5"
    assert "repeats edge 'e5'" in p.message


def test_same_ends_with_different_conditions_are_fine(doc):
    add_edge(doc, "e6", "notify", "end", "onFailure")
    assert "edge.duplicate" not in codes(validate(doc))


def test_default_condition_equals_explicit_always(doc):
    add_edge(doc, "e6", "notify", "end", "always")
    assert "edge.duplicate" in codes(validate(doc))


def test_exactly_one_start(doc):
    add_node(doc, id="start2", type="start")
    add_edge(doc, "e6", "start2", "end")
    p = only(validate(doc), "start.multiple")
    assert p.location.node_id == "start2" and p.location.pointer == "/graph/nodes/5/type"
    assert "'start' is already one" in p.message


def test_missing_start(doc):
    doc["graph"]["nodes"][0]["type"] = "action"
    doc["graph"]["nodes"][0]["actionId"] = "flow.delay"
    doc["graph"]["nodes"][0]["config"] = {"seconds": 1}
    p = only(validate(doc), "start.missing")
    assert p.location.pointer == "/graph/nodes" and "exactly one start" in p.message


def test_start_has_no_incoming_edge(doc):
    add_edge(doc, "e6", "notify", "start", "onFailure")
    problems = validate(doc)
    p = only(problems, "start.incoming")
    assert p.location.edge_id == "e6" and p.location.pointer == "/graph/edges/5/target"


def test_at_least_one_end(doc):
    node(doc, "end")["type"] = "join"
    p = only(validate(doc), "end.missing")
    assert "at least one end" in p.message


def test_end_has_no_outgoing_edge(doc):
    add_node(doc, id="end2", type="end")
    add_edge(doc, "e6", "end", "end2")
    p = only(validate(doc), "end.outgoing")
    assert p.location.edge_id == "e6" and p.location.pointer == "/graph/edges/5/source"
    assert "'end'" in p.message


def test_condition_needs_two_branches(doc):
    doc["graph"]["edges"] = [e for e in doc["graph"]["edges"] if e["id"] != "e4"]
    p = only(validate(doc), "condition.too_few_branches")
    assert p.location.node_id == "route" and p.location.pointer == "/graph/nodes/2"
    assert "1 outgoing edge" in p.message


def test_condition_needs_an_expression_branch(doc):
    edge(doc, "e3")["condition"] = "otherwise"
    problems = validate(doc)
    assert only(problems, "condition.too_few_branches").location.node_id == "route"
    assert only(problems, "condition.multiple_otherwise").location.edge_id == "e4"


def test_condition_has_at_most_one_otherwise(doc):
    add_edge(doc, "e6", "route", "notify", "otherwise")
    p = only(validate(doc), "condition.multiple_otherwise")
    assert p.location.pointer == "/graph/edges/5/condition"
    assert "already has an otherwise edge ('e4')" in p.message


def test_condition_without_otherwise_is_a_warning(doc):
    edge(doc, "e4")["condition"] = {"expression": "steps.fetch.output.body.total <= 10"}
    problems = validate(doc)
    p = only(problems, "condition.no_otherwise")
    assert p.severity is Severity.WARNING
    assert p.location.node_id == "route"
    assert "stuck" in p.message
    assert not any(q.is_error for q in problems)


def test_parallel_needs_two_always_edges(doc):
    add_node(doc, id="fork", type="parallel")
    edge(doc, "e5")["target"] = "fork"
    add_edge(doc, "e6", "fork", "end")
    p = only(validate(doc), "parallel.too_few_branches")
    assert p.location.node_id == "fork"
    assert "1 outgoing always edge;" in p.message


def test_parallel_edges_must_be_always(doc):
    add_node(doc, id="fork", type="parallel")
    add_node(doc, id="wait", type="action", actionId="flow.delay", config={"seconds": 1})
    edge(doc, "e5")["target"] = "fork"
    add_edge(doc, "e6", "fork", "end")
    add_edge(doc, "e7", "fork", "wait", "onSuccess")
    add_edge(doc, "e8", "wait", "end")
    problems = validate(doc)
    assert only(problems, "parallel.too_few_branches").location.node_id == "fork"
    bad = only(problems, "edge.condition_not_allowed")
    assert bad.location.edge_id == "e7" and bad.location.pointer == "/graph/edges/6/condition"
    assert "leaves a parallel node" in bad.message


def test_join_needs_two_incoming_edges(doc):
    add_node(doc, id="merge", type="join")
    edge(doc, "e5")["target"] = "merge"
    add_edge(doc, "e6", "merge", "end")
    p = only(validate(doc), "join.too_few_incoming")
    assert p.location.node_id == "merge" and "1 incoming edge;" in p.message


def test_join_mode_is_all_or_any(doc):
    add_node(doc, id="merge", type="join", mode="some")
    edge(doc, "e5")["target"] = "merge"
    edge(doc, "e4")["target"] = "merge"
    add_edge(doc, "e6", "merge", "end")
    problems = validate(doc)
    p = only(problems, "join.mode_invalid")
    assert p.location.pointer == "/graph/nodes/5/mode" and "'some'" in p.message


def test_expression_edges_only_leave_conditions(doc):
    edge(doc, "e5")["condition"] = {"expression": "true"}
    p = only(validate(doc), "edge.condition_not_allowed")
    assert p.location.edge_id == "e5"
    assert p.message == (
        "edge 'e5' leaves an action node with condition 'true'; edges leaving an action use "
        "'always' or 'onFailure' or 'onSuccess'"
    )


def test_condition_edges_cannot_be_on_success(doc):
    edge(doc, "e4")["condition"] = "onSuccess"
    p = only(validate(doc), "edge.condition_not_allowed")
    assert p.location.edge_id == "e4"
    assert "condition node" in p.message and "'otherwise'" in p.message


def test_start_edges_are_always(doc):
    edge(doc, "e1")["condition"] = "onFailure"
    p = only(validate(doc), "edge.condition_not_allowed")
    assert p.location.pointer == "/graph/edges/0/condition"


def test_problems_come_in_document_order(doc):
    add_node(doc, id="orphan_b", type="end")
    add_node(doc, id="orphan_a", type="end")
    for _ in range(6):
        add_node(doc, id=f"x{_}", type="end")
    problems = [p for p in validate(doc) if p.code == "graph.unreachable"]
    pointers = [p.location.pointer for p in problems]
    assert pointers == [f"/graph/nodes/{i}" for i in range(5, 13)]
