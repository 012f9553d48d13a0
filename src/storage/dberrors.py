"""Turning driver errors into the storage layer's typed errors.

The database's own guards (triggers, unique indexes) report through the driver;
callers must only ever see :mod:`flowdesk.storage.errors`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from flowdesk.storage.errors import (
    ConcurrentPublish,
    DatabaseUnavailable,
    ImmutableVersion,
    StorageError,
)

#: The names Flowdesk's triggers start their messages with (see the migrations).
DATABASE_GUARDS = (
    "flowdesk_immutable_version",
    "flowdesk_draft_not_latest",
    "flowdesk_one_latest_version",
)

# SQLSTATEs a retry can fix: serialization failure, deadlock, lock timeout.
RETRYABLE_SQLSTATES = {"40001", "40P01", "55P03"}


def sqlstate(exc: DBAPIError) -> str | None:
    return getattr(exc.orig, "sqlstate", None)


def first_line(exc: DBAPIError) -> str:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__


def translate(exc: DBAPIError, what: str) -> StorageError:
    """The typed error for a driver error raised while doing ``what``."""
    message = first_line(exc)
    if any(guard in message for guard in DATABASE_GUARDS):
        return ImmutableVersion(f"{what}: refused by the database: {message}")
    if sqlstate(exc) in RETRYABLE_SQLSTATES or "database is locked" in message:
        return ConcurrentPublish(
            f"{what}: another session is changing the same workflow; try again ({message})"
        )
    if isinstance(exc, OperationalError) and exc.connection_invalidated:
        return DatabaseUnavailable(f"{what}: the database connection was lost ({message})")
    return StorageError(f"{what}: {message}")


@contextmanager
def translated(what: str) -> Iterator[None]:
    try:
        yield
    except DBAPIError as exc:
        raise translate(exc, what) from exc


def flush(session: Session, what: str) -> None:
    with translated(what):
        session.flush()
