"""The database itself guards published versions: raw SQL through sqlite3 and psycopg.

No Flowdesk code runs in these statements; only the triggers and the partial
unique index created by the migration stand in the way.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import update
from tests.support.postgres import database_name, dsn
from tests.support.storage import linear_document, unique_name

from flowdesk.storage import dberrors
from flowdesk.storage import repository as repo
from flowdesk.storage.database import Database, open_database
from flowdesk.storage.errors import ImmutableVersion
from flowdesk.storage.schema import WorkflowVersion

Run = Callable[[str, tuple], None]

UPDATES = [
    ("graph", "graph = '{\"nodes\": [], \"edges\": []}'"),
    ("parameter_schema", "parameter_schema = NULL"),
    ("env_config", "env_config = '{}'"),
    ("version", "version = 42"),
    ("workflow_id", "workflow_id = %(other)s"),
    ("id", "id = 'new-id'"),
    ("createdAt", "\"createdAt\" = '2000-01-01 00:00:00'"),
    ("publishedAt", "\"publishedAt\" = NULL"),
]


class RawDb:
    """A migrated database with one published version (v1), one draft and a second workflow."""

    def __init__(self, dialect: str, run: Run, scalar: Callable[[str, tuple], object],
                 errors: tuple[type[BaseException], ...]) -> None:
        self.dialect, self.run, self.scalar, self.errors = dialect, run, scalar, errors


@pytest.fixture
def raw(db: Database) -> Iterator[tuple[RawDb, dict]]:
    """The session's migrated database, a fresh tenant in it, and a raw driver connection."""
    with db.session() as s:
        t = repo.get_or_create_tenant(s, unique_name("raw"))
        wf = repo.create_workflow(s, t.id, "flow", "Flow")
        other = repo.create_workflow(s, t.id, "other", "Other")
        v1 = repo.publish(
            s, t.id, repo.create_draft(s, t.id, wf.id, document=linear_document()).id
        )
        draft = repo.create_draft(s, t.id, wf.id)
    ids = {"tenant": t.id, "workflow": wf.id, "other": other.id, "v1": v1.id, "draft": draft.id}
    url = db.url
    if db.dialect_name == "sqlite":
        conn = sqlite3.connect(url.database, isolation_level=None, timeout=10)
        conn.execute("PRAGMA foreign_keys=ON")

        def run(sql: str, params: tuple = ()) -> None:
            conn.execute(sql.replace("%s", "?"), params)

        def scalar(sql: str, params: tuple = ()) -> object:
            return conn.execute(sql.replace("%s", "?"), params).fetchone()[0]

        with closing(conn):
            yield RawDb("sqlite", run, scalar, (sqlite3.DatabaseError,)), ids
    else:
        pg = psycopg.connect(dsn(database_name(url.database)), autocommit=True)

        def run(sql: str, params: tuple = ()) -> None:
            pg.execute(sql, params)

        def scalar(sql: str, params: tuple = ()) -> object:
            return pg.execute(sql, params).fetchone()[0]

        with pg:
            yield RawDb("postgresql", run, scalar, (psycopg.Error,)), ids


@pytest.mark.parametrize(("column", "assignment"), UPDATES, ids=[u[0] for u in UPDATES])
def test_update_of_a_published_column_is_rejected(raw, column: str, assignment: str) -> None:
    db, ids = raw
    # Not latest, so only the immutability guard can object (a draft may not be latest either).
    db.run("UPDATE workflow_versions SET is_latest = false WHERE id = %s", (ids["v1"],))
    before = db.scalar("SELECT graph FROM workflow_versions WHERE id = %s", (ids["v1"],))
    with pytest.raises(db.errors, match="flowdesk_immutable_version"):
        db.run(
            f"UPDATE workflow_versions SET {assignment.replace('%(other)s', '%s')} WHERE id = %s",
            ((ids["other"],) if "%(other)s" in assignment else ()) + (ids["v1"],),
        )
    assert db.scalar("SELECT graph FROM workflow_versions WHERE id = %s", (ids["v1"],)) == before
    assert db.scalar("SELECT version FROM workflow_versions WHERE id = %s", (ids["v1"],)) == 1


def test_only_is_latest_of_a_published_row_may_change(raw) -> None:
    db, ids = raw
    db.run("UPDATE workflow_versions SET is_latest = false WHERE id = %s", (ids["v1"],))
    db.run("UPDATE workflow_versions SET is_latest = true WHERE id = %s", (ids["v1"],))
    assert db.scalar("SELECT is_latest FROM workflow_versions WHERE id = %s", (ids["v1"],)) in (
        True, 1
    )


def test_delete_of_a_published_row_is_rejected(raw) -> None:
    db, ids = raw
    with pytest.raises(db.errors, match="flowdesk_immutable_version"):
        db.run("DELETE FROM workflow_versions WHERE id = %s", (ids["v1"],))
    assert db.scalar("SELECT count(*) FROM workflow_versions WHERE id = %s", (ids["v1"],)) == 1


def test_deleting_the_workflow_cascades_to_its_published_versions(raw) -> None:
    db, ids = raw
    db.run("DELETE FROM workflows WHERE id = %s", (ids["workflow"],))
    assert db.scalar(
        "SELECT count(*) FROM workflow_versions WHERE workflow_id = %s", (ids["workflow"],)
    ) == 0
    assert db.scalar(
        "SELECT count(*) FROM flowdesk_version_meta WHERE version_id IN (%s, %s)",
        (ids["v1"], ids["draft"]),
    ) == 0


def test_deleting_the_tenant_cascades_all_the_way(raw) -> None:
    db, ids = raw
    db.run("DELETE FROM tenants WHERE id = %s", (ids["tenant"],))
    assert db.scalar(
        "SELECT count(*) FROM workflow_versions WHERE workflow_id IN (%s, %s)",
        (ids["workflow"], ids["other"]),
    ) == 0


def test_drafts_stay_freely_editable_and_deletable(raw) -> None:
    db, ids = raw
    db.run("UPDATE workflow_versions SET graph = '{\"nodes\": []}', version = -7 WHERE id = %s",
           (ids["draft"],))
    db.run("DELETE FROM workflow_versions WHERE id = %s", (ids["draft"],))
    assert db.scalar("SELECT count(*) FROM workflow_versions WHERE id = %s", (ids["draft"],)) == 0


def test_a_draft_cannot_be_latest(raw) -> None:
    db, ids = raw
    with pytest.raises(db.errors, match="flowdesk_draft_not_latest"):
        db.run("UPDATE workflow_versions SET is_latest = true WHERE id = %s", (ids["draft"],))
    with pytest.raises(db.errors, match="flowdesk_draft_not_latest"):
        db.run(
            "INSERT INTO workflow_versions (id, workflow_id, version, graph, is_latest) "
            "VALUES (%s, %s, -50, '{}', true)",
            (unique_name("x"), ids["workflow"]),
        )


def test_two_latest_versions_are_rejected_by_the_partial_unique_index(raw) -> None:
    db, ids = raw
    with pytest.raises(db.errors, match="flowdesk_one_latest_per_workflow|UNIQUE"):
        db.run(
            "INSERT INTO workflow_versions (id, workflow_id, version, graph, is_latest, "
            "\"publishedAt\") VALUES (%s, %s, 2, '{}', true, CURRENT_TIMESTAMP)",
            (unique_name("x"), ids["workflow"]),
        )


def test_the_trigger_error_reaches_callers_as_a_typed_error(tmp_path: Path) -> None:
    """A write that slips past the ORM (Core UPDATE) still ends as ImmutableVersion."""
    db = open_database(tmp_path / "w.sqlite", upgrade=True)
    with db.session() as s:
        t = repo.get_or_create_tenant(s, "t")
        wf = repo.create_workflow(s, t.id, "flow", "Flow")
        v1 = repo.publish(s, t.id, repo.create_draft(s, t.id, wf.id).id)
    with pytest.raises(ImmutableVersion, match="refused by the database"), db.session() as s, \
            dberrors.translated("core update"):
        s.execute(update(WorkflowVersion).where(WorkflowVersion.id == v1.id).values(version=9))
    db.dispose()
