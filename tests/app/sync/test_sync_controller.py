"""Pull and publish from the window, on a worker thread, against a real PostgreSQL remote."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget
from tests.app.diffview.samples import OLD
from tests.storage.sync.sync_support import publish_on_remote

from flowdesk.app.sync import controller as controller_module
from flowdesk.app.sync.controller import SyncController
from flowdesk.app.sync.profiles import ProfileStore
from flowdesk.app.sync.reachability import ReachabilityIndicator
from flowdesk.model.document import dump, load
from flowdesk.storage import repository as repo
from flowdesk.storage.database import open_database
from flowdesk.storage.errors import DatabaseUnavailable
from flowdesk.storage.sync.publish import Published
from flowdesk.storage.sync.remote import RemoteProfile

pytestmark = pytest.mark.postgres
TENANT, KEY = "acme", "orders"


def with_url(url: str, node_id: str = "fetch", name: str | None = None):  # type: ignore[no-untyped-def]
    doc = copy.deepcopy(OLD)
    node = next(n for n in doc["graph"]["nodes"] if n["id"] == node_id)
    if node_id == "fetch":
        node["config"]["url"] = url
    if name is not None:
        node["name"] = name
    return load(doc)


@pytest.fixture
def controller(qtbot, workspace, remote_url: str, sync_settings: QSettings) -> SyncController:
    ProfileStore(sync_settings).set_profiles([RemoteProfile(remote_url, name="shared")])
    parent = QWidget()
    qtbot.addWidget(parent)
    asked: list[RemoteProfile] = []
    c = SyncController(workspace, parent, sync_settings, prompt=lambda p: asked.append(p),
                       check_interval_ms=3_600_000)
    c.asked = asked  # type: ignore[attr-defined]
    c.target = lambda: (TENANT, KEY)
    return c


def local_draft(workspace, document) -> str:  # type: ignore[no-untyped-def]
    """The author opens the pulled latest version as a draft and saves ``document`` in it."""
    with workspace.db.session() as s:
        t = repo.find_tenant(s, TENANT)
        wf = repo.get_workflow_by_key(s, t.id, KEY)
        latest = repo.get_latest(s, t.id, wf.id)
        draft = repo.create_draft(s, t.id, wf.id, from_version_id=latest.info.id)
        repo.save_draft(s, t.id, draft.info.id, document)
        return draft.info.id


def draft_document(workspace):  # type: ignore[no-untyped-def]
    with workspace.db.session() as s:
        t = repo.find_tenant(s, TENANT)
        wf = repo.get_workflow_by_key(s, t.id, KEY)
        return repo.get_draft(s, t.id, wf.id)


def test_pull_runs_off_the_ui_thread_and_mirrors_the_remote(qtbot, controller, workspace,
                                                            remote_url: str) -> None:
    publish_on_remote(remote_url, TENANT, KEY, load(OLD))
    with qtbot.waitSignal(controller.pulled, timeout=30_000) as pulled:
        job = controller.pull()
        assert job is not None and controller.busy  # the call returned while the job runs
        assert not controller.pull_action.isEnabled()
    assert pulled.args[0].versions == 1
    qtbot.waitUntil(lambda: not controller.busy)
    assert controller.pull_action.isEnabled()
    with workspace.db.session() as s:
        t = repo.find_tenant(s, TENANT)
        wf = repo.get_workflow_by_key(s, t.id, KEY)
        assert repo.get_latest(s, t.id, wf.id).info.version == 1
    assert controller.asked == []  # trust auth: nobody was asked for a password


def _pull(qtbot, controller) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(controller.pulled, timeout=30_000):
        controller.pull()
    qtbot.waitUntil(lambda: not controller.busy)


def _moved_on(qtbot, controller, workspace, remote_url):  # type: ignore[no-untyped-def]
    """Both pulled v1; mine edits the URL, theirs (v2) edits the URL and renames check."""
    publish_on_remote(remote_url, TENANT, KEY, load(OLD))
    _pull(qtbot, controller)
    local_draft(workspace, with_url("https://mine.example"))
    publish_on_remote(remote_url, TENANT, KEY,
                      with_url("https://theirs.example", node_id="fetch"))
    theirs = dump(with_url("https://theirs.example"))
    next(n for n in theirs["graph"]["nodes"] if n["id"] == "check")["name"] = "Large?"
    publish_on_remote(remote_url, TENANT, KEY, load(theirs))  # v3 = theirs latest
    controller.publish()
    qtbot.waitUntil(lambda: controller.merge_dialog is not None, timeout=30_000)
    qtbot.waitUntil(lambda: not controller.busy)
    return controller.merge_dialog


def test_remote_moved_on_opens_the_merge_view_and_accept_rebases_then_publishes(
        qtbot, controller, workspace, remote_url: str) -> None:
    dialog = _moved_on(qtbot, controller, workspace, remote_url)
    assert dialog.conflict_list.count() == 1
    assert "“Fetch” › config › url" in dialog.conflict_list.item(0).text()
    dialog.editor.use_mine.click()
    with qtbot.waitSignal(controller.draft_rebased, timeout=10_000):
        dialog.accept_button.click()
    with qtbot.waitSignal(controller.published, timeout=30_000) as published:
        controller.publish()
    result = published.args[0]
    assert isinstance(result, Published) and result.version == 4
    remote = open_database(remote_url)
    try:
        with remote.session() as s:
            t = repo.find_tenant(s, TENANT)
            wf = repo.get_workflow_by_key(s, t.id, KEY)
            doc = dump(repo.get_latest(s, t.id, wf.id).document)
    finally:
        remote.dispose()
    nodes = {n["id"]: n for n in doc["graph"]["nodes"]}
    assert nodes["fetch"]["config"]["url"] == "https://mine.example"  # resolved: mine
    assert nodes["check"]["name"] == "Large?"  # theirs, merged without asking


def test_cancelling_the_merge_leaves_the_draft_as_it_was(qtbot, controller, workspace,
                                                         remote_url: str) -> None:
    dialog = _moved_on(qtbot, controller, workspace, remote_url)
    before = draft_document(workspace)
    messages: list[str] = []
    controller.message.connect(messages.append)
    dialog.editor.use_theirs.click()
    dialog.reject()
    qtbot.waitUntil(lambda: controller.merge_dialog is None)
    after = draft_document(workspace)
    assert after.info.id == before.info.id and after.info.based_on_id == before.info.based_on_id
    assert dump(after.document) == dump(before.document)
    assert any("unchanged" in m for m in messages)


def test_an_unreachable_remote_fails_without_blocking(qtbot, workspace,
                                                      sync_settings: QSettings) -> None:
    ProfileStore(sync_settings).set_profiles([RemoteProfile("postgresql://127.0.0.1:9/nowhere")])
    c = SyncController(workspace, None, sync_settings, prompt=lambda p: None,
                       check_interval_ms=3_600_000)
    with qtbot.waitSignal(c.failed, timeout=15_000) as failed:
        assert c.pull() is not None and c.busy
    assert "127.0.0.1:9" in failed.args[0]
    qtbot.waitUntil(lambda: c.status_widget.state == "offline", timeout=15_000)
    assert c.status_widget.text.text() == "Remote offline"


def test_the_badge_shows_a_reachable_remote_online(qtbot, controller) -> None:
    qtbot.waitUntil(lambda: controller.status_widget.state == "online", timeout=15_000)
    assert "reachable" in controller.status_widget.toolTip()


def test_publish_without_an_open_workflow_says_so(qtbot, controller) -> None:
    controller.target = lambda: None
    with qtbot.waitSignal(controller.failed) as failed:
        assert controller.publish() is None
    assert "Open a workflow" in failed.args[0]


def test_no_password_in_settings(controller, sync_settings: QSettings, tmp_path: Path) -> None:
    sync_settings.sync()
    text = Path(sync_settings.fileName()).read_text(encoding="utf-8")
    assert "shared" in text and "password" not in text.lower()


def test_a_password_is_asked_for_once_when_the_remote_wants_one(
        qtbot, controller, remote_url: str, monkeypatch) -> None:
    """The server's refusal (simulated: the local server trusts everyone) leads to one prompt,
    and the retry with the typed password succeeds; the password stays in memory only."""
    real_open = controller_module.open_remote
    seen: list[str | None] = []

    def guarded_open(profile, password=None, **kw):  # type: ignore[no-untyped-def]
        seen.append(password)
        if password != "typed-pw":
            raise DatabaseUnavailable(f"cannot reach remote {profile.display_url}: "
                                      "FATAL: password authentication failed for user x")
        return real_open(profile, None, **kw)

    monkeypatch.setattr(controller_module, "open_remote", guarded_open)
    asked: list[RemoteProfile] = []
    controller.passwords.prompt = lambda p: asked.append(p) or "typed-pw"
    publish_on_remote(remote_url, TENANT, KEY, load(OLD))
    with qtbot.waitSignal(controller.pulled, timeout=30_000):
        controller.pull()
    qtbot.waitUntil(lambda: not controller.busy)
    assert seen == [None, "typed-pw"] and len(asked) == 1
    assert controller.pull_action.isEnabled()
    # asked once per session: the next pull uses the remembered password
    with qtbot.waitSignal(controller.pulled, timeout=30_000):
        controller.pull()
    qtbot.waitUntil(lambda: not controller.busy)
    assert len(asked) == 1 and seen[-1] == "typed-pw"


def test_cancel_stops_a_pull_and_leaves_the_workspace_consistent(
        qtbot, controller, workspace, remote_url: str) -> None:
    publish_on_remote(remote_url, TENANT, KEY, load(OLD))
    messages: list[str] = []
    controller.message.connect(messages.append)
    pulled: list[object] = []
    controller.pulled.connect(pulled.append)
    job = controller.pull()
    assert job is not None
    controller.cancel()  # before the worker has even reached the server
    qtbot.waitUntil(lambda: not controller.busy, timeout=30_000)
    assert pulled == [] and any("cancelled" in m for m in messages)
    assert controller.pull_action.isEnabled()
    # a later pull completes what the cancelled one did not do
    with qtbot.waitSignal(controller.pulled, timeout=30_000):
        controller.pull()
    with workspace.db.session() as s:
        t = repo.find_tenant(s, TENANT)
        assert repo.get_latest(s, t.id, repo.get_workflow_by_key(s, t.id, KEY).id) is not None


def test_the_badge_never_runs_two_checks_at_once(qtbot) -> None:
    badge = ReachabilityIndicator(interval_ms=3_600_000)
    qtbot.addWidget(badge)
    assert badge.state == "none" and not badge.check_now()  # no remote: nothing to check
    badge.set_profile(RemoteProfile("postgresql://127.0.0.1:9/nowhere"))
    assert badge.is_checking and badge.state == "checking"
    assert not badge.check_now()  # one is running already
    qtbot.waitUntil(lambda: badge.state == "offline", timeout=15_000)
    assert "127.0.0.1:9" in badge.toolTip()
    assert badge.check_now()  # the next one may start
    qtbot.waitUntil(lambda: not badge.is_checking, timeout=15_000)
