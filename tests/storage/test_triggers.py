"""The database itself guards published versions: raw SQL through sqlite3 and psycopg.

No Flowdesk code runs in these statements; only the triggers (and on SQLite
the partial unique index) created by the migrations stand in the way.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, closing, contextmanager
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
    """A migrated database with published v1 and v2 (latest), one draft and a second workflow."""

    def __init__(self, dialect: str, run: Run, scalar: Callable[[str, tuple], object],
                 errors: tuple[type[BaseException], ...],
                 transaction: Callable[[], AbstractContextManager[object]]) -> None:
        self.dialect, self.run, self.scalar, self.errors = dialect, run, scalar, errors
        self.transaction = transaction

    @property
    def meta_table(self) -> str:
        return "flowdesk.flowdesk_version_meta" if self.dialect == "postgresql" else (
            "flowdesk_version_meta"
        )


@pytest.fixture
def raw(db: Database) -> Iterator[tuple[RawDb, dict]]:
    """The session's migrated database, a fresh tenant in it, and a raw driver connection."""
    with db.session() as s:
        t = repo.get_or_create_tenant(s, unique_name("raw"))
        wf = repo.create_workflow(s, t.id, "flow", "Flow")
        other = repo.create_workflow(s, t.id, "other", "Other")
        v1, v2 = (
            repo.publish(s, t.id, repo.create_draft(s, t.id, wf.id, document=linear_document()).id)
            for _ in range(2)
        )
        draft = repo.create_draft(s, t.id, wf.id)
    ids = {"tenant": t.id, "workflow": wf.id, "other": other.id, "v1": v1.id, "v2": v2.id,
           "draft": draft.id}
    url = db.url
    if db.dialect_name == "sqlite":
        conn = sqlite3.connect(url.database, isolation_level=None, timeout=10)
        conn.execute("PRAGMA foreign_keys=ON")

        def run(sql: str, params: tuple = ()) -> None:
            conn.execute(sql.replace("%s", "?"), params)

        def scalar(sql: str, params: tuple = ()) -> object:
            return conn.execute(sql.replace("%s", "?"), params).fetchone()[0]

        @contextmanager
        def transaction() -> Iterator[None]:
            conn.execute("BEGIN")
            try:
                yield
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

        with closing(conn):
            yield RawDb("sqlite", run, scalar, (sqlite3.DatabaseError,), transaction), ids
    else:
        pg = psycopg.connect(dsn(database_name(url.database)), autocommit=True)

        def run(sql: str, params: tuple = ()) -> None:
            pg.execute(sql, params)

        def scalar(sql: str, params: tuple = ()) -> object:
            return pg.execute(sql, params).fetchone()[0]

        with pg:
            yield RawDb("postgresql", run, scalar, (psycopg.Error,), pg.transaction), ids


@pytest.mark.parametrize(("column", "assignment"), UPDATES, ids=[u[0] for u in UPDATES])
def test_update_of_a_published_column_is_rejected(raw, column: str, assignment: str) -> None:
    db, ids = raw
    # v1 is not latest, so only the immutability guard can object (a draft may not be latest).
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
    with db.transaction():  # roll back to v1: clear v2, then mark v1
        db.run("UPDATE workflow_versions SET is_latest = false WHERE id = %s", (ids["v2"],))
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
        f"SELECT count(*) FROM {db.meta_table} WHERE version_id IN (%s, %s)",
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


def test_a_second_latest_version_is_rejected(raw) -> None:
    db, ids = raw
    with pytest.raises(db.errors, match="flowdesk_one_latest_version"):
        db.run(
            "INSERT INTO workflow_versions (id, workflow_id, version, graph, is_latest, "
            "\"publishedAt\") VALUES (%s, %s, 3, '{}', true, CURRENT_TIMESTAMP)",
            (unique_name("x"), ids["workflow"]),
        )
    assert db.scalar(
        "SELECT count(*) FROM workflow_versions WHERE workflow_id = %s", (ids["workflow"],)
    ) == 3


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


# ------------------------------------------------ the latest pointer (PostgreSQL: at commit)

# Rules of one dialect: the session's ``db`` fixture is narrowed to it.
only_postgresql = pytest.mark.parametrize("db", ["postgresql"], indirect=True)
only_sqlite = pytest.mark.parametrize("db", ["sqlite"], indirect=True)


def _latest(db: RawDb, workflow_id: str) -> list[str]:
    rows = db.scalar(
        "SELECT string_agg(id, ',' ORDER BY id) FROM workflow_versions "
        "WHERE workflow_id = %s AND is_latest" if db.dialect == "postgresql" else
        "SELECT group_concat(id) FROM workflow_versions WHERE workflow_id = %s AND is_latest",
        (workflow_id,),
    )
    return str(rows).split(",") if rows else []


@only_postgresql
@pytest.mark.parametrize("order", ["mark-then-clear", "clear-then-mark"])
def test_postgresql_lets_the_latest_pointer_move_in_either_order(raw, order: str) -> None:
    db, ids = raw
    steps = [
        ("UPDATE workflow_versions SET is_latest = true WHERE id = %s", ids["v1"]),
        ("UPDATE workflow_versions SET is_latest = false WHERE id = %s", ids["v2"]),
    ]
    with db.transaction():
        for sql, version_id in steps if order == "mark-then-clear" else steps[::-1]:
            db.run(sql, (version_id,))
    assert _latest(db, ids["workflow"]) == [ids["v1"]]


@only_postgresql
def test_postgresql_refuses_two_latest_versions_at_commit(raw) -> None:
    db, ids = raw
    with pytest.raises(psycopg.Error, match="flowdesk_one_latest_version: .*only one latest"), \
            db.transaction():
        db.run("UPDATE workflow_versions SET is_latest = true WHERE id = %s", (ids["v1"],))
    assert _latest(db, ids["workflow"]) == [ids["v2"]]


@only_postgresql
def test_postgresql_refuses_to_leave_published_versions_without_a_latest(raw) -> None:
    db, ids = raw
    with pytest.raises(psycopg.Error, match="flowdesk_one_latest_version: .*must keep one"):
        db.run("UPDATE workflow_versions SET is_latest = false WHERE workflow_id = %s",
               (ids["workflow"],))
    assert _latest(db, ids["workflow"]) == [ids["v2"]]


@only_postgresql
def test_postgresql_refuses_truncate_while_published_versions_exist(raw) -> None:
    db, ids = raw
    # (A plain TRUNCATE workflow_versions already fails: flowdesk_version_meta refers to it.)
    for statement in ("TRUNCATE workflow_versions CASCADE", "TRUNCATE workflows CASCADE"):
        with pytest.raises(psycopg.Error, match="flowdesk_immutable_version: .*truncated"):
            db.run(statement)
    assert db.scalar(
        "SELECT count(*) FROM workflow_versions WHERE workflow_id = %s", (ids["workflow"],)
    ) == 3


# ------------------------------------------------ SQLite: REPLACE deletes without delete triggers

_PUBLISHED_ROW = (
    "INTO workflow_versions (id, workflow_id, version, graph, is_latest, \"publishedAt\") "
    "VALUES (%s, %s, %s, '{\"nodes\": []}', %s, CURRENT_TIMESTAMP)"
)


@only_sqlite
@pytest.mark.parametrize(
    ("case", "values"),
    [
        ("same id", lambda ids: (ids["v1"], ids["workflow"], 1, 0)),
        ("same number", lambda ids: (unique_name("x"), ids["workflow"], 1, 0)),
        ("second latest", lambda ids: (unique_name("x"), ids["workflow"], 9, 1)),
    ],
)
def test_sqlite_insert_or_replace_cannot_replace_a_published_version(
    raw, case: str, values: Callable[[dict], tuple]
) -> None:
    db, ids = raw
    before = _snapshot(db, ids["workflow"])
    with pytest.raises(sqlite3.DatabaseError, match="flowdesk_(immutable|one_latest)_version"):
        db.run("INSERT OR REPLACE " + _PUBLISHED_ROW, values(ids))
    assert _snapshot(db, ids["workflow"]) == before, case


@only_sqlite
def test_sqlite_update_or_replace_cannot_replace_a_published_version(raw) -> None:
    db, ids = raw
    before = _snapshot(db, ids["workflow"])
    for assignment in ("version = 1", "id = %s"):
        params = (ids["v1"],) if "%s" in assignment else ()
        with pytest.raises(sqlite3.DatabaseError, match="flowdesk_immutable_version"):
            db.run(f"UPDATE OR REPLACE workflow_versions SET {assignment} WHERE id = %s",
                   (*params, ids["draft"]))
    assert _snapshot(db, ids["workflow"]) == before


@only_sqlite
def test_sqlite_replace_still_rewrites_a_draft(raw) -> None:
    db, ids = raw
    draft_number = db.scalar("SELECT version FROM workflow_versions WHERE id = %s", (ids["draft"],))
    db.run(
        "INSERT OR REPLACE INTO workflow_versions (id, workflow_id, version, graph) "
        "VALUES (%s, %s, %s, '{\"nodes\": [1]}')",
        (ids["draft"], ids["workflow"], draft_number),
    )
    assert db.scalar("SELECT graph FROM workflow_versions WHERE id = %s", (ids["draft"],)) == (
        '{"nodes": [1]}'
    )


def _snapshot(db: RawDb, workflow_id: str) -> list[tuple]:
    return [
        db.scalar(
            "SELECT id || ':' || version || ':' || is_latest || ':' || graph "
            "FROM workflow_versions WHERE workflow_id = %s AND version = %s",
            (workflow_id, number),
        )
        for number in (1, 2)
    ]
