"""Opening a Flowdesk database: the engine, the session factory and the schema check.

``open_database`` takes a SQLAlchemy URL (``postgresql+psycopg://...``; a bare
``postgresql://`` gets the psycopg 3 driver) or a filesystem path, which means
a local SQLite workspace file. One engine and one ``sessionmaker`` per
database; callers own a session per unit of work through ``Database.session()``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from flowdesk.model.canonical import canonical_json
from flowdesk.model.json_input import MAX_DOCUMENT_BYTES, JsonInputError, parse_json
from flowdesk.storage import guards, migrate
from flowdesk.storage.addresses import check_address
from flowdesk.storage.errors import DatabaseUnavailable, SchemaOutOfDate, StorageError
from flowdesk.storage.host_lookup import HostLookupError, with_addresses
from flowdesk.storage.schema import SQLITE_SCHEMA_TRANSLATE_MAP

SQLITE_BUSY_TIMEOUT_MS = 10_000
#: A PostgreSQL statement waiting longer than this for a lock fails (as a retryable
#: ConcurrentPublish in the repository) instead of hanging the app.
PG_LOCK_TIMEOUT_MS = 10_000
#: Looking a server workspace's host up and reaching it, in seconds (then: "cannot open").
PG_CONNECT_TIMEOUT_S = 10


def database_url(url_or_path: str | Path) -> URL:
    """A SQLAlchemy URL for what the user typed: a URL, or a path to a SQLite file."""
    text_value = str(url_or_path)
    if "://" not in text_value:
        if text_value == ":memory:":
            raise DatabaseUnavailable(
                "an in-memory SQLite database cannot be shared by sessions; use a file path"
            )
        return URL.create("sqlite+pysqlite", database=str(Path(text_value).expanduser()))
    try:
        url = make_url(text_value)
    except (ArgumentError, ValueError) as exc:
        raise DatabaseUnavailable("not a valid database URL or SQLite file path") from exc
    check_address(url)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in ("postgresql", "sqlite"):
        raise DatabaseUnavailable(
            f"unsupported database {url.get_backend_name()!r}: use PostgreSQL or SQLite"
        )
    return url


def _json_serializer(value: Any) -> str:
    # Documents are stored as the model's canonical JSON (sorted keys, 240.0 -> 240).
    return canonical_json(value)


def _json_deserializer(text: str) -> Any:
    # A SQLite workspace is a file anyone can edit: its JSON is read as strictly as any
    # other input (no NaN, duplicate keys or runaway nesting reach the model).
    try:
        return parse_json(text, max_bytes=4 * MAX_DOCUMENT_BYTES)
    except JsonInputError as exc:
        raise StorageError(f"the workspace holds damaged JSON: {exc}") from None


def _configure_sqlite(engine: Engine, is_file: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, decide where transactions begin, so that
        # DDL (migrations) and SAVEPOINTs are transactional too.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        if is_file:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # IMMEDIATE takes the write lock up front: a deferred transaction that read
        # first and writes later fails at once (SQLITE_BUSY_SNAPSHOT) when another
        # writer committed in between, which busy_timeout cannot wait out. Units
        # of work are short, and WAL readers outside transactions are not blocked.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def create_flowdesk_engine(url: URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        if url.database:
            Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        # SQLite has no schemas: Flowdesk's tables (schema "flowdesk" on PostgreSQL)
        # are plain flowdesk_* tables there.
        engine = create_engine(
            url,
            json_serializer=_json_serializer,
            json_deserializer=_json_deserializer,
            execution_options={"schema_translate_map": SQLITE_SCHEMA_TRANSLATE_MAP},
        )
        _configure_sqlite(engine, is_file=bool(url.database) and url.database != ":memory:")
        return engine
    engine = create_engine(
        url,
        json_serializer=_json_serializer,
        pool_pre_ping=True,
        connect_args={
            "connect_timeout": PG_CONNECT_TIMEOUT_S,
            "application_name": "flowdesk",
            # UTC so that server-side CURRENT_TIMESTAMP defaults are UTC like ours.
            "options": f"-c lock_timeout={PG_LOCK_TIMEOUT_MS} -c TimeZone=UTC",
        },
    )

    @event.listens_for(engine, "do_connect")
    def _look_the_host_up_first(dialect: Any, _record: Any, _cargs: Any, cparams: Any) -> None:
        """libpq's own lookup has no time limit (see host_lookup); SQLAlchemy then
        connects with the looked-up ``hostaddr`` in ``cparams``."""
        try:
            cparams.update(with_addresses(cparams, PG_CONNECT_TIMEOUT_S))
        except HostLookupError as exc:
            raise dialect.loaded_dbapi.OperationalError(str(exc)) from None

    return engine


@dataclass
class Database:
    """An opened database: engine, session factory, dialect."""

    engine: Engine
    sessionmaker: sessionmaker[Session]

    @property
    def dialect_name(self) -> str:
        return self.engine.dialect.name

    @property
    def url(self) -> URL:
        return self.engine.url

    def display_url(self) -> str:
        """The URL without its password, for messages."""
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any exception."""
        session = self.sessionmaker()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def upgrade(self) -> tuple[str, ...]:
        """Migrate to the newest schema (idempotent); returns the current revisions."""
        return migrate.upgrade(self.engine)

    def is_up_to_date(self) -> bool:
        return migrate.is_up_to_date(self.engine)

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(url_or_path: str | Path, *, upgrade: bool = False) -> Database:
    """Open (and with ``upgrade=True`` create or migrate) a database.

    Raises :class:`DatabaseUnavailable` when it cannot be reached, and
    :class:`SchemaOutOfDate` when ``upgrade`` is false and the schema is not the
    one this Flowdesk needs (the message says which command fixes it).
    """
    url = database_url(url_or_path)
    shown = url.render_as_string(hide_password=True)
    try:
        engine = create_flowdesk_engine(url)
    except OSError as exc:  # the SQLite file's folder cannot be created
        raise DatabaseUnavailable(f"cannot open database {shown}: {exc.strerror or exc}") from exc
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        if upgrade:
            migrate.upgrade(engine)
        elif not migrate.is_up_to_date(engine):
            engine.dispose()
            raise SchemaOutOfDate(
                f"database {shown} is not at Flowdesk's schema; "
                f"run: flowdesk db upgrade --db {shown}"
            )
    except DBAPIError as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise DatabaseUnavailable(f"cannot open database {shown}: {reason}") from exc
    factory = sessionmaker(engine, expire_on_commit=False)
    guards.install(factory)
    return Database(engine=engine, sessionmaker=factory)
