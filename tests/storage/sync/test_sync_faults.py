"""Faults in the middle of a publish or a pull: all-or-nothing remotely, nothing lost locally."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
import pytest
from tests.storage.sync.sync_support import (
    document_of,
    edit_node,
    node,
    publish_on_remote,
    start_draft,
    two_step_document,
    versions_of,
)
from tests.support.postgres import database_name, dsn

from flowdesk.storage import repository as repo
from flowdesk.storage.database import Database
from flowdesk.storage.errors import DatabaseUnavailable
from flowdesk.storage.sync.progress import Cancelled, CancelToken, Progress
from flowdesk.storage.sync.publish import Published, publish_draft
from flowdesk.storage.sync.pull import pull
from flowdesk.storage.sync.remote import Remote

TENANT, KEY = "acme", "invoice-sync"
Factory = Callable[[str], Database]


def kill_remote_sessions(remote_url: str) -> int:
    """What an admin (or a dying server) does: terminate every other backend of the database."""
    with psycopg.connect(dsn(database_name(remote_url)), autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    return len(rows)


def remote_rows(remote_url: str) -> list[tuple[str, int, bool]]:
    with psycopg.connect(dsn(database_name(remote_url))) as conn:
        return conn.execute(
            'SELECT id, version, is_latest FROM workflow_versions ORDER BY version'
        ).fetchall()


def _pulled_with_draft(remote: Remote, remote_url: str, ws: Database) -> str:
    publish_on_remote(remote_url, TENANT, KEY, two_step_document())
    pull(ws, remote)
    v1 = document_of(ws, TENANT, KEY, 1)
    return start_draft(ws, TENANT, KEY, edit_node(v1, "wait", name="Edited offline")).id


def _draft(ws: Database) -> object:
    with ws.session() as s:
        t = repo.find_tenant(s, TENANT)
        wf = repo.get_workflow_by_key(s, t.id, KEY)
        return repo.get_draft(s, t.id, wf.id)


def test_connection_killed_before_the_commit_publishes_nothing_and_a_retry_works(
    remote: Remote, remote_url: str, make_workspace: Factory
) -> None:
    ws = make_workspace("ws")
    draft_id = _pulled_with_draft(remote, remote_url, ws)
    before = _draft(ws)

    def kill(step: str) -> None:
        if step == "version_inserted":
            assert kill_remote_sessions(remote_url) >= 1

    with pytest.raises(DatabaseUnavailable, match="publishing again is safe"):
        publish_draft(ws, remote, TENANT, KEY, on_step=kill)
    assert [r[1:] for r in remote_rows(remote_url)] == [(1, True)]  # none of v2
    assert _draft(ws) == before  # the local draft is intact

    result = publish_draft(ws, remote, TENANT, KEY)
    assert isinstance(result, Published) and result.version == 2 and not result.already
    assert remote_rows(remote_url)[1] == (draft_id, 2, True)
    assert len(remote_rows(remote_url)) == 2


def test_a_lost_reply_after_the_commit_is_recognised_by_the_draft_id(
    remote: Remote, remote_url: str, make_workspace: Factory
) -> None:
    ws = make_workspace("ws")
    draft_id = _pulled_with_draft(remote, remote_url, ws)

    def lose_reply(step: str) -> None:
        if step == "remote_committed":
            kill_remote_sessions(remote_url)
            raise DatabaseUnavailable("the reply was lost")

    with pytest.raises(DatabaseUnavailable):
        publish_draft(ws, remote, TENANT, KEY, on_step=lose_reply)
    assert remote_rows(remote_url)[-1] == (draft_id, 2, True)  # it did commit remotely
    assert _draft(ws) is not None  # ... but the workspace still holds the draft

    retry = publish_draft(ws, remote, TENANT, KEY)
    assert isinstance(retry, Published) and retry.already and retry.version == 2
    assert len(remote_rows(remote_url)) == 2  # no duplicate
    assert _draft(ws) is None
    assert [(v.id, v.version, v.is_latest) for v in versions_of(ws, TENANT, KEY)][0] == (
        draft_id, 2, True,
    )


def test_a_pull_also_settles_a_draft_whose_publish_reply_was_lost(
    remote: Remote, remote_url: str, make_workspace: Factory
) -> None:
    ws = make_workspace("ws")
    draft_id = _pulled_with_draft(remote, remote_url, ws)

    def lose_reply(step: str) -> None:
        if step == "remote_committed":
            raise DatabaseUnavailable("the reply was lost")

    with pytest.raises(DatabaseUnavailable):
        publish_draft(ws, remote, TENANT, KEY, on_step=lose_reply)
    assert pull(ws, remote).versions == 1
    [v2, v1] = versions_of(ws, TENANT, KEY)
    assert (v2.id, v2.version, v2.is_latest, v2.is_draft) == (draft_id, 2, True, False)
    assert not v1.is_latest


def _remote_with_versions(remote_url: str, count: int) -> None:
    doc = two_step_document()
    for i in range(count):
        publish_on_remote(remote_url, TENANT, KEY, edit_node(doc, "wait", name=f"Wait {i + 1}"))


def test_connection_killed_in_the_middle_of_a_pull_keeps_whole_batches_and_drafts(
    remote: Remote, remote_url: str, make_workspace: Factory
) -> None:
    _remote_with_versions(remote_url, 7)
    ws = make_workspace("ws")
    with ws.session() as s:  # an offline draft of another workflow must survive
        t = repo.get_or_create_tenant(s, TENANT)
        wf = repo.create_workflow(s, t.id, "offline-only", "Offline")
        offline = repo.create_draft(s, t.id, wf.id, document=two_step_document())

    def kill_after_first_batch(step: str) -> None:
        if step == "versions_batch_saved":
            kill_remote_sessions(remote_url)

    with pytest.raises(DatabaseUnavailable, match=r"3 version\(s\) were saved; pull again"):
        pull(ws, remote, batch_size=3, on_step=kill_after_first_batch)
    saved = versions_of(ws, TENANT, KEY)
    assert sorted(v.version for v in saved) == [1, 2, 3]

    result = pull(ws, remote, batch_size=3)
    assert result.versions == 4
    numbers = [v.version for v in versions_of(ws, TENANT, KEY)]
    assert numbers == [7, 6, 5, 4, 3, 2, 1]
    assert [v.version for v in versions_of(ws, TENANT, KEY) if v.is_latest] == [7]
    assert node(document_of(ws, TENANT, KEY, 7), "wait").name == "Wait 7"
    with ws.session() as s:  # the offline tenant was adopted (it now has the remote's id)
        adopted = repo.find_tenant(s, TENANT)
        assert adopted is not None and adopted.id != t.id
        kept = repo.get_draft(s, adopted.id, wf.id)
    assert kept is not None and kept.id == offline.id and kept.document == two_step_document()


def test_a_cancelled_pull_keeps_what_it_saved_and_the_next_pull_finishes(
    remote: Remote, remote_url: str, make_workspace: Factory
) -> None:
    _remote_with_versions(remote_url, 5)
    ws = make_workspace("ws")
    token = CancelToken()
    seen: list[Progress] = []

    def on_progress(p: Progress) -> None:
        seen.append(p)
        if p.stage == "versions" and p.done >= 2:
            token.cancel()

    with pytest.raises(Cancelled, match="2 of 5 saved"):
        pull(ws, remote, batch_size=2, progress=on_progress, cancel=token)
    assert [p.done for p in seen if p.stage == "versions"] == [0, 2]
    assert {p.total for p in seen if p.stage == "versions"} == {5}
    assert len(versions_of(ws, TENANT, KEY)) == 2
    assert pull(ws, remote).versions == 3
    assert pull(ws, remote).changed == 0  # incremental: nothing new, nothing rewritten


def test_a_cancel_before_the_remote_commit_publishes_nothing(
    remote: Remote, remote_url: str, make_workspace: Factory
) -> None:
    ws = make_workspace("ws")
    _pulled_with_draft(remote, remote_url, ws)
    token = CancelToken()

    def cancel_late(step: str) -> None:
        if step == "version_inserted":
            token.cancel()

    with pytest.raises(Cancelled, match="nothing was published"):
        publish_draft(ws, remote, TENANT, KEY, cancel=token, on_step=cancel_late)
    assert [r[1:] for r in remote_rows(remote_url)] == [(1, True)]
    assert _draft(ws) is not None
