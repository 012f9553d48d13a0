"""Typing does not move the form: each value field keeps its message line free.

Messages read as plain words ("Must be a number."), with no JSON pointer and no
jsonschema wording; the summary names fields by their titles.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from flowdesk.app.forms import SchemaForm

SCHEMA = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "name": {"type": "string", "title": "Name", "minLength": 3},
        "amount": {"type": "number", "title": "Amount", "maximum": 10},
        "note": {"type": "string", "title": "Note"},
        "tags": {"type": "array", "title": "Tags", "items": {"type": "string"}},
    },
}


def _form(qtbot) -> SchemaForm:  # type: ignore[no-untyped-def]
    form = SchemaForm(SCHEMA)
    qtbot.addWidget(form)
    form.resize(600, 500)
    form.show()
    qtbot.waitExposed(form)
    QApplication.processEvents()
    return form


def _y(widget: QWidget, form: SchemaForm) -> int:
    return widget.mapTo(form, widget.rect().topLeft()).y()


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def test_a_message_appearing_does_not_move_the_next_rows(qtbot) -> None:
    form = _form(qtbot)
    note = form.field_at("/note")
    tags = form.field_at("/tags")
    amount_line = form.field_at("/amount").editor.line
    _settle()
    before = (_y(note, form), _y(tags, form))
    qtbot.keyClicks(amount_line, "12")  # above the maximum: a message appears
    _settle()
    assert form.field_at("/amount").errors() == ["Must be at most 10."]
    assert form.field_at("/amount").error_label.isVisible()
    assert (_y(note, form), _y(tags, form)) == before
    qtbot.keyClick(amount_line, Qt.Key.Key_Backspace)  # "1": the message goes again
    _settle()
    assert form.field_at("/amount").errors() == []
    assert (_y(note, form), _y(tags, form)) == before


def test_a_wrong_type_reads_as_plain_words(qtbot) -> None:
    form = _form(qtbot)
    form.set_value({"name": "Ada", "amount": "lots"})
    text = form.field_at("/amount").error_label.text()
    assert text == "Must be a number."
    assert "/properties" not in text and "is not of type" not in text
    summary = form.summary.text()
    assert "Amount: Must be a number." in summary
    assert "/amount" not in summary and "is not of type" not in summary
    assert "/amount" in form.summary.toolTip()  # the pointer is there for whoever asks


def test_a_missing_required_field_says_required(qtbot) -> None:
    form = _form(qtbot)
    assert form.field_at("/name").errors() == ["Required."]
    assert "Name: Required." in form.summary.text()
