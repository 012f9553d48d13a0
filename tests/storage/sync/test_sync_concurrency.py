"""Concurrent first publishes from separate processes against a real PostgreSQL catalog."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import psycopg
from tests.storage.sync.concurrent_publish import publish_when_released
from tests.storage.sync.sync_support import two_step_document
from tests.support.postgres import database_name, dsn

from flowdesk.storage import repository as repo
from flowdesk.storage.database import open_database

PROCESSES = 16
TENANT = "brand-new-tenant"


def test_sixteen_processes_publishing_a_new_tenant_create_it_once(
    remote_url: str, tmp_path: Path
) -> None:
    jobs = []
    for i in range(PROCESSES):  # 16 offline workspaces, each with its own "brand-new-tenant"
        path = tmp_path / f"ws{i}.sqlite"
        db = open_database(path, upgrade=True)
        with db.session() as s:
            t = repo.get_or_create_tenant(s, TENANT)
            wf = repo.create_workflow(s, t.id, f"flow-{i}", f"Flow {i}")
            repo.create_draft(s, t.id, wf.id, document=two_step_document())
        db.dispose()
        jobs.append((str(path), remote_url, TENANT, f"flow-{i}"))

    # Fresh interpreters (no state inherited from pytest), forked from one server that
    # imported Flowdesk once: 16 plain spawns would each import it on 2 cores.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tests.storage.sync.concurrent_publish"])
    with context.Manager() as manager:
        start = manager.Barrier(PROCESSES)
        with context.Pool(PROCESSES) as pool:
            outcomes = pool.starmap(publish_when_released, [(*job, start) for job in jobs])

    assert outcomes == [f"published flow-{i} v1" for i in range(PROCESSES)]
    with psycopg.connect(dsn(database_name(remote_url))) as conn:
        tenants = conn.execute("SELECT id FROM tenants WHERE name = %s", (TENANT,)).fetchall()
        [(workflows,)] = conn.execute(
            "SELECT count(*) FROM workflows WHERE tenant_id = %s", (tenants[0][0],)
        ).fetchall()
    assert len(tenants) == 1
    assert workflows == PROCESSES
