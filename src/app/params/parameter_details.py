"""The per-parameter detail form: name, type, required, title, description,
default, allowed values, format and the constraints of the type.

It shows one :class:`Parameter` and reports the author's edits as requests
(signals); it never touches the schema. Text fields report every keystroke
with a merge key so the editor folds a typing burst into one undo entry.
Values that do not parse (a default of ``abc`` for an integer) are shown as
an error under the form and not sent.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from flowdesk.model.json_input import JsonInputError, parse_json
from flowdesk.model.params import DELETE, PARAMETER_TYPES, Parameter
from flowdesk.model.params.parameters import CONSTRAINTS, STRING_FORMATS

_INTEGER_KEYWORDS = {"minLength", "maxLength", "minItems", "maxItems", "minProperties",
                     "maxProperties"}
_LABELS = {
    "minLength": "Min length", "maxLength": "Max length", "pattern": "Pattern (regex)",
    "minimum": "Minimum", "maximum": "Maximum", "exclusiveMinimum": "Exclusive minimum",
    "exclusiveMaximum": "Exclusive maximum", "multipleOf": "Multiple of",
    "minItems": "Min items", "maxItems": "Max items", "uniqueItems": "Unique items",
    "minProperties": "Min properties", "maxProperties": "Max properties",
}
_ERROR_STYLE = "color: #b42318;"
# What a constraint field lets you type (every prefix of a JSON number, or of a count)
_NUMBER_TEXT = r"-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?"
_COUNT_TEXT = r"\d+"


class ParameterDetails(QWidget):
    """Detail form of the selected parameter."""

    rename_requested = Signal(str)
    type_requested = Signal(str, bool)  # type, nullable
    item_type_requested = Signal(str)
    required_requested = Signal(bool)
    keywords_requested = Signal(dict, str)  # {keyword: value or DELETE}, merge key

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._param: Parameter | None = None
        self._loading = False
        self._errors: dict[str, str] = {}

        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-weight: 600; font-size: 11pt;")
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("parameterName")
        self.name_edit.editingFinished.connect(self._name_finished)
        self.type_combo = QComboBox(self)
        self.type_combo.addItems(list(PARAMETER_TYPES))
        self.type_combo.activated.connect(self._type_chosen)
        self.nullable_check = QCheckBox("May be null", self)
        self.nullable_check.clicked.connect(self._type_chosen)
        self.items_combo = QComboBox(self)
        self.items_combo.addItems([t for t in PARAMETER_TYPES if t != "null"])
        self.items_combo.activated.connect(
            lambda: self.item_type_requested.emit(self.items_combo.currentText())
        )
        self.required_check = QCheckBox("Callers must pass it", self)
        self.required_check.clicked.connect(lambda on: self.required_requested.emit(bool(on)))
        self.title_edit = QLineEdit(self)
        self.title_edit.setPlaceholderText("Label shown in the run form")
        self.title_edit.textEdited.connect(lambda t: self._text_keyword("title", t))
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setPlaceholderText("Help text shown under the field")
        self.description_edit.setFixedHeight(60)
        self.description_edit.textChanged.connect(
            lambda: self._text_keyword("description", self.description_edit.toPlainText())
        )
        self.format_combo = QComboBox(self)
        self.format_combo.setEditable(True)
        self.format_combo.addItems(list(STRING_FORMATS))
        self.format_combo.currentTextChanged.connect(lambda t: self._text_keyword("format", t))
        self.default_edit = QLineEdit(self)
        self.default_edit.textEdited.connect(self._default_edited)
        self.enum_edit = QPlainTextEdit(self)
        self.enum_edit.setFixedHeight(60)
        self.enum_edit.setPlaceholderText("One allowed value per line; empty: any value")
        self.enum_edit.textChanged.connect(self._enum_edited)

        general = QGroupBox("Parameter", self)
        self.form = QFormLayout(general)
        self.form.addRow("Name", self.name_edit)
        self.form.addRow("Type", self.type_combo)
        self.form.addRow("", self.nullable_check)
        self.form.addRow("Items", self.items_combo)
        self.form.addRow("Required", self.required_check)
        self.form.addRow("Title", self.title_edit)
        self.form.addRow("Description", self.description_edit)
        self.form.addRow("Format", self.format_combo)
        self.form.addRow("Default", self.default_edit)
        self.form.addRow("Allowed values", self.enum_edit)

        self.constraints_box = QGroupBox("Constraints", self)
        self.constraints_form = QFormLayout(self.constraints_box)
        self.constraint_edits: dict[str, QLineEdit | QCheckBox] = {}

        self.error_label = QLabel(self)
        self.error_label.setStyleSheet(_ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.empty_label = QLabel("Select a parameter to edit it, or add one.", self)
        self.empty_label.setStyleSheet("color: palette(placeholder-text);")

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.empty_label)
        layout.addWidget(general)
        layout.addWidget(self.constraints_box)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        self._general = general
        self.show_parameter(None)

    # ---------------------------------------------------------------- showing

    @property
    def parameter(self) -> Parameter | None:
        return self._param

    def show_parameter(self, param: Parameter | None) -> None:
        """Show ``param``; fields already holding the shown value are left alone (cursor kept)."""
        changed_param = self._param is None or param is None or (
            (self._param.container, self._param.name) != (param.container, param.name)
        )
        self._param = param
        if changed_param:
            self._errors.clear()
        self._loading = True
        try:
            self._fill(param, changed_param)
        finally:
            self._loading = False
        self._show_errors()

    def _fill(self, param: Parameter | None, changed_param: bool) -> None:
        self._general.setVisible(param is not None)
        self.constraints_box.setVisible(param is not None)
        self.empty_label.setVisible(param is None)
        if param is None:
            self.heading.setText("")
            return
        self.heading.setText(f"params.{param.name}" if not param.container else param.name)
        _set_text(self.name_edit, param.name)
        self.type_combo.setCurrentText(param.type or "string")
        self.nullable_check.setChecked(param.nullable)
        is_array, is_string = param.type == "array", param.type == "string"
        self.form.setRowVisible(self.items_combo, is_array)
        if is_array:
            self.items_combo.setCurrentText(param.item_type or "string")
        self.required_check.setChecked(param.required)
        _set_text(self.title_edit, param.title or "")
        if self.description_edit.toPlainText() != (param.description or ""):
            self.description_edit.setPlainText(param.description or "")
        self.form.setRowVisible(self.format_combo, is_string)
        if self.format_combo.currentText() != (param.format or ""):
            self.format_combo.setCurrentText(param.format or "")
        scalar = param.type not in ("object", "array")
        self.form.setRowVisible(self.enum_edit, scalar)
        if changed_param or "default" not in self._errors:
            _set_text(self.default_edit, _show_value(param.default, param.type)
                      if param.has_default else "")
        self.default_edit.setPlaceholderText(
            "text" if is_string else "a JSON value, e.g. 10, true, [1, 2]"
        )
        if changed_param or "enum" not in self._errors:
            enum_text = "\n".join(_show_value(v, param.type) for v in param.enum or [])
            if self.enum_edit.toPlainText() != enum_text:
                self.enum_edit.setPlainText(enum_text)
        self._fill_constraints(param, changed_param)

    def _fill_constraints(self, param: Parameter, rebuild: bool) -> None:
        keys = CONSTRAINTS.get(param.type or "", ())
        if rebuild or list(self.constraint_edits) != list(keys):
            while self.constraints_form.rowCount():
                self.constraints_form.removeRow(0)
            self.constraint_edits = {}
            for key in keys:
                editor: QLineEdit | QCheckBox
                if key == "uniqueItems":
                    editor = QCheckBox(self)
                    editor.clicked.connect(
                        lambda on, k=key: self._keyword(k, True if on else DELETE, None)
                    )
                else:
                    editor = QLineEdit(self)
                    editor.setPlaceholderText("none")
                    if key != "pattern":  # numbers only: letters are refused as typed
                        text = _COUNT_TEXT if key in _INTEGER_KEYWORDS else _NUMBER_TEXT
                        editor.setValidator(
                            QRegularExpressionValidator(QRegularExpression(text), editor))
                    editor.textEdited.connect(lambda t, k=key: self._constraint_edited(k, t))
                editor.setObjectName(f"constraint_{key}")
                self.constraint_edits[key] = editor
                self.constraints_form.addRow(_LABELS.get(key, key), editor)
        self.constraints_box.setVisible(bool(keys))
        values = param.constraints
        for key, editor in self.constraint_edits.items():
            if isinstance(editor, QCheckBox):
                editor.setChecked(values.get(key) is True)
            elif key not in self._errors:
                value = values.get(key)
                _set_text(editor, "" if value is None else
                          value if isinstance(value, str) else json.dumps(value))

    # ---------------------------------------------------------------- requests

    def _merge_key(self, field: str) -> str:
        param = self._param
        return f"{field}:{param.pointer}" if param is not None else field

    def _keyword(self, keyword: str, value: Any, merge_field: str | None) -> None:
        if self._loading or self._param is None:
            return
        self._errors.pop(keyword, None)
        self._show_errors()
        key = self._merge_key(merge_field) if merge_field else ""
        self.keywords_requested.emit({keyword: value}, key)

    def _text_keyword(self, keyword: str, text: str) -> None:
        self._keyword(keyword, text if text else DELETE, keyword)

    def _name_finished(self) -> None:
        if self._loading or self._param is None:
            return
        name = self.name_edit.text().strip()
        if name != self._param.name:
            self.rename_requested.emit(name)

    def _type_chosen(self) -> None:
        if self._loading or self._param is None:
            return
        self.type_requested.emit(self.type_combo.currentText(), self.nullable_check.isChecked())

    def _default_edited(self, text: str) -> None:
        if self._param is None:
            return
        if text == "":
            self._keyword("default", DELETE, "default")
            return
        try:
            value = _parse_value(text, self._param.type)
        except ValueError as exc:
            self._set_error("default", f"Default: {exc}")
            return
        self._keyword("default", value, "default")

    def _enum_edited(self) -> None:
        if self._loading or self._param is None:
            return
        lines = [line for line in self.enum_edit.toPlainText().splitlines() if line.strip()]
        try:
            values = [_parse_value(line, self._param.type) for line in lines]
        except ValueError as exc:
            self._set_error("enum", f"Allowed values: {exc}")
            return
        self._keyword("enum", values if values else DELETE, "enum")

    def _constraint_edited(self, key: str, text: str) -> None:
        if self._param is None:
            return
        text = text.strip()
        if text == "":
            self._keyword(key, DELETE, key)
            return
        if key == "pattern":
            self._keyword(key, text, key)
            return
        try:
            value = parse_json(text)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError
            if key in _INTEGER_KEYWORDS and (not isinstance(value, int) or value < 0):
                raise ValueError
        except (ValueError, JsonInputError):
            kind = "a whole number ≥ 0" if key in _INTEGER_KEYWORDS else "a number"
            self._set_error(key, f"{_LABELS.get(key, key)}: {text!r} is not {kind}")
            return
        self._keyword(key, value, key)

    def _set_error(self, key: str, message: str) -> None:
        self._errors[key] = message
        self._show_errors()

    def _show_errors(self) -> None:
        self.error_label.setText("\n".join(self._errors.values()))
        self.error_label.setVisible(bool(self._errors))

    def show_error(self, message: str) -> None:
        """An edit the model refused (a duplicate name, ...), shown until the next edit."""
        self._errors["edit"] = message
        self._show_errors()

    def clear_error(self) -> None:
        self._errors.pop("edit", None)
        self._show_errors()

    def set_read_only(self, read_only: bool) -> None:
        for w in (self._general, self.constraints_box):
            w.setEnabled(not read_only)


def _set_text(edit: QLineEdit, text: str) -> None:
    if edit.text() != text:
        edit.setText(text)


def _show_value(value: Any, type_name: str | None) -> str:
    if type_name == "string" and isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _parse_value(text: str, type_name: str | None) -> Any:
    """A string parameter takes text literally; other types take a JSON value."""
    if type_name == "string":
        return text
    try:
        return parse_json(text)
    except JsonInputError as exc:
        if exc.line is None:  # valid syntax, refused value (NaN, 1e400, a duplicate key...)
            raise ValueError(f"{text!r}: {exc}") from None
        raise ValueError(f"{text!r} is not a JSON value (strings need quotes)") from None
