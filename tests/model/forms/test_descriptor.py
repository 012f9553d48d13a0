"""Schema resolution into field descriptors, without a window."""

from __future__ import annotations

import subprocess
import sys

import pytest

from flowdesk.model.forms import (
    ABSENT,
    FieldDescriptor,
    SchemaContext,
    SchemaInvalid,
    default_value,
    empty_value,
    validate_value,
)
from flowdesk.model.forms.merge import merge_schemas


def describe(schema):
    return FieldDescriptor(SchemaContext(schema), schema)


@pytest.mark.parametrize(
    ("schema", "kind"),
    [
        ({"type": "string"}, "string"),
        ({"type": "integer"}, "integer"),
        ({"type": ["string", "null"]}, "variants"),
        ({"enum": [1, 2]}, "enum"),
        ({"const": 3}, "const"),
        ({"properties": {"a": {}}}, "object"),
        ({"items": {"type": "string"}}, "array"),
        ({"maxLength": 3}, "string"),
        ({"minimum": 0}, "number"),
        ({}, "any"),
        (False, "never"),
        ({"$ref": "https://example.com/elsewhere.json"}, "any"),
        ({"oneOf": [{"const": "a", "title": "A"}, {"const": "b"}]}, "enum"),
        ({"type": "object", "oneOf": [{"required": ["a"]}, {"required": ["b"]}]}, "object"),
        ({"oneOf": [{"type": "string"}, {"type": "integer"}]}, "variants"),
    ],
)
def test_kind(schema, kind) -> None:
    assert describe(schema).kind == kind


def test_one_of_consts_become_labelled_options() -> None:
    d = describe({"oneOf": [{"const": "a", "title": "Alpha"}, {"const": "b"}]})
    assert d.enum_options == [("a", "Alpha"), ("b", "b")]


def test_refs_resolve_through_defs_and_definitions_with_sibling_titles() -> None:
    schema = {
        "$defs": {"port": {"type": "integer", "maximum": 65535}},
        "definitions": {"host": {"type": "string", "title": "Host"}},
        "type": "object",
        "properties": {
            "port": {"$ref": "#/$defs/port", "title": "Port"},
            "host": {"$ref": "#/definitions/host"},
        },
    }
    props = describe(schema).properties
    assert props["port"].kind == "integer" and props["port"].title == "Port"
    assert props["port"].schema["maximum"] == 65535
    assert props["host"].title == "Host"


def test_ref_by_id_in_a_bundle_resolves() -> None:
    schema = {
        "$id": "https://example.com/root",
        "$defs": {"https://example.com/int": {"$id": "https://example.com/int", "type": "integer"}},
        "properties": {"n": {"$ref": "/int"}},
    }
    assert describe(schema).properties["n"].kind == "integer"


def test_recursive_ref_is_flagged_one_level_down() -> None:
    schema = {"$defs": {"node": {"type": "object", "properties": {
        "next": {"$ref": "#/$defs/node"}}}}, "$ref": "#/$defs/node"}
    root = describe(schema)
    assert not root.recursive
    child = root.properties["next"]
    assert child.recursive and child.kind == "object"
    assert child.properties["next"].recursive  # still resolvable, one level at a time


def test_all_of_merges_properties_required_and_bounds() -> None:
    d = describe({"allOf": [
        {"type": "object", "properties": {"a": {"type": "integer", "minimum": 0}},
         "required": ["a"]},
        {"properties": {"a": {"minimum": 5}, "b": {"type": "string"}}, "required": ["b"]},
    ]})
    assert d.kind == "object" and set(d.properties) == {"a", "b"}
    assert d.required == ["a", "b"]
    assert d.properties["a"].schema["minimum"] == 5


def test_merge_intersects_types_and_enums() -> None:
    merged = merge_schemas({"type": ["string", "integer"], "enum": [1, "a", True]},
                           {"type": "integer", "enum": [1, 2, True]})
    assert merged["type"] == "integer"
    assert merged["enum"] == [1, True]


def test_variant_matching_prefers_the_member_that_names_the_keys() -> None:
    d = describe({"oneOf": [
        {"type": "object", "properties": {"name": {"type": "string"}}},
        {"type": "object", "properties": {"name": {"type": "string"}, "vat": {}}},
    ]})
    assert d.match_variant({"name": "x", "vat": "y"}) == 1
    assert d.match_variant({"name": "x"}) == 0
    assert d.match_variant(3) is None


def test_if_then_else_branch_follows_the_value() -> None:
    d = describe({
        "type": "object",
        "if": {"properties": {"kind": {"const": "a"}}},
        "then": {"properties": {"x": {"type": "string"}}, "required": ["x"]},
        "else": {"properties": {"y": {"type": "string"}}},
    })
    (cond,) = d.conditionals
    assert d.active_branch(cond, {"kind": "a"}) == "then"
    assert d.active_branch(cond, {"kind": "b"}) == "else"
    assert set(d.branch_properties(cond, "then")) == {"x"}
    assert d.branch_required(cond, "then") == ["x"]


def test_defaults_fill_only_what_the_schema_defaults() -> None:
    d = describe({"type": "object", "required": ["v"], "properties": {
        "a": {"type": "string", "default": "x"},
        "b": {"type": "string"},
        "v": {"const": 1},
        "nested": {"type": "object", "properties": {"n": {"type": "integer", "default": 2}}},
    }})
    assert default_value(d) == {"a": "x", "v": 1, "nested": {"n": 2}}
    assert default_value(describe({"type": "string"})) is ABSENT


def test_empty_values_for_new_array_items() -> None:
    assert empty_value(describe({"type": "string"})) == ""
    assert empty_value(describe({"type": "object"})) == {}
    assert empty_value(describe({"enum": ["x", "y"]})) == "x"
    assert empty_value(describe({"type": "integer", "default": 4})) == 4


def test_errors_point_at_the_field_to_fix() -> None:
    ctx = SchemaContext({"type": "object", "required": ["a/b"], "properties": {
        "list": {"type": "array", "items": {"type": "integer"}}}})
    errors = validate_value(ctx, {"list": [1, "x"]})
    assert [(e.pointer, e.message) for e in errors] == [
        ("/a~1b", "Required."),
        ("/list/1", "Must be a whole number."),
    ]


def test_formats_are_checked() -> None:
    ctx = SchemaContext({"type": "string", "format": "date"})
    assert validate_value(ctx, "2026-02-30")
    assert not validate_value(ctx, "2026-02-28")


def test_validator_follows_schema_dialect() -> None:
    assert SchemaContext({}).validator_class.__name__ == "Draft202012Validator"
    draft4 = {"$schema": "http://json-schema.org/draft-04/schema#"}
    assert SchemaContext(draft4).validator_class.__name__ == "Draft4Validator"


def test_invalid_schema_names_the_pointer() -> None:
    with pytest.raises(SchemaInvalid) as info:
        SchemaContext({"properties": {"a": {"type": 5}}})
    assert info.value.pointer == "/properties/a/type"
    with pytest.raises(SchemaInvalid):
        SchemaContext([1, 2])


def test_model_forms_does_not_import_qt() -> None:
    code = "import sys, flowdesk.model.forms; print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
