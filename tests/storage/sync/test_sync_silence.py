"""A remote that goes silent (accepts the connection, then forwards nothing) makes pull and
publish fail within the configured bound, with a one-line error, and nothing half-written."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from tests.storage.sync.silent_proxy import SilentProxy, silent_proxy
from tests.storage.sync.sync_support import (
    document_of,
    edit_node,
    node,
    publish_on_remote,
    start_draft,
    two_step_document,
    versions_of,
)
from tests.storage.sync.test_sync_faults import remote_rows

from flowdesk.storage import repository as repo
from flowdesk.storage.database import Database
from flowdesk.storage.errors import DatabaseUnavailable
from flowdesk.storage.sync.publish import Published, publish_draft
from flowdesk.storage.sync.pull import pull
from flowdesk.storage.sync.remote import Remote, RemoteProfile, open_remote

TENANT, KEY = "acme", "invoice-sync"
Factory = Callable[[str], Database]
IO_TIMEOUT = 1.0
#: Far above the bound under test: only a hang (the bug) gets near it.
HANG = 60.0


def within(limit: float, fn: Callable[[], Any]) -> Any:
    """Run ``fn`` on a thread; fail clearly if it is still waiting after ``limit`` seconds."""
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append(("ok", fn()))
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            outcome.append(("error", exc))

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(limit)
    assert not worker.is_alive(), f"still waiting on the silent remote after {limit} s"
    kind, value = outcome[0]
    if kind == "error":
        raise value
    return value


@pytest.fixture
def proxy() -> Iterator[SilentProxy]:
    with silent_proxy() as opened:
        yield opened


@pytest.fixture
def via_proxy(proxy: SilentProxy, remote_url: str) -> Iterator[Remote]:
    opened = open_remote(RemoteProfile(proxy.url(remote_url)), connect_timeout=2,
                         io_timeout=IO_TIMEOUT)
    try:
        yield opened
    finally:
        opened.dispose()


def _tables(ws: Database) -> dict[str, list[Any]]:
    """Everything a pull could write, to compare before and after."""
    with ws.session() as s:
        tenants = repo.list_tenants(s)
        return {
            "tenants": sorted(t.name for t in tenants),
            "workflows": sorted(
                (w.workflow.key, w.workflow.updated_at)
                for t in tenants for w in repo.list_workflows(s, t.id)
            ),
        }


def test_a_remote_silent_from_the_first_byte_fails_the_connect_within_the_bound(
    remote_url: str,
) -> None:
    with silent_proxy(silent_from_start=True) as proxy:
        profile = RemoteProfile(proxy.url(remote_url))
        with pytest.raises(DatabaseUnavailable) as caught:
            within(HANG, lambda: open_remote(profile, connect_timeout=2, io_timeout=IO_TIMEOUT))
    message = str(caught.value)
    assert "\n" not in message and profile.display_url in message
    assert "timeout" in message.lower()


def test_a_pull_whose_remote_goes_silent_mid_reply_fails_and_keeps_only_whole_batches(
    via_proxy: Remote, proxy: SilentProxy, remote: Remote, remote_url: str,
    make_workspace: Factory,
) -> None:
    doc = two_step_document()
    for i in range(5):
        publish_on_remote(remote_url, TENANT, KEY, edit_node(doc, "wait", name=f"Wait {i + 1}"))
    ws = make_workspace("ws")

    def silence_mid_batch(step: str) -> None:
        if step == "versions_batch_saved":
            proxy.silence_after(40)  # a few bytes of the next batch's reply, then nothing

    with pytest.raises(DatabaseUnavailable) as caught:
        within(HANG, lambda: pull(ws, via_proxy, batch_size=2, on_step=silence_mid_batch))
    message = str(caught.value)
    assert "\n" not in message
    assert f"sent nothing for {IO_TIMEOUT:g} s" in message
    assert "2 version(s) were saved; pull again" in message
    # whole batches only, each version complete and readable
    assert [v.version for v in versions_of(ws, TENANT, KEY)] == [2, 1]
    assert node(document_of(ws, TENANT, KEY, 2), "wait").name == "Wait 2"

    assert pull(ws, remote).versions == 3  # over a working link the pull completes
    assert [v.version for v in versions_of(ws, TENANT, KEY) if v.is_latest] == [5]


def test_a_pull_whose_remote_goes_silent_before_any_reply_changes_nothing(
    via_proxy: Remote, proxy: SilentProxy, remote: Remote, remote_url: str,
    make_workspace: Factory,
) -> None:
    publish_on_remote(remote_url, TENANT, KEY, two_step_document())
    ws = make_workspace("ws")
    before = _tables(ws)

    def silence(step: str) -> None:
        if step == "snapshot_open":
            proxy.silence_after(0)

    with pytest.raises(DatabaseUnavailable, match="sent nothing"):
        within(HANG, lambda: pull(ws, via_proxy, on_step=silence))
    assert _tables(ws) == before


def _pulled_with_draft(remote: Remote, remote_url: str, ws: Database) -> str:
    publish_on_remote(remote_url, TENANT, KEY, two_step_document())
    pull(ws, remote)
    v1 = document_of(ws, TENANT, KEY, 1)
    return start_draft(ws, TENANT, KEY, edit_node(v1, "wait", name="Edited offline")).id


def _draft(ws: Database) -> Any:
    with ws.session() as s:
        t = repo.find_tenant(s, TENANT)
        wf = repo.get_workflow_by_key(s, t.id, KEY)
        return repo.get_draft(s, t.id, wf.id)


def test_a_publish_whose_remote_goes_silent_mid_transaction_publishes_nothing(
    via_proxy: Remote, proxy: SilentProxy, remote: Remote, remote_url: str,
    make_workspace: Factory,
) -> None:
    ws = make_workspace("ws")
    draft_id = _pulled_with_draft(remote, remote_url, ws)
    before = _draft(ws)

    def silence(step: str) -> None:
        if step == "remote_transaction_open":
            proxy.silence_after(10)

    with pytest.raises(DatabaseUnavailable) as caught:
        within(HANG, lambda: publish_draft(ws, via_proxy, TENANT, KEY, on_step=silence))
    assert "\n" not in str(caught.value) and "publishing again is safe" in str(caught.value)
    assert _draft(ws) == before
    proxy.close()  # the link is gone for good; the server drops the open transaction
    assert [r[1:] for r in remote_rows(remote_url)] == [(1, True)]

    result = publish_draft(ws, remote, TENANT, KEY)
    assert isinstance(result, Published) and (result.version, result.version_id) == (2, draft_id)


def test_a_publish_whose_reply_is_lost_to_silence_is_recognised_on_retry(
    via_proxy: Remote, proxy: SilentProxy, remote: Remote, remote_url: str,
    make_workspace: Factory,
) -> None:
    ws = make_workspace("ws")
    draft_id = _pulled_with_draft(remote, remote_url, ws)

    def lose_replies(step: str) -> None:
        if step == "version_inserted":
            proxy.silence_after(0, replies_only=True)  # the COMMIT still reaches the server

    with pytest.raises(DatabaseUnavailable, match="sent nothing"):
        within(HANG, lambda: publish_draft(ws, via_proxy, TENANT, KEY, on_step=lose_replies))
    assert _draft(ws) is not None
    assert remote_rows(remote_url)[-1] == (draft_id, 2, True)  # it did commit

    retry = publish_draft(ws, remote, TENANT, KEY)
    assert isinstance(retry, Published) and retry.already and retry.version == 2
    assert len(remote_rows(remote_url)) == 2
