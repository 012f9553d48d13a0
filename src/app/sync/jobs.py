"""Sync work off the UI thread: one QThread per job, progress and cancel, results as signals.

A job is a plain function ``fn(progress, cancel) -> result`` (the sync
engine's pull and publish take exactly those). The thread never touches a
widget: progress, result and failure cross to the UI thread as queued signals.
Errors become one readable line (the engine's messages never hold passwords).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QThread, Signal

from flowdesk.model.errors import FlowdeskError
from flowdesk.storage.sync.progress import Cancelled, CancelToken, Progress

JobFunction = Callable[[Callable[[Progress], None], CancelToken], Any]


class SyncJob(QThread):
    """Runs one sync function on its own thread."""

    progressed = Signal(object)  # Progress
    succeeded = Signal(object)  # whatever the function returned
    failed = Signal(str)  # a message for the user
    cancelled = Signal(str)

    def __init__(self, name: str, fn: JobFunction, parent: Any = None) -> None:
        super().__init__(parent)
        self.name = name
        self.fn = fn
        self.token = CancelToken()
        self.result: Any = None
        self.error: str | None = None

    def cancel(self) -> None:
        """Asks the job to stop at the next safe point (between whole units of work)."""
        self.token.cancel()

    def run(self) -> None:  # runs on the worker thread
        try:
            self.result = self.fn(self.progressed.emit, self.token)
        except Cancelled as exc:
            self.error = str(exc)
            self.cancelled.emit(str(exc))
        except FlowdeskError as exc:
            self.error = str(exc)
            self.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - shown to the user, never crashes the app
            self.error = f"{self.name} failed: {type(exc).__name__}: {exc}"
            self.failed.emit(self.error)
        else:
            self.succeeded.emit(self.result)
