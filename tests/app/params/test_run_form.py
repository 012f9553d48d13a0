"""The run form tab: the launch form with live validation, and the dry run."""

from __future__ import annotations

import pytest

from flowdesk.app.params import ParameterEditor


@pytest.fixture
def run_editor(make_editor) -> ParameterEditor:  # type: ignore[no-untyped-def]
    widget = make_editor()
    widget.tabs.setCurrentWidget(widget.run_form)
    return widget


def test_run_form_validates_live(run_editor: ParameterEditor, qtbot) -> None:
    editor = run_editor
    panel = editor.run_form
    assert panel.form is not None
    assert not panel.form.is_valid()  # customerId is required
    assert panel.summary.text().startswith("A run would be refused")
    assert "Customer: Required." in panel.summary.text()  # by its title, in plain words
    panel.form.set_value({"customerId": "3f1c1a36-0a4e-4a55-9d7a-0c1b3c5d7e9f", "amount": 5})
    assert panel.form.is_valid()
    assert panel.summary.text() == "" and panel.errors() == []


def test_run_form_follows_schema_edits_and_keeps_entered_values(
    run_editor: ParameterEditor, qtbot
) -> None:
    editor = run_editor
    cid = "3f1c1a36-0a4e-4a55-9d7a-0c1b3c5d7e9f"
    editor.run_form.form.set_value({"customerId": cid})
    assert editor.run_form.form.field_at("/note") is None
    schema = dict(editor.model.parameter_schema)
    schema["properties"] = {**schema["properties"],
                            "note": {"type": "string", "default": "hello"}}
    editor.model.set_parameter_schema(schema)
    assert editor.run_form.form.field_at("/note") is not None
    value = editor.run_form.form.value()
    assert value["customerId"] == cid


def test_dry_run_emits_the_path_taken(run_editor: ParameterEditor, qtbot) -> None:
    editor = run_editor
    editor.run_form.form.set_value(
        {"customerId": "3f1c1a36-0a4e-4a55-9d7a-0c1b3c5d7e9f", "amount": 500}
    )
    with qtbot.waitSignal(editor.dry_run_path) as blocker:
        editor.run_form.dry_run_button.click()
    nodes, edges = blocker.args
    assert nodes == ["start", "big", "approve", "end"]
    assert edges == ["e1", "e2", "e4"]
    editor.run_form.form.set_value(
        {"customerId": "3f1c1a36-0a4e-4a55-9d7a-0c1b3c5d7e9f", "amount": 5}
    )
    with qtbot.waitSignal(editor.dry_run_path) as blocker:
        editor.dry_run()
    assert blocker.args == [["start", "big", "end"], ["e1", "e3"]]
    assert "start → big → end" in editor.run_form.result_label.text()


def test_dry_run_names_the_steps_and_the_summary_the_fields(
    run_editor: ParameterEditor, qtbot
) -> None:
    editor = run_editor
    editor.model.update_node("big", name="Big order?")
    panel = editor.run_form
    panel.form.set_value({"amount": "lots"})
    summary = panel.summary.text()
    assert summary.startswith("A run would be refused — ")
    assert "/amount" not in summary and "is not of type" not in summary
    panel.form.set_value({"customerId": "3f1c1a36-0a4e-4a55-9d7a-0c1b3c5d7e9f", "amount": 5})
    editor.dry_run()
    assert "start → Big order? → end" in panel.result_label.text()
