"""``SchemaForm``: a whole form for a JSON Schema, with live validation.

The form owns the root field, validates after every change with the
validator the schema's ``$schema`` names (2020-12 when absent, formats
checked), puts each error on the field its JSON pointer names, and lists all
of them in a summary. The value only counts as valid when jsonschema agrees.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from flowdesk.app.forms.editor import EditorFactory
from flowdesk.app.forms.factory import create_editor
from flowdesk.app.forms.field import Field
from flowdesk.app.forms.style import ERROR_COLOR, VALID_COLOR, bold, colored, subdued
from flowdesk.model.forms import (
    ABSENT,
    FieldDescriptor,
    FormError,
    SchemaContext,
    default_value,
    validate_value,
)

_MAX_SUMMARY = 12


class SchemaForm(QWidget):
    """Edits one JSON value against ``schema``. Raises ``SchemaInvalid`` for a bad schema.

    ``factory`` makes the editors (default: :func:`create_editor`); a caller with
    editors of its own (the inspector's connection picker) passes one made by
    :func:`~flowdesk.app.forms.factory.factory_with`.
    """

    value_changed = Signal()
    validity_changed = Signal(bool)

    def __init__(self, schema: Any, parent: QWidget | None = None,
                 factory: EditorFactory = create_editor) -> None:
        super().__init__(parent)
        self.context = SchemaContext(schema)
        self.descriptor = FieldDescriptor(self.context, schema)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(self.scroll, 1)
        page = QWidget()
        page.setObjectName("formPage")
        layout = QVBoxLayout(page)
        self._page_layout = layout
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(8)
        title = self.descriptor.title
        self.title_label = QLabel(title or "", page)
        bold(self.title_label, 1.35)
        self.title_label.setVisible(bool(title))
        layout.addWidget(self.title_label)
        self.description_label = QLabel(self.descriptor.description or "", page)
        self.description_label.setWordWrap(True)
        subdued(self.description_label)
        self.description_label.setTextFormat(Qt.TextFormat.PlainText)
        self.description_label.setVisible(bool(self.descriptor.description))
        layout.addWidget(self.description_label)
        self.root = Field(self.descriptor, factory, parent=page)
        if self.root.help is not None:
            self.root.help.hide()  # the form's own header shows it
        self.root.show_clear = False
        layout.addWidget(self.root)
        layout.addStretch(1)
        self.scroll.setWidget(page)
        self.summary = QLabel(self)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setContentsMargins(16, 6, 16, 8)
        outer.addWidget(self.summary)
        self._errors: list[FormError] = []
        self._valid: bool | None = None
        initial = default_value(self.descriptor)
        if initial is not ABSENT:
            self.root.set_value(initial)
        self.root.value_changed.connect(self._on_changed)
        self.revalidate()

    # -- public API ----------------------------------------------------------------------------
    def value(self) -> Any:
        """The JSON value; at the root "nothing entered" is ``{}``/``[]`` or ``null``."""
        value = self.root.value()
        if value is ABSENT:
            return {"object": {}, "array": []}.get(self.descriptor.kind)
        return value

    def set_value(self, value: Any) -> None:
        self.root.set_value(value)
        self.revalidate()
        self.value_changed.emit()

    def set_compact(self) -> None:
        """Narrow margins, for a form inside a side panel (the inspector)."""
        self._page_layout.setContentsMargins(4, 6, 4, 6)
        self.summary.setContentsMargins(4, 4, 4, 4)

    def errors(self) -> list[FormError]:
        """(pointer, message) pairs: unparsable raw JSON first, then jsonschema's errors."""
        return list(self._errors)

    def is_valid(self) -> bool:
        return not self._errors

    def field_at(self, pointer: str) -> Field | None:
        """The built field a JSON pointer names (``""`` is the root)."""
        fld: Field | None = self.root
        for token in _tokens(pointer):
            fld = fld.child(token) if fld is not None else None
        return fld

    # -- validation ----------------------------------------------------------------------------
    def _on_changed(self) -> None:
        self.revalidate()
        self.value_changed.emit()

    def revalidate(self) -> None:
        problems = [FormError(p, m) for p, m in self.root.problems()]
        self._errors = problems + validate_value(self.context, self.value())
        self.root.clear_errors()
        counts: dict[int, tuple[Field, int]] = {}
        for error in self._errors:
            fld, rest, trail = self._deepest(error.pointer)
            fld.add_error(f"{rest}: {error.message}" if rest else error.message)
            if rest:  # inside a group that is not built (closed): count it on the header
                trail.append(fld)
            for ancestor in trail:
                _, n = counts.get(id(ancestor), (ancestor, 0))
                counts[id(ancestor)] = (ancestor, n + 1)
        for ancestor, n in counts.values():
            ancestor.set_error_count(n)
        self._show_summary()
        valid = not self._errors
        if valid != self._valid:
            self._valid = valid
            self.validity_changed.emit(valid)

    def _deepest(self, pointer: str) -> tuple[Field, str, list[Field]]:
        fld = self.root
        trail: list[Field] = []
        tokens = _tokens(pointer)
        for depth, token in enumerate(tokens):
            child = fld.child(token)
            if child is None:
                rest = "/" + "/".join(t.replace("~", "~0").replace("/", "~1") for t in tokens[depth:])
                return fld, rest, trail
            trail.append(fld)
            fld = child
        return fld, "", trail

    def _show_summary(self) -> None:
        if not self._errors:
            self.summary.setToolTip("")
            self.summary.setText("✓ The value is valid.")
            colored(self.summary, VALID_COLOR)
            return
        n = len(self._errors)
        lines = [f"{n} problem{'s' if n != 1 else ''} to fix:"]
        details = []
        for error in self._errors[:_MAX_SUMMARY]:
            name = self.field_name(error.pointer)
            lines.append(f"  {name}: {error.message}" if name else f"  {error.message}")
            details.append(f"{error.pointer or '/'}: {error.message}")
        if n > _MAX_SUMMARY:
            lines.append(f"  … and {n - _MAX_SUMMARY} more")
        self.summary.setText("\n".join(lines))
        self.summary.setToolTip("\n".join(details))  # the JSON pointers, for whoever asks
        colored(self.summary, ERROR_COLOR)

    def field_name(self, pointer: str) -> str:
        """A pointer as the labels a person sees on the way to it: ``Headers › Accept``."""
        names = []
        fld: Field | None = self.root
        for token in _tokens(pointer):
            fld = fld.child(token) if fld is not None else None
            label = fld.typed.label_text if fld is not None else ""
            names.append(label or token)
        return " › ".join(names)


def _tokens(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.lstrip("/").split("/")]
