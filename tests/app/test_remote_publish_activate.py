"""Publish of a workflow that lives on a real PostgreSQL remote: its first published version
offers "Make the workflow Active" as a local first publish does, and the answer reaches the
remote; later publishes do not ask."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from PySide6.QtWidgets import QMessageBox
from tests.app.remote_window import pull, synced_window
from tests.app.sync.conftest import memory_keyring, remote_url  # noqa: F401 - fixtures
from tests.storage.sync.test_sync_publish_activate import remote_numbers, remote_workflow
from tests.support.postgres import database_name, dsn

from flowdesk.app.main_window import MainWindow
from flowdesk.app.main_window.prompts import Prompts
from flowdesk.app.session.workspace import DEFAULT_TENANT
from flowdesk.app.settings import AppSettings
from flowdesk.storage.schema import WorkflowStatus

from .message_boxes import when_a_box_shows

pytestmark = pytest.mark.postgres
KEY = "customer-welcome"  # the seeded workspace holds a draft of it, never published
Yes = QMessageBox.StandardButton.Yes


@pytest.fixture
def window(make_window, workspace_path: Path, app_settings: AppSettings,  # type: ignore[no-untyped-def]
           remote_url: str, qtbot) -> MainWindow:  # noqa: F811 - the imported fixture
    """The platform made KEY (status Draft, no versions); the window pulled it and opened it:
    the local draft now belongs to the remote's workflow, so Publish goes there."""
    with psycopg.connect(dsn(database_name(remote_url))) as conn:
        conn.execute("INSERT INTO tenants (id, name) VALUES ('platform-t', %s)", (DEFAULT_TENANT,))
        conn.execute(
            'INSERT INTO workflows (id, tenant_id, key, name, "updatedAt") '
            "VALUES ('platform-w', 'platform-t', %s, 'Customer welcome', now())", (KEY,)
        )
    window = synced_window(make_window, workspace_path, app_settings, remote_url)
    pull(qtbot, window)
    assert window.open_workflow("platform-w")
    assert window.session is not None and window.session.version.is_draft
    assert window.remote.publishes_to_remote("platform-w")
    return window


def _publish(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Publish from the window, waiting until the published version is on screen."""
    controller = window.remote.controller
    with qtbot.waitSignal(controller.published, timeout=30_000):
        assert window.publish()
    qtbot.waitUntil(lambda: not controller.busy, timeout=10_000)
    qtbot.waitUntil(lambda: window.session is not None and window.session.read_only)


def _browser_status(window: MainWindow) -> WorkflowStatus:
    summary = next(s for s in window.browser.list_model.summaries() if s.workflow.key == KEY)
    return summary.workflow.status


def test_ticking_active_in_the_remote_confirmation_activates_the_workflow(  # type: ignore[no-untyped-def]
    window: MainWindow, qtbot, remote_url: str  # noqa: F811
) -> None:
    window.prompts = Prompts(window)  # the real question, answered as a person would
    seen: list[tuple[str, str, bool]] = []

    def answer(box: QMessageBox) -> None:
        check = box.checkBox()
        seen.append((box.text(), check.text() if check else "", bool(check and check.isChecked())))
        if check is not None:
            check.setChecked(False)
            check.setChecked(True)  # the author ticks it (again)
        box.button(Yes).click()

    when_a_box_shows(answer)
    _publish(window, qtbot)

    [(question, option, checked)] = seen
    assert "to the remote “shared”" in question
    assert option == "Make the workflow Active (its first published version)"
    assert checked  # a Draft workflow: offered ticked
    assert remote_workflow(remote_url, KEY)[0] == "Active"
    assert remote_numbers(remote_url, KEY) == [(1, True)]
    assert window.session is not None and window.session.version.version == 1
    assert _browser_status(window) == WorkflowStatus.ACTIVE
    assert window.workspace.get_workflow("platform-w").status == WorkflowStatus.ACTIVE
    assert "now Active" in window.statusBar().currentMessage()


def test_unticked_it_stays_a_draft_and_later_publishes_do_not_ask(  # type: ignore[no-untyped-def]
    window: MainWindow, qtbot, remote_url: str  # noqa: F811
) -> None:
    prompts = window.prompts
    prompts.answer(Yes)  # type: ignore[attr-defined]
    prompts.check_answers.append(False)  # type: ignore[attr-defined]
    _publish(window, qtbot)
    title, question, _ = prompts.asked[-1]  # type: ignore[attr-defined]
    assert title == "Publish" and "remote" in question
    assert prompts.checkboxes[-1] is not None  # type: ignore[attr-defined]
    assert remote_workflow(remote_url, KEY)[0] == "Draft"
    assert remote_numbers(remote_url, KEY) == [(1, True)]

    assert window.new_draft_from(None)
    window.update_node(window.session.model.document.graph.nodes[1].id,  # type: ignore[union-attr]
                       "name", "Say hello")
    prompts.answer(Yes)  # type: ignore[attr-defined]
    _publish(window, qtbot)
    assert prompts.asked[-1][0] == "Publish"  # type: ignore[attr-defined]
    assert prompts.checkboxes[-1] is None  # type: ignore[attr-defined]
    assert remote_numbers(remote_url, KEY) == [(1, False), (2, True)]
    assert remote_workflow(remote_url, KEY)[0] == "Draft"
    assert _browser_status(window) == WorkflowStatus.DRAFT
