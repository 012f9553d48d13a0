"""Structural problems: the format's JSON Schema, located by JSON pointer."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator
from tests.support.validation_docs import BASE, node, only

from flowdesk.model.document import dump
from flowdesk.model.problems import Severity
from flowdesk.model.resources import load_json_resource
from flowdesk.model.validation import validate
from flowdesk.model.validation.structure import _looks_fine, _validator, format_schema


def test_the_format_schema_is_a_valid_2020_12_schema_with_an_id():
    schema = load_json_resource("schemas", "version-document.schema.json")
    Draft202012Validator.check_schema(schema)
    assert schema["$id"].startswith("https://")
    assert Draft202012Validator(schema).is_valid(BASE)


@pytest.mark.parametrize("value", [None, 3, "text", [], [{"graph": {}}]])
def test_not_an_object_is_one_problem(value):
    problems = validate(value)
    assert [(p.code, p.location.pointer) for p in problems] == [("structure.type", "")]
    assert problems[0].message == "expected an object"


def test_missing_graph(doc):
    del doc["graph"]
    p = only(validate(doc), "structure.missing")
    assert p.location.pointer == "" and "'graph' is required" in p.message


def test_format_version_must_be_1(doc):
    doc["formatVersion"] = 2
    p = only(validate(doc), "structure.value")
    assert p.location.pointer == "/formatVersion" and "must be 1" in p.message


def test_unknown_node_type_names_the_node(doc):
    node(doc, "route")["type"] = "decision"
    problems = validate(doc)
    p = next(p for p in problems if p.code == "structure.value")
    assert p.location.node_id == "route"
    assert p.location.pointer == "/graph/nodes/2/type"
    assert "'decision' is not one of" in p.message


def test_nodes_that_is_not_a_list_stops_validation(doc):
    doc["graph"]["nodes"] = {"start": {}}
    problems = validate(doc)
    assert [(p.code, p.location.pointer) for p in problems] == [("structure.type", "/graph/nodes")]
    assert problems[0].message == "expected an array"


def test_node_that_is_not_an_object(doc):
    doc["graph"]["nodes"][2] = "route"
    problems = validate(doc)
    assert [(p.code, p.location.pointer) for p in problems] == [
        ("structure.type", "/graph/nodes/2")
    ]


def test_action_without_action_id(doc):
    del node(doc, "notify")["actionId"]
    p = only(validate(doc), "structure.missing")
    assert p.location.node_id == "notify" and "'actionId' is required" in p.message


def test_action_id_on_a_non_action(doc):
    node(doc, "route")["actionId"] = "http.request"
    p = only(validate(doc), "structure.value")
    assert p.location.pointer == "/graph/nodes/2"
    assert "belong to action nodes" in p.message


def test_mode_on_a_non_join(doc):
    node(doc, "route")["mode"] = "all"
    p = only(validate(doc), "structure.value")
    assert "only join nodes have a mode" in p.message


def test_bad_edge_condition(doc):
    doc["graph"]["edges"][4]["condition"] = "sometimes"
    p = only(validate(doc), "structure.value")
    assert p.location.edge_id == "e5" and p.location.pointer == "/graph/edges/4/condition"
    assert '"onSuccess"' in p.message


def test_position_needs_numbers(doc):
    node(doc, "fetch")["position"] = {"x": "240", "y": 0}
    problems = validate(doc)
    assert [(p.code, p.location.pointer) for p in problems] == [
        ("structure.type", "/graph/nodes/1/position/x")
    ]


def test_unknown_keys_are_warnings_and_kept(doc):
    node(doc, "fetch")["retries"] = 3
    doc["owner"] = "ops"
    problems = validate(doc)
    assert [(p.code, p.severity, p.location.pointer) for p in problems] == [
        ("structure.unknown_key", Severity.WARNING, "/graph/nodes/1/retries"),
        ("structure.unknown_key", Severity.WARNING, "/owner"),
    ]


def test_env_value_types(doc):
    doc["envConfig"]["env"]["LIST"] = [1, 2]
    p = only(validate(doc), "structure.type")
    assert p.location.pointer == "/envConfig/env/LIST"


def test_the_fast_path_never_accepts_what_the_schema_rejects():
    """_looks_fine is an optimisation: it may only say yes when jsonschema agrees."""
    samples = [
        *BASE["graph"]["nodes"], *BASE["graph"]["edges"], *BASE["graph"]["notes"],
        {"id": "a", "type": "join", "mode": "any"}, {"id": "a", "type": "join", "mode": "some"},
        {"id": "a", "type": "end", "position": {"x": True, "y": 0}},
        {"id": "a", "type": "end", "position": {"x": 1, "y": 0, "z": 0}},
        {"id": "e", "source": "a", "target": "b", "condition": {"expression": "x", "y": 1}},
        {"id": "e", "source": "", "target": "b"},
        {"id": "n", "text": 3}, {"id": "a", "type": "action", "actionId": "x", "config": []},
        {"id": "a", "type": "condition", "config": {}},
    ]
    for kind in ("nodes", "edges", "notes"):
        validator = _validator(kind[:-1])
        for item in samples:
            if _looks_fine(kind, item):
                assert validator.is_valid(item), (kind, item)


def test_the_schema_matches_what_flowdesk_writes():
    from bench.graphs import branching_document

    document = json.loads(json.dumps(dump(branching_document(60))))
    assert list(Draft202012Validator(format_schema()).iter_errors(document)) == []
