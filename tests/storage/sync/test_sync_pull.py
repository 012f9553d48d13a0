"""Pulling into the workspace mirror: incremental, scoped to a tenant, never touching drafts."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import insert, select, update
from tests.storage.sync.sync_support import (
    edit_node,
    publish_on_remote,
    two_step_document,
    versions_of,
)
from tests.support.storage import DIALECTS, migrated_database

from flowdesk.storage import migrate
from flowdesk.storage import repository as repo
from flowdesk.storage.database import Database, open_database
from flowdesk.storage.errors import NotFound
from flowdesk.storage.schema import Connection, Tenant, metadata_for
from flowdesk.storage.sync.mirror import MirrorConflict, list_remotes
from flowdesk.storage.sync.publish import RemoteMovedOn, publish_draft
from flowdesk.storage.sync.pull import pull
from flowdesk.storage.sync.remote import Remote
from flowdesk.storage.sync.tables import SyncBase, SyncState

Factory = Callable[[str], Database]


def _on_remote(remote_url: str) -> Database:
    return open_database(remote_url)


def test_a_second_pull_fetches_only_what_was_published_since(
    remote: Remote, remote_url: str, make_workspace: Factory
) -> None:
    doc = two_step_document()
    publish_on_remote(remote_url, "acme", "flow-a", doc)
    publish_on_remote(remote_url, "acme", "flow-b", doc)
    ws = make_workspace("ws")
    first = pull(ws, remote)
    assert (first.tenants, first.workflows, first.versions) == (1, 2, 2)
    assert pull(ws, remote).changed == 0
    assert "already up to date" in pull(ws, remote).summary()

    publish_on_remote(remote_url, "acme", "flow-b", edit_node(doc, "wait", name="Later"))
    again = pull(ws, remote)
    assert (again.versions, again.tenants) == (1, 0)
    assert [(v.version, v.is_latest) for v in versions_of(ws, "acme", "flow-b")] == [
        (2, True), (1, False),
    ]
    with ws.session() as s:
        state = s.scalars(
            select(SyncState).where(SyncState.table_name == "workflow_versions")
        ).one()
    assert state.rows_pulled == 3 and state.high_water is not None
    with ws.session() as s:
        [known] = list_remotes(s)
    assert known.url == remote.profile.url and known.last_pull_at is not None
    assert known.last_publish_at is None


def test_pull_can_be_limited_to_one_tenant(
    remote: Remote, remote_url: str, make_workspace: Factory
) -> None:
    publish_on_remote(remote_url, "acme", "flow", two_step_document())
    publish_on_remote(remote_url, "globex", "flow", two_step_document())
    ws = make_workspace("ws")
    result = pull(ws, remote, tenant="globex")
    assert (result.tenants, result.versions) == (1, 1)
    with ws.session() as s:
        assert [t.name for t in repo.list_tenants(s)] == ["globex"]
    with pytest.raises(NotFound, match="no tenant named 'initech'"):
        pull(ws, remote, tenant="initech")
    assert pull(ws, remote).versions == 1  # the full pull brings acme too


def test_metadata_changes_and_a_moved_latest_flag_are_pulled(
    remote: Remote, remote_url: str, make_workspace: Factory
) -> None:
    doc = two_step_document()
    publish_on_remote(remote_url, "acme", "flow", doc)
    publish_on_remote(remote_url, "acme", "flow", edit_node(doc, "wait", name="Two"))
    ws = make_workspace("ws")
    pull(ws, remote)
    shared = _on_remote(remote_url)
    try:
        with shared.session() as s:
            t = repo.find_tenant(s, "acme")
            wf = repo.get_workflow_by_key(s, t.id, "flow")
            repo.update_workflow(s, t.id, wf.id, name="Renamed flow")
            repo.make_latest(s, t.id, repo.get_version_by_number(s, t.id, wf.id, 1).id)
    finally:
        shared.dispose()
    result = pull(ws, remote)
    assert (result.workflows, result.latest_moved, result.versions) == (1, 1, 0)
    with ws.session() as s:
        t = repo.find_tenant(s, "acme")
        assert repo.get_workflow_by_key(s, t.id, "flow").name == "Renamed flow"
    assert [(v.version, v.is_latest) for v in versions_of(ws, "acme", "flow")] == [
        (2, False), (1, True),
    ]


def test_a_workflow_made_offline_with_a_key_taken_remotely_is_adopted_with_its_draft(
    remote: Remote, remote_url: str, make_workspace: Factory
) -> None:
    publish_on_remote(remote_url, "acme", "flow", two_step_document())
    ws = make_workspace("ws")
    mine = edit_node(two_step_document(), "notify", name="Mine")
    with ws.session() as s:
        t = repo.get_or_create_tenant(s, "acme")
        wf = repo.create_workflow(s, t.id, "flow", "Made offline")
        draft = repo.create_draft(s, t.id, wf.id, document=mine)
    pull(ws, remote)
    [v1_draft, v1] = versions_of(ws, "acme", "flow")
    assert v1_draft.id == draft.id and v1_draft.is_draft and v1.version == 1
    # The draft was based on nothing, so publishing asks for a merge with v1.
    result = publish_draft(ws, remote, "acme", "flow")
    assert isinstance(result, RemoteMovedOn) and result.base_version is None
    assert result.mine == mine


@pytest.mark.parametrize("dialect", DIALECTS)
def test_the_sync_tables_match_their_migration(dialect: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ours = {t.name for t in SyncBase.metadata.tables.values()}  # schema "flowdesk" on PG
    assert "flowdesk_remote" in ours

    def include(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
        table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", None)
        return table in ours

    with migrated_database(dialect, tmp_path) as db, db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={
            **migrate.comparison_options(conn), "include_object": include,
        })
        assert compare_metadata(context, metadata_for(dialect, SyncBase.metadata)) == []


def test_two_remote_tenants_with_one_name_stay_two_and_an_offline_one_joins_only_once(
    remote: Remote, remote_url: str, make_workspace: Factory
) -> None:
    shared = _on_remote(remote_url)
    try:
        with shared.session() as s:  # names are not unique in the platform's schema
            s.execute(insert(Tenant.__table__), [
                {"id": "tenant-one", "name": "acme"}, {"id": "tenant-two", "name": "acme"},
            ])
    finally:
        shared.dispose()
    ws = make_workspace("ws")
    with ws.session() as s:
        offline = repo.get_or_create_tenant(s, "acme")
    assert pull(ws, remote).tenants == 2
    with ws.session() as s:
        ids = sorted(t.id for t in repo.list_tenants(s))
    assert ids == ["tenant-one", "tenant-two"]  # the offline tenant became one of them
    assert offline.id not in ids
    assert pull(ws, remote).changed == 0


def test_connections_are_mirrored_and_renames_follow(
    remote: Remote, remote_url: str, make_workspace: Factory
) -> None:
    publish_on_remote(remote_url, "acme", "flow", two_step_document())
    shared = _on_remote(remote_url)
    try:
        with shared.session() as s:
            tenant_id = repo.find_tenant(s, "acme").id
            s.execute(insert(Connection.__table__).values(
                id="conn-crm", tenant_id=tenant_id, name="crm", type="http"
            ))
    finally:
        shared.dispose()
    ws = make_workspace("ws")
    assert pull(ws, remote).connections == 1
    shared = _on_remote(remote_url)
    try:
        with shared.session() as s:
            s.execute(update(Connection.__table__).values(name="crm-eu"))
    finally:
        shared.dispose()
    assert pull(ws, remote).connections == 1
    with ws.session() as s:
        rows = s.execute(select(Connection.__table__.c.id, Connection.__table__.c.name)).all()
    assert [tuple(r) for r in rows] == [("conn-crm", "crm-eu")]


def test_a_workspace_that_published_on_its_own_is_not_silently_overwritten(
    remote: Remote, remote_url: str, make_workspace: Factory
) -> None:
    publish_on_remote(remote_url, "acme", "flow", two_step_document())
    ws = make_workspace("ws")
    with ws.session() as s:
        t = repo.get_or_create_tenant(s, "acme")
        wf = repo.create_workflow(s, t.id, "flow", "Local flow")
        draft = repo.create_draft(s, t.id, wf.id, document=two_step_document())
        repo.publish(s, t.id, draft.id)  # published into the workspace itself, not the remote
    with pytest.raises(MirrorConflict, match="'flow' exists in the workspace with published"):
        pull(ws, remote)
    [local] = versions_of(ws, "acme", "flow")
    assert local.id == draft.id and local.version == 1  # untouched
