"""An action's connection field is a picker of the tenant's connections."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from flowdesk.app.inspector.config_editor import ConfigEditor
from flowdesk.app.inspector.connection_field import ConnectionField
from flowdesk.app.main_window import MainWindow
from flowdesk.model.catalog import builtin_catalog
from flowdesk.model.env_editing import Connection
from flowdesk.model.forms.connections import mark_connection_fields

CONNECTIONS = [Connection("c-jira", "Jira", "jira"), Connection("c-zen", "Zendesk", "")]


def _editor(qtbot) -> ConfigEditor:  # type: ignore[no-untyped-def]
    editor = ConfigEditor()
    qtbot.addWidget(editor)
    editor.connections.set(CONNECTIONS)
    editor.set_action(builtin_catalog().get("ticket.create"))
    editor.show()
    return editor


def _field(editor: ConfigEditor) -> ConnectionField:
    assert editor.form is not None
    field = editor.form.field_at("/connectionId")
    assert field is not None and isinstance(field.editor, ConnectionField)
    return field.editor


def _labels(combo: QComboBox) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def test_known_connections_are_offered_by_name_and_stored_by_id(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(qtbot)
    editor.set_value({"connectionId": "c-zen", "project": "OPS", "summary": "x"})
    picker = _field(editor)
    assert _labels(picker.combo) == ["Jira (jira)", "Zendesk"]
    assert picker.combo.currentText() == "Zendesk" and not picker.unresolved
    with qtbot.waitSignal(editor.value_changed) as changed:
        picker.combo.setCurrentIndex(0)
        picker.combo.activated.emit(0)
    assert changed.args[0]["connectionId"] == "c-jira"


def test_an_unknown_connection_is_marked_unresolved_and_kept(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(qtbot)
    editor.set_value({"connectionId": "c-gone", "project": "OPS", "summary": "x"})
    picker = _field(editor)
    assert _labels(picker.combo)[-1] == "c-gone — unresolved"
    assert picker.unresolved and "Not a connection of this tenant" in picker.combo.toolTip()
    assert editor.form.value()["connectionId"] == "c-gone"  # type: ignore[union-attr]


def test_an_id_or_template_can_be_typed(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(qtbot)
    editor.set_value({"project": "OPS", "summary": "x"})
    picker = _field(editor)
    line = picker.combo.lineEdit()
    qtbot.keyClicks(line, "${{ env.DESK }}")
    assert editor.value()["connectionId"] == "${{ env.DESK }}"
    assert not picker.unresolved  # filled in at run time
    line.clear()
    qtbot.keyClicks(line, "c-jira")
    assert editor.value()["connectionId"] == "c-jira" and not picker.unresolved
    line.clear()
    qtbot.keyClicks(line, "x")
    assert picker.unresolved


def test_a_new_connection_list_keeps_the_value(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(qtbot)
    editor.set_value({"connectionId": "c-new", "project": "OPS", "summary": "x"})
    picker = _field(editor)
    assert picker.unresolved
    editor.connections.set([*CONNECTIONS, Connection("c-new", "ServiceNow", "servicenow")])
    assert picker.combo.currentText() == "ServiceNow (servicenow)" and not picker.unresolved
    assert editor.form.value()["connectionId"] == "c-new"  # type: ignore[union-attr]


def test_only_string_connection_ids_are_marked() -> None:
    schema = builtin_catalog().get("sql.query").input_schema  # type: ignore[union-attr]
    marked = mark_connection_fields(schema)
    assert marked["properties"]["connectionId"]["format"] == "connection"
    assert "format" not in schema["properties"]["connectionId"]  # the catalog is untouched
    other = {"type": "object", "properties": {"connectionId": {"enum": ["a", "b"]}}}
    assert mark_connection_fields(other) is other


def test_the_window_offers_the_workspace_connections(window: MainWindow) -> None:
    window.workspace.create_connection("Service desk", "servicenow")
    summary = next(s for s in window.workspace.list_workflows()
                   if s.workflow.key == "order-approval")
    assert window.open_workflow(summary.workflow.id)
    window.scene.select_item("node", "flag_review")  # type: ignore[union-attr]
    picker = _field(window.inspector.node_page.config_editor)
    assert {"Helpdesk (jira)", "Service desk (servicenow)"} <= set(_labels(picker.combo))
    # the example names "helpdesk", which is no id of this tenant: marked like the env editor
    assert picker.combo.currentText() == "helpdesk — unresolved" and picker.unresolved
