"""``${{ `` completion in the inspector: edge conditions, the config JSON tab and form fields."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from flowdesk.app.completion import TemplateCompleter
from flowdesk.app.main_window import MainWindow


def _open(window: MainWindow) -> None:
    summary = next(s for s in window.workspace.list_workflows()
                   if s.workflow.key == "order-approval")
    assert window.open_workflow(summary.workflow.id)


def _select(window: MainWindow, kind: str, item_id: str) -> None:
    assert window.scene is not None
    window.scene.select_item(kind, item_id)
    assert window.inspector.shown == (kind, item_id)


def test_condition_editor_offers_names_in_scope_as_you_type(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window)
    _select(window, "edge", "e4")  # is_large -> approvals, an expression
    edit = window.inspector.edge_page.expression_edit
    completer = window.inspector.edge_page.expression_completer
    window.activateWindow()
    edit.setFocus()
    edit.selectAll()
    QTest.keyClicks(edit, "par")
    assert completer.offers() == ["params"]
    qtbot.waitUntil(completer.completer.popup().isVisible, timeout=2000)
    QTest.keyClick(completer.completer.popup(), Qt.Key.Key_Return)
    assert edit.text() == "params"

    edit.clear()
    QTest.keyClicks(edit, "steps.")
    offered = completer.offers()
    # the edge's source and what ran before it; not the steps on other branches
    assert offered == ["fetch_order", "is_large"]
    QTest.keyClicks(edit, "fe")
    assert completer.offers() == ["fetch_order"]
    completer.insert_completion("fetch_order")
    assert edit.text() == "steps.fetch_order"
    # every completion was an edit of the model, as typing is
    assert window.session is not None
    assert window.session.model.edge("e4").expression == "steps.fetch_order"


def test_condition_editor_underlines_unknown_references(window: MainWindow) -> None:
    _open(window)
    _select(window, "edge", "e4")
    edit = window.inspector.edge_page.expression_edit
    completer = window.inspector.edge_page.expression_completer
    edit.setText("params.nope > 1 && params.orderId != ''")
    unknown = completer.unknown()
    assert [u.reference for u in unknown] == ["params.nope"]
    assert completer.underlined_spans() == [(0, len("params.nope"))]  # in the bare text
    assert "nope" in (completer.message_at(3) or "")


def test_config_json_tab_completes_upstream_steps_of_the_selected_node(window: MainWindow) -> None:
    _open(window)
    _select(window, "node", "confirm_order")
    page = window.inspector.node_page
    assert page.json_completer.node_id == "confirm_order"
    text = page.config_editor.json_editor.text_edit
    text.setPlainText('{"subject": "${{ steps.')
    cursor = text.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    text.setTextCursor(cursor)
    offered = page.json_completer.offers()
    assert "fetch_order" in offered and "confirm_order" not in offered
    _select(window, "node", "fetch_order")
    assert page.json_completer.node_id == "fetch_order"
    assert "fetch_order" not in page.json_completer.offers()  # nothing ran before it


def test_form_string_fields_get_a_completer_on_focus(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window)
    _select(window, "node", "fetch_order")
    page = window.inspector.node_page
    page.config_editor.tabs.setCurrentIndex(0)
    form = page.config_editor.form
    assert form is not None
    url = form.field_at("/url")
    assert url is not None
    line = url.editor.line  # type: ignore[attr-defined]
    assert isinstance(line, QLineEdit)
    window.activateWindow()
    line.setFocus()
    qtbot.waitUntil(lambda: isinstance(line.property("flowdeskTemplateCompleter"),
                                       TemplateCompleter), timeout=2000)
    completer = line.property("flowdeskTemplateCompleter")
    assert completer.node_id == "fetch_order"
    line.end(False)
    QTest.keyClicks(line, "?q=${{ par")
    assert completer.offers() == ["params"]
    assert page.form_completion.completers == [completer]


def test_json_tab_underlines_follow_a_parameter_rename(window: MainWindow) -> None:
    _open(window)
    _select(window, "node", "fetch_order")
    completer = window.inspector.node_page.json_completer
    assert completer.unknown() == []
    editor = window.definition.parameter_editor
    assert editor is not None
    editor.parameter_list.select("", "orderId")
    editor.details.name_edit.setText("order")
    editor.details.name_edit.editingFinished.emit()
    assert "order" in window.session.model.parameter_schema["properties"]  # type: ignore[union-attr]
    assert [u.reference for u in completer.unknown()] == ["params.orderId"]
    window.undo_action.trigger()
    assert completer.unknown() == []
