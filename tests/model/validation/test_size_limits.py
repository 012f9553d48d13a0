"""A graph over the size limits gets one clear problem; one just under them is checked normally."""

from __future__ import annotations

from typing import Any

import pytest

from flowdesk.model import validation
from flowdesk.model.document import load
from flowdesk.model.graph_limits import LIMITS
from flowdesk.model.validation import validate


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(LIMITS, "nodes", 10)
    monkeypatch.setitem(LIMITS, "edges", 12)


def _with_extra_edges(doc: dict[str, Any], count: int) -> dict[str, Any]:
    nodes = doc["graph"]["nodes"]
    doc["graph"]["edges"] += [
        {"id": f"x{i}", "source": nodes[0]["id"], "target": "ghost"} for i in range(count)
    ]
    return doc


@pytest.mark.usefixtures("small_limits")
@pytest.mark.parametrize("as_document", [False, True])
def test_too_many_edges_is_the_one_problem(doc: dict[str, Any], as_document: bool) -> None:
    doc = _with_extra_edges(doc, 13 - len(doc["graph"]["edges"]))
    problems = validate(load(doc) if as_document else doc)
    assert [(p.code, p.location.pointer) for p in problems] == [("graph.too_large", "/graph")]
    assert problems[0].message == "the graph is too large: 13 edges (at most 12)"


@pytest.mark.usefixtures("small_limits")
def test_a_graph_at_the_limit_is_checked_normally(doc: dict[str, Any]) -> None:
    doc = _with_extra_edges(doc, 12 - len(doc["graph"]["edges"]))
    codes = {p.code for p in validate(doc)}
    assert "graph.too_large" not in codes
    assert "edge.unknown_target" in codes


def test_the_limits_leave_room_for_the_benchmark_documents() -> None:
    assert LIMITS["nodes"] >= 20_000 and LIMITS["edges"] >= 100_000
    assert "graph.too_large" in (validation.__doc__ or "")
