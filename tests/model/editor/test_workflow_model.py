"""WorkflowModel: checked edits, refusals with reasons, events, lazy documents (no Qt)."""

from __future__ import annotations

import gc

import pytest

from flowdesk.model.catalog import ActionCatalog
from flowdesk.model.document import (
    Edge,
    EnvConfig,
    Expression,
    Node,
    Note,
    Position,
    dump,
    empty_document,
    load,
)
from flowdesk.model.editor.events import Signal
from flowdesk.model.editor.workflow_model import WorkflowModel
from flowdesk.model.errors import EditError


def chain_model() -> WorkflowModel:
    """start -> a -> b -> end"""
    doc = load({
        "formatVersion": 1,
        "graph": {
            "formatVersion": 1,
            "nodes": [
                {"id": "start", "type": "start", "position": {"x": 0, "y": 0}},
                {"id": "a", "type": "action", "actionId": "http.request",
                 "position": {"x": 200, "y": 0}},
                {"id": "b", "type": "action", "actionId": "http.request"},
                {"id": "end", "type": "end", "position": {"x": 600, "y": 0}},
            ],
            "edges": [
                {"id": "e1", "source": "start", "target": "a"},
                {"id": "e2", "source": "a", "target": "b", "condition": "onSuccess"},
                {"id": "e3", "source": "b", "target": "end"},
            ],
        },
    })
    return WorkflowModel(doc, ActionCatalog())


class Recorder:
    def __init__(self, model: WorkflowModel) -> None:
        self.events: list[tuple] = []
        for name in ("node_added", "node_removed", "node_changed", "nodes_moved", "edge_added",
                     "edge_removed", "edge_changed", "note_added", "note_removed", "note_changed",
                     "document_reset", "changed", "parameter_schema_changed",
                     "env_config_changed"):
            getattr(model, name).connect(lambda *a, n=name: self.events.append((n, *a)))

    def names(self) -> list[str]:
        return [e[0] for e in self.events]


def test_signal_calls_listeners_in_order_and_disconnects() -> None:
    calls: list[str] = []
    sig = Signal("x")
    first = lambda v: calls.append(f"1{v}")  # noqa: E731
    sig.connect(first)
    sig.connect(lambda v: calls.append(f"2{v}"))
    sig.emit("a")
    sig.disconnect(first)
    sig.emit("b")
    assert calls == ["1a", "2a", "2b"]


def test_untouched_model_gives_back_the_same_document() -> None:
    doc = empty_document()
    assert WorkflowModel(doc).document is doc


def test_add_node_emits_and_appears_in_document() -> None:
    model = chain_model()
    rec = Recorder(model)
    model.add_node(Node("notify", "action", name="Notify", position=Position(10, 20)))
    assert rec.names() == ["node_added", "changed"]
    assert model.document.graph.node("notify").name == "Notify"
    assert [n.id for n in model.document.graph.nodes][-1] == "notify"


@pytest.mark.parametrize("bad", ["Notify", "1abc", "with-dash", "", "a" * 64])
def test_add_node_refuses_invalid_ids(bad: str) -> None:
    model = chain_model()
    with pytest.raises(EditError, match="not valid"):
        model.add_node(Node(bad, "action"))
    assert len(model.nodes) == 4


def test_add_node_refuses_duplicates_unknown_types_and_a_second_start() -> None:
    model = chain_model()
    with pytest.raises(EditError, match="'a' already exists"):
        model.add_node(Node("a", "action"))
    with pytest.raises(EditError, match="unknown type 'loop'"):
        model.add_node(Node("x", "loop"))
    with pytest.raises(EditError, match="exactly one start"):
        model.add_node(Node("start2", "start"))


def test_connect_refuses_a_cycle_with_its_reason() -> None:
    model = chain_model()
    reason = model.connection_refusal("b", "a")
    assert reason == "connecting 'b' to 'a' would create a cycle"
    with pytest.raises(EditError, match="would create a cycle"):
        model.add_edge(Edge("back", "b", "a"))
    assert not model.has_edge("back")


def test_connect_refuses_a_duplicate_edge_naming_the_existing_one() -> None:
    model = chain_model()
    with pytest.raises(EditError, match=r"already connected to 'b' .*edge 'e2'"):
        model.add_edge(Edge("dup", "a", "b", "onSuccess"))
    # the same pair with a different condition is a different edge
    model.add_edge(Edge("fail", "a", "b", "onFailure"))
    assert model.edge("fail").condition == "onFailure"


def test_connect_refuses_self_loops_into_start_and_out_of_end() -> None:
    model = chain_model()
    assert "itself" in model.connection_refusal("a", "a")
    assert "start node has no incoming" in model.connection_refusal("a", "start")
    assert "end node" in model.connection_refusal("end", "a")
    assert "no node 'zz'" in model.connection_refusal("a", "zz")


def test_remove_node_removes_its_edges_first_and_returns_them() -> None:
    model = chain_model()
    rec = Recorder(model)
    removed = model.remove_node("a")
    assert sorted(e.id for e in removed) == ["e1", "e2"]
    assert rec.names()[:3] == ["edge_removed", "edge_removed", "node_removed"]
    assert [e.id for e in model.document.graph.edges] == ["e3"]


def test_add_at_index_restores_document_order() -> None:
    model = chain_model()
    before = dump(model.document)
    node = model.node("a")
    edges = [(model.index_of_edge(e.id), e) for e in model.edges_of("a")]
    index = model.index_of_node("a")
    model.remove_node("a")
    model.add_node(node, index)
    for i, e in sorted(edges, key=lambda p: p[0]):
        model.add_edge(e, i)
    assert dump(model.document) == before


def test_update_node_checks_fields_and_emits_old_and_new() -> None:
    model = chain_model()
    rec = Recorder(model)
    new = model.update_node("a", name="Fetch", config={"url": "x"})
    name, old, emitted = rec.events[0]
    assert name == "node_changed" and emitted is new
    assert old.name is None and new.name == "Fetch" and new.config == {"url": "x"}
    assert model.document.graph.node("a") == new
    with pytest.raises(EditError, match="cannot set colour"):
        model.update_node("a", colour="red")
    with pytest.raises(EditError, match="join mode"):
        model.update_node("a", mode="some")
    with pytest.raises(EditError, match="no node 'nope'"):
        model.update_node("nope", name="x")


def test_move_nodes_emits_one_event_for_many_nodes() -> None:
    model = chain_model()
    rec = Recorder(model)
    model.move_nodes({"a": Position(1, 2), "b": Position(3, 4)})
    assert rec.names() == ["nodes_moved", "changed"]
    assert rec.events[0][1] == {"a": Position(1, 2), "b": Position(3, 4)}
    assert model.document.graph.node("b").position == Position(3, 4)


def test_edge_condition_changes_and_duplicate_refusal() -> None:
    model = chain_model()
    model.add_edge(Edge("fail", "a", "b", "onFailure"))
    with pytest.raises(EditError, match="already connects 'a' to 'b'"):
        model.set_edge_condition("fail", "onSuccess")
    model.set_edge_condition("fail", Expression("steps.a.status == 'failed'"))
    assert model.document.to_json()["graph"]["edges"][-1]["condition"] == {
        "expression": "steps.a.status == 'failed'"
    }
    with pytest.raises(EditError, match="not one of"):
        model.set_edge_condition("fail", "sometimes")


def test_notes_add_update_remove() -> None:
    model = chain_model()
    assert model.document.graph.notes is None
    model.add_note(Note("n1", "hello", Position(0, 100)))
    model.update_note("n1", text="bye")
    assert model.document.graph.notes == (Note("n1", "bye", Position(0, 100)),)
    model.remove_note("n1")
    assert model.document.graph.notes is None  # absent stays absent


def test_read_only_refuses_every_edit() -> None:
    model = chain_model()
    model.read_only = True
    with pytest.raises(EditError, match="read-only"):
        model.add_node(Node("x", "action"))
    with pytest.raises(EditError, match="read-only"):
        model.move_nodes({"a": Position(0, 0)})
    with pytest.raises(EditError, match="read-only"):
        model.set_parameter_schema({"type": "object"})


def test_fresh_ids_are_valid_and_unused() -> None:
    model = chain_model()
    assert model.new_node_id("a") == "a_1"
    assert model.new_node_id("HTTP Request!") == "http_request"
    assert model.new_node_id("9lives").startswith("n_9lives")
    assert model.new_edge_id() not in {"e1", "e2", "e3"}
    assert model.new_node_id("end") == "end_1"


def test_parameter_schema_env_and_reset() -> None:
    model = chain_model()
    rec = Recorder(model)
    model.set_parameter_schema({"type": "object", "properties": {"x": {"type": "string"}}})
    model.set_env_config(EnvConfig(env={"REGION": "eu"}))
    assert model.document.parameter_schema.properties == {"x": {"type": "string"}}
    assert model.document.env_config.env == {"REGION": "eu"}
    model.reset(empty_document())
    assert rec.names()[-2:] == ["document_reset", "changed"]
    assert [n.id for n in model.nodes] == ["start", "end"]


def test_signal_forgets_listeners_whose_object_is_gone() -> None:
    calls: list[int] = []

    class Listener:
        def on(self, value: int) -> None:
            calls.append(value)

    sig = Signal("x")
    listener = Listener()
    sig.connect(listener.on)
    sig.emit(1)
    del listener
    gc.collect()
    sig.emit(2)
    assert calls == [1] and len(sig) == 0


def test_a_document_with_duplicate_ids_is_kept_whole_and_edits_are_refused() -> None:
    doc = load({"formatVersion": 1, "graph": {"nodes": [
        {"id": "start", "type": "start"}, {"id": "a", "type": "action", "name": "one"},
        {"id": "a", "type": "action", "name": "two"}, {"id": "end", "type": "end"}],
        "edges": []}})
    model = WorkflowModel(doc)
    assert model.document is doc  # nothing dropped
    assert "duplicate node ids 'a'" in model.blocked_reason
    with pytest.raises(EditError, match="duplicate node ids 'a'"):
        model.update_node("a", name="three")
    assert [n.name for n in model.document.graph.nodes if n.id == "a"] == ["one", "two"]
