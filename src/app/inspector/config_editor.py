"""An action's ``config``: a form generated from its input schema, and the raw JSON.

The form (``SchemaForm``, one per action, built on first use) is where most
edits happen; the JSON tab stays for what a form cannot express well (pasting a
whole config, long templates). Both hand the value on through
``value_changed(object)``; neither writes to the model.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from flowdesk.app.forms import SchemaForm
from flowdesk.app.forms.factory import factory_with
from flowdesk.model.catalog import Action
from flowdesk.model.errors import FlowdeskError
from flowdesk.model.forms.connections import mark_connection_fields

from .connection_field import ConnectionList, connection_editors
from .json_editor import JsonConfigEditor


class ConfigEditor(QWidget):
    """Form and JSON views of one action config, kept in step with each other."""

    value_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.form_stack = QStackedWidget(self)
        self.no_form = QLabel("This action has no form; edit its configuration as JSON.", self)
        self.no_form.setWordWrap(True)
        self.no_form.setStyleSheet("color: gray; padding: 12px;")
        self.form_stack.addWidget(self.no_form)
        self.json_editor = JsonConfigEditor(parent=self)
        self.tabs.addTab(self.form_stack, "Form")
        self.tabs.addTab(self.json_editor, "JSON")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._forms: dict[str, SchemaForm | None] = {}
        self.connections = ConnectionList(self)
        self._factory = factory_with(connection_editors(self.connections))
        self.form: SchemaForm | None = None
        self._value: Any = {}
        self.json_editor.value_changed.connect(self._on_json_changed)

    # ---------------------------------------------------------------- public

    def set_action(self, action: Action | None) -> None:
        """Switch to ``action``'s form (built once per action; ``None``: JSON only)."""
        form = self._form_for(action) if action is not None else None
        self.form = form
        self.form_stack.setCurrentWidget(form if form is not None else self.no_form)
        self.json_editor.set_schema(action.input_schema if action is not None else None)
        if form is None and self.tabs.currentIndex() == 0:
            self.tabs.setCurrentWidget(self.json_editor)

    def set_value(self, value: Any) -> None:
        """Show ``value`` in both views without announcing it (it came from the model)."""
        self._value = value
        if self.form is not None and self.form.value() != value:
            self.form.blockSignals(True)
            try:
                self.form.set_value(value)
            finally:
                self.form.blockSignals(False)
        self.json_editor.set_value(value)

    def value(self) -> Any:
        return self._value

    def parse_error(self) -> str | None:
        """Text in the JSON view that does not parse (it would be lost on close)."""
        return self.json_editor.parse_error()

    def set_read_only(self, read_only: bool) -> None:
        self.json_editor.text_edit.setReadOnly(read_only)
        for form in self._forms.values():
            if form is not None:
                form.setEnabled(not read_only)

    # -------------------------------------------------------------- private

    def _form_for(self, action: Action) -> SchemaForm | None:
        if action.id not in self._forms:
            try:
                form = SchemaForm(mark_connection_fields(action.input_schema), self,
                                  factory=self._factory)
            except FlowdeskError:
                form = None  # a schema the form engine refuses: the JSON view still works
            if form is not None:
                form.title_label.hide()
                form.description_label.hide()
                form.set_compact()
                form.value_changed.connect(lambda f=form: self._on_form_changed(f))
                self.form_stack.addWidget(form)
            self._forms[action.id] = form
        return self._forms[action.id]

    def _on_form_changed(self, form: SchemaForm) -> None:
        if form is not self.form:
            return
        value = form.value()
        if value != self._value:
            self._value = value
            self.json_editor.set_value(value)
            self.value_changed.emit(value)

    def _on_json_changed(self, value: Any) -> None:
        if value == self._value:
            return
        self._value = value
        if self.form is not None:
            self.form.blockSignals(True)
            try:
                self.form.set_value(value)
            finally:
                self.form.blockSignals(False)
        self.value_changed.emit(value)
