"""The dry run's result line: steps by name and plain words, no ids or pointers."""

from __future__ import annotations

from typing import Any

import pytest

from flowdesk.app.params import ParameterEditor
from flowdesk.model.document import Expression

CUSTOMER = "3f1c1a36-0a4e-4a55-9d7a-0c1b3c5d7e9f"


@pytest.fixture
def editor(make_editor) -> ParameterEditor:  # type: ignore[no-untyped-def]
    widget = make_editor()
    widget.model.update_node("big", name="Big order?")
    widget.tabs.setCurrentWidget(widget.run_form)
    return widget


def _run(editor: ParameterEditor, value: dict[str, Any]) -> str:
    editor.run_form.form.set_value(value)
    editor.dry_run()
    return editor.run_form.result_label.text()


def test_a_refused_run_says_which_parameter_and_why(editor: ParameterEditor) -> None:
    text = _run(editor, {"customerId": CUSTOMER, "amount": "lots"})
    assert text == "Dry run refused: parameter amount must be a number"


def test_a_stuck_run_names_the_condition(editor: ParameterEditor) -> None:
    editor.model.remove_edge("e3")  # no otherwise edge left: small amounts get stuck
    text = _run(editor, {"customerId": CUSTOMER, "amount": 5})
    assert text.splitlines() == [
        "Dry run stuck: start → Big order?",
        "Big order?: No expression matched and there is no otherwise edge; the run is stuck here",
    ]


def test_an_expression_that_fails_names_the_connection(editor: ParameterEditor) -> None:
    editor.model.set_edge_condition("e2", Expression("params.amount.nope > 1"))
    text = _run(editor, {"customerId": CUSTOMER, "amount": 500})
    assert "\nBig order? -> approve: Cannot evaluate the condition" in text
    assert "'e2'" not in text and "edge e2" not in text
