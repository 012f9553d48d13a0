"""Comparing versions from the main window: the history panel, Workflow › Compare versions…,
File › Compare files… (offscreen, temporary workspace)."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from flowdesk.app.diffview.version_picker import VersionPicker
from flowdesk.app.main_window import MainWindow
from flowdesk.model.document import dump

Yes = QMessageBox.StandardButton.Yes


def _open(window: MainWindow, key: str) -> None:
    summary = next(s for s in window.workspace.list_workflows() if s.workflow.key == key)
    assert window.open_workflow(summary.workflow.id)


def _rename_and_publish(window: MainWindow) -> None:
    """v2 = v1 with the condition renamed; the window then shows v2 read-only."""
    _open(window, "order-approval")
    window.update_node("is_large", "name", "Big order?")
    window.prompts.answer(Yes)  # type: ignore[attr-defined]
    assert window.publish()


def _changes(diff) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return {(c.kind, c.id, c.op) for c in diff.change_list.entries()}


def test_compare_two_selected_versions_from_the_history(window: MainWindow) -> None:
    _rename_and_publish(window)
    v2, v1 = window.history_panel.versions()
    window.history_panel.select_versions(v2.id, v1.id)
    menu = window.history_panel.context_menu()
    entries = {a.text(): a for a in menu.actions() if a.text()}
    assert entries["Compare with selected"].isEnabled()
    assert not entries["Compare with draft"].isEnabled()  # v2 was the draft: none left

    entries["Compare with selected"].trigger()
    diff = window.compare.diff_windows[-1]
    assert diff.isVisible()
    assert (diff.old_label, diff.new_label) == ("v1", "v2")  # older on the left, whatever the order
    assert ("node", "is_large", "changed") in _changes(diff)
    change = next(c for c in diff.change_list.entries() if c.id == "is_large")
    assert [(p.pointer, p.old, p.new) for p in change.properties] == [
        ("/name", "Large order?", "Big order?")]


def test_compare_a_version_with_the_draft_shows_unsaved_edits(window: MainWindow) -> None:
    _open(window, "order-approval")
    window.scene.select_item("node", "is_large")  # type: ignore[union-attr]
    window.delete_selection_action.trigger()  # not saved yet: Compare writes it first
    v1 = next(v for v in window.history_panel.versions() if not v.is_draft)
    window.history_panel.select_versions(v1.id)
    assert window.history_panel.compare_button.isEnabled()
    window.history_panel.compare_button.click()
    diff = window.compare.diff_windows[-1]
    assert (diff.old_label, diff.new_label) == ("v1", "draft")
    assert ("node", "is_large", "removed") in _changes(diff)


def test_the_draft_alone_compares_with_the_version_it_started_from(window: MainWindow) -> None:
    _open(window, "order-approval")  # the draft is selected: it is what is open
    window.update_node("is_large", "name", "Big order?")
    assert window.history_panel.selected_version().is_draft
    assert window.history_panel.compare_button.isEnabled()
    window.history_panel.compare_button.click()
    diff = window.compare.diff_windows[-1]
    assert (diff.old_label, diff.new_label) == ("v1", "draft")
    assert ("node", "is_large", "changed") in _changes(diff)


def test_workflow_menu_compare_versions_uses_the_picker(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _rename_and_publish(window)
    assert window.compare_versions_action.isEnabled()

    def pick() -> None:
        picker = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, VersionPicker) and w.isVisible())
        picker.set_versions("v1", "v2")
        picker.accept()

    QTimer.singleShot(0, pick)
    window.compare_versions_action.trigger()
    diff = window.compare.diff_windows[-1]
    assert ("node", "is_large", "changed") in _changes(diff)
    diff.close()
    qtbot.waitUntil(lambda: not window.compare.diff_windows)


def test_compare_two_files_and_name_the_unreadable_one(window: MainWindow, tmp_path: Path) -> None:
    _open(window, "order-approval")
    old = window.session.model.document  # type: ignore[union-attr]
    (tmp_path / "old.json").write_text(json.dumps(dump(old)), encoding="utf-8")
    window.update_node("is_large", "name", "Big order?")
    new = window.session.model.document  # type: ignore[union-attr]
    (tmp_path / "new.json").write_text(json.dumps(dump(new)), encoding="utf-8")

    diff = window.compare.files(tmp_path / "old.json", tmp_path / "new.json")
    assert diff is not None and (diff.old_label, diff.new_label) == ("old.json", "new.json")
    assert ("node", "is_large", "changed") in _changes(diff)

    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    assert window.compare.files(tmp_path / "old.json", tmp_path / "broken.json") is None
    title, text, _ = window.prompts.asked[-1]  # type: ignore[attr-defined]
    assert title == "Cannot compare the files" and "broken.json" in text
