"""What the window remembers between runs (``QSettings``): geometry, dock and
splitter state, recent workflows and the theme.

One small typed wrapper so that widgets never spell settings keys and tests can
hand in a ``QSettings`` backed by a temporary file instead of the user's real
configuration.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "Flowdesk"
APPLICATION = "Flowdesk"
MAX_RECENT = 8
THEMES: tuple[str, ...] = ("system", "light", "dark")


@dataclass(frozen=True, slots=True)
class RecentWorkflow:
    """A workflow opened lately: enough to list it and to open it again."""

    workspace: str
    workflow_id: str
    title: str

    def to_value(self) -> str:
        return "\t".join((self.workspace, self.workflow_id, self.title))

    @classmethod
    def from_value(cls, value: str) -> RecentWorkflow | None:
        parts = str(value).split("\t")
        if len(parts) != 3 or not all(parts[:2]):
            return None
        return cls(*parts)


class AppSettings:
    """Typed access to the application's ``QSettings``."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self._s = settings if settings is not None else QSettings(ORGANIZATION, APPLICATION)

    @property
    def qsettings(self) -> QSettings:
        return self._s

    def sync(self) -> None:
        self._s.sync()

    # -------------------------------------------------------------- window state

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._s.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def window_geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    def set_window_geometry(self, data: QByteArray) -> None:
        self._s.setValue("window/geometry", data)

    def window_state(self) -> QByteArray | None:
        """Dock and toolbar layout (``QMainWindow.saveState``)."""
        return self._bytes("window/state")

    def set_window_state(self, data: QByteArray) -> None:
        self._s.setValue("window/state", data)

    def splitter_state(self, name: str) -> QByteArray | None:
        return self._bytes(f"splitters/{name}")

    def set_splitter_state(self, name: str, data: QByteArray) -> None:
        self._s.setValue(f"splitters/{name}", data)

    # ------------------------------------------------------------------ theme

    def theme(self) -> str:
        value = str(self._s.value("appearance/theme", "system"))
        return value if value in THEMES else "system"

    def set_theme(self, theme: str) -> None:
        if theme not in THEMES:
            raise ValueError(f"unknown theme {theme!r}; expected one of {', '.join(THEMES)}")
        self._s.setValue("appearance/theme", theme)

    # ----------------------------------------------------------- recent files

    def recent_workflows(self, workspace: str | None = None) -> list[RecentWorkflow]:
        """Most recent first; only those of ``workspace`` when it is given."""
        raw = self._s.value("recent/workflows", [])
        values = [raw] if isinstance(raw, str) else list(raw or [])
        recents = [r for r in (RecentWorkflow.from_value(v) for v in values) if r is not None]
        if workspace is not None:
            recents = [r for r in recents if r.workspace == workspace]
        return recents

    def add_recent_workflow(self, recent: RecentWorkflow) -> None:
        others = [
            r
            for r in self.recent_workflows()
            if (r.workspace, r.workflow_id) != (recent.workspace, recent.workflow_id)
        ]
        values = [r.to_value() for r in [recent, *others][:MAX_RECENT]]
        self._s.setValue("recent/workflows", values)

    def remove_recent_workflow(self, workspace: str, workflow_id: str) -> None:
        values = [
            r.to_value()
            for r in self.recent_workflows()
            if (r.workspace, r.workflow_id) != (workspace, workflow_id)
        ]
        self._s.setValue("recent/workflows", values)

    def last_workflow(self, workspace: str) -> str | None:
        """The workflow that was open when the window last closed on ``workspace``."""
        recents = self.recent_workflows(workspace)
        return recents[0].workflow_id if recents else None
