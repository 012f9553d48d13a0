"""Help > Keyboard shortcuts: every action of the window that has a shortcut.

Built from the window's live ``QAction`` objects, so the list shows the keys of
this platform (``QKeySequence.StandardKey``) and never drifts from the menus.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)


def shortcut_rows(groups: Iterable[tuple[str, Iterable[QAction]]]) -> list[tuple[str, str, str]]:
    """``(group, action text, keys)`` for every action with at least one shortcut."""
    rows = []
    for group, actions in groups:
        for action in actions:
            keys = [
                k.toString(QKeySequence.SequenceFormat.NativeText)
                for k in action.shortcuts()
                if not k.isEmpty()
            ]
            if keys:
                rows.append((group, action.text().replace("&", "").rstrip("…."), ", ".join(keys)))
    return rows


class ShortcutsDialog(QDialog):
    def __init__(
        self,
        groups: Iterable[tuple[str, Iterable[QAction]]],
        parent: QWidget | None = None,
        extra_rows: Iterable[tuple[str, str, str]] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(520, 560)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Filter…")
        self.filter_edit.setClearButtonEnabled(True)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Action", "Shortcut"])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.setRootIsDecorated(False)
        self.rows = shortcut_rows(groups) + list(extra_rows)
        parents: dict[str, QTreeWidgetItem] = {}
        for group, text, keys in self.rows:
            if group not in parents:
                parent_item = QTreeWidgetItem(self.tree, [group, ""])
                font = parent_item.font(0)
                font.setBold(True)
                parent_item.setFont(0, font)
                parents[group] = parent_item
            QTreeWidgetItem(parents[group], [text, keys])
        self.tree.setRootIsDecorated(False)
        self.tree.expandAll()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.filter_edit.textChanged.connect(self._filter)

    def _filter(self, text: str) -> None:
        needle = text.lower()
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            shown = 0
            for j in range(group.childCount()):
                child = group.child(j)
                hit = needle in child.text(0).lower() or needle in child.text(1).lower()
                child.setHidden(not hit)
                shown += hit
            group.setHidden(shown == 0)
