"""The env editor: environment variables and references to secrets.

Two tables mirror the model's env config. Cells show what validation says
about them (an invalid or clashing name, a credential-looking value, a
connection missing from the tenant's catalog) with an icon and a tooltip.
A credential-looking value offers "Make it a secret reference", which moves
the name to the secrets table and drops the value. The secrets table has no
value column: Flowdesk never holds secret values. Every edit is an undo
command; the tables redraw only when the model announces a change.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QResizeEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from flowdesk.app.commands import SetEnvConfig
from flowdesk.model.document import EnvConfig
from flowdesk.model.editor.workflow_model import WorkflowModel
from flowdesk.model.env_editing import (
    ConnectionLike,
    EnvIssues,
    RowIssue,
    add_env,
    add_secret,
    check,
    env_rows,
    fresh_name,
    make_secret_reference,
    remove_env,
    remove_secret,
    rename_env,
    rename_secret,
    secret_rows,
    set_env_value,
    update_secret,
)
from flowdesk.model.errors import EditError

EnvEdit = Callable[[EnvConfig | None], EnvConfig]
_ERROR_BG = QColor("#fdecea")
_WARNING_BG = QColor("#fff6e0")
_MESSAGE_STYLE = "color: #b42318;"
#: at least this wide, the two tables sit side by side (the bottom dock); narrower, stacked
SIDE_BY_SIDE_FROM_PX = 860
_INFO_STYLE = "color: #1d4ed8;"
_EDIT_TRIGGERS = (
    QAbstractItemView.EditTrigger.DoubleClicked
    | QAbstractItemView.EditTrigger.EditKeyPressed
    | QAbstractItemView.EditTrigger.AnyKeyPressed
)
ENV_NAME, ENV_VALUE, ENV_ACTION = range(3)
SECRET_NAME, SECRET_CONNECTION, SECRET_KEY, SECRET_DESCRIPTION = range(4)


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(_EDIT_TRIGGERS)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setHighlightSections(False)
    table.horizontalHeader().setDefaultAlignment(
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    )
    return table


class EnvEditor(QWidget):
    """Env variables and secret references of the workflow, edited through undo commands."""

    message_shown = Signal(str)

    def __init__(
        self,
        model: WorkflowModel,
        undo_stack: QUndoStack,
        connections: Sequence[ConnectionLike] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.undo_stack = undo_stack
        self.connections: list[ConnectionLike] = list(connections)
        self._loading = False
        self.issues = EnvIssues()

        self.env_table = _table(["Name", "Value", ""])
        self.env_table.setObjectName("envTable")
        header = self.env_table.horizontalHeader()
        header.setSectionResizeMode(ENV_NAME, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ENV_VALUE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ENV_ACTION, QHeaderView.ResizeMode.ResizeToContents)
        self.env_table.setColumnWidth(ENV_NAME, 170)
        self.env_table.itemChanged.connect(self._env_item_changed)
        self.add_env_button = QPushButton("Add variable", self)
        self.add_env_button.clicked.connect(self.add_env_variable)
        self.remove_env_button = QPushButton("Remove", self)
        self.remove_env_button.clicked.connect(self._remove_env)
        self.env_table.itemSelectionChanged.connect(self._update_buttons)

        self.secret_table = _table(["Name", "Connection", "Secret key", "Description"])
        self.secret_table.setObjectName("secretTable")
        header = self.secret_table.horizontalHeader()
        header.setSectionResizeMode(SECRET_NAME, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(SECRET_CONNECTION, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(SECRET_KEY, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(SECRET_DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        self.secret_table.setColumnWidth(SECRET_NAME, 150)
        self.secret_table.setColumnWidth(SECRET_CONNECTION, 190)
        self.secret_table.setColumnWidth(SECRET_KEY, 110)
        self.secret_table.itemChanged.connect(self._secret_item_changed)
        self.add_secret_button = QPushButton("Add secret reference", self)
        self.add_secret_button.clicked.connect(self.add_secret_reference)
        self.remove_secret_button = QPushButton("Remove", self)
        self.remove_secret_button.clicked.connect(self._remove_secret)
        self.secret_table.itemSelectionChanged.connect(self._update_buttons)

        self.summary = QLabel(self)
        self.summary.setObjectName("envSummary")
        self.summary.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setObjectName("envMessage")
        self.message.setStyleSheet(_MESSAGE_STYLE)
        self.message.setWordWrap(True)

        layout = QVBoxLayout(self)
        # Side by side in the wide, short bottom dock; stacked when narrow (a floating or
        # side dock), so neither table is ever below the fold of the other.
        self.groups = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.env_group = self._group(
            "Environment variables",
            "Plain values the runner passes to every step as env.NAME. They are stored and "
            "shown in clear text: never put a credential here.",
            self.env_table, [self.add_env_button, self.remove_env_button],
        )
        self.secret_group = self._group(
            "Secret references",
            "Names the runner resolves from a connection's secret store as secrets.NAME. "
            "Flowdesk only keeps where the secret is, never its value.",
            self.secret_table, [self.add_secret_button, self.remove_secret_button],
        )
        self.groups.addWidget(self.env_group, 1)
        self.groups.addWidget(self.secret_group, 1)
        layout.addLayout(self.groups, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)

        listeners = [
            (model.env_config_changed, self._model_changed),
            (model.document_reset, self._model_changed),
        ]
        for signal, callback in listeners:
            signal.connect(callback)
        self.destroyed.connect(lambda: [s.disconnect(c) for s, c in listeners])
        self.refresh()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        direction = (QBoxLayout.Direction.LeftToRight if self.width() >= SIDE_BY_SIDE_FROM_PX
                     else QBoxLayout.Direction.TopToBottom)
        if self.groups.direction() != direction:
            self.groups.setDirection(direction)

    def _group(self, title: str, help_text: str, table: QTableWidget,
               buttons: list[QPushButton]) -> QGroupBox:
        box = QGroupBox(title, self)
        help_label = QLabel(help_text, box)
        help_label.setWordWrap(True)
        help_label.setStyleSheet("color: palette(placeholder-text);")
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        inner = QVBoxLayout(box)
        inner.addWidget(help_label)
        inner.addWidget(table, 1)
        inner.addLayout(row)
        return box

    # ------------------------------------------------------------------ mirroring

    @property
    def config(self) -> EnvConfig | None:
        return self.model.env_config

    def set_connections(self, connections: Sequence[ConnectionLike]) -> None:
        """The tenant's connections changed (fetched anew, or read from the cache)."""
        self.connections = list(connections)
        self.refresh()

    def _model_changed(self, *_args: Any) -> None:
        self.refresh()

    def refresh(self) -> None:
        config = self.config
        self.issues = check(config, self.connections)
        env_selected = self._selected_name(self.env_table)
        secret_selected = self._selected_name(self.secret_table)
        self._loading = True
        try:
            self._fill_env(config)
            self._fill_secrets(config)
        finally:
            self._loading = False
        self._select(self.env_table, env_selected)
        self._select(self.secret_table, secret_selected)
        self._update_buttons()
        self._update_summary()

    def _update_summary(self) -> None:
        errors = sum(1 for i in self.issues.issues if i.severity == "error")
        warnings = len(self.issues.issues) - errors
        if not errors and not warnings:
            self.summary.setText("✓ No problems")
            self.summary.setStyleSheet("color: #1e7b34;")
            return
        parts = []
        if errors:
            parts.append(f"{errors} error{'s' if errors != 1 else ''}")
        if warnings:
            parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
        self.summary.setText(f"{' and '.join(parts)}: hover a marked cell to see why")
        self.summary.setStyleSheet("color: #b42318;" if errors else "color: #8a6d00;")

    def _fill_env(self, config: EnvConfig | None) -> None:
        rows = env_rows(config)
        table = self.env_table
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            value = row.value if isinstance(row.value, str) else _json_text(row.value)
            name_item = QTableWidgetItem(row.name)
            name_item.setData(Qt.ItemDataRole.UserRole, row.name)
            value_item = QTableWidgetItem(value)
            value_item.setData(Qt.ItemDataRole.UserRole, row.name)
            if not isinstance(row.value, str):
                # numbers, booleans, objects: shown as JSON, edited in the raw document
                value_item.setFlags(value_item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            table.setItem(r, ENV_NAME, name_item)
            table.setItem(r, ENV_VALUE, value_item)
            self._mark(name_item, self.issues.for_cell("env", row.name, "name"))
            self._mark(value_item, self.issues.for_cell("env", row.name, "value"))
            table.setCellWidget(r, ENV_ACTION, None)
            if self.issues.for_cell("env", row.name, "value"):
                button = QPushButton("Make it a secret reference", table)
                button.setObjectName(f"makeSecret_{row.name}")
                button.setToolTip(
                    "Move this name to the secret references and drop the value from the "
                    "workflow; then pick the connection that holds the secret"
                )
                button.clicked.connect(lambda _=False, n=row.name: self.make_secret(n))
                table.setCellWidget(r, ENV_ACTION, button)

    def _fill_secrets(self, config: EnvConfig | None) -> None:
        rows = secret_rows(config)
        table = self.secret_table
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            cells = {
                SECRET_NAME: row.name,
                SECRET_KEY: row.secret_key or "",
                SECRET_DESCRIPTION: row.description or "",
            }
            for column, text in cells.items():
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, row.name)
                table.setItem(r, column, item)
            self._mark(table.item(r, SECRET_NAME), self.issues.for_cell("secrets", row.name, "name"))
            connection_item = QTableWidgetItem()
            connection_item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            table.setItem(r, SECRET_CONNECTION, connection_item)
            combo = self._connection_combo(row.name, row.connection_id)
            issues = self.issues.for_cell("secrets", row.name, "connection")
            if issues:
                combo.setToolTip("\n".join(i.message for i in issues))
                combo.setStyleSheet("QComboBox { color: #b42318; }")
            table.setCellWidget(r, SECRET_CONNECTION, combo)

    def _connection_combo(self, name: str, current: str | None) -> QComboBox:
        combo = QComboBox(self.secret_table)
        combo.setObjectName(f"connection_{name}")
        combo.addItem("(no connection)", None)
        for connection in self.connections:
            label = f"{connection.name} ({connection.type})" if connection.type else connection.name
            combo.addItem(label, connection.id)
        index = combo.findData(current) if current else 0
        if current and index < 0:
            icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            combo.addItem(icon, f"{current} — unresolved", current)
            index = combo.count() - 1
        combo.setCurrentIndex(index)
        combo.currentIndexChanged.connect(
            lambda _i, n=name, c=combo: self._connection_chosen(n, c.currentData())
        )
        return combo

    def _mark(self, item: QTableWidgetItem | None, issues: list[RowIssue]) -> None:
        if item is None or not issues:
            return
        severe = any(i.severity == "error" for i in issues)
        pixmap = (QStyle.StandardPixmap.SP_MessageBoxCritical if severe
                  else QStyle.StandardPixmap.SP_MessageBoxWarning)
        item.setIcon(self.style().standardIcon(pixmap))
        item.setToolTip("\n".join(i.message for i in issues))
        item.setBackground(QBrush(_ERROR_BG if severe else _WARNING_BG))

    @staticmethod
    def _selected_name(table: QTableWidget) -> str | None:
        rows = table.selectionModel().selectedRows()
        if not rows:
            return None
        item = table.item(rows[0].row(), 0)
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    @staticmethod
    def _row_of(table: QTableWidget, name: str) -> int:
        for r in range(table.rowCount()):
            item = table.item(r, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == name:
                return r
        return -1

    def _select(self, table: QTableWidget, name: str | None) -> None:
        row = self._row_of(table, name) if name is not None else -1
        if row >= 0:
            table.selectRow(row)

    def _update_buttons(self) -> None:
        writable = not self.model.read_only
        self.add_env_button.setEnabled(writable)
        self.add_secret_button.setEnabled(writable)
        self.remove_env_button.setEnabled(writable and self._selected_name(self.env_table)
                                          is not None)
        self.remove_secret_button.setEnabled(
            writable and self._selected_name(self.secret_table) is not None
        )
        for table in (self.env_table, self.secret_table):
            table.setEditTriggers(
                _EDIT_TRIGGERS if writable else QAbstractItemView.EditTrigger.NoEditTriggers
            )
            for r in range(table.rowCount()):
                for c in range(table.columnCount()):
                    widget = table.cellWidget(r, c)
                    if widget is not None:
                        widget.setEnabled(writable)

    # ------------------------------------------------------------------ editing

    def _apply(self, edit: EnvEdit, text: str, merge_key: str | None = None) -> bool:
        old = self.config
        try:
            new = edit(old)
        except EditError as exc:
            self._show_message(str(exc))
            return False
        self._show_message("")
        if self.model.read_only:
            self._show_message("this version is published and read-only: start a new draft")
            return False
        self.undo_stack.push(SetEnvConfig(self.model, new, text, merge_key))
        return True

    def _show_message(self, text: str, error: bool = True) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(_MESSAGE_STYLE if error else _INFO_STYLE)
        if text:
            self.message_shown.emit(text)

    def add_env_variable(self) -> None:
        name = fresh_name(self.config)
        if self._apply(lambda c: add_env(c, name, ""), f"Add env variable {name}"):
            self._edit_cell(self.env_table, name, ENV_NAME)

    def add_secret_reference(self) -> None:
        name = fresh_name(self.config, "NEW_SECRET")
        if self._apply(lambda c: add_secret(c, name, secret_key=name.lower()),
                       f"Add secret reference {name}"):
            self._edit_cell(self.secret_table, name, SECRET_NAME)

    def _edit_cell(self, table: QTableWidget, name: str, column: int) -> None:
        row = self._row_of(table, name)
        if row >= 0:
            table.selectRow(row)
            table.setCurrentCell(row, column)
            if self.isVisible():
                table.editItem(table.item(row, column))

    def _remove_env(self) -> None:
        name = self._selected_name(self.env_table)
        if name is not None:
            self._apply(lambda c: remove_env(c, name), f"Remove env variable {name}")

    def _remove_secret(self) -> None:
        name = self._selected_name(self.secret_table)
        if name is not None:
            self._apply(lambda c: remove_secret(c, name), f"Remove secret reference {name}")

    def make_secret(self, name: str) -> None:
        """Move env variable ``name`` to the secret references; its value is dropped."""
        if self._apply(lambda c: make_secret_reference(c, name),
                       f"Make {name} a secret reference"):
            row = self._row_of(self.secret_table, name)
            if row >= 0:
                self.secret_table.selectRow(row)
                self.secret_table.setCurrentCell(row, SECRET_CONNECTION)
            self._show_message(
                f"{name} is now a secret reference and its value is gone from the workflow: "
                "pick the connection that holds it.", error=False,
            )

    def _env_item_changed(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        name = item.data(Qt.ItemDataRole.UserRole)
        text = item.text()
        if item.column() == ENV_NAME:
            new_name = text.strip()
            if new_name != name and not self._apply(
                lambda c: rename_env(c, name, new_name), f"Rename env variable {name}"
            ):
                self.refresh()
        elif item.column() == ENV_VALUE:
            # the value never goes into the command text: it may be a credential
            self._apply(lambda c: set_env_value(c, name, text), f"Edit value of {name}",
                        f"env-value:{name}")

    def _secret_item_changed(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        name = item.data(Qt.ItemDataRole.UserRole)
        text = item.text().strip()
        ok = True
        if item.column() == SECRET_NAME and text != name:
            ok = self._apply(lambda c: rename_secret(c, name, text),
                             f"Rename secret reference {name}")
        elif item.column() == SECRET_KEY:
            ok = self._apply(lambda c: update_secret(c, name, secret_key=text),
                             f"Edit secret key of {name}")
        elif item.column() == SECRET_DESCRIPTION:
            ok = self._apply(lambda c: update_secret(c, name, description=text),
                             f"Edit description of {name}")
        if not ok:
            self.refresh()

    def _connection_chosen(self, name: str, connection_id: str | None) -> None:
        if self._loading:
            return
        self._apply(lambda c: update_secret(c, name, connection_id=connection_id),
                    f"Set connection of {name}")


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
