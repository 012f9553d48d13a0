"""Migrations: a single head, every model matches the migrated database on both dialects, and
a database made by 0001/0002 upgrades to the platform fit with its data intact."""

from __future__ import annotations

import sqlite3
from contextlib import nullcontext
from pathlib import Path

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from tests.storage.catalog import schema_catalog
from tests.support.postgres import database_name, dsn, temporary_database
from tests.support.storage import DIALECTS, migrated_database

from flowdesk.storage import migrate
from flowdesk.storage import repository as repo
from flowdesk.storage.database import create_flowdesk_engine, database_url, open_database
from flowdesk.storage.errors import SchemaOutOfDate
from flowdesk.storage.metadata import METADATAS
from flowdesk.storage.schema import metadata_for

PRISMA_DDL = Path(__file__).resolve().parents[1] / "data" / "spec" / "prisma-ddl.sql"


def test_there_is_exactly_one_head() -> None:
    assert len(migrate.head_revisions()) == 1


@pytest.mark.parametrize("dialect", DIALECTS)
def test_autogenerate_finds_nothing_to_change_in_a_fresh_database(
    dialect: str, tmp_path: Path
) -> None:
    """What ``alembic revision --autogenerate`` would see: every MetaData env.py knows (the
    storage models and the sync tables) against a database ``flowdesk db upgrade`` made."""
    target = metadata_for(dialect, *METADATAS)
    assert {"workflow_versions", "flowdesk_version_meta", "flowdesk_remote"} <= {
        t.name for t in target.tables.values()
    }
    with migrated_database(dialect, tmp_path) as db:
        assert db.is_up_to_date()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts=migrate.comparison_options(conn))
            diff = compare_metadata(context, target)
    assert diff == []


@pytest.mark.parametrize("dialect", DIALECTS)
def test_autogenerate_would_see_a_table_the_models_lack(dialect: str, tmp_path: Path) -> None:
    """The comparison above can fail: without the sync tables it proposes dropping them."""
    with migrated_database(dialect, tmp_path) as db, db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts=migrate.comparison_options(conn))
        diff = compare_metadata(context, metadata_for(dialect, METADATAS[0]))
    assert any(op[0] == "remove_table" and op[1].name == "flowdesk_remote" for op in diff)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_upgrade_is_idempotent_and_downgrade_keeps_the_prisma_data(
    dialect: str, tmp_path: Path
) -> None:
    with migrated_database(dialect, tmp_path) as db:
        heads = db.upgrade()
        assert heads == db.upgrade() == migrate.head_revisions()
        migrate.downgrade(db.engine, "base")
        with db.engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
        assert {"tenants", "workflows", "workflow_versions", "connections"} <= tables
        assert not {t for t in tables if t.startswith("flowdesk_") and t != migrate.VERSION_TABLE}
        assert db.upgrade() == heads


# ------------------------------------------------ a database made before 0003

_DATA = (
    "INSERT INTO tenants (id, name) VALUES ('t1', 'acme')",
    "INSERT INTO workflows (id, tenant_id, key, name, \"updatedAt\") "
    "VALUES ('w1', 't1', 'flow', 'Flow', CURRENT_TIMESTAMP)",
    "INSERT INTO workflow_versions (id, workflow_id, version, graph, is_latest, \"publishedAt\") "
    "VALUES ('v1', 'w1', 1, '{\"nodes\": []}', false, CURRENT_TIMESTAMP)",
    "INSERT INTO workflow_versions (id, workflow_id, version, graph, is_latest, \"publishedAt\") "
    "VALUES ('v2', 'w1', 2, '{\"nodes\": [2]}', true, CURRENT_TIMESTAMP)",
    "INSERT INTO workflow_versions (id, workflow_id, version, graph) "
    "VALUES ('d1', 'w1', -1, '{\"nodes\": [], \"edges\": []}')",
    "INSERT INTO flowdesk_version_meta (version_id, based_on_id, content_hash) "
    "VALUES ('d1', 'v2', 'hash-d1')",
    "INSERT INTO flowdesk_remote (id, url) VALUES ('r1', 'postgresql://u@host/db')",
    "INSERT INTO flowdesk_sync_state (remote_id, table_name, rows_pulled) "
    "VALUES ('r1', 'workflow_versions', 7)",
)
_CHECKS = {
    "SELECT id, version, is_latest, \"publishedAt\" IS NOT NULL FROM workflow_versions "
    "ORDER BY id": [("d1", -1, False, False), ("v1", 1, False, True), ("v2", 2, True, True)],
    "SELECT version_id, based_on_id, content_hash FROM {flowdesk}flowdesk_version_meta":
        [("d1", "v2", "hash-d1")],
    "SELECT r.url, s.table_name, s.rows_pulled FROM {flowdesk}flowdesk_remote r "
    "JOIN {flowdesk}flowdesk_sync_state s ON s.remote_id = r.id":
        [("postgresql://u@host/db", "workflow_versions", 7)],
}


def _make_0002_database(url: str) -> None:
    """A database exactly as Flowdesk 0002 left it, with data in every table."""
    engine = create_flowdesk_engine(database_url(url))
    try:
        migrate.upgrade(engine, "0002_sync")
    finally:
        engine.dispose()
    if "://" in url:
        with psycopg.connect(dsn(database_name(url)), autocommit=True) as conn:
            # Before 0003 the version table was in public and there was no flowdesk schema.
            conn.execute(f"ALTER TABLE flowdesk.{migrate.VERSION_TABLE} SET SCHEMA public")
            conn.execute("DROP SCHEMA flowdesk")
            for statement in _DATA:
                conn.execute(statement)
    else:
        with sqlite3.connect(url) as conn:
            for statement in _DATA:
                conn.execute(statement)


def _query(url: str, sql: str) -> list[tuple]:
    if "://" in url:
        with psycopg.connect(dsn(database_name(url))) as conn:
            return [tuple(r) for r in conn.execute(sql.format(flowdesk="flowdesk."))]
    with sqlite3.connect(url) as conn:  # booleans come back as 0/1, equal to False/True
        return [tuple(r) for r in conn.execute(sql.format(flowdesk=""))]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_a_database_at_0002_upgrades_with_its_data_intact(dialect: str, tmp_path: Path) -> None:
    with (
        temporary_database("flowdesk_old") if dialect == "postgresql"
        else nullcontext(str(tmp_path / "old.sqlite"))
    ) as url:
        _make_0002_database(url)
        with pytest.raises(SchemaOutOfDate, match="flowdesk db upgrade"):
            open_database(url)
        db = open_database(url, upgrade=True)
        assert db.is_up_to_date()
        for sql, expected in _CHECKS.items():
            assert _query(url, sql) == expected, sql
        with db.session() as s:  # Flowdesk carries on where it was: the draft is still its own
            draft = repo.get_draft(s, "t1", "w1")
            assert draft is not None and draft.info.id == "d1"
            assert draft.info.based_on_id == "v2"
        db.dispose()
        if dialect == "postgresql":
            with psycopg.connect(dsn(database_name(url)), autocommit=True) as conn:
                public = schema_catalog(conn)
            with temporary_database("flowdesk_ddl") as ddl_url, psycopg.connect(
                dsn(database_name(ddl_url)), autocommit=True
            ) as conn:
                conn.execute(PRISMA_DDL.read_text(encoding="utf-8"))
                prisma = schema_catalog(conn)
            for part in prisma:
                if part != "triggers":
                    assert public[part] == prisma[part], part
