"""The workflow browser and its dialogs: create with inline key checks, rename, status."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from flowdesk.app.browser import WorkflowDialog, key_problem
from flowdesk.app.browser.workflow_list import version_text
from flowdesk.app.main_window import MainWindow
from flowdesk.app.settings import AppSettings, RecentWorkflow


def _ok(dialog: WorkflowDialog) -> bool:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_create_dialog_checks_the_key_as_it_is_typed(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = WorkflowDialog(taken_keys=["order-approval"])
    qtbot.addWidget(dialog)
    assert not _ok(dialog)
    QTest.keyClicks(dialog.name_edit, "Order Approval")
    # the key follows the name until the user types one
    assert dialog.key_edit.text() == "order-approval"
    assert "already exists" in dialog.key_hint.text()
    assert not _ok(dialog)
    dialog.key_edit.clear()
    QTest.keyClicks(dialog.key_edit, "Order_2")
    assert "lower-case" in dialog.key_hint.text()
    assert not _ok(dialog)
    dialog.key_edit.clear()
    QTest.keyClicks(dialog.key_edit, "order-approval-eu")
    assert _ok(dialog)
    QTest.keyClicks(dialog.name_edit, " EU")
    assert dialog.key_edit.text() == "order-approval-eu"  # typed keys are kept
    dialog.description_edit.setPlainText("  For the EU shop  ")
    assert dialog.values() == ("order-approval-eu", "Order Approval EU", "For the EU shop")


def test_key_problems_name_the_rule() -> None:
    assert key_problem("") == "A key is required."
    assert "at most 63" in (key_problem("a" * 64) or "")
    assert "dash" in (key_problem("-lead") or "")
    assert key_problem("ok-key-1") is None
    assert "already exists" in (key_problem("ok", ["ok"]) or "")


def test_rename_keeps_the_key(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    browser = window.browser
    summary = next(s for s in browser.list_model.summaries()
                   if s.workflow.key == "customer-welcome")
    dialog = WorkflowDialog(workflow=summary.workflow)
    qtbot.addWidget(dialog)
    assert dialog.key_edit.isReadOnly() and dialog.windowTitle() == "Rename workflow"
    browser.ask_details = lambda **_kw: ("customer-welcome", "Welcome new customers", "New")
    assert browser.rename_workflow(summary.workflow.id)
    renamed = window.workspace.get_workflow(summary.workflow.id)
    assert (renamed.key, renamed.name, renamed.description) == (
        "customer-welcome", "Welcome new customers", "New")
    assert "Welcome new customers" in [s.workflow.name for s in browser.list_model.summaries()]


def test_status_badges_and_version_column(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    browser = window.browser
    rows = {s.workflow.key: s for s in browser.list_model.summaries()}
    assert str(rows["order-approval"].workflow.status.value) == "Active"
    assert version_text(rows["order-approval"]) == "v1 · draft"
    assert version_text(rows["customer-welcome"]) == "draft only"
    wf_id = rows["customer-welcome"].workflow.id
    assert browser.set_status(wf_id, "Archived")
    rows = {s.workflow.key: s for s in browser.list_model.summaries()}
    assert str(rows["customer-welcome"].workflow.status.value) == "Archived"
    menu = browser.build_menu(rows["customer-welcome"], window)
    status_menu = next(a.menu() for a in menu.actions() if a.text() == "Status")
    checked = [a.text() for a in status_menu.actions() if a.isChecked()]
    assert checked == ["Archived"]


def test_a_refused_action_is_reported(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    browser = window.browser
    rows = {s.workflow.key: s for s in browser.list_model.summaries()}
    browser.ask_delete = lambda summary, versions: True
    # order-approval has a published version and is not archived: storage refuses
    assert not browser.delete_workflow(rows["order-approval"].workflow.id)
    title, text, _ = window.prompts.asked[-1]  # type: ignore[attr-defined]
    assert title == "Workflows" and "Cannot delete" in text
    assert len(browser.list_model.summaries()) == 2


def test_recent_workflows_keep_the_newest_first(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    for i in range(10):
        settings.add_recent_workflow(RecentWorkflow("/ws", f"id{i}", f"Workflow {i}"))
    settings.add_recent_workflow(RecentWorkflow("/ws", "id3", "Workflow 3"))
    settings.add_recent_workflow(RecentWorkflow("/other", "x", "Elsewhere"))
    recents = settings.recent_workflows("/ws")
    assert [r.workflow_id for r in recents[:3]] == ["id3", "id9", "id8"]
    assert len(settings.recent_workflows()) == 8
    assert settings.last_workflow("/other") == "x"
    settings.remove_recent_workflow("/ws", "id3")
    assert settings.last_workflow("/ws") == "id9"


def test_workflow_menu_changes_the_status_of_the_open_workflow(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    summary = next(s for s in window.browser.list_model.summaries()
                   if s.workflow.key == "customer-welcome")
    assert window.open_workflow(summary.workflow.id)
    window.status_menu.aboutToShow.emit()
    actions = {a.text(): a for a in window.status_menu.actions()}
    assert [t for t, a in actions.items() if a.isChecked()] == ["Draft"]
    actions["Active"].trigger()
    assert str(window.workspace.get_workflow(summary.workflow.id).status.value) == "Active"
    row = window.browser.list_model.row_of(summary.workflow.id)
    assert str(window.browser.list_model.summary(row).workflow.status.value) == "Active"
