"""Parameter-schema diff: every change classified breaking or compatible, in words."""

from __future__ import annotations

from typing import Any

import pytest

from flowdesk.model.changes import ABSENT
from flowdesk.model.schema_diff import diff_schemas


def schema(**props: Any) -> dict[str, Any]:
    required = props.pop("_required", [])
    out: dict[str, Any] = {"type": "object", "properties": props}
    if required:
        out["required"] = required
    return out


def only(old: Any, new: Any):
    changes = diff_schemas(old, new)
    assert len(changes) == 1, [c.message for c in changes]
    return changes[0]


def test_same_schema_has_no_changes() -> None:
    s = schema(a={"type": "string"}, _required=["a"])
    assert diff_schemas(s, dict(s)) == []


def test_new_required_parameter_without_default_is_breaking() -> None:
    c = only(schema(), schema(a={"type": "string"}, _required=["a"]))
    assert (c.kind, c.id, c.op, c.breaking) == ("parameter", "a", "added", True)
    assert "required" in c.message and "without a default" in c.message
    assert c.pointer == "/parameterSchema/properties/a"


def test_new_required_parameter_with_default_is_compatible() -> None:
    c = only(schema(), schema(a={"type": "string", "default": "x"}, _required=["a"]))
    assert not c.breaking


def test_new_optional_parameter_is_compatible() -> None:
    c = only(schema(), schema(a={"type": "string"}))
    assert (c.op, c.breaking) == ("added", False)


def test_removed_parameter_is_breaking() -> None:
    c = only(schema(a={"type": "string"}), schema())
    assert (c.id, c.op, c.breaking) == ("a", "removed", True)
    assert c.new is ABSENT


def test_existing_parameter_made_required() -> None:
    assert only(schema(a={}), schema(a={}, _required=["a"])).breaking
    assert not only(schema(a={"default": 1}), schema(a={"default": 1}, _required=["a"])).breaking
    assert not only(schema(a={}, _required=["a"]), schema(a={})).breaking


@pytest.mark.parametrize(
    ("old", "new", "breaking"),
    [
        ("number", "integer", True),
        ("integer", "number", False),
        (["string", "null"], "string", True),
        ("string", ["string", "null"], False),
        (ABSENT, "string", True),
        ("string", ABSENT, False),
        ("string", "number", True),
    ],
)
def test_type_narrowed_is_breaking_widened_is_not(old: Any, new: Any, breaking: bool) -> None:
    a = {} if old is ABSENT else {"type": old}
    b = {} if new is ABSENT else {"type": new}
    c = only(schema(p=a), schema(p=b))
    assert c.breaking is breaking
    assert c.properties[0].pointer == "/type"


def test_removed_enum_value_is_breaking_added_is_not() -> None:
    removed = only(schema(p={"enum": ["a", "b"]}), schema(p={"enum": ["a"]}))
    assert removed.breaking and '"b"' in removed.message
    added = only(schema(p={"enum": ["a"]}), schema(p={"enum": ["a", "c"]}))
    assert not added.breaking
    assert only(schema(p={}), schema(p={"enum": ["a"]})).breaking
    assert not only(schema(p={"enum": ["a"]}), schema(p={})).breaking


@pytest.mark.parametrize(
    ("keyword", "old", "new", "breaking"),
    [
        ("minimum", 0, 5, True),
        ("minimum", 5, 0, False),
        ("minimum", ABSENT, 0, True),
        ("minimum", 0, ABSENT, False),
        ("maximum", 10, 5, True),
        ("maximum", 5, 10, False),
        ("maxLength", ABSENT, 3, True),
        ("minLength", 1, 2, True),
        ("exclusiveMaximum", 10, 9, True),
        ("maxItems", 3, 4, False),
        ("pattern", ABSENT, "^a", True),
        ("pattern", "^a", "^b", True),
        ("pattern", "^a", ABSENT, False),
        ("format", ABSENT, "email", True),
        ("format", "email", ABSENT, False),
        ("multipleOf", ABSENT, 2, True),
        ("multipleOf", 2, 4, True),
        ("multipleOf", 4, 2, False),
        ("uniqueItems", ABSENT, True, True),
        ("uniqueItems", True, False, False),
        ("const", ABSENT, 1, True),
        ("const", 1, ABSENT, False),
    ],
)
def test_constraints(keyword: str, old: Any, new: Any, breaking: bool) -> None:
    a = {} if old is ABSENT else {keyword: old}
    b = {} if new is ABSENT else {keyword: new}
    c = only(schema(p=a), schema(p=b))
    assert c.breaking is breaking, c.message
    assert c.pointer == f"/parameterSchema/properties/p/{keyword}"
    assert c.message.startswith("parameter p: ")


def test_closing_additional_properties_is_breaking() -> None:
    c = only({"type": "object"}, {"type": "object", "additionalProperties": False})
    assert c.breaking and c.id == "" and "closed" in c.message
    assert not only({"type": "object", "additionalProperties": False}, {"type": "object"}).breaking


def test_annotations_are_compatible() -> None:
    c = only(schema(p={"title": "A"}), schema(p={"title": "B", }))
    assert not c.breaking
    assert not only(schema(p={}), schema(p={"description": "d"})).breaking


def test_default_changes() -> None:
    assert not only(schema(p={"default": 1}), schema(p={"default": 2})).breaking
    # A required parameter losing its default must now be passed by every caller.
    c = only(schema(p={"default": 1}, _required=["p"]), schema(p={}, _required=["p"]))
    assert c.breaking
    assert not only(schema(p={"default": 1}), schema(p={})).breaking


def test_nested_objects_and_items_are_walked() -> None:
    old = schema(addr={"type": "object", "properties": {"zip": {"type": "string"}}},
                 tags={"type": "array", "items": {"type": "string"}})
    new = schema(addr={"type": "object", "properties": {"zip": {"type": "string",
                                                                  "maxLength": 5}}},
                 tags={"type": "array", "items": {"type": "string", "enum": ["x"]}})
    changes = diff_schemas(old, new)
    pointers = {c.pointer for c in changes}
    assert pointers == {"/parameterSchema/properties/addr/properties/zip/maxLength",
                        "/parameterSchema/properties/tags/items/enum"}
    assert all(c.breaking for c in changes)
    assert {c.id for c in changes} == {"addr", "tags"}


def test_unknown_keyword_changes_count_as_breaking_and_say_why() -> None:
    c = only(schema(p={"anyOf": [{"type": "string"}]}),
             schema(p={"anyOf": [{"type": "string"}, {"type": "null"}]}))
    assert c.breaking and "cannot tell" in c.message


def test_no_schema_accepts_everything() -> None:
    changes = {c.pointer: c for c in diff_schemas(None, schema(a={}, _required=["a"]))}
    assert changes["/parameterSchema/properties/a"].breaking
    # The input of a run is always an object, so saying so refuses nothing.
    assert not changes["/parameterSchema/type"].breaking
    assert diff_schemas(None, {}) == []
    assert diff_schemas(ABSENT, True) == []
    assert only(schema(), False).breaking


def test_garbage_schemas_do_not_raise() -> None:
    for old, new in [(1, "x"), ([], {}), ({"properties": 3}, {"properties": []}),
                     ({"required": "a"}, {"required": ["a"]}), ({"type": 3}, {"type": "x"}),
                     ({"minimum": "a"}, {"minimum": 1}), ({"enum": 1}, {"enum": [1]})]:
        changes = diff_schemas(old, new)
        assert changes and all(c.message for c in changes)
