"""``$ref`` loops that never reach a part of the value are caught at validate.

Such a schema is valid JSON Schema and used to pass validate and publish, then
made every run fail with "maximum recursion depth". Recursive schemas that
descend into the value (a tree whose children are nodes) stay valid.
"""

from __future__ import annotations

from typing import Any

import pytest
from tests.support.validation_docs import fresh_doc

from flowdesk.model.document import load
from flowdesk.model.forms import FieldDescriptor, SchemaContext, validate_value
from flowdesk.model.run_input import validate_run_input
from flowdesk.model.schema_references import reference_problems
from flowdesk.model.simulate import dry_run
from flowdesk.model.validation import validate

# A hang (the bug) fails here within a minute instead of at the suite-wide limit.
pytestmark = pytest.mark.timeout(60)

LOOP: dict[str, Any] = {
    "type": "object",
    "properties": {"target": {"$ref": "#/$defs/a"}},
    "$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"allOf": [{"$ref": "#/$defs/a"}]}},
}
TREE: dict[str, Any] = {
    "type": "object",
    "properties": {"root": {"$ref": "#/$defs/node"}},
    "$defs": {"node": {"type": "object", "properties": {
        "name": {"type": "string"},
        "children": {"type": "array", "items": {"$ref": "#/$defs/node"}},
    }}},
}


def problems_of(schema: dict[str, Any]) -> list[Any]:
    doc = fresh_doc()
    doc["parameterSchema"] = schema
    return [p for p in validate(load(doc)) if p.code.startswith("params.")]


def test_validate_reports_the_loop_at_a_ref_on_it() -> None:
    problems = problems_of(LOOP)
    assert [(p.code, p.location.pointer) for p in problems] == [
        ("params.ref_cycle", "/parameterSchema/$defs/b/allOf/0/$ref")]
    assert problems[0].is_error
    assert "/parameterSchema/$defs/a -> /parameterSchema/$defs/b" in problems[0].message


@pytest.mark.parametrize("schema", [
    {"type": "object", "allOf": [{"$ref": "#"}]},
    {"type": "object", "properties": {"x": {"$ref": "#/$defs/s"}},
     "$defs": {"s": {"anyOf": [{"type": "string"}, {"$ref": "#/$defs/s"}]}}},
    {"type": "object", "properties": {"x": {"$ref": "#/$defs/s"}},
     "$defs": {"s": {"not": {"$ref": "#/$defs/s"}}}},
    {"type": "object", "properties": {"x": {"$ref": "#/$defs/s"}},
     "$defs": {"s": {"$id": "urn:s", "if": {"$ref": "urn:s"}}}},
], ids=["root-allOf", "anyOf", "not", "by-id"])
def test_every_in_place_loop_is_an_error(schema: dict[str, Any]) -> None:
    assert [p.code for p in problems_of(schema)] == ["params.ref_cycle"]


@pytest.mark.parametrize("schema", [
    TREE,
    {"type": "object", "properties": {"next": {"$ref": "#"}}},
    {"type": "object", "additionalProperties": {"$ref": "#"}},
], ids=["tree", "linked-list", "map-of-self"])
def test_recursion_through_the_value_is_fine(schema: dict[str, Any]) -> None:
    assert problems_of(schema) == []
    assert reference_problems(schema) == []


def test_runs_refuse_the_schema_instead_of_recursing() -> None:
    problems = validate_run_input(LOOP, {"target": 1})
    assert [p.code for p in problems] == ["input.schema_invalid"]
    assert "/$defs/b/allOf/0/$ref" in problems[0].message
    doc = fresh_doc()
    doc["parameterSchema"] = LOOP
    assert dry_run(load(doc), {"target": 1}).outcome == "invalid_params"


def test_forms_draw_the_schema_and_say_why_they_cannot_check_it() -> None:
    context = SchemaContext(LOOP)
    descriptor = FieldDescriptor(context, LOOP)
    field = descriptor.properties["target"]
    assert field.kind  # building the field does not recurse without end
    errors = validate_value(context, {"target": 1})
    assert len(errors) == 1 and "loops back" in errors[0].message


def test_tree_values_still_validate() -> None:
    value = {"root": {"name": "a", "children": [{"name": "b", "children": []}]}}
    assert validate_run_input(TREE, value) == []
    bad = {"root": {"name": "a", "children": [{"name": 5}]}}
    assert [p.location.pointer for p in validate_run_input(TREE, bad)] == [
        "/root/children/0/name"]
