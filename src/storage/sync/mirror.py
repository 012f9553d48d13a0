"""The workspace's mirror of a remote: pulled rows kept under their remote ids, plus bookkeeping.

Pulled tenants, connections, workflows and published versions are stored in
the workspace's own Prisma tables with the *remote's* ids, so a version has
the same id everywhere and a local draft's UUID can become the published
version's id. Rows made offline (a tenant, a workflow, a connection the
remote does not know yet) are *adopted* when the remote turns out to hold the
same natural key (tenant name, workflow key, connection name): their id is
changed to the remote one and foreign keys follow (``ON UPDATE CASCADE``).

Local drafts (``publishedAt`` NULL) are never changed by a pull, except the
one case where the remote holds a published version with the draft's own id:
that draft *was* published (the reply was lost). With the same content it
becomes that version; if it was edited since, the version is stored as the
remote has it and the edited draft moves to a new id, based on that version
(:func:`split_published_draft`): published content and local edits both stay.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Text, column, func, insert, select, table, update
from sqlalchemy.orm import Session

from flowdesk.model.document import VersionDocument
from flowdesk.storage import repository as repo
from flowdesk.storage.clock import utcnow
from flowdesk.storage.errors import DraftExists, NotFound, StorageError
from flowdesk.storage.records import TenantInfo, VersionRecord, WorkflowInfo, as_utc
from flowdesk.storage.schema import (
    Connection,
    Tenant,
    VersionMeta,
    Workflow,
    WorkflowVersion,
    new_id,
)
from flowdesk.storage.sync import deletions
from flowdesk.storage.sync.remote import RemoteProfile
from flowdesk.storage.sync.tables import SyncRemote, SyncState
from flowdesk.storage.values import hash_of_text, prepare_document, stored_json_text

T = Tenant.__table__
C = Connection.__table__
W = Workflow.__table__
V = WorkflowVersion.__table__
M = VersionMeta.__table__

#: The workflow_versions columns copied between remote and workspace.
VERSION_COLUMNS = (
    "id", "workflow_id", "version", "graph", "parameter_schema", "env_config",
    "is_latest", "createdAt", "publishedAt",
)
WORKFLOW_COLUMNS = (
    "id", "tenant_id", "key", "name", "description", "status", "createdAt", "updatedAt",
)
TENANT_COLUMNS = ("id", "name", "createdAt")
CONNECTION_COLUMNS = ("id", "tenant_id", "name", "type", "createdAt")


class MirrorConflict(StorageError):
    """The workspace holds something the remote contradicts and that sync must not overwrite."""


# ------------------------------------------------------------------ bookkeeping


def ensure_remote(session: Session, profile: RemoteProfile) -> str:
    """The workspace's id for this remote (created on first use). Stores no password."""
    row = session.scalars(select(SyncRemote).where(SyncRemote.url == profile.url)).first()
    if row is None:
        row = SyncRemote(url=profile.url)
        session.add(row)
        session.flush()
    return row.id


@dataclass(frozen=True, slots=True)
class RemoteRecord:
    """A remote this workspace synced with, for the window's status line (no password)."""

    url: str
    last_pull_at: datetime | None
    last_publish_at: datetime | None


def list_remotes(session: Session) -> list[RemoteRecord]:
    rows = session.scalars(select(SyncRemote).order_by(SyncRemote.created_at)).all()
    return [
        RemoteRecord(
            r.url,
            as_utc(r.last_pull_at) if r.last_pull_at else None,
            as_utc(r.last_publish_at) if r.last_publish_at else None,
        )
        for r in rows
    ]


def sync_state(session: Session, remote_id: str, table: str) -> SyncState | None:
    return session.get(SyncState, (remote_id, table))


def save_sync_state(
    session: Session,
    remote_id: str,
    table: str,
    high_water: datetime | None,
    high_water_id: str | None,
    pulled: int,
) -> None:
    """Move a table's high-water mark forward (never back) in the caller's transaction."""
    state = session.get(SyncState, (remote_id, table))
    if state is None:
        state = SyncState(remote_id=remote_id, table_name=table, rows_pulled=0)
        session.add(state)
    if high_water is not None and (
        state.high_water is None
        or (high_water, high_water_id or "") > (state.high_water, state.high_water_id or "")
    ):
        state.high_water, state.high_water_id = high_water, high_water_id
    state.rows_pulled = (state.rows_pulled or 0) + pulled
    state.updated_at = utcnow()


def mark_remote_used(session: Session, remote_id: str, *, pulled: bool) -> None:
    row = session.get(SyncRemote, remote_id)
    if row is not None:
        if pulled:
            row.last_pull_at = utcnow()
        else:
            row.last_publish_at = utcnow()


# ------------------------------------------------------------------ applying pulled rows


def _pick(row: Mapping[str, Any], columns: tuple[str, ...]) -> dict[str, Any]:
    return {c: row[c] for c in columns}


def _differs(session: Session, table: Any, values: Mapping[str, Any], columns: tuple[str, ...]) -> bool:
    current = session.execute(
        select(*(table.c[c] for c in columns)).where(table.c.id == values["id"])
    ).first()
    return current is None or tuple(current) != tuple(values[c] for c in columns)


def _update_if_changed(
    session: Session, table: Any, values: Mapping[str, Any], columns: tuple[str, ...]
) -> bool:
    """Write every non-id column of a pulled row that differs here; ``True`` when it did."""
    if not _differs(session, table, values, columns):
        return False
    changes = {c: values[c] for c in columns if c != "id"}
    session.execute(update(table).where(table.c.id == values["id"]).values(**changes))
    return True


def _adopt(session: Session, table: Any, old_id: str, new_id: str) -> None:
    """Give an offline-made row the remote's id; children follow via ON UPDATE CASCADE."""
    session.execute(update(table).where(table.c.id == old_id).values(id=new_id))


def apply_tenant(
    session: Session, row: Mapping[str, Any], remote_ids: Collection[str] = ()
) -> bool:
    """Insert or update a pulled tenant; adopts a local-only tenant of the same name.

    Tenant names are not unique in the platform's schema: a local tenant is
    adopted only if its id is not one of the remote's (``remote_ids``: the
    remote tenants the caller has seen). Adopting changes only the tenant's id;
    its workflows follow, and conflicts between them are :func:`apply_workflow`'s.
    """
    values = _pick(row, TENANT_COLUMNS)
    exists = session.scalar(select(T.c.id).where(T.c.id == values["id"]))
    if exists is None:
        candidates = session.scalars(
            select(T.c.id).where(T.c.name == values["name"]).order_by(T.c["createdAt"], T.c.id)
        ).all()
        local = next((c for c in candidates if c not in remote_ids), None)
        if local is None:
            session.execute(insert(T).values(**values))
            return True
        _adopt(session, T, local, values["id"])
    return _update_if_changed(session, T, values, TENANT_COLUMNS)


def apply_connection(session: Session, row: Mapping[str, Any]) -> bool:
    values = _pick(row, CONNECTION_COLUMNS)
    if session.scalar(select(C.c.id).where(C.c.id == values["id"])) is None:
        local = session.scalar(select(C.c.id).where(
            C.c.tenant_id == values["tenant_id"], C.c.name == values["name"]
        ))
        if local is None:
            session.execute(insert(C).values(**values))
            return True
        _adopt(session, C, local, values["id"])
    return _update_if_changed(session, C, values, CONNECTION_COLUMNS)


def apply_workflow(session: Session, row: Mapping[str, Any]) -> bool:
    """Insert or update a pulled workflow; a local-only workflow with the same key is adopted,
    and one the remote deleted (kept for its draft) gives its draft to the pulled one."""
    values = _pick(row, WORKFLOW_COLUMNS)
    if session.scalar(select(W.c.id).where(W.c.id == values["id"])) is None:
        local = session.scalar(select(W.c.id).where(
            W.c.tenant_id == values["tenant_id"], W.c.key == values["key"]
        ))
        if local is None:
            session.execute(insert(W).values(**values))
            return True
        if deletions.is_deleted_on_remote(session, local):
            # The remote deleted the workflow we hold and now has another of that key:
            # the kept draft moves onto it (the old history is gone remotely).
            deletions.rehome_draft(session, local, values)
            return True
        published_here = session.scalar(
            select(func.count()).where(V.c.workflow_id == local, V.c["publishedAt"].is_not(None))
        )
        if published_here:
            raise MirrorConflict(
                f"workflow {values['key']!r} exists in the workspace with published versions "
                "that the remote does not know; it cannot be merged into the remote's workflow"
            )
        _adopt(session, W, local, values["id"])
    return _update_if_changed(session, W, values, WORKFLOW_COLUMNS)


def _raw_versions_table() -> Any:
    """workflow_versions with its JSON columns as plain text: pulled JSON goes in unparsed."""
    cols = [column(c) for c in VERSION_COLUMNS]
    for c in cols:
        if c.name in ("graph", "parameter_schema", "env_config"):
            c.type = Text()
    return table("workflow_versions", *cols)


RAW_V = _raw_versions_table()


def digest_of_row(row: Mapping[str, Any]) -> str | None:
    """The content hash of a version row's three JSON columns (parsed, or JSON text as a
    raw pull reads them); ``None`` when they are not storable JSON."""
    parts = []
    for name in ("graph", "parameter_schema", "env_config"):
        value = row[name]
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                return None
        parts.append(value)
    try:
        return hash_of_text(stored_json_text(*parts))
    except StorageError:
        return None


def _local_draft(session: Session, version_id: str) -> Mapping[str, Any] | None:
    row = session.execute(
        select(*(V.c[c] for c in VERSION_COLUMNS)).where(
            V.c.id == version_id, V.c["publishedAt"].is_(None)
        )
    ).first()
    return row._mapping if row is not None else None


def split_published_draft(
    session: Session, draft_id: str, published: Mapping[str, Any], *, raw_json: bool
) -> str | None:
    """An earlier publish committed ``published`` (a remote row) under the local draft's id,
    and the draft was edited since: store that version as the remote has it, and move the
    edited draft to a new id based on it. Returns the new draft id (``None``: no such draft).

    This is the content-hash half of publish idempotency: the draft id alone would
    record the edited content as the version the remote holds with the old one.
    """
    draft = _local_draft(session, draft_id)
    if draft is None:
        return None
    workflow_id = draft["workflow_id"]
    lowest = session.scalar(select(func.min(V.c.version)).where(V.c.workflow_id == workflow_id))
    moved_id = new_id()
    session.execute(insert(V).values(
        id=moved_id, workflow_id=workflow_id, version=min(0, lowest or 0) - 1,
        graph=draft["graph"], parameter_schema=draft["parameter_schema"],
        env_config=draft["env_config"], is_latest=False, createdAt=utcnow(), publishedAt=None,
    ))
    session.execute(insert(M).values(
        version_id=moved_id, based_on_id=draft_id, content_hash=digest_of_row(draft)
    ))
    clash = session.scalar(select(V.c.id).where(
        V.c.workflow_id == workflow_id, V.c.version == published["version"], V.c.id != draft_id
    ))
    if clash is not None:
        raise MirrorConflict(
            f"the workspace holds another version {published['version']} of workflow "
            f"{workflow_id} (id {clash}) than the remote ({draft_id})"
        )
    if published["is_latest"]:
        session.execute(
            update(V).where(V.c.workflow_id == workflow_id, V.c.is_latest).values(is_latest=False)
        )
    target = RAW_V if raw_json else V
    session.execute(update(target).where(target.c.id == draft_id).values(
        graph=published["graph"], parameter_schema=published["parameter_schema"],
        env_config=published["env_config"], version=published["version"],
        is_latest=published["is_latest"], publishedAt=published["publishedAt"],
    ))
    digest = digest_of_row(published)
    if session.scalar(select(M.c.version_id).where(M.c.version_id == draft_id)) is None:
        session.execute(insert(M).values(version_id=draft_id, content_hash=digest))
    else:
        session.execute(update(M).where(M.c.version_id == draft_id).values(content_hash=digest))
    return moved_id


def apply_versions(session: Session, rows: Sequence[Mapping[str, Any]], *, raw_json: bool) -> int:
    """Store a batch of pulled published versions; returns how many were new here.

    Published versions are immutable: one already here is never rewritten. A
    local *draft* with a pulled version's id was published by this workspace
    and the reply got lost: that draft becomes the published version. With
    ``raw_json`` the JSON columns hold the remote's text and are written as it
    is (a SQLite workspace stores JSON as text anyway), which skips parsing
    and re-serialising megabytes of graphs.
    """
    if not rows:
        return 0
    ids = [r["id"] for r in rows]
    existing = dict(session.execute(
        select(V.c.id, V.c["publishedAt"]).where(V.c.id.in_(ids))
    ).all())
    fresh = [_pick(r, VERSION_COLUMNS) for r in rows if r["id"] not in existing]
    settled = [r for r in rows if r["id"] in existing and existing[r["id"]] is None]
    edited = [r for r in settled if not _same_content(session, r)]
    for r in edited:
        split_published_draft(session, r["id"], r, raw_json=raw_json)
    settled = [r for r in settled if r not in edited]
    if not fresh and not settled and not edited:
        return 0
    workflow_ids = {r["workflow_id"] for r in (*fresh, *settled)}
    taken = {
        (w, n): i for i, w, n in session.execute(
            select(V.c.id, V.c.workflow_id, V.c.version).where(
                V.c.workflow_id.in_(workflow_ids), V.c.version > 0
            )
        )
    }
    for r in (*fresh, *settled):
        clash = taken.get((r["workflow_id"], r["version"]))
        if clash is not None and clash != r["id"]:
            raise MirrorConflict(
                f"the workspace holds another version {r['version']} of workflow "
                f"{r['workflow_id']} (id {clash}) than the remote ({r['id']})"
            )
    new_latest = {r["workflow_id"] for r in (*fresh, *settled) if r["is_latest"]}
    if new_latest:
        session.execute(
            update(V).where(V.c.workflow_id.in_(new_latest), V.c.is_latest).values(is_latest=False)
        )
    if fresh:
        session.execute(insert(RAW_V if raw_json else V), fresh)
    for r in settled:
        session.execute(update(V).where(V.c.id == r["id"]).values(
            version=r["version"], is_latest=r["is_latest"], publishedAt=r["publishedAt"],
        ))
    return len(fresh) + len(settled) + len(edited)


def _same_content(session: Session, pulled: Mapping[str, Any]) -> bool:
    """Whether the local draft with a pulled version's id still holds that version's content."""
    draft = _local_draft(session, pulled["id"])
    return draft is not None and digest_of_row(draft) == digest_of_row(pulled)


def fix_latest(session: Session, latest: Mapping[str, str]) -> int:
    """Make the workspace's latest flags match the remote's (``make_latest`` moves only a flag).

    ``latest`` maps workflow id -> the remote's latest version id; returns how many moved.
    """
    local = dict(session.execute(select(V.c.workflow_id, V.c.id).where(V.c.is_latest)).all())
    moved = 0
    for workflow_id, version_id in latest.items():
        if local.get(workflow_id) == version_id:
            continue
        if session.scalar(select(V.c.id).where(
            V.c.id == version_id, V.c["publishedAt"].is_not(None)
        )) is None:
            continue  # not pulled (filtered out): leave that workflow alone
        session.execute(
            update(V).where(V.c.workflow_id == workflow_id, V.c.is_latest).values(is_latest=False)
        )
        session.execute(update(V).where(V.c.id == version_id).values(is_latest=True))
        moved += 1
    return moved


def published_numbers(session: Session) -> dict[str, int]:
    """Highest published version number held per workflow: what a pull can skip."""
    return dict(session.execute(
        select(V.c.workflow_id, func.max(V.c.version))
        .where(V.c["publishedAt"].is_not(None))
        .group_by(V.c.workflow_id)
    ).all())


# ------------------------------------------------------------------ drafts


@dataclass(frozen=True)
class DraftContext:
    """What publishing a draft needs: its tenant, workflow, the draft and its base's id.

    The base document is loaded only when it is needed (the remote moved on).
    """

    tenant: TenantInfo
    workflow: WorkflowInfo
    draft: VersionRecord

    @property
    def base_id(self) -> str | None:
        return self.draft.info.based_on_id


def find_workflow(session: Session, tenant_name: str, key: str) -> tuple[TenantInfo, WorkflowInfo]:
    tenant = repo.find_tenant(session, tenant_name)
    if tenant is None:
        raise NotFound(f"the workspace has no tenant named {tenant_name!r}")
    return tenant, repo.get_workflow_by_key(session, tenant.id, key)


def draft_context(session: Session, tenant_name: str, key: str) -> DraftContext:
    tenant, workflow = find_workflow(session, tenant_name, key)
    draft = repo.get_draft(session, tenant.id, workflow.id)
    if draft is None:
        raise NotFound(
            f"workflow {key!r} of tenant {tenant_name!r} has no local draft to publish"
        )
    return DraftContext(tenant, workflow, draft)


def base_version(session: Session, ctx: DraftContext) -> VersionRecord | None:
    return repo.get_version(session, ctx.tenant.id, ctx.base_id) if ctx.base_id else None


def set_draft(
    session: Session, tenant_id: str, draft_id: str, document: VersionDocument, based_on_id: str | None
) -> VersionRecord:
    """Replace a draft's content *and* its base (a rebase onto ``based_on_id``)."""
    record = repo.save_draft(session, tenant_id, draft_id, document)
    meta = session.get(VersionMeta, draft_id)
    if meta is None:
        _parts, digest = prepare_document(document)
        session.add(VersionMeta(version_id=draft_id, based_on_id=based_on_id, content_hash=digest))
    else:
        meta.based_on_id = based_on_id
    session.flush()
    return repo.get_version(session, tenant_id, record.id)


def import_as_draft(
    session: Session,
    tenant_name: str,
    key: str,
    document: VersionDocument,
    *,
    name: str | None = None,
    replace: bool = True,
) -> VersionRecord:
    """Make ``document`` the workflow's local draft, based on the latest version the workspace holds.

    Creates the tenant and workflow when the workspace has neither. An existing
    draft is replaced in place (same id, so it stays the same future version)
    when ``replace`` is true, else :class:`DraftExists` is raised and nothing
    changes. This is ``flowdesk import FILE --workspace PATH --tenant T --key K``.
    """
    tenant = repo.get_or_create_tenant(session, tenant_name)
    try:
        workflow = repo.get_workflow_by_key(session, tenant.id, key)
    except NotFound:
        workflow = repo.create_workflow(session, tenant.id, key, name or key)
    latest = repo.get_latest(session, tenant.id, workflow.id)
    base_id = latest.id if latest is not None else None
    draft = repo.get_draft(session, tenant.id, workflow.id)
    if draft is not None and not replace:
        raise DraftExists(workflow.key, draft.id)
    if draft is None:
        draft = repo.create_draft(session, tenant.id, workflow.id, document=document)
    return set_draft(session, tenant.id, draft.id, document, base_id)


def record_published(
    session: Session,
    draft_id: str,
    number: int,
    published_at: datetime,
    workflow_updated_at: datetime | None = None,
) -> None:
    """The local draft *is* now remote version ``number``: publish it in the mirror, as latest."""
    row = session.execute(
        select(V.c.workflow_id, V.c["publishedAt"], V.c.version).where(V.c.id == draft_id)
    ).first()
    if row is None:
        raise NotFound(f"no local version with id {draft_id!r}")
    if row[1] is not None:
        if row[2] != number:
            raise MirrorConflict(
                f"local version {draft_id} is published as {row[2]}, the remote says {number}"
            )
        return
    workflow_id = row[0]
    clash = session.scalar(select(V.c.id).where(
        V.c.workflow_id == workflow_id, V.c.version == number, V.c.id != draft_id
    ))
    if clash is not None:
        raise MirrorConflict(
            f"the workspace already holds a different version {number} (id {clash}); pull first"
        )
    session.execute(
        update(V).where(V.c.workflow_id == workflow_id, V.c.is_latest).values(is_latest=False)
    )
    session.execute(update(V).where(V.c.id == draft_id).values(
        version=number, publishedAt=published_at, is_latest=True
    ))
    if workflow_updated_at is not None:
        session.execute(
            update(W).where(W.c.id == workflow_id).values(updatedAt=workflow_updated_at)
        )

