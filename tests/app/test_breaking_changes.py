"""Publishing with breaking parameter changes needs explicit confirmation."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from flowdesk.app.breaking_changes import BreakingChangesDialog, confirm_breaking_changes
from flowdesk.model.schema_diff import diff_schemas

OLD = {"type": "object", "properties": {
    "customerId": {"type": "string"},
    "channel": {"type": "string", "enum": ["email", "sms"]},
    "note": {"type": "string"},
}, "required": ["customerId"]}
NEW = {"type": "object", "properties": {
    "customerId": {"type": "string"},
    "channel": {"type": "string", "enum": ["email"]},
    "priority": {"type": "integer"},
    "memo": {"type": "string", "title": "Memo"},
}, "required": ["customerId", "priority"]}


def answer_dialog(action: Callable[[BreakingChangesDialog], None], seen: list) -> None:
    def run() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, BreakingChangesDialog)
        seen.append([(c.id, c.message) for c in dialog.breaking])
        action(dialog)

    QTimer.singleShot(0, run)


def test_no_breaking_change_needs_no_dialog(qtbot) -> None:
    compatible = {**OLD, "properties": {**OLD["properties"], "extra": {"type": "string"}}}
    assert confirm_breaking_changes(None, OLD, compatible) is True
    assert confirm_breaking_changes(None, None, NEW) is True  # first publish breaks nobody
    # a published version without a schema accepted anything: a new required one breaks
    assert [c.id for c in diff_schemas({}, NEW) if c.breaking] == ["customerId", "priority"]
    assert QApplication.activeModalWidget() is None


def test_breaking_changes_are_listed_and_publish_needs_consent(qtbot) -> None:
    seen: list = []

    def consent_and_publish(dialog: BreakingChangesDialog) -> None:
        assert not dialog.publish_button.isEnabled()
        dialog.publish_button.click()  # disabled: nothing happens
        assert dialog.isVisible()
        dialog.consent.setChecked(True)
        dialog.publish_button.click()

    answer_dialog(consent_and_publish, seen)
    assert confirm_breaking_changes(None, OLD, NEW) is True
    (listed,) = seen
    ids = {i for i, _ in listed}
    assert ids == {"channel", "priority", "note"}
    messages = " | ".join(m for _, m in listed)
    assert 'removed "sms"' in messages
    assert "new required parameter without a default" in messages
    assert "parameter removed" in messages


def test_cancel_refuses_the_publish(qtbot) -> None:
    seen: list = []
    answer_dialog(lambda d: d.cancel_button.click(), seen)
    assert confirm_breaking_changes(None, OLD, NEW) is False
    assert seen


def test_dialog_shows_compatible_changes_apart(qtbot) -> None:
    dialog = BreakingChangesDialog(diff_schemas(OLD, NEW))
    qtbot.addWidget(dialog)
    groups = [dialog.tree.topLevelItem(i).text(0) for i in range(dialog.tree.topLevelItemCount())]
    assert groups == ["Breaking", "Compatible"]
    breaking = dialog.tree.topLevelItem(0)
    assert breaking.childCount() == 3
    compatible = dialog.tree.topLevelItem(1)
    assert [compatible.child(i).text(0) for i in range(compatible.childCount())] == ["memo"]


def test_a_nested_parameter_is_named_by_its_path_not_a_pointer(qtbot) -> None:
    old = {"type": "object", "properties": {"customer": {"type": "object", "properties": {
        "age": {"type": "integer"}}}}}
    new = {"type": "object", "properties": {"customer": {"type": "object", "properties": {
        "age": {"type": "integer", "minimum": 18}}}}}
    dialog = BreakingChangesDialog(diff_schemas(old, new))
    qtbot.addWidget(dialog)
    item = dialog.tree.topLevelItem(0).child(0)
    assert (item.text(0), item.text(1)) == ("customer.age", "New minimum 18")
    assert item.toolTip(1) == "/parameterSchema/properties/customer/properties/age/minimum"
