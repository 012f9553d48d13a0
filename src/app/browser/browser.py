"""The workflow browser dock: tenant, search, list, and the workflow-level actions.

It only asks the :class:`Workspace` and emits ``open_requested``; the window
decides what opening means (flush the current session first, and so on).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from flowdesk.model.errors import FlowdeskError

from ..session.workspace import Workspace
from .dialogs import WorkflowDialog, confirm_delete
from .workflow_list import WorkflowDelegate, WorkflowListModel

STATUSES = ("Draft", "Active", "Archived")


class WorkflowBrowser(QWidget):
    """Lists the tenant's workflows; create, rename, change status, archive, delete.

    The tenant combo lists every tenant of the workspace; choosing one emits
    ``tenant_requested`` and the window decides (it may refuse: unsaved edits).
    """

    open_requested = Signal(str)          # workflow id
    tenant_requested = Signal(str)        # tenant id
    workflow_deleted = Signal(str)        # workflow id
    workflow_changed = Signal(str)        # workflow id (renamed, status)
    error = Signal(str)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.tenant_combo = QComboBox(self)
        self.tenant_combo.setObjectName("tenantCombo")
        self.tenant_combo.setToolTip("The tenant whose workflows are listed and edited")
        self.tenant_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        tenant_label = QLabel("&Tenant:", self)
        tenant_label.setBuddy(self.tenant_combo)
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText("Search key or name…")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setObjectName("workflowSearch")
        self.new_button = QToolButton(self)
        self.new_button.setText("New")
        self.new_button.setToolTip("New workflow (Ctrl+N)")
        self.new_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.list_model = WorkflowListModel(self)
        self.list_view = QListView(self)
        self.list_view.setObjectName("workflowList")
        self.list_view.setModel(self.list_model)
        self.list_view.setItemDelegate(WorkflowDelegate(self.list_view))
        self.list_view.setUniformItemSizes(True)
        self.list_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list_view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)

        tenant_row = QHBoxLayout()
        tenant_row.setContentsMargins(0, 0, 0, 0)
        tenant_row.addWidget(tenant_label)
        tenant_row.addWidget(self.tenant_combo, 1)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(tenant_row)
        layout.addLayout(top)
        layout.addWidget(self.list_view, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(lambda _t: self._search_timer.start())
        self.new_button.clicked.connect(self.create_workflow)
        self.tenant_combo.activated.connect(self._on_tenant_chosen)
        self.list_view.activated.connect(self._on_activated)
        self.list_view.doubleClicked.connect(self._on_activated)
        self.list_view.customContextMenuRequested.connect(self._show_menu)
        # Questions go through these two hooks so tests can answer them.
        self.ask_details: Callable[..., tuple[str, str, str | None] | None] = self._details_dialog
        self.ask_delete: Callable[[Any, list[Any]], bool] = (
            lambda summary, versions: confirm_delete(self, summary, versions)
        )
        self.refresh_tenants()
        self.refresh()

    def _details_dialog(self, *, taken_keys: Sequence[str] = (), workflow: Any = None
                        ) -> tuple[str, str, str | None] | None:
        dialog = WorkflowDialog(self, taken_keys=taken_keys, workflow=workflow)
        if dialog.exec() != WorkflowDialog.DialogCode.Accepted:
            return None
        return dialog.values()

    # ---------------------------------------------------------------- data

    def refresh(self) -> None:
        """Reload from the workspace, keeping the selected workflow selected."""
        current = self.selected_workflow_id()
        self.list_model.set_summaries(self.workspace.list_workflows(self.search_edit.text().strip()))
        if current is not None:
            self.select_workflow(current)

    def refresh_tenants(self) -> None:
        """Reload the tenant combo (a pull may have brought tenants) showing the workspace's."""
        combo = self.tenant_combo
        combo.blockSignals(True)
        try:
            combo.clear()
            try:
                tenants = self.workspace.list_tenants()
            except FlowdeskError as exc:
                self._fail("Cannot list the tenants", exc)
                tenants = [self.workspace.tenant]
            for tenant in tenants:
                combo.addItem(tenant.name, tenant.id)
            self.show_current_tenant()
        finally:
            combo.blockSignals(False)

    def show_current_tenant(self) -> None:
        """Point the combo at the workspace's tenant (again after a refused switch)."""
        index = self.tenant_combo.findData(self.workspace.tenant_id)
        if index >= 0:
            self.tenant_combo.setCurrentIndex(index)

    def tenant_ids(self) -> list[str]:
        return [self.tenant_combo.itemData(i) for i in range(self.tenant_combo.count())]

    def _on_tenant_chosen(self, index: int) -> None:
        tenant_id = self.tenant_combo.itemData(index)
        if tenant_id and tenant_id != self.workspace.tenant_id:
            self.tenant_requested.emit(tenant_id)

    def selected_summary(self) -> Any | None:
        index = self.list_view.currentIndex()
        return self.list_model.summary(index.row()) if index.isValid() else None

    def selected_workflow_id(self) -> str | None:
        summary = self.selected_summary()
        return summary.workflow.id if summary is not None else None

    def select_workflow(self, workflow_id: str) -> bool:
        row = self.list_model.row_of(workflow_id)
        if row < 0:
            return False
        self.list_view.setCurrentIndex(self.list_model.index(row))
        return True

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(self.list_model.summary(index.row()).workflow.id)

    # ------------------------------------------------------------- actions

    def create_workflow(self) -> str | None:
        """Ask for key/name/description, create it and request to open it."""
        taken = [s.workflow.key for s in self.workspace.list_workflows()]
        values = self.ask_details(taken_keys=taken)
        if values is None:
            return None
        key, name, description = values
        try:
            wf = self.workspace.create_workflow(key, name, description)
        except FlowdeskError as exc:
            self._fail("Cannot create the workflow", exc)
            return None
        self.search_edit.clear()
        self.refresh()
        self.select_workflow(wf.id)
        self.open_requested.emit(wf.id)
        return wf.id

    def rename_workflow(self, workflow_id: str | None = None) -> bool:
        workflow_id = workflow_id or self.selected_workflow_id()
        if workflow_id is None:
            return False
        values = self.ask_details(workflow=self.workspace.get_workflow(workflow_id))
        if values is None:
            return False
        _key, name, description = values
        try:
            self.workspace.update_workflow(workflow_id, name=name, description=description)
        except FlowdeskError as exc:
            self._fail("Cannot rename the workflow", exc)
            return False
        self.refresh()
        self.workflow_changed.emit(workflow_id)
        return True

    def set_status(self, workflow_id: str, status: str) -> bool:
        try:
            if status == "Archived":
                self.workspace.archive_workflow(workflow_id)
            else:
                self.workspace.update_workflow(workflow_id, status=status)
        except FlowdeskError as exc:
            self._fail("Cannot change the status", exc)
            return False
        self.refresh()
        self.workflow_changed.emit(workflow_id)
        return True

    def delete_workflow(self, workflow_id: str | None = None) -> bool:
        workflow_id = workflow_id or self.selected_workflow_id()
        if workflow_id is None:
            return False
        row = self.list_model.row_of(workflow_id)
        if row < 0:
            return False
        summary = self.list_model.summary(row)
        versions = self.workspace.list_versions(workflow_id)
        if not self.ask_delete(summary, versions):
            return False
        try:
            self.workspace.delete_workflow(workflow_id)
        except FlowdeskError as exc:
            self._fail("Cannot delete the workflow", exc)
            return False
        self.refresh()
        self.workflow_deleted.emit(workflow_id)
        return True

    def _fail(self, title: str, exc: Exception) -> None:
        self.error.emit(f"{title}: {exc}")

    def _show_menu(self, pos: QPoint) -> None:
        index = self.list_view.indexAt(pos)
        if not index.isValid():
            return
        summary = self.list_model.summary(index.row())
        self.build_menu(summary, self).exec(self.list_view.viewport().mapToGlobal(pos))

    def build_menu(self, summary: Any, parent: QWidget) -> QMenu:
        """The context menu of one workflow (also used by the Workflow menu)."""
        wf_id = summary.workflow.id
        menu = QMenu(parent)
        menu.addAction("Open", lambda: self.open_requested.emit(wf_id))
        menu.addAction("Rename…", lambda: self.rename_workflow(wf_id))
        status_menu = menu.addMenu("Status")
        group = QActionGroup(status_menu)
        current = str(getattr(summary.workflow.status, "value", summary.workflow.status))
        for status in STATUSES:
            action = QAction(status, status_menu, checkable=True)
            action.setChecked(status == current)
            action.triggered.connect(lambda _c=False, s=status: self.set_status(wf_id, s))
            group.addAction(action)
            status_menu.addAction(action)
        archive = menu.addAction("Archive", lambda: self.set_status(wf_id, "Archived"))
        archive.setEnabled(current != "Archived")
        menu.addSeparator()
        menu.addAction("Delete…", lambda: self.delete_workflow(wf_id))
        return menu
