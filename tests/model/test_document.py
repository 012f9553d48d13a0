"""Version documents: lossless load/dump, canonical JSON and content hash, property tests."""

from __future__ import annotations

import copy
import json

import pytest
from bench.graphs import branching_document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.support.validation_docs import BASE

from flowdesk.model.document import (
    Edge,
    EnvConfig,
    Expression,
    Graph,
    Node,
    Note,
    ParameterSchema,
    Position,
    SecretRef,
    VersionDocument,
    dump,
    dump_parts,
    load,
    load_parts,
)
from flowdesk.model.errors import DocumentError
from flowdesk.model.validation import validate

# ----------------------------------------------------------------- strategies

json_scalars = (
    st.none() | st.booleans() | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=10,
)
json_objects = st.dictionaries(st.text(max_size=8), json_values, max_size=4)
ids = st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True)
numbers = st.integers(-5000, 5000) | st.floats(-1e6, 1e6, allow_nan=False)
positions = st.builds(Position, numbers, numbers)


def extras(reserved: set[str]) -> st.SearchStrategy[dict]:
    return st.dictionaries(
        st.text(min_size=1, max_size=8).filter(lambda k: k not in reserved), json_values, max_size=2
    )


nodes = st.builds(
    Node,
    id=ids,
    type=st.sampled_from(["start", "end", "action", "condition", "parallel", "join"]),
    name=st.none() | st.text(max_size=20),
    action_id=st.none() | st.sampled_from(["http.request", "flow.delay", "x.y"]),
    config=st.none() | json_objects,
    position=st.none() | positions,
    mode=st.none() | st.sampled_from(["all", "any"]),
    extra=extras({"id", "type", "name", "actionId", "config", "position", "mode"}),
)
conditions = st.none() | st.sampled_from(["always", "onSuccess", "onFailure", "otherwise"]) | (
    st.builds(Expression, st.text(max_size=30))
)
edges = st.builds(Edge, id=ids, source=ids, target=ids, condition=conditions,
                  extra=extras({"id", "source", "target", "condition"}))
notes = st.builds(Note, id=ids, text=st.text(max_size=30), position=st.none() | positions,
                  extra=extras({"id", "text", "position"}))
graphs = st.builds(
    Graph,
    nodes=st.lists(nodes, max_size=6).map(tuple),
    edges=st.lists(edges, max_size=6).map(tuple),
    notes=st.none() | st.lists(notes, max_size=3).map(tuple),
    format_version=st.none() | st.just(1),
    extra=extras({"formatVersion", "nodes", "edges", "notes"}),
)
secret_refs = st.builds(
    SecretRef, connection_id=st.none() | st.text(max_size=8),
    secret_ref_key=st.none() | st.text(max_size=8), description=st.none() | st.text(max_size=8),
    extra=extras({"connectionId", "secretRefKey", "description"}),
)
env_configs = st.builds(
    EnvConfig,
    env=st.none() | st.dictionaries(st.text(max_size=8), json_scalars, max_size=3),
    secrets=st.none() | st.dictionaries(st.text(max_size=8), secret_refs, max_size=3),
    extra=extras({"env", "secrets"}),
)
documents = st.builds(
    VersionDocument,
    graph=graphs,
    parameter_schema=st.none() | st.builds(ParameterSchema, json_objects | st.booleans()),
    env_config=st.none() | env_configs,
    format_version=st.none() | st.just(1),
    extra=extras({"formatVersion", "graph", "parameterSchema", "envConfig"}),
)

# ---------------------------------------------------------------------- tests


def test_a_valid_document_dumps_back_to_equal_json():
    assert dump(load(copy.deepcopy(BASE))) == BASE


def test_absent_keys_stay_absent():
    raw = {"graph": {"nodes": [{"id": "start", "type": "start"}], "edges": [
        {"id": "e1", "source": "start", "target": "start"}]}}
    assert dump(load(raw)) == raw
    assert load(raw).graph.edges[0].kind == "always"


def test_unknown_keys_and_nulls_survive():
    raw = copy.deepcopy(BASE)
    raw["graph"]["nodes"][1]["retries"] = {"max": 3}
    raw["owner"] = "ops"
    raw["envConfig"] = None
    assert dump(load(raw)) == raw


def test_database_columns_round_trip():
    document = load(copy.deepcopy(BASE))
    graph, schema, env = dump_parts(document)
    assert dump(load_parts(graph, schema, env)) == BASE


def test_generated_documents_round_trip_through_json_text():
    document = branching_document(500)
    text = json.dumps(dump(document))
    assert load(json.loads(text)) == document


@pytest.mark.parametrize(("value", "pointer"), [
    ([], ""), ({}, "/graph"), ({"graph": {"nodes": {}}}, "/graph/nodes"),
    ({"graph": {"nodes": [{"id": 1, "type": "start"}]}}, "/graph/nodes/0/id"),
    ({"graph": {"edges": [{"id": "e", "source": "a", "target": "b", "condition": 3}]}},
     "/graph/edges/0/condition"),
])
def test_unbuildable_shapes_raise_a_located_document_error(value, pointer):
    with pytest.raises(DocumentError) as info:
        load(value)
    assert info.value.pointer == pointer


def test_canonical_json_ignores_key_order_whitespace_and_integral_floats():
    a = load(copy.deepcopy(BASE))
    raw = json.loads(json.dumps(BASE, indent=4, sort_keys=True))
    raw["graph"]["nodes"][1]["position"] = {"y": 0.0, "x": 240.0}
    b = load(raw)
    assert a.canonical_json() == b.canonical_json()
    assert a.content_hash() == b.content_hash()
    assert a.canonical_json().startswith('{"envConfig":{"env":{"REGION":"eu-west-1"}')
    text = a.canonical_json()
    assert json.loads(text) == BASE
    # already minimal and sorted: re-serialising compactly changes nothing
    assert text == json.dumps(json.loads(text), sort_keys=True, separators=(",", ":"),
                              ensure_ascii=False)
    assert "\n" not in text and ": " not in text


def test_any_change_changes_the_hash():
    a = load(copy.deepcopy(BASE))
    raw = copy.deepcopy(BASE)
    raw["graph"]["nodes"][1]["config"]["method"] = "POST"
    assert load(raw).content_hash() != a.content_hash()
    assert a.content_hash().startswith("sha256:") and len(a.content_hash()) == 7 + 64


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_load_of_dump_is_identity(document):
    assert load(dump(document)) == document
    assert load(json.loads(json.dumps(dump(document)))).content_hash() == document.content_hash()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_validation_never_raises_on_documents(document):
    problems = validate(document)
    assert all(p.code != "validation.internal_error" for p in problems)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_values | st.builds(lambda g: {"graph": g}, json_values))
def test_validation_never_raises_on_arbitrary_json(value):
    problems = validate(value)
    assert all(p.code != "validation.internal_error" for p in problems)
    assert problems, "arbitrary JSON is never a valid document"


def test_parameter_properties_follow_the_declared_order_not_key_order() -> None:
    # stored documents come back with sorted keys; the author's order is the keyword
    schema = ParameterSchema({
        "type": "object",
        "properties": {"amount": {}, "customer": {}, "region": {}},
        "x-flowdesk-order": ["region", "customer"],
    })
    assert list(schema.properties) == ["region", "customer", "amount"]
