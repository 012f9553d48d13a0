"""``flowdesk pull`` when the remote's name server never answers, or does not know the name:
exit 4 (unreachable) within the connect timeout, one line, and the workspace as it was."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from tests.storage.sync.conftest import memory_keyring, remote_url  # noqa: F401 (fixtures)
from tests.storage.sync.sync_support import edit_node, publish_on_remote, two_step_document
from tests.storage.sync.test_sync_silence import _tables
from tests.support.postgres import HOST, PORT
from tests.support.resolver import FakeResolver, resolver  # noqa: F401 (fixture)

from flowdesk.cli.main import main
from flowdesk.storage.database import open_database
from flowdesk.storage.sync import remote as remote_module

TENANT, KEY = "acme", "invoice-sync"
NAME = "catalog.example.test"


def _pull(workspace: Path, url: str) -> int:
    return main(["pull", "--workspace", str(workspace), "--remote", url, "-q"])


def _snapshot(workspace: Path) -> dict:
    db = open_database(workspace)
    try:
        return _tables(db)
    finally:
        db.dispose()


def test_pull_exits_4_when_the_name_server_hangs_and_changes_nothing(
    resolver: FakeResolver, remote_url: str, tmp_path: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    ws = tmp_path / "ws.sqlite"
    publish_on_remote(remote_url, TENANT, KEY, two_step_document())
    assert _pull(ws, remote_url) == 0
    publish_on_remote(remote_url, TENANT, KEY, edit_node(two_step_document(), "wait", name="v2"))
    before = _snapshot(ws)
    capsys.readouterr()
    monkeypatch.setattr(remote_module, "CONNECT_TIMEOUT_S", 1)  # the bound, shortened for the test
    resolver.hanging.add(NAME)

    started = time.monotonic()
    assert _pull(ws, remote_url.replace(f"{HOST}:{PORT}", f"{NAME}:{PORT}")) == 4
    assert time.monotonic() - started < 3.0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("flowdesk: error: cannot reach remote")
    assert f"could not resolve host '{NAME}' within 1 s" in err
    assert _snapshot(ws) == before


def test_pull_exits_4_naming_an_unknown_host(
    resolver: FakeResolver, remote_url: str, tmp_path: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    resolver.unknown.add("nowhere.example.test")
    url = remote_url.replace(f"{HOST}:{PORT}", f"nowhere.example.test:{PORT}")
    assert _pull(tmp_path / "ws.sqlite", url) == 4
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "could not resolve host 'nowhere.example.test': Name or service not known" in err
