"""Sync benchmarks on the local PostgreSQL server.

- pull: 1,000 published versions of 200-node workflows (50 workflows x 20
  versions) from a fresh remote into an empty SQLite workspace (target < 5 s);
- publish: one draft of a 200-node workflow sent as the next version, median
  of 20 (target < 50 ms), remote and workspace already warm.
"""

from __future__ import annotations

import statistics
import tempfile
import time
import uuid
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from tests.support.postgres import temporary_database

from bench.graphs import branching_document
from flowdesk.model.document import VersionDocument, dump_parts
from flowdesk.storage import repository as repo
from flowdesk.storage.clock import utcnow
from flowdesk.storage.database import open_database
from flowdesk.storage.schema import Tenant, Workflow, WorkflowStatus, WorkflowVersion
from flowdesk.storage.sync.publish import Published, publish_draft
from flowdesk.storage.sync.pull import pull
from flowdesk.storage.sync.remote import RemoteProfile, open_remote

WORKFLOWS = 50
VERSIONS_PER_WORKFLOW = 20
NODES = 200
PUBLISHES = 20


def _renamed(doc: VersionDocument, index: int) -> VersionDocument:
    """A later version: one node renamed, as an author's small edit would."""
    nodes = list(doc.graph.nodes)
    target = 1 + index % (len(nodes) - 1)
    nodes[target] = replace(nodes[target], name=f"Edited {index}")
    return doc.with_graph(replace(doc.graph, nodes=tuple(nodes)))


def _seed(url: str) -> None:
    """Write the remote's rows directly (bulk), as years of platform use would have."""
    db = open_database(url, upgrade=True)
    try:
        tenant_id = str(uuid.uuid4())
        start = utcnow() - timedelta(days=30)
        with db.engine.begin() as conn:
            conn.execute(insert(Tenant.__table__).values(id=tenant_id, name="bench"))
            for w in range(WORKFLOWS):
                workflow_id = str(uuid.uuid4())
                conn.execute(insert(Workflow.__table__).values(
                    id=workflow_id, tenant_id=tenant_id, key=f"flow-{w}", name=f"Flow {w}",
                    status=WorkflowStatus.ACTIVE, updatedAt=start,
                ))
                base = branching_document(NODES, seed=w)
                rows: list[dict[str, Any]] = []
                for v in range(1, VERSIONS_PER_WORKFLOW + 1):
                    graph, schema, env = dump_parts(_renamed(base, v))
                    rows.append({
                        "id": str(uuid.uuid4()), "workflow_id": workflow_id, "version": v,
                        "graph": graph, "parameter_schema": schema, "env_config": env,
                        "is_latest": v == VERSIONS_PER_WORKFLOW,
                        "createdAt": start, "publishedAt": start + timedelta(minutes=v),
                    })
                conn.execute(insert(WorkflowVersion.__table__), rows)
    finally:
        db.dispose()


def run() -> list[dict]:
    results: list[dict] = []
    with temporary_database("flowdesk_bench_sync") as url, tempfile.TemporaryDirectory() as tmp:
        _seed(url)
        remote = open_remote(RemoteProfile(url))
        try:
            pull_ms: list[float] = []
            for attempt in range(3):
                workspace = open_database(Path(tmp) / f"pull-{attempt}.sqlite", upgrade=True)
                started = time.perf_counter()
                result = pull(workspace, remote)
                pull_ms.append((time.perf_counter() - started) * 1000)
                assert result.versions == WORKFLOWS * VERSIONS_PER_WORKFLOW, result
                if attempt < 2:
                    workspace.dispose()
            results.append({
                "name": f"pull {WORKFLOWS * VERSIONS_PER_WORKFLOW} versions of {NODES}-node "
                        "workflows (fresh SQLite workspace)",
                "median_ms": statistics.median(pull_ms), "p95_ms": max(pull_ms),
                "target_ms": 5000, "notes": f"{len(pull_ms)} runs",
            })

            publish_ms: list[float] = []
            with workspace.session() as s:
                tenant = repo.find_tenant(s, "bench")
                assert tenant is not None
                workflow = repo.get_workflow_by_key(s, tenant.id, "flow-0")
            for i in range(PUBLISHES):
                with workspace.session() as s:
                    latest = repo.get_latest(s, tenant.id, workflow.id)
                    assert latest is not None
                    draft = repo.create_draft(s, tenant.id, workflow.id, from_version_id=latest.id)
                    repo.save_draft(s, tenant.id, draft.id, _renamed(latest.document, 1000 + i))
                started = time.perf_counter()
                outcome = publish_draft(workspace, remote, "bench", "flow-0")
                publish_ms.append((time.perf_counter() - started) * 1000)
                assert isinstance(outcome, Published), outcome
            publish_ms.sort()
            results.append({
                "name": f"publish a {NODES}-node draft as the next version",
                "median_ms": statistics.median(publish_ms),
                "p95_ms": publish_ms[min(len(publish_ms) - 1, round(0.95 * (len(publish_ms) - 1)))],
                "target_ms": 50, "notes": f"{PUBLISHES} publishes, validation included",
            })
            workspace.dispose()
        finally:
            remote.dispose()
    return results


if __name__ == "__main__":
    for row in run():
        print(row)
