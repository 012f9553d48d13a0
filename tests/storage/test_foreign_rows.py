"""Publishing to the shared catalog leaves the rows other clients wrote as they were.

The platform's API may keep a draft in ``workflow_versions`` numbered as the next
version. Publishing from a workspace (sync) takes the number after it and never
renumbers or changes that row; the local publish path is tested in test_versions.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from tests.support.postgres import database_name, dsn
from tests.support.storage import linear_document
from tests.support.sync import memory_keyring, migrated_remote  # noqa: F401 (fixture)

from flowdesk.storage.database import open_database
from flowdesk.storage.sync.mirror import import_as_draft
from flowdesk.storage.sync.publish import Published, publish_draft
from flowdesk.storage.sync.remote import Remote, RemoteProfile, open_remote

API_DRAFT = "api-draft-of-flow"


@pytest.fixture
def remote() -> Iterator[tuple[Remote, str]]:
    with migrated_remote("flowdesk_foreign") as url:
        opened = open_remote(RemoteProfile(url))
        try:
            yield opened, url
        finally:
            opened.dispose()


def _api_row(url: str) -> tuple:
    with psycopg.connect(dsn(database_name(url))) as conn:
        return conn.execute(
            'SELECT version, graph, is_latest, "createdAt", "publishedAt" '
            "FROM workflow_versions WHERE id = %s", (API_DRAFT,)
        ).fetchone()


def test_publishing_to_the_remote_skips_the_number_an_api_draft_holds(
    remote: tuple[Remote, str], tmp_path: Path
) -> None:
    catalog, url = remote
    workspace = open_database(tmp_path / "w.sqlite", upgrade=True)
    try:
        with workspace.session() as s:
            import_as_draft(s, "acme", "flow", linear_document("one"))
        first = publish_draft(workspace, catalog, "acme", "flow")
        assert isinstance(first, Published) and first.version == 1
        with psycopg.connect(dsn(database_name(url)), autocommit=True) as conn:
            conn.execute(
                'INSERT INTO workflow_versions (id, workflow_id, version, graph, "createdAt") '
                "SELECT %s, workflow_id, 2, '{\"nodes\": [], \"madeBy\": \"api\"}', now() "
                "FROM workflow_versions WHERE id = %s",
                (API_DRAFT, first.version_id),
            )
        before = _api_row(url)
        with workspace.session() as s:
            import_as_draft(s, "acme", "flow", linear_document("two"))
        second = publish_draft(workspace, catalog, "acme", "flow")
        assert isinstance(second, Published) and second.version == 3
        assert _api_row(url) == before
    finally:
        workspace.dispose()
