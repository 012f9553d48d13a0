"""A tenant's connections: what env-config secret references point at.

Flowdesk never holds secret values; it only lists the connections so an author
can pick one, and creates them for local workspaces and tests.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from flowdesk.storage import dberrors
from flowdesk.storage.clock import utcnow
from flowdesk.storage.errors import NotFound, StorageError
from flowdesk.storage.records import ConnectionInfo, as_utc
from flowdesk.storage.schema import Connection, Tenant
from flowdesk.storage.values import check_text


def connection_info(row: Connection) -> ConnectionInfo:
    return ConnectionInfo(
        id=row.id, tenant_id=row.tenant_id, name=row.name, type=row.type,
        created_at=as_utc(row.created_at),
    )


def create_connection(session: Session, tenant_id: str, name: str, type: str) -> ConnectionInfo:
    check_text("connection name", name, required=True)
    check_text("connection type", type, required=True)
    if session.get(Tenant, tenant_id) is None:
        raise NotFound(f"no tenant with id {tenant_id!r}")
    row = Connection(tenant_id=tenant_id, name=name, type=type, created_at=utcnow())
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError as exc:
        raise StorageError(f"a connection named {name!r} already exists in this tenant") from exc
    return connection_info(row)


def list_connections(session: Session, tenant_id: str) -> list[ConnectionInfo]:
    with dberrors.translated("listing connections"):
        rows = session.scalars(
            select(Connection).where(Connection.tenant_id == tenant_id).order_by(Connection.name)
        )
        return [connection_info(r) for r in rows]
