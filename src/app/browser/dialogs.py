"""Dialogs of the workflow browser: create/rename, and the delete confirmation.

The key is checked as it is typed (format, and not already used in the tenant)
so the author never meets the error only after pressing OK.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from flowdesk.storage.errors import InvalidKey
from flowdesk.storage.values import check_key

ERROR_STYLE = "color: palette(highlight);"


def key_problem(key: str, taken: Iterable[str] = ()) -> str | None:
    """Why ``key`` cannot be used for a new workflow, or ``None``."""
    if not key:
        return "A key is required."
    try:
        check_key(key)
    except InvalidKey as exc:
        return exc.reason[:1].upper() + exc.reason[1:] + ("" if exc.reason.endswith(".") else ".")
    if key in set(taken):
        return f"A workflow with key “{key}” already exists."
    return None


def suggest_key(name: str) -> str:
    """A key derived from a name: ``Order approval`` -> ``order-approval``."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower())[:63].strip("-")


class WorkflowDialog(QDialog):
    """Create a workflow (key, name, description) or edit name and description."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        taken_keys: Iterable[str] = (),
        workflow: Any | None = None,
    ) -> None:
        super().__init__(parent)
        self._taken = set(taken_keys)
        self._editing = workflow is not None
        self._key_touched = False
        self.setWindowTitle("Rename workflow" if self._editing else "New workflow")
        self.setMinimumWidth(420)

        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText("Order approval")
        self.key_edit = QLineEdit(self)
        self.key_edit.setPlaceholderText("order-approval")
        self.key_hint = QLabel(self)
        self.key_hint.setObjectName("keyHint")
        self.key_hint.setWordWrap(True)
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setPlaceholderText("What this workflow does (optional)")
        self.description_edit.setFixedHeight(72)

        form = QFormLayout()
        form.addRow("&Name:", self.name_edit)
        form.addRow("&Key:", self.key_edit)
        form.addRow("", self.key_hint)
        form.addRow("&Description:", self.description_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            "Save" if self._editing else "Create"
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

        if workflow is not None:
            self.name_edit.setText(workflow.name)
            self.key_edit.setText(workflow.key)
            self.key_edit.setReadOnly(True)
            self.key_edit.setToolTip("The key identifies the workflow to the platform; it is fixed.")
            self.description_edit.setPlainText(workflow.description or "")
        self.name_edit.textEdited.connect(self._on_name_edited)
        self.key_edit.textEdited.connect(self._on_key_edited)
        self._update()

    def _on_name_edited(self, text: str) -> None:
        if not self._editing and not self._key_touched:
            self.key_edit.setText(suggest_key(text))
        self._update()

    def _on_key_edited(self, _text: str) -> None:
        self._key_touched = True
        self._update()

    def problem(self) -> str | None:
        if not self.name_edit.text().strip():
            return "A name is required."
        if self._editing:
            return None
        return key_problem(self.key_edit.text(), self._taken)

    def _update(self) -> None:
        key_issue = None if self._editing else key_problem(self.key_edit.text(), self._taken)
        if self._editing:
            self.key_hint.setText("")
        elif key_issue and self.key_edit.text():
            self.key_hint.setText(f"<span style='color:#dc2626'>{key_issue}</span>")
        else:
            self.key_hint.setText(
                "<span style='color:gray'>Lowercase letters, digits and dashes; "
                "unique in the tenant.</span>"
            )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.problem() is None)

    def values(self) -> tuple[str, str, str | None]:
        """``(key, name, description)`` as entered."""
        description = self.description_edit.toPlainText().strip()
        return self.key_edit.text(), self.name_edit.text().strip(), description or None


def delete_consequences(summary: Any, versions: list[Any]) -> str:
    """What deleting a workflow loses, in words (shown before asking)."""
    published = [v for v in versions if not v.is_draft]
    drafts = [v for v in versions if v.is_draft]
    lines = [f"Delete “{summary.workflow.name}” ({summary.workflow.key})?", ""]
    lost = []
    if published:
        lost.append(
            f"{len(published)} published version{'s' if len(published) != 1 else ''} "
            f"(v{min(v.version for v in published)}–v{max(v.version for v in published)})"
            if len(published) > 1
            else f"1 published version (v{published[0].version})"
        )
    if drafts:
        lost.append("the unpublished draft and its edits")
    if lost:
        lines.append("This permanently deletes " + " and ".join(lost) + ".")
    else:
        lines.append("The workflow has no versions.")
    lines.append("This cannot be undone.")
    return "\n".join(lines)


def confirm_delete(
    parent: QWidget | None,
    summary: Any,
    versions: list[Any],
    ask: Callable[..., Any] = QMessageBox.warning,
) -> bool:
    text = delete_consequences(summary, versions)
    answer = ask(
        parent,
        "Delete workflow",
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes
