"""Copy/paste through format-1 JSON text, across two models (no Qt)."""

from __future__ import annotations

import json

import pytest

from flowdesk.model.document import Edge, Node, Note, Position, empty_document
from flowdesk.model.editor.clipboard import (
    copy_to_text,
    fragment_from_text,
    prepare_paste,
)
from flowdesk.model.editor.workflow_model import WorkflowModel
from flowdesk.model.errors import EditError


def source_model() -> WorkflowModel:
    m = WorkflowModel(empty_document())
    m.add_node(Node("fetch", "action", name="Fetch", action_id="http.request",
                    config={"url": "https://x"}, position=Position(100, 100)))
    m.add_node(Node("check", "condition", position=Position(400, 100)))
    m.add_edge(Edge("e9", "fetch", "check", "onSuccess"))
    m.add_edge(Edge("e10", "start", "fetch"))
    m.add_note(Note("n1", "why", Position(100, 300)))
    return m


def test_copy_gives_format_1_json_with_inner_edges_only() -> None:
    text = copy_to_text(source_model().graph, ["fetch", "check"], ["n1"])
    data = json.loads(text)
    assert data["formatVersion"] == 1
    assert [n["id"] for n in data["graph"]["nodes"]] == ["fetch", "check"]
    assert [e["id"] for e in data["graph"]["edges"]] == ["e9"]  # start->fetch is not inside
    assert data["graph"]["notes"][0]["text"] == "why"


def test_paste_into_another_model_keeps_free_ids_and_offsets() -> None:
    text = copy_to_text(source_model().graph, ["fetch", "check"], ["n1"])
    other = WorkflowModel(empty_document())
    frag = prepare_paste(other, fragment_from_text(text), Position(10, 0))
    assert [n.id for n in frag.nodes] == ["fetch", "check"]
    assert frag.nodes[0].position == Position(110, 100)
    assert frag.nodes[0].config == {"url": "https://x"}
    for n in frag.nodes:
        other.add_node(n)
    for e in frag.edges:
        other.add_edge(e)
    assert other.edge(frag.edges[0].id).condition == "onSuccess"


def test_paste_into_the_same_model_remaps_every_id() -> None:
    model = source_model()
    text = copy_to_text(model.graph, ["fetch", "check"], ["n1"])
    frag = prepare_paste(model, fragment_from_text(text))
    ids = [n.id for n in frag.nodes]
    assert ids == ["fetch_1", "check_1"]
    assert frag.edges[0].source == "fetch_1" and frag.edges[0].target == "check_1"
    assert frag.edges[0].id not in {"e9", "e10", "e1"}
    assert frag.notes[0].id != "n1"
    for n in frag.nodes:
        model.add_node(n)
    for e in frag.edges:
        model.add_edge(e)
    for n in frag.notes:
        model.add_note(n)
    assert len(model.nodes) == 6


def test_paste_drops_a_second_start_node_and_its_edges() -> None:
    model = source_model()
    text = copy_to_text(model.graph, ["start", "fetch"])
    frag = prepare_paste(model, fragment_from_text(text))
    assert [n.type for n in frag.nodes] == ["action"]
    assert frag.edges == ()


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("hello", "does not hold Flowdesk nodes"),
        ('{"nodes": []}', 'no "graph"'),
        ('{"formatVersion": 7, "graph": {}}', "format 7"),
        ('{"formatVersion": 1, "graph": {"nodes": [{"id": 3}]}}', "/graph/nodes/0/id"),
    ],
)
def test_bad_clipboard_text_is_refused_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(EditError, match=reason.replace("(", r"\(")):
        fragment_from_text(text)
