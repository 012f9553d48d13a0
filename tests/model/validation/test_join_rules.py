"""An all-join fed by mutually exclusive branches can never fire."""

from __future__ import annotations

from typing import Any

from tests.support.validation_docs import codes, only

from flowdesk.model.validation import validate


def delay(node_id: str) -> dict[str, Any]:
    return {"id": node_id, "type": "action", "actionId": "flow.delay", "config": {"seconds": 1}}


def branching(mode: str | None, head: str = "condition") -> dict[str, Any]:
    """start -> head -> (a | b) -> merge(mode) -> end, with a longer b branch."""
    merge: dict[str, Any] = {"id": "merge", "type": "join"}
    if mode is not None:
        merge["mode"] = mode
    first = {"expression": "params.amount > 100"} if head == "condition" else None
    second = "otherwise" if head == "condition" else None
    edges = [
        {"id": "e1", "source": "start", "target": "split"},
        {"id": "e2", "source": "split", "target": "a", **({"condition": first} if first else {})},
        {"id": "e3", "source": "split", "target": "b1", **({"condition": second} if second else {})},
        {"id": "e4", "source": "b1", "target": "b2", "condition": "onSuccess"},
        {"id": "e5", "source": "a", "target": "merge"},
        {"id": "e6", "source": "b2", "target": "merge"},
        {"id": "e7", "source": "merge", "target": "end"},
    ]
    return {
        "formatVersion": 1,
        "graph": {"nodes": [{"id": "start", "type": "start"}, {"id": "split", "type": head},
                            delay("a"), delay("b1"), delay("b2"), merge,
                            {"id": "end", "type": "end"}],
                  "edges": edges},
        "parameterSchema": {"type": "object", "properties": {"amount": {"type": "number"}}},
    }


def test_all_join_after_condition_never_fires():
    p = only(validate(branching("all")), "join.never_fires")
    assert p.location.node_id == "merge" and p.location.pointer == "/graph/nodes/5"
    assert "condition 'split' takes only one branch" in p.message
    assert "'e5'" in p.message and "'e6'" in p.message and "mode 'any'" in p.message


def test_default_mode_is_all():
    assert "join.never_fires" in codes(validate(branching(None)))


def test_any_join_after_condition_is_fine():
    assert validate(branching("any")) == []


def test_all_join_after_parallel_is_fine():
    assert validate(branching("all", head="parallel")) == []


def test_success_and_failure_branches_of_one_step_are_exclusive():
    doc = branching("all", head="parallel")
    graph = doc["graph"]
    # a runs first; its onSuccess goes one way, its onFailure the other, both into merge.
    graph["edges"] = [
        {"id": "e1", "source": "start", "target": "a"},
        {"id": "e2", "source": "a", "target": "b1", "condition": "onSuccess"},
        {"id": "e3", "source": "a", "target": "b2", "condition": "onFailure"},
        {"id": "e4", "source": "b1", "target": "merge"},
        {"id": "e5", "source": "b2", "target": "merge"},
        {"id": "e6", "source": "merge", "target": "end"},
    ]
    graph["nodes"] = [n for n in graph["nodes"] if n["id"] != "split"]
    p = only(validate(doc), "join.never_fires")
    assert "step 'a' either succeeds or fails" in p.message


def test_a_fork_inside_one_branch_is_fine():
    """Both join inputs come from the same branch of the condition: it can fire."""
    doc = branching("any")
    graph = doc["graph"]
    graph["nodes"] += [{"id": "fork", "type": "parallel"}, delay("c"), delay("d"),
                       {"id": "inner", "type": "join", "mode": "all"}]
    graph["edges"] = [e for e in graph["edges"] if e["id"] != "e5"] + [
        {"id": "f1", "source": "a", "target": "fork"},
        {"id": "f2", "source": "fork", "target": "c"},
        {"id": "f3", "source": "fork", "target": "d"},
        {"id": "f4", "source": "c", "target": "inner"},
        {"id": "f5", "source": "d", "target": "inner"},
        {"id": "f6", "source": "inner", "target": "merge"},
    ]
    assert validate(doc) == []
