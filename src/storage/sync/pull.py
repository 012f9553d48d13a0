"""Incremental pull: bring what the remote published since the last pull into the workspace mirror.

All remote reads run in one REPEATABLE READ transaction, so a pull sees one
consistent snapshot even while others publish. What is read, and why it is
incremental:

- tenants and connections: small tables without ``updatedAt`` whose names can
  change, so they are compared in full and only differing rows are written;
- workflows: rows whose ``updatedAt`` is at or after the stored high-water
  mark (minus :data:`OVERLAP`, because a row can commit later than a newer
  timestamp; rows already equal are skipped);
- published versions: those with a number higher than the highest the
  workspace holds for their workflow. Numbers are assigned under the
  workflow's lock without gaps, so this is exact whatever the clocks say; the
  (``publishedAt``, id) high-water mark is recorded for display.

Deletions are invisible to high-water marks, so every pull also reads the
remote's workflow ids for the tenants it pulls and compares them with the
workflows the workspace recorded as mirrored from that remote
(:mod:`~flowdesk.storage.sync.deletions`): one the remote deleted is removed
here, or, when a local draft holds unpublished edits, kept and marked so the
author can publish it as a new workflow or discard it.

Versions are written one local transaction per batch (high-water mark in the
same transaction), so a pull cut off midway keeps whole batches and the next
pull continues from there. Local drafts are never changed.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import Integer, Text, and_, bindparam, cast, func, select, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from flowdesk.storage import dberrors
from flowdesk.storage.database import Database
from flowdesk.storage.errors import NotFound
from flowdesk.storage.sync import deletions, mirror
from flowdesk.storage.sync.deletions import DeletedWorkflow
from flowdesk.storage.sync.mirror import C, T, V, W
from flowdesk.storage.sync.progress import (
    CancelToken,
    Progress,
    ProgressCallback,
    StepHook,
    report,
    step,
)
from flowdesk.storage.sync.remote import Remote

log = logging.getLogger(__name__)

BATCH_SIZE = 200
JSON_COLUMNS = ("graph", "parameter_schema", "env_config")
#: How far before the workflows high-water mark a pull looks again (late commits, clock skew).
OVERLAP = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class PullResult:
    """How many rows of each kind the pull added or changed in the workspace."""

    remote: str
    tenants: int = 0
    connections: int = 0
    workflows: int = 0
    versions: int = 0
    latest_moved: int = 0
    #: workflows the remote deleted since the last pull (removed here, or kept for a draft)
    deleted: tuple[DeletedWorkflow, ...] = field(default=())

    @property
    def changed(self) -> int:
        return (self.tenants + self.connections + self.workflows + self.versions
                + self.latest_moved + len(self.deleted))

    @property
    def kept_deleted(self) -> tuple[DeletedWorkflow, ...]:
        """Deleted on the remote, kept here for their drafts: the author decides."""
        return tuple(d for d in self.deleted if d.kept)

    def summary(self) -> str:
        if not self.changed:
            return f"pulled from {self.remote}: already up to date"
        line = (
            f"pulled from {self.remote}: {self.versions} version(s), {self.workflows} workflow(s), "
            f"{self.tenants} tenant(s), {self.connections} connection(s), "
            f"{self.latest_moved} latest flag(s) moved"
        )
        if self.deleted:
            kept = len(self.kept_deleted)
            line += f"; {len(self.deleted)} workflow(s) deleted on the remote"
            line += f" ({kept} kept for their drafts)" if kept else ""
        return line


def _scope(tenant_ids: Sequence[str] | None) -> str:
    return "*" if tenant_ids is None else ",".join(sorted(tenant_ids))


def _in_tenants(column: Any, tenant_ids: Sequence[str] | None) -> Any:
    return True if tenant_ids is None else column.in_(list(tenant_ids))


class _Pull:
    """One pull run: the remote snapshot connection, the workspace, counters."""

    def __init__(
        self,
        workspace: Database,
        remote: Remote,
        connection: Connection,
        batch_size: int,
        progress: ProgressCallback | None,
        cancel: CancelToken | None,
        on_step: StepHook | None,
    ) -> None:
        self.workspace = workspace
        self.remote = remote
        self.rc = connection
        self.batch_size = batch_size
        self.progress = progress
        self.cancel = cancel or CancelToken()
        self.on_step = on_step
        self.counts: dict[str, int] = {}
        self.deleted: list[DeletedWorkflow] = []
        self.remote_workflow_ids: set[str] = set()
        with self.local() as s:
            self.remote_id = mirror.ensure_remote(s, remote.profile)

    @contextmanager
    def local(self) -> Iterator[Session]:
        """A workspace transaction whose driver errors become StorageErrors (not remote ones)."""
        with dberrors.translated("writing the workspace"), self.workspace.session() as s:
            yield s

    def _bump(self, what: str, n: int) -> None:
        self.counts[what] = self.counts.get(what, 0) + n

    # -- tenants and connections: compared in full
    def tenants(self, tenant_name: str | None) -> list[str] | None:
        query = select(*(T.c[c] for c in mirror.TENANT_COLUMNS)).order_by(T.c["createdAt"], T.c.id)
        if tenant_name is not None:
            query = query.where(T.c.name == tenant_name)
        rows = [r._mapping for r in self.rc.execute(query)]
        if tenant_name is not None and not rows:
            raise NotFound(f"remote {self.remote.display_url} has no tenant named {tenant_name!r}")
        remote_ids = {r["id"] for r in rows}
        with self.local() as s:
            self._bump("tenants", sum(mirror.apply_tenant(s, r, remote_ids) for r in rows))
        report(self.progress, Progress("tenants", len(rows), len(rows)))
        return [r["id"] for r in rows] if tenant_name is not None else None

    def connections(self, tenant_ids: Sequence[str] | None) -> None:
        query = select(*(C.c[c] for c in mirror.CONNECTION_COLUMNS)).where(
            _in_tenants(C.c.tenant_id, tenant_ids)
        )
        rows = [r._mapping for r in self.rc.execute(query)]
        with self.local() as s:
            self._bump("connections", sum(mirror.apply_connection(s, r) for r in rows))
        report(self.progress, Progress("connections", len(rows), len(rows)))

    # -- deletions: the remote's workflow ids against what this workspace mirrors from it
    def deletions(self, tenant_ids: Sequence[str] | None) -> None:
        self.remote_workflow_ids = set(self.rc.scalars(
            select(W.c.id).where(_in_tenants(W.c.tenant_id, tenant_ids))
        ))
        with self.local() as s:
            self.deleted.extend(deletions.settle_deleted(
                s, self.remote_id, self.remote_workflow_ids, tenant_ids
            ))

    # -- workflows: updatedAt high-water mark
    def workflows(self, tenant_ids: Sequence[str] | None) -> None:
        table = f"workflows:{_scope(tenant_ids)}"
        with self.local() as s:
            state = mirror.sync_state(s, self.remote_id, table)
            since = state.high_water if state is not None else None
        query = select(*(W.c[c] for c in mirror.WORKFLOW_COLUMNS)).where(
            _in_tenants(W.c.tenant_id, tenant_ids)
        )
        if since is not None:
            query = query.where(W.c["updatedAt"] >= since - OVERLAP)
        rows = [r._mapping for r in self.rc.execute(query.order_by(W.c["updatedAt"], W.c.id))]
        self._apply_workflows(rows, table)
        report(self.progress, Progress("workflows", len(rows), len(rows)))

    def _apply_workflows(self, rows: Sequence[Mapping[str, Any]], table: str | None) -> None:
        if not rows:
            return
        with self.local() as s:
            self._bump("workflows", sum(mirror.apply_workflow(s, r) for r in rows))
            if table is not None:
                last = rows[-1]
                mirror.save_sync_state(
                    s, self.remote_id, table, last["updatedAt"], last["id"], len(rows)
                )

    def _ensure_workflows(self, workflow_ids: set[str]) -> None:
        """Versions whose workflow the workspace lacks (it was filtered or deleted): fetch it."""
        with self.local() as s:
            have = set(s.scalars(select(W.c.id).where(W.c.id.in_(workflow_ids))))
        missing = workflow_ids - have
        if missing:
            rows = [r._mapping for r in self.rc.execute(
                select(*(W.c[c] for c in mirror.WORKFLOW_COLUMNS)).where(W.c.id.in_(missing))
            )]
            self._apply_workflows(rows, None)

    # -- versions: by number per workflow, in committed batches
    def versions(self, tenant_ids: Sequence[str] | None) -> None:
        with self.local() as s:
            known = mirror.published_numbers(s)
        known_json = cast(bindparam("known", json.dumps(known)), JSONB)
        held = func.coalesce(cast(known_json[V.c.workflow_id].astext, Integer), 0)
        where = and_(
            V.c["publishedAt"].is_not(None),
            V.c.version > held,
            _in_tenants(W.c.tenant_id, tenant_ids),
        )
        joined = V.join(W, W.c.id == V.c.workflow_id)
        total = self.rc.execute(select(func.count()).select_from(joined).where(where)).scalar_one()
        report(self.progress, Progress("versions", 0, total))
        if not total:
            return
        # A SQLite workspace keeps JSON as text: take the remote's text and store it unparsed.
        raw_json = self.workspace.dialect_name == "sqlite"
        columns = [
            cast(V.c[c], Text).label(c) if raw_json and c in JSON_COLUMNS else V.c[c]
            for c in mirror.VERSION_COLUMNS
        ]
        query = select(*columns).select_from(joined).where(where).order_by(
            V.c["publishedAt"], V.c.id
        )
        result = self.rc.execution_options(stream_results=True, yield_per=self.batch_size).execute(
            query
        )
        done = 0
        for batch in result.mappings().partitions(self.batch_size):
            self.cancel.check(f"pulling versions ({done} of {total} saved)")
            self._ensure_workflows({r["workflow_id"] for r in batch})
            with self.local() as s:
                added = mirror.apply_versions(s, batch, raw_json=raw_json)
                last = batch[-1]
                mirror.save_sync_state(
                    s, self.remote_id, "workflow_versions", last["publishedAt"], last["id"], added
                )
            self._bump("versions", added)
            done += len(batch)
            report(self.progress, Progress("versions", done, total))
            step(self.on_step, "versions_batch_saved")

    # -- the latest pointer can move without any new row (make_latest)
    def latest(self, tenant_ids: Sequence[str] | None) -> None:
        rows = self.rc.execute(
            select(V.c.workflow_id, V.c.id).select_from(V.join(W, W.c.id == V.c.workflow_id))
            .where(V.c.is_latest, _in_tenants(W.c.tenant_id, tenant_ids))
        ).all()
        with self.local() as s:
            self._bump("latest_moved", mirror.fix_latest(s, dict(rows)))
            here = s.scalars(select(W.c.id).where(W.c.id.in_(self.remote_workflow_ids)))
            deletions.record_mirrored(s, self.remote_id, set(here))
            mirror.mark_remote_used(s, self.remote_id, pulled=True)


def pull(
    workspace: Database,
    remote: Remote,
    *,
    tenant: str | None = None,
    batch_size: int = BATCH_SIZE,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    on_step: StepHook | None = None,
) -> PullResult:
    """Pull what changed on ``remote`` (only ``tenant``'s rows when given) into ``workspace``.

    Raises :class:`DatabaseUnavailable` if the remote cannot be reached or the
    connection is lost (batches already saved stay; pull again to continue),
    :class:`Cancelled` when ``cancel`` was set (same guarantee),
    :class:`NotFound` for an unknown tenant and :class:`MirrorConflict` when
    the workspace contradicts the remote.
    """
    with remote.connect() as connection:
        run: _Pull | None = None
        try:
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
            with connection.begin():
                connection.execute(text("SET TRANSACTION READ ONLY"))
                run = _Pull(workspace, remote, connection, batch_size, progress, cancel, on_step)
                step(on_step, "snapshot_open")
                tenant_ids = run.tenants(tenant)
                run.connections(tenant_ids)
                run.deletions(tenant_ids)
                run.workflows(tenant_ids)
                run.versions(tenant_ids)
                run.latest(tenant_ids)
        except DBAPIError as exc:
            saved = run.counts.get("versions", 0) if run is not None else 0
            error = remote.failure(exc, "pulling")
            error.args = (f"{error.args[0]} ({saved} version(s) were saved; pull again to continue)",)
            raise error from None
    result = PullResult(remote=remote.display_url, deleted=tuple(run.deleted), **run.counts)
    log.info("%s", result.summary())
    return result

