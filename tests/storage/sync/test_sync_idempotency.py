"""Publish idempotency is bound to the draft id *and* its content: a crashed publish whose
draft is edited afterwards never records the old content as the new version."""

from __future__ import annotations

from collections.abc import Callable

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
from tests.storage.sync.test_sync_faults import remote_rows

from flowdesk.storage import repository as repo
from flowdesk.storage.database import Database, open_database
from flowdesk.storage.errors import DatabaseUnavailable
from flowdesk.storage.sync.publish import Published, RemoteMovedOn, publish_draft
from flowdesk.storage.sync.pull import pull
from flowdesk.storage.sync.remote import Remote

TENANT, KEY = "acme", "invoice-sync"
Factory = Callable[[str], Database]


def _die_after_commit(step: str) -> None:
    """The process dies right after the remote committed: the reply never arrives."""
    if step == "remote_committed":
        raise DatabaseUnavailable("the process died after the remote commit")


def _edit_draft(ws: Database, name: str) -> None:
    with ws.session() as s:
        t = repo.find_tenant(s, TENANT)
        wf = repo.get_workflow_by_key(s, t.id, KEY)
        draft = repo.get_draft(s, t.id, wf.id)
        repo.save_draft(s, t.id, draft.id, edit_node(draft.document, "wait", name=name))


def _remote_document(remote_url: str, number: int):  # type: ignore[no-untyped-def]
    db = open_database(remote_url)
    try:
        return document_of(db, TENANT, KEY, number)
    finally:
        db.dispose()


def _crashed_publish_then_edit(remote: Remote, remote_url: str, ws: Database) -> str:
    publish_on_remote(remote_url, TENANT, KEY, two_step_document())
    pull(ws, remote)
    v1 = document_of(ws, TENANT, KEY, 1)
    draft_id = start_draft(ws, TENANT, KEY, edit_node(v1, "wait", name="Old content")).id
    with pytest.raises(DatabaseUnavailable):
        publish_draft(ws, remote, TENANT, KEY, on_step=_die_after_commit)
    _edit_draft(ws, "New content")  # the author goes on editing the same draft
    return draft_id


def test_an_edit_after_a_crashed_publish_is_published_as_the_next_version(
    remote: Remote, remote_url: str, make_workspace: Factory
) -> None:
    ws = make_workspace("ws")
    draft_id = _crashed_publish_then_edit(remote, remote_url, ws)

    result = publish_draft(ws, remote, TENANT, KEY)

    assert isinstance(result, Published)
    assert not result.already and "earlier attempt" not in result.message
    assert result.version == 3 and result.version_id != draft_id
    # remote and workspace agree on every version's content
    for number, name in ((2, "Old content"), (3, "New content")):
        assert node(_remote_document(remote_url, number), "wait").name == name
        assert node(document_of(ws, TENANT, KEY, number), "wait").name == name
    assert [(v.version, v.is_latest, v.is_draft) for v in versions_of(ws, TENANT, KEY)] == [
        (3, True, False), (2, False, False), (1, False, False),
    ]
    assert [r[0] for r in remote_rows(remote_url)][1] == draft_id  # v2 kept its id
    [v3, v2, _v1] = versions_of(ws, TENANT, KEY)
    assert v3.based_on_id == v2.id == draft_id
    assert pull(ws, remote).changed == 0  # nothing left to reconcile


def test_a_retry_of_the_same_content_is_a_no_op_returning_the_existing_version(
    remote: Remote, remote_url: str, make_workspace: Factory
) -> None:
    ws = make_workspace("ws")
    publish_on_remote(remote_url, TENANT, KEY, two_step_document())
    pull(ws, remote)
    v1 = document_of(ws, TENANT, KEY, 1)
    draft_id = start_draft(ws, TENANT, KEY, edit_node(v1, "wait", name="Same")).id
    with pytest.raises(DatabaseUnavailable):
        publish_draft(ws, remote, TENANT, KEY, on_step=_die_after_commit)

    retry = publish_draft(ws, remote, TENANT, KEY)

    assert isinstance(retry, Published) and retry.already
    assert (retry.version, retry.version_id) == (2, draft_id)
    assert len(remote_rows(remote_url)) == 2


def test_an_edit_after_a_crashed_publish_meets_a_newer_remote_version_as_a_merge(
    remote: Remote, remote_url: str, make_workspace: Factory
) -> None:
    ws = make_workspace("ws")
    draft_id = _crashed_publish_then_edit(remote, remote_url, ws)
    publish_on_remote(remote_url, TENANT, KEY, edit_node(
        _remote_document(remote_url, 2), "notify", name="Theirs"))  # someone publishes v3

    result = publish_draft(ws, remote, TENANT, KEY)

    assert isinstance(result, RemoteMovedOn)
    assert (result.base_version, result.theirs_version) == (2, 3)
    assert node(result.base, "wait").name == "Old content"
    assert node(result.mine, "wait").name == "New content"
    assert result.merge.is_clean
    assert len(remote_rows(remote_url)) == 3  # nothing of the edited draft was sent
    merged = publish_draft(ws, remote, TENANT, KEY, rebase=True)
    assert isinstance(merged, Published) and merged.version == 4
    v4 = _remote_document(remote_url, 4)
    assert (node(v4, "wait").name, node(v4, "notify").name) == ("New content", "Theirs")
    assert draft_id in {r[0] for r in remote_rows(remote_url)}


def test_a_pull_after_a_crashed_publish_keeps_the_edits_as_a_draft_on_the_published_version(
    remote: Remote, remote_url: str, make_workspace: Factory
) -> None:
    ws = make_workspace("ws")
    draft_id = _crashed_publish_then_edit(remote, remote_url, ws)

    assert pull(ws, remote).versions == 1

    [draft, v2, _v1] = versions_of(ws, TENANT, KEY)
    assert (v2.id, v2.version, v2.is_latest, v2.is_draft) == (draft_id, 2, True, False)
    assert node(document_of(ws, TENANT, KEY, 2), "wait").name == "Old content"
    assert draft.is_draft and draft.based_on_id == draft_id
    with ws.session() as s:
        t = repo.find_tenant(s, TENANT)
        edited = repo.get_draft(s, t.id, draft.workflow_id)
    assert node(edited.document, "wait").name == "New content"
    result = publish_draft(ws, remote, TENANT, KEY)
    assert isinstance(result, Published) and result.version == 3 and not result.already
    assert node(_remote_document(remote_url, 3), "wait").name == "New content"
