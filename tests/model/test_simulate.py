"""Dry run: the path a run takes for given parameters and failing actions."""

from __future__ import annotations

import copy
from typing import Any

from flowdesk.model.document import load
from flowdesk.model.simulate import dry_run

ORDER: dict[str, Any] = {
    "formatVersion": 1,
    "graph": {
        "nodes": [
            {"id": "start", "type": "start"},
            {"id": "fetch", "type": "action", "actionId": "http.request",
             "config": {"method": "GET", "url": "https://x.example"}},
            {"id": "is_large", "type": "condition"},
            {"id": "approvals", "type": "parallel"},
            {"id": "finance", "type": "action", "actionId": "approval.request", "config": {}},
            {"id": "manager", "type": "action", "actionId": "approval.request", "config": {}},
            {"id": "both", "type": "join", "mode": "all"},
            {"id": "confirm", "type": "action", "actionId": "email.send", "config": {}},
            {"id": "end", "type": "end"},
            {"id": "auto", "type": "action", "actionId": "data.transform", "config": {}},
            {"id": "end_auto", "type": "end"},
            {"id": "report", "type": "action", "actionId": "chat.post_message", "config": {}},
            {"id": "end_failed", "type": "end"},
        ],
        "edges": [
            {"id": "e1", "source": "start", "target": "fetch"},
            {"id": "e2", "source": "fetch", "target": "is_large", "condition": "onSuccess"},
            {"id": "e3", "source": "fetch", "target": "report", "condition": "onFailure"},
            {"id": "e4", "source": "is_large", "target": "approvals",
             "condition": {"expression": "params.amount > params.threshold"}},
            {"id": "e5", "source": "is_large", "target": "auto", "condition": "otherwise"},
            {"id": "e6", "source": "approvals", "target": "finance"},
            {"id": "e7", "source": "approvals", "target": "manager"},
            {"id": "e8", "source": "finance", "target": "both", "condition": "onSuccess"},
            {"id": "e9", "source": "manager", "target": "both", "condition": "onSuccess"},
            {"id": "e10", "source": "both", "target": "confirm"},
            {"id": "e11", "source": "confirm", "target": "end"},
            {"id": "e12", "source": "auto", "target": "end_auto"},
            {"id": "e13", "source": "report", "target": "end_failed"},
        ],
    },
    "parameterSchema": {
        "type": "object",
        "properties": {"amount": {"type": "number"},
                       "threshold": {"type": "number", "default": 1000}},
        "required": ["amount"],
    },
}


def order(edit=None) -> Any:
    data = copy.deepcopy(ORDER)
    if edit is not None:
        edit(data)
    return load(data)


def test_small_order_takes_the_otherwise_branch_with_defaults_filled() -> None:
    result = dry_run(order(), {"amount": 10})
    assert result.outcome == "completed" and result.ok
    assert result.path == ("start", "fetch", "is_large", "auto", "end_auto")
    assert result.edges == ("e1", "e2", "e5", "e12")
    assert result.params == {"amount": 10, "threshold": 1000}
    assert result.statuses["finance"] == "skipped"
    assert result.statuses["end"] == "skipped"
    assert not result.errors


def test_large_order_forks_and_the_all_join_waits_for_both_branches() -> None:
    result = dry_run(order(), {"amount": 5000})
    assert result.ok
    assert result.path.index("both") > max(result.path.index("finance"),
                                           result.path.index("manager"))
    assert result.path[-2:] == ("confirm", "end")
    assert {"e6", "e7", "e8", "e9"} <= set(result.edges)
    assert result.statuses["auto"] == "skipped"


def test_failing_action_takes_its_on_failure_edge() -> None:
    result = dry_run(order(), {"amount": 10}, failing=["fetch"])
    assert result.path == ("start", "fetch", "report", "end_failed")
    assert result.statuses["fetch"] == "failed"
    assert result.statuses["is_large"] == "skipped"
    assert result.ok


def test_unhandled_failure_stops_the_run_and_the_join_never_fires() -> None:
    result = dry_run(order(), {"amount": 5000}, failing=["finance"])
    assert result.outcome == "failed"
    assert result.statuses["finance"] == "failed"
    assert result.statuses["both"] == "not_reached"
    assert "confirm" not in result.path
    [problem] = result.errors
    assert problem.code == "simulate.unhandled_failure" and problem.location.node_id == "finance"


def test_parameter_errors_stop_before_the_run() -> None:
    result = dry_run(order(), {"amount": "lots"})
    assert result.outcome == "invalid_params" and result.path == ()
    assert [p.location.pointer for p in result.errors] == ["/amount"]
    missing = dry_run(order(), {})
    assert [p.location.pointer for p in missing.errors] == ["/amount"]


def test_unknown_or_non_action_failing_ids_are_errors() -> None:
    result = dry_run(order(), {"amount": 1}, failing=["nope", "is_large"])
    assert result.outcome == "invalid_params"
    assert {p.location.node_id for p in result.errors} == {"nope", "is_large"}


def test_condition_takes_the_first_matching_edge_in_document_order() -> None:
    def edit(d: dict) -> None:
        d["graph"]["edges"].insert(4, {"id": "e4b", "source": "is_large", "target": "auto",
                                       "condition": {"expression": "params.amount > 0"}})

    # Both e4 and e4b match; e4 comes first in the document.
    assert dry_run(order(edit), {"amount": 5000}).edges[2] == "e4"
    assert dry_run(order(edit), {"amount": 5}).edges[2] == "e4b"


def test_condition_without_match_or_otherwise_is_stuck() -> None:
    def edit(d: dict) -> None:
        d["graph"]["edges"] = [e for e in d["graph"]["edges"] if e["id"] != "e5"]

    result = dry_run(order(edit), {"amount": 1})
    assert result.outcome == "stuck"
    assert result.statuses["is_large"] == "stuck"
    assert result.path == ("start", "fetch", "is_large")
    [problem] = result.errors
    assert problem.code == "simulate.stuck" and problem.location.node_id == "is_large"


def test_evaluation_errors_are_located_at_the_edge() -> None:
    def edit(d: dict) -> None:
        d["graph"]["edges"][3]["condition"] = {"expression": "steps.fetch.output.total > 1"}

    result = dry_run(order(edit), {"amount": 1})
    assert result.outcome == "error"
    [problem] = result.errors
    assert problem.location.edge_id == "e4"
    assert problem.location.pointer == "/graph/edges/3/condition/expression"
    assert "output" in problem.message
    # With the output given, the same expression evaluates.
    given = dry_run(order(edit), {"amount": 1}, outputs={"fetch": {"total": 5}})
    assert given.ok and "approvals" in given.path


def test_step_status_is_in_scope() -> None:
    def edit(d: dict) -> None:
        d["graph"]["edges"][3]["condition"] = {"expression": "steps.fetch.status == 'succeeded'"}

    assert "approvals" in dry_run(order(edit), {"amount": 1}).path


def test_any_join_fires_once_on_the_first_branch() -> None:
    def edit(d: dict) -> None:
        for n in d["graph"]["nodes"]:
            if n["id"] == "both":
                n["mode"] = "any"

    result = dry_run(order(edit), {"amount": 5000})
    assert result.ok
    assert result.path.count("both") == 1
    assert result.path.count("confirm") == 1


def test_env_and_secrets_are_in_scope() -> None:
    def edit(d: dict) -> None:
        d["envConfig"] = {"env": {"MODE": "strict"}, "secrets": {"KEY": {"connectionId": "c"}}}
        d["graph"]["edges"][3]["condition"] = {
            "expression": "env.MODE == 'strict' && secrets.KEY != ''"}

    assert "approvals" in dry_run(order(edit), {"amount": 1}).path


def test_no_start_node_is_an_error_not_a_crash() -> None:
    result = dry_run(load({"graph": {"nodes": [{"id": "end", "type": "end"}]}}))
    assert result.outcome == "error" and result.errors[0].code == "simulate.no_start"


def test_a_cycle_does_not_loop_forever() -> None:
    def edit(d: dict) -> None:
        d["graph"]["edges"].append({"id": "back", "source": "auto", "target": "fetch"})

    result = dry_run(order(edit), {"amount": 1})
    assert result.path.count("fetch") == 1


def test_long_chains_do_not_hit_the_recursion_limit() -> None:
    nodes = [{"id": "start", "type": "start"}, {"id": "c", "type": "condition"}]
    nodes += [{"id": f"a{i}", "type": "action", "actionId": "flow.delay"} for i in range(3000)]
    nodes += [{"id": "end", "type": "end"}, {"id": "x", "type": "end"}]
    edges = [{"id": "e0", "source": "start", "target": "c"},
             {"id": "ec", "source": "c", "target": "x", "condition": "otherwise"},
             {"id": "ea", "source": "c", "target": "a0", "condition": {"expression": "false"}}]
    edges += [{"id": f"e{i + 1}", "source": f"a{i}", "target": f"a{i + 1}"} for i in range(2999)]
    edges.append({"id": "last", "source": "a2999", "target": "end"})
    result = dry_run(load({"graph": {"nodes": nodes, "edges": edges}}))
    assert result.path == ("start", "c", "x")
    assert result.statuses["a2999"] == "skipped" and result.statuses["end"] == "skipped"
