"""The variant editor for ``oneOf``/``anyOf`` and type lists: a selector and the
chosen variant's field.

Each variant's field is kept once built, so flipping back and forth does not
lose what was typed; on a switch, properties both variants share are carried
over, and a scalar moves across when the new variant can hold it.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from flowdesk.app.forms.editor import Editor, EditorFactory
from flowdesk.app.forms.field import Field
from flowdesk.app.forms.style import REQUIRED_MARK, bold, subdued
from flowdesk.model.forms import ABSENT, FieldDescriptor, default_value, json_type_fits

_COMPOSITE = ("object", "array", "variants", "any", "never")


class VariantEditor(Editor):
    shows_description = True

    def __init__(
        self, descriptor: FieldDescriptor, factory: EditorFactory, parent: QWidget | None = None
    ) -> None:
        super().__init__(descriptor, factory, parent)
        self.variants = descriptor.variants
        self.wide = any(v.descriptor.kind in _COMPOSITE for v in self.variants)  # type: ignore[misc]
        self.fields: dict[int, Field] = {}
        self.index = -1
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(4)
        header = QHBoxLayout()
        header.setSpacing(8)
        self.title = QLabel(self)
        bold(self.title)
        self.title.setVisible(self.wide)
        header.addWidget(self.title)
        self.combo = QComboBox(self)
        self.combo.setToolTip("Which alternative of the schema this value follows")
        for variant in self.variants:
            self.combo.addItem(variant.title)
        self.combo.setEnabled(not descriptor.read_only)
        header.addWidget(self.combo)
        self.body = QVBoxLayout()
        self.body.setContentsMargins(0, 0, 0, 0)
        if self.wide:
            header.addStretch(1)
            outer.addLayout(header)
            self.description = subdued(QLabel(descriptor.description or "", self))
            self.description.setWordWrap(True)
            self.description.setTextFormat(Qt.TextFormat.PlainText)
            self.description.setVisible(bool(descriptor.description))
            outer.addWidget(self.description)
            outer.addLayout(self.body)
        else:
            header.addLayout(self.body, 1)
            outer.addLayout(header)
            self.shows_description = False  # type: ignore[misc]
        self.combo.activated.connect(self._on_user_switch)
        if self.variants:
            self._show(0)

    def set_label(self, text: str, required: bool) -> None:
        super().set_label(text, required)
        shown = self.descriptor.title or text
        self.title.setText(html.escape(shown) + (REQUIRED_MARK if required else ""))
        self.title.setVisible(self.wide and bool(shown))

    # -- value ---------------------------------------------------------------------------------
    def value(self) -> Any:
        current = self.fields.get(self.index)
        return current.value() if current is not None else ABSENT

    def set_value(self, value: Any) -> None:
        if value is ABSENT:
            if self.index in self.fields:
                self.fields[self.index].set_value(ABSENT)
            return
        index = self._pick(value)
        if index is None:
            return
        self._show(index)
        self.fields[index].set_value(value)

    def can_hold(self, value: Any) -> bool:
        return self._pick(value) is not None

    def _pick(self, value: Any) -> int | None:
        first = self.descriptor.match_variant(value)
        order = [first] if first is not None else []
        order += [
            i for i, v in enumerate(self.variants)
            if i != first and json_type_fits(v.descriptor, value)
        ]
        for index in order:
            if self._field(index).typed.can_hold(value):
                return index
        return None

    def select_variant(self, index: int) -> None:
        """Switch to variant ``index`` as the user would, carrying data across."""
        self.combo.setCurrentIndex(index)
        self._on_user_switch(index)

    def _on_user_switch(self, index: int) -> None:
        if index == self.index:
            return
        old = self.value()
        self._show(index)
        new = self.fields[index]
        if old is not ABSENT:
            carried = _carry(old, new)
            if carried is not ABSENT:
                new.set_value(carried)
        if new.value() is ABSENT:
            default = default_value(new.descriptor)
            if default is not ABSENT:
                new.set_value(default)
        self.value_changed.emit()

    def _field(self, index: int) -> Field:
        fld = self.fields.get(index)
        if fld is None:
            d = self.variants[index].descriptor
            fld = Field(d, self.factory, label=self.variants[index].title, parent=self)
            fld.token = None
            fld.typed.set_label(self.variants[index].title, False)  # the selector says required
            fld.hide()
            fld.value_changed.connect(self.value_changed)
            self.body.addWidget(fld)
            self.fields[index] = fld
        return fld

    def _show(self, index: int) -> None:
        if index == self.index:
            return
        previous = self.fields.get(self.index)
        if previous is not None:
            previous.hide()
        self._field(index).show()
        self.index = index
        self.combo.setCurrentIndex(index)

    # -- errors --------------------------------------------------------------------------------
    def child_field(self, token: str) -> Field | None:
        current = self.fields.get(self.index)
        return current.child(token) if current is not None else None

    def child_fields(self) -> Iterator[Field]:
        current = self.fields.get(self.index)
        return current.child_fields() if current is not None else iter(())

    def problems(self) -> list[str]:
        current = self.fields.get(self.index)
        return current.editor.problems() if current is not None else []


def _carry(old: Any, new: Field) -> Any:
    """What of ``old`` the newly chosen variant keeps."""
    if new.typed.can_hold(old):
        if isinstance(old, dict) and new.descriptor.kind == "object":
            known = new.descriptor.properties
            return {k: v for k, v in old.items() if k in known}
        return old
    return ABSENT
