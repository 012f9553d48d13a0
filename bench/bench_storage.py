"""Storage benchmarks: publish latency, loading a 5,000-node version, listing 10,000 workflows.

Runs on a throw-away SQLite file and a throw-away database on the local
PostgreSQL server (127.0.0.1:5432, user postgres; FLOWDESK_PG_* override),
dropped afterwards. Each measure is one user action: one session, committed.
"""

from __future__ import annotations

import os
import secrets
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy import insert

from bench.graphs import branching_document
from flowdesk.model.document import dump_parts
from flowdesk.storage import repository as repo
from flowdesk.storage.clock import utcnow
from flowdesk.storage.database import Database, open_database
from flowdesk.storage.schema import Workflow, WorkflowStatus, WorkflowVersion, new_id

PUBLISH_SAMPLES = 40
LOAD_SAMPLES = 9
LIST_SAMPLES = 9
WORKFLOWS = 10_000
BIG_NODES = 5_000

PG_HOST = os.environ.get("FLOWDESK_PG_HOST", "127.0.0.1")
PG_PORT = os.environ.get("FLOWDESK_PG_PORT", "5432")
PG_USER = os.environ.get("FLOWDESK_PG_USER", "postgres")


@contextmanager
def _postgres_url() -> Iterator[str]:
    name = f"flowdesk_bench_{secrets.token_hex(5)}"
    admin = f"host={PG_HOST} port={PG_PORT} user={PG_USER} dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield f"postgresql+psycopg://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@contextmanager
def _databases() -> Iterator[list[tuple[str, Database]]]:
    with tempfile.TemporaryDirectory() as folder, _postgres_url() as pg_url:
        opened = [
            ("SQLite", open_database(Path(folder) / "bench.sqlite", upgrade=True)),
            ("PostgreSQL", open_database(pg_url, upgrade=True)),
        ]
        try:
            yield opened
        finally:
            for _, db in opened:
                db.dispose()


def _stats(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return statistics.median(samples), p95


_cpu_samples: list[float] = []


def _timed(func: Callable[[], Any]) -> float:
    """Wall milliseconds; this process's CPU milliseconds go to ``_cpu_samples``.

    The CPU time tells a loaded machine (other jobs running) from slow code.
    """
    start, cpu = time.perf_counter(), time.process_time()
    func()
    _cpu_samples.append((time.process_time() - cpu) * 1000)
    return (time.perf_counter() - start) * 1000


def _cpu_note() -> str:
    median = statistics.median(_cpu_samples) if _cpu_samples else 0.0
    _cpu_samples.clear()
    return f"client CPU median {median:.1f} ms"


def bench_publish(label: str, db: Database) -> dict[str, Any]:
    """Publishing a small valid draft: validate, lock, number, move latest, commit."""
    small = branching_document(12, seed=1)
    with db.session() as s:
        tenant = repo.get_or_create_tenant(s, "bench-publish")
        wf = repo.create_workflow(s, tenant.id, "publish-me", "Publish me")
    samples = []
    for i in range(PUBLISH_SAMPLES + 3):
        with db.session() as s:
            draft = repo.create_draft(s, tenant.id, wf.id, document=small)

        def publish(draft_id: str = draft.id) -> None:
            with db.session() as s:
                repo.publish(s, tenant.id, draft_id)

        elapsed = _timed(publish)
        if i < 3:  # warm-up: connection pool, statement caches
            _cpu_samples.clear()
        else:
            samples.append(elapsed)
    median, p95 = _stats(samples)
    return {
        "name": f"publish a 12-node draft ({label})",
        "median_ms": median, "p95_ms": p95,
        "target_ms": 20.0 if label == "PostgreSQL" else None,
        "notes": f"{PUBLISH_SAMPLES} publishes of one workflow; {_cpu_note()}",
    }


def bench_load(label: str, db: Database) -> dict[str, Any]:
    big = branching_document(BIG_NODES, seed=2)
    with db.session() as s:
        tenant = repo.get_or_create_tenant(s, "bench-load")
        wf = repo.create_workflow(s, tenant.id, "big", "Big")
        version = repo.publish(s, tenant.id, repo.create_draft(s, tenant.id, wf.id, document=big).id)

    def load() -> None:
        with db.session() as s:
            record = repo.get_version(s, tenant.id, version.id)
        assert len(record.document.graph.nodes) == len(big.graph.nodes)

    load()
    _cpu_samples.clear()
    median, p95 = _stats([_timed(load) for _ in range(LOAD_SAMPLES)])
    return {
        "name": f"load a {len(big.graph.nodes):,}-node version ({label})",
        "median_ms": median, "p95_ms": p95, "target_ms": 150.0,
        "notes": f"row fetch, JSON decode, VersionDocument build; {_cpu_note()}",
    }


def _seed_workflows(db: Database, tenant_id: str) -> None:
    """10,000 workflows with one published latest version each, inserted in bulk."""
    graph, schema, env = dump_parts(branching_document(6, seed=3))
    now = utcnow()
    workflows, versions = [], []
    for i in range(WORKFLOWS):
        wid = new_id()
        workflows.append({
            "id": wid, "tenant_id": tenant_id, "key": f"workflow-{i:05d}",
            "name": f"Workflow {i:05d}", "description": "seeded for the list benchmark",
            "status": WorkflowStatus.ACTIVE, "created_at": now, "updated_at": now,
        })
        versions.append({
            "id": new_id(), "workflow_id": wid, "version": 1, "graph": graph,
            "parameter_schema": schema, "env_config": env, "is_latest": True,
            "created_at": now, "published_at": now,
        })
    with db.session() as s:
        s.execute(insert(Workflow), workflows)
        s.execute(insert(WorkflowVersion), versions)


def bench_list(label: str, db: Database) -> dict[str, Any]:
    with db.session() as s:
        tenant = repo.get_or_create_tenant(s, "bench-list")
    _seed_workflows(db, tenant.id)

    def list_all() -> None:
        with db.session() as s:
            rows = repo.list_workflows(s, tenant.id)
        assert len(rows) == WORKFLOWS

    list_all()
    _cpu_samples.clear()
    median, p95 = _stats([_timed(list_all) for _ in range(LIST_SAMPLES)])
    return {
        "name": f"list {WORKFLOWS:,} workflows ({label})",
        "median_ms": median, "p95_ms": p95, "target_ms": 200.0,
        "notes": f"with latest version, draft and published count; {_cpu_note()}",
    }


def run() -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    with _databases() as databases:
        for label, db in databases:
            results.append(bench_publish(label, db))
            results.append(bench_load(label, db))
            results.append(bench_list(label, db))
    return results


if __name__ == "__main__":
    for result in run():
        print(result)
