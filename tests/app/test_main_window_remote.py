"""The Remote menu of the real window against a real PostgreSQL remote (offscreen, temp workspace,
temp settings, an in-memory keyring): pull, publish, and a merge that reloads the open draft."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from tests.app.diffview.samples import OLD
from tests.app.remote_window import pull, synced_window
from tests.app.sync.conftest import memory_keyring, remote_url  # noqa: F401 - fixtures
from tests.storage.sync.sync_support import publish_on_remote
from tests.storage.sync.test_sync_deletions import delete_on_remote, remote_workflows

from flowdesk.app.main_window import MainWindow
from flowdesk.app.session.workspace import DEFAULT_TENANT
from flowdesk.app.settings import AppSettings
from flowdesk.model.document import dump, load
from flowdesk.storage import repository as repo
from flowdesk.storage.database import open_database

pytestmark = pytest.mark.postgres
KEY = "invoice-reminder"


def renamed(node_id: str, name: str, base: dict | None = None):  # type: ignore[no-untyped-def]
    doc = dump(load(base if base is not None else OLD))
    next(n for n in doc["graph"]["nodes"] if n["id"] == node_id)["name"] = name
    return load(doc)


def remote_latest(url: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    db = open_database(url)
    try:
        with db.session() as s:
            t = repo.find_tenant(s, DEFAULT_TENANT)
            wf = repo.get_workflow_by_key(s, t.id, KEY)
            latest = repo.get_latest(s, t.id, wf.id)
            return latest.info.version, dump(latest.document)
    finally:
        db.dispose()


@pytest.fixture
def window(make_window, workspace_path: Path, app_settings: AppSettings,  # type: ignore[no-untyped-def]
           remote_url: str) -> MainWindow:  # noqa: F811 - the imported fixture
    return synced_window(make_window, workspace_path, app_settings, remote_url)



def names(window: MainWindow) -> dict[str, str | None]:
    return {n.id: n.name for n in window.session.model.document.graph.nodes}  # type: ignore[union-attr]


def test_remote_menu_and_badge(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    texts = [a.text() for a in window.remote_menu.actions() if not a.isSeparator()]
    assert texts == ["&Pull from remote", "Publish to &remote", "&Deleted on the remote…",
                     "Remote &profiles…"]
    assert not window.remote.deleted_action.isEnabled()  # nothing waits for a decision
    assert window.remote.controller.pull_action.isEnabled()  # a profile is set up
    badge = window.remote.controller.status_widget
    assert badge.parent() is window.statusBar() or window.statusBar().isAncestorOf(badge)
    qtbot.waitUntil(lambda: badge.state == "online", timeout=15_000)


def test_pull_brings_a_remote_workflow_into_the_browser(window: MainWindow, qtbot,  # type: ignore[no-untyped-def]
                                                        remote_url: str) -> None:  # noqa: F811
    assert window.restore_last_workflow()
    publish_on_remote(remote_url, DEFAULT_TENANT, KEY, load(OLD))
    keys = {s.workflow.key for s in window.browser.list_model.summaries()}
    assert KEY not in keys
    pull(qtbot, window)
    summaries = {s.workflow.key: s for s in window.browser.list_model.summaries()}
    assert KEY in summaries
    assert "pulled from" in window.statusBar().currentMessage()
    assert "order-approval" in summaries  # local workflows stay (their tenant was adopted)
    window.update_node("is_large", "name", "Big order?")  # the open draft still saves
    assert window.save_draft()
    assert window.open_workflow(summaries[KEY].workflow.id)
    assert window.session.read_only and window.session.version.version == 1  # type: ignore[union-attr]
    assert names(window)["check"] == "Big?"


def test_publish_merges_with_the_remote_and_reloads_the_open_draft(window: MainWindow, qtbot,  # type: ignore[no-untyped-def]
                                                                   remote_url: str) -> None:  # noqa: F811
    publish_on_remote(remote_url, DEFAULT_TENANT, KEY, load(OLD))
    pull(qtbot, window)
    workflow = next(s.workflow for s in window.browser.list_model.summaries()
                    if s.workflow.key == KEY)
    assert window.open_workflow(workflow.id)
    assert window.new_draft_from(None)
    window.update_node("fetch", "name", "Fetch the invoice")  # not saved yet: publish saves
    # meanwhile another author publishes v2 with the condition renamed
    publish_on_remote(remote_url, DEFAULT_TENANT, KEY, renamed("check", "Overdue?"))

    controller = window.remote.controller
    controller.publish_action.trigger()
    qtbot.waitUntil(lambda: controller.merge_dialog is not None, timeout=30_000)
    qtbot.waitUntil(lambda: not controller.busy)
    dialog = controller.merge_dialog
    assert dialog.conflict_list.count() == 0  # different nodes: merged without asking
    with qtbot.waitSignal(controller.draft_rebased, timeout=10_000):
        dialog.accept_button.click()
    # the window shows the merged draft: both edits, based on v2
    assert window.session.version.is_draft  # type: ignore[union-attr]
    assert names(window)["fetch"] == "Fetch the invoice"
    assert names(window)["check"] == "Overdue?"
    assert "from v2" in window.version_bar.chip.text()

    with qtbot.waitSignal(controller.published, timeout=30_000) as published:
        controller.publish_action.trigger()
    assert published.args[0].version == 3
    qtbot.waitUntil(lambda: window.session is not None and window.session.read_only)
    assert window.session.version.version == 3  # type: ignore[union-attr]
    assert [v.version for v in window.history_panel.versions()] == [3, 2, 1]
    version, doc = remote_latest(remote_url)
    remote_names = {n["id"]: n.get("name") for n in doc["graph"]["nodes"]}
    assert version == 3
    assert (remote_names["fetch"], remote_names["check"]) == ("Fetch the invoice", "Overdue?")


def test_publish_without_a_draft_says_so(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.remote.controller.publish_action.trigger()  # nothing open
    title, text, _ = window.prompts.asked[-1]  # type: ignore[attr-defined]
    assert title == "Remote" and "draft" in text


def test_pull_adopting_the_open_workflow_keeps_the_draft_on_screen(window: MainWindow, qtbot,  # type: ignore[no-untyped-def]
                                                                   remote_url: str) -> None:  # noqa: F811
    """A workflow made offline whose key the remote also has takes the remote's id."""
    local = next(s.workflow for s in window.browser.list_model.summaries()
                 if s.workflow.key == "customer-welcome")
    assert window.open_workflow(local.id)
    assert window.session.version.is_draft  # type: ignore[union-attr]
    before = window.session.model.document  # type: ignore[union-attr]
    publish_on_remote(remote_url, DEFAULT_TENANT, "customer-welcome", load(OLD))
    pull(qtbot, window)
    session = window.session
    assert session is not None and session.workflow.key == "customer-welcome"
    assert session.workflow.id != local.id  # adopted: reopened under the remote's id
    assert session.version.is_draft and session.model.document == before  # the draft is intact
    assert [v.is_draft for v in window.history_panel.versions()] == [True, False]  # + pulled v1
    assert window.browser.selected_workflow_id() == session.workflow.id


def _edited_draft_of_a_pulled_workflow(window: MainWindow, qtbot, url: str) -> str:  # type: ignore[no-untyped-def]
    publish_on_remote(url, DEFAULT_TENANT, KEY, load(OLD))
    pull(qtbot, window)
    workflow = next(s.workflow for s in window.browser.list_model.summaries()
                    if s.workflow.key == KEY)
    assert window.open_workflow(workflow.id)
    assert window.new_draft_from(None)
    window.update_node("fetch", "name", "Edited before the deletion")
    assert window.save_draft()
    return workflow.id


def _keys(window: MainWindow) -> set[str]:
    return {s.workflow.key for s in window.browser.list_model.summaries()}


def test_a_workflow_deleted_on_the_remote_is_offered_and_published_as_new(  # type: ignore[no-untyped-def]
        window: MainWindow, qtbot, remote_url: str) -> None:  # noqa: F811
    old_id = _edited_draft_of_a_pulled_workflow(window, qtbot, remote_url)
    delete_on_remote(remote_url, KEY)
    controller = window.remote.controller
    window.prompts.answer(QMessageBox.StandardButton.Yes)  # type: ignore[attr-defined]

    with qtbot.waitSignal(controller.published, timeout=30_000) as published:
        controller.pull_action.trigger()  # the pull finds the deletion and asks

    title, text, _ = window.prompts.asked[-1]  # type: ignore[attr-defined]
    assert title == "Deleted on the remote" and KEY in text and "draft of it is kept" in text
    result = published.args[0]
    assert result.as_new and result.version == 1
    qtbot.waitUntil(lambda: not controller.busy)
    [(new_id, key, numbers)] = remote_workflows(remote_url)
    assert (key, numbers) == (KEY, [1]) and new_id != old_id
    session = window.session
    assert session is not None and session.workflow.id == new_id  # reopened on the new one
    assert names(window)["fetch"] == "Edited before the deletion"
    assert [v.version for v in window.history_panel.versions() if not v.is_draft] == [1]
    assert not window.remote.deleted_action.isEnabled()


def test_discard_drops_the_deleted_workflow_and_later_keeps_it_in_the_remote_menu(  # type: ignore[no-untyped-def]
        window: MainWindow, qtbot, remote_url: str) -> None:  # noqa: F811
    _edited_draft_of_a_pulled_workflow(window, qtbot, remote_url)
    delete_on_remote(remote_url, KEY)
    later = QMessageBox.StandardButton.Cancel  # the "Later" button
    window.prompts.answer(later)  # type: ignore[attr-defined]
    pull(qtbot, window)
    assert window.prompts.asked[-1][0] == "Deleted on the remote"  # type: ignore[attr-defined]
    assert KEY in _keys(window)  # kept: nothing saved is lost
    assert window.remote.deleted_action.isEnabled()

    controller = window.remote.controller
    window.prompts.answer(QMessageBox.StandardButton.Discard)  # type: ignore[attr-defined]
    with qtbot.waitSignal(controller.discarded, timeout=10_000):
        window.remote.deleted_action.trigger()  # Remote › Deleted on the remote…

    assert KEY not in _keys(window)
    assert window.session is None or window.session.workflow.key != KEY
    assert not window.remote.deleted_action.isEnabled()
    pull(qtbot, window)
    assert KEY not in _keys(window)  # a pull does not bring it back


def test_publish_of_a_workflow_the_remote_deleted_offers_the_choice(  # type: ignore[no-untyped-def]
        window: MainWindow, qtbot, remote_url: str) -> None:  # noqa: F811
    _edited_draft_of_a_pulled_workflow(window, qtbot, remote_url)
    delete_on_remote(remote_url, KEY)  # no pull since: the publish finds out
    controller = window.remote.controller
    window.prompts.answer(QMessageBox.StandardButton.Discard)  # type: ignore[attr-defined]

    with qtbot.waitSignal(controller.discarded, timeout=30_000):
        controller.publish_action.trigger()

    asked = [a[0] for a in window.prompts.asked]  # type: ignore[attr-defined]
    assert "Remote" not in asked  # no error box: publish no longer fails
    assert asked[-1] == "Deleted on the remote"
    assert KEY not in _keys(window)
    assert remote_workflows(remote_url) == []  # nothing was sent
