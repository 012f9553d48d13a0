"""A small "remote online / offline" badge that checks the remote now and then, off the UI thread.

Each check runs :func:`probe_remote` (bounded by the connect timeout, then by
the profile's own timeout for the catalog check) on the global QThreadPool; the result comes back as a queued signal. A check is never
started while one is still running, so an unreachable server costs one thread
at most and the window never waits on it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from flowdesk.storage.sync.remote import RemoteProfile, RemoteStatus, probe_remote

DEFAULT_INTERVAL_MS = 60_000
COLOURS = {"online": "#1e9e4a", "offline": "#d93025", "checking": "#8c959f",
           "none": "#8c959f"}


class _ProbeSignals(QObject):
    done = Signal(object, object)  # (profile, RemoteStatus)


def _probe(profile: RemoteProfile, password: str | None, signals: _ProbeSignals) -> None:
    """Runs on a pool thread. A plain callable, not a QRunnable subclass: the pool then
    owns no Python wrapper for Qt to delete on its thread while the UI thread's garbage
    collector may be looking at it."""
    try:
        status = probe_remote(profile, password, io_timeout=profile.timeout)
    except Exception as exc:  # noqa: BLE001 - a badge must not crash the app
        status = RemoteStatus(False, f"cannot check the remote: {type(exc).__name__}")
    signals.done.emit(profile, status)


class ReachabilityIndicator(QWidget):
    """A coloured dot and "Remote online" / "Remote offline"; the tooltip says why."""

    status_changed = Signal(str, str)  # state ("online"|"offline"|"checking"|"none"), message

    def __init__(self, password_for: Callable[[RemoteProfile], str | None] | None = None,
                 interval_ms: int = DEFAULT_INTERVAL_MS, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.password_for = password_for or (lambda _p: None)
        self.profile: RemoteProfile | None = None
        self.state = "none"
        self.message = "no remote configured"
        self._running = False
        self._signals = _ProbeSignals()
        self._signals.done.connect(self._on_done)
        self.dot = QLabel("●")
        self.text = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.setSpacing(4)
        layout.addWidget(self.dot)
        layout.addWidget(self.text)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check_now)
        self._show("none", self.message)

    def set_profile(self, profile: RemoteProfile | None) -> None:
        """Follows another remote (or none) and checks it at once."""
        self.profile = profile
        if profile is None:
            self.timer.stop()
            self._show("none", "no remote configured")
            return
        self.timer.start()
        self.check_now()

    def check_now(self) -> bool:
        """Starts a check unless one is running; returns whether one was started."""
        if self.profile is None or self._running:
            return False
        self._running = True
        if self.state in ("none", "checking"):
            self._show("checking", f"checking {self.profile.display_url}…")
        password = self.password_for(self.profile)
        profile, signals = self.profile, self._signals
        QThreadPool.globalInstance().start(lambda: _probe(profile, password, signals))
        return True

    @property
    def is_checking(self) -> bool:
        return self._running

    def _on_done(self, profile: RemoteProfile, status: RemoteStatus) -> None:
        self._running = False
        if profile != self.profile:
            return  # the user switched remotes meanwhile
        self._show("online" if status.reachable else "offline", status.message)

    def _show(self, state: str, message: str) -> None:
        self.state = state
        self.message = message
        self.dot.setStyleSheet(f"color: {COLOURS[state]}")
        self.text.setText({"online": "Remote online", "offline": "Remote offline",
                           "checking": "Checking remote…", "none": "No remote"}[state])
        self.setToolTip(message)
        self.status_changed.emit(state, message)
