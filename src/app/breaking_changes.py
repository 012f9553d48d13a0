"""Asking the author to confirm parameter changes that break existing callers.

Before a publish, the main window calls :func:`confirm_breaking_changes` with
the latest published schema and the one about to be published. When
:func:`flowdesk.model.schema_diff.diff_schemas` finds changes that may refuse
a run input that worked before (a new required parameter without a default,
a removed parameter, a narrowed type, a removed enum value, a tighter
constraint), a dialog lists them and the publish goes ahead only after the
author ticks that they understand and presses "Publish anyway".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from flowdesk.model.changes import Change
from flowdesk.model.plain_messages import parameter_path
from flowdesk.model.schema_diff import diff_schemas


class BreakingChangesDialog(QDialog):
    """Lists breaking (and, for context, compatible) parameter changes; needs explicit consent."""

    def __init__(self, changes: Sequence[Change], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Publish with breaking parameter changes?")
        self.setModal(True)
        self.resize(640, 400)
        breaking = [c for c in changes if c.breaking]
        compatible = [c for c in changes if not c.breaking]
        self.breaking = breaking

        icon = QLabel(self)
        icon.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(32, 32))
        count = len(breaking)
        intro = QLabel(
            f"<b>{count} change{'s' if count != 1 else ''} to the parameters may break existing "
            "callers.</b><br>Runs started by schedules, other workflows or API clients with "
            "input that worked for the latest published version may be refused.",
            self,
        )
        intro.setWordWrap(True)

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("breakingChanges")
        self.tree.setHeaderLabels(["Parameter", "Change"])
        self.tree.setRootIsDecorated(True)
        self.tree.setColumnWidth(0, 160)
        self.tree.setWordWrap(True)
        warn = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        group = QTreeWidgetItem(self.tree, ["Breaking", ""])
        group.setFirstColumnSpanned(True)
        for change in breaking:
            item = QTreeWidgetItem(group, [_parameter(change), _describe(change)])
            item.setIcon(0, warn)
            item.setToolTip(1, change.pointer)  # the JSON pointer, for whoever asks
        group.setExpanded(True)
        if compatible:
            other = QTreeWidgetItem(self.tree, ["Compatible", ""])
            other.setFirstColumnSpanned(True)
            for change in compatible:
                item = QTreeWidgetItem(other, [_parameter(change), _describe(change)])
                item.setToolTip(1, change.pointer)
            other.setExpanded(False)

        self.consent = QCheckBox(
            "I understand that callers using the current parameters may fail", self
        )
        self.buttons = QDialogButtonBox(self)
        self.publish_button = QPushButton("Publish anyway", self)
        self.publish_button.setObjectName("publishAnyway")
        self.publish_button.setEnabled(False)
        self.buttons.addButton(self.publish_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setDefault(True)
        self.consent.toggled.connect(self.publish_button.setEnabled)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        header = QHBoxLayout()
        header.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(intro, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.consent)
        layout.addWidget(self.buttons)

    def accept(self) -> None:
        if self.consent.isChecked():  # Enter on the button box must not skip the consent
            super().accept()


def _parameter(change: Change) -> str:
    """``customer.address.city``: the parameter by its path of names, not a JSON pointer."""
    return parameter_path(change.pointer) or change.id or "(schema)"


def _describe(change: Change) -> str:
    """The change's message without the "parameter x (at /pointer):" prefix the first
    column shows."""
    message = change.message or f"{change.op}"
    prefix = f"parameter {change.id}"
    if message.startswith(prefix):
        message = _NESTED_AT.sub("", message[len(prefix):]).lstrip(" :")
    return message[:1].upper() + message[1:]


_NESTED_AT = re.compile(r"^ at /\S*?:")


def breaking_parameter_changes(old_schema: Any, new_schema: Any) -> list[Change]:
    return [c for c in diff_schemas(old_schema, new_schema) if c.breaking]


def confirm_breaking_changes(parent: QWidget | None, old_schema: Any, new_schema: Any) -> bool:
    """``True`` when publishing may go ahead: no breaking change, or the author confirmed.

    ``old_schema`` is the latest published version's parameter schema; ``None``
    means there is no published version yet (a first publish breaks nobody). A
    published version that had no schema accepted any input: pass ``{}`` for it.
    """
    if old_schema is None:
        return True
    changes = diff_schemas(old_schema, new_schema)
    if not any(c.breaking for c in changes):
        return True
    dialog = BreakingChangesDialog(changes, parent)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()
