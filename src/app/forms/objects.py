"""The object editor: one row per property, dependent rows for ``if``/``then``/``else``,
and a key/value list for properties the schema does not name.

Every key of a loaded value ends up in some row, so ``value()`` gives back
properties the form does not know about. An optional property is in the value
only while its field holds something.
"""

from __future__ import annotations

import copy
import html
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from flowdesk.app.forms.editor import Editor, EditorFactory
from flowdesk.app.forms.field import Field
from flowdesk.app.forms.group import CollapsibleGroup
from flowdesk.app.forms.style import REQUIRED_MARK, bold
from flowdesk.model.forms import ABSENT, FieldDescriptor

# A nested group opens by itself only when small; big ones wait for a click.
_EXPAND_AT_MOST = 15
# Additional-property rows: key and value stretch 1:2 down to these minimums.
_KEY_STRETCH, _VALUE_STRETCH = 1, 2
_KEY_MIN_WIDTH, _VALUE_MIN_WIDTH = 64, 110  # a pair fits the ~360 px inspector
# Narrower than this, labels go above their fields: beside them, the widest label
# would leave the fields of a ~360 px inspector too short to read a URL.
LABELS_ABOVE_BELOW_PX = 480


def label_html(text: str, required: bool) -> str:
    return html.escape(text) + (REQUIRED_MARK if required else "")


@dataclass
class _Row:
    name: str
    field: Field
    label: QLabel | None
    base_required: bool
    sources: set[tuple[int, str]] | None = None  # None: always shown; else (condition, branch)
    required: bool = False


@dataclass
class _ExtraRow:
    widget: QWidget
    key: QLineEdit
    field: Field


class ObjectEditor(Editor):
    wide = True
    shows_description = True

    def __init__(
        self, descriptor: FieldDescriptor, factory: EditorFactory, parent: QWidget | None = None
    ) -> None:
        super().__init__(descriptor, factory, parent)
        self.rows: dict[str, _Row] = {}
        self.extra_rows: list[_ExtraRow] = []
        self._pending: Any = ABSENT
        self._present = False
        self._built = False
        self._loading = False
        self.form: QFormLayout | None = None  # made by _build (a nested group: on first open)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.group: CollapsibleGroup | None = None
        if descriptor.depth == 0:
            self._build(layout)
        else:
            self.group = CollapsibleGroup(
                descriptor.title or "",
                descriptor.description,
                self._build,
                expanded=descriptor.depth <= 1
                and not descriptor.recursive
                and len(descriptor.schema.get("properties") or ()) <= _EXPAND_AT_MOST,
                parent=self,
            )
            layout.addWidget(self.group)

    def set_label(self, text: str, required: bool) -> None:
        super().set_label(text, required)
        if self.group is not None:
            title = self.descriptor.title or text
            self.group.arrow.setText(title + (" *" if required else ""))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_labels_to_width()

    def _fit_labels_to_width(self) -> None:
        form = self.form
        if form is None:
            return
        above = self.width() < LABELS_ABOVE_BELOW_PX
        policy = (QFormLayout.RowWrapPolicy.WrapAllRows if above
                  else QFormLayout.RowWrapPolicy.DontWrapRows)
        if form.rowWrapPolicy() != policy:
            form.setRowWrapPolicy(policy)
            side = Qt.AlignmentFlag.AlignLeft if above else Qt.AlignmentFlag.AlignRight
            form.setLabelAlignment(side | Qt.AlignmentFlag.AlignTop)
            form.setVerticalSpacing(4 if above else 10)

    # -- building ------------------------------------------------------------------------------
    def _build(self, layout: QVBoxLayout) -> None:
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setHorizontalSpacing(14)
        self.form.setVerticalSpacing(10)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self._fit_labels_to_width()
        layout.addLayout(self.form)
        d = self.descriptor
        # (child, sources) per property: None = always shown, else the branches adding it
        entries: dict[str, tuple[FieldDescriptor, set[tuple[int, str]] | None]] = {
            name: (child, None) for name, child in d.properties.items()
        }
        for index, conditional in enumerate(d.conditionals):
            for branch in ("then", "else"):
                for name, child in d.branch_properties(conditional, branch).items():
                    _child, sources = entries.setdefault(name, (child, set()))
                    if sources is not None:
                        sources.add((index, branch))
        for name in d.display_order(list(entries)):
            self._add_row(name, *entries[name])
        self.extra_title = QLabel("Additional properties", self)
        bold(self.extra_title)
        layout.addWidget(self.extra_title)
        self.extra_layout = QVBoxLayout()
        self.extra_layout.setSpacing(4)
        layout.addLayout(self.extra_layout)
        self.add_button = QPushButton("Add property", self)
        self.add_button.setVisible(d.allows_adding_properties and not d.read_only)
        self.add_button.clicked.connect(self._on_add_property)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._built = True
        self._apply(self._pending)
        self._pending = ABSENT

    def _add_row(self, name: str, child: FieldDescriptor, sources: set | None) -> _Row:
        required = name in self.descriptor.required
        text = child.title or name
        fld = Field(child, self.factory, label=text, optional=not required, parent=self)
        fld.token = name
        label: QLabel | None = None
        if fld.typed.wide:
            self.form.addRow(fld)
        else:
            label = QLabel(label_html(text, required), self)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setToolTip(name)
            label.setContentsMargins(0, 4, 0, 0)
            label.setBuddy(fld)
            self.form.addRow(label, fld)
        fld.value_changed.connect(self._on_child_changed)
        row = _Row(name, fld, label, required, sources, required)
        self.rows[name] = row
        if sources is not None:
            self.form.setRowVisible(fld, False)
        return row

    # -- value ---------------------------------------------------------------------------------
    def value(self) -> Any:
        if not self._built:
            return copy.deepcopy(self._pending)
        out: dict[str, Any] = {}
        for name, row in self.rows.items():
            v = row.field.value()
            if v is not ABSENT:
                out[name] = v
        for extra in self.extra_rows:
            v = extra.field.value()
            if v is not ABSENT:
                out[extra.key.text()] = v
        if not out and not self._present:
            return ABSENT
        return out

    def set_value(self, value: Any) -> None:
        if not self._built:
            self._pending = copy.deepcopy(value)
            return
        self._apply(value)

    def can_hold(self, value: Any) -> bool:
        return isinstance(value, dict)

    def _apply(self, value: Any) -> None:
        self._loading = True
        try:
            self._present = value is not ABSENT
            rest = dict(value) if isinstance(value, dict) else {}
            for name, row in self.rows.items():
                row.field.set_value(rest.pop(name) if name in rest else ABSENT)
            for extra in list(self.extra_rows):
                self._remove_extra(extra)
            for key, item in rest.items():
                self._add_extra(key, item)
        finally:
            self._loading = False
        self._update_conditions(user_edit=False)
        self._update_extra_title()

    def _on_child_changed(self) -> None:
        if self._loading:
            return
        self._update_conditions(user_edit=True)
        self.value_changed.emit()

    # -- if / then / else ----------------------------------------------------------------------
    def _update_conditions(self, *, user_edit: bool) -> None:
        d = self.descriptor
        if not d.conditionals or not self._built:
            return
        for _ in range(3):  # clearing a hidden field can flip another condition; settle
            current = self.value()
            obj = current if isinstance(current, dict) else {}
            active = {(i, d.active_branch(c, obj)) for i, c in enumerate(d.conditionals)}
            extra_required: set[str] = set()
            for i, branch in active:
                extra_required.update(d.branch_required(d.conditionals[i], branch))
            changed = False
            self._loading = True
            try:
                for row in self.rows.values():
                    on = row.sources is None or bool(row.sources & active)
                    if not on and user_edit and row.field.value() is not ABSENT:
                        row.field.set_value(ABSENT)
                        changed = True
                    if row.sources is not None:
                        self.form.setRowVisible(row.field, on or row.field.value() is not ABSENT)
                    self._set_required(row, row.base_required or row.name in extra_required)
            finally:
                self._loading = False
            if not changed:
                return

    def _set_required(self, row: _Row, required: bool) -> None:
        if row.required == required:
            return
        row.required = required
        row.field.optional = not required
        text = row.field.descriptor.title or row.name
        if row.label is not None:
            row.label.setText(label_html(text, required))
        row.field.typed.set_label(text, required)

    def is_row_visible(self, name: str) -> bool:
        """Whether the property's row is shown (dependent rows come and go)."""
        row = self.rows.get(name)
        if row is None or not self._built:
            return False
        return row.sources is None or self.form.isRowVisible(row.field)

    # -- additional properties -----------------------------------------------------------------
    def _on_add_property(self) -> None:
        taken = {extra.key.text() for extra in self.extra_rows} | set(self.rows)
        index = 1
        while f"property{index}" in taken:
            index += 1
        extra = self._add_extra(f"property{index}", ABSENT)
        extra.key.setFocus()
        extra.key.selectAll()
        self._present = True
        self._update_extra_title()
        self.value_changed.emit()

    def _add_extra(self, key: str, value: Any) -> _ExtraRow:
        widget = QWidget(self)
        row = QHBoxLayout(widget)
        row.setContentsMargins(0, 0, 0, 0)
        key_edit = QLineEdit(key, widget)
        key_edit.setPlaceholderText("name")
        key_edit.setCursorPosition(0)
        key_edit.setMinimumWidth(_KEY_MIN_WIDTH)
        key_edit.setReadOnly(self.descriptor.read_only)
        # key and value share the width about 1:2, so a narrow inspector still has room
        # for the value (a fixed-width key left it only a sliver)
        row.addWidget(key_edit, _KEY_STRETCH, Qt.AlignmentFlag.AlignTop)
        fld = Field(self.descriptor.extra_property(key), self.factory, label=key, parent=widget)
        fld.token = key
        fld.setMinimumWidth(_VALUE_MIN_WIDTH)
        row.addWidget(fld, _VALUE_STRETCH)
        remove = QToolButton(widget)
        remove.setText("✕")  # as on list items: a word here took the value's room
        remove.setToolTip("Remove this property")
        remove.setAccessibleName("Remove property")
        remove.setAutoRaise(True)
        row.addWidget(remove, 0, Qt.AlignmentFlag.AlignTop)
        extra = _ExtraRow(widget, key_edit, fld)
        fld.set_value(value)
        self.extra_layout.addWidget(widget)
        self.extra_rows.append(extra)
        fld.value_changed.connect(self._on_child_changed)
        key_edit.textEdited.connect(lambda text: self._on_key_edited(extra, text))
        remove.clicked.connect(lambda: self._on_remove_extra(extra))
        return extra

    def _on_key_edited(self, extra: _ExtraRow, text: str) -> None:
        extra.field.token = text
        self._on_child_changed()

    def _on_remove_extra(self, extra: _ExtraRow) -> None:
        self._remove_extra(extra)
        self._update_extra_title()
        self._on_child_changed()

    def _remove_extra(self, extra: _ExtraRow) -> None:
        self.extra_rows.remove(extra)
        extra.widget.hide()
        extra.widget.deleteLater()

    def _update_extra_title(self) -> None:
        d = self.descriptor
        self.extra_title.setVisible(bool(self.extra_rows) or d.allows_adding_properties)
        if self.extra_rows and not d.allows_adding_properties:
            self.extra_title.setText("Other properties (not described by the schema)")
        else:
            self.extra_title.setText("Additional properties")

    # -- errors --------------------------------------------------------------------------------
    def child_field(self, token: str) -> Field | None:
        if not self._built:
            return None
        row = self.rows.get(token)
        if row is not None:
            return row.field
        for extra in self.extra_rows:
            if extra.key.text() == token:
                return extra.field
        return None

    def child_fields(self) -> Iterator[Field]:
        if not self._built:
            return
        for row in self.rows.values():
            yield row.field
        for extra in self.extra_rows:
            yield extra.field

    def set_error_count(self, count: int) -> None:
        if self.group is not None:
            self.group.set_error_count(count)

    def expand(self) -> None:
        """Open the group (building its rows if this is the first time)."""
        if self.group is not None:
            self.group.set_expanded(True)

