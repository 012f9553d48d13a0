"""The parameter schema: meta-schema, object root, required, defaults, $refs."""

from __future__ import annotations

from tests.support.validation_docs import codes, only

from flowdesk.model.problems import Severity
from flowdesk.model.validation import validate


def test_meta_schema_error_is_located(doc):
    doc["parameterSchema"]["properties"]["threshold"]["type"] = "decimal"
    p = only(validate(doc), "params.meta_schema")
    assert p.location.pointer == "/parameterSchema/properties/threshold/type"
    assert p.message == ("not a valid draft 2020-12 schema here: type: pick one of: array, "
                         "boolean, integer, null, number, object, string")


def test_the_draft_named_by_dollar_schema_is_used(doc):
    schema = doc["parameterSchema"]
    schema["$schema"] = "http://json-schema.org/draft-04/schema#"
    schema["properties"]["threshold"] = {"type": "number", "minimum": 0, "exclusiveMinimum": True}
    assert validate(doc) == []  # boolean exclusiveMinimum is right in draft 4 ...
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    p = only(validate(doc), "params.meta_schema")  # ... and wrong in 2020-12
    assert p.location.pointer == "/parameterSchema/properties/threshold/exclusiveMinimum"


def test_unknown_draft_is_a_warning(doc):
    doc["parameterSchema"]["$schema"] = "https://example.com/my-draft"
    p = only(validate(doc), "params.unknown_draft")
    assert p.severity is Severity.WARNING and p.location.pointer == "/parameterSchema/$schema"


def test_root_must_be_an_object_schema(doc):
    doc["parameterSchema"]["type"] = "array"
    p = only(validate(doc), "params.root_not_object")
    assert p.location.pointer == "/parameterSchema/type" and '"type": "object"' in p.message


def test_boolean_schema_is_not_an_object_schema(doc):
    doc["parameterSchema"] = True
    problems = validate(doc)
    assert only(problems, "params.root_not_object").location.pointer == "/parameterSchema"


def test_required_names_existing_properties(doc):
    doc["parameterSchema"]["required"] = ["customerId", "orderId"]
    p = only(validate(doc), "params.required_unknown")
    assert p.location.pointer == "/parameterSchema/required/1" and "'orderId'" in p.message


def test_required_in_nested_objects(doc):
    doc["parameterSchema"]["properties"]["address"] = {
        "type": "object", "properties": {"city": {"type": "string"}}, "required": ["zip"]}
    p = only(validate(doc), "params.required_unknown")
    assert p.location.pointer == "/parameterSchema/properties/address/required/0"


def test_default_must_fit_its_own_schema(doc):
    doc["parameterSchema"]["properties"]["threshold"]["default"] = "high"
    p = only(validate(doc), "params.default_invalid")
    assert p.location.pointer == "/parameterSchema/properties/threshold/default"
    assert p.message == "the default high must be a number"


def test_a_nested_default_names_the_field_in_words(doc):
    doc["parameterSchema"]["properties"]["address"] = {
        "type": "object", "properties": {"city": {"type": "string"}, "zip": {"type": "string"}},
        "required": ["zip"], "default": {"city": "Oslo"}}
    doc["parameterSchema"]["properties"]["lines"] = {
        "type": "array", "items": {"type": "object", "properties": {"qty": {"type": "integer"}}},
        "default": [{"qty": 1}, {"qty": "two"}]}
    problems = [p for p in validate(doc) if p.code == "params.default_invalid"]
    assert {p.location.pointer: p.message for p in problems} == {
        "/parameterSchema/properties/address/default":
            'in the default {"city": "Oslo"}, zip is required',
        "/parameterSchema/properties/lines/default":
            'in the default [{"qty": 1}, {"qty": "two"}], item 2 › qty must be a whole number',
    }


def test_a_meta_schema_error_says_what_the_keyword_must_be(doc):
    doc["parameterSchema"]["properties"]["threshold"]["minimum"] = "zero"
    p = only(validate(doc), "params.meta_schema")
    assert p.location.pointer == "/parameterSchema/properties/threshold/minimum"
    assert p.message == "not a valid draft 2020-12 schema here: minimum must be a number"


def test_default_checked_through_refs(doc):
    schema = doc["parameterSchema"]
    schema["$defs"] = {"level": {"enum": ["low", "high"]}}
    schema["properties"]["level"] = {"$ref": "#/$defs/level", "default": "medium"}
    p = only(validate(doc), "params.default_invalid")
    assert p.location.pointer == "/parameterSchema/properties/level/default"
    assert p.message == "the default medium: pick one of: low, high"


def test_unresolvable_ref(doc):
    doc["parameterSchema"]["properties"]["level"] = {"$ref": "#/$defs/missing"}
    p = only(validate(doc), "params.ref_unresolvable")
    assert p.location.pointer == "/parameterSchema/properties/level/$ref"
    assert "'#/$defs/missing'" in p.message


def test_resolvable_refs_pass(doc):
    schema = doc["parameterSchema"]
    schema["$defs"] = {"level": {"enum": ["low", "high"], "default": "low"}}
    schema["properties"]["level"] = {"$ref": "#/$defs/level"}
    assert validate(doc) == []


def test_remote_ref_is_unresolvable(doc):
    doc["parameterSchema"]["properties"]["x"] = {"$ref": "https://example.com/x.json"}
    assert "params.ref_unresolvable" in codes(validate(doc))


def test_no_parameter_schema_is_fine_but_params_are_unknown(doc):
    del doc["parameterSchema"]
    problems = validate(doc)
    assert set(codes(problems)) == {"ref.unknown_param"}
