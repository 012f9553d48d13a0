"""``expression=True``: a field holding bare CEL (an edge condition) is completed and
checked as the inside of one ``${{ }}``, without wrapping its text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from flowdesk.app.completion import attach_template_completer
from flowdesk.model.document import VersionDocument, load


@pytest.fixture
def document() -> VersionDocument:
    return load({
        "graph": {
            "nodes": [
                {"id": "start", "type": "start"},
                {"id": "fetch", "type": "action", "actionId": "http.request"},
                {"id": "end", "type": "end"},
            ],
            "edges": [
                {"id": "e1", "source": "start", "target": "fetch"},
                {"id": "e2", "source": "fetch", "target": "end"},
            ],
        },
        "parameterSchema": {"type": "object", "properties": {
            "amount": {"type": "number"}, "channel": {"type": "string"}}},
        "envConfig": {"env": {"REGION": "eu"}},
    })


def popup_items(completer) -> list[str]:  # type: ignore[no-untyped-def]
    model = completer.completer.completionModel()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_bare_cel_is_completed_as_you_type(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    completer = attach_template_completer(edit, lambda: document, "end", expression=True)
    qtbot.keyClicks(edit, "par")
    assert completer.completer.popup().isVisible()
    assert popup_items(completer) == ["params"]
    completer.completer.activated.emit("params")
    assert edit.text() == "params"  # no ${{ }} added: the field holds bare CEL
    qtbot.keyClicks(edit, ".")
    assert popup_items(completer) == ["amount", "channel"]
    qtbot.keyClicks(edit, "am")
    completer.completer.activated.emit("amount")
    assert edit.text() == "params.amount"
    assert edit.cursorPosition() == len("params.amount")
    qtbot.keyClicks(edit, " > 100 && steps.")
    assert completer.offers() == ["fetch"]


def test_the_same_field_without_the_option_offers_nothing(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    edit = QLineEdit()
    qtbot.addWidget(edit)
    completer = attach_template_completer(edit, lambda: document, "end")
    edit.setText("params.")
    edit.setCursorPosition(len("params."))
    assert completer.offers() == []  # outside ${{ a config field is plain text


def test_unknown_references_are_underlined_on_the_bare_text(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    completer = attach_template_completer(edit, lambda: document, "end", expression=True)
    text = "params.amount > 100 && env.NOPE == 'x'"
    edit.setPlainText(text)
    (start, end), = completer.underlined_spans()
    assert text[start:end] == "env.NOPE"
    underlined = [(s.cursor.selectionStart(), s.cursor.selectionEnd())
                  for s in edit.extraSelections()]
    assert underlined == [(start, end)]
    assert "env.NOPE, which is not an env variable" in completer.message_at(start)


def test_ctrl_space_in_an_empty_condition_offers_the_roots(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    completer = attach_template_completer(edit, lambda: document, "end", expression=True)
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    assert completer.completer.popup().isVisible()
    assert popup_items(completer) == ["params", "env", "secrets", "steps"]
    assert edit.text() == ""
