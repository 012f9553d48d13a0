"""Publishing checks the parameters against the latest published version; dry runs light up the path."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from flowdesk.app.breaking_changes import BreakingChangesDialog
from flowdesk.app.main_window import MainWindow
from flowdesk.app.params import ParameterEditor

Yes = QMessageBox.StandardButton.Yes


def _open_draft(window: MainWindow) -> ParameterEditor:
    summary = next(s for s in window.workspace.list_workflows()
                   if s.workflow.key == "order-approval")
    assert window.open_workflow(summary.workflow.id)
    editor = window.definition.parameter_editor
    assert editor is not None
    return editor


def _edit_raw(editor: ParameterEditor, change: Callable[[dict], None]) -> dict:
    schema = copy.deepcopy(editor.model.parameter_schema)
    change(schema)
    editor.raw.text_edit.setPlainText(json.dumps(schema))
    editor.raw.check_now()
    assert editor.model.parameter_schema == schema
    return schema


def _add_required(schema: dict) -> None:
    schema["properties"]["region"] = {"type": "string"}
    schema["required"].append("region")


def _answer_breaking_dialog(accept: bool, seen: list[list[str]]) -> None:
    """Deal with the dialog once the publish opens it (it runs its own event loop)."""

    def poll() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, BreakingChangesDialog) and w.isVisible()]
        if not dialogs:
            QTimer.singleShot(20, poll)
            return
        dialog = dialogs[0]
        seen.append([dialog.tree.topLevelItem(0).child(i).text(0)
                     for i in range(dialog.tree.topLevelItem(0).childCount())])
        if accept:
            assert not dialog.publish_button.isEnabled()  # consent first
            dialog.consent.setChecked(True)
            dialog.publish_button.click()
        else:
            dialog.cancel_button.click()

    QTimer.singleShot(0, poll)


def test_cancelling_breaking_changes_leaves_the_draft_as_it_was(window: MainWindow) -> None:
    editor = _open_draft(window)
    session = window.session
    assert session is not None
    schema = _edit_raw(editor, _add_required)
    versions_before = [(v.id, v.is_draft) for v in window.workspace.list_versions(
        session.workflow.id)]
    undo_count = session.undo_stack.count()
    seen: list[list[str]] = []
    _answer_breaking_dialog(False, seen)
    assert not window.publish()
    assert seen == [["region"]]  # the dialog named the new required parameter
    assert session.version.is_draft and not session.read_only
    assert session.model.parameter_schema == schema
    assert session.undo_stack.count() == undo_count
    assert [(v.id, v.is_draft) for v in window.workspace.list_versions(
        session.workflow.id)] == versions_before
    assert window.prompts.asked == []  # type: ignore[attr-defined]


def test_confirmed_breaking_changes_publish(window: MainWindow) -> None:
    editor = _open_draft(window)
    session = window.session
    assert session is not None
    _edit_raw(editor, _add_required)
    seen: list[list[str]] = []
    _answer_breaking_dialog(True, seen)
    assert window.publish()
    assert seen == [["region"]]
    # the breaking-change dialog was the confirmation: no second question
    assert window.prompts.asked == []  # type: ignore[attr-defined]
    assert session.version.version == 2 and session.read_only
    latest = window.workspace.get_latest(session.workflow.id)
    assert "region" in latest.document.parameter_schema.schema["required"]
    current = window.definition.parameter_editor  # rebuilt for the published version
    assert current is not None and current is not editor
    assert not current.parameter_list.add_button.isEnabled()  # now read-only
    assert window.definition.env_editor is not None
    assert not window.definition.env_editor.add_env_button.isEnabled()


def test_compatible_changes_ask_the_usual_question(window: MainWindow) -> None:
    editor = _open_draft(window)
    session = window.session
    assert session is not None

    def add_optional(schema: dict) -> None:
        schema["properties"]["note"] = {"type": "string"}

    _edit_raw(editor, add_optional)
    window.prompts.answer(Yes)  # type: ignore[attr-defined]
    assert window.publish()
    assert [title for title, *_ in window.prompts.asked] == ["Publish"]  # type: ignore[attr-defined]
    assert session.version.version == 2


def test_dry_run_highlights_the_path_until_escape_or_an_edit(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = _open_draft(window)
    scene, highlight = window.scene, window.path_highlight
    assert scene is not None and highlight is not None and window.view is not None
    window.parameters_action.trigger()
    editor.tabs.setCurrentWidget(editor.run_form)
    editor.run_form.form.set_value({"orderId": "A-1", "approvalThreshold": 1000})
    with qtbot.waitSignal(editor.dry_run_path) as emitted:
        qtbot.mouseClick(editor.run_form.dry_run_button, Qt.MouseButton.LeftButton)
    node_ids, edge_ids = emitted.args
    assert node_ids[0] == "start" and "fetch_order" in node_ids and edge_ids
    assert highlight.node_ids == node_ids and highlight.edge_ids == edge_ids
    on_path, off_path = scene.node_items["fetch_order"], scene.node_items["end_failed"]
    assert "end_failed" not in node_ids
    assert on_path.graphicsEffect() is not None and on_path.opacity() == 1.0
    assert off_path.graphicsEffect() is None and off_path.opacity() < 0.5
    assert scene.edge_items[edge_ids[0]].graphicsEffect() is not None
    assert "highlighted" in window.statusBar().currentMessage()

    # Escape on the canvas clears it
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_Escape)
    assert not highlight.active
    assert on_path.graphicsEffect() is None and off_path.opacity() == 1.0

    # so does the next edit
    editor.dry_run()
    assert highlight.active
    window.update_node("fetch_order", "name", "Fetch the order")
    assert not highlight.active and off_path.opacity() == 1.0

    # and Escape in the parameter editor (where the run was started)
    editor.dry_run()
    assert highlight.active
    editor.run_form.dry_run_button.setFocus()
    QTest.keyClick(editor.run_form.dry_run_button, Qt.Key.Key_Escape)
    assert not highlight.active
