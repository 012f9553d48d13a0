"""Workflows a remote deleted: which workflows a workspace mirrors from which remote, and what
happens to one the remote no longer has.

A pull's high-water marks only see rows that exist, so a deletion on the
remote is invisible to them. Instead every pull compares the remote's workflow
ids (for the tenants it pulls) with the workflows this workspace recorded as
coming from that remote (:class:`MirroredWorkflow`). One that is gone:

- with no local edits (no draft, or a draft equal to the version it started
  from) is removed from the workspace, as the mirror of a deleted row should be;
- with a draft holding unpublished edits is *kept* and marked deleted on the
  remote: nothing saved is lost, and the author chooses to publish it as a new
  workflow (``publish_draft(..., as_new=True)``) or to discard it
  (:func:`discard_deleted`). Until then a publish says so instead of failing.

If the remote later holds a workflow with the same key again (re-created, or a
"publish as new" whose reply was lost), the kept draft moves onto it
(:func:`rehome_draft`): the old history is gone from the remote, so it goes here too.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Text, delete, func, insert, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from flowdesk.storage.clock import utcnow
from flowdesk.storage.errors import InvalidValue, NotFound
from flowdesk.storage.schema import (
    FLOWDESK_SCHEMA,
    Tenant,
    Timestamp,
    VersionMeta,
    Workflow,
    WorkflowVersion,
)
from flowdesk.storage.sync.tables import SyncBase, SyncRemote
from flowdesk.storage.values import hash_of_text, stored_json_text

T = Tenant.__table__
W = Workflow.__table__
V = WorkflowVersion.__table__
M = VersionMeta.__table__


class MirroredWorkflow(SyncBase):
    """A workflow this workspace holds because remote ``remote_id`` has (or had) it.

    ``deleted_at`` is set when a pull found the remote no longer has it while a
    local draft held unpublished edits. No foreign key to ``workflows`` (another
    declarative base): rows of workflows deleted here are ignored and pruned.
    """

    __tablename__ = "flowdesk_mirrored_workflow"

    remote_id: Mapped[str] = mapped_column(
        Text, ForeignKey(f"{FLOWDESK_SCHEMA}.flowdesk_remote.id", ondelete="CASCADE"),
        primary_key=True,
    )
    workflow_id: Mapped[str] = mapped_column(Text, primary_key=True)
    deleted_at: Mapped[datetime | None] = mapped_column("deletedAt", Timestamp)

    __table_args__ = {"schema": FLOWDESK_SCHEMA}


MW = MirroredWorkflow.__table__


@dataclass(frozen=True, slots=True)
class DeletedWorkflow:
    """A workflow the remote deleted: ``kept`` when its draft held edits (then it waits for
    "publish as new" or "discard"), else it was removed from the workspace."""

    workflow_id: str
    tenant: str
    key: str
    name: str
    kept: bool

    @property
    def message(self) -> str:
        if self.kept:
            return (
                f"{self.key} (tenant {self.tenant}) was deleted on the remote; your draft is "
                "kept: publish it as a new workflow or discard it"
            )
        return f"{self.key} (tenant {self.tenant}) was deleted on the remote and removed here"


# ------------------------------------------------------------------ bookkeeping


def record_mirrored(session: Session, remote_id: str, workflow_ids: Collection[str]) -> None:
    """These workflows are on the remote (now): remember it, and clear any deletion mark."""
    ids = set(workflow_ids)
    if not ids:
        return
    known = set(session.scalars(
        select(MW.c.workflow_id).where(MW.c.remote_id == remote_id, MW.c.workflow_id.in_(ids))
    ))
    if known:
        session.execute(update(MW).where(
            MW.c.remote_id == remote_id, MW.c.workflow_id.in_(known), MW.c.deletedAt.is_not(None)
        ).values(deletedAt=None))
    fresh = ids - known
    if fresh:
        session.execute(insert(MW), [{"remote_id": remote_id, "workflow_id": w} for w in fresh])


def _describe(session: Session, workflow_ids: Collection[str], kept: bool) -> list[DeletedWorkflow]:
    rows = session.execute(
        select(W.c.id, T.c.name, W.c.key, W.c.name).select_from(W.join(T, T.c.id == W.c.tenant_id))
        .where(W.c.id.in_(list(workflow_ids))).order_by(T.c.name, W.c.key)
    ).all()
    return [DeletedWorkflow(r[0], r[1], r[2], r[3], kept) for r in rows]


def _digest(graph: Any, schema: Any, env: Any) -> str | None:
    parts = [json.loads(p) if isinstance(p, str) else p for p in (graph, schema, env)]
    try:
        return hash_of_text(stored_json_text(*parts))
    except InvalidValue:
        return None


def has_unpublished_edits(session: Session, workflow_id: str) -> bool:
    """Whether a local draft of the workflow differs from the version it started from."""
    drafts = session.execute(
        select(V.c.graph, V.c.parameter_schema, V.c.env_config, M.c.based_on_id)
        .outerjoin(M, M.c.version_id == V.c.id)
        .where(V.c.workflow_id == workflow_id, V.c["publishedAt"].is_(None))
    ).all()
    for graph, schema, env, based_on in drafts:
        base = session.execute(
            select(V.c.graph, V.c.parameter_schema, V.c.env_config).where(V.c.id == based_on)
        ).first() if based_on is not None else None
        if base is None or _digest(*base) != _digest(graph, schema, env):
            return True
    return False


def _remove(session: Session, workflow_id: str) -> None:
    """Drop a workflow and all its versions here (the database cascades to the versions;
    its guards allow deleting published rows only together with their workflow)."""
    session.execute(delete(W).where(W.c.id == workflow_id))
    session.execute(delete(MW).where(MW.c.workflow_id == workflow_id))


def settle_deleted(
    session: Session,
    remote_id: str,
    remote_workflow_ids: Collection[str],
    tenant_ids: Sequence[str] | None,
) -> list[DeletedWorkflow]:
    """Compare what the remote holds (``remote_workflow_ids``, for ``tenant_ids`` or every
    tenant when ``None``) with what this workspace mirrors from it; settle what is gone.

    Returns the workflows newly found deleted: removed here, or kept and marked.
    """
    query = (
        select(MW.c.workflow_id).select_from(MW.join(W, W.c.id == MW.c.workflow_id))
        .where(MW.c.remote_id == remote_id, MW.c.deletedAt.is_(None))
    )
    if tenant_ids is not None:
        query = query.where(W.c.tenant_id.in_(list(tenant_ids)))
    mirrored = set(session.scalars(query)) | _pulled_before_records(session, tenant_ids)
    gone = mirrored - set(remote_workflow_ids)
    kept = {w for w in gone if has_unpublished_edits(session, w)}
    found = _describe(session, kept, True) + _describe(session, gone - kept, False)
    for workflow_id in gone - kept:
        _remove(session, workflow_id)
    if kept:
        session.execute(update(MW).where(
            MW.c.remote_id == remote_id, MW.c.workflow_id.in_(kept)
        ).values(deletedAt=utcnow()))
    _prune(session)
    return found


def _pulled_before_records(session: Session, tenant_ids: Sequence[str] | None) -> set[str]:
    """Workflows pulled before this bookkeeping existed: unrecorded, holding a published
    version without Flowdesk's meta row (a pull copies only the platform's columns).
    Counted only when the workspace knows a single remote, so they are that one's."""
    if session.scalar(select(func.count()).select_from(SyncRemote)) != 1:
        return set()
    query = (
        select(V.c.workflow_id).join(W, W.c.id == V.c.workflow_id)
        .outerjoin(M, M.c.version_id == V.c.id)
        .where(V.c["publishedAt"].is_not(None), M.c.version_id.is_(None),
               V.c.workflow_id.not_in(select(MW.c.workflow_id)))
    )
    if tenant_ids is not None:
        query = query.where(W.c.tenant_id.in_(list(tenant_ids)))
    return set(session.scalars(query.distinct()))


def _prune(session: Session) -> None:
    """Forget workflows deleted here (no foreign key does it)."""
    session.execute(delete(MW).where(MW.c.workflow_id.not_in(select(W.c.id))))


def mark_deleted(session: Session, remote_id: str, workflow_id: str) -> None:
    """A publish found the remote no longer has this workflow: mark it (it keeps its draft)."""
    record_mirrored(session, remote_id, [workflow_id])
    session.execute(update(MW).where(
        MW.c.remote_id == remote_id, MW.c.workflow_id == workflow_id
    ).values(deletedAt=utcnow()))


def is_mirrored(session: Session, remote_id: str, workflow_id: str) -> bool:
    return session.scalar(select(MW.c.workflow_id).where(
        MW.c.remote_id == remote_id, MW.c.workflow_id == workflow_id
    )) is not None


def is_mirrored_anywhere(session: Session, workflow_id: str) -> bool:
    """Whether some remote has (or had) this workflow: publishing it goes there."""
    return session.scalar(
        select(MW.c.workflow_id).where(MW.c.workflow_id == workflow_id).limit(1)
    ) is not None


def is_deleted_on_remote(session: Session, workflow_id: str) -> bool:
    """Whether some remote deleted this workflow and its draft waits for a decision."""
    return session.scalar(select(MW.c.workflow_id).where(
        MW.c.workflow_id == workflow_id, MW.c.deletedAt.is_not(None)
    )) is not None


def deleted_on_remote(session: Session) -> list[DeletedWorkflow]:
    """Every kept workflow a remote deleted, by tenant and key: what the window offers."""
    ids = set(session.scalars(select(MW.c.workflow_id).where(MW.c.deletedAt.is_not(None))))
    return _describe(session, ids, True)


def discard_deleted(session: Session, workflow_id: str) -> DeletedWorkflow:
    """The author's choice "Discard": drop the workflow the remote deleted, draft and all."""
    if not is_deleted_on_remote(session, workflow_id):
        raise NotFound(f"workflow {workflow_id} is not marked as deleted on a remote")
    [described] = _describe(session, [workflow_id], False)
    _remove(session, workflow_id)
    return described


def rehome_draft(session: Session, old_workflow_id: str, workflow: Mapping[str, Any]) -> None:
    """Replace a workflow the remote deleted by the remote's workflow row ``workflow`` (same
    tenant and key), keeping only its drafts: same ids, based on nothing (the versions
    they were based on no longer exist on the remote)."""
    drafts = [dict(r._mapping) for r in session.execute(
        select(V, M.c.content_hash).outerjoin(M, M.c.version_id == V.c.id)
        .where(V.c.workflow_id == old_workflow_id, V.c["publishedAt"].is_(None))
        .order_by(V.c["createdAt"])
    )]
    _remove(session, old_workflow_id)
    if session.scalar(select(W.c.id).where(W.c.id == workflow["id"])) is None:
        session.execute(insert(W).values(**dict(workflow)))
    for number, draft in enumerate(drafts, start=1):
        digest = draft.pop("content_hash") or _digest(
            draft["graph"], draft["parameter_schema"], draft["env_config"])
        draft.update(workflow_id=workflow["id"], version=-number, is_latest=False)
        session.execute(insert(V).values(**draft))
        session.execute(insert(M).values(
            version_id=draft["id"], based_on_id=None, content_hash=digest
        ))


def deleted_key_holder(session: Session, tenant_id: str, key: str) -> str | None:
    """The id of a workflow marked deleted on a remote that holds ``key`` in the tenant."""
    return session.scalar(
        select(W.c.id).join(MW, MW.c.workflow_id == W.c.id)
        .where(W.c.tenant_id == tenant_id, W.c.key == key, MW.c.deletedAt.is_not(None))
    )
