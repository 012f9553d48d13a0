"""The connection field of an action's config: a picker of the tenant's connections.

An editable combo: pick a connection by its name (the id is what is stored),
or type an id or a ``${{ }}`` template. A value that names no connection of
the tenant is listed with a warning icon as "unresolved", like the env
editor's secret references. The list comes from the window (the workspace's
connections, cached offline) through one :class:`ConnectionList` per form.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QStyle, QWidget

from flowdesk.app.forms.editor import Editor, EditorFactory
from flowdesk.app.forms.factory import SpecialEditor
from flowdesk.model.env_editing import ConnectionLike
from flowdesk.model.forms import ABSENT, FieldDescriptor
from flowdesk.model.forms.connections import (
    ConnectionChoice,
    connection_choices,
    is_connection_schema,
    resolve_typed,
)

_UNRESOLVED_TIP = "Not a connection of this tenant: the runner will not find it"


class ConnectionList(QObject):
    """The tenant's connections, shared by every connection field of the inspector."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.connections: list[ConnectionLike] = []

    def set(self, connections: Sequence[ConnectionLike]) -> None:
        self.connections = list(connections)
        self.changed.emit()


class ConnectionField(Editor):
    """Editable combo of known connections; ``value()`` is the connection id."""

    def __init__(self, descriptor: FieldDescriptor, factory: EditorFactory,
                 connections: ConnectionList, parent: QWidget | None = None) -> None:
        super().__init__(descriptor, factory, parent)
        self.connections = connections
        self.choices: list[ConnectionChoice] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.combo = QComboBox(self)
        self.combo.setObjectName("connectionPicker")
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.setEnabled(not descriptor.read_only)
        self.combo.lineEdit().setPlaceholderText("Pick a connection or type its id")
        layout.addWidget(self.combo, 1)
        self._loading = False
        self._fill(ABSENT)
        self.combo.activated.connect(self._on_picked)
        self.combo.lineEdit().textEdited.connect(self._on_typed)
        connections.changed.connect(self._connections_changed)

    # -- Editor -------------------------------------------------------------------------------
    def value(self) -> Any:
        text = self.combo.currentText()
        if not text.strip():
            return ABSENT
        return resolve_typed(text, self.choices)

    def set_value(self, value: Any) -> None:
        self._fill(value)

    def can_hold(self, value: Any) -> bool:
        return isinstance(value, str) and "\n" not in value

    # -- picker -------------------------------------------------------------------------------
    @property
    def unresolved(self) -> bool:
        """The value names no connection of the tenant (what the warning marks)."""
        return bool(self.combo.toolTip())

    def _fill(self, value: Any) -> None:
        current = value if isinstance(value, str) and value else None
        self.choices = connection_choices(self.connections.connections, current)
        self._loading = True
        try:
            self.combo.clear()
            warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            for choice in self.choices:
                if choice.known:
                    self.combo.addItem(choice.label, choice.id)
                else:
                    self.combo.addItem(warning, choice.label, choice.id)
                    self.combo.setItemData(self.combo.count() - 1, _UNRESOLVED_TIP,
                                           Qt.ItemDataRole.ToolTipRole)
            index = self.combo.findData(current) if current is not None else -1
            self.combo.setCurrentIndex(index)
            if index < 0:
                self.combo.setEditText(current or "")
        finally:
            self._loading = False
        self._mark()

    def _mark(self) -> None:
        value = self.value()
        known = {c.id for c in self.choices if c.known}
        bad = isinstance(value, str) and value not in known and "${{" not in value
        self.combo.setToolTip(_UNRESOLVED_TIP if bad else "")
        self.combo.setStyleSheet("QComboBox { color: #b42318; }" if bad else "")

    def _on_picked(self, _index: int) -> None:
        if not self._loading:
            self._mark()
            self.value_changed.emit()

    def _on_typed(self, _text: str) -> None:
        if not self._loading:
            self._mark()
            self.value_changed.emit()

    def _connections_changed(self) -> None:
        self._fill(self.value())


def connection_editors(connections: ConnectionList) -> SpecialEditor:
    """The ``special`` hook for :func:`~flowdesk.app.forms.factory.factory_with`."""

    def special(descriptor: FieldDescriptor, factory: EditorFactory) -> Editor | None:
        if descriptor.kind == "string" and is_connection_schema(descriptor.schema):
            return ConnectionField(descriptor, factory, connections)
        return None

    return special
