"""A run's input against the parameter schema; defaults filled in."""

from __future__ import annotations

import copy

from flowdesk.model.run_input import fill_defaults, validate_run_input

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {
        "customerId": {"type": "string", "minLength": 1},
        "amount": {"type": "number", "minimum": 0, "default": 0},
        "options": {"type": "object", "properties": {
            "notify": {"type": "boolean", "default": True},
            "channel": {"type": "string", "default": "#ops"},
            "retry": {"type": "object", "properties": {"times": {"type": "integer", "default": 3}}},
        }},
        "tags": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["customerId"],
}


def test_valid_input_has_no_problems():
    assert validate_run_input(SCHEMA, {"customerId": "c1", "amount": 5}) == []


def test_missing_required_parameter_points_at_it():
    problems = validate_run_input(SCHEMA, {"amount": 5})
    assert [(p.code, p.location.pointer) for p in problems] == [("input.missing", "/customerId")]
    assert problems[0].message == "parameter customerId is required"


def test_errors_point_into_the_input():
    problems = validate_run_input(SCHEMA, {"customerId": "", "amount": -1, "tags": ["a", 2],
                                           "options": {"notify": "yes"}})
    assert sorted(p.location.pointer for p in problems) == [
        "/amount", "/customerId", "/options/notify", "/tags/1"]
    assert all(p.code == "input.invalid" for p in problems)
    assert {p.location.pointer: p.message for p in problems} == {
        "/amount": "parameter amount must be at least 0",
        "/customerId": "parameter customerId must not be empty",
        "/options/notify": "parameter options.notify must be true or false",
        "/tags/1": "parameter tags › item 2 must be text",
    }


def test_input_that_is_not_an_object():
    problems = validate_run_input(SCHEMA, [1])
    assert problems[0].location.pointer == "" and problems[0].message == (
        "the input must be an object")


def test_broken_schema_is_one_problem_not_an_exception():
    problems = validate_run_input({"type": "nonsense"}, {})
    assert [p.code for p in problems] == ["input.schema_invalid"]


def test_no_schema_accepts_any_object():
    assert validate_run_input(None, {"x": 1}) == []


def test_fill_defaults_fills_nested_objects_and_keeps_the_input():
    params = {"customerId": "c1", "options": {"notify": False}}
    before = copy.deepcopy(params)
    filled = fill_defaults(SCHEMA, params)
    assert filled == {"customerId": "c1", "amount": 0,
                      "options": {"notify": False, "channel": "#ops", "retry": {"times": 3}}}
    assert params == before


def test_fill_defaults_creates_absent_objects_with_defaults():
    assert fill_defaults(SCHEMA, {"customerId": "c"})["options"] == {
        "notify": True, "channel": "#ops", "retry": {"times": 3}}


def test_explicit_values_win_and_defaults_are_copies():
    schema = {"type": "object", "properties": {"list": {"type": "array", "default": []}}}
    a = fill_defaults(schema, {})
    a["list"].append(1)
    assert fill_defaults(schema, {}) == {"list": []}
    assert fill_defaults(schema, {"list": [2]}) == {"list": [2]}
