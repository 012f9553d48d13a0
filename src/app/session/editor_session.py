"""One open version: the editable model, its undo stack, autosave and live validation.

The window shows what this object holds and forwards what the user asks for;
everything that decides something (when to save, whether a publish may go
ahead, what happens to an edit of a published version) is here so that it is
tested without a window.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from flowdesk.model.document import ParameterSchema, VersionDocument
from flowdesk.model.editor.workflow_model import WorkflowModel
from flowdesk.model.errors import FlowdeskError
from flowdesk.model.problems import Problem, has_errors
from flowdesk.model.property_order import declare_order
from flowdesk.model.validation import validate
from flowdesk.storage.errors import PublishRefused

from .workspace import Workspace

#: How long an edit may wait before it is written. Edits arriving meanwhile join
#: the same write (the timer is not restarted), so a steady stream of edits is
#: still saved every ~0.15 s: a crash 0.3 s after an edit never loses it.
AUTOSAVE_DELAY_MS = 150
#: A write that takes long (a huge document) stretches the wait, so autosave
#: never takes more than about a third of the event loop's time.
AUTOSAVE_MAX_DELAY_MS = 1000
VALIDATION_DELAY_MS = 300


class GuardedUndoStack(QUndoStack):
    """An undo stack that refuses commands while the open version is read-only.

    Every edit reaches the model through ``push``; refusing here is the one
    place that catches them all (canvas gestures, palette, inspector, paste),
    and the session then offers to start a new draft.
    """

    refused = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.locked = False

    def push(self, cmd: QUndoCommand) -> None:
        if self.locked:
            self.refused.emit(cmd.text())
            return
        super().push(cmd)


@dataclass(frozen=True, slots=True)
class PublishOutcome:
    """What a publish attempt did: the new version, or why it was refused."""

    record: Any | None = None
    problems: list[Problem] = field(default_factory=list)
    error: str | None = None

    @property
    def published(self) -> bool:
        return self.record is not None


class EditorSession(QObject):
    """Ties a :class:`WorkflowModel` to the workspace: autosave, validation, publish."""

    problems_changed = Signal(list)
    dirty_changed = Signal(bool)
    saved = Signal()
    save_failed = Signal(str)
    edit_refused = Signal(str)

    def __init__(
        self,
        workspace: Workspace,
        workflow: Any,
        record: Any,
        parent: QObject | None = None,
        *,
        autosave_delay_ms: int = AUTOSAVE_DELAY_MS,
        validation_delay_ms: int = VALIDATION_DELAY_MS,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.workflow = workflow
        self.version = record.info
        self.model = WorkflowModel(record.document, workspace.catalog)
        self.model.read_only = not self.version.is_draft
        self.undo_stack = GuardedUndoStack(self)
        self.undo_stack.locked = self.model.read_only
        self.undo_stack.refused.connect(self.edit_refused)
        self._problems: list[Problem] = []
        self._dirty = False
        self._last_error: str | None = None

        self._autosave_delay_ms = autosave_delay_ms
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(autosave_delay_ms)
        self._autosave.timeout.connect(self.save)
        self._validation = QTimer(self)
        self._validation.setSingleShot(True)
        self._validation.setInterval(validation_delay_ms)
        self._validation.timeout.connect(self.validate_now)

        self.model.changed.connect(self._on_model_changed)
        # The first check waits the same short pause as after an edit, so a window
        # opening this session paints first (the check builds the CEL parser:
        # ~0.1 s); reading ``problems`` before then runs it at once.
        self._checked = False
        self._validation.start()

    # ------------------------------------------------------------ state

    @property
    def read_only(self) -> bool:
        return self.model.read_only

    @property
    def is_dirty(self) -> bool:
        """Edits not yet written to the workspace draft."""
        return self._dirty

    @property
    def problems(self) -> list[Problem]:
        if not self._checked:
            self.validate_now()
        return list(self._problems)

    @property
    def last_error(self) -> str | None:
        """Why the last save failed (``None`` after a successful one)."""
        return self._last_error

    @property
    def title(self) -> str:
        return f"{self.workflow.name} ({self.workflow.key})"

    def describe_version(self, based_on: int | None = None) -> str:
        """``Draft · from v3``, ``v2 · published · latest`` and so on."""
        v = self.version
        if v.is_draft:
            return f"Draft · from v{based_on}" if based_on is not None else "Draft"
        parts = [f"v{v.version}", "published"]
        if v.is_latest:
            parts.append("latest")
        return " · ".join(parts)

    # ------------------------------------------------------------- edits

    def _on_model_changed(self, *args: Any) -> None:
        if not self._dirty:
            self._dirty = True
            self.dirty_changed.emit(True)
        if not self._autosave.isActive():  # throttle, not debounce: see AUTOSAVE_DELAY_MS
            self._autosave.start()
        self._validation.start()

    def save(self) -> bool:
        """Write the model into the workspace draft now. ``False`` (and a signal) on failure."""
        self._autosave.stop()
        if self.read_only or not self._dirty:
            return True
        started = time.perf_counter()
        try:
            self.workspace.save_draft(self.version.id, _with_declared_order(self.model.document))
        except FlowdeskError as exc:
            self._last_error = str(exc)
            self.save_failed.emit(self._last_error)
            return False
        took_ms = int((time.perf_counter() - started) * 1000)
        self._autosave.setInterval(
            max(self._autosave_delay_ms, min(AUTOSAVE_MAX_DELAY_MS, 2 * took_ms)))
        self._last_error = None
        self._dirty = False
        self.dirty_changed.emit(False)
        self.saved.emit()
        return True

    def flush(self) -> bool:
        """Settle pending work (autosave, validation) before the session goes away."""
        if self._validation.isActive():
            self.validate_now()
        return self.save()

    def validate_now(self) -> list[Problem]:
        self._validation.stop()
        self._checked = True
        self._problems = validate(self.model.document, self.workspace.catalog)
        self.problems_changed.emit(list(self._problems))
        return list(self._problems)

    # ----------------------------------------------------------- publish

    def publish(self, *, activate: bool = False) -> PublishOutcome:
        """Save, validate and publish; refused with the problems when there are errors.

        On success this session now shows the published (read-only) version;
        ``activate`` also makes the workflow Active.
        """
        if self.read_only:
            return PublishOutcome(error="this version is already published")
        if not self.save():
            return PublishOutcome(error=f"the draft could not be saved: {self._last_error}")
        problems = self.validate_now()
        if has_errors(problems):
            return PublishOutcome(problems=problems)
        try:
            record = self.workspace.publish(self.version.id, activate=activate)
        except PublishRefused as exc:
            return PublishOutcome(problems=list(getattr(exc, "problems", []) or []))
        except FlowdeskError as exc:
            return PublishOutcome(error=str(exc))
        self._become(record)
        return PublishOutcome(record=record)

    def _become(self, record: Any) -> None:
        """Show ``record`` in place of the current version (after a publish)."""
        self.version = record.info
        self.model.read_only = False
        self.model.reset(record.document)
        self.model.read_only = not self.version.is_draft
        self.undo_stack.clear()
        self.undo_stack.locked = self.model.read_only
        self._autosave.stop()
        if self._dirty:
            self._dirty = False
            self.dirty_changed.emit(False)
        self.validate_now()

    def close(self) -> bool:
        """Flush and stop listening. ``False`` when unsaved edits could not be written."""
        ok = self.flush()
        if ok:
            self.model.changed.disconnect(self._on_model_changed)
            self._autosave.stop()
            self._validation.stop()
            self.undo_stack.clear()  # see discard()
        return ok

    def discard(self) -> None:
        """Drop unsaved edits (the user chose to lose them)."""
        self._autosave.stop()
        self._validation.stop()
        self.model.changed.disconnect(self._on_model_changed)
        self._dirty = False
        # The commands are deleted now, while the stack knows them: left to the garbage
        # collector, a command's wrapper and the stack die in one pass in any order,
        # and a stack that outlives its command's C++ object crashes in clear().
        self.undo_stack.clear()


def _with_declared_order(document: VersionDocument) -> VersionDocument:
    """The document as stored: the parameter order the author sees, made explicit.

    Storage sorts keys (canonical JSON, JSONB), so properties the author typed
    in the raw JSON tab would come back alphabetical; recording their key order
    as ``x-flowdesk-order`` now keeps it. Schemas that declare it already are
    stored as they are.
    """
    schema = document.parameter_schema
    if schema is None:
        return document
    declared = declare_order(schema.schema)
    if declared == schema.schema:
        return document
    return replace(document, parameter_schema=ParameterSchema(declared))
