"""The validate() entry point: valid generated graphs, stable order, never raises."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from bench.graphs import branching_document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.support.validation_docs import BASE

from flowdesk.model.document import dump, load
from flowdesk.model.validation import validate

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.floats(allow_nan=False, width=32)
    | st.sampled_from(["", "start", "end", "a", "e1", "always", "otherwise", "all", "X",
                       "${{ params.customerId }}", "${{ steps.fetch.output }}", "${{ 1 + }}"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["id", "type", "source", "target", "condition", "expression", "mode",
                         "config", "nodes", "edges", "x", "y", "value"]), inner, max_size=4),
    max_leaves=12,
)


@pytest.mark.parametrize(("size", "seed"), [(30, 0), (120, 1), (400, 2), (400, 7)])
def test_generated_branching_documents_have_no_problems(size, seed):
    document = branching_document(size, seed=seed)
    assert validate(document) == []
    assert validate(json.loads(json.dumps(dump(document)))) == []


def test_document_objects_and_json_give_the_same_problems():
    raw = copy.deepcopy(BASE)
    raw["graph"]["edges"].append({"id": "e9", "source": "end", "target": "start"})
    raw["envConfig"]["env"]["bad name"] = "x"
    assert validate(load(raw)) == validate(raw)
    assert len(validate(raw)) >= 3


def test_problems_are_sorted_by_location_then_code():
    raw = copy.deepcopy(BASE)
    for i in range(12):
        raw["graph"]["nodes"].append({"id": f"Orphan{i}", "type": "end"})
    problems = validate(raw)
    keys = [p.location.pointer for p in problems]
    indexes = [int(k.split("/")[3]) for k in keys if k.startswith("/graph/nodes/")]
    assert indexes == sorted(indexes)
    assert validate(raw) == problems


def paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            found += paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += paths(v, (*prefix, i))
    return found


ALL_PATHS = paths(BASE)[1:]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(ALL_PATHS), JSON), min_size=1, max_size=3))
def test_validation_never_raises_on_broken_documents(edits):
    raw = copy.deepcopy(BASE)
    for path, value in edits:
        target: Any = raw
        try:
            for token in path[:-1]:
                target = target[token]
            target[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    problems = validate(raw)
    assert all(p.code != "validation.internal_error" for p in problems), problems
    assert validate(raw) == problems


def test_keys_that_look_like_digits_do_not_break_sorting():
    """'²'.isdigit() is true but int('²') fails: found by hypothesis."""
    raw = copy.deepcopy(BASE)
    raw["²"] = None
    raw["10"] = 1
    raw["9"] = 2
    problems = validate(raw)
    assert [p.location.pointer for p in problems] == ["/9", "/10", "/²"]
    assert {p.code for p in problems} == {"structure.unknown_key"}
