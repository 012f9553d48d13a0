"""``publish_draft(activate=True)``: the author's consent makes a workflow Active on its first
published version on the remote (and only then); the workspace mirrors the status."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import psycopg
import pytest
from tests.storage.sync.sync_support import (
    document_of,
    edit_node,
    publish_on_remote,
    start_draft,
    two_step_document,
    versions_of,
)
from tests.storage.sync.test_sync_deletions import delete_on_remote
from tests.support.postgres import database_name, dsn, temporary_database

from flowdesk.storage import repository as repo
from flowdesk.storage.database import Database
from flowdesk.storage.schema import WorkflowStatus
from flowdesk.storage.sync.publish import Published, publish_draft
from flowdesk.storage.sync.pull import pull
from flowdesk.storage.sync.remote import Remote, RemoteProfile, open_remote

TENANT, KEY = "acme", "invoice-sync"
Factory = Callable[[str], Database]
SPEC = Path(__file__).resolve().parents[2] / "data" / "spec"


def remote_workflow(remote_url: str, key: str = KEY) -> tuple[str, datetime]:
    """The remote workflow's status and updatedAt, read as the platform would."""
    with psycopg.connect(dsn(database_name(remote_url))) as conn:
        row = conn.execute(
            'SELECT status::text, "updatedAt" FROM workflows WHERE key = %s', (key,)
        ).fetchone()
    assert row is not None, key
    return row[0], row[1]


def remote_numbers(remote_url: str, key: str = KEY) -> list[tuple[int, bool]]:
    with psycopg.connect(dsn(database_name(remote_url))) as conn:
        return [tuple(r) for r in conn.execute(
            "SELECT v.version, v.is_latest FROM workflow_versions v JOIN workflows w "
            "ON w.id = v.workflow_id WHERE w.key = %s ORDER BY v.version", (key,)
        )]


def local_status(ws: Database, key: str = KEY) -> WorkflowStatus:
    with ws.session() as s:
        t = repo.find_tenant(s, TENANT)
        assert t is not None
        return repo.get_workflow_by_key(s, t.id, key).status


def offline_workflow(ws: Database, key: str = KEY) -> None:
    """A workflow made in the workspace (status Draft) with a valid draft."""
    with ws.session() as s:
        t = repo.get_or_create_tenant(s, TENANT)
        wf = repo.create_workflow(s, t.id, key, "Invoice sync")
        repo.create_draft(s, t.id, wf.id, document=two_step_document())


def test_a_first_publish_with_activate_makes_the_workflow_active_everywhere(
    remote: Remote, remote_url: str, make_workspace: Factory
) -> None:
    ws = make_workspace("ws")
    offline_workflow(ws)

    result = publish_draft(ws, remote, TENANT, KEY, activate=True)

    assert isinstance(result, Published) and result.version == 1 and result.activated
    assert "now Active" in result.message
    assert remote_numbers(remote_url) == [(1, True)]
    status, _updated = remote_workflow(remote_url)
    assert status == "Active"
    assert local_status(ws) == WorkflowStatus.ACTIVE  # the mirror holds the remote's status
    assert pull(ws, remote).changed == 0  # and nothing is left to pull
    other = make_workspace("other")
    pull(other, remote)
    assert local_status(other) == WorkflowStatus.ACTIVE


def test_activate_on_a_workflow_the_platform_made_sets_status_and_updated_at(
    remote: Remote, remote_url: str, make_workspace: Factory
) -> None:
    """The remote already has the workflow (no versions, Draft): pulled, drafted, published."""
    with psycopg.connect(dsn(database_name(remote_url))) as conn:
        conn.execute("INSERT INTO tenants (id, name) VALUES ('t-1', %s)", (TENANT,))
        conn.execute(
            'INSERT INTO workflows (id, tenant_id, key, name, "updatedAt") '
            "VALUES ('w-1', 't-1', %s, 'Made on the platform', '2020-01-01 00:00:00')", (KEY,)
        )
    ws = make_workspace("ws")
    pull(ws, remote)
    assert local_status(ws) == WorkflowStatus.DRAFT
    start_draft(ws, TENANT, KEY, two_step_document())

    result = publish_draft(ws, remote, TENANT, KEY, activate=True)

    assert isinstance(result, Published) and result.version == 1 and result.activated
    status, updated = remote_workflow(remote_url)
    assert status == "Active" and updated > datetime(2020, 1, 2)
    assert local_status(ws) == WorkflowStatus.ACTIVE


def test_activate_on_a_later_version_changes_no_status(
    remote: Remote, remote_url: str, make_workspace: Factory
) -> None:
    ws = make_workspace("ws")
    offline_workflow(ws)
    first = publish_draft(ws, remote, TENANT, KEY)  # no consent: the status stays Draft
    assert isinstance(first, Published) and first.version == 1 and not first.activated
    assert remote_workflow(remote_url)[0] == "Draft"
    assert local_status(ws) == WorkflowStatus.DRAFT

    start_draft(ws, TENANT, KEY, edit_node(two_step_document(), "wait", name="Later"))
    second = publish_draft(ws, remote, TENANT, KEY, activate=True)

    assert isinstance(second, Published) and second.version == 2 and not second.activated
    assert "Active" not in second.message
    assert remote_numbers(remote_url) == [(1, False), (2, True)]
    assert remote_workflow(remote_url)[0] == "Draft"
    assert local_status(ws) == WorkflowStatus.DRAFT


def test_a_first_publish_meeting_someone_elses_v1_does_not_activate(
    remote: Remote, remote_url: str, make_workspace: Factory
) -> None:
    """Another author published v1 meanwhile: the rebased draft is v2, not a first publish."""
    ws = make_workspace("ws")
    offline_workflow(ws)
    publish_on_remote(remote_url, TENANT, KEY, two_step_document())  # the same steps: no conflict
    result = publish_draft(ws, remote, TENANT, KEY, activate=True, rebase=True)
    assert isinstance(result, Published) and result.version == 2 and not result.activated
    assert remote_workflow(remote_url)[0] == "Draft"


def test_publish_as_new_with_activate_makes_the_new_workflow_active(
    remote: Remote, remote_url: str, make_workspace: Factory
) -> None:
    publish_on_remote(remote_url, TENANT, KEY, two_step_document())
    ws = make_workspace("ws")
    pull(ws, remote)
    v1 = document_of(ws, TENANT, KEY, 1)
    start_draft(ws, TENANT, KEY, edit_node(v1, "wait", name="Edited here"))
    delete_on_remote(remote_url, KEY)
    pull(ws, remote)

    result = publish_draft(ws, remote, TENANT, KEY, as_new=True, activate=True)

    assert isinstance(result, Published) and result.as_new and result.version == 1
    assert result.activated
    assert remote_numbers(remote_url) == [(1, True)]
    assert remote_workflow(remote_url)[0] == "Active"
    assert local_status(ws) == WorkflowStatus.ACTIVE
    assert [(v.version, v.is_latest) for v in versions_of(ws, TENANT, KEY)] == [(1, True)]


@pytest.fixture
def prisma_remote() -> Iterator[Remote]:
    """A catalog exactly as Prisma made it (no Flowdesk bookkeeping schema)."""
    with temporary_database("flowdesk_prisma") as url:
        with psycopg.connect(dsn(database_name(url))) as conn:
            conn.execute((SPEC / "prisma-ddl.sql").read_text(encoding="utf-8"))
        opened = open_remote(RemoteProfile(url))
        try:
            yield opened
        finally:
            opened.dispose()


def test_activate_works_on_a_remote_with_only_prismas_schema(
    prisma_remote: Remote, make_workspace: Factory
) -> None:
    ws = make_workspace("ws")
    offline_workflow(ws)
    result = publish_draft(ws, prisma_remote, TENANT, KEY, activate=True)
    assert isinstance(result, Published) and result.version == 1 and result.activated
    url = prisma_remote.profile.url
    assert remote_workflow(url)[0] == "Active"
    assert local_status(ws) == WorkflowStatus.ACTIVE
