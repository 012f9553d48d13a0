"""The parameter list view of a schema and its edit operations."""

from __future__ import annotations

import copy

import pytest

from flowdesk.model.errors import EditError
from flowdesk.model.params import (
    DELETE,
    add_parameter,
    fresh_name,
    get_parameter,
    list_parameters,
    move_parameter,
    remove_parameter,
    rename_parameter,
    set_item_type,
    set_required,
    set_type,
    update_parameter,
)


@pytest.fixture
def schema() -> dict:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": "kept by every edit",
        "x-ui": {"order": "custom"},
        "type": "object",
        "properties": {
            "customerId": {"type": "string", "format": "uuid", "title": "Customer",
                           "x-widget": "picker"},
            "amount": {"type": "number", "minimum": 0, "default": 10},
            "address": {
                "type": "object",
                "properties": {"city": {"type": "string"}, "zip": {"type": "string"}},
                "required": ["city"],
            },
            "lines": {"type": "array", "items": {"type": "object",
                                                 "properties": {"sku": {"type": "string"}}}},
            "tags": {"type": ["string", "null"], "enum": ["a", "b", None]},
        },
        "required": ["customerId", "amount"],
        "allOf": [{"if": {"properties": {"amount": {"minimum": 100}}}, "then": {}}],
    }


def test_lists_parameters_in_order_with_their_fields(schema: dict) -> None:
    params = list_parameters(schema)
    assert [p.name for p in params] == ["customerId", "amount", "address", "lines", "tags"]
    cid, amount, address, lines, tags = params
    assert (cid.type, cid.format, cid.title, cid.required) == ("string", "uuid", "Customer", True)
    assert cid.label == "string · uuid"
    assert (amount.default, amount.constraints, amount.required) == (10, {"minimum": 0}, True)
    assert address.children_container == "/properties/address"
    assert lines.label == "object[]" and lines.children_container == "/properties/lines/items"
    assert tags.nullable and tags.label == "string?" and tags.enum == ["a", "b", None]
    nested = list_parameters(schema, "/properties/address")
    assert [(p.name, p.required) for p in nested] == [("city", True), ("zip", False)]
    assert [p.name for p in list_parameters(schema, "/properties/lines/items")] == ["sku"]


def test_list_of_non_object_schema_is_empty() -> None:
    assert list_parameters(True) == []
    assert list_parameters({"type": "string"}) == []
    assert list_parameters({"type": "object"}, "/properties/missing") == []


def test_add_returns_a_new_schema_and_keeps_unknown_keywords(schema: dict) -> None:
    before = copy.deepcopy(schema)
    new = add_parameter(schema, "note", {"type": "string", "x-extra": 1}, required=True, index=1)
    assert schema == before  # the input is never mutated
    assert list(new["properties"])[:2] == ["customerId", "note"]
    assert new["required"] == ["customerId", "amount", "note"]
    assert new["properties"]["note"]["x-extra"] == 1
    for key in ("$schema", "$comment", "x-ui", "allOf"):
        assert new[key] == schema[key]


def test_add_refuses_duplicates_and_bad_names(schema: dict) -> None:
    with pytest.raises(EditError, match="'amount' already exists"):
        add_parameter(schema, "amount")
    with pytest.raises(EditError, match="not valid"):
        add_parameter(schema, "bad-name")
    with pytest.raises(EditError, match="/properties/nope"):
        add_parameter(schema, "x", container="/properties/nope")


def test_add_nested(schema: dict) -> None:
    new = add_parameter(schema, "street", container="/properties/address", required=True)
    assert new["properties"]["address"]["required"] == ["city", "street"]
    assert new["properties"]["address"]["properties"]["street"] == {"type": "string"}


def test_remove_drops_it_from_required_and_removes_empty_required(schema: dict) -> None:
    new = remove_parameter(schema, "amount")
    assert "amount" not in new["properties"] and new["required"] == ["customerId"]
    new = remove_parameter(new, "customerId")
    assert "required" not in new
    with pytest.raises(EditError, match="no parameter 'ghost'"):
        remove_parameter(schema, "ghost")


def test_rename_keeps_position_and_required(schema: dict) -> None:
    new = rename_parameter(schema, "amount", "total")
    assert list(new["properties"]) == ["customerId", "total", "address", "lines", "tags"]
    assert new["required"] == ["customerId", "total"]
    assert new["properties"]["total"] == schema["properties"]["amount"]
    with pytest.raises(EditError, match="already exists"):
        rename_parameter(schema, "amount", "tags")


def test_move_reorders_properties(schema: dict) -> None:
    new = move_parameter(schema, "tags", 0)
    assert list(new["properties"]) == ["tags", "customerId", "amount", "address", "lines"]
    new = move_parameter(new, "tags", 99)
    assert list(new["properties"])[-1] == "tags"


def test_set_required_keeps_parameter_order(schema: dict) -> None:
    new = set_required(schema, "customerId", False)
    assert new["required"] == ["amount"]
    new = set_required(new, "customerId", True)
    assert new["required"] == ["customerId", "amount"]
    assert "required" not in set_required(set_required(new, "amount", False), "customerId", False)


def test_update_sets_and_deletes_keywords_only(schema: dict) -> None:
    new = update_parameter(schema, "customerId", {"title": "Client", "format": DELETE})
    p = get_parameter(new, "customerId")
    assert p.title == "Client" and p.format is None
    assert p.schema["x-widget"] == "picker"


def test_set_type_tidies_keywords_that_stop_applying(schema: dict) -> None:
    new = set_type(schema, "customerId", "integer")
    sub = new["properties"]["customerId"]
    assert sub == {"type": "integer", "title": "Customer", "x-widget": "picker"}
    new = set_type(schema, "amount", "string")
    assert new["properties"]["amount"] == {"type": "string"}  # minimum and default 10 dropped
    new = set_type(schema, "amount", "integer")
    assert new["properties"]["amount"] == {"type": "integer", "minimum": 0, "default": 10}
    new = set_type(schema, "tags", "integer")
    assert new["properties"]["tags"] == {"type": ["integer", "null"], "enum": [None]}
    new = set_type(schema, "amount", "array")
    assert new["properties"]["amount"]["items"] == {"type": "string"}
    new = set_type(schema, "amount", "number", nullable=True)
    assert new["properties"]["amount"]["type"] == ["number", "null"]
    with pytest.raises(EditError, match="not a JSON Schema type"):
        set_type(schema, "amount", "float")


def test_set_item_type(schema: dict) -> None:
    new = set_type(schema, "customerId", "array")
    new = set_item_type(new, "customerId", "object")
    p = get_parameter(new, "customerId")
    assert p.children_container == "/properties/customerId/items"
    with pytest.raises(EditError, match="not an array"):
        set_item_type(schema, "amount", "string")


def test_fresh_name_and_empty_schema() -> None:
    new = add_parameter(None, fresh_name(None))
    assert new == {"type": "object", "properties": {"param": {"type": "string"}}}
    assert fresh_name(new) == "param2"
