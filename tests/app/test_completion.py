"""Template completion on text fields: the popup's offers, inserting a choice, and
unknown references underlined with validation's message."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit

from flowdesk.app.completion import attach_template_completer
from flowdesk.model.document import VersionDocument, load
from flowdesk.model.editor.workflow_model import WorkflowModel


@pytest.fixture
def model() -> WorkflowModel:
    doc: VersionDocument = load({
        "graph": {
            "nodes": [
                {"id": "start", "type": "start"},
                {"id": "fetch", "type": "action", "actionId": "http.request"},
                {"id": "notify", "type": "action", "actionId": "http.request"},
                {"id": "end", "type": "end"},
            ],
            "edges": [
                {"id": "e1", "source": "start", "target": "fetch"},
                {"id": "e2", "source": "fetch", "target": "notify"},
                {"id": "e3", "source": "notify", "target": "end"},
            ],
        },
        "parameterSchema": {"type": "object", "properties": {
            "customerId": {"type": "string"}, "channel": {"type": "string"}}},
        "envConfig": {"env": {"REGION": "eu"}, "secrets": {"CRM_TOKEN": {"secretRefKey": "t"}}},
    })
    return WorkflowModel(doc)


def popup_items(completer) -> list[str]:  # type: ignore[no-untyped-def]
    popup_model = completer.completer.completionModel()
    return [popup_model.index(r, 0).data() for r in range(popup_model.rowCount())]


def test_line_edit_pops_up_on_template_opening(qtbot, model: WorkflowModel) -> None:
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    completer = attach_template_completer(edit, lambda: model.document, "notify")
    qtbot.keyClicks(edit, "https://crm/${{ ")
    assert completer.completer.popup().isVisible()
    assert popup_items(completer) == ["params", "env", "secrets", "steps"]
    qtbot.keyClicks(edit, "params.")
    assert popup_items(completer) == ["customerId", "channel"]
    qtbot.keyClicks(edit, "cu")
    assert popup_items(completer) == ["customerId"]
    completer.completer.activated.emit("customerId")
    assert edit.text() == "https://crm/${{ params.customerId"
    assert not completer.completer.popup().isVisible()


def test_steps_offer_upstream_nodes_only(qtbot, model: WorkflowModel) -> None:
    edit = QLineEdit()
    qtbot.addWidget(edit)
    completer = attach_template_completer(edit, lambda: model.document, "notify")
    edit.setText("${{ steps.")
    edit.setCursorPosition(len(edit.text()))
    assert completer.offers() == ["fetch"]
    edit.setText("${{ steps.fetch.")
    edit.setCursorPosition(len(edit.text()))
    assert completer.offers() == ["output", "status"]


def test_plain_text_edit_underlines_unknown_references(qtbot, model: WorkflowModel) -> None:
    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    completer = attach_template_completer(edit, lambda: model.document, "notify")
    text = "Hi ${{ params.customerId }} from ${{ env.NOPE }} via ${{ secrets.CRM_TOKEN }}"
    edit.setPlainText(text)
    (start, end), = completer.underlined_spans()
    assert text[start:end] == "env.NOPE"
    underlined = [(s.cursor.selectionStart(), s.cursor.selectionEnd())
                  for s in edit.extraSelections()]
    assert underlined == [(start, end)]
    assert "env.NOPE, which is not an env variable" in completer.message_at(start + 2)
    assert completer.message_at(5) is None


def test_underlines_follow_scope_changes(qtbot, model: WorkflowModel) -> None:
    edit = QLineEdit()
    qtbot.addWidget(edit)
    completer = attach_template_completer(edit, lambda: model.document, "notify")
    edit.setText("${{ params.amount }}")
    assert completer.underlined_spans() == [(4, 17)]
    assert "params.amount, which the parameter schema does not define" in edit.toolTip()
    schema = dict(model.parameter_schema)
    schema["properties"] = {**schema["properties"], "amount": {"type": "number"}}
    model.set_parameter_schema(schema)
    completer.refresh()
    assert completer.underlined_spans() == []
    assert edit.toolTip() == ""


def test_ctrl_space_forces_the_popup(qtbot, model: WorkflowModel) -> None:
    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    edit.show()
    completer = attach_template_completer(edit, lambda: model.document, "notify")
    edit.setPlainText("${{ env.RE }}")
    cursor = edit.textCursor()
    cursor.setPosition(len("${{ env.RE"))
    edit.setTextCursor(cursor)
    qtbot.keyClick(edit, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    assert completer.completer.popup().isVisible()
    assert popup_items(completer) == ["REGION"]
    completer.completer.activated.emit("REGION")
    assert edit.toPlainText() == "${{ env.REGION }}"


def test_rejects_other_widgets(model: WorkflowModel) -> None:
    with pytest.raises(TypeError, match="QLineEdit or QPlainTextEdit"):
        attach_template_completer(object(), lambda: model.document)  # type: ignore[arg-type]


def test_editor_can_be_destroyed_with_its_completer(qtbot, model: WorkflowModel) -> None:
    for editor in (QPlainTextEdit(), QLineEdit()):
        editor.show()
        attach_template_completer(editor, lambda: model.document, "notify")
        editor.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    # reaching this line means no crash while the editors went away
    assert QApplication.instance() is not None
