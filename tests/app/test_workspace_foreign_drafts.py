"""A server workspace on the shared catalog never opens another client's draft for editing."""

from __future__ import annotations

import psycopg
from tests.support.postgres import database_name, dsn, temporary_database

from flowdesk.app.session import Workspace


def test_a_workflow_with_only_an_api_draft_opens_a_flowdesk_copy_of_it() -> None:
    with temporary_database("flowdesk_ws_api") as url:
        workspace = Workspace.open(url, seed=False)
        try:
            with psycopg.connect(dsn(database_name(url)), autocommit=True) as conn:
                conn.execute(
                    "INSERT INTO workflows (id, tenant_id, key, name, \"updatedAt\") "
                    "VALUES ('w-api', %s, 'made-by-api', 'Made by the API', now())",
                    (workspace.tenant_id,),
                )
                conn.execute(
                    "INSERT INTO workflow_versions (id, workflow_id, version, graph) "
                    "VALUES ('v-api', 'w-api', 1, '{\"nodes\": [], \"edges\": []}')"
                )
            opened = workspace.version_to_open("w-api")
            assert opened.is_draft and opened.info.id != "v-api"
            assert opened.info.version < 0  # Flowdesk's own provisional number
            with psycopg.connect(dsn(database_name(url))) as conn:
                assert conn.execute(
                    "SELECT version, graph FROM workflow_versions WHERE id = 'v-api'"
                ).fetchone() == (1, {"nodes": [], "edges": []})
            assert workspace.version_to_open("w-api").info.id == opened.info.id  # reused
        finally:
            workspace.close()
