"""Parameter order survives canonical JSON (sorted keys) through ``x-flowdesk-order``."""

from __future__ import annotations

import json

from flowdesk.model.canonical import canonical_json
from flowdesk.model.forms import FieldDescriptor, SchemaContext
from flowdesk.model.params import (
    ORDER_KEYWORD,
    add_parameter,
    declare_order,
    list_parameters,
    move_parameter,
    ordered_names,
    remove_parameter,
    rename_parameter,
    set_required,
)
from flowdesk.model.validation.parameters import check_schema

BASE = {
    "type": "object",
    "properties": {"zone": {"type": "string"}, "count": {"type": "integer"},
                   "mode": {"type": "string"}},
}


def stored(schema: dict) -> dict:
    """What comes back after a save: canonical JSON, keys sorted."""
    return json.loads(canonical_json(schema))


def names(schema: dict, container: str = "") -> list[str]:
    return [p.name for p in list_parameters(schema, container)]


def test_without_the_keyword_key_order_is_the_order() -> None:
    assert names(BASE) == ["zone", "count", "mode"]
    assert names(stored(BASE)) == ["count", "mode", "zone"]  # the problem the keyword solves


def test_moved_parameters_keep_their_order_through_canonical_json() -> None:
    moved = move_parameter(BASE, "mode", 0)
    assert moved[ORDER_KEYWORD] == ["mode", "zone", "count"]
    back = stored(moved)
    assert names(back) == ["mode", "zone", "count"]
    assert list(FieldDescriptor(SchemaContext(back), back).properties) == ["mode", "zone", "count"]


def test_add_appends_or_inserts_and_is_recorded() -> None:
    schema = stored(move_parameter(BASE, "count", 2))  # zone, mode, count
    appended = add_parameter(schema, "alpha")
    assert names(stored(appended)) == ["zone", "mode", "count", "alpha"]
    inserted = add_parameter(schema, "beta", index=1)
    assert names(stored(inserted)) == ["zone", "beta", "mode", "count"]


def test_rename_keeps_the_slot_and_remove_drops_the_name() -> None:
    schema = stored(move_parameter(BASE, "count", 0))  # count, zone, mode
    renamed = rename_parameter(schema, "zone", "region")
    assert renamed[ORDER_KEYWORD] == ["count", "region", "mode"]
    assert names(stored(renamed)) == ["count", "region", "mode"]
    removed = remove_parameter(renamed, "count")
    assert removed[ORDER_KEYWORD] == ["region", "mode"]
    assert names(stored(removed)) == ["region", "mode"]


def test_unlisted_names_follow_and_listed_missing_names_are_ignored() -> None:
    schema = {
        "type": "object",
        "properties": {"b": {}, "a": {}, "c": {}, "d": {}},
        ORDER_KEYWORD: ["c", "ghost", "a", "c", 7],
    }
    assert names(schema) == ["c", "a", "b", "d"]
    assert ordered_names(["x", "y"], ["y", "nope"]) == ["y", "x"]
    # a malformed keyword is ignored, not an error
    assert names({**schema, ORDER_KEYWORD: "c,a"}) == ["b", "a", "c", "d"]


def test_edits_keep_listed_names_that_another_keyword_adds() -> None:
    # "extra" is listed but comes from a then-branch: editing must not forget where it goes
    schema = {"type": "object", "properties": {"a": {}, "b": {}}, ORDER_KEYWORD: ["b", "extra", "a"]}
    moved = move_parameter(schema, "a", 0)
    assert moved[ORDER_KEYWORD] == ["a", "b", "extra"]


def test_nested_objects_are_ordered_too() -> None:
    schema = {"type": "object", "properties": {"address": {
        "type": "object", "properties": {"street": {}, "city": {}, "zip": {}}}}}
    container = "/properties/address"
    moved = move_parameter(schema, "zip", 0, container)
    assert names(stored(moved), container) == ["zip", "street", "city"]


def test_required_list_follows_the_declared_order() -> None:
    schema = stored(move_parameter(BASE, "zone", 2))  # count, mode, zone
    schema = set_required(set_required(schema, "zone", True), "count", True)
    assert schema["required"] == ["count", "zone"]


def test_the_keyword_passes_the_parameter_schema_check() -> None:
    schema = {**move_parameter(BASE, "mode", 0),
              "$schema": "https://json-schema.org/draft/2020-12/schema"}
    nested = add_parameter(schema, "address", {"type": "object", "properties": {"a": {}, "b": {}},
                                               ORDER_KEYWORD: ["b", "a"]})
    assert check_schema(stored(nested)) == []


def test_declare_order_records_typed_key_order_everywhere_but_in_data() -> None:
    typed = {
        "type": "object",
        "properties": {
            "zone": {"type": "string"},
            "address": {"type": "object", "properties": {"street": {}, "city": {}},
                        "default": {"street": "x", "city": "y"}},
            "tags": {"type": "array", "items": {"properties": {"b": {}, "a": {}}}},
        },
        "$defs": {"pair": {"properties": {"right": {}, "left": {}}}},
        "oneOf": [{"properties": {"q": {}, "p": {}}}, {"properties": {"only": {}}}],
        "examples": [{"zone": "z", "address": {}}],
    }
    declared = declare_order(typed)
    assert "x-flowdesk-order" not in typed  # a copy: the input is untouched
    back = stored(declared)
    assert names(back) == ["zone", "address", "tags"]
    assert names(back, "/properties/address") == ["street", "city"]
    assert names(back, "/properties/tags/items") == ["b", "a"]
    assert back["$defs"]["pair"][ORDER_KEYWORD] == ["right", "left"]
    assert back["oneOf"][0][ORDER_KEYWORD] == ["q", "p"]
    assert ORDER_KEYWORD not in back["oneOf"][1]  # one property needs no order
    assert back["properties"]["address"]["default"] == {"city": "y", "street": "x"}
    assert back["examples"] == [{"address": {}, "zone": "z"}]  # data is not a schema
    # an order the author gave is kept as it is
    kept = declare_order({"properties": {"a": {}, "b": {}}, ORDER_KEYWORD: ["b", "a"]})
    assert kept[ORDER_KEYWORD] == ["b", "a"]
    assert check_schema(back) == []
