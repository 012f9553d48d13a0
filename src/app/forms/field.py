"""The :class:`Field` slot that containers hold for each property or item.

A field wraps an editor with its help text, error label and a raw JSON
fallback: when a value arrives that the typed editor cannot hold exactly (a
string where the schema says integer, an unknown shape), the field switches to
raw JSON instead of dropping or coercing it. That is what lets the form
promise it never loses data it does not understand.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSpacerItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from flowdesk.app.forms.editor import Editor, EditorFactory
from flowdesk.app.forms.raw import RawJsonEditor
from flowdesk.app.forms.style import error, notice, small_font, subdued
from flowdesk.model.forms import ABSENT, FieldDescriptor
from flowdesk.model.forms.context import pointer_of


class Field(QWidget):
    """One schema position: the typed editor (or raw JSON fallback), help and errors."""

    value_changed = Signal()

    def __init__(
        self,
        descriptor: FieldDescriptor,
        factory: EditorFactory,
        *,
        label: str = "",
        optional: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.descriptor = descriptor
        self._factory = factory
        self.optional = optional
        self.token: str | None = None  # the JSON pointer token the parent reaches this by
        # Help, notice, error label and clear button are made only when needed: a big
        # schema has thousands of fields and most never show any of them.
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(3)
        self._row = QHBoxLayout()
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(4)
        self._layout.addLayout(self._row)
        self.typed = factory(descriptor)
        self.typed.setParent(self)
        self.typed.set_label(label, not optional)
        self.raw: Editor | None = None
        self.editor: Editor = self.typed
        self._row.addWidget(self.typed, 1)
        self.typed.value_changed.connect(self._on_changed)
        self._clear_button: QToolButton | None = None
        self.notice: QLabel | None = None
        self.help: QLabel | None = None
        if descriptor.description and not self.typed.shows_description:
            self.help = subdued(QLabel(descriptor.description, self))
            self.help.setObjectName("help")
            self.help.setWordWrap(True)
            self.help.setTextFormat(Qt.TextFormat.PlainText)
            self._layout.addWidget(self.help)
        self.error_label: QLabel | None = None
        self._errors: list[str] = []
        # A value field keeps one message line free, so the rows below do not jump
        # when a message appears while typing. A spacer, not a hidden label: it costs
        # no widget, and big schemas have thousands of fields that never show one.
        self._message_space: QSpacerItem | None = None
        if not self.typed.wide:
            self._message_space = QSpacerItem(
                0, _message_line_height(self), QSizePolicy.Policy.Minimum,
                QSizePolicy.Policy.Fixed)
            self._layout.addSpacerItem(self._message_space)
        self.show_clear = True
        if not self.typed.wide:
            # Made now and kept in the layout even when hidden, so the right edges of
            # required and optional fields line up.
            policy = self.clear_button.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            self.clear_button.setSizePolicy(policy)
            self.clear_button.setVisible(False)

    @property
    def clear_button(self) -> QToolButton:
        if self._clear_button is None:
            self._clear_button = QToolButton(self)
            self._clear_button.setText("✕")
            self._clear_button.setToolTip("Remove this optional value")
            self._clear_button.setAutoRaise(True)
            self._clear_button.clicked.connect(self.clear)
            self._row.addWidget(self._clear_button, 0, Qt.AlignmentFlag.AlignTop)
        return self._clear_button

    # -- value ---------------------------------------------------------------------------------
    def value(self) -> Any:
        return self.editor.value()

    def set_value(self, value: Any) -> None:
        if value is ABSENT or self.typed.can_hold(value):
            self._use_typed()
            self.typed.set_value(value)
        else:
            self._use_raw()
            assert self.raw is not None
            self.raw.set_value(value)
        self._update_clear_button()

    def clear(self) -> None:
        """Make the value absent, as if the user had never filled it."""
        self.set_value(ABSENT)
        self.value_changed.emit()

    @property
    def is_raw(self) -> bool:
        return self.editor is self.raw

    def _use_typed(self) -> None:
        if self.editor is self.typed:
            return
        assert self.raw is not None
        self.raw.hide()
        self.typed.show()
        self.editor = self.typed
        if self.notice is not None:
            self.notice.hide()

    def _use_raw(self) -> None:
        if self.raw is None:
            self.raw = RawJsonEditor(self.descriptor, self._factory, self)
            self.notice = notice(QLabel(
                "Shown as JSON: this value does not fit the form's fields, so it is kept as is.",
                self,
            ))
            self.notice.setWordWrap(True)
            self._layout.insertWidget(1, self.notice)
            self.raw.value_changed.connect(self._on_changed)
            self._row.insertWidget(1, self.raw, 1)
        self.typed.hide()
        self.raw.show()
        self.editor = self.raw
        if self.notice is not None:
            self.notice.setVisible(self.descriptor.kind not in ("any", "never"))

    def _on_changed(self) -> None:
        self._update_clear_button()
        self.value_changed.emit()

    def _update_clear_button(self) -> None:
        wanted = (
            self.optional
            and self.show_clear
            and not self.descriptor.read_only
            and self.editor.value() is not ABSENT
        )
        if wanted or self._clear_button is not None:
            self.clear_button.setVisible(wanted)

    # -- errors --------------------------------------------------------------------------------
    def child(self, token: str) -> Field | None:
        return self.editor.child_field(token)

    def child_fields(self) -> Iterator[Field]:
        return self.editor.child_fields()

    def clear_errors(self) -> int:
        if self._errors and self.error_label is not None:
            self.error_label.hide()
            self._reserve_message_line(True)
        self._errors = []
        inside = sum(child.clear_errors() for child in self.editor.child_fields())
        self.editor.set_error_count(0)
        return inside

    def add_error(self, message: str) -> None:
        self._errors.append(message)
        if self.error_label is None:
            self.error_label = error(QLabel(self))
            self.error_label.setObjectName("error")
            self.error_label.setWordWrap(True)
            self.error_label.setTextFormat(Qt.TextFormat.PlainText)
            self._layout.addWidget(self.error_label)
        self.error_label.setText("\n".join(self._errors))
        self.error_label.show()
        self._reserve_message_line(False)

    def _reserve_message_line(self, free: bool) -> None:
        """The spacer stands in for the message line while there is no message."""
        if self._message_space is None:
            return
        height = _message_line_height(self) if free else 0
        self._message_space.changeSize(0, height, QSizePolicy.Policy.Minimum,
                                       QSizePolicy.Policy.Fixed)
        self._layout.invalidate()

    def errors(self) -> list[str]:
        return list(self._errors)

    def set_error_count(self, count: int) -> None:
        self.editor.set_error_count(count)

    def problems(self, path: tuple[Any, ...] = ()) -> list[tuple[str, str]]:
        """(pointer, message) for problems only the widgets know about (unparsable text)."""
        out = [(pointer_of(path), message) for message in self.editor.problems()]
        for child in self.editor.child_fields():
            token = getattr(child, "token", None)
            if token is not None:
                out.extend(child.problems((*path, token)))
        return out



_line_heights: dict[str, int] = {}


def _message_line_height(field: Field) -> int:
    """One line of the (small) message font, plus the gap the layout puts before a label.

    A spacer gets no layout spacing around it while a shown label does, so the
    reserved height includes it: showing the message then moves nothing below.
    """
    font = field.font()
    key = font.key()
    height = _line_heights.get(key)
    if height is None:
        height = _line_heights[key] = QFontMetrics(small_font(font)).height()
    return height + field._layout.spacing()
