"""Throw-away PostgreSQL databases for tests.

Each test database gets a random name on the local server (127.0.0.1:5432,
user postgres, trust auth; override with FLOWDESK_PG_HOST/PORT/USER) and is
dropped afterwards. When the server cannot be reached this *fails* with a
message saying how to start it: PostgreSQL tests are never silently skipped.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg import sql

HOST = os.environ.get("FLOWDESK_PG_HOST", "127.0.0.1")
PORT = int(os.environ.get("FLOWDESK_PG_PORT", "5432"))
USER = os.environ.get("FLOWDESK_PG_USER", "postgres")


class PostgresUnavailable(RuntimeError):
    """The test PostgreSQL server is not reachable."""


def _admin_connect() -> psycopg.Connection:
    try:
        return psycopg.connect(
            host=HOST, port=PORT, user=USER, dbname="postgres", autocommit=True,
            connect_timeout=5,
        )
    except psycopg.OperationalError as exc:
        raise PostgresUnavailable(
            f"PostgreSQL tests need a server on {HOST}:{PORT} (user {USER}) and none answered: "
            f"{exc}. Start it with `make postgres` (scripts/ensure-postgres)."
        ) from exc


def dsn(dbname: str) -> str:
    """A libpq connection string for psycopg."""
    return f"host={HOST} port={PORT} user={USER} dbname={dbname}"


def sqlalchemy_url(dbname: str) -> str:
    return f"postgresql+psycopg://{USER}@{HOST}:{PORT}/{dbname}"


def create_database(prefix: str = "flowdesk_test") -> str:
    """Create an empty database with a random name; returns the name."""
    name = f"{prefix}_{secrets.token_hex(6)}"
    with _admin_connect() as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return name


def drop_database(name: str) -> None:
    with _admin_connect() as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@contextmanager
def temporary_database(prefix: str = "flowdesk_test") -> Iterator[str]:
    """A fresh database for the block; yields its SQLAlchemy URL, drops it after."""
    name = create_database(prefix)
    try:
        yield sqlalchemy_url(name)
    finally:
        drop_database(name)


def database_name(url: str) -> str:
    return url.rsplit("/", 1)[-1]
