"""The public schema Flowdesk leaves is Prisma's, and a Prisma-made database is adopted as it is."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text
from tests.storage.catalog import PARTS, schema_catalog, schemas
from tests.support.postgres import database_name, dsn, temporary_database
from tests.support.storage import linear_document

from flowdesk.storage import migrate
from flowdesk.storage import repository as repo
from flowdesk.storage.database import open_database
from flowdesk.storage.errors import SchemaOutOfDate
from flowdesk.storage.metadata import METADATAS
from flowdesk.storage.schema import metadata_for

PRISMA_DDL = Path(__file__).resolve().parents[1] / "data" / "spec" / "prisma-ddl.sql"


def _connect(url: str) -> psycopg.Connection:
    return psycopg.connect(dsn(database_name(url)), autocommit=True)


def _apply_prisma_ddl(url: str) -> None:
    with _connect(url) as conn:
        conn.execute(PRISMA_DDL.read_text(encoding="utf-8"))


#: Flowdesk's triggers on workflow_versions: the only thing Flowdesk adds to ``public``.
#: A trigger belongs to its table, so it cannot live elsewhere; Prisma ignores triggers
#: (``prisma db pull`` and ``prisma migrate diff`` never read them), and the functions
#: they call are in the ``flowdesk`` schema.
FLOWDESK_TRIGGERS = {
    "flowdesk_draft_not_latest",
    "flowdesk_no_truncate",
    "flowdesk_one_latest_version",
    "flowdesk_published_version_guard",
}


def _without_triggers(catalog: dict) -> dict:
    return {part: rows for part, rows in catalog.items() if part != "triggers"}


def test_the_public_schema_of_an_upgraded_database_is_exactly_prismas() -> None:
    with temporary_database("flowdesk_prisma") as prisma_url, \
            temporary_database("flowdesk_ours") as our_url:
        _apply_prisma_ddl(prisma_url)
        open_database(our_url, upgrade=True).dispose()
        with _connect(prisma_url) as prisma, _connect(our_url) as ours:
            expected, actual = schema_catalog(prisma), schema_catalog(ours)
            # Guard against comparing two empty catalogs.
            assert len(expected["columns"]) == 3 + 5 + 8 + 9
            assert len(expected["indexes"]) == 4 + 6  # 4 pkeys + 6 CREATE INDEX
            assert expected["types"] == [("WorkflowStatus", "e", "Draft,Active,Archived")]
            assert expected["triggers"] == [] and expected["functions"] == []
            for part in PARTS:
                if part != "triggers":
                    assert actual[part] == expected[part], part
            assert {name for _table, name, _def in actual["triggers"]} == FLOWDESK_TRIGGERS
            assert all(
                "EXECUTE FUNCTION flowdesk." in definition
                for _table, _name, definition in actual["triggers"]
            )
            assert schemas(ours) - schemas(prisma) == {"flowdesk"}
            flowdesk = schema_catalog(ours, "flowdesk")
            mapped = {
                t.name for t in metadata_for("postgresql", *METADATAS).tables.values()
                if t.schema == "flowdesk"
            }
            assert {"flowdesk_version_meta", "flowdesk_remote", "flowdesk_sync_state"} <= mapped
            assert {name for name, kind in flowdesk["relations"] if kind == "r"} == {
                *mapped, migrate.VERSION_TABLE
            }
            assert {name for name, _args in flowdesk["functions"]} == {
                "guard_published_version", "check_draft_not_latest", "check_one_latest",
                "refuse_truncate",
            }


def test_a_prisma_database_is_adopted_adding_only_flowdesk_objects() -> None:
    with temporary_database("flowdesk_adopt") as url:
        _apply_prisma_ddl(url)
        with _connect(url) as conn:
            conn.execute(
                "INSERT INTO tenants (id, name) VALUES ('t-platform', 'platform');"
                "INSERT INTO workflows (id, tenant_id, key, name, \"updatedAt\") "
                "VALUES ('w-platform', 't-platform', 'made-by-api', 'Made by the API', now());"
                "INSERT INTO workflow_versions (id, workflow_id, version, graph, \"publishedAt\", "
                "is_latest) VALUES ('v-platform', 'w-platform', 1, "
                "'{\"nodes\": [], \"edges\": []}', now(), true)"
            )
            before = schema_catalog(conn)
        db = open_database(url, upgrade=True)
        db.upgrade()  # idempotent
        with _connect(url) as conn:
            after = schema_catalog(conn)
            assert _without_triggers(after) == _without_triggers(before)
            assert {name for _table, name, _def in after["triggers"]} == FLOWDESK_TRIGGERS
        with db.session() as s:
            tenant = repo.find_tenant(s, "platform")
            assert tenant is not None
            wf = repo.get_workflow_by_key(s, tenant.id, "made-by-api")
            assert [v.version for v in repo.list_versions(s, tenant.id, wf.id)] == [1]
            draft = repo.create_draft(s, tenant.id, wf.id, document=linear_document())
            assert repo.publish(s, tenant.id, draft.id).info.version == 2
        db.dispose()
        with _connect(url) as conn, pytest.raises(psycopg.Error, match="flowdesk_immutable"):
            conn.execute("UPDATE workflow_versions SET graph = '{}' WHERE id = 'v-platform'")


def test_opening_without_upgrade_names_the_command(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    with pytest.raises(SchemaOutOfDate, match="flowdesk db upgrade --db"):
        open_database(path)
    open_database(path, upgrade=True).dispose()
    open_database(path).dispose()


def test_sqlite_workspace_has_foreign_keys_wal_and_the_guards(tmp_path: Path) -> None:
    db = open_database(tmp_path / "w.sqlite", upgrade=True)
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    db.dispose()
    with sqlite3.connect(tmp_path / "w.sqlite") as raw:
        names = {r[0] for r in raw.execute("SELECT name FROM sqlite_master")}
        fks = raw.execute("PRAGMA foreign_key_list(workflow_versions)").fetchall()
    assert {"tenants", "connections", "workflows", "workflow_versions"} <= names
    assert {
        "flowdesk_published_version_no_update", "flowdesk_published_version_no_delete",
        "flowdesk_draft_not_latest_insert", "flowdesk_draft_not_latest_update",
        "flowdesk_one_latest_per_workflow", "flowdesk_version_meta",
        "flowdesk_published_version_no_replace_insert",
        "flowdesk_published_version_no_replace_update",
        "flowdesk_one_latest_version_insert", "flowdesk_one_latest_version_update",
        "flowdesk_workflow_versions_summary_idx", "flowdesk_remote", "flowdesk_sync_state",
    } <= names
    assert [(fk[2], fk[3], fk[5], fk[6]) for fk in fks] == [
        ("workflows", "workflow_id", "CASCADE", "CASCADE")
    ]
