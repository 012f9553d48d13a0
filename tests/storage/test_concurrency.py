"""Eight sessions publishing drafts of one workflow at the same moment.

Expected: consecutive numbers 1..8 with no duplicate and no gap, exactly one
latest (the highest), every call either succeeds or raises the retryable
ConcurrentPublish, and nothing deadlocks.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from tests.support.storage import linear_document

from flowdesk.storage import repository as repo
from flowdesk.storage.database import Database
from flowdesk.storage.errors import ConcurrentPublish
from flowdesk.storage.records import TenantInfo

WRITERS = 8
MAX_ATTEMPTS = 20


def _race(work: Callable[[int], int]) -> tuple[list[int], int]:
    """Run ``work(i)`` in WRITERS threads released together; retry ConcurrentPublish."""
    barrier = threading.Barrier(WRITERS)
    retries = 0
    lock = threading.Lock()

    def one(i: int) -> int:
        nonlocal retries
        barrier.wait(timeout=30)
        for _ in range(MAX_ATTEMPTS):
            try:
                return work(i)
            except ConcurrentPublish:
                with lock:
                    retries += 1
        raise AssertionError(f"writer {i} kept getting ConcurrentPublish")

    with ThreadPoolExecutor(WRITERS) as pool:
        futures = [pool.submit(one, i) for i in range(WRITERS)]
        numbers = [f.result(timeout=120) for f in futures]
    return numbers, retries


def _check_history(db: Database, tenant: TenantInfo, workflow_id: str, numbers: list[int]) -> None:
    assert sorted(numbers) == list(range(1, WRITERS + 1))
    with db.session() as s:
        versions = repo.list_versions(s, tenant.id, workflow_id)
    published = [v for v in versions if not v.is_draft]
    assert sorted(v.version for v in published) == list(range(1, WRITERS + 1))
    assert [v.version for v in published if v.is_latest] == [WRITERS]


def test_eight_publishers_of_existing_drafts(db: Database, tenant: TenantInfo) -> None:
    with db.session() as s:
        wf = repo.create_workflow(s, tenant.id, "contended", "Contended")
        drafts = [
            repo.create_draft(s, tenant.id, wf.id, document=linear_document(f"s{i}"),
                              exclusive=False).id
            for i in range(WRITERS)
        ]

    def publish(i: int) -> int:
        with db.session() as s:
            return repo.publish(s, tenant.id, drafts[i]).info.version

    numbers, retries = _race(publish)
    _check_history(db, tenant, wf.id, numbers)
    if db.dialect_name == "postgresql":
        # Publishers queue on the workflow row lock: no deadlock was detected and retried.
        assert retries == 0
    with db.session() as s:
        for i, draft_id in enumerate(drafts):
            assert repo.get_version(s, tenant.id, draft_id).document == linear_document(f"s{i}")


def test_eight_sessions_creating_and_publishing_in_one_transaction(
    db: Database, tenant: TenantInfo
) -> None:
    """What a sync push does: insert a draft and publish it in the same unit of work."""
    with db.session() as s:
        wf = repo.create_workflow(s, tenant.id, "pushed", "Pushed")

    def push(i: int) -> int:
        with db.session() as s:
            draft = repo.create_draft(s, tenant.id, wf.id, document=linear_document(f"p{i}"),
                                      exclusive=False)
            return repo.publish(s, tenant.id, draft.id).info.version

    numbers, retries = _race(push)
    _check_history(db, tenant, wf.id, numbers)
    if db.dialect_name == "postgresql":
        assert retries == 0


def test_saving_and_publishing_at_once_do_not_deadlock(db: Database, tenant: TenantInfo) -> None:
    """Autosave and publish take the same locks in the same order (workflow, then version)."""
    with db.session() as s:
        wf = repo.create_workflow(s, tenant.id, "busy", "Busy")
        drafts = [
            repo.create_draft(s, tenant.id, wf.id, exclusive=False).id for _ in range(WRITERS)
        ]

    def save_then_publish(i: int) -> int:
        with db.session() as s:
            repo.save_draft(s, tenant.id, drafts[i], linear_document(f"saved {i}"))
            if i % 2:
                # Saved in one unit of work, published in another.
                s.commit()
            return repo.publish(s, tenant.id, drafts[i]).info.version

    numbers, retries = _race(save_then_publish)
    _check_history(db, tenant, wf.id, numbers)
    if db.dialect_name == "postgresql":
        assert retries == 0
    with db.session() as s:
        for i, draft_id in enumerate(drafts):
            assert repo.get_version(s, tenant.id, draft_id).document == linear_document(
                f"saved {i}"
            )
