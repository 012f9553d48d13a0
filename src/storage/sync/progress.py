"""Progress reports and cancellation shared by pull and publish.

Both run off the UI thread: the GUI passes a callback (which may re-emit a Qt
signal) and a :class:`CancelToken` it sets from the UI thread. Cancellation is
checked only between whole units of work (a committed batch, before the remote
commit), so cancelling never leaves half a batch or half a version anywhere.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from flowdesk.storage.errors import StorageError


@dataclass(frozen=True, slots=True)
class Progress:
    """``stage`` is a short word ("tenants", "workflows", "versions", "publish");
    ``total`` is ``None`` while unknown."""

    stage: str
    done: int
    total: int | None = None
    message: str = ""

    @property
    def fraction(self) -> float | None:
        if not self.total:
            return None
        return min(1.0, self.done / self.total)


ProgressCallback = Callable[[Progress], None]
#: Called with a step name between the steps of a sync (tests inject faults here).
StepHook = Callable[[str], None]


class Cancelled(StorageError):
    """The user cancelled; everything committed before stays, nothing half-done remains."""


class CancelToken:
    """A thread-safe flag the UI sets and the worker checks."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self, doing: str) -> None:
        if self._event.is_set():
            raise Cancelled(f"cancelled while {doing}")


def report(callback: ProgressCallback | None, progress: Progress) -> None:
    if callback is not None:
        callback(progress)


def step(hook: StepHook | None, name: str) -> None:
    if hook is not None:
        hook(name)
