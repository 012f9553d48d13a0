"""Picking two stored versions of a workflow to compare."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox
from tests.app.diffview.samples import NEW, OLD

from flowdesk.app.diffview.version_picker import VersionPicker, diff_window_for
from flowdesk.app.session import Workspace
from flowdesk.model.document import load


def _workflow_with_history(workspace: Workspace) -> str:
    """v1 = OLD, v2 = NEW (latest), and a draft based on v1 holding NEW."""
    wf = workspace.create_workflow("orders-diff", "Orders")
    draft = workspace.get_draft(wf.id)
    workspace.save_draft(draft.info.id, load(OLD))
    v1 = workspace.publish(draft.info.id)
    draft = workspace.new_draft_from(v1.info.id)
    workspace.save_draft(draft.info.id, load(NEW))
    workspace.publish(draft.info.id)
    draft = workspace.new_draft_from(v1.info.id)
    workspace.save_draft(draft.info.id, load(NEW))
    return wf.id


def test_defaults_compare_the_draft_with_the_version_it_started_from(qtbot, workspace) -> None:
    workflow_id = _workflow_with_history(workspace)
    picker = VersionPicker(workspace, workflow_id)
    qtbot.addWidget(picker)
    assert [picker.new_box.itemText(i) for i in range(picker.new_box.count())] == [
        "draft", "v2 (latest)", "v1"]
    assert picker.labels() == ("v1", "draft")
    window = diff_window_for(picker)
    qtbot.addWidget(window)
    assert window.windowTitle() == "Changes from v1 to draft"
    assert window.overlay_scene.status_of("node", "slack") == "added"


def test_two_published_versions_and_the_same_version_twice(qtbot, workspace) -> None:
    workflow_id = _workflow_with_history(workspace)
    picker = VersionPicker(workspace, workflow_id)
    qtbot.addWidget(picker)
    picker.set_versions("v2", "draft")
    old, new = picker.selection()
    assert old.info.version == 2 and new.info.is_draft
    window = diff_window_for(picker)
    qtbot.addWidget(window)
    assert window.diff.is_empty  # the draft holds what v2 holds
    picker.set_versions("v1", "v1")
    assert not picker.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert "two different versions" in picker.hint.text()
