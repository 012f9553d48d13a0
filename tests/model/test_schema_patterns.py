"""Schema patterns cannot hang Flowdesk: RE2 for most, a time limit for the rest.

``^(a+)+$`` against ``"a" * 40 + "!"`` takes Python's ``re`` minutes. On RE2
it is an ordinary mismatch. A pattern RE2 cannot run (a backreference) runs
under a time limit and, when it exceeds it, is reported where it sits in the
schema. pytest-timeout would stop a test that hangs; the assertions are on
what the user is told.
"""

from __future__ import annotations

from typing import Any

import pytest
from tests.support.validation_docs import fresh_doc

from flowdesk.model import safe_regex
from flowdesk.model.document import load
from flowdesk.model.forms import SchemaContext, validate_value
from flowdesk.model.plain_messages import plain_error
from flowdesk.model.run_input import validate_run_input
from flowdesk.model.safe_regex import PatternInvalid, PatternTooSlow, compile_pattern
from flowdesk.model.schema_engine import check_schema, make_validator
from flowdesk.model.simulate import dry_run
from flowdesk.model.validation import validate
from flowdesk.model.validation.fast_schema import Unsupported, compile_schema

EVIL = "^(a+)+$"  # exponential on a backtracking engine, linear on RE2
BACKREF = r"^(a|aa)+\1$"  # RE2 refuses backreferences; catastrophic when backtracking
ATTACK = "a" * 40 + "!"
# A hang (the bug) fails here within a minute instead of at the suite-wide limit.
pytestmark = pytest.mark.timeout(60)


@pytest.fixture(autouse=True)
def short_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safe_regex, "TIME_LIMIT_SECONDS", 0.1)


def schema_with(pattern: str) -> dict[str, Any]:
    return {"type": "object", "properties": {"code": {"type": "string", "pattern": pattern}}}


def test_nested_quantifiers_are_an_ordinary_mismatch() -> None:
    errors = list(make_validator(schema_with(EVIL)).iter_errors({"code": ATTACK}))
    assert [e.message for e in errors] == [f"{ATTACK!r} does not match {EVIL!r}"]
    assert list(make_validator(schema_with(EVIL)).iter_errors({"code": "aaaa"})) == []


def test_a_backreference_pattern_that_takes_too_long_is_reported_at_its_place() -> None:
    errors = list(make_validator(schema_with(BACKREF)).iter_errors({"code": ATTACK}))
    assert len(errors) == 1
    assert errors[0].message.startswith("pattern at /properties/code/pattern took too long")
    assert list(make_validator(schema_with(BACKREF)).iter_errors({"code": "aaaa"})) == []


def test_property_name_patterns_are_bounded_too() -> None:
    keyed = {"type": "object", "patternProperties": {BACKREF: {"type": "integer"}},
             "additionalProperties": False}
    messages = [e.message for e in make_validator(keyed).iter_errors({ATTACK: 1})]
    assert messages and all("took too long" in m for m in messages)
    assert "/patternProperties/" in messages[0]

    unevaluated = {"type": "object", "allOf": [{"patternProperties": {BACKREF: True}}],
                   "unevaluatedProperties": False}
    messages = [e.message for e in make_validator(unevaluated).iter_errors({ATTACK: 1})]
    assert any("took too long" in m for m in messages)
    assert list(make_validator(unevaluated).iter_errors({"aaaa": 1})) == []
    assert "'x' was unexpected" in next(make_validator(unevaluated).iter_errors({"x": 1})).message


def test_pattern_properties_still_route_values() -> None:
    schema = {"type": "object", "patternProperties": {"^n_": {"type": "integer"}},
              "additionalProperties": {"type": "string"}}
    validator = make_validator(schema)
    assert validator.is_valid({"n_a": 1, "label": "x"})
    assert not validator.is_valid({"n_a": "one"})
    assert not validator.is_valid({"label": 2})


def test_ecma_unicode_escapes_run_on_re2() -> None:
    compiled = compile_pattern(r"^[\u0041-\u005A]+$")
    assert compiled.runs_in_linear_time
    assert compiled.search("ABC") and not compiled.search("abc")


def test_patterns_no_engine_compiles_are_invalid_everywhere() -> None:
    with pytest.raises(PatternInvalid):
        compile_pattern("(unclosed")
    with pytest.raises(Exception, match="regex"):
        check_schema({"type": "string", "pattern": "(unclosed"})
    problems = validate(load({**fresh_doc(), "parameterSchema": schema_with("(unclosed")}))
    found = [p for p in problems if p.code == "params.pattern_invalid"]
    assert [p.location.pointer for p in found] == ["/parameterSchema/properties/code/pattern"]


def test_validate_checks_defaults_promptly() -> None:
    doc = fresh_doc()
    doc["parameterSchema"] = schema_with(EVIL)
    doc["parameterSchema"]["properties"]["code"]["default"] = ATTACK
    problems = [p for p in validate(load(doc)) if p.code == "params.default_invalid"]
    assert [p.location.pointer for p in problems] == ["/parameterSchema/properties/code/default"]
    assert "must match the pattern ^(a+)+$" in problems[0].message

    doc["parameterSchema"] = schema_with(BACKREF)
    doc["parameterSchema"]["properties"]["code"]["default"] = ATTACK
    problems = [p for p in validate(load(doc)) if p.code == "params.default_invalid"]
    assert "pattern at /parameterSchema/properties/code/pattern took too long" in (
        problems[0].message)


@pytest.mark.parametrize("pattern", [EVIL, BACKREF])
def test_run_input_and_simulate_return(pattern: str) -> None:
    problems = validate_run_input(schema_with(pattern), {"code": ATTACK})
    assert [(p.code, p.location.pointer) for p in problems] == [("input.invalid", "/code")]
    doc = fresh_doc()
    doc["parameterSchema"] = schema_with(pattern)
    result = dry_run(load(doc), {"code": ATTACK})
    assert result.outcome == "invalid_params"
    assert "/code" in [e.location.pointer for e in result.errors]


@pytest.mark.parametrize(("pattern", "expected"), [
    (EVIL, "must match the pattern"), (BACKREF, "took too long"),
])
def test_the_form_model_reports_the_pattern(pattern: str, expected: str) -> None:
    context = SchemaContext(schema_with(pattern))
    errors = validate_value(context, {"code": ATTACK})
    assert [e.pointer for e in errors] == ["/code"]
    assert expected in errors[0].message.lower()


def test_plain_messages_keep_the_slow_pattern_explanation() -> None:
    error = next(make_validator(schema_with(BACKREF)).iter_errors({"code": ATTACK}))
    assert plain_error(error).startswith("pattern at /properties/code/pattern took too long")


def test_the_regex_format_compiles_on_the_bounded_engines() -> None:
    schema = {"type": "string", "format": "regex"}
    validator = make_validator(schema, check_formats=True)
    assert validator.is_valid(r"^(a|aa)+\1$") and validator.is_valid("^[a-z]+$")
    assert not validator.is_valid("(unclosed")


def test_the_fast_config_check_uses_the_same_engine() -> None:
    check = compile_schema({"type": "object", "properties": {"x": {"pattern": EVIL}}})
    assert check({"x": "aaa"}) and not check({"x": ATTACK})
    with pytest.raises(Unsupported):  # timed patterns go to jsonschema, which reports them
        compile_schema({"type": "object", "properties": {"x": {"pattern": BACKREF}}})


def test_the_time_limit_raises_a_clear_error() -> None:
    with pytest.raises(PatternTooSlow, match="took too long"):
        compile_pattern(BACKREF).search(ATTACK)


@pytest.mark.timeout(5)  # 100 values at the full limit would take 10 s
def test_many_bad_values_cost_little_once_a_pattern_proved_slow() -> None:
    schema = {"type": "array", "items": {"type": "string", "pattern": r"^(aa|a)+\1$"}}
    errors = list(make_validator(schema).iter_errors([ATTACK] * 100 + ["aa"]))
    assert len(errors) == 100  # each bad value reported; the good one still passes
    assert all("took too long" in e.message for e in errors)
    assert errors[0].message.startswith("pattern at /items/pattern")


def test_a_lone_surrogate_in_a_value_is_checked_not_raised() -> None:
    validator = make_validator(schema_with("^a"))  # JSON may carry "\ud800"
    assert not validator.is_valid({"code": "\ud800"})
    assert validator.is_valid({"code": "a\ud800"})
