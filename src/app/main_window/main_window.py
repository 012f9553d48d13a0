"""The main window: browser, canvas, inspector, problems, parameters, environment, history.

A switchboard. It owns the widgets and the currently open
:class:`EditorSession`, and routes between them; decisions live in the
session, the workspace and the model.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent, QUndoGroup
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QMainWindow,
    QStackedWidget,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from flowdesk.app.breaking_changes import breaking_parameter_changes, confirm_breaking_changes
from flowdesk.app.canvas.context_menu import CanvasMenus, MenuHooks
from flowdesk.app.canvas.scene import CanvasScene
from flowdesk.app.canvas.view import CanvasView
from flowdesk.model.document import EdgeCondition, Position
from flowdesk.model.errors import FlowdeskError
from flowdesk.model.plain_messages import GraphNames
from flowdesk.model.problems import Problem, has_errors
from flowdesk.storage.errors import DraftExists
from flowdesk.storage.schema import WorkflowStatus

from ..browser import WorkflowBrowser
from ..inspector import Inspector
from ..panels import ActionPalette, NodeSpec, ProblemsPanel, VersionHistoryPanel
from ..panels.history_panel import previous_version
from ..session import EditorSession, Workspace
from ..session.run_marker import RunMarker
from ..session.workspace import EXAMPLES
from ..settings import AppSettings, RecentWorkflow
from . import edits
from .compare import CompareRouter
from .definition_docks import DefinitionDocks
from .dock_sizes import DockSizes, apply_default_dock_sizes
from .empty_canvas_hint import EmptyCanvasHint
from .export_image import export_canvas_image
from .menus import WindowMenus
from .minimap_overlay import SETTING as MINIMAP_SETTING
from .minimap_overlay import MinimapOverlay
from .notice_bar import NoticeBar
from .path_highlight import PathHighlight
from .prompts import Button, Prompts, PublishChanges, PublishConsent
from .read_only_watch import ReadOnlyDragWatch
from .remote import RemoteSync
from .tenants import TenantSwitcher
from .theme import apply_theme
from .version_bar import VersionBar
from .welcome import WelcomePage


class MainWindow(WindowMenus):
    """One workspace, at most one open workflow version at a time."""

    session_opened = Signal(object)  # EditorSession

    def __init__(
        self,
        workspace: Workspace,
        settings: AppSettings,
        parent: QWidget | None = None,
        *,
        autosave_delay_ms: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.settings = settings
        self.prompts = Prompts(self)
        self.session: EditorSession | None = None
        self.scene: CanvasScene | None = None
        self.view: CanvasView | None = None
        self.path_highlight: PathHighlight | None = None
        self.minimap: MinimapOverlay | None = None
        self._autosave_delay_ms = autosave_delay_ms
        self._offering_draft = False
        self.undo_group = QUndoGroup(self)
        self.setWindowTitle("Flowdesk")
        self.setObjectName("flowdeskMainWindow")
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks
        )

        self._create_actions()
        self._create_central()
        self._create_canvas_actions()
        self._create_docks()
        self.compare = CompareRouter(self)
        self.remote = RemoteSync(self)
        self._create_menus()
        self._connect()
        self.tenants = TenantSwitcher(self)
        self.tenants.restore()
        self._restore_state()
        self._update_actions()
        self._show_welcome()
        self.statusBar().showMessage(f"Workspace: {workspace.location}", 5000)

    def _create_central(self) -> None:
        self.version_bar = VersionBar(self.save_action, self.publish_action, self.history_action,
                                      self, compare_action=self.compare_previous_action)
        self.canvas_stack = QStackedWidget(self)
        self.empty_state = WelcomePage(self)
        self.empty_state.new_workflow_requested.connect(lambda: self.browser.create_workflow())
        self.empty_state.open_requested.connect(self.open_workflow)
        self.empty_state.pull_requested.connect(self._pull_from_welcome)
        self.canvas_stack.addWidget(self.empty_state)
        self.notice_bar = NoticeBar(self)
        self.run_marker: RunMarker | None = None  # set by the application; see run_marker.py
        self.empty_canvas_hint: EmptyCanvasHint | None = None
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.notice_bar)
        layout.addWidget(self.version_bar)
        layout.addWidget(self.canvas_stack, 1)
        self.setCentralWidget(central)

    def _dock(self, title: str, name: str, widget: QWidget,
              area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _create_docks(self) -> None:
        L, R, B = (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea,
                   Qt.DockWidgetArea.BottomDockWidgetArea)
        self.browser = WorkflowBrowser(self.workspace, self)
        self.browser_dock = self._dock("Workflows", "workflowsDock", self.browser, L)
        self.palette = ActionPalette(self.workspace.catalog, self)
        self.palette_dock = self._dock("Actions", "paletteDock", self.palette, L)
        self.inspector = Inspector(self.workspace.catalog, self, self)
        self.inspector_dock = self._dock("Inspector", "inspectorDock", self.inspector, R)
        self.history_panel = VersionHistoryPanel(self)
        self.history_dock = self._dock("Version history", "historyDock", self.history_panel, R)
        self.problems_panel = ProblemsPanel(self)
        self.problems_dock = self._dock("Problems", "problemsDock", self.problems_panel, B)
        self.undo_view = QUndoView(self.undo_group, self)
        self.undo_view.setEmptyLabel("Opened")
        self.undo_dock = self._dock("Edit history", "undoDock", self.undo_view, R)
        self.tabifyDockWidget(self.history_dock, self.undo_dock)
        # Parameters and environment are tool windows beside the problems list: the
        # canvas stays in the centre and in view (a dry run's path shows on it).
        self.parameters_dock = self._dock("Parameters", "parametersDock", QWidget(self), B)
        self.environment_dock = self._dock("Environment", "environmentDock", QWidget(self), B)
        self.tabifyDockWidget(self.problems_dock, self.parameters_dock)
        self.tabifyDockWidget(self.parameters_dock, self.environment_dock)
        self.problems_dock.raise_()
        self.definition = DefinitionDocks(
            self, self.parameters_dock, self.environment_dock,
            lambda: QTimer.singleShot(0, self.offer_new_draft))
        self.history_dock.raise_()
        self.splitDockWidget(self.browser_dock, self.palette_dock, Qt.Orientation.Vertical)
        self._dock_sizes_pending = True  # set on first show unless a saved layout is restored
        self.dock_sizes: DockSizes | None = None  # the defaults, once applied

    def apply_default_dock_sizes(self) -> None:
        """Dock sizes that fit the window's current size (see :mod:`.dock_sizes`)."""
        self.dock_sizes = apply_default_dock_sizes(
            self, self.browser_dock, self.palette_dock, self.inspector_dock, self.history_dock,
            self.problems_dock)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._dock_sizes_pending:  # sized once the first layout has the window's size
            self._dock_sizes_pending = False
            QTimer.singleShot(0, self.apply_default_dock_sizes)

    def _connect(self) -> None:
        self.browser.open_requested.connect(self.open_workflow)
        self.browser.workflow_deleted.connect(self._on_workflow_deleted)
        self.browser.workflow_changed.connect(self._on_workflow_changed)
        self.browser.error.connect(lambda message: self.prompts.error("Workflows", message))
        self.palette.add_requested.connect(self.add_node)
        self.problems_panel.problem_activated.connect(self.focus_problem)
        self.history_panel.open_requested.connect(self.open_version)
        self.history_panel.make_latest_requested.connect(self.make_latest)
        self.history_panel.new_draft_requested.connect(self.new_draft_from)
        self.history_panel.compare_requested.connect(self.compare.versions)
        self.history_panel.compare_previous_requested.connect(self.compare.with_previous)
        self.history_panel.compare_with_requested.connect(self.compare.ask_with)
        self.version_bar.new_draft_requested.connect(lambda: self.new_draft_from(None))

    # --------------------------------------------------------- state memory

    def _restore_state(self) -> None:
        geometry = self.settings.window_geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1480, 900)
        state = self.settings.window_state()
        if state is not None:
            self._dock_sizes_pending = not self.restoreState(state)

    def _save_state(self) -> None:
        self.settings.set_window_geometry(self.saveGeometry())
        self.settings.set_window_state(self.saveState())
        self.settings.sync()

    def set_theme(self, theme: str) -> None:
        self.settings.set_theme(theme)
        self.theme_actions[theme].setChecked(True)
        apply_theme(theme)
        self._follow_palette()

    def set_minimap_visible(self, visible: bool) -> None:
        """View › Minimap: show or hide the canvas overview, remembered for next time."""
        self.settings.qsettings.setValue(MINIMAP_SETTING, visible)
        if self.minimap_action.isChecked() != visible:
            self.minimap_action.setChecked(visible)
        if self.minimap is not None:
            self.minimap.set_visible(visible)

    def _follow_palette(self) -> None:
        """Canvas colours come from the palette: refresh them after a theme change."""
        app = QApplication.instance()
        if self.scene is not None and self.view is not None and isinstance(app, QApplication):
            self.scene.set_palette_colours(app.palette())
            self.view.setBackgroundBrush(self.scene.colours.background)
            self.view.resetCachedContent()
            if self.minimap is not None:
                self.minimap.minimap.rebuild()

    # ------------------------------------------------------- opening things

    def _workflow_id(self) -> str | None:
        if self.session is not None:
            return self.session.workflow.id
        return self.browser.selected_workflow_id()

    def open_workflow(self, workflow_id: str) -> bool:
        """Open the workflow's draft, or its latest version read-only."""
        if self.session is not None and self.session.workflow.id == workflow_id:
            return True
        try:
            workflow = self.workspace.get_workflow(workflow_id)
            record = self.workspace.version_to_open(workflow_id)
        except FlowdeskError as exc:
            self.prompts.error("Cannot open the workflow", str(exc))
            return False
        return self._open(workflow, record)

    def open_version(self, version_id: str) -> bool:
        if self.session is not None and self.session.version.id == version_id:
            return True
        try:
            record = self.workspace.get_version(version_id)
            workflow = self.workspace.get_workflow(record.info.workflow_id)
        except FlowdeskError as exc:
            self.prompts.error("Cannot open the version", str(exc))
            return False
        return self._open(workflow, record)

    def _open(self, workflow: Any, record: Any) -> bool:
        if not self.close_session():
            return False
        kwargs = {}
        if self._autosave_delay_ms is not None:
            kwargs["autosave_delay_ms"] = self._autosave_delay_ms
        session = EditorSession(self.workspace, workflow, record, self, **kwargs)
        self.session = session
        self.undo_group.addStack(session.undo_stack)
        self.undo_group.setActiveStack(session.undo_stack)
        self.scene = CanvasScene(session.model, self.workspace.catalog, session.undo_stack)
        self.view = CanvasView(self.scene)
        self.view.setObjectName("canvasView")
        ReadOnlyDragWatch(self.view, lambda: session.read_only,
                          lambda: QTimer.singleShot(0, self.offer_new_draft))
        self.canvas_stack.addWidget(self.view)
        self.canvas_stack.setCurrentWidget(self.view)
        self.minimap = MinimapOverlay(self.view, self.minimap_action.isChecked())
        self.canvas_menus = CanvasMenus(self.scene, self.view,
                                        MenuHooks(self.rename_node, self.edit_edge))
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self.canvas_menus.popup)
        self.empty_canvas_hint = EmptyCanvasHint(self.view, session.model)
        self.scene.selection_changed.connect(self._on_selection_changed)
        self.scene.edit_refused.connect(self._on_edit_refused)
        session.problems_changed.connect(self._on_problems)
        session.dirty_changed.connect(self._on_dirty)
        session.saved.connect(lambda: self.statusBar().showMessage("Draft saved", 2000))
        session.saved.connect(lambda: self._record_save(session))
        session.save_failed.connect(self.version_bar.set_save_error)
        session.edit_refused.connect(lambda _what: self._on_edit_refused(""))
        self.inspector.set_model(session.model, session.read_only)
        self.path_highlight = PathHighlight(self.scene, session.model, self)
        self.path_highlight.clear_on_escape(self.view)
        self._bind_definition(session)
        self._on_problems([])  # until the session's first check, right after the first paint
        self._show_session_state()
        self.browser.select_workflow(workflow.id)
        self.settings.add_recent_workflow(
            RecentWorkflow(self.workspace.location, workflow.id, workflow.name))
        QTimer.singleShot(0, self._fit_canvas)
        self.session_opened.emit(session)
        return True

    def _bind_definition(self, session: EditorSession) -> None:
        """Fresh parameter and env editors on ``session`` (again after a publish: read-only)."""
        connections = self._connections()
        self.definition.bind(session, connections)
        self.inspector.set_connections(connections)
        editor = self.definition.parameter_editor
        assert editor is not None and self.path_highlight is not None
        self.path_highlight.clear_on_escape(editor)
        editor.dry_run_path.connect(self.show_dry_run_path)

    def _connections(self) -> list[Any]:
        """The tenant's connections for secret references (cached when the server is away)."""
        try:
            return self.workspace.list_connections()
        except FlowdeskError as exc:
            self.statusBar().showMessage(f"Connections are not available: {exc}", 8000)
            return []

    def refresh_connections(self) -> None:
        """Read the tenant's connections again (after a pull, say) into the env editor."""
        connections = self._connections()
        self.definition.set_connections(connections)
        self.inspector.set_connections(connections)

    def _fit_canvas(self) -> None:
        if self.view is not None:
            self.view.fit_all()

    def close_session(self) -> bool:
        """Flush the open session; never drop unsaved edits without asking."""
        session = self.session
        if session is None:
            return True
        pending = self.inspector.pending_problem()
        while True:
            if pending is None and session.close():
                break
            reason = pending or f"The draft could not be saved: {session.last_error}"
            answer = self.prompts.unsaved_on_close(reason)
            if answer == Button.Cancel:
                return False
            if answer == Button.Discard:
                session.discard()
                break
            pending = None  # Save: keep what the model has, try writing again
        self._drop_session()
        return True

    def _drop_session(self) -> None:
        session = self.session
        if session is None:
            return
        self.inspector.set_model(None)
        if self.path_highlight is not None:
            self.path_highlight.detach()
            self.path_highlight.deleteLater()
            self.path_highlight = None
        self.definition.unbind()
        if self.empty_canvas_hint is not None:
            self.empty_canvas_hint.detach()
            self.empty_canvas_hint = None
        self.problems_panel.set_problems([])
        self.undo_group.removeStack(session.undo_stack)
        if self.view is not None:
            self.canvas_stack.removeWidget(self.view)
            self.view.deleteLater()
        if self.scene is not None:
            self.scene.detach()
            self.scene.deleteLater()
        self.view = None
        self.scene = None
        self.minimap = None
        self.session = None
        session.deleteLater()
        self._show_welcome()
        self.version_bar.show_nothing()
        self.history_panel.set_versions([])
        self._update_actions()

    def _show_session_state(self) -> None:
        session = self.session
        if session is None:
            return
        wf = session.workflow
        versions = self.refresh_history()
        numbers = {v.id: v.version for v in versions if not v.is_draft}
        based_on = numbers.get(session.version.based_on_id or "")
        self.version_bar.show_version(wf.name, wf.key, session.version, session.is_dirty,
                                      based_on)
        self.setWindowTitle(f"{wf.name} — {session.describe_version(based_on)} — Flowdesk")
        self.inspector.read_only = session.read_only
        self.inspector.refresh()
        self.definition.update_read_only(session.read_only)
        self._update_actions()

    def refresh_session_state(self) -> None:
        """Reread history, "latest" and the version chip (storage changed underneath)."""
        self._show_session_state()

    def reload_from_storage(self, workflow_id: str, version_id: str | None = None) -> bool:
        """Drop the open session *without writing it* and open what storage holds now.

        For when sync replaced the draft (an accepted merge) or published it:
        writing the stale model back would undo that.
        """
        if self.session is not None:
            self.session.discard()
            self._drop_session()
        if version_id is not None:
            return self.open_version(version_id)
        return self.open_workflow(workflow_id)

    def refresh_history(self) -> list[Any]:
        """Reload the version list of the open workflow (returned, newest first)."""
        if self.session is None:
            self.history_panel.set_versions([])
            return []
        versions = self.workspace.list_versions(self.session.workflow.id)
        self.history_panel.set_versions(versions, self.session.version.id)
        return versions

    def _update_actions(self) -> None:
        session = self.session
        editable = session is not None and not session.read_only
        self.save_action.setEnabled(editable)
        self.publish_action.setEnabled(editable)
        self.history_action.setEnabled(session is not None)
        self.compare_versions_action.setEnabled(self._workflow_id() is not None)
        self.compare_previous_action.setEnabled(
            session is not None
            and previous_version(self.history_panel.versions(), session.version) is not None)
        self.new_draft_action.setEnabled(session is not None and session.read_only)
        self.palette.setEnabled(session is not None)
        for action in (*self.canvas_actions, self.zoom_in_action, self.zoom_out_action,
                       self.fit_action):
            action.setEnabled(session is not None)
        for action in (self.rename_action, self.archive_action, self.delete_action,
                       self.status_menu.menuAction()):
            action.setEnabled(self._workflow_id() is not None)
        self.refresh_publish_route()

    def refresh_publish_route(self) -> None:
        """Publish's tooltip says where the draft will go: the remote, or this workspace only."""
        if not hasattr(self, "remote"):
            return  # still building the window
        session = self.session
        if session is not None and self.remote.publishes_to_remote(session.workflow.id):
            tip = (f"Validate the draft and publish it to the remote {self.remote.remote_name} "
                   "as its next version (this workflow is synced with it)")
        else:
            tip = ("Validate the draft and publish it as a new version in this workspace only "
                   "(the workflow is not synced with a remote)")
        if self.publish_action.toolTip() != tip:
            self.publish_action.setToolTip(tip)

    # --------------------------------------------------------------- signals

    def _on_selection_changed(self) -> None:
        if self.scene is not None:
            self.inspector.show_selection(self.scene.selected_node_ids(),
                                          self.scene.selected_edge_ids())

    def _on_problems(self, problems: list[Problem]) -> None:
        graph = self.session.model.graph if self.session is not None else None
        self.problems_panel.set_problems(problems, graph)
        if self.scene is not None:
            self.scene.set_problems(problems)
        errors = sum(p.is_error for p in problems)
        self.problems_dock.setWindowTitle(f"Problems ({errors})" if errors else "Problems")

    def _on_dirty(self, dirty: bool) -> None:
        self.version_bar.set_dirty(dirty)

    def _on_workflow_deleted(self, workflow_id: str) -> None:
        self.settings.remove_recent_workflow(self.workspace.location, workflow_id)
        if self.session is not None and self.session.workflow.id == workflow_id:
            self.session.discard()
            self._drop_session()

    def _on_workflow_changed(self, workflow_id: str) -> None:
        if self.session is not None and self.session.workflow.id == workflow_id:
            self.session.workflow = self.workspace.get_workflow(workflow_id)
            self._show_session_state()

    def _on_edit_refused(self, reason: str) -> None:
        """A read-only version offers a new draft; any other refusal is shown briefly."""
        if self.session is not None and self.session.read_only:
            # Deferred: the refusal arrives in the middle of the gesture that caused it.
            QTimer.singleShot(0, self.offer_new_draft)
        elif reason:
            self.statusBar().showMessage(reason, 6000)

    def offer_new_draft(self) -> bool:
        """An edit of a published version: offer to start a new draft from it."""
        session = self.session
        if session is None or not session.read_only or self._offering_draft:
            return False
        self._offering_draft = True
        try:
            draft = self.workspace.get_draft(session.workflow.id)
            choice = self.prompts.start_new_draft(session.describe_version(), draft is not None)
            if choice == "open" and draft is not None:
                return self.open_version(draft.info.id)
            if choice == "new":
                return self.new_draft_from(session.version.id, confirmed=True)
            return False
        finally:
            self._offering_draft = False

    # ------------------------------------------------------ version actions

    def save_draft(self) -> bool:
        if self.session is None or self.session.read_only:
            return False
        if self.session.save():
            self.statusBar().showMessage("Draft saved", 2000)
            self.version_bar.set_dirty(False)
            self.browser.refresh()
            return True
        self.prompts.error("Cannot save the draft", self.session.last_error or "unknown error")
        return False

    def publish(self) -> bool:
        session = self.session
        if session is None or session.read_only:
            return False
        session.save()
        problems = session.validate_now()
        if has_errors(problems):
            self.problems_dock.raise_()
            self.prompts.publish_refused(problems, session.model.graph)
            return False
        to_remote = self.remote.publishes_to_remote(session.workflow.id)
        destination = self.remote.remote_name if to_remote else None
        consent = self._confirm_publish(session, problems, destination)
        if not consent:
            return False
        if to_remote:
            # The sync controller sends it (with progress, and the merge view if the
            # remote moved on); RemoteSync reloads the window when the result arrives.
            return self.remote.publish_open_draft(activate=consent.activate)
        outcome = session.publish(activate=consent.activate)
        if outcome.problems:
            self.prompts.publish_refused(outcome.problems, session.model.graph)
            return False
        if not outcome.published:
            self.prompts.error("Cannot publish", outcome.error or "unknown error")
            return False
        self.statusBar().showMessage(f"Published v{session.version.version}", 4000)
        if self.scene is not None:
            self.scene.refresh_read_only()
        self.inspector.set_model(session.model, session.read_only)
        self._bind_definition(session)
        self._show_session_state()
        self.browser.refresh()
        return True

    def _confirm_publish(self, session: EditorSession, problems: list[Problem],
                         destination: str | None = None) -> PublishConsent:
        """Breaking parameter changes need their own consent; otherwise a plain confirmation.

        ``destination``: the remote it goes to (named in the question), None for local.
        A first publish (no published version here, nor mirrored from the remote) of a
        workflow that is not Active offers to make it Active (checked when it is a Draft).

        The comparison is with the latest published version (the one callers use
        now); a published version without a schema accepted any input (``{}``).
        """
        try:
            latest = self.workspace.get_latest(session.workflow.id)
        except FlowdeskError as exc:
            self.prompts.error("Cannot publish", str(exc))
            return PublishConsent(False)
        new_schema = session.model.parameter_schema
        if new_schema is None:
            new_schema = {}
        if latest is not None:
            old = latest.document.parameter_schema
            old_schema = old.schema if old is not None else {}
            if breaking_parameter_changes(old_schema, new_schema):
                self.parameters_dock.show()
                return PublishConsent(confirm_breaking_changes(self, old_schema, new_schema))
        warnings = sum(not p.is_error for p in problems)
        changes = PublishChanges.between(latest, session.model.document)
        status = session.workflow.status
        offer = (
            status == WorkflowStatus.DRAFT
            if latest is None and status != WorkflowStatus.ACTIVE
            else None
        )
        return self.prompts.confirm_publish(session.workflow.name, warnings, destination, offer,
                                            changes)

    def new_draft_from(self, version_id: str | None, confirmed: bool = False) -> bool:
        """Start a draft with the content of ``version_id`` (default: the open version)."""
        session = self.session
        if version_id is None:
            if session is None:
                return False
            version_id = session.version.id
        try:
            record = self.workspace.get_version(version_id)
            workflow = self.workspace.get_workflow(record.info.workflow_id)
            draft = self.workspace.get_draft(workflow.id)
            if draft is not None and draft.info.id != version_id:
                if not confirmed and not self.prompts.replace_draft():
                    return False
                if session is not None and session.version.id == draft.info.id:
                    session.discard()
                    self._drop_session()
                self.workspace.discard_draft(draft.info.id)
            new = self.workspace.new_draft_from(version_id)
        except DraftExists as exc:
            self.prompts.error("Cannot start a draft", str(exc))
            return False
        except FlowdeskError as exc:
            self.prompts.error("Cannot start a draft", str(exc))
            return False
        self.browser.refresh()
        return self._open(workflow, new)

    def make_latest(self, version_id: str) -> bool:
        try:
            self.workspace.make_latest(version_id)
        except FlowdeskError as exc:
            self.prompts.error("Cannot make this version the latest", str(exc))
            return False
        if self.session is not None:
            self.session.version = self.workspace.get_version(self.session.version.id).info
            self._show_session_state()
        self.browser.refresh()
        return True

    # ----------------------------------------------------------- editing

    def ensure_editable(self) -> bool:
        """True when the open version can be edited; else offer a new draft."""
        if self.session is None:
            return False
        if not self.session.read_only:
            return True
        return self.offer_new_draft()

    def add_node(self, spec: NodeSpec, at: Position | None = None) -> str | None:
        """Add a node of ``spec`` (from the palette) centred at ``at`` or mid-view."""
        if not self.ensure_editable():
            return None
        session, view, scene = self.session, self.view, self.scene
        assert session is not None and view is not None and scene is not None
        if at is None:
            centre = view.mapToScene(view.viewport().rect().center())
            at = edits.free_position(session.model, Position(centre.x(), centre.y()))
        return scene.add_node(spec.type, QPointF(at.x, at.y), spec.action_id,
                              name=None if spec.type == "action" else spec.title)

    # EditSink for the inspector
    def update_node(self, node_id: str, field: str, value: Any) -> None:
        if self.session is None or self.scene is None or not self.ensure_editable():
            return
        self.scene.push(edits.node_property_command(self.session.model, node_id, field, value))

    def set_edge_condition(self, edge_id: str, condition: EdgeCondition | None) -> None:
        if self.session is None or self.scene is None or not self.ensure_editable():
            return
        if not self.scene.push(edits.edge_condition_command(self.session.model, edge_id,
                                                            condition)):
            self.inspector.refresh()

    def rename_node(self, node_id: str) -> None:
        """Canvas › Rename…: the inspector's name field, selected, ready to type over."""
        if self.scene is None or self.scene.select_item("node", node_id) is None:
            return
        self._focus_inspector(self.inspector.node_page.name_edit)
        self.inspector.node_page.name_edit.selectAll()

    def edit_edge(self, edge_id: str) -> None:
        """Canvas › Edit condition…: the inspector's condition of that edge, focused."""
        if self.scene is None or self.scene.select_item("edge", edge_id) is None:
            return
        page = self.inspector.edge_page
        is_expression = self.scene.model.edge(edge_id).expression is not None
        self._focus_inspector(page.expression_edit if is_expression else page.kind_combo)

    def _focus_inspector(self, field: QWidget) -> None:
        self.inspector_dock.show()
        self.inspector_dock.raise_()
        field.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_problem(self, problem: Problem) -> bool:
        """Select and centre the node or edge a problem is about."""
        if self.scene is None or self.view is None:
            return False
        loc = problem.location
        for kind, item_id in (("node", loc.node_id), ("edge", loc.edge_id),
                              ("note", loc.note_id)):
            if item_id is not None:
                self.scene.select_item(kind, item_id)
                self.view.center_on_item(item_id)
                self.view.setFocus()
                return True
        self.statusBar().showMessage(
            GraphNames.of(self.session.model.graph if self.session else None).describe(problem),
            8000)
        return False

    def show_dry_run_path(self, node_ids: list[str], edge_ids: list[str]) -> None:
        """Highlight the path a dry run took; the next edit or Escape clears it."""
        if self.path_highlight is None:
            return
        self.path_highlight.show(node_ids, edge_ids)
        steps = sum(1 for n in node_ids if self.scene is not None and n in self.scene.node_items)
        self.statusBar().showMessage(
            f"Dry run: the path through {steps} step{'s' if steps != 1 else ''} is highlighted "
            "(Esc on the canvas clears it)", 10000)

    # ---------------------------------------------------------------- misc

    def export_image(self, path: str | None = None) -> Any:
        """File › Export image…; see :mod:`.export_image`."""
        return export_canvas_image(self, path)

    def _show_history(self) -> None:
        self.history_dock.show()
        self.history_dock.raise_()
        self.refresh_history()

    def _show_undo_history(self) -> None:
        self.undo_dock.show()
        self.undo_dock.raise_()

    def _record_save(self, session: EditorSession) -> None:
        if self.run_marker is not None:
            self.run_marker.record_save(session.workflow.id, session.workflow.name)

    def _pull_from_welcome(self) -> None:
        """Pull; with no remote set up yet, set one up first (then pull)."""
        controller = self.remote.controller
        if not controller.pull_action.isEnabled() and not controller.edit_remotes():
            return
        if controller.pull_action.isEnabled():
            controller.pull_action.trigger()

    def _show_welcome(self) -> None:
        """The empty centre: what to do next, with the examples still in the workspace."""
        examples = {key for key, *_rest in EXAMPLES}
        self.empty_state.set_examples(
            [(s.workflow.id, s.workflow.name) for s in self.browser.list_model.summaries()
             if s.workflow.key in examples])
        self.canvas_stack.setCurrentWidget(self.empty_state)

    def show_notice(self, text: str,
                    actions: list[tuple[str, Callable[[], object]]] | None = None) -> None:
        """A message above the canvas that stays until dismissed (see notice_bar.py)."""
        self.notice_bar.show_notice(text, actions)

    def restore_last_workflow(self) -> bool:
        """Reopen what was open when the window last closed (else the first workflow)."""
        workflow_id = self.settings.last_workflow(self.workspace.location)
        summaries = self.browser.list_model.summaries()
        ids = {s.workflow.id for s in summaries}
        if workflow_id not in ids:
            # First run: show the branching example, the richer of the two.
            preferred = [s for s in summaries if s.workflow.key == EXAMPLES[0][0]] or summaries
            workflow_id = preferred[0].workflow.id if preferred else None
        return self.open_workflow(workflow_id) if workflow_id is not None else False

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self._follow_palette()  # the system switched between light and dark
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not self.close_session():
            event.ignore()
            return
        self.remote.shutdown()
        self._save_state()
        if self.run_marker is not None:
            self.run_marker.release()  # a clean exit: nothing to recover next time
        event.accept()
