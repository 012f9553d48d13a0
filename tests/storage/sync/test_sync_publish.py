"""Publishing drafts from offline workspaces to a shared PostgreSQL catalog."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from tests.storage.sync.sync_support import (
    document_of,
    edit_node,
    node,
    publish_on_remote,
    start_draft,
    two_step_document,
    versions_of,
)
from tests.support.storage import broken_document

from flowdesk.storage import repository as repo
from flowdesk.storage.database import Database, open_database
from flowdesk.storage.errors import DraftExists, NotFound
from flowdesk.storage.sync.mirror import import_as_draft
from flowdesk.storage.sync.progress import Cancelled, CancelToken, Progress
from flowdesk.storage.sync.publish import (
    Published,
    Refused,
    RemoteMovedOn,
    accept_merge,
    publish_draft,
)
from flowdesk.storage.sync.pull import pull
from flowdesk.storage.sync.remote import Remote

TENANT, KEY = "acme", "invoice-sync"
Factory = Callable[[str], Database]


def _remote_versions(remote_url: str) -> list[tuple[int, bool]]:
    db = open_database(remote_url)
    try:
        with db.session() as s:
            t = repo.find_tenant(s, TENANT)
            assert t is not None
            wf = repo.get_workflow_by_key(s, t.id, KEY)
            return [(v.version, v.is_latest) for v in repo.list_versions(s, t.id, wf.id)]
    finally:
        db.dispose()


def test_two_authors_edit_different_nodes_and_both_edits_reach_v3(
    remote: Remote, remote_url: str, make_workspace: Factory
) -> None:
    publish_on_remote(remote_url, TENANT, KEY, two_step_document())
    alice, bob = make_workspace("alice"), make_workspace("bob")
    assert pull(alice, remote).versions == 1
    assert pull(bob, remote).versions == 1

    v1 = document_of(alice, TENANT, KEY, 1)
    start_draft(alice, TENANT, KEY, edit_node(v1, "wait", name="Wait for the bank"))
    start_draft(bob, TENANT, KEY, edit_node(v1, "notify", config={"seconds": 30}))

    published = publish_draft(alice, remote, TENANT, KEY)
    assert isinstance(published, Published) and published.version == 2

    stopped = publish_draft(bob, remote, TENANT, KEY)
    assert isinstance(stopped, RemoteMovedOn)
    assert (stopped.base_version, stopped.theirs_version) == (1, 2)
    assert node(stopped.theirs, "wait").name == "Wait for the bank"
    assert node(stopped.mine, "notify").config == {"seconds": 30}
    assert stopped.merge.is_clean
    assert _remote_versions(remote_url) == [(2, True), (1, False)]  # nothing of Bob's sent

    rebased = publish_draft(bob, remote, TENANT, KEY, rebase=True)
    assert isinstance(rebased, Published) and rebased.version == 3 and rebased.rebased
    assert _remote_versions(remote_url) == [(3, True), (2, False), (1, False)]

    for workspace in (bob, alice):
        if workspace is alice:
            assert pull(alice, remote).versions == 1
        v3 = document_of(workspace, TENANT, KEY, 3)
        assert node(v3, "wait").name == "Wait for the bank"
        assert node(v3, "notify").config == {"seconds": 30}
    bob_versions = versions_of(bob, TENANT, KEY)
    assert [(v.version, v.is_latest, v.is_draft) for v in bob_versions] == [
        (3, True, False), (2, False, False), (1, False, False),
    ]
    assert bob_versions[0].id == rebased.version_id


def test_a_real_conflict_is_returned_with_base_mine_theirs_and_nothing_is_lost(
    remote: Remote, remote_url: str, make_workspace: Factory
) -> None:
    publish_on_remote(remote_url, TENANT, KEY, two_step_document())
    alice, bob = make_workspace("alice"), make_workspace("bob")
    pull(alice, remote)
    pull(bob, remote)
    v1 = document_of(alice, TENANT, KEY, 1)
    start_draft(alice, TENANT, KEY, edit_node(v1, "wait", config={"seconds": 10}))
    mine = edit_node(v1, "wait", config={"seconds": 99})
    bob_draft = start_draft(bob, TENANT, KEY, mine)
    assert isinstance(publish_draft(alice, remote, TENANT, KEY), Published)

    result = publish_draft(bob, remote, TENANT, KEY, rebase=True)
    assert isinstance(result, RemoteMovedOn)
    assert [(c.item_id, c.pointer, c.base, c.mine, c.theirs) for c in result.conflicts] == [
        ("wait", "/config/seconds", 5, 99, 10),
    ]
    assert "1 conflict" in result.message
    # Bob's draft is untouched, still based on v1; the remote still ends at v2.
    with bob.session() as s:
        t = repo.find_tenant(s, TENANT)
        wf = repo.get_workflow_by_key(s, t.id, KEY)
        draft = repo.get_draft(s, t.id, wf.id)
    assert draft is not None and draft.id == bob_draft.id and draft.document == mine
    assert _remote_versions(remote_url) == [(2, True), (1, False)]

    # The merge view's outcome (here: keep mine) becomes the draft based on v2, then publishes.
    resolved = result.merge.resolve_all("mine")
    record = accept_merge(bob, TENANT, KEY, resolved.document, result.theirs_id)
    assert record.info.based_on_id == result.theirs_id
    final = publish_draft(bob, remote, TENANT, KEY)
    assert isinstance(final, Published) and final.version == 3
    assert node(document_of(bob, TENANT, KEY, 3), "wait").config == {"seconds": 99}


def test_a_draft_that_does_not_validate_is_refused_and_nothing_is_sent(
    remote: Remote, remote_url: str, make_workspace: Factory
) -> None:
    publish_on_remote(remote_url, TENANT, KEY, two_step_document())
    ws = make_workspace("ws")
    pull(ws, remote)
    start_draft(ws, TENANT, KEY, broken_document())
    result = publish_draft(ws, remote, TENANT, KEY)
    assert isinstance(result, Refused)
    assert any("ghost" in str(p) for p in result.errors)
    assert _remote_versions(remote_url) == [(1, True)]


def test_a_workflow_made_offline_is_created_on_the_remote_as_v1(
    remote: Remote, remote_url: str, make_workspace: Factory
) -> None:
    ws = make_workspace("ws")
    with ws.session() as s:
        t = repo.get_or_create_tenant(s, TENANT)
        wf = repo.create_workflow(s, t.id, KEY, "Invoice sync")
        repo.create_draft(s, t.id, wf.id, document=two_step_document())
    seen: list[Progress] = []
    result = publish_draft(ws, remote, TENANT, KEY, progress=seen.append)
    assert isinstance(result, Published) and result.version == 1
    assert seen[-1].done == seen[-1].total and "v1" in seen[-1].message
    assert _remote_versions(remote_url) == [(1, True)]
    [local] = versions_of(ws, TENANT, KEY)
    assert (local.version, local.is_latest, local.is_draft) == (1, True, False)
    # The remote's bookkeeping carries the same content hash the workspace computed.
    shared = open_database(remote_url)
    try:
        with shared.session() as s:
            t = repo.find_tenant(s, TENANT)
            wf = repo.get_workflow_by_key(s, t.id, KEY)
            [on_remote] = repo.list_versions(s, t.id, wf.id)
    finally:
        shared.dispose()
    assert on_remote.content_hash == local.content_hash == two_step_document().content_hash()
    # A second workspace pulls it under the same ids.
    other = make_workspace("other")
    pull(other, remote)
    assert [v.id for v in versions_of(other, TENANT, KEY)] == [local.id]


def test_publishing_without_a_draft_names_the_workflow(
    remote: Remote, remote_url: str, make_workspace: Factory
) -> None:
    publish_on_remote(remote_url, TENANT, KEY, two_step_document())
    ws = make_workspace("ws")
    pull(ws, remote)
    with pytest.raises(NotFound, match="invoice-sync.*no local draft"):
        publish_draft(ws, remote, TENANT, KEY)


def test_a_tenant_made_offline_is_joined_to_the_remote_tenant_of_the_same_name(
    remote: Remote, remote_url: str, make_workspace: Factory
) -> None:
    publish_on_remote(remote_url, TENANT, "other-flow", two_step_document())
    ws = make_workspace("ws")
    with ws.session() as s:
        t = repo.get_or_create_tenant(s, TENANT)
        wf = repo.create_workflow(s, t.id, KEY, "Invoice sync")
        repo.create_draft(s, t.id, wf.id, document=two_step_document())
    result = publish_draft(ws, remote, TENANT, KEY)
    assert isinstance(result, Published) and result.version == 1
    pull(ws, remote)
    with ws.session() as s:
        [tenant] = repo.list_tenants(s)
        keys = sorted(w.workflow.key for w in repo.list_workflows(s, tenant.id))
    assert keys == ["invoice-sync", "other-flow"]
    assert tenant.id != t.id  # adopted the remote tenant's id
    assert _remote_versions(remote_url) == [(1, True)]


def test_import_makes_a_file_the_draft_based_on_the_latest_pulled_version(
    remote: Remote, remote_url: str, make_workspace: Factory
) -> None:
    publish_on_remote(remote_url, TENANT, KEY, two_step_document())
    ws = make_workspace("ws")
    pull(ws, remote)
    edited = edit_node(two_step_document(), "wait", name="From a file")
    with ws.session() as s:
        first = import_as_draft(s, TENANT, KEY, edited)
        again = import_as_draft(s, TENANT, KEY, edit_node(edited, "notify", name="Twice"))
        v1 = repo.get_version_by_number(s, repo.find_tenant(s, TENANT).id,
                                        first.info.workflow_id, 1)
    assert first.info.based_on_id == v1.id and first.is_draft
    assert again.id == first.id  # the draft is replaced in place, never duplicated
    assert node(again.document, "notify").name == "Twice"
    result = publish_draft(ws, remote, TENANT, KEY)
    assert isinstance(result, Published) and result.version == 2
    assert node(document_of(ws, TENANT, KEY, 2), "wait").name == "From a file"


def test_import_into_an_empty_workspace_creates_tenant_workflow_and_an_unbased_draft(
    make_workspace: Factory,
) -> None:
    ws = make_workspace("ws")
    with ws.session() as s:
        record = import_as_draft(s, TENANT, KEY, two_step_document(), name="Invoice sync")
        wf = repo.get_workflow_by_key(s, repo.find_tenant(s, TENANT).id, KEY)
    assert record.is_draft and record.info.based_on_id is None
    assert wf.name == "Invoice sync"
    with pytest.raises(DraftExists), ws.session() as s:
        import_as_draft(s, TENANT, KEY, broken_document(), replace=False)
    with ws.session() as s:
        kept = repo.get_draft(s, wf.tenant_id, wf.id)
    assert kept is not None and kept.document == two_step_document()


def test_pull_and_publish_run_on_a_worker_thread_and_cancel_from_another(
    remote: Remote, remote_url: str, make_workspace: Factory
) -> None:
    for i in range(4):
        publish_on_remote(remote_url, TENANT, KEY, edit_node(two_step_document(), "wait",
                                                             name=f"v{i + 1}"))
    ws = make_workspace("ws")
    token = CancelToken()
    outcome: list[object] = []
    threads: set[str] = set()

    def on_progress(p: Progress) -> None:
        threads.add(threading.current_thread().name)
        if p.stage == "versions" and p.done:
            token.cancel()

    def work() -> None:
        try:
            outcome.append(pull(ws, remote, batch_size=1, progress=on_progress, cancel=token))
        except Cancelled as exc:
            outcome.append(exc)

    worker = threading.Thread(target=work, name="sync-worker")
    worker.start()
    worker.join(30)
    assert threads == {"sync-worker"}
    assert isinstance(outcome[0], Cancelled)
    assert len(versions_of(ws, TENANT, KEY)) == 1
