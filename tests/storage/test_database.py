"""Opening databases: what the user may type for --db, and clear errors for the rest."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from tests.support.storage import unique_name

from flowdesk.storage import repository as repo
from flowdesk.storage.database import Database, database_url, open_database
from flowdesk.storage.errors import DatabaseUnavailable, NotFound, StorageError


def test_paths_mean_sqlite_and_bare_postgresql_gets_psycopg(tmp_path: Path) -> None:
    assert database_url(tmp_path / "w.sqlite").get_backend_name() == "sqlite"
    assert database_url("relative/w.db").database == "relative/w.db"
    assert database_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert database_url("postgresql+psycopg://u@h/db").drivername == "postgresql+psycopg"


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("mysql://u@h/db", "unsupported database 'mysql'"),
        (":memory:", "in-memory"),
        ("postgresql+psycopg://postgres@127.0.0.1:1/none", "cannot open database"),
    ],
)
def test_unusable_targets_are_clear_errors(target: str, message: str) -> None:
    with pytest.raises(DatabaseUnavailable, match=message):
        open_database(target, upgrade=True)


def test_a_file_that_is_not_a_database_is_named(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not sqlite at all, just text " * 100, encoding="utf-8")
    with pytest.raises(DatabaseUnavailable, match="notes.txt"):
        open_database(path, upgrade=True)


def test_the_password_never_appears_in_messages() -> None:
    with pytest.raises(DatabaseUnavailable) as info:
        open_database("postgresql+psycopg://postgres:s3cr3t-pw@127.0.0.1:1/x", upgrade=True)
    assert "s3cr3t-pw" not in str(info.value)


def test_a_failed_unit_of_work_leaves_nothing_behind(db: Database) -> None:
    name = unique_name()
    with pytest.raises(RuntimeError), db.session() as s:
        repo.get_or_create_tenant(s, name)
        raise RuntimeError("boom")
    with db.session() as s:
        assert repo.find_tenant(s, name) is None


def test_connections_are_listed_per_tenant(db: Database) -> None:
    with db.session() as s:
        a = repo.get_or_create_tenant(s, unique_name())
        b = repo.get_or_create_tenant(s, unique_name())
        crm = repo.create_connection(s, a.id, "CRM 'prod' 🚀", "http")
        repo.create_connection(s, b.id, "Other", "sql")
    with db.session() as s:
        assert repo.list_connections(s, a.id) == [crm]
        with pytest.raises(StorageError, match="already exists"):
            repo.create_connection(s, a.id, "CRM 'prod' 🚀", "http")
        with pytest.raises(NotFound):
            repo.create_connection(s, "no-such-tenant", "x", "http")


TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1
).filter(lambda t: t.strip())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=TEXT, description=st.none() | TEXT)
def test_any_text_round_trips(db: Database, name: str, description: str | None) -> None:
    with db.session() as s:
        tenant = repo.get_or_create_tenant(s, unique_name())
        wf = repo.create_workflow(s, tenant.id, "any", name, description)
    with db.session() as s:
        back = repo.get_workflow(s, tenant.id, wf.id)
    assert (back.name, back.description) == (name, description)


def test_server_side_defaults_are_utc_too(db: Database) -> None:
    """Rows inserted without createdAt (as other platform clients may) get UTC from the server."""
    name = unique_name("server-default")
    with db.session() as s:
        s.execute(text("INSERT INTO tenants (id, name) VALUES (:id, :name)"),
                  {"id": unique_name("t"), "name": name})
    with db.session() as s:
        tenant = repo.find_tenant(s, name)
    assert tenant is not None
    assert abs(tenant.created_at - datetime.now(UTC)) < timedelta(minutes=2)
