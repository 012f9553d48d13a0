"""Workflow versions: drafts, publishing, the latest pointer, history.

A draft is a ``workflow_versions`` row with ``"publishedAt"`` NULL. Because the
Prisma ``version`` column is NOT NULL and unique per workflow, a draft holds a
provisional *negative* number (-1, -2, ...; see ``flowdesk.storage.schema``),
taken under the workflow's row lock. ``publish`` replaces it with the next
published number: one above every number in use, so consecutive from 1 unless
another client's draft holds a positive number, which is skipped. Flowdesk keeps
at most one draft per workflow unless a caller (sync) explicitly asks for another.

Flowdesk only changes rows it wrote, and it records every row it writes in
``flowdesk_version_meta``. A draft with no meta row was made by another client
of the platform (its API, say): it is listed in the history and can be copied
into a new draft, but it is never returned as "the draft", saved over,
discarded, published or renumbered (:class:`ForeignVersion`). The one shared
field Flowdesk does write on others' rows is ``is_latest``, the latest pointer.

Publishing locks the workflow row first (``workflows.lock_workflow``), then
reads the numbers: concurrent publishers of one workflow queue on that lock,
which gives consecutive numbers and exactly one latest without deadlocks.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from flowdesk.model.catalog import ActionCatalog
from flowdesk.model.document import VersionDocument, empty_document, load_parts
from flowdesk.model.errors import DocumentError
from flowdesk.model.gc_pause import gc_paused
from flowdesk.model.problems import Location, Problem, error, has_errors
from flowdesk.model.validation import validate
from flowdesk.storage import dberrors
from flowdesk.storage.clock import utcnow
from flowdesk.storage.errors import (
    DraftExists,
    ForeignVersion,
    ImmutableVersion,
    NotFound,
    PublishRefused,
    StorageError,
)
from flowdesk.storage.records import VersionInfo, VersionRecord, as_utc
from flowdesk.storage.schema import VersionMeta, Workflow, WorkflowStatus, WorkflowVersion
from flowdesk.storage.values import prepare_document
from flowdesk.storage.workflows import lock_workflow, touch, workflow_row

V = WorkflowVersion


# ------------------------------------------------------------------ reading


def _row(session: Session, tenant_id: str, version_id: str) -> V:
    query = (
        select(V)
        .join(Workflow, Workflow.id == V.workflow_id)
        .where(V.id == version_id, Workflow.tenant_id == tenant_id)
    )
    with dberrors.translated(f"reading version {version_id}"):
        row = session.scalars(query).first()
    if row is None:
        raise NotFound(f"no workflow version with id {version_id!r} in this tenant")
    return row


def _info(row: V, meta: VersionMeta | None) -> VersionInfo:
    return VersionInfo(
        id=row.id,
        workflow_id=row.workflow_id,
        version=row.version,
        is_latest=bool(row.is_latest),
        created_at=as_utc(row.created_at),
        published_at=as_utc(row.published_at) if row.published_at is not None else None,
        based_on_id=meta.based_on_id if meta is not None else None,
        content_hash=meta.content_hash if meta is not None else None,
    )


def _document(row: V) -> VersionDocument:
    try:
        with gc_paused():
            return load_parts(row.graph, row.parameter_schema, row.env_config)
    except DocumentError as exc:
        raise StorageError(
            f"version {row.version} ({row.id}) holds JSON that is not a version document: {exc}"
        ) from exc


def _record(session: Session, row: V) -> VersionRecord:
    return VersionRecord(info=_info(row, session.get(VersionMeta, row.id)), document=_document(row))


def get_version(session: Session, tenant_id: str, version_id: str) -> VersionRecord:
    # Decoding a big graph's JSON allocates as much as building the document.
    with gc_paused():
        return _record(session, _row(session, tenant_id, version_id))


def get_version_by_number(
    session: Session, tenant_id: str, workflow_id: str, number: int
) -> VersionRecord:
    workflow_row(session, tenant_id, workflow_id)
    with gc_paused():
        row = session.scalars(
            select(V).where(V.workflow_id == workflow_id, V.version == number)
        ).first()
        if row is None or row.published_at is None:
            raise NotFound(f"workflow {workflow_id} has no published version {number}")
        return _record(session, row)


def get_latest(session: Session, tenant_id: str, workflow_id: str) -> VersionRecord | None:
    workflow_row(session, tenant_id, workflow_id)
    with gc_paused():
        row = session.scalars(select(V).where(V.workflow_id == workflow_id, V.is_latest)).first()
        return _record(session, row) if row is not None else None


def _drafts(session: Session, workflow_id: str) -> list[V]:
    """Flowdesk's drafts of the workflow, newest first (others' drafts have no meta row)."""
    return list(
        session.scalars(
            select(V)
            .join(VersionMeta, VersionMeta.version_id == V.id)
            .where(V.workflow_id == workflow_id, V.published_at.is_(None))
            .order_by(V.created_at.desc(), V.version)
        )
    )


def get_draft(session: Session, tenant_id: str, workflow_id: str) -> VersionRecord | None:
    """The workflow's Flowdesk draft (the newest if sync made several); never another client's."""
    workflow_row(session, tenant_id, workflow_id)
    drafts = _drafts(session, workflow_id)
    return _record(session, drafts[0]) if drafts else None


def list_versions(session: Session, tenant_id: str, workflow_id: str) -> list[VersionInfo]:
    """Newest first: drafts (newest first), then published versions by number, descending.

    Documents are not loaded: history lists stay fast however big the graphs are.
    """
    workflow_row(session, tenant_id, workflow_id)
    m = VersionMeta
    rows = session.execute(
        select(
            V.id, V.workflow_id, V.version, V.is_latest, V.created_at, V.published_at,
            m.based_on_id, m.content_hash,
        )
        .outerjoin(m, m.version_id == V.id)
        .where(V.workflow_id == workflow_id)
    ).all()
    infos = [
        VersionInfo(
            id=r.id, workflow_id=r.workflow_id, version=r.version, is_latest=bool(r.is_latest),
            created_at=as_utc(r.created_at),
            published_at=as_utc(r.published_at) if r.published_at is not None else None,
            based_on_id=r.based_on_id, content_hash=r.content_hash,
        )
        for r in rows
    ]
    drafts = sorted((i for i in infos if i.is_draft), key=lambda i: i.created_at, reverse=True)
    published = sorted((i for i in infos if not i.is_draft), key=lambda i: -i.version)
    return drafts + published


# ------------------------------------------------------------------ drafts


def _lock_with_version(session: Session, tenant_id: str, version_id: str) -> tuple[Workflow, V]:
    """Lock the version's workflow row and the version row in one statement, reloading both.

    PostgreSQL: ``FOR NO KEY UPDATE`` on both rows (see ``workflows.lock_workflow``
    for why not ``FOR UPDATE``); the wait is capped by the connection's lock_timeout.
    """
    with dberrors.translated(f"locking the workflow of version {version_id}"):
        found = session.execute(
            select(Workflow, V)
            .join(V, V.workflow_id == Workflow.id)
            .where(V.id == version_id, Workflow.tenant_id == tenant_id)
            .with_for_update(key_share=True)
            .execution_options(populate_existing=True)
        ).first()
    if found is None:
        raise NotFound(f"no workflow version with id {version_id!r} in this tenant")
    return found[0], found[1]


def _next_draft_number(session: Session, workflow_id: str) -> int:
    lowest = session.scalar(select(func.min(V.version)).where(V.workflow_id == workflow_id))
    return min(0, lowest or 0) - 1


def _store_meta(session: Session, version_id: str, content_hash: str, based_on: Any) -> None:
    meta = session.get(VersionMeta, version_id)
    if meta is None:
        session.add(VersionMeta(version_id=version_id, based_on_id=based_on, content_hash=content_hash))
    else:
        meta.content_hash = content_hash


def create_draft(
    session: Session,
    tenant_id: str,
    workflow_id: str,
    *,
    from_version_id: str | None = None,
    document: VersionDocument | None = None,
    exclusive: bool = True,
) -> VersionRecord:
    """A new draft: empty (start -> end), a copy of ``from_version_id``, or ``document``.

    ``based_on_id`` records the published version the draft derives from (for
    a copy of a draft, that draft's own base). With ``exclusive`` (the default)
    a workflow that already has a draft raises :class:`DraftExists`: nothing
    saved is ever replaced silently.
    """
    workflow = lock_workflow(session, tenant_id, workflow_id)
    if exclusive:
        existing = _drafts(session, workflow_id)
        if existing:
            raise DraftExists(workflow.key, existing[0].id)
    based_on: str | None = None
    if from_version_id is not None:
        source = _row(session, tenant_id, from_version_id)
        if source.workflow_id != workflow_id:
            raise StorageError(
                f"version {from_version_id} belongs to another workflow than {workflow.key!r}"
            )
        if source.published_at is not None:
            based_on = source.id
        else:
            source_meta = session.get(VersionMeta, source.id)
            based_on = source_meta.based_on_id if source_meta is not None else None
        if document is None:
            document = _document(source)
    if document is None:
        document = empty_document()
    (graph, schema, env), digest = prepare_document(document)
    row = V(
        workflow_id=workflow_id,
        version=_next_draft_number(session, workflow_id),
        graph=graph,
        parameter_schema=schema,
        env_config=env,
        is_latest=False,
        created_at=utcnow(),
        published_at=None,
    )
    session.add(row)
    dberrors.flush(session, f"creating a draft of workflow {workflow.key!r}")
    _store_meta(session, row.id, digest, based_on)
    touch(workflow)
    dberrors.flush(session, f"creating a draft of workflow {workflow.key!r}")
    return _record(session, row)


def _refuse_published(row: V, action: str) -> None:
    if row.published_at is not None:
        raise ImmutableVersion(
            f"version {row.version} ({row.id}) is published and immutable; cannot {action} it "
            "(create a draft from it instead)"
        )


def _refuse_foreign(session: Session, row: V, action: str) -> None:
    """Flowdesk never changes a draft another client of the platform wrote."""
    if row.published_at is None and session.get(VersionMeta, row.id) is None:
        raise ForeignVersion(
            f"draft {row.version} ({row.id}) was written by another client of the platform; "
            f"Flowdesk does not {action} it (create a draft from it instead)"
        )


def save_draft(
    session: Session, tenant_id: str, version_id: str, document: VersionDocument
) -> VersionRecord:
    (graph, schema, env), digest = prepare_document(document)
    workflow, row = _lock_with_version(session, tenant_id, version_id)
    _refuse_published(row, "save")
    _refuse_foreign(session, row, "save")
    row.graph, row.parameter_schema, row.env_config = graph, schema, env
    _store_meta(session, row.id, digest, None)
    touch(workflow)
    dberrors.flush(session, f"saving draft {version_id}")
    return VersionRecord(info=_info(row, session.get(VersionMeta, row.id)), document=document)


def discard_draft(session: Session, tenant_id: str, version_id: str) -> None:
    workflow, row = _lock_with_version(session, tenant_id, version_id)
    _refuse_published(row, "discard")
    _refuse_foreign(session, row, "discard")
    session.delete(row)
    touch(workflow)
    dberrors.flush(session, f"discarding draft {version_id}")


def restore_as_draft(session: Session, tenant_id: str, version_id: str) -> VersionRecord:
    """Any version, copied into a new draft of its workflow (based on it when published)."""
    row = _row(session, tenant_id, version_id)
    return create_draft(session, tenant_id, row.workflow_id, from_version_id=version_id)


# ------------------------------------------------------------------ publishing


def _checked(
    row: V, catalog: ActionCatalog | None
) -> tuple[VersionDocument | None, list[Problem]]:
    """The row's document and its problems (a shape error is a problem too)."""
    try:
        with gc_paused():
            document = load_parts(row.graph, row.parameter_schema, row.env_config)
    except DocumentError as exc:
        return None, [error("document.shape", Location(exc.pointer), exc.message)]
    return document, validate(document, catalog)


def _content(row: V) -> tuple[Any, Any, Any]:
    return (row.graph, row.parameter_schema, row.env_config)


def _clear_latest(session: Session, workflow_id: str, except_id: str | None = None) -> None:
    query = update(V).where(V.workflow_id == workflow_id, V.is_latest)
    if except_id is not None:
        query = query.where(V.id != except_id)
    session.execute(query.values(is_latest=False).execution_options(synchronize_session="fetch"))


def publish(
    session: Session,
    tenant_id: str,
    version_id: str,
    catalog: ActionCatalog | None = None,
    *,
    activate: bool = False,
) -> VersionRecord:
    """Validate the draft and make it the workflow's next, latest published version.

    The number is one above every number the workflow's rows hold: another
    client's draft holding the next number keeps it (it is not Flowdesk's to
    move). With ``activate`` the workflow's status becomes Active in the same
    transaction (the window offers it on a workflow's first publish).

    Raises :class:`PublishRefused` with the problems when it has errors,
    :class:`ImmutableVersion` if it is already published (perhaps by another
    session meanwhile), :class:`ForeignVersion` for another client's draft,
    :class:`ConcurrentPublish` when the workflow stayed locked too long (retry).
    """
    row = _row(session, tenant_id, version_id)
    _refuse_published(row, "publish")
    _refuse_foreign(session, row, "publish")
    # Validate before taking the lock, so big graphs do not hold up other publishers.
    validated = _content(row)
    document, problems = _checked(row, catalog)
    if has_errors(problems):
        raise PublishRefused(problems)
    workflow, row = _lock_with_version(session, tenant_id, version_id)
    if row.published_at is not None:
        raise ImmutableVersion(
            f"version {version_id} was published meanwhile (as version {row.version}) "
            "by another session"
        )
    if _content(row) != validated:  # saved by someone between our read and the lock
        document, problems = _checked(row, catalog)
        if has_errors(problems):
            raise PublishRefused(problems)
    with dberrors.translated(f"publishing version {version_id}"):
        highest = session.scalar(
            select(func.max(V.version)).where(V.workflow_id == row.workflow_id)
        )
        _clear_latest(session, row.workflow_id)
        row.version = max(0, highest or 0) + 1
        row.published_at = utcnow()
        row.is_latest = True
        if activate:
            workflow.status = WorkflowStatus.ACTIVE
        touch(workflow)
        session.flush()
    assert document is not None
    return VersionRecord(info=_info(row, session.get(VersionMeta, row.id)), document=document)


def make_latest(session: Session, tenant_id: str, version_id: str) -> VersionRecord:
    """Roll back (or forward): only the latest pointer moves, no content changes."""
    _workflow, row = _lock_with_version(session, tenant_id, version_id)
    if row.published_at is None:
        raise StorageError(f"draft {version_id} cannot be the latest version; publish it first")
    with dberrors.translated(f"making version {row.version} the latest"):
        _clear_latest(session, row.workflow_id, except_id=row.id)
        row.is_latest = True
        session.flush()
    return _record(session, row)
