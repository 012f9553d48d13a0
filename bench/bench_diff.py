"""Diff and merge of two 5,000-node versions.

Both versions are loaded from JSON separately (as the app and the CLI get
them), so the diff cannot lean on shared objects. The edit touches about 2% of
the nodes' config, moves some nodes, adds and removes a few.
"""

from __future__ import annotations

import copy
import json
import random
from typing import Any

from bench.graphs import branching_document
from bench.measure import time_ms
from flowdesk.model.diff import diff_documents
from flowdesk.model.document import dump, load
from flowdesk.model.merge import merge_documents

NODES = 5000


def _edit(data: dict[str, Any], seed: int, share: float = 0.02) -> dict[str, Any]:
    """A copy of ``data`` with ~``share`` of the actions edited, some moved, added, removed."""
    rng = random.Random(seed)
    out = copy.deepcopy(data)
    graph = out["graph"]
    actions = [n for n in graph["nodes"] if n["type"] == "action"]
    for node in rng.sample(actions, int(len(graph["nodes"]) * share)):
        node["config"] = {**node["config"], "retries": rng.randint(1, 5)}
    for node in rng.sample(actions, 50):
        node["position"] = {"x": node["position"]["x"] + 20, "y": node["position"]["y"]}
    # Remove a few actions that sit in a chain, bridging their edges.
    removed = 0
    for node in rng.sample(actions, 40):
        ins = [e for e in graph["edges"] if e["target"] == node["id"]]
        outs = [e for e in graph["edges"] if e["source"] == node["id"]]
        if len(ins) == 1 and len(outs) == 1 and removed < 10:
            graph["nodes"].remove(node)
            graph["edges"].remove(outs[0])
            ins[0]["target"] = outs[0]["target"]
            removed += 1
    for i in range(10):
        graph["nodes"].append({"id": f"new{seed}_{i}", "type": "action", "actionId": "flow.delay",
                               "config": {"seconds": i}, "position": {"x": 0, "y": 200 + i}})
    return out


def run() -> list[dict[str, Any]]:
    base_json = json.loads(json.dumps(dump(branching_document(NODES, seed=7))))
    old = load(copy.deepcopy(base_json))
    new = load(_edit(base_json, seed=1))
    theirs = load(_edit(base_json, seed=2))
    diff = diff_documents(old, new)
    median, p95 = time_ms(lambda: diff_documents(old, new))
    changed = len(diff.semantic_changes)
    results = [{
        "name": f"diff two {NODES}-node versions",
        "median_ms": median, "p95_ms": p95, "target_ms": 100.0,
        "notes": f"{changed} semantic, {len(diff.layout_changes)} layout changes",
    }]
    same = load(copy.deepcopy(base_json))
    median, p95 = time_ms(lambda: diff_documents(old, same))
    results.append({
        "name": f"diff {NODES}-node version against an equal copy",
        "median_ms": median, "p95_ms": p95, "target_ms": 100.0,
        "notes": "loaded separately: every item compared",
    })
    merged = merge_documents(old, new, theirs)
    median, p95 = time_ms(lambda: merge_documents(old, new, theirs), repeat=5)
    results.append({
        "name": f"merge two edits of a {NODES}-node version (with re-validation)",
        "median_ms": median, "p95_ms": p95, "target_ms": None,
        "notes": f"{len(merged.conflicts)} conflicts, {len(merged.problems)} problems",
    })
    return results


if __name__ == "__main__":
    for row in run():
        print(row)
