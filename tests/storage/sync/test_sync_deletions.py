"""A workflow the platform deletes: pull notices it, keeps a draft with edits, and the author
publishes it as a new workflow or discards it; publish never fails for ever."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
import pytest
from sqlalchemy import delete
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
from flowdesk.storage.errors import DatabaseUnavailable, NotFound
from flowdesk.storage.sync.deletions import (
    MirroredWorkflow,
    deleted_on_remote,
    discard_deleted,
)
from flowdesk.storage.sync.publish import (
    Published,
    RemoteDeleted,
    RemoteMovedOn,
    publish_draft,
)
from flowdesk.storage.sync.pull import pull
from flowdesk.storage.sync.remote import Remote

TENANT, KEY, OTHER = "acme", "invoice-sync", "untouched"
Factory = Callable[[str], Database]


def delete_on_remote(remote_url: str, key: str) -> None:
    """What the platform does: delete the workflow row (its versions cascade)."""
    with psycopg.connect(dsn(database_name(remote_url))) as conn:
        conn.execute("DELETE FROM workflows WHERE key = %s", (key,))


def remote_workflows(remote_url: str) -> list[tuple[str, str, list[int]]]:
    with psycopg.connect(dsn(database_name(remote_url))) as conn:
        rows = conn.execute(
            "SELECT w.id, w.key, array_agg(v.version ORDER BY v.version) FROM workflows w "
            "JOIN workflow_versions v ON v.workflow_id = w.id GROUP BY w.id, w.key ORDER BY w.key"
        ).fetchall()
    return [(r[0], r[1], list(r[2])) for r in rows]


def keys(ws: Database) -> list[str]:
    with ws.session() as s:
        t = repo.find_tenant(s, TENANT)
        return sorted(w.workflow.key for w in repo.list_workflows(s, t.id))


def workflow_id(ws: Database, key: str = KEY) -> str:
    with ws.session() as s:
        t = repo.find_tenant(s, TENANT)
        return repo.get_workflow_by_key(s, t.id, key).id


@pytest.fixture
def pulled(remote: Remote, remote_url: str, make_workspace: Factory) -> Database:
    """A workspace that pulled two workflows and holds an edited draft of KEY."""
    publish_on_remote(remote_url, TENANT, KEY, two_step_document())
    publish_on_remote(remote_url, TENANT, OTHER, two_step_document())
    ws = make_workspace("ws")
    pull(ws, remote)
    v1 = document_of(ws, TENANT, KEY, 1)
    start_draft(ws, TENANT, KEY, edit_node(v1, "wait", name="Edited here"))
    return ws


def test_pull_removes_a_deleted_workflow_and_keeps_one_whose_draft_has_edits(
    pulled: Database, remote: Remote, remote_url: str
) -> None:
    delete_on_remote(remote_url, KEY)
    delete_on_remote(remote_url, OTHER)

    result = pull(pulled, remote)

    assert sorted((d.key, d.kept) for d in result.deleted) == [(KEY, True), (OTHER, False)]
    assert "2 workflow(s) deleted on the remote (1 kept for their drafts)" in result.summary()
    assert keys(pulled) == [KEY]  # the untouched one is gone, the edited one stays
    with pulled.session() as s:
        [kept] = deleted_on_remote(s)
    assert (kept.tenant, kept.key, kept.kept) == (TENANT, KEY, True)
    assert "publish it as a new workflow or discard it" in kept.message
    assert pull(pulled, remote).changed == 0  # reported once, not on every pull


def test_publishing_a_workflow_the_remote_deleted_says_so_instead_of_failing(
    pulled: Database, remote: Remote, remote_url: str
) -> None:
    delete_on_remote(remote_url, KEY)
    pull(pulled, remote)

    result = publish_draft(pulled, remote, TENANT, KEY)

    assert isinstance(result, RemoteDeleted)
    assert "deleted on remote" in result.message and "publish it as a new workflow" in result.message
    assert [w[1] for w in remote_workflows(remote_url)] == [OTHER]  # nothing was sent


def test_a_publish_finds_the_deletion_itself_when_no_pull_came_first(
    pulled: Database, remote: Remote, remote_url: str
) -> None:
    delete_on_remote(remote_url, KEY)

    assert isinstance(publish_draft(pulled, remote, TENANT, KEY), RemoteDeleted)

    assert [w[1] for w in remote_workflows(remote_url)] == [OTHER]
    with pulled.session() as s:
        assert [d.key for d in deleted_on_remote(s)] == [KEY]  # now offered, like after a pull


def test_publish_as_new_creates_a_new_remote_workflow_with_the_draft_as_v1(
    pulled: Database, remote: Remote, remote_url: str, make_workspace: Factory
) -> None:
    old_id = workflow_id(pulled)
    delete_on_remote(remote_url, KEY)
    pull(pulled, remote)

    result = publish_draft(pulled, remote, TENANT, KEY, as_new=True)

    assert isinstance(result, Published) and result.as_new and result.version == 1
    assert "as a new workflow" in result.message
    [(new_id, key, numbers)] = [w for w in remote_workflows(remote_url) if w[1] == KEY]
    assert numbers == [1] and new_id != old_id
    # the workspace mirrors the remote again: same id, only v1, nothing marked
    assert workflow_id(pulled) == new_id
    assert [(v.version, v.is_latest, v.is_draft) for v in versions_of(pulled, TENANT, KEY)] == [
        (1, True, False),
    ]
    assert node(document_of(pulled, TENANT, KEY, 1), "wait").name == "Edited here"
    with pulled.session() as s:
        assert deleted_on_remote(s) == []
    assert pull(pulled, remote).changed == 0
    # and it goes on like any workflow: a new draft publishes as v2
    start_draft(pulled, TENANT, KEY, edit_node(two_step_document(), "wait", name="Then"))
    assert publish_draft(pulled, remote, TENANT, KEY).version == 2  # type: ignore[union-attr]
    other = make_workspace("other")
    pull(other, remote)
    assert node(document_of(other, TENANT, KEY, 1), "wait").name == "Edited here"


def test_publish_as_new_whose_reply_was_lost_is_recognised_on_retry(
    pulled: Database, remote: Remote, remote_url: str
) -> None:
    delete_on_remote(remote_url, KEY)
    pull(pulled, remote)

    def lose_reply(step: str) -> None:
        if step == "remote_committed":
            raise DatabaseUnavailable("the reply was lost")

    with pytest.raises(DatabaseUnavailable):
        publish_draft(pulled, remote, TENANT, KEY, as_new=True, on_step=lose_reply)
    retry = publish_draft(pulled, remote, TENANT, KEY, as_new=True)
    assert isinstance(retry, Published) and retry.already and retry.version == 1
    assert [w[2] for w in remote_workflows(remote_url) if w[1] == KEY] == [[1]]
    assert [v.version for v in versions_of(pulled, TENANT, KEY)] == [1]


def test_discard_drops_the_deleted_workflow_and_pull_does_not_bring_it_back(
    pulled: Database, remote: Remote, remote_url: str
) -> None:
    delete_on_remote(remote_url, KEY)
    pull(pulled, remote)
    wf = workflow_id(pulled)

    with pulled.session() as s:
        discarded = discard_deleted(s, wf)
    assert (discarded.key, discarded.kept) == (KEY, False)
    assert keys(pulled) == [OTHER]
    assert pull(pulled, remote).changed == 0
    with pytest.raises(NotFound), pulled.session() as s:
        discard_deleted(s, workflow_id(pulled, OTHER))  # only deleted ones can be discarded


def test_a_key_re_created_on_the_remote_takes_the_kept_draft_for_a_merge(
    pulled: Database, remote: Remote, remote_url: str
) -> None:
    delete_on_remote(remote_url, KEY)
    pull(pulled, remote)
    publish_on_remote(remote_url, TENANT, KEY, edit_node(two_step_document(), "notify",
                                                         name="Re-created"))

    pull(pulled, remote)

    [draft, v1] = versions_of(pulled, TENANT, KEY)
    assert draft.is_draft and draft.based_on_id is None and v1.version == 1
    assert workflow_id(pulled) == remote_workflows(remote_url)[0][0]
    result = publish_draft(pulled, remote, TENANT, KEY)
    assert isinstance(result, RemoteMovedOn) and result.base_version is None
    assert node(result.mine, "wait").name == "Edited here"
    assert node(result.theirs, "notify").name == "Re-created"


def test_deletions_made_before_the_bookkeeping_existed_are_found_too(
    pulled: Database, remote: Remote, remote_url: str
) -> None:
    """A workspace pulled with an older Flowdesk has no mirror records yet."""
    with pulled.session() as s:
        s.execute(delete(MirroredWorkflow.__table__))
    delete_on_remote(remote_url, KEY)

    result = pull(pulled, remote)

    assert [(d.key, d.kept) for d in result.deleted] == [(KEY, True)]
