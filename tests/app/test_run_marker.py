"""The run marker tells a crashed run from a clean exit and lists what it saved."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from flowdesk.app.session.run_marker import RunMarker, default_marker_path


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_clean_exit_leaves_nothing_to_report(tmp_path: Path) -> None:
    path = tmp_path / "ws.sqlite.running"
    first = RunMarker(path)
    assert first.claim() is None
    first.record_save("wf-1", "Order approval")
    first.release()
    assert not path.exists()
    assert RunMarker(path).claim() is None


def test_a_marker_left_by_a_dead_process_reports_the_drafts_it_saved(tmp_path: Path) -> None:
    path = tmp_path / "ws.sqlite.running"
    crashed = RunMarker(path)
    crashed.claim()
    crashed.record_save("wf-1", "Order approval")
    crashed.record_save("wf-2", "Customer welcome")
    crashed.record_save("wf-1", "Order approval")  # saved again: listed once
    data = json.loads(path.read_text())
    data["pid"] = _dead_pid()
    path.write_text(json.dumps(data))

    previous = RunMarker(path).claim()
    assert previous is not None
    assert [d.workflow_name for d in previous.drafts] == ["Order approval", "Customer welcome"]
    text = previous.describe()
    assert "did not close normally" in text
    assert "“Order approval”" in text and "“Customer welcome”" in text


def test_a_crash_with_nothing_pending_says_nothing_was_lost(tmp_path: Path) -> None:
    path = tmp_path / "ws.sqlite.running"
    RunMarker(path).claim()
    data = json.loads(path.read_text())
    data["pid"] = _dead_pid()
    path.write_text(json.dumps(data))
    previous = RunMarker(path).claim()
    assert previous is not None and previous.drafts == ()
    assert "nothing was lost" in previous.describe()


def test_a_live_second_instance_is_not_reported_as_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "ws.sqlite.running"
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        path.write_text(json.dumps({"pid": other.pid, "startedAt": "2026-12-05T10:00:00",
                                    "drafts": []}))
        second = RunMarker(path)
        assert second.claim() is None
        assert not second.owned
        second.record_save("wf-1", "x")
        second.release()
        assert json.loads(path.read_text())["pid"] == other.pid  # left to its owner
    finally:
        other.kill()
        other.wait()


def test_file_workspaces_keep_the_marker_beside_the_file(tmp_path: Path) -> None:
    location = str(tmp_path / "team.sqlite")
    assert default_marker_path(location) == Path(location + ".running")
    server = default_marker_path("postgresql://u@db.example/catalog")
    assert server.name.endswith(".json") and "postgresql" not in str(server)
