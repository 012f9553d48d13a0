"""The main window's side of sync: the Remote menu, the reachability badge, and what a
pull, a publish or an accepted merge changes on screen.

:class:`SyncController` does the work (off the UI thread); this module tells it
what the window is editing and refreshes the window when a result arrives. The
open draft is written before a publish so the remote gets what is on screen.
A workflow the remote deleted whose draft was kept is offered as "Publish as new
workflow" or "Discard" when a pull or a publish finds it, and any time from
Remote › Deleted on the remote….
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from flowdesk.app.sync.controller import SyncController
from flowdesk.app.sync.profiles import PasswordPrompt
from flowdesk.model.errors import FlowdeskError
from flowdesk.storage.sync.deletions import DeletedWorkflow, is_mirrored_anywhere

#: how long a sync message stays in the status bar
MESSAGE_MS = 10_000


class RemoteSync(QObject):
    """Wires one :class:`SyncController` into ``window`` (a :class:`MainWindow`)."""

    def __init__(self, window: Any, *, prompt: PasswordPrompt | None = None,
                 check_interval_ms: int = 60_000) -> None:
        super().__init__(window)
        self.window = window
        self.controller = SyncController(
            window.workspace, window, window.settings.qsettings, prompt=prompt,
            catalog=window.workspace.catalog, check_interval_ms=check_interval_ms)
        self.controller.pull_action.setText("&Pull from remote")
        self.controller.publish_action.setText("Publish to &remote")
        self.controller.remotes_action.setText("Remote &profiles…")
        self.controller.target = self.target
        # after the (modal) remotes dialog: Publish's tooltip names the current remote
        self.controller.remotes_action.triggered.connect(lambda: window.refresh_publish_route())
        self.controller.pulled.connect(self._on_pulled)
        self.controller.published.connect(self._on_published)
        self.controller.draft_rebased.connect(self._on_rebased)
        self.controller.deleted_on_remote.connect(self.decide_deleted)
        self.controller.discarded.connect(self._after_discard)
        self.controller.busy_changed.connect(self._on_busy_changed)
        self.deleted_action = QAction("&Deleted on the remote…", self)
        self.deleted_action.setToolTip(
            "Workflows the remote deleted whose drafts are kept here: publish as new or discard")
        self.deleted_action.triggered.connect(
            lambda: self.decide_deleted(self.controller.pending_deletions()))
        self._as_new_queue: list[DeletedWorkflow] = []
        self._update_deleted_action()
        self.controller.message.connect(self._show_message)
        self.controller.failed.connect(self._on_failed)
        window.statusBar().addPermanentWidget(self.controller.status_widget)

    @property
    def tenant_name(self) -> str:
        return str(self.window.workspace.tenant.name)

    @property
    def remote_name(self) -> str:
        """How the confirmation and tooltips name the remote (its profile name, else its URL)."""
        profile = self.controller.profile
        if profile is None:
            return "the remote"
        return f"“{profile.name or profile.url}”"

    def publishes_to_remote(self, workflow_id: str | None) -> bool:
        """True when Publish of this workflow must go to the remote (it is in the mirror).

        Publishing such a workflow locally would make versions the remote does
        not know, and the next pull would stop with a mirror conflict.
        """
        if workflow_id is None:
            return False
        try:
            if self.window.workspace.synced_with_remote(workflow_id):
                return True
            with self.window.workspace.session() as s:  # e.g. made here, published there
                return is_mirrored_anywhere(s, workflow_id)
        except FlowdeskError:
            return False

    def publish_open_draft(self, *, activate: bool = False) -> bool:
        """Publish the open draft to the remote (progress, merge on conflict); True if started.

        ``activate``: the author ticked "Make the workflow Active"; the remote honours
        it only on the workflow's first published version there."""
        return self.controller.publish(activate=activate) is not None

    def fill_menu(self, menu: QMenu) -> None:
        menu.addAction(self.controller.pull_action)
        menu.addAction(self.controller.publish_action)
        menu.addAction(self.deleted_action)
        menu.addSeparator()
        menu.addAction(self.controller.remotes_action)

    # ------------------------------------------------------------- target

    def target(self) -> tuple[str, str] | None:
        """(tenant, key) of the open workflow when it has a draft; the draft is saved first."""
        window = self.window
        session = window.session
        if session is None:
            return None
        if session.read_only:
            try:
                if window.workspace.get_draft(session.workflow.id) is None:
                    return None
            except FlowdeskError:
                return None
        elif not session.save():
            return None  # the failure is already on the version bar; nothing stale is sent
        return self.tenant_name, session.workflow.key

    # ------------------------------------------------------------ results

    def _show_message(self, text: str) -> None:
        self.window.statusBar().showMessage(text, MESSAGE_MS)

    def _on_failed(self, text: str) -> None:
        self._show_message(text)
        self.window.prompts.error("Remote", text)

    def _on_pulled(self, _result: Any) -> None:
        """New workflows and versions may have arrived: reread what the window lists.

        The first pull adopts the local tenant (and workflows of the same key)
        under the remote's ids, so the tenant is read again and an open workflow
        whose id moved is reopened by its key.
        """
        window = self.window
        window.workspace.refresh_tenant()
        window.tenants.after_pull()
        self._reopen_if_moved()
        window.browser.refresh()
        if window.session is not None:
            window.browser.select_workflow(window.session.workflow.id)
            window.refresh_session_state()  # history, "latest" and the version chip
        window.refresh_connections()

    def _reopen_if_moved(self) -> None:
        """The open workflow's id is gone (adopted, re-created, published as new, discarded):
        reopen the workflow of the same key, if there still is one."""
        window = self.window
        session = window.session
        if session is None:
            return
        try:
            window.workspace.get_workflow(session.workflow.id)
        except FlowdeskError:
            key = session.workflow.key
            if window.close_session():
                match = [s.workflow.id for s in window.workspace.list_workflows()
                         if s.workflow.key == key]
                if match:
                    window.open_workflow(match[0])

    def _open_workflow_session(self, tenant: str, key: str) -> Any | None:
        session = self.window.session
        if session is None or tenant != self.tenant_name or session.workflow.key != key:
            return None
        return session

    def _on_published(self, result: Any) -> None:
        """The draft is now a published version locally too: show it (read-only)."""
        window = self.window
        if result.as_new:  # the workflow has a new id now
            self._reopen_if_moved()
            window.browser.refresh()
            if window.session is not None:
                window.browser.select_workflow(window.session.workflow.id)
            self._update_deleted_action()
            return
        window.browser.refresh()
        session = self._open_workflow_session(self.tenant_name, result.workflow_key)
        if session is not None and session.version.is_draft:
            self.window.reload_from_storage(session.workflow.id, result.version_id)
        elif window.session is not None:
            window.refresh_session_state()

    def _on_rebased(self, tenant: str, key: str) -> None:
        """An accepted merge replaced the draft: reload it if it is the one on screen."""
        session = self._open_workflow_session(tenant, key)
        if session is not None and session.version.is_draft:
            self.window.reload_from_storage(session.workflow.id)
        self.window.browser.refresh()

    # ------------------------------------------------ deleted on the remote

    def _update_deleted_action(self) -> None:
        try:
            pending = bool(self.controller.pending_deletions())
        except FlowdeskError:
            pending = False
        self.deleted_action.setEnabled(pending)

    def decide_deleted(self, workflows: list[DeletedWorkflow]) -> None:
        """Ask, for each workflow the remote deleted, "Publish as new workflow", "Discard" or
        "Later"; discards happen at once, publishes run one after the other."""
        for workflow in workflows:
            choice = self.window.prompts.deleted_on_remote(workflow.key, workflow.tenant)
            if choice == "discard":
                self._discard(workflow)
            elif choice == "new":
                self._as_new_queue.append(workflow)
        self._update_deleted_action()
        self._publish_next_as_new()

    def _is_open(self, workflow: DeletedWorkflow) -> bool:
        session = self.window.session
        return session is not None and session.workflow.id == workflow.workflow_id

    def _discard(self, workflow: DeletedWorkflow) -> None:
        if self._is_open(workflow) and not self.window.close_session():
            return  # the author kept it open (e.g. unsaved edits): nothing is dropped
        self.controller.discard_deleted(workflow)

    def _after_discard(self, _workflow: DeletedWorkflow) -> None:
        self._reopen_if_moved()
        self.window.browser.refresh()
        self._update_deleted_action()

    def _publish_next_as_new(self) -> None:
        if self.controller.busy or not self._as_new_queue:
            return
        workflow = self._as_new_queue.pop(0)
        session = self.window.session
        open_draft = self._is_open(workflow) and session is not None and not session.read_only
        if open_draft and not session.save():  # type: ignore[union-attr]
            return  # the failure is on the version bar; nothing stale is sent
        self.controller.publish(workflow.tenant, workflow.key, as_new=True)

    def _on_busy_changed(self, busy: bool) -> None:
        if not busy:
            self._update_deleted_action()
            self._publish_next_as_new()

    def shutdown(self, wait_ms: int = 15_000) -> None:
        """Closing the window: stop a running pull or publish at its next safe point."""
        job = self.controller.job
        if job is not None:
            job.cancel()
            job.wait(wait_ms)
