"""CEL syntax and references in conditions and ${{ }} templates."""

from __future__ import annotations

from typing import Any

from tests.support.validation_docs import codes, edge, node, only

from flowdesk.model.validation import validate


def notify_text(doc: dict[str, Any], text: str) -> None:
    node(doc, "notify")["config"]["text"] = text


def test_syntax_error_in_a_condition(doc):
    edge(doc, "e3")["condition"] = {"expression": "steps.fetch.output.total >"}
    p = only(validate(doc), "cel.syntax")
    assert p.location.edge_id == "e3"
    assert p.location.pointer == "/graph/edges/2/condition/expression"
    assert "CEL syntax error" in p.message and "ends too early" in p.message


def test_syntax_error_in_a_template_points_at_the_config_field(doc):
    notify_text(doc, "Total: ${{ steps.fetch.output.total + }}")
    p = only(validate(doc), "cel.syntax")
    assert p.location.node_id == "notify"
    assert p.location.pointer == "/graph/nodes/3/config/text"


def test_template_inside_nested_config(doc):
    node(doc, "fetch")["config"]["headers"]["X-Trace"] = "${{ params.trace ?? }}"
    p = only(validate(doc), "cel.syntax")
    assert p.location.pointer == "/graph/nodes/1/config/headers/X-Trace"


def test_unclosed_template(doc):
    notify_text(doc, "Hello ${{ params.customerId")
    p = only(validate(doc), "cel.unclosed_template")
    assert p.location.pointer == "/graph/nodes/3/config/text"


def test_empty_expression_is_one_problem(doc):
    edge(doc, "e3")["condition"] = {"expression": ""}
    problems = validate(doc)
    assert codes(problems) == ["cel.syntax"]
    assert "empty" in problems[0].message


def test_unknown_param(doc):
    notify_text(doc, "Order ${{ params.orderId }}")
    p = only(validate(doc), "ref.unknown_param")
    assert p.location.node_id == "notify"
    assert "params.orderId" in p.message and "parameter schema" in p.message


def test_params_from_allof_parts_are_known(doc):
    doc["parameterSchema"]["allOf"] = [{"properties": {"orderId": {"type": "string"}}}]
    notify_text(doc, "Order ${{ params.orderId }}")
    assert validate(doc) == []


def test_unknown_env_and_secret(doc):
    notify_text(doc, "${{ env.STAGE }} ${{ secrets.SLACK_TOKEN }}")
    problems = validate(doc)
    assert "env.STAGE" in only(problems, "ref.unknown_env").message
    assert "secrets.SLACK_TOKEN" in only(problems, "ref.unknown_secret").message


def test_unknown_root(doc):
    edge(doc, "e3")["condition"] = {"expression": "order.total > 10"}
    p = only(validate(doc), "ref.unknown_root")
    assert p.location.edge_id == "e3" and "'order.total'" in p.message


def test_macro_variables_are_not_references(doc):
    edge(doc, "e3")["condition"] = {
        "expression": "steps.fetch.output.body.items.exists(i, i.price > params.threshold)"
    }
    assert validate(doc) == []


def test_unknown_step(doc):
    notify_text(doc, "${{ steps.lookup.output }}")
    p = only(validate(doc), "ref.unknown_step")
    assert "no node 'lookup'" in p.message


def test_step_fields_are_output_or_status(doc):
    notify_text(doc, "${{ steps.fetch.result }}")
    p = only(validate(doc), "ref.step_field")
    assert "output and status" in p.message


def test_step_must_be_upstream_of_the_node(doc):
    node(doc, "fetch")["config"]["url"] = "https://x.example/${{ steps.notify.output.messageId }}"
    p = only(validate(doc), "ref.step_not_upstream")
    assert p.location.node_id == "fetch"
    assert p.location.pointer == "/graph/nodes/1/config/url"
    assert "steps.notify" in p.message and "does not run before 'fetch'" in p.message


def test_a_step_cannot_read_itself(doc):
    notify_text(doc, "${{ steps.notify.status }}")
    p = only(validate(doc), "ref.step_not_upstream")
    assert "its own result" in p.message


def test_an_edge_may_read_its_source(doc):
    # An edge's condition may read its own source node (here the condition 'check').
    doc["graph"]["nodes"].insert(3, {"id": "check", "type": "condition"})
    edge(doc, "e2")["target"] = "check"
    doc["graph"]["edges"] += [
        {"id": "e6", "source": "check", "target": "route",
         "condition": {"expression": "steps.check.status == 'ok'"}},
        {"id": "e7", "source": "check", "target": "end", "condition": "otherwise"},
    ]
    assert validate(doc) == []


def test_an_edge_cannot_read_a_step_downstream_of_its_source(doc):
    edge(doc, "e3")["condition"] = {"expression": "steps.notify.status == 'ok'"}
    p = only(validate(doc), "ref.step_not_upstream")
    assert p.location.edge_id == "e3"
    assert "runs after 'route'" in p.message


def test_sibling_branch_is_not_upstream(doc):
    doc["graph"]["nodes"].append({"id": "archive", "type": "action", "actionId": "flow.delay",
                                  "config": {"seconds": 1}})
    edge(doc, "e4")["target"] = "archive"
    doc["graph"]["edges"].append({"id": "e6", "source": "archive", "target": "end"})
    node(doc, "archive")["actionId"] = "chat.post_message"
    node(doc, "archive")["config"] = {"channel": "#x", "text": "${{ steps.notify.status }}"}
    p = only(validate(doc), "ref.step_not_upstream")
    assert p.location.node_id == "archive"


def test_cel_fields_of_an_action_are_checked_as_bare_expressions(doc):
    node(doc, "notify")["actionId"] = "data.transform"
    node(doc, "notify")["config"] = {"expression": "{'id': params.customerId, 'x': params.nope}"}
    p = only(validate(doc), "ref.unknown_param")
    assert p.location.pointer == "/graph/nodes/3/config/expression"
    node(doc, "notify")["config"] = {"expression": "{'id': "}
    assert only(validate(doc), "cel.syntax").location.pointer == "/graph/nodes/3/config/expression"
