"""The ORM's line of defence: a session refuses to flush a change to a published version.

The database triggers are the last word (they hold for any client); this guard
fails earlier, in Python, with a typed error naming the version and the
columns, before any SQL is sent.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from flowdesk.storage.errors import ImmutableVersion
from flowdesk.storage.schema import Workflow, WorkflowVersion

#: Mapped attribute names of WorkflowVersion whose change on a published row is refused.
GUARDED_ATTRIBUTES = (
    "id",
    "workflow_id",
    "version",
    "graph",
    "parameter_schema",
    "env_config",
    "created_at",
    "published_at",
)


def _was_published(session: Session, obj: WorkflowVersion) -> bool:
    """Whether the row, as last loaded from the database, had publishedAt set."""
    history = inspect(obj).attrs.published_at.history
    if history.deleted:
        return history.deleted[0] is not None
    if history.unchanged:
        return history.unchanged[0] is not None
    # Not loaded (expired), or set without being loaded: ask the database, by the
    # identity the row was loaded with (``obj.id`` may be the very thing being changed).
    identity = inspect(obj).identity
    if identity is None:
        return False
    table = WorkflowVersion.__table__
    stored = session.connection().execute(
        select(table.c.publishedAt).where(table.c.id == identity[0])
    ).scalar_one_or_none()
    return stored is not None


def check_flush(session: Session, _context: Any, _instances: Any) -> None:
    deleted_workflows = {w.id for w in session.deleted if isinstance(w, Workflow)}
    for obj in session.dirty:
        if not isinstance(obj, WorkflowVersion) or not inspect(obj).persistent:
            continue
        if not _was_published(session, obj):
            continue
        state = inspect(obj)
        changed = [a for a in GUARDED_ATTRIBUTES if state.attrs[a].history.has_changes()]
        if changed:
            raise ImmutableVersion(
                f"version {obj.version} ({obj.id}) is published and immutable; "
                f"refusing to change {', '.join(changed)}"
            )
    for obj in session.deleted:
        if (
            isinstance(obj, WorkflowVersion)
            and _was_published(session, obj)
            and obj.workflow_id not in deleted_workflows
        ):
            raise ImmutableVersion(
                f"version {obj.version} ({obj.id}) is published and cannot be deleted"
            )


def install(factory: sessionmaker[Session]) -> None:
    """Attach the guard to every session the factory makes."""
    if not event.contains(factory, "before_flush", check_flush):
        event.listen(factory, "before_flush", check_flush)
