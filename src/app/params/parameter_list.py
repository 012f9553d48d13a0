"""The visual list of parameters: a tree (nested objects and arrays of objects
open as children) with add, add-inside, remove and move buttons.

The tree only mirrors the schema it is given and reports what the author asks
for through signals; the editor turns requests into undo commands.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from flowdesk.model.params import Parameter, list_parameters

Key = tuple[str, str]  # (container pointer, parameter name)
_KEY_ROLE = Qt.ItemDataRole.UserRole
_CHILDREN_ROLE = Qt.ItemDataRole.UserRole + 1


class ParameterList(QWidget):
    """Tree of parameters with the list actions; emits requests, never edits."""

    selection_changed = Signal()
    add_requested = Signal(str, int)  # container, index (-1: at the end)
    remove_requested = Signal(str, str)  # container, name
    move_requested = Signal(str, str, int)  # container, name, new index

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("parameterTree")
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(["Name", "Type", "Required", "Title"])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setStyleSheet("QTreeView::item { padding: 3px 2px; }")
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.tree.itemSelectionChanged.connect(self._selection_changed)

        self.add_button = self._button("Add", "Add a parameter after the selected one", self._add)
        self.add_inside_button = self._button(
            "Add inside", "Add a parameter inside the selected object or array of objects",
            self._add_inside,
        )
        self.remove_button = self._button("Remove", "Remove the selected parameter", self._remove)
        self.up_button = self._button("▲", "Move up (Alt+Up)", lambda: self._move(-1))
        self.down_button = self._button("▼", "Move down (Alt+Down)", lambda: self._move(1))
        # Scoped to the tree: a window-wide Delete made the canvas's Delete ambiguous. The
        # plain Del key, not StandardKey.Delete, which also means Ctrl+D on X11 desktops.
        for keys, slot in ((QKeySequence("Alt+Up"), lambda: self._move(-1)),
                           (QKeySequence("Alt+Down"), lambda: self._move(1)),
                           (QKeySequence(Qt.Key.Key_Delete), self._remove)):
            QShortcut(keys, self.tree, slot).setContext(Qt.ShortcutContext.WidgetShortcut)

        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        for b in (self.add_button, self.add_inside_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.up_button)
        buttons.addWidget(self.down_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.tree, 1)
        self._schema: Any = None
        self._read_only = False
        self._update_buttons()

    def _button(self, text: str, tip: str, slot: Any) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(False)
        button.clicked.connect(slot)
        return button

    # ------------------------------------------------------------ mirroring

    def set_schema(self, schema: Any) -> None:
        """Rebuild the tree from ``schema``, keeping the selection and open branches."""
        selected = self.selected()
        expanded = {k for k, item in self._items().items() if item.isExpanded()}
        first_build = self._schema is None
        self._schema = schema
        self.tree.blockSignals(True)
        try:
            self.tree.clear()
            self._fill(self.tree.invisibleRootItem(), schema, "")
            for key, item in self._items().items():
                if first_build or key in expanded:
                    item.setExpanded(True)
            if selected is not None and selected in self._items():
                self._items()[selected].setSelected(True)
                self.tree.setCurrentItem(self._items()[selected])
        finally:
            self.tree.blockSignals(False)
        self._update_buttons()
        if self.selected() != selected:
            self.selection_changed.emit()

    def _fill(self, parent: QTreeWidgetItem, schema: Any, container: str) -> None:
        for param in list_parameters(schema, container):
            item = QTreeWidgetItem(parent, _columns(param))
            item.setData(0, _KEY_ROLE, (param.container, param.name))
            item.setData(0, _CHILDREN_ROLE, param.children_container)
            if param.description:
                item.setToolTip(0, param.description)
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignCenter)
            if param.children_container is not None:
                self._fill(item, schema, param.children_container)

    def _items(self) -> dict[Key, QTreeWidgetItem]:
        out: dict[Key, QTreeWidgetItem] = {}
        stack = [self.tree.invisibleRootItem()]
        while stack:
            item = stack.pop()
            for i in range(item.childCount()):
                child = item.child(i)
                out[tuple(child.data(0, _KEY_ROLE))] = child  # type: ignore[index]
                stack.append(child)
        return out

    def item(self, container: str, name: str) -> QTreeWidgetItem | None:
        return self._items().get((container, name))

    def names(self, container: str = "") -> list[str]:
        """Names shown under ``container``, in order (what a reader sees)."""
        return [k[1] for k in self._ordered_keys() if k[0] == container]

    def _ordered_keys(self) -> list[Key]:
        out: list[Key] = []

        def walk(item: QTreeWidgetItem) -> None:
            for i in range(item.childCount()):
                child = item.child(i)
                out.append(tuple(child.data(0, _KEY_ROLE)))  # type: ignore[arg-type]
                walk(child)

        walk(self.tree.invisibleRootItem())
        return out

    # ------------------------------------------------------------ selection

    def selected(self) -> Key | None:
        items = self.tree.selectedItems()
        if not items:
            return None
        return tuple(items[0].data(0, _KEY_ROLE))  # type: ignore[return-value]

    def select(self, container: str, name: str) -> None:
        item = self.item(container, name)
        if item is None:
            self.tree.clearSelection()
            return
        self.tree.setCurrentItem(item)
        item.setSelected(True)

    def _selection_changed(self) -> None:
        self._update_buttons()
        self.selection_changed.emit()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self._update_buttons()

    def _update_buttons(self) -> None:
        key = self.selected()
        item = self.item(*key) if key else None
        writable = not self._read_only
        self.add_button.setEnabled(writable)
        self.add_inside_button.setEnabled(
            writable and item is not None and item.data(0, _CHILDREN_ROLE) is not None
        )
        self.remove_button.setEnabled(writable and key is not None)
        if key is not None:
            siblings = self.names(key[0])
            index = siblings.index(key[1])
            self.up_button.setEnabled(writable and index > 0)
            self.down_button.setEnabled(writable and index < len(siblings) - 1)
        else:
            self.up_button.setEnabled(False)
            self.down_button.setEnabled(False)

    # ------------------------------------------------------------ requests

    def _add(self) -> None:
        key = self.selected()
        if key is None:
            self.add_requested.emit("", -1)
        else:
            self.add_requested.emit(key[0], self.names(key[0]).index(key[1]) + 1)

    def _add_inside(self) -> None:
        key = self.selected()
        item = self.item(*key) if key else None
        if item is not None and item.data(0, _CHILDREN_ROLE) is not None:
            self.add_requested.emit(item.data(0, _CHILDREN_ROLE), -1)

    def _remove(self) -> None:
        key = self.selected()
        if key is not None and not self._read_only:
            self.remove_requested.emit(*key)

    def _move(self, step: int) -> None:
        key = self.selected()
        if key is None or self._read_only:
            return
        siblings = self.names(key[0])
        index = siblings.index(key[1]) + step
        if 0 <= index < len(siblings):
            self.move_requested.emit(key[0], key[1], index)


def _columns(param: Parameter) -> list[str]:
    return [param.name, param.label, "✓" if param.required else "", param.title or ""]
