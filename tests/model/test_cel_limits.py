"""CEL within limits: long or deeply nested expressions are syntax errors, and an
evaluation that runs away (nested comprehensions) stops with a clear error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.support.validation_docs import fresh_doc

from flowdesk.cli.main import main
from flowdesk.model import cel
from flowdesk.model.cel import (
    MAX_EVALUATION_STEPS,
    MAX_EXPRESSION_CHARS,
    MAX_NESTING,
    CelEvaluationError,
    check_syntax,
    evaluate,
)


def _numbers(n: int) -> str:
    return "[" + ", ".join(str(i) for i in range(n)) + "]"


def test_small_nested_comprehensions_still_evaluate() -> None:
    text = f"{_numbers(20)}.map(x, {_numbers(20)}.map(y, x * y)).size() == 20"
    assert evaluate(text, {}) is True


@pytest.mark.parametrize("text", [
    f"{_numbers(300)}.map(x, {_numbers(300)}.map(y, x * y)).size() > 0",
    "params.xs.map(a, params.xs.map(b, params.xs.map(c, a + b + c))).size() > 0",
    "params.xs.exists(a, params.xs.exists(b, params.xs.all(c, a + b + c < 0)))",
])
def test_runaway_comprehensions_stop_after_the_step_limit(text: str) -> None:
    with pytest.raises(CelEvaluationError) as caught:
        evaluate(text, {"params": {"xs": list(range(100))}})
    message = str(caught.value)
    assert f"stopped after {MAX_EVALUATION_STEPS:,} evaluation steps" in message
    assert len(message) < 200 and "\n" not in message


def test_the_step_limit_counts_steps_not_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cel, "MAX_EVALUATION_STEPS", 200)
    assert evaluate("[1, 2, 3].map(x, x * 2).size() == 3", {}) is True
    with pytest.raises(CelEvaluationError, match="stopped after 200 evaluation steps"):
        evaluate(f"{_numbers(30)}.map(x, x * 2).size() == 30", {})


def test_overlong_and_overnested_expressions_are_syntax_errors() -> None:
    long_text = "1 + " * (MAX_EXPRESSION_CHARS // 4) + "1"
    assert f"at most {MAX_EXPRESSION_CHARS:,} are allowed" in str(check_syntax(long_text))
    deep = "(" * (MAX_NESTING + 1) + "1" + ")" * (MAX_NESTING + 1)
    assert str(check_syntax(deep)) == (
        f"the expression nests brackets {MAX_NESTING + 1} levels deep; "
        f"at most {MAX_NESTING} are allowed"
    )
    assert check_syntax("(" * MAX_NESTING + "1" + ")" * MAX_NESTING) is None
    assert check_syntax('"((((((((((((((((((((((((((((((((((((((((((((((((((((((" == ""') is None


def test_simulate_names_the_edge_whose_condition_ran_away(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    doc = fresh_doc()
    doc["graph"]["edges"][2]["condition"]["expression"] = (
        f"{_numbers(400)}.map(x, {_numbers(400)}.map(y, x * y)).size() > 0"
    )
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["simulate", str(path), "--params", '{"customerId": "c1"}',
                 "--outputs", '{"fetch": {"body": {"total": 5}}}']) == 1
    err = capsys.readouterr().err
    assert "edge 'e3': cannot evaluate the condition: [0, 1, 2" in err
    assert f"stopped after {MAX_EVALUATION_STEPS:,} evaluation steps" in err
