"""The parameter editor: a visual parameter list, the raw JSON, and the run form.

All three views edit one schema, the model's. Every change the author makes
in the list, the detail form or the raw text becomes a
:class:`SetParameterSchema` undo command; the views only redraw when the
model announces ``parameter_schema_changed`` (so undo, redo and edits made
elsewhere show up everywhere the same way).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QFrame, QScrollArea, QSplitter, QTabWidget, QVBoxLayout, QWidget

from flowdesk.app.commands import SetParameterSchema
from flowdesk.app.params.parameter_details import ParameterDetails
from flowdesk.app.params.parameter_list import ParameterList
from flowdesk.app.params.raw_editor import RawSchemaEditor
from flowdesk.app.params.run_form import RunFormPanel
from flowdesk.model.editor.workflow_model import WorkflowModel
from flowdesk.model.errors import EditError
from flowdesk.model.params import (
    Parameter,
    add_parameter,
    fresh_name,
    get_parameter,
    list_parameters,
    move_parameter,
    remove_parameter,
    rename_parameter,
    same_schema,
    set_item_type,
    set_required,
    set_type,
    update_parameter,
)
from flowdesk.model.simulate import DryRunResult

SchemaEdit = Callable[[Any], Any]


class ParameterEditor(QWidget):
    """Edits the workflow's parameter schema through undo commands.

    ``dry_run_path(node_ids, edge_ids)`` is emitted after a dry run so the main
    window can highlight the path on the canvas.
    """

    dry_run_path = Signal(list, list)

    def __init__(
        self, model: WorkflowModel, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.undo_stack = undo_stack
        self.tabs = QTabWidget(self)
        self.parameter_list = ParameterList(self)
        self.details = ParameterDetails(self)
        # Only the lists and forms scroll, never the tool bars: the list's buttons and
        # the run form's Dry run stay in sight in a short dock (the tree and the form
        # scroll by themselves; the detail form gets a scroll area of its own).
        self.details_scroll = QScrollArea(self)
        self.details_scroll.setObjectName("parameterDetailsScroll")
        self.details_scroll.setWidgetResizable(True)
        self.details_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.details_scroll.setWidget(self.details)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.parameter_list)
        splitter.addWidget(self.details_scroll)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.raw = RawSchemaEditor(self)
        self.run_form = RunFormPanel(lambda: self.model.document, self)
        self.tabs.addTab(splitter, "Parameters")
        self.tabs.addTab(self.raw, "Raw JSON")
        self.tabs.addTab(self.run_form, "Run form")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        self.parameter_list.selection_changed.connect(self._show_selected)
        self.parameter_list.add_requested.connect(self._add)
        self.parameter_list.remove_requested.connect(self._remove)
        self.parameter_list.move_requested.connect(self._move)
        self.details.rename_requested.connect(self._rename)
        self.details.type_requested.connect(self._set_type)
        self.details.item_type_requested.connect(self._set_item_type)
        self.details.required_requested.connect(self._set_required)
        self.details.keywords_requested.connect(self._set_keywords)
        self.raw.schema_edited.connect(self._raw_edited)
        self.run_form.dry_run_finished.connect(self._dry_run_finished)
        self.tabs.currentChanged.connect(self._tab_changed)

        listeners = [
            (model.parameter_schema_changed, self._schema_changed),
            (model.document_reset, self._document_reset),
        ]
        for signal, callback in listeners:
            signal.connect(callback)
        # model signals are plain callbacks: drop ours when the widget goes away
        self.destroyed.connect(lambda: [s.disconnect(c) for s, c in listeners])
        self._refresh(first=True)

    # ---------------------------------------------------------------- mirroring

    @property
    def schema(self) -> Any:
        return self.model.parameter_schema

    def _schema_changed(self, _schema: Any) -> None:
        self._refresh()

    def _document_reset(self, _document: Any) -> None:
        self._refresh()

    def _refresh(self, first: bool = False) -> None:
        schema = self.schema
        read_only = self.model.read_only
        self.parameter_list.set_read_only(read_only)
        self.details.set_read_only(read_only)
        self.raw.set_read_only(read_only)
        self.parameter_list.set_schema(schema)
        if first:
            params = list_parameters(schema)
            if params:
                self.parameter_list.select("", params[0].name)
        self._show_selected()
        self.raw.show_schema(schema)
        if self.tabs.currentWidget() is self.run_form:
            self.run_form.set_schema(schema)

    def _tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.run_form:
            self.run_form.set_schema(self.schema)

    def selected_parameter(self) -> Parameter | None:
        key = self.parameter_list.selected()
        if key is None:
            return None
        try:
            return get_parameter(self.schema, key[1], key[0])
        except EditError:
            return None

    def _show_selected(self) -> None:
        self.details.show_parameter(self.selected_parameter())

    # ---------------------------------------------------------------- editing

    def _apply(self, edit: SchemaEdit, text: str, merge_key: str | None = None) -> bool:
        """Run ``edit`` on the current schema and push the result as one undo command."""
        old = self.schema
        try:
            new = edit(old)
        except EditError as exc:
            self.details.show_error(str(exc))
            return False
        self.details.clear_error()
        if same_schema(new, old):
            return True
        if self.model.read_only:
            self.details.show_error(
                "this version is published and read-only: start a new draft to edit it"
            )
            return False
        self.undo_stack.push(SetParameterSchema(self.model, new, text, merge_key))
        return True

    def _add(self, container: str, index: int) -> None:
        name = fresh_name(self.schema, container)
        if self._apply(
            lambda s: add_parameter(s, name, container=container,
                                    index=None if index < 0 else index),
            f"Add parameter {name}",
        ):
            self.parameter_list.select(container, name)
            self.tabs.setCurrentIndex(0)
            self.details.name_edit.setFocus()
            self.details.name_edit.selectAll()

    def _remove(self, container: str, name: str) -> None:
        names = [p.name for p in list_parameters(self.schema, container)]
        index = names.index(name) if name in names else 0
        if self._apply(lambda s: remove_parameter(s, name, container),
                       f"Remove parameter {name}"):
            rest = [p.name for p in list_parameters(self.schema, container)]
            if rest:
                self.parameter_list.select(container, rest[min(index, len(rest) - 1)])

    def _move(self, container: str, name: str, index: int) -> None:
        if self._apply(lambda s: move_parameter(s, name, index, container),
                       f"Move parameter {name}"):
            self.parameter_list.select(container, name)

    def _current(self) -> Parameter | None:
        return self.details.parameter

    def _rename(self, new_name: str) -> None:
        param = self._current()
        if param is None:
            return
        if self._apply(lambda s: rename_parameter(s, param.name, new_name, param.container),
                       f"Rename parameter {param.name} to {new_name}"):
            self.parameter_list.select(param.container, new_name)
        else:
            self.details.name_edit.setText(param.name)  # the refusal stays shown below

    def _set_type(self, type_name: str, nullable: bool) -> None:
        param = self._current()
        if param is not None:
            self._apply(
                lambda s: set_type(s, param.name, type_name, param.container, nullable=nullable),
                f"Change type of {param.name} to {type_name}",
            )

    def _set_item_type(self, item_type: str) -> None:
        param = self._current()
        if param is not None:
            self._apply(lambda s: set_item_type(s, param.name, item_type, param.container),
                        f"Change items of {param.name} to {item_type}")

    def _set_required(self, required: bool) -> None:
        param = self._current()
        if param is not None:
            self._apply(lambda s: set_required(s, param.name, required, param.container),
                        f"{'Require' if required else 'Make optional'} {param.name}")

    def _set_keywords(self, changes: dict[str, Any], merge_key: str) -> None:
        param = self._current()
        if param is not None:
            self._apply(
                lambda s: update_parameter(s, param.name, changes, param.container),
                f"Edit {', '.join(changes)} of {param.name}",
                merge_key or None,
            )

    def _raw_edited(self, schema: Any) -> None:
        self._apply(lambda _s: schema, "Edit parameter schema as JSON", "raw")

    # ---------------------------------------------------------------- dry run

    def dry_run(self) -> DryRunResult | None:
        """Dry-run the workflow with the run form's current value."""
        self.run_form.set_schema(self.schema)
        return self.run_form.run_dry_run()

    def _dry_run_finished(self, result: DryRunResult) -> None:
        self.dry_run_path.emit(list(result.path), list(result.edges))
