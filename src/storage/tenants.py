"""Tenants: the scope every other call is made in.

The Prisma schema does not make tenant names unique, so ``get_or_create`` takes
a transaction-scoped advisory lock on PostgreSQL to keep two Flowdesk
instances from creating the same tenant twice, and lookups pick the oldest row.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from flowdesk.storage import dberrors
from flowdesk.storage.errors import NotFound
from flowdesk.storage.records import TenantInfo, as_utc
from flowdesk.storage.schema import Tenant
from flowdesk.storage.values import check_text


def tenant_info(row: Tenant) -> TenantInfo:
    return TenantInfo(id=row.id, name=row.name, created_at=as_utc(row.created_at))


def _find_row(session: Session, name: str) -> Tenant | None:
    # A name no tenant can have (a lone surrogate from a mis-encoded argv) is refused
    # with its reason instead of failing inside the driver.
    check_text("tenant name", name, required=False)
    return session.scalars(
        select(Tenant).where(Tenant.name == name).order_by(Tenant.created_at, Tenant.id).limit(1)
    ).first()


def find_tenant(session: Session, name: str) -> TenantInfo | None:
    row = _find_row(session, name)
    return tenant_info(row) if row is not None else None


def get_tenant_by_name(session: Session, name: str) -> TenantInfo:
    """Like :func:`find_tenant`, for callers that cannot go on without it."""
    found = find_tenant(session, name)
    if found is None:
        raise NotFound(f"no tenant named {name!r}")
    return found


def get_tenant(session: Session, tenant_id: str) -> TenantInfo:
    row = session.get(Tenant, tenant_id)
    if row is None:
        raise NotFound(f"no tenant with id {tenant_id!r}")
    return tenant_info(row)


def get_or_create_tenant(session: Session, name: str) -> TenantInfo:
    checked = check_text("tenant name", name, required=True)
    assert checked is not None
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            select(func.pg_advisory_xact_lock(func.hashtext("flowdesk_tenant:" + checked)))
        )
    row = _find_row(session, checked)
    if row is None:
        row = Tenant(name=checked)
        session.add(row)
        dberrors.flush(session, f"creating tenant {checked!r}")
    return tenant_info(row)


def list_tenants(session: Session) -> list[TenantInfo]:
    rows = session.scalars(select(Tenant).order_by(Tenant.name, Tenant.created_at, Tenant.id))
    return [tenant_info(r) for r in rows]
