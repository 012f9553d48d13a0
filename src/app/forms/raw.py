"""Raw JSON editing: the fallback for anything the form cannot draw as widgets.

It keeps the last text that parsed as the value, so half-typed JSON never
loses what was there, and says where the text stops being JSON.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from flowdesk.app.forms.editor import Editor, EditorFactory
from flowdesk.app.forms.style import error
from flowdesk.model.forms import ABSENT, FieldDescriptor
from flowdesk.model.json_input import JsonInputError, parse_json


class RawJsonEditor(Editor):
    """Monospace JSON text; an empty text means "no value"."""

    def __init__(
        self, descriptor: FieldDescriptor, factory: EditorFactory, parent: QWidget | None = None
    ) -> None:
        super().__init__(descriptor, factory, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.text = QPlainTextEdit(self)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText("JSON value")
        self.text.setFixedHeight(64)
        self.text.setReadOnly(descriptor.read_only)
        layout.addWidget(self.text)
        self.parse_error = error(QLabel(self))
        self.parse_error.hide()
        layout.addWidget(self.parse_error)
        self._value: Any = ABSENT
        self._error: str | None = None
        self._loading = False
        self.text.textChanged.connect(self._on_text)

    def value(self) -> Any:
        return self._value

    def set_value(self, value: Any) -> None:
        self._loading = True
        try:
            self._value = value
            self.text.setPlainText(
                "" if value is ABSENT else json.dumps(value, indent=2, ensure_ascii=False)
            )
            lines = max(1, min(12, self.text.document().blockCount()))
            self.text.setFixedHeight(24 + 16 * lines)
            self._set_error(None)
        finally:
            self._loading = False

    def can_hold(self, value: Any) -> bool:
        return True

    def problems(self) -> list[str]:
        return [self._error] if self._error else []

    def _on_text(self) -> None:
        if self._loading:
            return
        text = self.text.toPlainText()
        if not text.strip():
            self._value = ABSENT
            self._set_error(None)
        else:
            try:
                self._value = parse_json(text)
                self._set_error(None)
            except JsonInputError as exc:
                self._set_error(f"Not valid JSON: {str(exc).removeprefix('not JSON: ')}")
        self.value_changed.emit()

    def _set_error(self, message: str | None) -> None:
        self._error = message
        self.parse_error.setText(message or "")
        self.parse_error.setVisible(message is not None)
