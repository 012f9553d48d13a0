"""Editors for single JSON values: text, numbers, booleans, null, enum and const.

Text-like editors return ABSENT while empty, so clearing an optional field
removes the property; an empty string only comes back when one was loaded.
"""

from __future__ import annotations

import json
import math
from typing import Any

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from flowdesk.app.forms.editor import Editor, EditorFactory
from flowdesk.app.forms.style import bold, subdued
from flowdesk.model.forms import ABSENT, FieldDescriptor

_FORMAT_HINTS = {
    "email": "name@example.com",
    "idn-email": "name@example.com",
    "uri": "https://example.com/path",
    "iri": "https://example.com/path",
    "uri-reference": "/path or https://…",
    "uuid": "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "hostname": "host.example.com",
    "regex": "regular expression",
}


def _placeholder(descriptor: FieldDescriptor) -> str:
    examples = descriptor.examples
    if examples:
        shown = examples[0] if isinstance(examples[0], str) else json.dumps(examples[0])
        return f"e.g. {shown}"
    if descriptor.has_default and descriptor.default is not None:
        default = descriptor.default
        return f"default: {default if isinstance(default, str) else json.dumps(default)}"
    return _FORMAT_HINTS.get(descriptor.format or "", "")


class _LineEditor(Editor):
    """A single QLineEdit; subclasses turn its text into a value."""

    def __init__(
        self, descriptor: FieldDescriptor, factory: EditorFactory, parent: QWidget | None = None
    ) -> None:
        super().__init__(descriptor, factory, parent)
        self.layout_ = QHBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(4)
        self.line = QLineEdit(self)
        self.line.setPlaceholderText(_placeholder(descriptor))
        self.line.setReadOnly(descriptor.read_only)
        if descriptor.write_only:
            self.line.setEchoMode(QLineEdit.EchoMode.Password)
        max_length = descriptor.schema.get("maxLength")
        if isinstance(max_length, int) and not isinstance(max_length, bool) and max_length > 0:
            self.line.setToolTip(f"At most {max_length} characters")
        self.layout_.addWidget(self.line, 1)
        self.line.textEdited.connect(self._on_edited)
        self._explicit_empty = False

    def _on_edited(self, _text: str) -> None:
        self._explicit_empty = False
        self.value_changed.emit()

    def _show_text(self, text: str) -> None:
        """Load text with the cursor at its start: a long value (a URL) in a narrow
        field should show its beginning, not its end. Typing is not affected."""
        self.line.setText(text)
        self.line.setCursorPosition(0)


class StringEditor(_LineEditor):
    def value(self) -> Any:
        text = self.line.text()
        if not text and not self._explicit_empty:
            return ABSENT
        return text

    def set_value(self, value: Any) -> None:
        self._explicit_empty = value == ""
        self._show_text("" if value is ABSENT else value)

    def can_hold(self, value: Any) -> bool:
        return isinstance(value, str) and "\n" not in value


# What a number field lets you type: JSON numbers (a leading "+" or "." forgiven), and
# every prefix of one, so "-", "1." and "1e" can be typed on the way to "-1.5e3". A
# ``${{ }}`` template is let through too: an action's config fills numbers in at run time.
_TEMPLATE_TEXT = r"|\$\{\{.*"
_NUMBER_TEXT = r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?" + _TEMPLATE_TEXT
_INTEGER_TEXT = r"[-+]?\d+" + _TEMPLATE_TEXT


class NumberEditor(_LineEditor):
    """Numbers as text, so any JSON number (and an empty field) is possible.

    A validator refuses keystrokes that cannot lead to a number (letters), so
    typing never produces text the schema will reject anyway; an unfinished
    number ("1e") is passed on as a string for the validator to point at.
    """

    def __init__(
        self, descriptor: FieldDescriptor, factory: EditorFactory, parent: QWidget | None = None
    ) -> None:
        super().__init__(descriptor, factory, parent)
        bounds = []
        for key, sign in (("minimum", "≥"), ("exclusiveMinimum", ">"),
                          ("maximum", "≤"), ("exclusiveMaximum", "<"), ("multipleOf", "× of")):
            bound = descriptor.schema.get(key)
            if isinstance(bound, int | float) and not isinstance(bound, bool):
                bounds.append(f"{sign} {bound}")
        if bounds and not self.line.placeholderText():
            self.line.setPlaceholderText(", ".join(bounds))
        pattern = _INTEGER_TEXT if descriptor.kind == "integer" else _NUMBER_TEXT
        self.line.setValidator(
            QRegularExpressionValidator(QRegularExpression(pattern), self.line)
        )
        self.line.setMaximumWidth(220)
        self.layout_.addStretch(1)

    def value(self) -> Any:
        text = self.line.text().strip()
        if not text:
            return ABSENT
        try:
            return int(text)
        except ValueError:
            pass
        try:
            number = float(text)
        except ValueError:
            return text
        return number if math.isfinite(number) else text

    def set_value(self, value: Any) -> None:
        self._show_text("" if value is ABSENT else repr(value))

    def can_hold(self, value: Any) -> bool:
        if isinstance(value, bool):
            return False
        if self.descriptor.kind == "integer":
            return isinstance(value, int)
        if isinstance(value, float):
            return math.isfinite(value) and float(repr(value)) == value
        return isinstance(value, int)


class BooleanEditor(Editor):
    def __init__(
        self, descriptor: FieldDescriptor, factory: EditorFactory, parent: QWidget | None = None
    ) -> None:
        super().__init__(descriptor, factory, parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox(self)
        self.check.setEnabled(not descriptor.read_only)
        layout.addWidget(self.check)
        self.state = subdued(QLabel("not set", self))
        layout.addWidget(self.state)
        layout.addStretch(1)
        self._present = False
        self.check.clicked.connect(self._on_clicked)

    def _on_clicked(self) -> None:
        self._present = True
        self.state.hide()
        self.value_changed.emit()

    def value(self) -> Any:
        return self.check.isChecked() if self._present else ABSENT

    def set_value(self, value: Any) -> None:
        self._present = value is not ABSENT
        self.check.setChecked(value is True)
        self.state.setVisible(not self._present)

    def can_hold(self, value: Any) -> bool:
        return isinstance(value, bool)


class NullEditor(Editor):
    """``null`` has one value; the label says so."""

    def __init__(
        self, descriptor: FieldDescriptor, factory: EditorFactory, parent: QWidget | None = None
    ) -> None:
        super().__init__(descriptor, factory, parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        label = subdued(QLabel("null", self))
        layout.addWidget(label)
        self._present = True

    def value(self) -> Any:
        return None if self._present else ABSENT

    def set_value(self, value: Any) -> None:
        self._present = value is not ABSENT

    def can_hold(self, value: Any) -> bool:
        return value is None


class EnumEditor(Editor):
    """A drop-down of the allowed values; the empty first entry means "not set"."""

    def __init__(
        self, descriptor: FieldDescriptor, factory: EditorFactory, parent: QWidget | None = None
    ) -> None:
        super().__init__(descriptor, factory, parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.combo = QComboBox(self)
        self.combo.setEnabled(not descriptor.read_only)
        self.options = descriptor.enum_options
        self.combo.addItem("— not set —")
        for _value, label in self.options:
            self.combo.addItem(label)
        self.combo.setMinimumWidth(160)
        layout.addWidget(self.combo)
        layout.addStretch(1)
        self.combo.activated.connect(lambda _i: self.value_changed.emit())

    def value(self) -> Any:
        index = self.combo.currentIndex()
        if index <= 0:
            return ABSENT
        return self.options[index - 1][0]

    def set_value(self, value: Any) -> None:
        self.combo.setCurrentIndex(0 if value is ABSENT else self._index_of(value) + 1)

    def can_hold(self, value: Any) -> bool:
        return self._index_of(value) >= 0

    def _index_of(self, value: Any) -> int:
        canon = _canonical(value)
        for index, (option, _label) in enumerate(self.options):
            if _canonical(option) == canon:
                return index
        return -1


class ConstEditor(Editor):
    """A fixed value: a check box labelled with it says whether it is included."""

    def __init__(
        self, descriptor: FieldDescriptor, factory: EditorFactory, parent: QWidget | None = None
    ) -> None:
        super().__init__(descriptor, factory, parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.const = descriptor.schema.get("const")
        shown = self.const if isinstance(self.const, str) else json.dumps(self.const)
        self.check = QCheckBox(shown, self)
        bold(self.check)
        self.check.setChecked(True)
        self.check.setEnabled(not descriptor.read_only)
        self.check.setToolTip("This field can only hold this value; untick to leave it out")
        self.check.clicked.connect(lambda _checked: self.value_changed.emit())
        layout.addWidget(self.check)
        layout.addStretch(1)

    def value(self) -> Any:
        return self.const if self.check.isChecked() else ABSENT

    def set_value(self, value: Any) -> None:
        self.check.setChecked(value is not ABSENT)

    def can_hold(self, value: Any) -> bool:
        return _canonical(value) == _canonical(self.const)


def _canonical(value: Any) -> str:
    """Type-exact identity of a JSON value (``1`` is not ``true``, ``1.0`` is not ``1``)."""
    return json.dumps(value, sort_keys=True, default=str)
