"""Pick two versions of a workflow (published ones or the draft) to compare.

The picker reads the version list through the window's :class:`Workspace`
(each call its own session) and loads only the two chosen documents.
Defaults: old = what the draft was based on (else the one before the latest),
new = the draft (else the latest).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from flowdesk.app.diffview.diff_window import DiffWindow
from flowdesk.app.session.workspace import Workspace


def version_label(info: Any) -> str:
    """"draft", "v3" or "v5 (latest)": how versions are named in the diff UI."""
    if info.is_draft:
        return "draft"
    return f"v{info.version}" + (" (latest)" if info.is_latest else "")


class VersionPicker(QDialog):
    """Two combo boxes over a workflow's versions; :meth:`selection` loads the chosen pair."""

    def __init__(self, workspace: Workspace, workflow_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.setWindowTitle("Compare versions")
        self.versions = workspace.list_versions(workflow_id)  # newest first, draft included
        self.old_box = QComboBox()
        self.new_box = QComboBox()
        for info in self.versions:
            self.old_box.addItem(version_label(info), info.id)
            self.new_box.addItem(version_label(info), info.id)
        self.hint = QLabel()
        self.hint.setStyleSheet("color: #b42318")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Compare")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Old:", self.old_box)
        form.addRow("New:", self.new_box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self._choose_defaults()
        self.old_box.currentIndexChanged.connect(self._check)
        self.new_box.currentIndexChanged.connect(self._check)
        self._check()

    def _choose_defaults(self) -> None:
        ids = [v.id for v in self.versions]
        draft = next((v for v in self.versions if v.is_draft), None)
        published = [v for v in self.versions if not v.is_draft]
        new = draft or (published[0] if published else None)
        old = None
        if draft is not None and draft.based_on_id in ids:
            old = self.versions[ids.index(draft.based_on_id)]
        elif draft is not None and published:
            old = published[0]
        elif len(published) > 1:
            old = published[1]
        if new is not None:
            self.new_box.setCurrentIndex(ids.index(new.id))
        if old is not None:
            self.old_box.setCurrentIndex(ids.index(old.id))

    def set_versions(self, old_label: str, new_label: str) -> None:
        """Selects by label ("v2", "draft"), for tests and scripted use."""
        for box, label in ((self.old_box, old_label), (self.new_box, new_label)):
            index = next(i for i in range(box.count())
                         if box.itemText(i).split(" ")[0] == label)
            box.setCurrentIndex(index)

    def _check(self) -> None:
        same = self.old_box.currentData() == self.new_box.currentData()
        enough = self.old_box.count() > 0
        self.hint.setText("Pick two different versions." if same and enough else
                          "" if enough else "This workflow has no versions yet.")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(enough and not same)

    def selection(self) -> tuple[Any, Any]:
        """The two chosen :class:`VersionRecord` objects (old, new), loaded from storage."""
        return (self.workspace.get_version(self.old_box.currentData()),
                self.workspace.get_version(self.new_box.currentData()))

    def labels(self) -> tuple[str, str]:
        return (self.old_box.currentText().split(" ")[0], self.new_box.currentText().split(" ")[0])


def diff_window_for(picker: VersionPicker, parent: QWidget | None = None) -> DiffWindow:
    """The diff window of the picker's current choice."""
    old, new = picker.selection()
    old_label, new_label = picker.labels()
    return DiffWindow(old.document, new.document, old_label, new_label,
                      picker.workspace.catalog, parent)


def compare_versions(workspace: Workspace, workflow_id: str,
                     parent: QWidget | None = None) -> DiffWindow | None:
    """Asks for two versions (modal) and opens their diff window; None when cancelled."""
    picker = VersionPicker(workspace, workflow_id, parent)
    if picker.exec() != QDialog.DialogCode.Accepted:
        return None
    window = diff_window_for(picker, parent)
    window.show()
    return window
