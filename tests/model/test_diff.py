"""Diff of two version documents: items by id, property-level changes, layout apart."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from flowdesk.model.changes import ABSENT, PropertyChange, json_equal
from flowdesk.model.diff import diff_documents
from flowdesk.model.document import dump, load
from flowdesk.model.errors import DocumentError

BASE: dict[str, Any] = {
    "formatVersion": 1,
    "graph": {
        "formatVersion": 1,
        "nodes": [
            {"id": "start", "type": "start", "position": {"x": 0, "y": 0}},
            {"id": "fetch", "type": "action", "name": "Fetch", "actionId": "http.request",
             "config": {"method": "GET", "url": "https://a.example/${{ params.id }}"},
             "position": {"x": 200, "y": 0}},
            {"id": "end", "type": "end", "position": {"x": 400, "y": 0}},
        ],
        "edges": [
            {"id": "e1", "source": "start", "target": "fetch"},
            {"id": "e2", "source": "fetch", "target": "end", "condition": "onSuccess"},
        ],
        "notes": [{"id": "n1", "text": "hello", "position": {"x": 0, "y": 100}}],
    },
    "parameterSchema": {"type": "object", "properties": {"id": {"type": "string"}},
                        "required": ["id"]},
    "envConfig": {"env": {"REGION": "eu"}, "secrets": {"TOKEN": {"connectionId": "c1"}}},
}


def edited(fn) -> Any:
    data = copy.deepcopy(BASE)
    fn(data)
    return load(data)


def base() -> Any:
    return load(copy.deepcopy(BASE))


def test_equal_documents_have_an_empty_diff() -> None:
    result = diff_documents(base(), base())
    assert result.is_empty
    assert result.to_json()["equal"] is True


def test_changed_config_is_reported_with_pointer_old_and_new() -> None:
    new = edited(lambda d: d["graph"]["nodes"][1]["config"].update(method="POST"))
    result = diff_documents(base(), new)
    [change] = result.semantic_changes
    assert (change.kind, change.id, change.op) == ("node", "fetch", "changed")
    assert change.properties == (PropertyChange("/config/method", "GET", "POST"),)
    assert change.pointer == "/graph/nodes/1"
    assert not result.layout_changes


def test_added_and_removed_keys_use_absent() -> None:
    def edit(d: dict) -> None:
        node = d["graph"]["nodes"][1]
        del node["name"]
        node["config"]["timeout"] = 5

    [change] = diff_documents(base(), edited(edit)).semantic_changes
    assert set(change.properties) == {
        PropertyChange("/name", "Fetch", ABSENT),
        PropertyChange("/config/timeout", ABSENT, 5),
    }


def test_moving_a_node_is_a_layout_change_only() -> None:
    new = edited(lambda d: d["graph"]["nodes"][1]["position"].update(x=260))
    result = diff_documents(base(), new)
    assert not result.semantic_changes
    [move] = result.layout_changes
    assert (move.kind, move.id, move.op) == ("node", "fetch", "moved")
    assert move.properties == (PropertyChange("/position/x", 200, 260),)
    assert diff_documents(base(), new, ignore_layout=True).is_empty


def test_move_and_rename_split_into_semantic_and_layout() -> None:
    def edit(d: dict) -> None:
        d["graph"]["nodes"][1]["position"] = {"x": 1, "y": 2}
        d["graph"]["nodes"][1]["name"] = "Fetch order"

    result = diff_documents(base(), edited(edit))
    assert [p.pointer for p in result.semantic_changes[0].properties] == ["/name"]
    assert {p.pointer for p in result.layout_changes[0].properties} == {"/position/x",
                                                                        "/position/y"}


def test_note_placement_is_layout_but_its_text_is_not() -> None:
    moved = diff_documents(base(), edited(lambda d: d["graph"]["notes"][0].update(
        position={"x": 5, "y": 100})))
    assert [(c.kind, c.op) for c in moved.layout_changes] == [("note", "moved")]
    assert not moved.semantic_changes
    retexted = diff_documents(base(), edited(lambda d: d["graph"]["notes"][0].update(text="bye")))
    assert [(c.kind, c.id, c.op) for c in retexted.semantic_changes] == [("note", "n1", "changed")]


def test_added_and_removed_items() -> None:
    def edit(d: dict) -> None:
        d["graph"]["nodes"].insert(2, {"id": "wait", "type": "action", "actionId": "flow.delay",
                                       "config": {"seconds": 1}})
        d["graph"]["edges"] = [e for e in d["graph"]["edges"] if e["id"] != "e2"]
        d["graph"]["edges"] += [{"id": "e3", "source": "fetch", "target": "wait"},
                                {"id": "e4", "source": "wait", "target": "end"}]

    result = diff_documents(base(), edited(edit))
    summary = {(c.kind, c.id, c.op) for c in result.semantic_changes}
    assert summary == {("node", "wait", "added"), ("edge", "e2", "removed"),
                       ("edge", "e3", "added"), ("edge", "e4", "added")}
    added = next(c for c in result.semantic_changes if c.id == "wait")
    assert added.new["config"] == {"seconds": 1} and added.old is ABSENT
    removed = next(c for c in result.semantic_changes if c.id == "e2")
    assert removed.old["condition"] == "onSuccess" and removed.pointer == "/graph/edges/1"
    assert removed.to_json()["old"] == removed.old and "new" not in removed.to_json()
    assert added.to_json()["new"]["actionId"] == "flow.delay"


def test_items_match_by_id_not_by_position_in_the_list() -> None:
    new = edited(lambda d: d["graph"]["nodes"].reverse())
    assert diff_documents(base(), new).is_empty


def test_edge_condition_change() -> None:
    new = edited(lambda d: d["graph"]["edges"][1].update(condition={"expression": "true"}))
    [change] = diff_documents(base(), new).semantic_changes
    assert change.properties == (PropertyChange("/condition", "onSuccess", {"expression": "true"}),)


def test_true_and_one_are_different_json() -> None:
    assert not json_equal(True, 1)
    assert json_equal(1, 1.0)
    new = edited(lambda d: d["graph"]["nodes"][1]["config"].update(flag=True))
    old = edited(lambda d: d["graph"]["nodes"][1]["config"].update(flag=1))
    [change] = diff_documents(old, new).semantic_changes
    assert change.properties == (PropertyChange("/config/flag", 1, True),)


def test_duplicate_ids_do_not_lose_items() -> None:
    new = edited(lambda d: d["graph"]["nodes"].append({"id": "end", "type": "end"}))
    [change] = diff_documents(base(), new).semantic_changes
    assert (change.id, change.op) == ("end#2", "added")


def test_parameter_and_env_changes_are_collected() -> None:
    def edit(d: dict) -> None:
        d["parameterSchema"]["properties"]["id"]["minLength"] = 3
        d["envConfig"]["env"]["REGION"] = "us"

    result = diff_documents(base(), edited(edit))
    assert not result.semantic_changes
    [param] = result.parameter_changes
    assert param.breaking and param.id == "id"
    assert result.has_breaking_changes
    [env] = result.env_changes
    assert (env.kind, env.id, env.op, env.old, env.new) == ("env", "REGION", "changed", "eu", "us")


def test_unknown_top_level_keys_show_as_document_changes() -> None:
    new = edited(lambda d: d.update(comment="x"))
    [change] = diff_documents(base(), new).semantic_changes
    assert (change.kind, change.id, change.op) == ("document", "/comment", "changed")


def test_schema_written_differently_but_equivalent_is_still_a_difference() -> None:
    result = diff_documents(edited(lambda d: d.pop("parameterSchema")),
                            edited(lambda d: d.update(parameterSchema={})))
    [change] = result.parameter_changes
    assert (change.op, change.breaking) == ("added", False)
    assert not result.is_empty


def test_by_item_groups_semantic_and_layout_for_the_canvas() -> None:
    def edit(d: dict) -> None:
        d["graph"]["nodes"][1]["position"] = {"x": 1, "y": 2}
        d["graph"]["nodes"][1]["name"] = "Renamed"

    groups = diff_documents(base(), edited(edit)).by_item()
    assert sorted(c.op for c in groups[("node", "fetch")]) == ["changed", "moved"]


def test_json_output_is_serialisable() -> None:
    new = edited(lambda d: d["graph"]["nodes"][1].pop("name"))
    data = json.loads(json.dumps(diff_documents(base(), new).to_json()))
    assert data["semantic"][0]["properties"] == [{"pointer": "/name", "old": "Fetch"}]


# ----------------------------------------------------------------- properties

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner,
                                                                  max_size=3),
    max_leaves=10,
)
node_ids = st.sampled_from(["start", "a", "b", "c", "end"])
nodes = st.fixed_dictionaries(
    {"id": node_ids, "type": st.sampled_from(["start", "action", "end", "join"])},
    optional={"name": st.text(max_size=5), "config": st.dictionaries(st.text(max_size=3),
                                                                       json_values, max_size=3),
              "position": st.fixed_dictionaries({"x": st.integers(-5, 5),
                                                 "y": st.integers(-5, 5)})},
)
edges = st.fixed_dictionaries(
    {"id": st.sampled_from(["e1", "e2", "e3"]), "source": node_ids, "target": node_ids},
    optional={"condition": st.sampled_from(["always", "onSuccess", {"expression": "true"}])},
)
documents = st.fixed_dictionaries(
    {"formatVersion": st.just(1),
     "graph": st.fixed_dictionaries({"nodes": st.lists(nodes, max_size=5),
                                     "edges": st.lists(edges, max_size=4)})},
    optional={"parameterSchema": st.dictionaries(st.sampled_from(
        ["type", "properties", "required", "minimum", "enum"]), json_values, max_size=3),
        "envConfig": st.fixed_dictionaries({}, optional={
            "env": st.dictionaries(st.sampled_from(["A", "B"]), json_values, max_size=2)})},
)


@settings(max_examples=60, deadline=None)
@given(documents)
def test_diff_of_a_document_with_itself_is_empty(data: dict) -> None:
    assert diff_documents(load(data), load(copy.deepcopy(data))).is_empty


def by_id(doc: Any) -> Any:
    """The dumped document with item lists in id order (a stable sort keeps duplicates' order)."""
    data = dump(doc)
    for name in ("nodes", "edges", "notes"):
        if name in data["graph"]:
            data["graph"][name] = sorted(data["graph"][name], key=lambda item: item["id"])
    return data


@settings(max_examples=80, deadline=None)
@given(documents, documents)
def test_diff_is_empty_exactly_when_documents_are_equal_up_to_item_order(a: dict, b: dict) -> None:
    old, new = load(a), load(b)
    result = diff_documents(old, new)
    assert result.is_empty == json_equal(by_id(old), by_id(new))
    json.dumps(result.to_json())


@settings(max_examples=100, deadline=None)
@given(json_values, json_values)
def test_diff_never_raises_on_arbitrary_json_that_loads(a: Any, b: Any) -> None:
    for data in (a, {"graph": a, "parameterSchema": b}, {"graph": {"nodes": a}, "envConfig": b}):
        try:
            doc = load(data)
        except DocumentError:
            continue
        diff_documents(doc, base())
        diff_documents(base(), doc)
        assert diff_documents(doc, load(copy.deepcopy(data))).is_empty


def reversed_json(value: Any) -> Any:
    """The same JSON with every object's keys in reverse order."""
    if isinstance(value, dict):
        return {k: reversed_json(value[k]) for k in reversed(list(value))}
    if isinstance(value, list):
        return [reversed_json(v) for v in value]
    return value


@settings(max_examples=60, deadline=None)
@given(documents, st.integers(0, 50), json_values)
def test_one_changed_leaf_is_found_and_key_order_is_not(data: dict, pick: int, leaf: Any) -> None:
    shuffled = reversed_json(data)
    assert diff_documents(load(data), load(shuffled)).is_empty
    changed = copy.deepcopy(data)
    nodes = changed["graph"]["nodes"]
    if not nodes:
        return
    target = nodes[pick % len(nodes)]
    target.setdefault("config", {})["k"] = leaf
    old, new = load(data), load(changed)
    result = diff_documents(old, new)
    assert result.is_empty == json_equal(by_id(old), by_id(new))
    if not result.is_empty:
        assert any(p.pointer.startswith("/config") for c in result.semantic_changes
                   for p in c.properties)
