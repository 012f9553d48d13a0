"""Plain-language messages: one sentence per jsonschema keyword, names for graph items."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft7Validator, Draft202012Validator, FormatChecker

from flowdesk.model.document import Edge, Expression, Graph, Node
from flowdesk.model.plain_messages import (
    GraphNames,
    describe_problems,
    field_path,
    missing_property,
    plain_error,
    pointer_area,
    with_subject,
)
from flowdesk.model.problems import Location, error


def _only_error(schema: Any, value: Any, cls: type = Draft202012Validator) -> Any:
    errors = list(cls(schema, format_checker=FormatChecker()).iter_errors(value))
    assert len(errors) == 1, [e.message for e in errors]
    return errors[0]


def _sentence(schema: Any, value: Any, cls: type = Draft202012Validator) -> str:
    return plain_error(_only_error(schema, value, cls))


@pytest.mark.parametrize(("schema", "value", "expected"), [
    ({"type": "number"}, "abc", "must be a number"),
    ({"type": "integer"}, 1.5, "must be a whole number"),
    ({"type": "string"}, 3, "must be text"),
    ({"type": "boolean"}, "yes", "must be true or false"),
    ({"type": ["string", "null"]}, 3, "must be text or empty (null)"),
    ({"type": ["string", "number", "boolean"]}, [], "must be text, a number or true or false"),
    ({"enum": ["a", "b", "c"]}, "d", "pick one of: a, b, c"),
    ({"enum": [1, 2, None]}, 3, "pick one of: 1, 2, null"),
    ({"const": "v1"}, "v2", "must be v1"),
    ({"minimum": 3}, 1, "must be at least 3"),
    ({"maximum": 10}, 11, "must be at most 10"),
    ({"exclusiveMinimum": 0}, 0, "must be more than 0"),
    ({"exclusiveMaximum": 1.5}, 2, "must be less than 1.5"),
    ({"multipleOf": 5}, 7, "must be a multiple of 5"),
    ({"minLength": 3}, "ab", "must be at least 3 characters"),
    ({"minLength": 1}, "", "must not be empty"),
    ({"maxLength": 1}, "ab", "must be at most 1 character"),
    ({"pattern": "^[A-Z]+$"}, "abc", "must match the pattern ^[A-Z]+$"),
    ({"format": "email"}, "nope", "must be an email address"),
    ({"format": "date"}, "12/03/2024", "must be a date (YYYY-MM-DD)"),
    ({"properties": {"a": {}}, "additionalProperties": False}, {"a": 1, "foo": 2},
     "not an allowed field: foo"),
    ({"additionalProperties": False}, {"x": 1, "y": 2}, "not allowed fields: x, y"),
    ({"minItems": 2}, [1], "must have at least 2 entries"),
    ({"minItems": 1}, [], "must have at least one entry"),
    ({"maxItems": 1}, [1, 2], "must have at most 1 entry"),
    ({"uniqueItems": True}, [1, 1], "must not list the same entry twice"),
    ({"minProperties": 1}, {}, "must have at least 1 field"),
    ({"maxProperties": 1}, {"a": 1, "b": 2}, "must have at most 1 field"),
    ({"oneOf": [{"const": "x"}, {"const": "y"}]}, "z", "pick one of: x, y"),
    ({"anyOf": [{"type": "string"}, {"type": "integer"}]}, 1.5,
     "must be text or a whole number"),
    ({"oneOf": [{"title": "By id", "required": ["id"]}, {"title": "By name",
                                                        "required": ["name"]}]},
     {}, "must fit one of: By id, By name"),
    ({"oneOf": [{"type": "number"}, {"minimum": 0}]}, 3,
     "fits more than one of the choices; it must fit exactly one"),
    ({"not": {"const": 0}}, 0, "is a value that is not allowed here"),
    ({"required": ["name"]}, {}, "required"),
    ({"dependentRequired": {"card": ["cvv"]}}, {"card": "4111"}, "required"),
    ({"contains": {"const": 1}}, [2], "must contain at least one matching entry"),
    ({"propertyNames": {"maxLength": 2}}, {"long": 1}, "must be at most 2 characters"),
])
def test_each_keyword_reads_as_a_short_sentence(schema: Any, value: Any, expected: str) -> None:
    assert _sentence(schema, value) == expected


def test_no_developer_words_in_common_messages() -> None:
    for schema, value in (({"type": "number"}, "x"), ({"enum": [1, 2]}, 3),
                          ({"required": ["a"]}, {})):
        text = _sentence(schema, value)
        assert "is not of type" not in text and "is a required property" not in text
        assert "'" not in text


def test_false_schema_and_draft7_dependencies() -> None:
    assert _sentence({"properties": {"a": False}}, {"a": 1}) == "is not allowed here"
    err = _only_error({"dependencies": {"card": ["cvv"]}}, {"card": 1}, Draft7Validator)
    assert plain_error(err) == "required"
    assert missing_property(err) == "cvv"


def test_missing_property_names_the_field_to_fill() -> None:
    err = _only_error({"required": ["name"]}, {"other": 1})
    assert missing_property(err) == "name"
    assert missing_property(_only_error({"type": "number"}, "x")) is None


def test_long_lists_and_values_are_cut() -> None:
    text = _sentence({"enum": [f"v{i}" for i in range(20)]}, "x")
    assert text.startswith("pick one of: v0, v1") and "(12 more)" in text
    assert len(_sentence({"const": "x" * 200}, "y")) < 60


def _graph() -> Graph:
    return Graph(
        nodes=(
            Node("start", "start", name="Start"),
            Node("large", "condition", name="Large order?"),
            Node("send", "action", name="Send email", action_id="email.send"),
            Node("plain", "action", action_id="email.send"),
            Node("end", "end"),
        ),
        edges=(
            Edge("e1", "start", "large"),
            Edge("e4", "large", "send", Expression("params.amount > 1000")),
            Edge("e5", "large", "send", "otherwise"),
            Edge("e6", "send", "plain"),
        ),
    )


def test_nodes_by_name_and_id_only_as_fallback() -> None:
    names = GraphNames.of(_graph())
    assert names.node("send") == "Send email"
    assert names.node("plain") == "plain"
    assert names.node("gone") == "gone"


def test_edges_as_source_to_target_with_the_condition_when_parallel() -> None:
    names = GraphNames.of(_graph())
    assert names.edge("e1") == "Start -> Large order?"
    assert names.edge("e6") == "Send email -> plain"
    assert names.edge("e4") == "Large order? -> Send email (params.amount > 1000)"
    assert names.edge("e5") == "Large order? -> Send email (otherwise)"


def test_problem_text_uses_names_and_drops_the_repeated_subject() -> None:
    names = GraphNames.of(_graph())
    p = error("action.config_invalid", Location("/graph/nodes/2/config/to", node_id="send"),
              "node 'send' (Send email): To: must be text")
    assert names.where(p.location) == "Send email"
    assert names.problem_text(p) == "To: must be text"
    q = error("graph.unreachable", Location("/graph/nodes/3", node_id="plain"),
              "node 'send' cannot be reached from 'start'")
    assert names.problem_text(q) == "node “Send email” cannot be reached from “Start”"
    own = error("graph.unreachable", Location("/graph/nodes/2", node_id="send"),
                "node 'send' cannot be reached from 'start'")
    assert names.describe(own) == "Send email: Cannot be reached from “Start”"
    r = error("edge.duplicate", Location("/graph/edges/2", edge_id="e5"),
              "edge 'e5' repeats edge 'e4'")
    assert names.where(r.location) == "Large order? -> Send email (otherwise)"
    assert names.problem_text(r) == "Repeats edge “Large order? -> Send email (params.amount > 1000)”"
    cycle = error("graph.cycle", Location("/graph/nodes/1", node_id="large"),
                  "these nodes form a cycle: large -> send -> large; a workflow must not loop")
    assert "Large order? -> Send email -> Large order?" in names.problem_text(cycle)


def test_locations_without_an_item_name_their_area() -> None:
    assert pointer_area("/parameterSchema/properties/amount/default") == "Parameters › amount"
    assert pointer_area("/envConfig/secrets/API_TOKEN") == "Secret references › API_TOKEN"
    assert pointer_area("/envConfig/env/BASE") == "Environment › BASE"
    assert pointer_area("") == "Workflow"
    lines = describe_problems(
        [error("start.missing", Location("/graph/nodes"), "the graph needs exactly one start node")],
        _graph())
    assert lines == ["Steps: the graph needs exactly one start node"]


def test_a_bare_quoted_edge_id_becomes_the_edge_name() -> None:
    names = GraphNames.of(_graph())
    p = error("condition.multiple_otherwise", Location("/graph/edges/2/condition", edge_id="e5"),
              "condition 'large' already has an otherwise edge ('e4')")
    assert names.problem_text(p) == (
        "condition “Large order?” already has an otherwise edge "
        "(“Large order? -> Send email (params.amount > 1000)”)")


def test_sentences_standing_alone_get_their_subject_back() -> None:
    assert with_subject("amount", "must be a number") == "amount must be a number"
    assert with_subject("zip", "required") == "zip is required"
    assert with_subject("level", "pick one of: low, high") == "level: pick one of: low, high"
    assert with_subject("address", "not an allowed field: foo") == (
        "address: not an allowed field: foo")
    assert field_path(["lines", 1, "qty"]) == "lines › item 2 › qty"
