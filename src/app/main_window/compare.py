"""Opening diff windows from the main window: two versions, a version and the draft, two files.

The window only routes: the diff itself is :class:`DiffWindow`'s business. Diff
windows are children of the main window (closed with it) and are kept in a
list so tests and the user can reach the last one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFileDialog, QWidget

from flowdesk.app.diffview.diff_window import DiffWindow
from flowdesk.app.diffview.version_picker import compare_versions
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
