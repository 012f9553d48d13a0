"""Publish a local draft to the remote catalog as its next version, in one remote transaction.

The draft's UUID becomes the published version's id, and idempotency is bound
to that id *and the content hash*: a retry after a lost reply finds the row;
when it holds the same content it is only recorded locally (nothing is
published twice); when the draft was edited after the lost reply, the row the
earlier attempt committed is recorded as the version it is, the edited draft
moves to a new id based on it, and that is published as the next version (or
meets the remote's newer version as a merge). Old content is never reported as
"already published" for new content. The remote assigns the number under the
workflow's row lock; a first publish of a tenant name creates the tenant under
a transaction advisory lock on the name, so concurrent first publishes make one
tenant. If the
remote's latest version is not the one the draft was based on, nothing is
written and the result is :class:`RemoteMovedOn` with base, mine and theirs
(and the three-way merge of them); with ``rebase=True`` a conflict-free merge
becomes the draft (based on theirs) and is published.

A workflow the remote deleted (found by a pull, or by this publish: the remote
has no workflow of that key, or another one, while the workspace mirrors it)
is not published over: the result is :class:`RemoteDeleted`, and the author
publishes it again with ``as_new=True`` (a new remote workflow whose v1 is the
draft; the old history is dropped here as it was there) or discards it
(:func:`flowdesk.storage.sync.deletions.discard_deleted`).

With ``activate=True`` (the author's explicit consent) a *first* publish (the
remote holds no published version of the workflow, as with ``as_new``) also
sets the remote workflow's status to Active and its updatedAt, in the same
transaction as the version. Otherwise Flowdesk never changes the status, a
column the platform owns; on a later publish ``activate`` is ignored.

The local draft is only changed after the remote committed (it becomes the
published version) or by an explicit rebase; a failure at any point leaves
it as it was.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, insert, or_, select, text, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, IntegrityError

from flowdesk.model.canonical import canonical_json
from flowdesk.model.catalog import ActionCatalog
from flowdesk.model.document import FORMAT_VERSION, Graph, VersionDocument, load_parts
from flowdesk.model.merge import MergeResult, merge_documents
from flowdesk.model.problems import Problem, has_errors
from flowdesk.model.validation import validate
from flowdesk.storage import dberrors
from flowdesk.storage.clock import utcnow
from flowdesk.storage.database import Database
from flowdesk.storage.errors import ConcurrentPublish, DatabaseUnavailable, StorageError
from flowdesk.storage.records import VersionRecord
from flowdesk.storage.schema import WorkflowStatus, new_id
from flowdesk.storage.sync import deletions, mirror
from flowdesk.storage.sync.mirror import DraftContext, M, T, V, W
from flowdesk.storage.sync.progress import (
    CancelToken,
    Progress,
    ProgressCallback,
    StepHook,
    report,
    step,
)
from flowdesk.storage.sync.remote import Remote
from flowdesk.storage.values import check_storable_json, hash_of_text, stored_parts

log = logging.getLogger(__name__)

#: How often publish re-tries after a clean automatic rebase or a concurrent publisher.
MAX_ATTEMPTS = 3


# ------------------------------------------------------------------ results


@dataclass(frozen=True)
class Published:
    """The draft is now version ``version`` on the remote and in the workspace mirror."""

    version: int
    version_id: str
    workflow_key: str
    already: bool = False  # a retry found it published by an earlier attempt
    rebased: bool = False  # merged onto the remote's newer version first
    as_new: bool = False  # the remote had deleted the workflow: published as a new one
    activated: bool = False  # this publish made the workflow Active (first publish + consent)

    status = "published"

    @property
    def message(self) -> str:
        how = " as a new workflow" if self.as_new else ""
        how += " (an earlier attempt had published it)" if self.already else ""
        how += " after merging with the remote's changes" if self.rebased else ""
        how += "; the workflow is now Active" if self.activated else ""
        return f"published {self.workflow_key} v{self.version}{how}"


@dataclass(frozen=True)
class Refused:
    """The draft does not validate; nothing was sent."""

    problems: tuple[Problem, ...]
    workflow_key: str

    status = "refused"

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def message(self) -> str:
        return f"publish of {self.workflow_key} refused: {len(self.errors)} error(s)"


@dataclass(frozen=True)
class RemoteMovedOn:
    """The remote's latest is not the draft's base: merge first (nothing was written remotely).

    ``merge`` is the three-way merge of base, mine and theirs (its ``conflicts``
    are empty when an automatic rebase would work); ``theirs_id`` is already in
    the workspace mirror, so :func:`accept_merge` can rebase the draft on it.
    """

    workflow_key: str
    base: VersionDocument
    mine: VersionDocument
    theirs: VersionDocument
    base_version: int | None
    theirs_version: int
    theirs_id: str
    merge: MergeResult

    status = "moved_on"

    @property
    def conflicts(self) -> tuple[Any, ...]:
        return self.merge.conflicts

    @property
    def message(self) -> str:
        base = f"v{self.base_version}" if self.base_version is not None else "nothing"
        n = len(self.merge.conflicts)
        clean = ("the changes merge without conflict" if self.merge.is_clean
                 else f"{n} conflict{'' if n == 1 else 's'}")
        return (
            f"remote moved on: {self.workflow_key} is at v{self.theirs_version}, "
            f"the draft is based on {base}; {clean}"
        )


@dataclass(frozen=True)
class RemoteDeleted:
    """The remote no longer has this workflow; nothing was sent and the draft is kept."""

    workflow_key: str
    tenant: str
    remote: str

    status = "deleted"

    @property
    def message(self) -> str:
        return (
            f"{self.workflow_key} (tenant {self.tenant}) was deleted on remote {self.remote}; "
            "your draft is kept: publish it as a new workflow or discard it"
        )


PublishResult = Published | Refused | RemoteMovedOn | RemoteDeleted


class _MovedOn(Exception):
    """Internal: aborts the remote transaction when the remote's latest is not the base."""

    def __init__(self, latest: Any) -> None:
        super().__init__("remote moved on")
        self.latest = latest


class _Deleted(Exception):
    """Internal: the remote lost the workflow this workspace mirrors (rolled back)."""


class _PublishedEarlier(Exception):
    """Internal: an earlier attempt committed the draft's id with *other* content (the draft
    was edited after a lost reply). Carries that remote row; nothing was written."""

    def __init__(self, row: dict[str, Any]) -> None:
        super().__init__("an earlier attempt published other content under the draft's id")
        self.row = row


# ------------------------------------------------------------------ remote side


#: Serializes "find the tenant by name, else create it" across every client (tenant names
#: are not unique in the platform's schema, so no constraint can); released at commit.
_LOCK_TENANT_NAME = text("SELECT pg_advisory_xact_lock(hashtext('flowdesk.tenant'), hashtext(:n))")


def _ensure_remote_tenant(rc: Connection, ctx: DraftContext) -> dict[str, Any]:
    cols = [T.c[c] for c in mirror.TENANT_COLUMNS]
    row = rc.execute(select(*cols).where(T.c.id == ctx.tenant.id)).first()
    if row is None:
        by_name = select(*cols).where(T.c.name == ctx.tenant.name).order_by(
            T.c["createdAt"], T.c.id
        )
        row = rc.execute(by_name).first()
        if row is None:
            # Another first publish of this name may be creating it: wait for it, look again.
            rc.execute(_LOCK_TENANT_NAME, {"n": ctx.tenant.name})
            row = rc.execute(by_name).first()
    if row is None:
        values = {"id": ctx.tenant.id, "name": ctx.tenant.name,
                  "createdAt": ctx.tenant.created_at.replace(tzinfo=None)}
        rc.execute(insert(T).values(**values))
        return values
    return dict(row._mapping)


def _lock_remote_workflow(
    rc: Connection, tenant_id: str, ctx: DraftContext, *, mirrored: bool, as_new: bool
) -> dict[str, Any]:
    """The remote's workflow of this key, created when missing (under a fresh id ``as_new``).

    Missing while the workspace mirrors it from this remote means the remote deleted it:
    raises :class:`_Deleted` rather than re-creating it under the old id.
    """
    cols = [W.c[c] for c in mirror.WORKFLOW_COLUMNS]
    query = select(*cols).where(W.c.tenant_id == tenant_id, W.c.key == ctx.workflow.key)
    row = rc.execute(query.with_for_update(key_share=True)).first()
    if row is None:
        if mirrored and not as_new:
            raise _Deleted()
        wf = ctx.workflow
        values = {
            "id": new_id() if as_new else wf.id, "tenant_id": tenant_id, "key": wf.key, "name": wf.name,
            "description": wf.description, "status": wf.status,
            "createdAt": wf.created_at.replace(tzinfo=None),
            "updatedAt": wf.updated_at.replace(tzinfo=None),
        }
        rc.execute(insert(W).values(**values))
        return values
    return dict(row._mapping)


def _lock_known_workflow(rc: Connection, ctx: DraftContext) -> tuple[dict, dict] | None:
    """The usual case in one round trip: tenant and workflow known remotely under these ids."""
    row = rc.execute(
        select(*(W.c[c] for c in mirror.WORKFLOW_COLUMNS),
               T.c.name.label("tenant_name"), T.c["createdAt"].label("tenant_created"))
        .select_from(W.join(T, T.c.id == W.c.tenant_id))
        .where(T.c.id == ctx.tenant.id, W.c.key == ctx.workflow.key)
        .with_for_update(of=W, key_share=True)
    ).first()
    if row is None:
        return None
    values = dict(row._mapping)
    tenant = {"id": values["tenant_id"], "name": values.pop("tenant_name"),
              "createdAt": values.pop("tenant_created")}
    return tenant, values


_NUMBERS = text(
    'SELECT max(version), count(*) FILTER (WHERE "publishedAt" IS NOT NULL) '
    "FROM workflow_versions WHERE workflow_id = :wf"
)


def _next_number(rc: Connection, workflow_id: str) -> tuple[int, bool]:
    """One above every number the workflow's rows hold, and whether it is the workflow's
    first published version. A draft another client numbered (positive) keeps its number:
    Flowdesk never renumbers a row it did not write."""
    highest, published = rc.execute(_NUMBERS, {"wf": workflow_id}).one()
    return max(0, highest or 0) + 1, not published


@dataclass(frozen=True)
class _Sent:
    number: int
    published_at: datetime
    tenant: dict[str, Any]
    workflow: dict[str, Any]
    already: bool
    activated: bool = False


@dataclass(frozen=True)
class _Payload:
    """The draft's three JSON columns as canonical text, and the content hash, made in one pass."""

    graph: str
    parameter_schema: str | None
    env_config: str | None
    digest: str

    @classmethod
    def of(cls, document: VersionDocument) -> _Payload:
        graph, schema, env = stored_parts(document)  # refuses what no column can hold
        texts = {
            "graph": canonical_json(graph),
            "parameterSchema": canonical_json(schema) if schema is not None else None,
            "envConfig": canonical_json(env) if env is not None else None,
        }
        # Canonical JSON of the whole document, assembled from the parts' canonical texts
        # (sorted keys, no whitespace: exactly values.stored_json_text's output, without
        # normalising the graph a second time).
        members = {"formatVersion": str(FORMAT_VERSION), **texts}
        whole = "{" + ",".join(
            f"{json.dumps(k)}:{v}" for k, v in sorted(members.items()) if v is not None
        ) + "}"
        check_storable_json(whole)
        return cls(texts["graph"], texts["parameterSchema"], texts["envConfig"],
                   hash_of_text(whole))


_INSERT_VERSION = text(
    'INSERT INTO workflow_versions (id, workflow_id, version, graph, parameter_schema, '
    'env_config, is_latest, "createdAt", "publishedAt") VALUES (:id, :workflow_id, :version, '
    'CAST(:graph AS jsonb), CAST(:parameter_schema AS jsonb), CAST(:env_config AS jsonb), '
    'true, :created_at, :published_at)'
)


def _touch(workflow_id: str, now: datetime, *, activate: bool = False) -> Any:
    """The workflow's updatedAt (Prisma's @updatedAt: the client sets it), and its status
    when the author consented to make it Active."""
    values: dict[str, Any] = {"updatedAt": now}
    if activate:
        values["status"] = WorkflowStatus.ACTIVE
    return update(W).where(W.c.id == workflow_id).values(**values)


def _meta_and_touch(
    version_id: str, base_id: str | None, digest: str, workflow_id: str, now: datetime,
    *, activate: bool = False,
) -> Any:
    """Flowdesk's bookkeeping row (when the remote has the table) and the workflow's
    updatedAt (and status), in one round trip. Built from the model's table, so it follows
    the schema the table lives in."""
    base = select(V.c.id).where(V.c.id == base_id).scalar_subquery()
    meta = insert(M).values(version_id=version_id, based_on_id=base, content_hash=digest)
    return _touch(workflow_id, now, activate=activate).add_cte(meta.cte("meta"))


def _send(
    remote: Remote, ctx: DraftContext, payload: _Payload,
    on_step: StepHook | None, cancel: CancelToken, *, mirrored: bool, as_new: bool,
    activate: bool = False,
) -> _Sent:
    """The one remote transaction. Raises _MovedOn (rolled back) when the base is stale,
    _Deleted when the remote lost the mirrored workflow, _PublishedEarlier (see there).
    ``activate`` makes the workflow Active only when this is its first published version."""
    draft = ctx.draft.info
    base_id = None if as_new else ctx.base_id  # the old history is gone from the remote
    with remote.begin() as rc:
        step(on_step, "remote_transaction_open")
        known = _lock_known_workflow(rc, ctx)
        if known is None:
            tenant = _ensure_remote_tenant(rc, ctx)
            workflow = _lock_remote_workflow(rc, tenant["id"], ctx, mirrored=mirrored,
                                             as_new=as_new)
        else:
            tenant, workflow = known
        if mirrored and not as_new and workflow["id"] != ctx.workflow.id:
            raise _Deleted()  # the remote's workflow of this key is another one
        rows = rc.execute(
            select(V.c.id, V.c.version, V.c["publishedAt"], V.c.workflow_id, V.c.is_latest)
            .where(or_(V.c.id == draft.id, and_(V.c.workflow_id == workflow["id"], V.c.is_latest)))
        ).all()
        done = next((r for r in rows if r.id == draft.id), None)
        latest = next((r for r in rows if r.is_latest and r.workflow_id == workflow["id"]), None)
        if done is not None:
            if done.publishedAt is None or done.workflow_id != workflow["id"]:
                raise StorageError(
                    f"the remote holds a row with the draft's id {draft.id} that is not this "
                    "draft's published version; refusing to publish over it"
                )
            earlier = _published_row(rc, draft.id)
            if mirror.digest_of_row(earlier) != payload.digest:
                raise _PublishedEarlier(earlier)
            return _Sent(done.version, done.publishedAt, tenant, workflow, already=True)
        if latest is not None and latest.id != base_id:
            raise _MovedOn(latest)
        number, first = _next_number(rc, workflow["id"])
        activated = activate and first
        now = utcnow()
        rc.execute(
            update(V).where(V.c.workflow_id == workflow["id"], V.c.is_latest)
            .values(is_latest=False)
        )
        rc.execute(_INSERT_VERSION, {
            "id": draft.id, "workflow_id": workflow["id"], "version": number,
            "graph": payload.graph, "parameter_schema": payload.parameter_schema,
            "env_config": payload.env_config,
            "created_at": draft.created_at.replace(tzinfo=None), "published_at": now,
        })
        if remote.has_table(rc, M.fullname):
            rc.execute(_meta_and_touch(draft.id, base_id, payload.digest, workflow["id"], now,
                                       activate=activated))
        else:
            rc.execute(_touch(workflow["id"], now, activate=activated))
        workflow["updatedAt"] = now
        if activated:
            workflow["status"] = WorkflowStatus.ACTIVE  # the mirror records it with the version
        step(on_step, "version_inserted")
        cancel.check("publishing (before the remote commit; nothing was published)")
    step(on_step, "remote_committed")
    return _Sent(number, now, tenant, workflow, already=False, activated=activated)


def _published_row(rc: Connection, version_id: str) -> dict[str, Any]:
    row = rc.execute(
        select(*(V.c[c] for c in mirror.VERSION_COLUMNS)).where(V.c.id == version_id)
    ).one()
    return dict(row._mapping)


# ------------------------------------------------------------------ local side


def _record(workspace: Database, remote: Remote, ctx: DraftContext, sent: _Sent) -> None:
    with dberrors.translated("recording the published version"), workspace.session() as s:
        mirror.apply_tenant(s, sent.tenant, {sent.tenant["id"]})
        if sent.workflow["id"] != ctx.workflow.id and deletions.is_deleted_on_remote(
            s, ctx.workflow.id
        ):
            # published as a new workflow: the old one (and its history) goes here too
            deletions.rehome_draft(s, ctx.workflow.id, sent.workflow)
        mirror.apply_workflow(s, sent.workflow)
        mirror.record_published(
            s, ctx.draft.id, sent.number, sent.published_at, sent.workflow["updatedAt"]
        )
        remote_id = mirror.ensure_remote(s, remote.profile)
        deletions.record_mirrored(s, remote_id, [sent.workflow["id"]])
        mirror.mark_remote_used(s, remote_id, pulled=False)


def _fetch_theirs(
    workspace: Database, remote: Remote, ctx: DraftContext, latest_id: str
) -> tuple[VersionDocument, int]:
    """Bring the remote's versions of this workflow into the mirror; return its latest."""
    with remote.connect() as rc:
        wf = rc.execute(select(*(W.c[c] for c in mirror.WORKFLOW_COLUMNS)).where(
            W.c.id == select(V.c.workflow_id).where(V.c.id == latest_id).scalar_subquery()
        )).first()
        tenant = rc.execute(select(*(T.c[c] for c in mirror.TENANT_COLUMNS)).where(
            T.c.id == wf.tenant_id
        )).first()
        rows = [r._mapping for r in rc.execute(
            select(*(V.c[c] for c in mirror.VERSION_COLUMNS)).where(
                V.c.workflow_id == wf.id, V.c["publishedAt"].is_not(None)
            ).order_by(V.c.version)
        )]
    with dberrors.translated("saving the remote's versions"), workspace.session() as s:
        mirror.apply_tenant(s, tenant._mapping, {tenant.id})
        mirror.apply_workflow(s, wf._mapping)
        mirror.apply_versions(s, rows, raw_json=False)
        mirror.fix_latest(s, {wf.id: latest_id})
    theirs = next(r for r in rows if r["id"] == latest_id)
    document = load_parts(theirs["graph"], theirs["parameter_schema"], theirs["env_config"])
    return document, theirs["version"]


def _empty_base() -> VersionDocument:
    """The base of a draft that was based on nothing: no nodes, no edges, no schema, no env."""
    return VersionDocument(graph=Graph(nodes=(), edges=(), notes=()))


@dataclass(frozen=True)
class _Standing:
    """Where the workflow stands with this remote: mirrored from it, and deleted there."""

    remote_id: str
    mirrored: bool
    deleted: bool


def _context(
    workspace: Database, tenant: str, key: str, remote: Remote
) -> tuple[DraftContext, _Standing]:
    with dberrors.translated("reading the draft"), workspace.session() as s:
        ctx = mirror.draft_context(s, tenant, key)
        remote_id = mirror.ensure_remote(s, remote.profile)
        standing = _Standing(
            remote_id,
            deletions.is_mirrored(s, remote_id, ctx.workflow.id),
            deletions.is_deleted_on_remote(s, ctx.workflow.id),
        )
    return ctx, standing


def accept_merge(
    workspace: Database, tenant: str, key: str, document: VersionDocument, theirs_id: str
) -> VersionRecord:
    """Make a (resolved) merge the workflow's draft, based on ``theirs_id``; same draft id.

    The GUI calls this when the author accepts the merge view; cancelling the
    view simply does not call it and the draft stays as it was.
    """
    with dberrors.translated("saving the merged draft"), workspace.session() as s:
        ctx = mirror.draft_context(s, tenant, key)
        return mirror.set_draft(s, ctx.tenant.id, ctx.draft.id, document, theirs_id)


def publish_draft(
    workspace: Database,
    remote: Remote,
    tenant: str,
    key: str,
    *,
    rebase: bool = False,
    as_new: bool = False,
    activate: bool = False,
    catalog: ActionCatalog | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    on_step: StepHook | None = None,
) -> PublishResult:
    """Publish the draft of workflow ``key`` of ``tenant`` from ``workspace`` to ``remote``.

    Returns :class:`Published`, :class:`Refused`, :class:`RemoteMovedOn` or
    :class:`RemoteDeleted`. ``as_new`` is the author's answer to the latter:
    publish the draft as a new remote workflow (ignored for a workflow the
    remote still has). ``activate`` is the author's consent to make the workflow
    Active: honoured only when this is the workflow's first published version on the
    remote (``Published.activated`` says whether it was), ignored otherwise.
    Raises :class:`DatabaseUnavailable` when the remote cannot be reached or the
    connection drops (the draft is intact; publishing again is safe),
    :class:`Cancelled`, :class:`NotFound` (no such tenant/workflow/draft) and
    :class:`ConcurrentPublish` when others kept the workflow locked.
    """
    cancel = cancel or CancelToken()
    rebased = False
    for attempt in range(1, MAX_ATTEMPTS + 1):
        ctx, standing = _context(workspace, tenant, key, remote)
        if standing.deleted and not as_new:
            return RemoteDeleted(key, tenant, remote.display_url)
        new_workflow = as_new and standing.deleted
        report(progress, Progress("publish", 0, 3, f"checking {key}"))
        mine = ctx.draft.document
        problems = validate(mine, catalog)
        if has_errors(problems):
            return Refused(tuple(problems), key)
        payload = _Payload.of(mine)
        cancel.check("publishing (nothing was sent)")
        report(progress, Progress("publish", 1, 3, f"sending {key}"))
        try:
            sent = _send(remote, ctx, payload, on_step, cancel,
                         mirrored=standing.mirrored, as_new=new_workflow, activate=activate)
        except _Deleted:
            with dberrors.translated("marking the workflow deleted"), workspace.session() as s:
                deletions.mark_deleted(s, standing.remote_id, ctx.workflow.id)
            return RemoteDeleted(key, tenant, remote.display_url)
        except _PublishedEarlier as earlier:
            # The draft was edited after a publish whose reply was lost: keep that version
            # as what it is, and publish the edited draft (now based on it) after it.
            with dberrors.translated("recording the earlier published version"), \
                    workspace.session() as s:
                mirror.split_published_draft(s, ctx.draft.id, earlier.row, raw_json=False)
            continue
        except _MovedOn as moved:
            report(progress, Progress("publish", 1, 3, "the remote moved on: merging"))
            result = _moved_on(workspace, remote, ctx, moved.latest.id, catalog,
                               as_new=new_workflow)
            if not rebase or not result.merge.is_clean:
                return result
            if has_errors(list(result.merge.problems)):
                return Refused(tuple(result.merge.problems), key)
            accept_merge(workspace, tenant, key, result.merge.document, result.theirs_id)
            rebased = True
            continue
        except IntegrityError as exc:
            if attempt == MAX_ATTEMPTS:
                raise ConcurrentPublish(
                    f"publishing {key}: another client changed the workflow at the same time; "
                    f"try again ({dberrors.first_line(exc)})"
                ) from None
            continue
        except DBAPIError as exc:
            translated = dberrors.translate(exc, f"publishing {key}")
            if isinstance(translated, ConcurrentPublish):
                raise translated from None
            error = remote.failure(exc, f"publishing {key}")
            if isinstance(error, DatabaseUnavailable):
                error.args = (
                    f"{error.args[0]}; the local draft is intact and publishing again is safe "
                    "(an already published draft is recognised by its id)",
                )
            raise error from None
        report(progress, Progress("publish", 2, 3, "recording locally"))
        _record(workspace, remote, ctx, sent)
        report(progress, Progress("publish", 3, 3, f"published v{sent.number}"))
        result_ok = Published(sent.number, ctx.draft.id, key, already=sent.already,
                              rebased=rebased, as_new=new_workflow, activated=sent.activated)
        log.info("%s to %s", result_ok.message, remote.display_url)
        return result_ok
    raise ConcurrentPublish(
        f"publishing {key}: the remote kept moving on during {MAX_ATTEMPTS} attempts; try again"
    )


def _moved_on(
    workspace: Database, remote: Remote, ctx: DraftContext, latest_id: str,
    catalog: ActionCatalog | None, *, as_new: bool = False,
) -> RemoteMovedOn:
    try:
        theirs, theirs_version = _fetch_theirs(workspace, remote, ctx, latest_id)
    except DBAPIError as exc:
        raise remote.failure(exc, f"reading the latest version of {ctx.workflow.key}") from None
    with workspace.session() as s:
        base_record = None if as_new else mirror.base_version(s, ctx)
    base = base_record.document if base_record is not None else _empty_base()
    mine = ctx.draft.document
    merge = merge_documents(base, mine, theirs, catalog)
    return RemoteMovedOn(
        workflow_key=ctx.workflow.key,
        base=base,
        mine=mine,
        theirs=theirs,
        base_version=base_record.info.version if base_record is not None else None,
        theirs_version=theirs_version,
        theirs_id=latest_id,
        merge=merge,
    )
