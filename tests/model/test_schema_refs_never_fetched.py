"""No command retrieves a ``$ref``: http:// and file:// targets are problems, not requests.

jsonschema, given no registry, downloads (and reads files for) any ``$ref`` it
cannot resolve. Every Flowdesk use goes through the shared registry, which
refuses; validation names the ``$ref`` and where it sits.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.support.ref_targets import counting_server, referring_schema, schema_file
from tests.support.validation_docs import fresh_doc

from flowdesk.model.document import load
from flowdesk.model.forms import SchemaContext, validate_value
from flowdesk.model.run_input import validate_run_input
from flowdesk.model.schema_engine import make_validator
from flowdesk.model.simulate import dry_run
from flowdesk.model.validation import validate


@pytest.fixture(autouse=True)
def no_url_opened(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """jsonschema's fallback retrieval goes through urlopen (which also reads file://)."""
    opened: list[str] = []

    def spy(request: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(getattr(request, "full_url", request))
        raise AssertionError(f"a $ref was fetched: {opened[-1]}")

    monkeypatch.setattr(urllib.request, "urlopen", spy)
    yield opened
    assert opened == []


@pytest.fixture(params=["http", "file"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "file":
        yield schema_file(tmp_path)
        return
    with counting_server() as server:
        yield server.url
        assert server.requests == []


def test_validate_reports_the_ref_and_where_it_is(target: str) -> None:
    doc = fresh_doc()
    doc["parameterSchema"] = referring_schema(target)
    problems = [p for p in validate(load(doc)) if p.code == "params.ref_unresolvable"]
    assert [p.location.pointer for p in problems] == ["/parameterSchema/properties/amount/$ref"]
    assert problems[0].is_error
    assert target in problems[0].message and "never fetches" in problems[0].message


def test_run_input_and_simulate_refuse_the_schema(target: str) -> None:
    schema = referring_schema(target)
    problems = validate_run_input(schema, {"amount": 5})
    assert [p.code for p in problems] == ["input.schema_invalid"]
    assert "/properties/amount/$ref" in problems[0].message and target in problems[0].message

    doc = fresh_doc()
    doc["parameterSchema"] = schema
    result = dry_run(load(doc), {"amount": 5, "customerId": "c1"})
    assert result.outcome == "invalid_params"
    assert "points outside the schema" in result.errors[0].message


def test_the_form_says_why_it_cannot_check_the_value(target: str) -> None:
    context = SchemaContext(referring_schema(target))
    errors = validate_value(context, {"amount": 5})
    assert len(errors) == 1
    assert "/properties/amount/$ref" in errors[0].message
    assert "outside the schema" in errors[0].message


def test_a_validator_from_the_engine_never_retrieves(target: str) -> None:
    validator = make_validator(referring_schema(target))
    with pytest.raises(Exception, match="target") as info:
        list(validator.iter_errors({"amount": 5}))
    assert "not of type" not in str(info.value)  # the target's own rule never ran


def test_meta_schema_refs_still_resolve_offline() -> None:
    schema = {"type": "object", "properties": {
        "inner": {"$ref": "https://json-schema.org/draft/2020-12/schema"}}}
    assert validate_run_input(schema, {"inner": {"type": "string"}}) == []
    assert [p.code for p in validate_run_input(schema, {"inner": {"type": 5}})] == [
        "input.invalid"]
