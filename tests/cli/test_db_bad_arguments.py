"""Database commands answer out-of-range numbers, bad URLs, non-text names and damaged or
too-new workspaces with one line naming what and where, and leave the file as it was."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from tests.support.storage import linear_document

from flowdesk.cli.main import main
from flowdesk.model.document import dump
from flowdesk.model.graph_limits import LIMITS


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A SQLite workspace with tenant ``acme`` and workflow ``k`` (a draft)."""
    doc = tmp_path / "doc.json"
    doc.write_text(json.dumps(dump(linear_document())), encoding="utf-8")
    path = tmp_path / "ws.db"
    assert main(["import", str(doc), "--db", str(path), "--tenant", "acme", "--key", "k"]) == 0
    return path


def _one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err.strip()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("version", ["99999999999999999999", "0", "-3", "2147483648"])
def test_export_version_out_of_range(workspace: Path, version: str, capsys) -> None:  # type: ignore[no-untyped-def]
    capsys.readouterr()
    argv = ["export", "--db", str(workspace), "--tenant", "acme", "--key", "k"]
    assert main([*argv, "--version", version]) == 1
    assert f"--version must be between 1 and 2,147,483,647, not {version}" in _one_line(capsys)


def test_export_version_of_5000_digits_is_shortened(workspace: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    capsys.readouterr()
    argv = ["export", "--db", str(workspace), "--tenant", "acme", "--key", "k"]
    assert main([*argv, "--version", "9" * 5000]) == 1
    assert "not '9999999999...(5000 digits)'" in _one_line(capsys)


def test_diff_versions_out_of_range(workspace: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    capsys.readouterr()
    assert main(["diff", "--db", str(workspace), "--tenant", "acme", "--key", "k",
                 "--versions", "99999999999999999999,draft"]) == 2
    assert "--versions: 99999999999999999999 is out of range (1 to 2,147,483,647)" in (
        _one_line(capsys))


@pytest.mark.parametrize(("url", "message"), [
    ("postgresql://x:99999/db", "port 99999 is out of range (a port is 1 to 65535)"),
    ("postgresql://u:secret@x:0/db", "port 0 is out of range"),
    ("postgresql://[bad", "'[bad' is not a valid host name or address"),
    ("postgresql://u:secret@ho st/db", "'ho st' is not a valid host name or address"),
    ("postgresql://u:secret@x:abc/db", "not a valid"),
])
@pytest.mark.parametrize("command", ["workflows", "pull"])
def test_bad_ports_and_hosts(tmp_path: Path, url: str, message: str, command: str,
                             capsys) -> None:  # type: ignore[no-untyped-def]
    if command == "pull":
        argv = ["pull", "--workspace", str(tmp_path / "w.db"), "--remote", url, "-q"]
    else:
        argv = ["workflows", "--db", url, "--tenant", "acme"]
    assert main(argv) in (1, 4)
    line = _one_line(capsys)
    assert message in line
    assert "secret" not in line


@pytest.mark.parametrize("argv", [
    ["workflows", "--tenant", "\udc80"],
    ["export", "--tenant", "acme\udcff", "--key", "k"],
    ["export", "--tenant", "acme", "--key", "k\udcff"],
    ["workflows", "--tenant", "acme", "--search", "\udc80x"],
])
def test_names_with_lone_surrogates(workspace: Path, argv: list[str], capsys) -> None:  # type: ignore[no-untyped-def]
    capsys.readouterr()
    assert main([*argv, "--db", str(workspace)]) == 1
    assert "contains a lone surrogate at offset" in _one_line(capsys)


def test_import_with_a_surrogate_tenant(workspace: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    capsys.readouterr()
    assert main(["import", str(tmp_path / "doc.json"), "--workspace", str(workspace),
                 "--tenant", "t\udc80", "--key", "k2"]) == 1
    assert "tenant name: contains a lone surrogate at offset 1" in _one_line(capsys)


def test_a_workspace_from_a_newer_flowdesk_is_refused_untouched(workspace: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    with sqlite3.connect(workspace) as connection:
        connection.execute("UPDATE flowdesk_alembic_version SET version_num = '9999_future'")
    connection.close()
    before = _digest(workspace)
    capsys.readouterr()
    assert main(["workflows", "--workspace", str(workspace), "--tenant", "acme"]) == 1
    line = _one_line(capsys)
    assert str(workspace) in line
    assert "schema revision '9999_future' is unknown to this Flowdesk" in line
    assert _digest(workspace) == before


def test_a_damaged_workspace_is_refused_untouched(workspace: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    data = bytearray(workspace.read_bytes())
    page = 4096
    for start in range(page, len(data), page):  # every page but the header's
        data[start:start + page] = b"\xde\xad" * (page // 2)
    workspace.write_bytes(bytes(data))
    before = _digest(workspace)
    capsys.readouterr()
    assert main(["workflows", "--workspace", str(workspace), "--tenant", "acme"]) == 1
    line = _one_line(capsys)
    assert str(workspace) in line and "malformed" in line
    assert _digest(workspace) == before


def test_damaged_json_stored_in_a_workspace_is_refused_naming_where(workspace: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    with sqlite3.connect(workspace) as connection:
        (graph,) = connection.execute("SELECT graph FROM workflow_versions").fetchone()
        damaged = graph.replace('"edges":', '"edges":[],"edges":', 1)
        connection.execute("UPDATE workflow_versions SET graph = ?", (damaged,))
    connection.close()
    capsys.readouterr()
    assert main(["export", "--db", str(workspace), "--tenant", "acme", "--key", "k",
                 "--version", "draft"]) == 1
    assert _one_line(capsys) == (
        "flowdesk: error: k: the workspace holds damaged JSON: duplicate key 'edges' at /edges"
    )


def test_import_refuses_a_graph_over_the_limits_before_building_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(LIMITS, "nodes", 2)
    doc = tmp_path / "doc.json"
    doc.write_text(json.dumps(dump(linear_document())), encoding="utf-8")
    assert main(["import", str(doc), "--db", str(tmp_path / "w.db"), "--tenant", "acme",
                 "--key", "k"]) == 1
    assert _one_line(capsys) == (
        f"flowdesk: error: {doc}: the graph is too large: 3 nodes (at most 2)"
    )
    assert not (tmp_path / "w.db").exists()
