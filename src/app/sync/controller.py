"""Pull, Publish and Remotes for the main window: actions, a status badge, and the merge on conflict.

The controller owns no storage logic: it runs the sync engine's ``pull`` and
``publish_draft`` on a :class:`SyncJob` thread (opening the remote there too,
since reaching a server may take the whole connect timeout), shows progress
with Cancel, and reacts to the result on the UI thread. When the remote moved
on, it opens the :class:`MergeDialog`; Accept makes the merge the new draft
(based on theirs) through ``accept_merge``; Cancel leaves the draft untouched.
When the remote deleted a workflow whose draft the workspace kept (found by a
pull or by a publish), ``deleted_on_remote`` tells the window, which offers
"Publish as new workflow" (:meth:`publish` with ``as_new``) or "Discard"
(:meth:`discard_deleted`, local only).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QProgressDialog, QWidget

from flowdesk.app.merge.merge_view import MergeDialog
from flowdesk.app.sync.jobs import JobFunction, SyncJob
from flowdesk.app.sync.profiles import (
    PasswordPrompt,
    ProfileStore,
    SessionPasswords,
    ask_password_dialog,
)
from flowdesk.app.sync.profiles_dialog import RemoteProfilesDialog
from flowdesk.app.sync.reachability import ReachabilityIndicator
from flowdesk.model.catalog import ActionCatalog
from flowdesk.storage.database import Database
from flowdesk.storage.sync.deletions import DeletedWorkflow, deleted_on_remote, discard_deleted
from flowdesk.storage.sync.progress import Progress
from flowdesk.storage.sync.publish import (
    Published,
    Refused,
    RemoteDeleted,
    RemoteMovedOn,
    accept_merge,
    publish_draft,
)
from flowdesk.storage.sync.pull import pull
from flowdesk.storage.sync.remote import RemoteProfile, open_remote

#: what the window is editing: (tenant name, workflow key), or None
PublishTarget = Callable[[], tuple[str, str] | None]


class SyncController(QObject):
    """Sync actions for one workspace; wire ``pull_action``, ``publish_action``,
    ``remotes_action`` into menus and ``status_widget`` into the status bar."""

    pulled = Signal(object)  # PullResult
    published = Signal(object)  # Published
    refused = Signal(object)  # Refused (validation errors; nothing was sent)
    draft_rebased = Signal(str, str)  # tenant, key: the draft now holds the accepted merge
    deleted_on_remote = Signal(object)  # list[DeletedWorkflow] kept for their drafts: decide
    discarded = Signal(object)  # DeletedWorkflow: dropped from the workspace
    message = Signal(str)  # a line for the status bar
    failed = Signal(str)  # an error for the user (never holds a password)
    busy_changed = Signal(bool)

    def __init__(self, workspace: Any, parent_widget: QWidget | None = None,
                 settings: QSettings | None = None, *, prompt: PasswordPrompt | None = None,
                 catalog: ActionCatalog | None = None, check_interval_ms: int = 60_000) -> None:
        super().__init__(parent_widget)
        self.workspace = workspace
        self.db: Database = workspace.db if hasattr(workspace, "db") else workspace
        self.catalog = catalog if catalog is not None else getattr(workspace, "catalog", None)
        self.parent_widget = parent_widget
        self.store = ProfileStore(settings if settings is not None else QSettings())
        self.passwords = SessionPasswords(prompt or ask_password_dialog(parent_widget))
        self.target: PublishTarget | None = None
        self.pull_tenant: str | None = None  # None pulls every tenant of the remote
        self.job: SyncJob | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.merge_dialog: MergeDialog | None = None
        self.last_result: Any = None

        self.pull_action = QAction("Pull from remote", self)
        self.pull_action.setToolTip("Fetch what others published (never touches your drafts)")
        self.pull_action.triggered.connect(lambda: self.pull())
        self.publish_action = QAction("Publish to remote", self)
        self.publish_action.setToolTip("Send this workflow's draft to the shared catalog")
        self.publish_action.triggered.connect(lambda: self.publish())
        self.remotes_action = QAction("Remotes…", self)
        self.remotes_action.triggered.connect(self.edit_remotes)
        self.status_widget = ReachabilityIndicator(self.passwords.known, check_interval_ms,
                                                   parent_widget)
        self.status_widget.set_profile(self.store.current())
        self._update_actions()

    # ----------------------------------------------------------- profiles

    @property
    def profile(self) -> RemoteProfile | None:
        return self.store.current()

    def edit_remotes(self) -> bool:
        """Opens the remotes dialog (modal); True when the user saved."""
        dialog = RemoteProfilesDialog(self.store, self.passwords, self.parent_widget)
        saved = dialog.exec() == QDialog.DialogCode.Accepted
        if saved:
            self.status_widget.set_profile(self.store.current())
            self._update_actions()
        return saved

    def _update_actions(self) -> None:
        idle = self.job is None
        has_remote = self.profile is not None
        self.pull_action.setEnabled(idle and has_remote)
        self.publish_action.setEnabled(idle and has_remote)

    # ------------------------------------------------------------- running

    @property
    def busy(self) -> bool:
        return self.job is not None

    def _start(self, name: str, fn: Callable[[Any, Any, Any], Any],
               on_success: Callable[[Any], None], *, asked: bool = False) -> SyncJob | None:
        profile = self.profile
        if profile is None:
            self.failed.emit("No remote is set up: add one under Remotes…")
            return None
        if self.job is not None:
            self.failed.emit(f"{self.job.name} is still running")
            return None
        password = self.passwords.get(profile, ask=asked)

        def work(progress: Callable[[Progress], None], cancel: Any) -> Any:
            remote = open_remote(profile, password, io_timeout=profile.timeout)
            try:
                return fn(remote, progress, cancel)
            finally:
                remote.dispose()

        job = SyncJob(name, work, self)
        job.progressed.connect(self._on_progress)
        job.succeeded.connect(on_success)
        job.failed.connect(lambda text: self._on_failed(name, fn, on_success, text, asked))
        job.cancelled.connect(self.message.emit)
        job.finished.connect(lambda: self._on_finished(job))
        self.job = job
        self._show_progress(name)
        self._update_actions()
        self.busy_changed.emit(True)
        job.start()
        return job

    def _show_progress(self, name: str) -> None:
        dialog = QProgressDialog(f"{name}…", "Cancel", 0, 0, self.parent_widget)
        dialog.setWindowTitle(name)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.cancel)
        self.progress_dialog = dialog

    def cancel(self) -> None:
        """Stops the running job at its next safe point (nothing half-done stays)."""
        if self.job is not None:
            self.job.cancel()
            self.message.emit(f"cancelling {self.job.name.lower()}…")

    def _on_progress(self, progress: Progress) -> None:
        dialog = self.progress_dialog
        if dialog is None:
            return
        if progress.total:
            dialog.setMaximum(progress.total)
            dialog.setValue(min(progress.done, progress.total))
        if progress.message:
            dialog.setLabelText(progress.message)

    def _close_progress(self) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.reset()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None

    def _on_finished(self, job: SyncJob) -> None:
        """The thread of ``job`` ended (a retry may already be running: leave that one be)."""
        job.deleteLater()
        if self.job is not job:
            return
        self.job = None
        self._close_progress()
        self._update_actions()
        self.busy_changed.emit(False)

    def _on_failed(self, name: str, fn: Any, on_success: Any, text: str, asked: bool) -> None:
        if not asked and "password" in text.lower() and self.profile is not None:
            # The remote wants a password we do not have: ask once, then try again.
            self.job = None  # the failed job's thread is ending; its finished is ignored
            self._close_progress()
            if self._start(name, fn, on_success, asked=True) is not None:
                return
        self.status_widget.check_now()
        self.failed.emit(text)

    # ---------------------------------------------------------------- pull

    def pull(self, tenant: str | None = None) -> SyncJob | None:
        """Starts a pull (all tenants, or ``tenant``); results arrive as ``pulled``."""
        scope = tenant if tenant is not None else self.pull_tenant

        def run(remote: Any, progress: Any, cancel: Any) -> Any:
            return pull(self.db, remote, tenant=scope, progress=progress, cancel=cancel)

        return self._start("Pull", run, self._on_pulled)

    def _on_pulled(self, result: Any) -> None:
        self.last_result = result
        self.message.emit(result.summary())
        self.pulled.emit(result)
        if result.kept_deleted:
            self.deleted_on_remote.emit(list(result.kept_deleted))

    # ----------------------------------------------- deleted on the remote

    def pending_deletions(self) -> list[DeletedWorkflow]:
        """Workflows a remote deleted whose drafts wait for "publish as new" or "discard"."""
        with self.db.session() as s:
            return deleted_on_remote(s)

    def discard_deleted(self, workflow: DeletedWorkflow) -> bool:
        """The author's "Discard": drop the deleted workflow and its draft here (no network)."""
        try:
            with self.db.session() as s:
                dropped = discard_deleted(s, workflow.workflow_id)
        except Exception as exc:  # noqa: BLE001 - reported; nothing was changed
            self.failed.emit(f"could not discard {workflow.key}: {exc}")
            return False
        self.message.emit(f"{dropped.key}: discarded (it was deleted on the remote)")
        self.discarded.emit(dropped)
        return True

    # ------------------------------------------------------------- publish

    def publish(self, tenant: str | None = None, key: str | None = None, *,
                as_new: bool = False, activate: bool = False) -> SyncJob | None:
        """Publishes the draft of ``key`` (default: the window's :attr:`target`); ``as_new``
        publishes a workflow the remote deleted as a new one; ``activate`` (the author's
        consent) makes the workflow Active if this is its first published version."""
        if tenant is None or key is None:
            chosen = self.target() if self.target is not None else None
            if chosen is None:
                self.failed.emit("Open a workflow with a draft to publish it")
                return None
            tenant, key = chosen

        def run(remote: Any, progress: Any, cancel: Any) -> Any:
            return publish_draft(self.db, remote, tenant, key, as_new=as_new, activate=activate,
                                 catalog=self.catalog, progress=progress, cancel=cancel)

        return self._start("Publish", run, lambda result: self._on_published(tenant, key, result))

    def _on_published(self, tenant: str, key: str, result: Any) -> None:
        self.last_result = result
        if isinstance(result, Published):
            self.message.emit(result.message)
            self.published.emit(result)
        elif isinstance(result, Refused):
            self.failed.emit(result.message + ": " + "; ".join(p.message for p in result.errors[:3]))
            self.refused.emit(result)
        elif isinstance(result, RemoteMovedOn):
            self.message.emit(result.message)
            self.open_merge(tenant, key, result)
        elif isinstance(result, RemoteDeleted):
            self.message.emit(result.message)
            found = [d for d in self.pending_deletions() if (d.tenant, d.key) == (tenant, key)]
            self.deleted_on_remote.emit(found)

    def open_merge(self, tenant: str, key: str, moved: RemoteMovedOn) -> MergeDialog:
        """Shows the merge view (window-modal, not blocking); Accept rebases the draft."""
        dialog = MergeDialog(moved.base, moved.mine, moved.theirs, self.catalog,
                             self.parent_widget)
        dialog.setWindowTitle(f"Merge {key}: your draft and v{moved.theirs_version}")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.finished.connect(lambda code: self._on_merge_done(tenant, key, moved, dialog, code))
        self.merge_dialog = dialog
        dialog.open()
        return dialog

    def _on_merge_done(self, tenant: str, key: str, moved: RemoteMovedOn, dialog: MergeDialog,
                       code: int) -> None:
        self.merge_dialog = None
        merged = dialog.merged_document()
        if code != QDialog.DialogCode.Accepted or merged is None:
            self.message.emit("merge cancelled: your draft is unchanged")
            return
        try:
            accept_merge(self.db, tenant, key, merged, moved.theirs_id)
        except Exception as exc:  # noqa: BLE001 - reported; the draft stays as it was
            self.failed.emit(f"could not save the merged draft: {exc}")
            return
        self.message.emit(f"{key}: merged with v{moved.theirs_version}; publish again to send it")
        self.draft_rebased.emit(tenant, key)


__all__ = ["JobFunction", "SyncController"]
