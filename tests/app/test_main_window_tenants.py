"""Tenants and publish routing in the real window against a real PostgreSQL remote (offscreen,
temp workspace, temp settings, an in-memory keyring): a pull brings a second tenant the browser can
switch to, and Publish goes to the remote for a synced workflow, locally for a local-only one."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.app.diffview.samples import NEW, OLD
from tests.app.remote_window import pull, synced_window
from tests.app.sync.conftest import memory_keyring, remote_url  # noqa: F401 - fixtures
from tests.storage.sync.sync_support import publish_on_remote

from flowdesk.app.main_window import MainWindow
from flowdesk.app.main_window import main_window as main_window_module
from flowdesk.app.session.workspace import DEFAULT_TENANT
from flowdesk.app.settings import AppSettings
from flowdesk.model.document import dump, load
from flowdesk.storage import repository as repo
from flowdesk.storage.database import open_database

KEY = "invoice-reminder"
OTHER_TENANT = "Acme"
OTHER_KEY = "acme-onboarding"


def remote_versions(url: str, tenant: str, key: str) -> list[int]:
    db = open_database(url)
    try:
        with db.session() as s:
            t = repo.get_tenant_by_name(s, tenant)
            wf = repo.get_workflow_by_key(s, t.id, key)
            return sorted(v.version for v in repo.list_versions(s, t.id, wf.id) if not v.is_draft)
    finally:
        db.dispose()


@pytest.fixture
def synced(make_window, workspace_path: Path, app_settings: AppSettings,  # type: ignore[no-untyped-def]
           remote_url: str) -> MainWindow:  # noqa: F811 - the imported fixture
    return synced_window(make_window, workspace_path, app_settings, remote_url)



def choose_tenant(window: MainWindow, name: str) -> None:
    """What a click in the combo does: the index changes, then ``activated`` fires."""
    combo = window.browser.tenant_combo
    index = combo.findText(name)
    assert index >= 0, f"{name} not in {[combo.itemText(i) for i in range(combo.count())]}"
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def listed_keys(window: MainWindow) -> set[str]:
    return {s.workflow.key for s in window.browser.list_model.summaries()}


def workflow_id(window: MainWindow, key: str) -> str:
    return next(s.workflow.id for s in window.browser.list_model.summaries()
                if s.workflow.key == key)


def node_names(window: MainWindow) -> dict[str, str | None]:
    return {n.id: n.name for n in window.session.model.document.graph.nodes}  # type: ignore[union-attr]


# ------------------------------------------------------------------- tenants


def test_workspace_lists_and_switches_tenants(workspace) -> None:  # type: ignore[no-untyped-def]
    with workspace.session() as s:
        other = repo.get_or_create_tenant(s, OTHER_TENANT)
    assert [t.name for t in workspace.list_tenants()] == [OTHER_TENANT, DEFAULT_TENANT]
    assert workspace.list_workflows()  # the seeded examples of "Local"
    assert workspace.use_tenant(other.id).name == OTHER_TENANT
    assert workspace.tenant_id == other.id and workspace.list_workflows() == []
    wf = workspace.create_workflow("only-here", "Only here")
    assert [s.workflow.id for s in workspace.list_workflows()] == [wf.id]
    with pytest.raises(Exception, match="no tenant with id"):
        workspace.use_tenant("no-such-tenant")
    assert workspace.tenant_id == other.id  # a failed switch leaves the tenant as it was


@pytest.mark.postgres
def test_pull_two_tenants_and_switch_in_the_browser(synced: MainWindow, qtbot, make_window,  # type: ignore[no-untyped-def]
                                                    workspace_path: Path,
                                                    remote_url: str) -> None:  # noqa: F811
    window = synced
    assert window.browser.tenant_ids() == [window.workspace.tenant_id]
    assert window.restore_last_workflow()
    publish_on_remote(remote_url, DEFAULT_TENANT, KEY, load(OLD))
    publish_on_remote(remote_url, OTHER_TENANT, OTHER_KEY, load(NEW))
    pull(qtbot, window)
    combo = window.browser.tenant_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [OTHER_TENANT, DEFAULT_TENANT]
    assert combo.currentText() == DEFAULT_TENANT  # still on the tenant being edited
    assert OTHER_KEY not in listed_keys(window)

    window.update_node("is_large", "name", "Big order?")  # unsaved when switching
    choose_tenant(window, OTHER_TENANT)
    assert window.session is None  # closed cleanly, its edit written first
    assert window.workspace.tenant.name == OTHER_TENANT
    assert listed_keys(window) == {OTHER_KEY}
    assert window.open_workflow(workflow_id(window, OTHER_KEY))
    session = window.session
    assert session is not None and session.read_only and session.version.version == 1
    assert session.workflow.key == OTHER_KEY
    assert node_names(window) == {n["id"]: n.get("name") for n in NEW["graph"]["nodes"]}

    # the choice is remembered: a new window on this workspace starts on Acme
    second = make_window(workspace_path)
    assert second.workspace.tenant.name == OTHER_TENANT
    assert second.browser.tenant_combo.currentText() == OTHER_TENANT
    assert listed_keys(second) == {OTHER_KEY}

    # and back: the edit made before switching was saved into Local's draft
    choose_tenant(window, DEFAULT_TENANT)
    assert KEY in listed_keys(window) and "order-approval" in listed_keys(window)
    assert window.open_workflow(workflow_id(window, "order-approval"))
    assert window.session.version.is_draft  # type: ignore[union-attr]
    assert node_names(window)["is_large"] == "Big order?"


def test_a_switch_the_author_cancels_keeps_the_workflow_open(window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    with window.workspace.session() as s:
        repo.get_or_create_tenant(s, OTHER_TENANT)
    window.browser.refresh_tenants()
    assert window.restore_last_workflow()
    session = window.session
    monkeypatch.setattr(session, "close", lambda: False)  # the draft cannot be written
    window.prompts.answer(main_window_module.Button.Cancel)  # type: ignore[attr-defined]
    choose_tenant(window, OTHER_TENANT)
    assert window.prompts.asked[-1][0] == "Unsaved changes"  # type: ignore[attr-defined]
    assert window.session is session  # still open, on the same tenant
    assert window.workspace.tenant.name == DEFAULT_TENANT
    assert window.browser.tenant_combo.currentText() == DEFAULT_TENANT
    assert "order-approval" in listed_keys(window)
    monkeypatch.undo()  # writable again, so closing the window at the end does not ask


# ----------------------------------------------------------- publish routing


def test_a_local_only_workflow_publishes_locally(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert window.open_workflow(workflow_id(window, "customer-welcome"))
    assert "this workspace only" in window.publish_action.toolTip()
    assert "this workspace only" in window.version_bar.publish_button.toolTip()
    window.prompts.answer(main_window_module.Button.Yes)  # type: ignore[attr-defined]
    assert window.publish()
    _title, text, _ = window.prompts.asked[-1]  # type: ignore[attr-defined]
    assert "local only" in text
    assert window.session.read_only and window.session.version.version == 1  # type: ignore[union-attr]
    assert window.remote.controller.job is None  # nothing went to a remote


@pytest.mark.postgres
def test_a_synced_workflow_publishes_to_the_remote(synced: MainWindow, qtbot,  # type: ignore[no-untyped-def]
                                                   monkeypatch, remote_url: str) -> None:  # noqa: F811
    window = synced
    publish_on_remote(remote_url, DEFAULT_TENANT, KEY, load(OLD))
    pull(qtbot, window)
    assert window.open_workflow(workflow_id(window, KEY))
    assert window.new_draft_from(None)
    assert "remote “shared”" in window.publish_action.toolTip()
    # a draft whose parameter change breaks callers ("limit" becomes required)
    window.session.model.set_parameter_schema(NEW["parameterSchema"])  # type: ignore[union-attr]

    asked: list[tuple[object, object]] = []

    def refuse(_parent, old, new):  # type: ignore[no-untyped-def]
        asked.append((old, new))
        return False

    monkeypatch.setattr(main_window_module, "confirm_breaking_changes", refuse)
    assert not window.publish()
    assert asked and asked[0][1]["required"] == ["limit"]  # asked before anything is sent
    assert window.remote.controller.job is None
    assert remote_versions(remote_url, DEFAULT_TENANT, KEY) == [1]

    monkeypatch.setattr(main_window_module, "confirm_breaking_changes", lambda *_a: True)
    controller = window.remote.controller
    with qtbot.waitSignal(controller.published, timeout=30_000) as published:
        assert window.publish()
    assert published.args[0].version == 2
    assert remote_versions(remote_url, DEFAULT_TENANT, KEY) == [1, 2]
    qtbot.waitUntil(lambda: window.session is not None and window.session.read_only)
    assert window.session.version.version == 2  # type: ignore[union-attr]
    pull(qtbot, window)  # the remote knows v2: no mirror conflict
    assert "already up to date" in controller.last_result.summary()

    # the seeded example, published here before the first pull, stays local
    assert window.open_workflow(workflow_id(window, "order-approval"))
    assert "this workspace only" in window.publish_action.toolTip()
    # a workflow made here after syncing has no published version: it stays local
    local = window.workspace.create_workflow("scratch", "Scratch")
    window.browser.refresh()
    assert window.open_workflow(local.id)
    assert "this workspace only" in window.publish_action.toolTip()


@pytest.mark.postgres
def test_publishing_a_synced_workflow_the_remote_moved_on_opens_the_merge(  # type: ignore[no-untyped-def]
        synced: MainWindow, qtbot, remote_url: str) -> None:  # noqa: F811
    window = synced
    publish_on_remote(remote_url, DEFAULT_TENANT, KEY, load(OLD))
    pull(qtbot, window)
    assert window.open_workflow(workflow_id(window, KEY))
    assert window.new_draft_from(None)
    window.update_node("fetch", "name", "Fetch the invoice")
    theirs = dump(load(OLD))
    next(n for n in theirs["graph"]["nodes"] if n["id"] == "check")["name"] = "Overdue?"
    publish_on_remote(remote_url, DEFAULT_TENANT, KEY, load(theirs))

    controller = window.remote.controller
    assert window.publish()
    _title, text, _ = window.prompts.asked[-1]  # type: ignore[attr-defined]
    assert "to the remote “shared”" in text
    qtbot.waitUntil(lambda: controller.merge_dialog is not None, timeout=30_000)
    qtbot.waitUntil(lambda: not controller.busy)
    assert controller.merge_dialog.conflict_list.count() == 0  # type: ignore[union-attr]
    assert remote_versions(remote_url, DEFAULT_TENANT, KEY) == [1, 2]  # nothing of ours yet
    assert window.session.version.is_draft  # type: ignore[union-attr]
    assert window.workspace.list_versions(window.session.workflow.id)[0].is_draft  # type: ignore[union-attr]
