"""A small file that exists while Flowdesk has a workspace open.

A clean exit removes it; finding one whose process is gone means the last run
crashed (or was killed). Because it also lists the drafts autosaved during that
run, the next start can tell the author exactly what it recovered instead of
leaving them to wonder whether their last edits survived.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import platformdirs


@dataclass(frozen=True, slots=True)
class RecoveredDraft:
    workflow_id: str
    workflow_name: str
    saved_at: datetime


@dataclass(frozen=True, slots=True)
class PreviousRun:
    """What a run that did not exit cleanly left behind."""

    started_at: datetime
    drafts: tuple[RecoveredDraft, ...]

    def describe(self) -> str:
        """One sentence for the author, naming every recovered draft."""
        started = self.started_at.strftime("%H:%M on %d %b")
        if not self.drafts:
            return (f"Flowdesk did not close normally last time (started {started}). "
                    "No edits were waiting to be saved, so nothing was lost.")
        names = ", ".join(f"“{d.workflow_name}” (saved {d.saved_at:%H:%M:%S})"
                          for d in self.drafts)
        return (f"Flowdesk did not close normally last time (started {started}). "
                f"Your autosaved edits are back in the draft of {names}.")


def default_marker_path(location: str) -> Path:
    """Beside a workspace file; under the user's state directory for a server workspace."""
    if "://" not in location and location != ":memory:":
        return Path(f"{location}.running")
    digest = hashlib.sha256(location.encode()).hexdigest()[:16]
    folder = Path(platformdirs.user_state_dir("Flowdesk", appauthor=False))
    return folder / "running" / f"{digest}.json"


def _process_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # somebody else's process holds that pid
        return True
    return True


class RunMarker:
    """Claims a workspace for this process and records which drafts it saved."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.owned = False
        self._started_at = datetime.now()
        self._drafts: dict[str, RecoveredDraft] = {}

    @classmethod
    def for_workspace(cls, location: str) -> RunMarker:
        return cls(default_marker_path(location))

    def claim(self) -> PreviousRun | None:
        """Take the marker; return the crashed run it replaces, if any.

        When another live Flowdesk holds the workspace the marker is left to it
        (and nothing is reported): that run has not crashed.
        """
        previous = self._read()
        if previous is not None:
            pid, run = previous
            if pid != os.getpid() and _process_alive(pid):
                return None
        self.owned = True
        self._write()
        return previous[1] if previous is not None else None

    def record_save(self, workflow_id: str, workflow_name: str) -> None:
        if not self.owned:
            return
        self._drafts[workflow_id] = RecoveredDraft(workflow_id, workflow_name, datetime.now())
        self._write()

    def release(self) -> None:
        """A clean exit: the next start has nothing to report."""
        if self.owned:
            self.path.unlink(missing_ok=True)
            self.owned = False

    # ------------------------------------------------------------ file

    def _write(self) -> None:
        payload = {
            "pid": os.getpid(),
            "startedAt": self._started_at.isoformat(),
            "drafts": [{"workflowId": d.workflow_id, "workflowName": d.workflow_name,
                        "savedAt": d.saved_at.isoformat()} for d in self._drafts.values()],
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(self.path.name + ".tmp")
            temporary.write_text(json.dumps(payload), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:
            # A read-only folder must not stop editing; only the crash report is lost.
            self.owned = False

    def _read(self) -> tuple[int, PreviousRun] | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            drafts = tuple(
                RecoveredDraft(str(d["workflowId"]), str(d["workflowName"]),
                               datetime.fromisoformat(d["savedAt"]))
                for d in data.get("drafts", []))
            return int(data["pid"]), PreviousRun(datetime.fromisoformat(data["startedAt"]),
                                                 drafts)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            # Unreadable: a crash happened mid-write; say so without details.
            return 0, PreviousRun(datetime.now(), ())
