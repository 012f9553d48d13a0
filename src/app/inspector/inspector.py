"""The inspector: properties of the selected node or edge.

Its editors never write to the model. Every change goes to an
:class:`EditSink` (the window turns it into an undo command; typing merges
into one entry), and model events flow back in to keep the fields current after
undo/redo. A published version shows the same fields read-only.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from flowdesk.app.completion import attach_template_completer
from flowdesk.model.catalog import ActionCatalog
from flowdesk.model.cel import check_syntax
from flowdesk.model.document import (
    Edge,
    EdgeCondition,
    Expression,
    Node,
    VersionDocument,
    empty_document,
)
from flowdesk.model.editor.workflow_model import WorkflowModel
from flowdesk.model.env_editing import ConnectionLike

from .config_editor import ConfigEditor
from .template_fields import DocumentSource, FormFieldCompletion, attach_expression_completer

CONDITION_KINDS: tuple[tuple[str, str], ...] = (
    ("always", "Always"),
    ("onSuccess", "On success"),
    ("onFailure", "On failure"),
    ("otherwise", "Otherwise"),
    ("expression", "Expression (CEL)"),
)
NODE_TYPE_TITLES = {
    "start": "Start",
    "end": "End",
    "action": "Action",
    "condition": "Condition",
    "parallel": "Parallel (fork)",
    "join": "Join",
}


class EditSink(Protocol):
    """Where the inspector sends edits (the window, which makes undo commands)."""

    def update_node(self, node_id: str, field: str, value: Any) -> None: ...

    def set_edge_condition(self, edge_id: str, condition: EdgeCondition | None) -> None: ...


def condition_from(kind: str, expression: str) -> EdgeCondition | None:
    """What the kind combo and expression field mean as an edge condition."""
    if kind == "expression":
        return Expression(expression)
    if kind == "always":
        return None
    return kind


def cel_feedback(text: str) -> str:
    """The line shown under the expression field (HTML)."""
    problem = check_syntax(text)
    if problem is None:
        return "<span style='color:#16a34a'>✓ Valid CEL</span>"
    return f"<span style='color:#dc2626'>{html.escape(str(problem))}</span>"


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # a name, never markup
    label.setWordWrap(True)  # a long name must not widen the inspector
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() + 1.5)
    label.setFont(font)
    return label


class NodePage(QWidget):
    def __init__(self, catalog: ActionCatalog, sink: EditSink, document: DocumentSource,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.catalog = catalog
        self.sink = sink
        self.node_id: str | None = None
        self.heading = _heading("Node")
        self.id_label = QLabel(self)
        self.id_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.type_label = QLabel(self)
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("nodeName")
        self.name_edit.setPlaceholderText("(uses the id)")
        self.action_combo = QComboBox(self)
        self.action_combo.setObjectName("nodeAction")
        # the longest "Title  (id)" would set the inspector's minimum width; let it elide
        self.action_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.action_combo.setMinimumContentsLength(16)
        for action in catalog:
            self.action_combo.addItem(f"{action.title}  ({action.id})", action.id)
        self.mode_combo = QComboBox(self)
        self.mode_combo.addItem("All incoming branches", "all")
        self.mode_combo.addItem("Any incoming branch", "any")
        self.description = QLabel(self)
        self.description.setWordWrap(True)
        self.description.setStyleSheet("color: gray;")
        self.config_editor = ConfigEditor(self)
        # ${{ completion in the config, scoped to this node (upstream steps differ per node)
        self.json_completer = attach_template_completer(
            self.config_editor.json_editor.text_edit, document)
        self.form_completion = FormFieldCompletion(self.config_editor.form_stack, document,
                                                   lambda: self.node_id)

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.addRow("&Name:", self.name_edit)
        self.form.addRow("&Action:", self.action_combo)
        self.form.addRow("&Wait for:", self.mode_combo)
        self.config_label = QLabel("Configuration", self)
        # Type and id share one quiet line under the heading: the rows above the config
        # form stay few, so the form (its own scroll area) gets the rest of the height.
        self.type_label.setStyleSheet("color: gray;")
        self.id_label.setStyleSheet("color: gray;")
        identity = QHBoxLayout()
        identity.setSpacing(6)
        identity.addWidget(self.type_label)
        identity.addWidget(self.id_label)
        identity.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addLayout(identity)
        layout.addLayout(self.form)
        layout.addWidget(self.description)
        layout.addWidget(self.config_label)
        layout.addWidget(self.config_editor, 1)
        # Takes the height a hidden config form leaves (conditions, joins, ends), so their
        # few rows stay together at the top instead of spreading down the dock.
        layout.addStretch(0)

        self.name_edit.textEdited.connect(self._on_name)
        self.action_combo.activated.connect(self._on_action)
        self.mode_combo.activated.connect(self._on_mode)
        self.config_editor.value_changed.connect(self._on_config)

    def show_node(self, node: Node, read_only: bool) -> None:
        same = node.id == self.node_id
        self.node_id = node.id
        self.json_completer.node_id = node.id
        self.heading.setText(node.title)
        self.id_label.setText(f"<code>{html.escape(node.id)}</code>")
        self.type_label.setText(NODE_TYPE_TITLES.get(node.type, node.type))
        if not same or self.name_edit.text() != (node.name or ""):
            self.name_edit.setText(node.name or "")
        is_action = node.type == "action"
        is_join = node.type == "join"
        self.form.setRowVisible(self.action_combo, is_action)
        self.form.setRowVisible(self.mode_combo, is_join)
        self.config_label.setVisible(is_action)
        self.config_editor.setVisible(is_action)
        action = self.catalog.get(node.action_id) if is_action else None
        if is_action:
            index = self.action_combo.findData(node.action_id)
            if index < 0 and node.action_id:
                self.action_combo.addItem(f"{node.action_id} (not in the catalog)", node.action_id)
                index = self.action_combo.count() - 1
            self.action_combo.setCurrentIndex(index)
            self.config_editor.set_action(action)
            if not same or self.config_editor.parse_error() is None:
                self.config_editor.set_value(dict(node.config or {}))
            # the scope may have changed (a parameter renamed, an edge drawn): re-underline
            self.json_completer.refresh()
        self.description.setText(action.description if action else "")
        self.description.setVisible(bool(action and action.description))
        if is_join:
            self.mode_combo.setCurrentIndex(max(0, self.mode_combo.findData(node.join_mode)))
        self.name_edit.setReadOnly(read_only)
        self.config_editor.set_read_only(read_only)
        self.action_combo.setEnabled(not read_only)
        self.mode_combo.setEnabled(not read_only)

    def _on_name(self, text: str) -> None:
        if self.node_id is not None:
            self.sink.update_node(self.node_id, "name", text or None)

    def _on_action(self, _index: int) -> None:
        if self.node_id is not None:
            self.sink.update_node(self.node_id, "action_id", self.action_combo.currentData())

    def _on_mode(self, _index: int) -> None:
        if self.node_id is not None:
            self.sink.update_node(self.node_id, "mode", self.mode_combo.currentData())

    def _on_config(self, value: Any) -> None:
        if self.node_id is not None:
            self.sink.update_node(self.node_id, "config", value)


class EdgePage(QWidget):
    def __init__(self, sink: EditSink, document: DocumentSource,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sink = sink
        self.edge_id: str | None = None
        self.heading = _heading("Edge")
        self.route_label = QLabel(self)
        self.route_label.setWordWrap(True)
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("edgeKind")
        for kind, title in CONDITION_KINDS:
            self.kind_combo.addItem(title, kind)
        self.expression_edit = QLineEdit(self)
        self.expression_edit.setObjectName("edgeExpression")
        self.expression_edit.setPlaceholderText("steps.fetch.output.total > 1000")
        # Context is the edge's target: what ran before it includes the source step,
        # whose output a condition usually tests.
        self.expression_completer = attach_expression_completer(self.expression_edit, document)
        self.expression_status = QLabel(self)
        self.expression_status.setObjectName("expressionStatus")
        self.expression_status.setWordWrap(True)
        self.help = QLabel(
            "Names in scope: <code>params.*</code>, <code>env.*</code>, <code>secrets.*</code>, "
            "<code>steps.&lt;id&gt;.output</code> / <code>.status</code>",
            self,
        )
        self.help.setWordWrap(True)
        self.help.setStyleSheet("color: gray;")
        self.form = QFormLayout()
        self.route_label.setStyleSheet("color: gray;")
        self.form.addRow("Id:", self.route_label)
        self.form.addRow("&Condition:", self.kind_combo)
        self.form.addRow("E&xpression:", self.expression_edit)
        self.form.addRow("", self.expression_status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        layout.addWidget(self.help)
        layout.addStretch(1)
        self.kind_combo.activated.connect(self._on_kind)
        self.expression_edit.textEdited.connect(self._on_expression)

    def show_edge(self, edge: Edge, model: WorkflowModel, read_only: bool) -> None:
        same = edge.id == self.edge_id
        self.edge_id = edge.id
        self.expression_completer.node_id = edge.target
        titles = []
        for node_id in (edge.source, edge.target):
            titles.append(model.node(node_id).title if model.has_node(node_id) else node_id)
        self.heading.setText(f"{titles[0]} → {titles[1]}")  # by name; the id below
        self.route_label.setText(f"edge <code>{html.escape(edge.id)}</code>")
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(edge.kind))
        is_expr = edge.kind == "expression"
        self.form.setRowVisible(self.expression_edit, is_expr)
        self.form.setRowVisible(self.expression_status, is_expr)
        self.help.setVisible(is_expr)
        if is_expr and (not same or self.expression_edit.text() != edge.expression):
            self.expression_edit.setText(edge.expression or "")
        if is_expr:
            self.expression_status.setText(cel_feedback(self.expression_edit.text()))
            self.expression_completer.refresh()
        self.kind_combo.setEnabled(not read_only)
        self.expression_edit.setReadOnly(read_only)

    def _on_kind(self, _index: int) -> None:
        if self.edge_id is None:
            return
        kind = self.kind_combo.currentData()
        expression = self.expression_edit.text() if kind == "expression" else ""
        self.sink.set_edge_condition(self.edge_id, condition_from(kind, expression or "true"))

    def _on_expression(self, text: str) -> None:
        self.expression_status.setText(cel_feedback(text))
        if self.edge_id is not None:
            self.sink.set_edge_condition(self.edge_id, Expression(text))


_EMPTY = empty_document()


class Inspector(QWidget):
    """Shows the single selected node or edge; a hint for none or many."""

    def __init__(self, catalog: ActionCatalog, sink: EditSink, parent: QWidget | None = None):
        super().__init__(parent)
        self.model: WorkflowModel | None = None
        self.read_only = False
        self._kind: str | None = None
        self._item_id: str | None = None
        self.stack = QStackedWidget(self)
        self.empty_label = QLabel("Select a node or an edge to see its properties.", self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: gray; padding: 16px;")
        self.node_page = NodePage(catalog, sink, self.document, self)
        self.edge_page = EdgePage(sink, self.document, self)
        for page in (self.empty_label, self.node_page, self.edge_page):
            self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    def set_connections(self, connections: Sequence[ConnectionLike]) -> None:
        """The tenant's connections, offered by the connection fields of action configs."""
        self.node_page.config_editor.connections.set(connections)

    def document(self) -> VersionDocument:
        """The open version as it is now (completion scope); an empty one when none is open."""
        return self.model.document if self.model is not None else _EMPTY

    def set_model(self, model: WorkflowModel | None, read_only: bool = False) -> None:
        if self.model is not None:
            self.model.changed.disconnect(self.refresh)
        self.model = model
        self.read_only = read_only
        if model is not None:
            model.changed.connect(self.refresh)
        self.show_selection([], [])

    def show_selection(self, node_ids: list[str], edge_ids: list[str]) -> None:
        if len(node_ids) + len(edge_ids) != 1 or self.model is None:
            self._kind, self._item_id = None, None
            count = len(node_ids) + len(edge_ids)
            self.empty_label.setText(
                f"{count} items selected." if count > 1
                else "Select a node or an edge to see its properties."
            )
        elif node_ids:
            self._kind, self._item_id = "node", node_ids[0]
        else:
            self._kind, self._item_id = "edge", edge_ids[0]
        self.refresh()

    @property
    def shown(self) -> tuple[str | None, str | None]:
        """``("node", id)``, ``("edge", id)`` or ``(None, None)``."""
        return self._kind, self._item_id

    def refresh(self) -> None:
        model = self.model
        if model is not None and self._kind == "node" and model.has_node(self._item_id or ""):
            self.node_page.show_node(model.node(self._item_id or ""), self.read_only)
            self.stack.setCurrentWidget(self.node_page)
        elif model is not None and self._kind == "edge" and model.has_edge(self._item_id or ""):
            self.edge_page.show_edge(model.edge(self._item_id or ""), model, self.read_only)
            self.stack.setCurrentWidget(self.edge_page)
        else:
            if self._kind is not None:
                self._kind, self._item_id = None, None
                self.empty_label.setText("Select a node or an edge to see its properties.")
            self.node_page.node_id = None
            self.edge_page.edge_id = None
            self.stack.setCurrentWidget(self.empty_label)

    def pending_problem(self) -> str | None:
        """Typed text that could not be applied (and would be lost on close)."""
        if self._kind == "node" and not self.node_page.config_editor.isHidden():
            error = self.node_page.config_editor.parse_error()
            if error is not None:
                return f"the configuration of node {self._item_id!r} is not valid JSON ({error})"
        return None

