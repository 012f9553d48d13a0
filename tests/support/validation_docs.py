"""A small valid version document that validation tests break in one way each."""

from __future__ import annotations

import copy
from typing import Any

from flowdesk.model.problems import Problem
from flowdesk.model.validation import validate

BASE: dict[str, Any] = {
    "formatVersion": 1,
    "graph": {
        "formatVersion": 1,
        "nodes": [
            {"id": "start", "type": "start"},
            {"id": "fetch", "type": "action", "name": "Fetch customer", "actionId": "http.request",
             "config": {"method": "GET",
                        "url": "https://crm.example/customers/${{ params.customerId }}",
                        "headers": {"Authorization": "Bearer ${{ secrets.CRM_TOKEN }}"}},
             "position": {"x": 240, "y": 0}},
            {"id": "route", "type": "condition", "name": "Large order?"},
            {"id": "notify", "type": "action", "actionId": "chat.post_message",
             "config": {"channel": "#sales", "text": "Big order from ${{ steps.fetch.output.body.name }}"}},
            {"id": "end", "type": "end"},
        ],
        "edges": [
            {"id": "e1", "source": "start", "target": "fetch"},
            {"id": "e2", "source": "fetch", "target": "route", "condition": "onSuccess"},
            {"id": "e3", "source": "route", "target": "notify",
             "condition": {"expression": "steps.fetch.output.body.total > params.threshold"}},
            {"id": "e4", "source": "route", "target": "end", "condition": "otherwise"},
            {"id": "e5", "source": "notify", "target": "end"},
        ],
        "notes": [{"id": "n1", "text": "Ask finance about the threshold",
                   "position": {"x": 0, "y": 120}}],
    },
    "parameterSchema": {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": {
            "customerId": {"type": "string", "minLength": 1},
            "threshold": {"type": "number", "default": 1000},
        },
        "required": ["customerId"],
    },
    "envConfig": {
        "env": {"REGION": "eu-west-1"},
        "secrets": {"CRM_TOKEN": {"connectionId": "c0a8", "secretRefKey": "api_token",
                                  "description": "CRM API token"}},
    },
}


def fresh_doc() -> dict[str, Any]:
    """A deep copy of :data:`BASE`, free to break."""
    return copy.deepcopy(BASE)


def node(doc: dict[str, Any], node_id: str) -> dict[str, Any]:
    return next(n for n in doc["graph"]["nodes"] if n["id"] == node_id)


def edge(doc: dict[str, Any], edge_id: str) -> dict[str, Any]:
    return next(e for e in doc["graph"]["edges"] if e["id"] == edge_id)


def only(problems: list[Problem], code: str) -> Problem:
    """The single problem with ``code`` (fails listing all problems otherwise)."""
    found = [p for p in problems if p.code == code]
    assert len(found) == 1, f"expected one {code}, got: {[str(p) for p in problems]}"
    return found[0]


def codes(problems: list[Problem]) -> list[str]:
    return [p.code for p in problems]


def problems_of(doc: dict[str, Any], code_prefix: str = "") -> list[Problem]:
    """Validation problems whose code starts with ``code_prefix``."""
    return [p for p in validate(doc) if p.code.startswith(code_prefix)]
