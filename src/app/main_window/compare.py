"""Opening diff windows from the main window: two versions, a version and the draft, two files.

The window only routes: the diff itself is :class:`DiffWindow`'s business. Diff
windows are children of the main window (closed with it) and are kept in a
list so tests and the user can reach the last one. Every diff window closes
with Esc and with the platform's Close key (Ctrl+W), like a document tab.
Comparing a version with the one before it, or with any version picked in a
dialog, needs no Ctrl+click.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from flowdesk.app.diffview.diff_window import DiffWindow
from flowdesk.app.diffview.version_picker import VersionPicker, compare_versions, diff_window_for
from flowdesk.app.panels.history_panel import previous_version
from flowdesk.model.errors import FlowdeskError

FILE_FILTER = "Version documents (*.json);;All files (*)"


def short_label(info: Any) -> str:
    """"draft" or "v3": the names the diff window shows in its title."""
    return "draft" if info.is_draft else f"v{info.version}"


class CompareRouter(QObject):
    """Compare actions of one main window (``window`` supplies workspace, prompts, session)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.diff_windows: list[DiffWindow] = []

    def _track(self, diff: DiffWindow) -> DiffWindow:
        diff.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        close = QAction("Close", diff)
        close.setShortcuts([QKeySequence(Qt.Key.Key_Escape),
                            *QKeySequence.keyBindings(QKeySequence.StandardKey.Close)])
        close.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        close.triggered.connect(diff.close)
        diff.addAction(close)
        diff.destroyed.connect(lambda *_: self._forget(diff))
        self.diff_windows.append(diff)
        return diff

    def _show(self, diff: DiffWindow) -> DiffWindow:
        self._track(diff).show()
        diff.raise_()
        return diff

    def _forget(self, diff: DiffWindow) -> None:
        if diff in self.diff_windows:
            self.diff_windows.remove(diff)

    def _flush(self) -> None:
        """Compare what is on screen: write pending draft edits first."""
        session = self.window.session
        if session is not None and not session.read_only:
            session.save()

    def ask_versions(self) -> DiffWindow | None:
        """Workflow › Compare versions…: pick two versions of the open (or selected) workflow."""
        workflow_id = self.window._workflow_id()
        if workflow_id is None:
            self.window.prompts.info("Compare versions", "Open or select a workflow first.")
            return None
        self._flush()
        try:
            diff = compare_versions(self.window.workspace, workflow_id, self.window)
        except FlowdeskError as exc:
            self.window.prompts.error("Cannot compare the versions", str(exc))
            return None
        return self._track(diff) if diff is not None else None

    def _version_list(self) -> list[Any]:
        workflow_id = self.window._workflow_id()
        return self.window.workspace.list_versions(workflow_id) if workflow_id else []

    def with_previous(self, version_id: str | None = None) -> DiffWindow | None:
        """``version_id`` (default: the open version) against the version before it."""
        if version_id is None:
            if self.window.session is None:
                return None
            version_id = self.window.session.version.id
        versions = self._version_list()
        info = next((v for v in versions if v.id == version_id), None)
        if info is None:
            return None
        previous = previous_version(versions, info)
        if previous is None:
            self.window.prompts.info(
                "Compare with previous",
                f"{short_label(info)} is the first version: there is nothing before it.")
            return None
        return self.versions(previous.id, info.id)

    def picker_for(self, version_id: str) -> VersionPicker | None:
        """The picker with ``version_id`` as the new side and the version before it as the old."""
        workflow_id = self.window._workflow_id()
        if workflow_id is None:
            return None
        self._flush()
        picker = VersionPicker(self.window.workspace, workflow_id, self.window)
        info = next((v for v in picker.versions if v.id == version_id), None)
        if info is None:
            return picker
        picker.new_box.setCurrentIndex(picker.new_box.findData(version_id))
        other = previous_version(picker.versions, info) or next(
            (v for v in picker.versions if v.id != version_id), None)
        if other is not None:
            picker.old_box.setCurrentIndex(picker.old_box.findData(other.id))
        return picker

    def ask_with(self, version_id: str) -> DiffWindow | None:
        """History › Compare with…: pick the other version of the pair in a dialog."""
        picker = self.picker_for(version_id)
        if picker is None or picker.exec() != QDialog.DialogCode.Accepted:
            return None
        try:
            return self._show(diff_window_for(picker, self.window))
        except FlowdeskError as exc:
            self.window.prompts.error("Cannot compare the versions", str(exc))
            return None

    def versions(self, old_id: str, new_id: str) -> DiffWindow | None:
        """The diff from version ``old_id`` to ``new_id`` (either may be the draft)."""
        self._flush()
        workspace = self.window.workspace
        try:
            old, new = workspace.get_version(old_id), workspace.get_version(new_id)
        except FlowdeskError as exc:
            self.window.prompts.error("Cannot compare the versions", str(exc))
            return None
        return self._show(DiffWindow(old.document, new.document, short_label(old.info),
                                     short_label(new.info), workspace.catalog, self.window))

    def files(self, old_path: str | Path | None = None,
              new_path: str | Path | None = None) -> DiffWindow | None:
        """File › Compare files…: asks for the two files unless given; errors name the file."""
        parent: QWidget = self.window
        if old_path is None:
            old_path, _ = QFileDialog.getOpenFileName(parent, "Compare: the old version", "",
                                                      FILE_FILTER)
            if not old_path:
                return None
        if new_path is None:
            new_path, _ = QFileDialog.getOpenFileName(parent, "Compare: the new version",
                                                      str(Path(old_path).parent), FILE_FILTER)
            if not new_path:
                return None
        try:
            diff = DiffWindow.from_files(old_path, new_path, self.window.workspace.catalog,
                                         self.window)
        except FlowdeskError as exc:
            self.window.prompts.error("Cannot compare the files", str(exc))
            return None
        return self._show(diff)
