"""CEL helpers: syntax check, references, templates, evaluation (no eval())."""

from __future__ import annotations

import pytest

from flowdesk.model.cel import (
    CelEvaluationError,
    Reference,
    check_syntax,
    evaluate,
    has_unclosed_template,
    references,
    template_expressions,
)


@pytest.mark.parametrize("text", [
    "params.amount > 100", "steps.fetch.output.body.items.exists(i, i.price > 10)",
    "size(params.name) >= 3 && env.REGION == 'eu-west-1'", "{'id': params.customerId}",
])
def test_valid_expressions(text):
    assert check_syntax(text) is None


@pytest.mark.parametrize(("text", "words"), [
    ("params.amount >", "ends too early"), ("", "empty"), ("a ++ b", "unexpected"),
    ("params.a = 1", "unexpected"),
])
def test_syntax_errors_are_in_words(text, words):
    err = check_syntax(text)
    assert err is not None and words in str(err)


def test_references_skip_macro_variables_and_keep_static_paths():
    refs = references("params.items.all(x, x.ok) && steps['fetch'].status == 'ok' && foo")
    assert refs == [Reference("params", ("items",)), Reference("steps", ("fetch", "status")),
                    Reference("foo", ())]


def test_templates_and_unclosed_templates():
    text = "Hi ${{ params.name }}, order ${{steps.fetch.output.id}}"
    assert [t.expression for t in template_expressions(text)] == [
        "params.name", "steps.fetch.output.id"]
    assert not has_unclosed_template(text)
    assert has_unclosed_template("Hi ${{ params.name")


def test_evaluate_returns_plain_values():
    assert evaluate("params.amount > 100", {"params": {"amount": 150}}) is True
    assert evaluate("params.n + 1", {"params": {"n": 1}}) == 2
    with pytest.raises(CelEvaluationError):
        evaluate("params.missing > 1", {"params": {}})
    with pytest.raises(CelEvaluationError):
        evaluate("__import__('os')", {})
