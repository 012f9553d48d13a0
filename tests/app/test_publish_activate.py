"""A workflow's first publish offers to make it Active; later publishes do not ask."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QMessageBox, QWidget

from flowdesk.app.main_window import MainWindow
from flowdesk.app.main_window.prompts import Prompts
from flowdesk.storage.schema import WorkflowStatus

from .message_boxes import when_a_box_shows

Yes = QMessageBox.StandardButton.Yes


def _new_workflow(window: MainWindow, key: str) -> str:
    workflow = window.workspace.create_workflow(key, key.title())
    assert window.open_workflow(workflow.id)
    return workflow.id


def _status(window: MainWindow, workflow_id: str) -> WorkflowStatus:
    return window.workspace.get_workflow(workflow_id).status


def _browser_status(window: MainWindow, workflow_id: str) -> WorkflowStatus:
    summary = next(s for s in window.workspace.list_workflows() if s.workflow.id == workflow_id)
    return summary.workflow.status


def test_the_first_publish_of_a_draft_workflow_makes_it_active_by_default(
    window: MainWindow,
) -> None:
    workflow_id = _new_workflow(window, "first-publish")
    window.prompts.answer(Yes)  # type: ignore[attr-defined]
    assert window.publish()
    checkbox = window.prompts.checkboxes[-1]  # type: ignore[attr-defined]
    assert isinstance(checkbox, QCheckBox) and "Active" in checkbox.text()
    assert checkbox.isChecked()
    assert _status(window, workflow_id) == WorkflowStatus.ACTIVE
    assert _browser_status(window, workflow_id) == WorkflowStatus.ACTIVE


def test_unticking_the_box_publishes_and_leaves_the_workflow_a_draft(window: MainWindow) -> None:
    workflow_id = _new_workflow(window, "stays-draft")
    window.prompts.answer(Yes)  # type: ignore[attr-defined]
    window.prompts.check_answers.append(False)  # type: ignore[attr-defined]
    assert window.publish()
    assert window.session is not None and window.session.version.version == 1
    assert _status(window, workflow_id) == WorkflowStatus.DRAFT


def test_later_publishes_and_cancelled_ones_change_no_status(window: MainWindow) -> None:
    workflow_id = _new_workflow(window, "second-publish")
    window.prompts.answer(QMessageBox.StandardButton.Cancel)  # type: ignore[attr-defined]
    assert not window.publish()
    assert _status(window, workflow_id) == WorkflowStatus.DRAFT
    window.prompts.answer(Yes)  # type: ignore[attr-defined]
    window.prompts.check_answers.append(False)  # type: ignore[attr-defined]
    assert window.publish()
    assert window.new_draft_from(None)
    window.prompts.answer(Yes)  # type: ignore[attr-defined]
    assert window.publish()
    assert window.prompts.asked[-1][0] == "Publish"  # type: ignore[attr-defined]
    assert window.prompts.checkboxes[-1] is None  # type: ignore[attr-defined]
    assert _status(window, workflow_id) == WorkflowStatus.DRAFT


def test_the_real_question_shows_the_option_under_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[tuple[str, bool]] = []

    def answer(box: QMessageBox) -> None:
        seen.append((box.checkBox().text(), box.checkBox().isChecked()))
        box.checkBox().setChecked(False)
        box.button(Yes).click()

    when_a_box_shows(answer)
    consent = Prompts(parent).confirm_publish("Flow", 0, offer_activate=True)
    assert seen == [("Make the workflow Active (its first published version)", True)]
    assert consent and not consent.activate
