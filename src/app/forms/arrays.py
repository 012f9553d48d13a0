"""The array editor: a list of item fields with add, remove and reorder.

Items are rebuilt from the list of values after each structural edit; that
keeps indexes (and so error pointers) simple and correct.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolButton, QVBoxLayout, QWidget

from flowdesk.app.forms.editor import Editor, EditorFactory
from flowdesk.app.forms.field import Field
from flowdesk.app.forms.group import CollapsibleGroup
from flowdesk.app.forms.style import subdued
from flowdesk.model.forms import ABSENT, FieldDescriptor, empty_value


class ArrayEditor(Editor):
    wide = True
    shows_description = True

    def __init__(
        self, descriptor: FieldDescriptor, factory: EditorFactory, parent: QWidget | None = None
    ) -> None:
        super().__init__(descriptor, factory, parent)
        self.items: list[Field] = []
        self._item_widgets: list[QWidget] = []
        self._pending: Any = ABSENT
        self._present = False
        self._built = False
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.group = CollapsibleGroup(
            descriptor.title or "",
            descriptor.description,
            self._build,
            expanded=descriptor.depth <= 1 and not descriptor.recursive,
            parent=self,
        )
        layout.addWidget(self.group)

    def set_label(self, text: str, required: bool) -> None:
        super().set_label(text, required)
        self.group.arrow.setText((self.descriptor.title or text or "Items") + (" *" if required else ""))

    def _build(self, layout: QVBoxLayout) -> None:
        self.items_layout = QVBoxLayout()
        self.items_layout.setSpacing(6)
        layout.addLayout(self.items_layout)
        self.empty_label = subdued(QLabel("No items.", self))
        layout.addWidget(self.empty_label)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Add item", self)
        self.add_button.setEnabled(not self.descriptor.read_only)
        self.add_button.clicked.connect(self.add_item)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._built = True
        self._apply(self._pending)
        self._pending = ABSENT

    # -- value ---------------------------------------------------------------------------------
    def value(self) -> Any:
        if not self._built:
            return copy.deepcopy(self._pending)
        values = self._values()
        if not values and not self._present:
            return ABSENT
        return values

    def _values(self) -> list[Any]:
        out = []
        for item in self.items:
            v = item.value()
            out.append(empty_value(item.descriptor) if v is ABSENT else v)
        return out

    def set_value(self, value: Any) -> None:
        if not self._built:
            self._pending = copy.deepcopy(value)
            return
        self._apply(value)

    def can_hold(self, value: Any) -> bool:
        return isinstance(value, list)

    def _apply(self, value: Any) -> None:
        self._present = value is not ABSENT
        self._rebuild(list(value) if isinstance(value, list) else [])

    def _rebuild(self, values: list[Any]) -> None:
        self._loading = True
        try:
            for widget in self._item_widgets:
                widget.hide()
                widget.deleteLater()
            self.items, self._item_widgets = [], []
            for index, item in enumerate(values):
                self._add_row(index, item, len(values))
            self.empty_label.setVisible(not values)
        finally:
            self._loading = False

    def _add_row(self, index: int, value: Any, count: int) -> None:
        d = self.descriptor.item(index)
        widget = QWidget(self)
        row = QHBoxLayout(widget)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        number = subdued(QLabel(f"{index + 1}.", widget))
        number.setFixedWidth(22)
        number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        number.setContentsMargins(0, 4, 0, 0)
        row.addWidget(number, 0, Qt.AlignmentFlag.AlignTop)
        fld = Field(d, self.factory, label=d.title or f"Item {index + 1}", parent=widget)
        fld.token = str(index)
        fld.set_value(value)
        fld.value_changed.connect(self._on_child_changed)
        row.addWidget(fld, 1)
        editable = not self.descriptor.read_only
        for text, tip, slot, enabled in (
            ("↑", "Move up", lambda: self.move_item(index, -1), index > 0),
            ("↓", "Move down", lambda: self.move_item(index, 1), index < count - 1),
            ("✕", "Remove", lambda: self.remove_item(index), True),
        ):
            button = QToolButton(widget)
            button.setText(text)
            button.setToolTip(tip)
            button.setAutoRaise(True)
            button.setEnabled(enabled and editable)
            button.clicked.connect(slot)
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        self.items_layout.addWidget(widget)
        self.items.append(fld)
        self._item_widgets.append(widget)

    # -- user actions --------------------------------------------------------------------------
    def add_item(self) -> None:
        values = self._values()
        values.append(empty_value(self.descriptor.item(len(values))))
        self._present = True
        self._rebuild(values)
        self.value_changed.emit()

    def remove_item(self, index: int) -> None:
        values = self._values()
        del values[index]
        self._rebuild(values)
        self.value_changed.emit()

    def move_item(self, index: int, step: int) -> None:
        values = self._values()
        target = index + step
        if not 0 <= target < len(values):
            return
        values[index], values[target] = values[target], values[index]
        self._rebuild(values)
        self.value_changed.emit()

    def _on_child_changed(self) -> None:
        if not self._loading:
            self.value_changed.emit()

    # -- errors --------------------------------------------------------------------------------
    def child_field(self, token: str) -> Field | None:
        if not self._built or not token.isdigit():
            return None
        index = int(token)
        return self.items[index] if index < len(self.items) else None

    def child_fields(self) -> Iterator[Field]:
        return iter(list(self.items)) if self._built else iter(())

    def set_error_count(self, count: int) -> None:
        self.group.set_error_count(count)

    def expand(self) -> None:
        self.group.set_expanded(True)
