"""The parameter editor: list and raw JSON stay in sync, edits are undoable,
an invalid raw text is kept and located."""

from __future__ import annotations

import copy
import json

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from tests.support.undo import new_undo_stack

from flowdesk.app.params import ParameterEditor
from flowdesk.model.document import load
from flowdesk.model.editor.workflow_model import WorkflowModel


def raw_json(editor: ParameterEditor) -> dict:
    return json.loads(editor.raw.text())


def type_raw(editor: ParameterEditor, text: str) -> None:
    editor.raw.text_edit.setPlainText(text)
    editor.raw.check_now()


def test_list_shows_parameters_and_raw_shows_the_schema(editor: ParameterEditor,
                                                        schema: dict) -> None:
    assert editor.parameter_list.names() == ["customerId", "amount", "address"]
    assert editor.parameter_list.names("/properties/address") == ["city"]
    assert raw_json(editor) == schema
    assert editor.details.name_edit.text() == "customerId"  # first parameter selected
    assert editor.details.required_check.isChecked()


def test_add_in_list_updates_raw_and_undo_redo(editor: ParameterEditor, schema: dict,
                                               qtbot) -> None:
    editor.parameter_list.select("", "amount")
    qtbot.mouseClick(editor.parameter_list.add_button, Qt.MouseButton.LeftButton)
    assert editor.parameter_list.names() == ["customerId", "amount", "param", "address"]
    assert list(raw_json(editor)["properties"]) == ["customerId", "amount", "param", "address"]
    assert editor.details.name_edit.text() == "param"
    editor.stack.undo()
    assert editor.parameter_list.names() == ["customerId", "amount", "address"]
    assert raw_json(editor) == schema
    editor.stack.redo()
    assert "param" in raw_json(editor)["properties"]


def test_remove_and_reorder_with_undo(editor: ParameterEditor, schema: dict, qtbot) -> None:
    editor.parameter_list.select("", "address")
    qtbot.mouseClick(editor.parameter_list.up_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.parameter_list.up_button, Qt.MouseButton.LeftButton)
    assert editor.parameter_list.names() == ["address", "customerId", "amount"]
    assert list(raw_json(editor)["properties"]) == ["address", "customerId", "amount"]
    assert not editor.parameter_list.up_button.isEnabled()
    editor.parameter_list.select("", "customerId")
    qtbot.mouseClick(editor.parameter_list.remove_button, Qt.MouseButton.LeftButton)
    assert editor.parameter_list.names() == ["address", "amount"]
    assert "required" not in editor.model.parameter_schema
    assert editor.parameter_list.selected() == ("", "amount")
    for _ in range(3):
        editor.stack.undo()
    assert editor.model.parameter_schema == schema
    assert editor.parameter_list.names() == ["customerId", "amount", "address"]
    editor.stack.redo()
    assert editor.parameter_list.names() == ["customerId", "address", "amount"]


def test_add_inside_a_nested_object(editor: ParameterEditor, qtbot) -> None:
    editor.parameter_list.select("", "address")
    assert editor.parameter_list.add_inside_button.isEnabled()
    qtbot.mouseClick(editor.parameter_list.add_inside_button, Qt.MouseButton.LeftButton)
    assert editor.parameter_list.names("/properties/address") == ["city", "param"]
    assert raw_json(editor)["properties"]["address"]["properties"]["param"] == {"type": "string"}


def test_typing_a_title_is_one_undo_entry(editor: ParameterEditor, qtbot) -> None:
    editor.parameter_list.select("", "customerId")
    editor.details.title_edit.clear()
    qtbot.keyClicks(editor.details.title_edit, "Client")
    assert raw_json(editor)["properties"]["customerId"]["title"] == "Client"
    assert raw_json(editor)["x-owner"] == "billing"  # unknown keywords survive
    assert editor.stack.count() == 1
    editor.stack.undo()
    assert editor.model.parameter_schema["properties"]["customerId"]["title"] == "Customer"
    assert editor.details.title_edit.text() == "Customer"


def test_detail_form_rename_type_required_constraints(editor: ParameterEditor) -> None:
    editor.parameter_list.select("", "amount")
    d = editor.details
    d.name_edit.setText("total")
    d.name_edit.editingFinished.emit()
    assert editor.parameter_list.names() == ["customerId", "total", "address"]
    assert editor.parameter_list.selected() == ("", "total")
    d.required_check.click()
    assert raw_json(editor)["required"] == ["customerId", "total"]
    d.constraint_edits["maximum"].setText("500")
    d.constraint_edits["maximum"].textEdited.emit("500")
    assert raw_json(editor)["properties"]["total"] == {"type": "number", "minimum": 0,
                                                       "maximum": 500}
    d.constraint_edits["maximum"].textEdited.emit("lots")
    assert "not a number" in d.error_label.text()
    assert raw_json(editor)["properties"]["total"]["maximum"] == 500
    d.type_combo.setCurrentText("integer")
    d.type_combo.activated.emit(d.type_combo.currentIndex())
    assert raw_json(editor)["properties"]["total"]["type"] == "integer"
    d.default_edit.setText("7")
    d.default_edit.textEdited.emit("7")
    assert raw_json(editor)["properties"]["total"]["default"] == 7
    d.enum_edit.setPlainText("1\n2\n7")
    assert raw_json(editor)["properties"]["total"]["enum"] == [1, 2, 7]


def test_constraint_fields_refuse_letters(editor: ParameterEditor, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor.parameter_list.select("", "amount")
    maximum = editor.details.constraint_edits["maximum"]
    maximum.clear()
    qtbot.keyClicks(maximum, "1x0.5")
    assert maximum.text() == "10.5"
    assert raw_json(editor)["properties"]["amount"]["maximum"] == 10.5


def test_rename_to_an_existing_name_is_refused_with_a_message(editor: ParameterEditor,
                                                              schema: dict) -> None:
    editor.parameter_list.select("", "amount")
    editor.details.name_edit.setText("customerId")
    editor.details.name_edit.editingFinished.emit()
    assert "already exists" in editor.details.error_label.text()
    assert editor.details.name_edit.text() == "amount"
    assert editor.model.parameter_schema == schema


def test_valid_raw_edit_updates_the_list(editor: ParameterEditor, schema: dict) -> None:
    edited = copy.deepcopy(schema)
    edited["properties"]["priority"] = {"type": "integer", "enum": [1, 2, 3]}
    type_raw(editor, json.dumps(edited, indent=4))
    assert editor.parameter_list.names() == ["customerId", "amount", "address", "priority"]
    assert editor.model.parameter_schema == edited
    assert editor.raw.text() == json.dumps(edited, indent=4)  # the author's layout is kept
    editor.stack.undo()
    assert editor.parameter_list.names() == ["customerId", "amount", "address"]
    assert raw_json(editor) == schema


def test_raw_edits_are_checked_after_a_pause(editor: ParameterEditor, schema: dict,
                                             qtbot) -> None:
    edited = copy.deepcopy(schema)
    edited["properties"]["late"] = {"type": "boolean"}
    editor.raw.text_edit.setPlainText(json.dumps(edited))
    qtbot.waitUntil(lambda: "late" in editor.parameter_list.names(), timeout=2000)


def test_invalid_json_keeps_text_and_model_and_says_where(editor: ParameterEditor,
                                                          schema: dict) -> None:
    broken = '{\n  "type": "object",\n  "properties": {\n    "a": {"type": "string"},\n  }\n}'
    type_raw(editor, broken)
    assert editor.raw.text() == broken
    assert editor.model.parameter_schema == schema
    assert editor.stack.count() == 0
    assert "line 5, column 3" in editor.raw.status.text()
    assert editor.raw.error_selections()  # underlined in the text


def test_meta_schema_error_names_the_pointer(editor: ParameterEditor, schema: dict) -> None:
    edited = copy.deepcopy(schema)
    edited["properties"]["amount"]["minimum"] = "zero"
    text = json.dumps(edited, indent=2)
    type_raw(editor, text)
    assert "/properties/amount/minimum" in editor.raw.status.text()
    assert editor.model.parameter_schema == schema
    assert editor.raw.text() == text
    (start, _end), *_ = editor.raw.error_selections()
    assert text[start:].startswith('"minimum"')


def test_invalid_raw_text_survives_an_edit_made_in_the_list(editor: ParameterEditor,
                                                            qtbot) -> None:
    type_raw(editor, '{"type": "object", "properties": {')
    editor.parameter_list.select("", "amount")
    qtbot.mouseClick(editor.parameter_list.remove_button, Qt.MouseButton.LeftButton)
    assert editor.raw.text() == '{"type": "object", "properties": {'
    assert editor.raw.reload_button.isVisibleTo(editor.raw)
    editor.raw.reload_button.click()
    assert raw_json(editor) == editor.model.parameter_schema


def test_read_only_model_disables_editing(make_editor) -> None:  # type: ignore[no-untyped-def]
    widget = make_editor(read_only=True)
    assert not widget.parameter_list.add_button.isEnabled()
    assert widget.raw.text_edit.isReadOnly()


def test_deleted_editor_stops_listening_to_the_model(qtbot, schema: dict) -> None:
    model = WorkflowModel(load({"graph": {"nodes": [], "edges": []}, "parameterSchema": schema}))
    widget = ParameterEditor(model, new_undo_stack())  # not given to qtbot: deleted below
    assert len(model.parameter_schema_changed) == 1
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    model.set_parameter_schema({**schema, "title": "after"})  # must not reach the dead widget
    assert len(model.parameter_schema_changed) == 0
