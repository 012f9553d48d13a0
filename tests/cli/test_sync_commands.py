"""``flowdesk pull`` and ``flowdesk publish`` against a real PostgreSQL catalog."""

from __future__ import annotations

import json
import secrets
import time
from pathlib import Path

import pytest
from tests.storage.sync.conftest import memory_keyring, remote_url  # noqa: F401 (fixtures)
from tests.storage.sync.silent_proxy import silent_proxy
from tests.storage.sync.sync_support import (
    document_of,
    edit_node,
    node,
    publish_on_remote,
    start_draft,
    two_step_document,
)
from tests.storage.sync.test_sync_deletions import delete_on_remote
from tests.support.storage import broken_document

from flowdesk.cli.main import main
from flowdesk.model.document import dump
from flowdesk.storage.database import open_database

TENANT, KEY = "acme", "invoice-sync"


def flowdesk(*argv: str) -> int:
    return main(list(argv))


def _pull(workspace: Path, url: str, *extra: str) -> int:
    return flowdesk("pull", "--workspace", str(workspace), "--remote", url, "-q", *extra)


def _publish(workspace: Path, url: str, *extra: str) -> int:
    return flowdesk("publish", "--workspace", str(workspace), "--remote", url,
                    "--tenant", TENANT, "--key", KEY, "-q", *extra)


def _draft(workspace: Path, edit: dict) -> None:
    db = open_database(workspace, upgrade=True)
    try:
        v1 = document_of(db, TENANT, KEY, 1)
        start_draft(db, TENANT, KEY, edit_node(v1, **edit))
    finally:
        db.dispose()


def test_two_authors_publish_v2_then_v3_with_rebase(
    remote_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]  # noqa: F811
) -> None:
    publish_on_remote(remote_url, TENANT, KEY, two_step_document())
    alice, bob = tmp_path / "alice.sqlite", tmp_path / "bob.sqlite"
    assert _pull(alice, remote_url) == 0
    assert "1 version(s)" in capsys.readouterr().out
    assert _pull(bob, remote_url, "--tenant", TENANT) == 0
    _draft(alice, {"node_id": "wait", "name": "Alice's wait"})
    _draft(bob, {"node_id": "notify", "config": {"seconds": 42}})
    capsys.readouterr()

    assert _publish(alice, remote_url) == 0
    assert "published invoice-sync v2" in capsys.readouterr().out

    assert _publish(bob, remote_url) == 3
    out = capsys.readouterr().out
    assert "remote moved on: invoice-sync is at v2, the draft is based on v1" in out
    assert "--rebase" in out

    assert _publish(bob, remote_url, "--rebase") == 0
    assert "published invoice-sync v3 after merging" in capsys.readouterr().out
    db = open_database(bob)
    try:
        v3 = document_of(db, TENANT, KEY, 3)
    finally:
        db.dispose()
    assert node(v3, "wait").name == "Alice's wait"
    assert node(v3, "notify").config == {"seconds": 42}


def test_conflicts_are_listed_and_exit_3_even_with_rebase(
    remote_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]  # noqa: F811
) -> None:
    publish_on_remote(remote_url, TENANT, KEY, two_step_document())
    alice, bob = tmp_path / "alice.sqlite", tmp_path / "bob.sqlite"
    _pull(alice, remote_url)
    _pull(bob, remote_url)
    _draft(alice, {"node_id": "wait", "config": {"seconds": 10}})
    _draft(bob, {"node_id": "wait", "config": {"seconds": 20}})
    assert _publish(alice, remote_url) == 0
    capsys.readouterr()
    assert _publish(bob, remote_url, "--rebase") == 3
    out = capsys.readouterr().out
    assert "the draft is based on v1; 1 conflict\n" in out
    assert "conflict: node wait /config/seconds: changed differently on both sides" in out
    assert "mine 20, theirs 10" in out


def test_a_draft_with_errors_is_refused_with_its_problems(
    remote_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]  # noqa: F811
) -> None:
    publish_on_remote(remote_url, TENANT, KEY, two_step_document())
    ws = tmp_path / "ws.sqlite"
    _pull(ws, remote_url)
    db = open_database(ws)
    try:
        start_draft(db, TENANT, KEY, broken_document())
    finally:
        db.dispose()
    capsys.readouterr()
    assert _publish(ws, remote_url) == 1
    err = capsys.readouterr().err
    assert "refused" in err and "ghost" in err


def test_an_unreachable_remote_exits_4_quickly_without_showing_the_password(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = f"pw-{secrets.token_hex(6)}"
    url = f"postgresql://postgres:{secret}@127.0.0.1:1/catalog"
    started = time.monotonic()
    assert _pull(tmp_path / "ws.sqlite", url) == 4
    assert time.monotonic() - started < 5
    captured = capsys.readouterr()
    assert "cannot reach remote postgresql+psycopg://postgres@127.0.0.1:1/catalog" in captured.err
    assert secret not in captured.err + captured.out
    assert secret.encode() not in b"".join(p.read_bytes() for p in tmp_path.glob("ws.sqlite*"))


def test_publishing_a_workflow_the_workspace_does_not_have_exits_1(
    remote_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]  # noqa: F811
) -> None:
    assert _publish(tmp_path / "ws.sqlite", remote_url) == 1
    assert "no tenant named 'acme'" in capsys.readouterr().err


def test_import_into_a_workspace_bases_the_draft_on_the_pulled_latest_and_publishes(
    remote_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]  # noqa: F811
) -> None:
    publish_on_remote(remote_url, TENANT, KEY, two_step_document())
    ws = tmp_path / "ws.sqlite"
    assert _pull(ws, remote_url) == 0
    file = tmp_path / "edited.json"
    file.write_text(json.dumps(dump(edit_node(two_step_document(), "wait", name="From a file"))))
    capsys.readouterr()
    imp = ("import", str(file), "--workspace", str(ws), "--tenant", TENANT, "--key", KEY)
    assert flowdesk(*imp) == 0
    assert "invoice-sync draft, based on v1" in capsys.readouterr().out
    assert flowdesk(*imp) == 1  # a second import never silently replaces the draft
    assert "--replace-draft" in capsys.readouterr().err
    assert flowdesk(*imp, "--publish") == 1
    assert "flowdesk publish --workspace" in capsys.readouterr().err

    assert _publish(ws, remote_url) == 0
    assert "published invoice-sync v2" in capsys.readouterr().out
    out = tmp_path / "v2.json"
    assert flowdesk("export", "--workspace", str(ws), "--tenant", TENANT, "--key", KEY,
                    "--version", "2", "-o", str(out)) == 0
    assert json.loads(out.read_text())["graph"]["nodes"][1]["name"] == "From a file"


def test_import_and_export_need_exactly_one_of_db_and_workspace(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as both:
        flowdesk("export", "--db", str(tmp_path / "a.sqlite"), "--workspace",
                 str(tmp_path / "b.sqlite"), "--tenant", TENANT, "--key", KEY)
    assert both.value.code == 2
    with pytest.raises(SystemExit) as neither:
        flowdesk("export", "--tenant", TENANT, "--key", KEY)
    assert neither.value.code == 2


def test_pull_names_a_deleted_workflow_and_publish_offers_as_new_or_discard(
    remote_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]  # noqa: F811
) -> None:
    publish_on_remote(remote_url, TENANT, KEY, two_step_document())
    ws = tmp_path / "ws.sqlite"
    assert _pull(ws, remote_url) == 0
    _draft(ws, {"node_id": "wait", "name": "Kept"})
    delete_on_remote(remote_url, KEY)
    capsys.readouterr()

    assert _pull(ws, remote_url) == 0
    out = capsys.readouterr().out
    assert "1 workflow(s) deleted on the remote (1 kept for their drafts)" in out
    assert f"{KEY} (tenant {TENANT}) was deleted on the remote; your draft is kept" in out
    assert "flowdesk publish --as-new" in out

    assert _publish(ws, remote_url) == 5
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--as-new" in err
    assert _publish(ws, remote_url, "--as-new") == 0
    assert f"published {KEY} v1 as a new workflow" in capsys.readouterr().out


def test_pull_discard_deleted_drops_the_kept_workflow(
    remote_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]  # noqa: F811
) -> None:
    publish_on_remote(remote_url, TENANT, KEY, two_step_document())
    ws = tmp_path / "ws.sqlite"
    assert _pull(ws, remote_url) == 0
    _draft(ws, {"node_id": "wait", "name": "Kept"})
    delete_on_remote(remote_url, KEY)
    assert _pull(ws, remote_url) == 0
    capsys.readouterr()
    assert _pull(ws, remote_url, "--discard-deleted") == 0
    assert f"discarded {KEY} (tenant {TENANT})" in capsys.readouterr().out
    assert _publish(ws, remote_url) == 1
    assert KEY in capsys.readouterr().err  # the workflow is gone from the workspace


def test_a_silent_remote_exits_4_after_the_timeout_with_one_line(
    remote_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]  # noqa: F811
) -> None:
    publish_on_remote(remote_url, TENANT, KEY, two_step_document())
    with silent_proxy(silent_from_start=True) as proxy:
        assert _pull(tmp_path / "ws.sqlite", proxy.url(remote_url), "--timeout", "1") == 4
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("flowdesk: error: cannot reach remote")
    assert "timeout" in err
