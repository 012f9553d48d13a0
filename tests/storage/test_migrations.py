"""Migrations: a single head, and the models match the migrated database on both dialects."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from tests.support.storage import DIALECTS, migrated_database

from flowdesk.storage import migrate
from flowdesk.storage.schema import Base

OUR_TABLES = set(Base.metadata.tables)


def _ours(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Compare only the tables these models own (sync keeps its own tables and metadata)."""
    if type_ == "table":
        return name in OUR_TABLES
    table = getattr(obj, "table", None)
    return table is None or table.name in OUR_TABLES


def test_there_is_exactly_one_head() -> None:
    assert len(migrate.head_revisions()) == 1


@pytest.mark.parametrize("dialect", DIALECTS)
def test_models_match_the_migrated_database(dialect: str, tmp_path: Path) -> None:
    with migrated_database(dialect, tmp_path) as db:
        assert db.is_up_to_date()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(
                conn,
                opts={
                    "compare_type": True,
                    "compare_server_default": True,
                    "include_object": _ours,
                    "version_table": migrate.VERSION_TABLE,
                },
            )
            diff = compare_metadata(context, Base.metadata)
    assert diff == []


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
