"""Three-way merge: both sides' changes kept, conflicts reported with base kept, resolutions."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flowdesk.model.changes import ABSENT, json_equal
from flowdesk.model.diff import keyed
from flowdesk.model.document import VersionDocument, dump, load
from flowdesk.model.errors import MergeError
from flowdesk.model.merge import Custom, apply_resolutions, merge_documents

BASE: dict[str, Any] = {
    "formatVersion": 1,
    "graph": {
        "formatVersion": 1,
        "nodes": [
            {"id": "start", "type": "start", "position": {"x": 0, "y": 0}},
            {"id": "fetch", "type": "action", "name": "Fetch", "actionId": "http.request",
             "config": {"method": "GET", "url": "https://a.example/x"},
             "position": {"x": 200, "y": 0}},
            {"id": "notify", "type": "action", "name": "Notify", "actionId": "chat.post_message",
             "config": {"channel": "#ops", "text": "done"}, "position": {"x": 400, "y": 0}},
            {"id": "end", "type": "end", "position": {"x": 600, "y": 0}},
        ],
        "edges": [
            {"id": "e1", "source": "start", "target": "fetch"},
            {"id": "e2", "source": "fetch", "target": "notify", "condition": "onSuccess"},
            {"id": "e3", "source": "notify", "target": "end"},
        ],
        "notes": [{"id": "n1", "text": "hello", "position": {"x": 0, "y": 100}}],
    },
    "parameterSchema": {
        "type": "object",
        "properties": {"id": {"type": "string"}, "count": {"type": "integer"},
                       "mode": {"type": "string"}},
        "required": ["id"],
    },
    "envConfig": {"env": {"REGION": "eu"}, "secrets": {"TOKEN": {"connectionId": "c1"}}},
}


def doc(edit: Callable[[dict], None] | None = None) -> VersionDocument:
    data = copy.deepcopy(BASE)
    if edit is not None:
        edit(data)
    return load(data)


def node(d: VersionDocument, node_id: str) -> Any:
    found = d.graph.node(node_id)
    assert found is not None, node_id
    return found


def test_disjoint_edits_from_both_sides_are_kept() -> None:
    mine = doc(lambda d: d["graph"]["nodes"][1].update(name="Fetch order"))
    theirs = doc(lambda d: d["graph"]["nodes"][2]["config"].update(channel="#sales"))
    result = merge_documents(doc(), mine, theirs)
    assert result.is_clean
    assert node(result.document, "fetch").name == "Fetch order"
    assert node(result.document, "notify").config["channel"] == "#sales"
    assert not result.has_errors


def test_different_properties_of_one_node_merge() -> None:
    mine = doc(lambda d: d["graph"]["nodes"][1]["config"].update(method="POST"))
    theirs = doc(lambda d: d["graph"]["nodes"][1]["config"].update(url="https://b.example"))
    result = merge_documents(doc(), mine, theirs)
    assert result.is_clean
    assert node(result.document, "fetch").config == {"method": "POST", "url": "https://b.example"}


def test_same_change_on_both_sides_is_not_a_conflict() -> None:
    edit = lambda d: d["graph"]["nodes"][1].update(name="Same")  # noqa: E731
    result = merge_documents(doc(), doc(edit), doc(edit))
    assert result.is_clean and node(result.document, "fetch").name == "Same"


def test_same_property_changed_two_ways_conflicts_and_keeps_base() -> None:
    mine = doc(lambda d: d["graph"]["nodes"][1].update(name="Mine"))
    theirs = doc(lambda d: d["graph"]["nodes"][1].update(name="Theirs"))
    result = merge_documents(doc(), mine, theirs)
    [conflict] = result.conflicts
    assert (conflict.kind, conflict.item_id, conflict.pointer) == ("node", "fetch", "/name")
    assert (conflict.base, conflict.mine, conflict.theirs) == ("Fetch", "Mine", "Theirs")
    assert conflict.reason == "both-changed"
    assert conflict.id == "/graph/nodes/fetch/name"
    assert node(result.document, "fetch").name == "Fetch"
    assert result.conflicts_for("node", "fetch") == [conflict]
    assert "changed differently on both sides" in conflict.message


@pytest.mark.parametrize(("choice", "expected"), [
    ("mine", "Mine"), ("theirs", "Theirs"), ("base", "Fetch"), (Custom("Both"), "Both"),
])
def test_resolving_a_conflict(choice: Any, expected: str) -> None:
    mine = doc(lambda d: d["graph"]["nodes"][1].update(name="Mine"))
    theirs = doc(lambda d: d["graph"]["nodes"][1].update(name="Theirs"))
    result = merge_documents(doc(), mine, theirs)
    resolved = result.resolve("/graph/nodes/fetch/name", choice)
    assert resolved.is_clean
    assert node(resolved.document, "fetch").name == expected
    assert [c.id for c, _ in resolved.resolved] == ["/graph/nodes/fetch/name"]
    # The original result is a value: unchanged.
    assert not result.is_clean and node(result.document, "fetch").name == "Fetch"


def test_custom_absent_deletes_the_property() -> None:
    mine = doc(lambda d: d["graph"]["nodes"][1].update(name="Mine"))
    theirs = doc(lambda d: d["graph"]["nodes"][1].update(name="Theirs"))
    resolved = merge_documents(doc(), mine, theirs).resolve("/graph/nodes/fetch/name",
                                                           Custom(ABSENT))
    assert node(resolved.document, "fetch").name is None


def test_deleted_on_one_side_and_edited_on_the_other_conflicts() -> None:
    def remove_notify(d: dict) -> None:
        d["graph"]["nodes"] = [n for n in d["graph"]["nodes"] if n["id"] != "notify"]
        d["graph"]["edges"] = [e for e in d["graph"]["edges"] if e["id"] not in ("e2", "e3")]
        d["graph"]["edges"].append({"id": "e4", "source": "fetch", "target": "end"})

    mine = doc(remove_notify)
    theirs = doc(lambda d: d["graph"]["nodes"][2]["config"].update(text="all done"))
    result = merge_documents(doc(), mine, theirs)
    [conflict] = result.conflicts
    assert (conflict.kind, conflict.item_id, conflict.reason) == ("node", "notify",
                                                                  "removed-vs-changed")
    assert conflict.mine is ABSENT and conflict.theirs["config"]["text"] == "all done"
    # Base kept: the node is still there, the edges mine removed are gone, e4 is added.
    assert node(result.document, "notify").config["text"] == "done"
    taking_mine = result.resolve(conflict.id, "mine")
    assert taking_mine.document.graph.node("notify") is None
    assert not taking_mine.has_errors, taking_mine.problems
    taking_theirs = result.resolve(conflict.id, "theirs")
    assert node(taking_theirs.document, "notify").config["text"] == "all done"


def test_deletion_against_no_edit_just_deletes() -> None:
    mine = doc(lambda d: d["graph"]["notes"].clear())
    result = merge_documents(doc(), mine, doc())
    assert result.is_clean and result.document.graph.notes == ()


def test_same_new_id_with_different_content_conflicts() -> None:
    def add(text: str) -> Callable[[dict], None]:
        return lambda d: d["graph"]["notes"].append({"id": "n2", "text": text})

    result = merge_documents(doc(), doc(add("mine")), doc(add("theirs")))
    [conflict] = result.conflicts
    assert (conflict.kind, conflict.item_id, conflict.reason) == ("note", "n2", "both-added")
    assert conflict.base is ABSENT
    assert [n.id for n in result.document.graph.notes] == ["n1"]
    resolved = result.resolve(conflict.id, "theirs")
    assert [(n.id, n.text) for n in resolved.document.graph.notes] == [("n1", "hello"),
                                                                       ("n2", "theirs")]


def test_items_added_on_both_sides_are_both_kept_in_a_sensible_order() -> None:
    def add(node_id: str, after: int) -> Callable[[dict], None]:
        return lambda d: d["graph"]["nodes"].insert(after, {"id": node_id, "type": "end"})

    result = merge_documents(doc(), doc(add("mine_end", 2)), doc(add("their_end", 1)))
    assert result.is_clean
    assert [n.id for n in result.document.graph.nodes] == [
        "start", "their_end", "fetch", "mine_end", "notify", "end"]


def test_one_side_reordering_wins_and_new_runs_of_items_stay_together() -> None:
    def theirs_edit(d: dict) -> None:
        d["graph"]["nodes"][1:1] = [{"id": "x1", "type": "end"}, {"id": "x2", "type": "end"}]

    mine = doc(lambda d: d["graph"]["nodes"].reverse())
    result = merge_documents(doc(), mine, doc(theirs_edit))
    assert [n.id for n in result.document.graph.nodes] == [
        "end", "notify", "fetch", "start", "x1", "x2"]
    result = merge_documents(doc(), doc(theirs_edit), mine)
    assert [n.id for n in result.document.graph.nodes] == [
        "end", "notify", "fetch", "start", "x1", "x2"]


def test_a_clean_merge_can_still_be_invalid_and_says_so() -> None:
    # Mine removes node notify (and its edges); theirs adds an edge into it.
    def remove_notify(d: dict) -> None:
        d["graph"]["nodes"] = [n for n in d["graph"]["nodes"] if n["id"] != "notify"]
        d["graph"]["edges"] = [{"id": "e1", "source": "start", "target": "fetch"},
                               {"id": "e4", "source": "fetch", "target": "end"}]

    theirs = doc(lambda d: d["graph"]["edges"].append(
        {"id": "e9", "source": "start", "target": "notify"}))
    result = merge_documents(doc(), doc(remove_notify), theirs)
    assert result.is_clean
    assert result.has_errors
    assert any(p.location.edge_id == "e9" for p in result.problems)


def test_a_merge_creating_a_cycle_is_reported_not_raised() -> None:
    mine = doc(lambda d: d["graph"]["edges"].append(
        {"id": "back1", "source": "notify", "target": "fetch", "condition": "onFailure"}))
    theirs = doc(lambda d: d["graph"]["edges"].append(
        {"id": "back2", "source": "fetch", "target": "start", "condition": "onFailure"}))
    result = merge_documents(doc(), mine, theirs)
    assert result.is_clean and result.has_errors
    assert any("cycle" in p.message.lower() or "cycle" in p.code for p in result.problems)


def test_parameters_merge_per_property_and_required_as_a_set() -> None:
    def mine_edit(d: dict) -> None:
        d["parameterSchema"]["properties"]["count"]["minimum"] = 1
        d["parameterSchema"]["required"].append("count")

    def theirs_edit(d: dict) -> None:
        d["parameterSchema"]["properties"]["mode"]["enum"] = ["a", "b"]
        d["parameterSchema"]["required"].append("mode")

    result = merge_documents(doc(), doc(mine_edit), doc(theirs_edit))
    assert result.is_clean
    schema = result.document.parameter_schema.schema
    assert schema["properties"]["count"] == {"type": "integer", "minimum": 1}
    assert schema["properties"]["mode"] == {"type": "string", "enum": ["a", "b"]}
    assert schema["required"] == ["id", "count", "mode"]


def test_required_removed_on_one_side_added_on_the_other() -> None:
    mine = doc(lambda d: d["parameterSchema"].update(required=[]))
    theirs = doc(lambda d: d["parameterSchema"]["required"].append("mode"))
    result = merge_documents(doc(), mine, theirs)
    assert result.is_clean
    assert result.document.parameter_schema.schema["required"] == ["mode"]


def test_same_parameter_changed_two_ways_conflicts_with_its_name() -> None:
    mine = doc(lambda d: d["parameterSchema"]["properties"]["count"].update(type="number"))
    theirs = doc(lambda d: d["parameterSchema"]["properties"]["count"].update(type="string"))
    [conflict] = merge_documents(doc(), mine, theirs).conflicts
    assert (conflict.kind, conflict.item_id, conflict.pointer) == ("parameter", "count", "/type")


def test_env_entries_merge_and_conflict_by_name() -> None:
    def mine_edit(d: dict) -> None:
        d["envConfig"]["env"]["REGION"] = "us"
        d["envConfig"]["env"]["A"] = "1"

    def theirs_edit(d: dict) -> None:
        d["envConfig"]["env"]["REGION"] = "ap"
        d["envConfig"]["secrets"]["TOKEN"]["secretRefKey"] = "k"

    result = merge_documents(doc(), doc(mine_edit), doc(theirs_edit))
    [conflict] = result.conflicts
    assert (conflict.kind, conflict.item_id) == ("env", "REGION")
    env = result.document.env_config
    assert env.env == {"REGION": "eu", "A": "1"}
    assert env.secrets["TOKEN"].secret_ref_key == "k"
    assert result.resolve(conflict.id, "mine").document.env_config.env["REGION"] == "us"


def test_apply_resolutions_settles_several_at_once() -> None:
    def edit(suffix: str) -> Callable[[dict], None]:
        def run(d: dict) -> None:
            d["graph"]["nodes"][1]["name"] = "Fetch " + suffix
            d["graph"]["nodes"][2]["name"] = "Notify " + suffix
        return run

    result = merge_documents(doc(), doc(edit("m")), doc(edit("t")))
    assert len(result.conflicts) == 2
    done = apply_resolutions(result, {"/graph/nodes/fetch/name": "mine",
                                      "/graph/nodes/notify/name": "theirs"})
    assert done.is_clean
    assert node(done.document, "fetch").name == "Fetch m"
    assert node(done.document, "notify").name == "Notify t"
    assert result.resolve_all("theirs").document.graph.node("fetch").name == "Fetch t"


def test_bad_resolutions_raise_merge_error_naming_the_conflict() -> None:
    mine = doc(lambda d: d["graph"]["nodes"][1].update(name="Mine"))
    theirs = doc(lambda d: d["graph"]["nodes"][1].update(name="Theirs"))
    result = merge_documents(doc(), mine, theirs)
    with pytest.raises(MergeError, match="no open conflict"):
        result.resolve("/graph/nodes/nope/name", "mine")
    with pytest.raises(MergeError, match="unknown resolution"):
        result.resolve("/graph/nodes/fetch/name", "both")  # type: ignore[arg-type]
    with pytest.raises(MergeError, match="/name"):
        result.resolve("/graph/nodes/fetch/name", Custom(42))
    resolved = result.resolve("/graph/nodes/fetch/name", "mine")
    with pytest.raises(MergeError, match="no open conflict"):
        resolved.resolve("/graph/nodes/fetch/name", "theirs")


def test_mine_and_theirs_diffs_for_the_merge_view() -> None:
    mine = doc(lambda d: d["graph"]["nodes"][1].update(name="Mine"))
    result = merge_documents(doc(), mine, doc())
    assert [c.id for c in result.mine_diff().semantic_changes] == ["fetch"]
    assert result.theirs_diff().is_empty


# ----------------------------------------------------------------- properties

names = st.sampled_from(["A", "B", "C"])
edit_ops = st.lists(
    st.one_of(
        st.tuples(st.just("rename"), st.sampled_from(["fetch", "notify"]), st.text(max_size=4)),
        st.tuples(st.just("config"), st.sampled_from(["fetch", "notify"]), st.integers(0, 3)),
        st.tuples(st.just("move"), st.sampled_from(["start", "fetch", "end"]), st.integers(0, 9)),
        st.tuples(st.just("env"), names, st.text(max_size=3)),
        st.tuples(st.just("drop_env"), names, st.just("")),
        st.tuples(st.just("param"), st.sampled_from(["id", "count", "new"]), st.integers(0, 5)),
        st.tuples(st.just("note"), st.sampled_from(["n1", "n2"]), st.text(max_size=3)),
        st.tuples(st.just("drop_node"), st.sampled_from(["notify"]), st.just("")),
    ),
    max_size=4,
)


def apply_ops(ops: list[tuple[str, str, Any]]) -> VersionDocument:
    data = copy.deepcopy(BASE)
    nodes = {n["id"]: n for n in data["graph"]["nodes"]}
    for op, key, value in ops:
        if op == "rename" and key in nodes:
            nodes[key]["name"] = value
        elif op == "config" and key in nodes:
            nodes[key]["config"]["retries"] = value
        elif op == "move" and key in nodes:
            nodes[key]["position"]["x"] = value
        elif op == "env":
            data["envConfig"]["env"][key] = value
        elif op == "drop_env":
            data["envConfig"]["env"].pop(key, None)
        elif op == "param":
            data["parameterSchema"]["properties"].setdefault(key, {})["maximum"] = value
        elif op == "note":
            data["graph"]["notes"] = [n for n in data["graph"]["notes"] if n["id"] != key]
            data["graph"]["notes"].append({"id": key, "text": value})
        elif op == "drop_node":
            data["graph"]["nodes"] = [n for n in data["graph"]["nodes"] if n["id"] != key]
            nodes.pop(key, None)
    return load(data)


@settings(max_examples=80, deadline=None)
@given(edit_ops)
def test_merging_one_sided_edits_gives_that_side(ops: list) -> None:
    base, edited = doc(), apply_ops(ops)
    assert merge_documents(base, edited, base).document == edited
    assert merge_documents(base, base, edited).document == edited
    assert merge_documents(base, edited, base).is_clean


@settings(max_examples=80, deadline=None)
@given(edit_ops, edit_ops)
def test_disjoint_edits_keep_both(mine_ops: list, theirs_ops: list) -> None:
    touched = {(op, key) for op, key, _ in mine_ops}
    theirs_ops = [o for o in theirs_ops if (o[0], o[1]) not in touched
                  and not (o[0] in ("env", "drop_env") and any(
                      m[0] in ("env", "drop_env") and m[1] == o[1] for m in mine_ops))
                  and not (o[0] == "drop_node" or any(m[0] == "drop_node" for m in mine_ops))]
    base = doc()
    mine, theirs = apply_ops(mine_ops), apply_ops(theirs_ops)
    result = merge_documents(base, mine, theirs)
    assert result.is_clean, [c.message for c in result.conflicts]
    # Replaying both edit lists gives the same document as the merge.
    expected = dump(apply_ops(mine_ops + theirs_ops))
    merged = dump(result.document)
    assert merged["envConfig"] == expected["envConfig"]
    assert merged["parameterSchema"] == expected["parameterSchema"]
    assert {n["id"]: n for n in merged["graph"]["nodes"]} == {
        n["id"]: n for n in expected["graph"]["nodes"]}
    assert {n["id"]: n for n in merged["graph"]["notes"]} == {
        n["id"]: n for n in expected["graph"]["notes"]}


json_leaf = st.none() | st.booleans() | st.integers(-3, 3) | st.text(max_size=3)
loose_nodes = st.lists(st.fixed_dictionaries(
    {"id": st.sampled_from(["start", "a", "b", "end"]),
     "type": st.sampled_from(["start", "action", "end"])},
    optional={"name": st.text(max_size=3),
              "config": st.dictionaries(st.sampled_from(["x", "y"]), json_leaf, max_size=2),
              "position": st.fixed_dictionaries({"x": st.integers(0, 3), "y": st.just(0)})},
), max_size=4)
loose_documents = st.fixed_dictionaries(
    {"graph": st.fixed_dictionaries(
        {"nodes": loose_nodes},
        optional={"notes": st.lists(st.fixed_dictionaries(
            {"id": st.sampled_from(["n1", "n2"]), "text": st.text(max_size=2)}), max_size=2),
            "edges": st.lists(st.fixed_dictionaries(
                {"id": st.sampled_from(["e1", "e2"]), "source": st.just("a"),
                 "target": st.just("b")},
                optional={"condition": st.sampled_from(["always", {"expression": "true"}])}),
                max_size=2)})},
    optional={
        "parameterSchema": st.fixed_dictionaries({}, optional={
            "properties": st.dictionaries(st.sampled_from(["p", "q"]), st.dictionaries(
                st.sampled_from(["type", "minimum"]), json_leaf, max_size=2), max_size=2),
            "required": st.lists(st.sampled_from(["p", "q", "r"]), max_size=2)}),
        "envConfig": st.fixed_dictionaries({}, optional={
            "env": st.dictionaries(st.sampled_from(["A", "B"]), json_leaf, max_size=2),
            "secrets": st.dictionaries(st.sampled_from(["S"]), st.fixed_dictionaries(
                {}, optional={"connectionId": st.text(max_size=2)}), max_size=1)}),
    },
)


@settings(max_examples=80, deadline=None)
@given(loose_documents, loose_documents, loose_documents)
def test_any_three_documents_merge_and_resolve_without_raising(b: dict, m: dict, t: dict) -> None:
    result = merge_documents(load(b), load(m), load(t))
    for choice in ("mine", "theirs", "base"):
        settled = result.resolve_all(choice)
        assert settled.is_clean
    # Taking one side where they disagree puts that side's value at every conflict
    # (checked where ids are unique: a repeated id is addressed by its occurrence).
    if any(len({i["id"] for i in d["graph"].get(name, [])}) < len(d["graph"].get(name, []))
           for d in (b, m, t) for name in ("nodes", "edges", "notes")):
        return
    for side in ("mine", "theirs"):
        settled = result.resolve_all(side)  # type: ignore[arg-type]
        for conflict in result.conflicts:
            assert json_equal(value_at(settled.document, conflict.tokens),
                              getattr(conflict, side)), conflict


def value_at(doc: VersionDocument, tokens: tuple[str, ...]) -> Any:
    """The value at an id-addressed conflict path, or ABSENT."""
    data = dump(doc)
    graph = data["graph"]
    sources = {"nodes": doc.graph.nodes, "edges": doc.graph.edges, "notes": doc.graph.notes}
    for name, items in sources.items():
        if items is not None:
            graph[name] = {key: graph[name][index] for key, (index, _) in keyed(items).items()}
    value: Any = data
    for token in tokens:
        if not isinstance(value, dict) or token not in value:
            return ABSENT
        value = value[token]
    return value
