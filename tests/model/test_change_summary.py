"""The sentence the publish confirmation shows: what the new version changes."""

from __future__ import annotations

import json
from dataclasses import replace

from flowdesk.model.change_summary import change_summary
from flowdesk.model.diff import diff_documents
from flowdesk.model.document import Edge, Node, Position, load
from flowdesk.model.resources import load_json_resource


def _example():
    return load(load_json_resource("examples", "order-approval.json"))


def test_an_unchanged_draft_says_nothing_changed() -> None:
    doc = _example()
    diff = diff_documents(doc, doc)
    assert diff.is_empty and change_summary(diff) == ""


def test_steps_and_connections_are_counted_by_what_happened_to_them() -> None:
    old = _example()
    graph = old.graph
    first = graph.nodes[1]
    moved = replace(graph.nodes[2], position=Position(9000, 9000))
    nodes = [n for n in graph.nodes if n.id not in (first.id, moved.id)] + [
        replace(first, name="Fetch the order"), moved,
        Node("audit", "action", action_id="http.request", config={}, position=Position(0, 900)),
        Node("audit2", "action", action_id="http.request", config={}, position=Position(0, 990)),
    ]
    edges = [*graph.edges, Edge("e_audit", "audit", "audit2")]
    new = replace(old, graph=replace(graph, nodes=tuple(nodes), edges=tuple(edges)))
    text = change_summary(diff_documents(old, new))
    assert text == "2 steps added, 1 step changed, 1 step moved, 1 connection added"


def test_parameter_and_environment_changes_are_named_with_breaking_ones_counted() -> None:
    old = _example()
    schema = json.loads(json.dumps(old.parameter_schema.schema))
    schema["properties"]["orderId"]["type"] = "integer"  # callers sending "A-17" now fail
    env = replace(old.env_config, env={**old.env_config.env, "REGION": "eu"})
    new = replace(old, parameter_schema=replace(old.parameter_schema, schema=schema),
                  env_config=env)
    assert change_summary(diff_documents(old, new)) == (
        "Parameters changed (1 breaking); environment changed")
