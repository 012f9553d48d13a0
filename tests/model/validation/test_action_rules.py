"""Action nodes against the catalog and their actions' input schemas."""

from __future__ import annotations

import pytest
from tests.support.validation_docs import node, only

from flowdesk.model.catalog import Action, ActionCatalog, builtin_catalog
from flowdesk.model.validation import validate
from flowdesk.model.validation.actions import config_checker
from flowdesk.model.validation.fast_schema import compile_schema


def test_unknown_action(doc):
    node(doc, "notify")["actionId"] = "chat.post"
    p = only(validate(doc), "action.unknown")
    assert p.location.node_id == "notify" and p.location.pointer == "/graph/nodes/3/actionId"
    assert "'chat.post'" in p.message and "catalog" in p.message


def test_config_field_of_the_wrong_type_is_located(doc):
    node(doc, "fetch")["config"]["timeoutSeconds"] = "soon"
    p = only(validate(doc), "action.config_invalid")
    assert p.location.node_id == "fetch"
    assert p.location.pointer == "/graph/nodes/1/config/timeoutSeconds"
    assert p.message == "node 'fetch' (HTTP request): Timeout (seconds): must be a number"


def test_missing_required_config_field(doc):
    del node(doc, "notify")["config"]["channel"]
    p = only(validate(doc), "action.config_invalid")
    assert p.location.pointer == "/graph/nodes/3/config"
    assert p.message.endswith(": Channel: required")


def test_enum_and_unknown_field(doc):
    node(doc, "fetch")["config"]["method"] = "FETCH"
    node(doc, "fetch")["config"]["verb"] = "GET"
    problems = [p for p in validate(doc) if p.code == "action.config_invalid"]
    assert [p.location.pointer for p in problems] == [
        "/graph/nodes/1/config", "/graph/nodes/1/config/method",
    ]
    assert problems[0].message.endswith("config: not an allowed field: verb")


def test_missing_config_counts_as_empty(doc):
    del node(doc, "notify")["config"]
    assert {p.code for p in validate(doc)} == {"action.config_invalid"}


def test_a_whole_template_may_stand_for_any_type(doc):
    node(doc, "fetch")["config"]["timeoutSeconds"] = "${{ params.threshold }}"
    assert validate(doc) == []


def test_a_user_catalog_can_add_actions(doc):
    custom = Action("crm.lookup", "CRM lookup", "CRM", "database", "", {
        "type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"],
        "additionalProperties": False}, {"description": "the record"})
    catalog = builtin_catalog().merged_with(ActionCatalog([custom]))
    node(doc, "notify")["actionId"] = "crm.lookup"
    node(doc, "notify")["config"] = {"id": "${{ params.customerId }}"}
    assert validate(doc, catalog) == []
    assert only(validate(doc), "action.unknown")


def test_a_broken_action_schema_is_reported_not_raised(doc):
    broken = Action("bad.action", "Bad", "X", "code", "", {"type": 12}, {"description": ""})
    catalog = ActionCatalog([*builtin_catalog(), broken])
    node(doc, "notify")["actionId"] = "bad.action"
    p = only(validate(doc, catalog), "action.schema_invalid")
    assert "not a valid JSON Schema" in p.message


@pytest.mark.parametrize("action", list(builtin_catalog()), ids=lambda a: a.id)
def test_every_builtin_action_schema_compiles_to_a_fast_check(action):
    checker = config_checker(action)
    assert checker.validator is not None and checker.fast is not None


SAMPLES = [
    {}, {"method": "GET", "url": "https://x"}, {"method": "get", "url": "u"},
    {"method": "GET", "url": ""}, {"method": "GET", "url": "u", "headers": {"A": 1}},
    {"method": "GET", "url": "u", "timeoutSeconds": 0}, {"seconds": 5}, {"seconds": 5.0},
    {"seconds": True}, {"seconds": 5, "until": "2026-01-01T00:00:00Z"}, {"until": "x"},
    {"expectedStatus": [200, 200.0]}, {"method": "GET", "url": "u", "expectedStatus": [200, 201]},
    {"to": ["a@b.c"], "subject": "s", "body": "b"}, {"to": [], "subject": "s", "body": "b"},
    {"to": "${{ params.emails }}", "subject": "s", "body": "b"},
    {"channel": "#x", "text": "hi", "extra": 1}, {"labels": ["a b"]}, {"bucket": "Bad_Bucket"},
    {"connectionId": "c", "statement": "select 1", "parameters": {"a": [1]}},
    {"approvers": ["a"], "title": "t", "quorum": 0}, {"event": "Order.Created", "url": "u"},
]


@pytest.mark.parametrize("action", list(builtin_catalog()), ids=lambda a: a.id)
def test_the_fast_check_never_accepts_what_jsonschema_rejects(action):
    checker = config_checker(action)
    for sample in SAMPLES:
        if checker.fast(sample):
            errors = [e for e in checker.validator.iter_errors(sample)
                      if not (isinstance(e.instance, str) and e.instance.startswith("${{"))]
            assert errors == [], (action.id, sample)
        else:
            assert not checker.validator.is_valid(sample) or "${{" in str(sample), (action.id, sample)


def test_fast_check_basics():
    check = compile_schema({"type": "object", "properties": {"n": {"type": "integer", "minimum": 1}},
                            "required": ["n"], "additionalProperties": False})
    assert check({"n": 1}) and check({"n": 2.0})
    assert not check({"n": 0}) and not check({"n": True}) and not check({}) and not check(
        {"n": 1, "m": 2})
