"""Two versions of one workflow that differ in every way a diff view shows.

From OLD to NEW: node ``mail`` removed (with its edges e3, e5), node ``slack``
added (with e6, e7), node ``fetch`` edited (its URL), node ``check`` only moved,
edge ``e2`` changed (onSuccess -> onFailure), a breaking parameter change
(``limit`` made required) and an env variable changed.
"""

from __future__ import annotations

import copy
from typing import Any

OLD: dict[str, Any] = {
    "formatVersion": 1,
    "graph": {
        "formatVersion": 1,
        "nodes": [
            {"id": "start", "type": "start", "position": {"x": 0, "y": 8}},
            {"id": "fetch", "type": "action", "name": "Fetch", "actionId": "http.request",
             "config": {"method": "GET", "url": "https://old.example"},
             "position": {"x": 200, "y": 0}},
            {"id": "check", "type": "condition", "name": "Big?", "position": {"x": 480, "y": -10}},
            {"id": "mail", "type": "action", "name": "Mail", "actionId": "email.send",
             "config": {"to": ["ops@example.com"], "subject": "Big order", "body": "See it"},
             "position": {"x": 800, "y": -140}},
            {"id": "end", "type": "end", "position": {"x": 1100, "y": 8}},
        ],
        "edges": [
            {"id": "e1", "source": "start", "target": "fetch"},
            {"id": "e2", "source": "fetch", "target": "check", "condition": "onSuccess"},
            {"id": "e3", "source": "check", "target": "mail",
             "condition": {"expression": "steps.fetch.output.total > 100"}},
            {"id": "e4", "source": "check", "target": "end", "condition": "otherwise"},
            {"id": "e5", "source": "mail", "target": "end"},
        ],
    },
    "parameterSchema": {"type": "object", "properties": {"limit": {"type": "integer"}}},
    "envConfig": {"env": {"REGION": "eu-west-1"}},
}


def _new() -> dict[str, Any]:
    doc = copy.deepcopy(OLD)
    nodes = doc["graph"]["nodes"]
    nodes[1]["config"]["url"] = "https://new.example"
    nodes[2]["position"] = {"x": 500, "y": 160}
    del nodes[3]
    nodes.insert(3, {"id": "slack", "type": "action", "name": "Slack", "actionId": "http.request",
                     "config": {"method": "POST", "url": "https://hooks.example/slack"},
                     "position": {"x": 800, "y": 300}})
    edges = doc["graph"]["edges"]
    doc["graph"]["edges"] = [e for e in edges if e["id"] not in ("e3", "e5")]
    doc["graph"]["edges"][1]["condition"] = "onFailure"
    doc["graph"]["edges"] += [
        {"id": "e6", "source": "check", "target": "slack",
         "condition": {"expression": "steps.fetch.output.total > 100"}},
        {"id": "e7", "source": "slack", "target": "end"},
    ]
    doc["parameterSchema"]["required"] = ["limit"]
    doc["envConfig"]["env"]["REGION"] = "us-east-1"
    return doc


NEW: dict[str, Any] = _new()
