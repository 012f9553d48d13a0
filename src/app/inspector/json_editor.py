"""A raw JSON editor for an action's ``config`` with validation as you type.

Text that does not parse, or does not satisfy the action's input schema, is
reported under the editor with the JSON pointer of the first problem; only a
parseable object is ever handed on (``value_changed``), so the model never
receives half-typed text.
"""

from __future__ import annotations

import html
import json
from typing import Any

from jsonschema.exceptions import SchemaError
from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from flowdesk.model.json_input import JsonInputError, parse_json
from flowdesk.model.plain_messages import missing_property, plain_error
from flowdesk.model.schema_engine import make_validator


def pretty(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


def schema_errors(schema: dict[str, Any] | None, value: Any) -> list[tuple[str, str]]:
    """``(pointer, message)`` for every way ``value`` breaks ``schema`` (schema order)."""
    if not schema:
        return []
    try:
        validator = make_validator(schema)  # never fetches a $ref; patterns bounded
        errors = sorted(validator.iter_errors(value), key=lambda e: list(e.absolute_path))
    except SchemaError as exc:
        return [("", f"the action's schema is invalid: {exc.message}")]
    out = []
    for err in errors:
        pointer = "".join(f"/{p}" for p in err.absolute_path)
        missing = missing_property(err)
        if missing is not None:  # said at the key to add, like the form does
            out.append((f"{pointer}/{missing}", "required"))
        else:
            out.append((pointer, plain_error(err)))
    return out


class JsonConfigEditor(QWidget):
    """``value()``/``set_value()``/``value_changed`` like the schema form it stands in for."""

    value_changed = Signal(object)

    def __init__(self, schema: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._schema = schema
        self._value: Any = {}
        self.text_edit = QPlainTextEdit(self)
        self.text_edit.setObjectName("configJson")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.text_edit.setFont(font)
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.status = QLabel(self)
        self.status.setObjectName("configStatus")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text_edit, 1)
        layout.addWidget(self.status)
        self.text_edit.textChanged.connect(self._on_text_changed)
        self._errors: list[tuple[str, str]] = []
        self._parse_error: str | None = None

    def set_schema(self, schema: dict[str, Any] | None) -> None:
        self._schema = schema
        self._check()

    def value(self) -> Any:
        """The last text that parsed as a JSON object."""
        return self._value

    def set_value(self, value: Any) -> None:
        """Show ``value`` unless the text already means exactly that (keeps the cursor)."""
        if self._parse_error is None and value == self._value and self.text_edit.toPlainText():
            return
        self._value = value
        self.text_edit.blockSignals(True)
        self.text_edit.setPlainText(pretty(value if value is not None else {}))
        self.text_edit.blockSignals(False)
        self._parse_error = None
        self._check()

    def parse_error(self) -> str | None:
        """Why the text cannot be applied (it does not parse, or is not an object)."""
        return self._parse_error

    def errors(self) -> list[tuple[str, str]]:
        """Parse error or schema errors, as ``(pointer, message)``."""
        if self._parse_error is not None:
            return [("", self._parse_error)]
        return list(self._errors)

    def is_valid(self) -> bool:
        return not self.errors()

    def _on_text_changed(self) -> None:
        text = self.text_edit.toPlainText()
        try:
            value = parse_json(text) if text.strip() else {}
        except JsonInputError as exc:
            self._parse_error = str(exc).removeprefix("not JSON: ")
            self._show()
            return
        if not isinstance(value, dict):
            self._parse_error = "the config must be a JSON object ({ … })"
            self._show()
            return
        self._parse_error = None
        changed = value != self._value
        self._value = value
        self._check()
        if changed:
            self.value_changed.emit(value)

    def _check(self) -> None:
        self._errors = schema_errors(self._schema, self._value) if self._parse_error is None else []
        self._show()

    def _show(self) -> None:
        errors = self.errors()
        if not errors:
            self.status.setText("<span style='color:#16a34a'>✓ Valid configuration</span>")
            return
        pointer, message = errors[0]
        where = f"<code>{html.escape(pointer)}</code>: " if pointer else ""
        message = html.escape(message, quote=False)
        more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
        self.status.setText(f"<span style='color:#dc2626'>{where}{message}{more}</span>")
