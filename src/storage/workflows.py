"""Workflows of a tenant: create, rename, archive, delete, list.

Every function takes the tenant id and filters on it, so asking for another
tenant's workflow by id finds nothing. Flowdesk maintains ``"updatedAt"``
itself (Prisma's ``@updatedAt`` is client-side).

Lock order, to stay free of deadlocks: a write that touches versions first
locks the workflow row (``lock_workflow``), then the version rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC
from typing import Any

from sqlalchemy import case, delete, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from flowdesk.model.gc_pause import gc_paused
from flowdesk.storage import dberrors
from flowdesk.storage.clock import utcnow
from flowdesk.storage.errors import DeleteRefused, DuplicateKey, InvalidValue, NotFound
from flowdesk.storage.records import WorkflowInfo, WorkflowSummary, as_utc
from flowdesk.storage.schema import Tenant, Workflow, WorkflowStatus, WorkflowVersion
from flowdesk.storage.values import check_key, check_text

_STATUS_BY_VALUE: dict[object, WorkflowStatus] = {
    **{s: s for s in WorkflowStatus}, **{s.value: s for s in WorkflowStatus}
}


def workflow_info(row: Any) -> WorkflowInfo:
    return WorkflowInfo(
        id=row.id,
        tenant_id=row.tenant_id,
        key=row.key,
        name=row.name,
        description=row.description,
        status=WorkflowStatus(row.status),
        created_at=as_utc(row.created_at),
        updated_at=as_utc(row.updated_at),
    )


def workflow_row(session: Session, tenant_id: str, workflow_id: str) -> Workflow:
    row = session.scalars(
        select(Workflow).where(Workflow.id == workflow_id, Workflow.tenant_id == tenant_id)
    ).first()
    if row is None:
        raise NotFound(f"no workflow with id {workflow_id!r} in this tenant")
    return row


def lock_workflow(session: Session, tenant_id: str, workflow_id: str) -> Workflow:
    """Lock the workflow row for a change to it or its versions (PostgreSQL).

    ``FOR NO KEY UPDATE`` serialises publishers of one workflow without
    conflicting with the key-share locks that inserting a version takes, and
    a lock wait longer than the connection's ``lock_timeout`` (set by
    ``flowdesk.storage.database``) ends as a retryable error.
    SQLite serialises writers by itself.
    """
    with dberrors.translated(f"locking workflow {workflow_id}"):
        row = session.scalars(
            select(Workflow)
            .where(Workflow.id == workflow_id, Workflow.tenant_id == tenant_id)
            .with_for_update(key_share=True)
            .execution_options(populate_existing=True)
        ).first()
    if row is None:
        raise NotFound(f"no workflow with id {workflow_id!r} in this tenant")
    return row


def touch(row: Workflow) -> None:
    row.updated_at = utcnow()


def _key_taken(session: Session, tenant_id: str, key: str) -> bool:
    return (
        session.scalar(
            select(Workflow.id).where(Workflow.tenant_id == tenant_id, Workflow.key == key)
        )
        is not None
    )


def create_workflow(
    session: Session, tenant_id: str, key: str, name: str, description: str | None = None
) -> WorkflowInfo:
    check_key(key)
    check_text("workflow name", name, required=True)
    check_text("workflow description", description, required=False)
    if session.get(Tenant, tenant_id) is None:
        raise NotFound(f"no tenant with id {tenant_id!r}")
    if _key_taken(session, tenant_id, key):
        raise DuplicateKey(key)
    now = utcnow()
    row = Workflow(
        tenant_id=tenant_id, key=key, name=name, description=description,
        status=WorkflowStatus.DRAFT, created_at=now, updated_at=now,
    )
    try:
        # A savepoint keeps the caller's session usable if a concurrent insert won the key.
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError as exc:
        if "workflows_tenant_id_key_key" in str(exc.orig) or "workflows.key" in str(exc.orig):
            raise DuplicateKey(key) from exc
        raise dberrors.translate(exc, f"creating workflow {key!r}") from exc
    return workflow_info(row)


def _status(value: WorkflowStatus | str) -> WorkflowStatus:
    try:
        return WorkflowStatus(value)
    except ValueError as exc:
        allowed = ", ".join(s.value for s in WorkflowStatus)
        raise InvalidValue("workflow status", f"{value!r} is not one of {allowed}") from exc


def update_workflow(
    session: Session,
    tenant_id: str,
    workflow_id: str,
    *,
    name: str | None = None,
    description: str | None = None,
    status: WorkflowStatus | str | None = None,
) -> WorkflowInfo:
    """Change what is given; ``None`` keeps a field, ``description=""`` clears it."""
    if name is not None:
        check_text("workflow name", name, required=True)
    if description is not None:
        check_text("workflow description", description, required=False)
    new_status = _status(status) if status is not None else None
    row = workflow_row(session, tenant_id, workflow_id)
    if name is not None:
        row.name = name
    if description is not None:
        row.description = description or None
    if new_status is not None:
        row.status = new_status
    touch(row)
    dberrors.flush(session, f"updating workflow {row.key!r}")
    return workflow_info(row)


def archive_workflow(session: Session, tenant_id: str, workflow_id: str) -> WorkflowInfo:
    return update_workflow(session, tenant_id, workflow_id, status=WorkflowStatus.ARCHIVED)


def published_count(session: Session, workflow_id: str) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(WorkflowVersion)
            .where(
                WorkflowVersion.workflow_id == workflow_id,
                WorkflowVersion.published_at.is_not(None),
            )
        )
        or 0
    )


def delete_workflow(session: Session, tenant_id: str, workflow_id: str) -> None:
    """Delete the workflow and all its versions (the database cascades).

    A workflow with published versions must be archived first: the platform's
    runner may still reference them.
    """
    row = lock_workflow(session, tenant_id, workflow_id)
    count = published_count(session, workflow_id)
    if count and row.status is not WorkflowStatus.ARCHIVED:
        raise DeleteRefused(
            f"workflow {row.key!r} has {count} published version(s) and is {row.status.value}; "
            "archive it before deleting it"
        )
    with dberrors.translated(f"deleting workflow {row.key!r}"):
        session.execute(
            delete(Workflow.__table__).where(
                Workflow.__table__.c.id == workflow_id,
                Workflow.__table__.c.tenant_id == tenant_id,
            )
        )
    session.expunge(row)


def get_workflow(session: Session, tenant_id: str, workflow_id: str) -> WorkflowInfo:
    return workflow_info(workflow_row(session, tenant_id, workflow_id))


def get_workflow_by_key(session: Session, tenant_id: str, key: str) -> WorkflowInfo:
    check_text("workflow key", key, required=False)  # e.g. a lone surrogate from argv
    row = session.scalars(
        select(Workflow).where(Workflow.tenant_id == tenant_id, Workflow.key == key)
    ).first()
    if row is None:
        raise NotFound(f"no workflow with key {key!r} in this tenant")
    return workflow_info(row)


def _search_filter(search: str) -> Any:
    needle = (check_text("search text", search, required=False) or "").strip().lower()
    columns: Sequence[Any] = (Workflow.key, Workflow.name, Workflow.description)
    return or_(*(func.lower(c).contains(needle, autoescape=True) for c in columns))


def _summary_columns_grouped(tenant_id: str) -> tuple[Any, Any, Any, Any]:
    """Per-workflow aggregates as one grouped subquery: PostgreSQL hash-aggregates it fast."""
    v = WorkflowVersion
    per_workflow = (
        select(
            v.workflow_id.label("workflow_id"),
            func.max(case((v.is_latest, v.version))).label("latest_version"),
            func.max(case((v.published_at.is_(None), v.id))).label("draft_id"),
            func.count(v.published_at).label("published_count"),
        )
        .join(Workflow, Workflow.id == v.workflow_id)
        .where(Workflow.tenant_id == tenant_id)
        .group_by(v.workflow_id)
        .subquery()
    )
    c = per_workflow.c
    return per_workflow, c.latest_version, c.draft_id, c.published_count


def _summary_columns_correlated() -> tuple[Any, Any, Any]:
    """Per-workflow aggregates as correlated subqueries: SQLite answers each from the
    covering index ``flowdesk_workflow_versions_summary_idx`` without reading the
    (large) version rows, which is three times faster there than grouping."""
    v = WorkflowVersion
    w_id = Workflow.__table__.c.id
    latest = select(v.version).where(v.workflow_id == w_id, v.is_latest).scalar_subquery()
    draft = (
        select(func.max(v.id))
        .where(v.workflow_id == w_id, v.published_at.is_(None))
        .scalar_subquery()
    )
    count = select(func.count(v.published_at)).where(v.workflow_id == w_id).scalar_subquery()
    return latest, draft, count


def list_workflows(
    session: Session, tenant_id: str, search: str | None = None
) -> list[WorkflowSummary]:
    """All workflows of the tenant with their version summary, in one query.

    ``search`` matches key, name or description, case-insensitively (SQLite
    folds ASCII letters only). Ordered by name (case-insensitive), then key.
    """
    w = Workflow.__table__.c
    base = (
        w.id, w.tenant_id, w.key, w.name, w.description, w.status, w.createdAt, w.updatedAt,
    )
    if session.get_bind().dialect.name == "postgresql":
        per_workflow, latest, draft, count = _summary_columns_grouped(tenant_id)
        query = select(*base, latest, draft, count).outerjoin(
            per_workflow, per_workflow.c.workflow_id == w.id
        )
    else:
        query = select(*base, *_summary_columns_correlated())
    query = query.where(w.tenant_id == tenant_id).order_by(func.lower(w.name), w.key)
    if search and search.strip():
        query = query.where(_search_filter(search))
    # Tuple unpacking and a status lookup table: this loop is most of the time
    # for a tenant with 10,000 workflows.
    status_of = _STATUS_BY_VALUE
    with gc_paused():
        return [
            WorkflowSummary(
                WorkflowInfo(
                    wid, tid, key, name, description, status_of[status],
                    created.replace(tzinfo=UTC), updated.replace(tzinfo=UTC),
                ),
                latest,
                draft_id,
                count or 0,
            )
            for (wid, tid, key, name, description, status, created, updated, latest, draft_id, count)
            in session.execute(query).tuples()
        ]
