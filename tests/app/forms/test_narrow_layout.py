"""A form in a narrow inspector (about 500 px): values get the room, long values show
their beginning."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QToolButton

from flowdesk.app.forms import SchemaForm
from flowdesk.app.forms.objects import ObjectEditor

URL = "https://api.example.com/v2/customers/search?region=eu-west-1&limit=100&cursor=abc"
SCHEMA = {
    "type": "object",
    "properties": {
        "url": {"type": "string", "format": "uri"},
        "retries": {"type": "number"},
        "headers": {"type": "object", "additionalProperties": {"type": "string"}},
    },
}


def narrow_form(qtbot, value) -> SchemaForm:  # type: ignore[no-untyped-def]
    form = SchemaForm(SCHEMA)
    qtbot.addWidget(form)
    form.set_value(value)
    form.resize(500, 600)
    form.show()
    qtbot.waitExposed(form)
    settle(qtbot, form)
    return form


def settle(qtbot, form: SchemaForm) -> None:  # type: ignore[no-untyped-def]
    """Nested layouts settle one level per pass of the event loop: wait for the
    key/value rows to get their real height."""
    headers = form.field_at("/headers").typed
    qtbot.waitUntil(lambda: all(r.key.height() > 10 for r in headers.extra_rows), timeout=2000)
    QApplication.processEvents()


def test_key_value_rows_give_the_value_the_larger_share(qtbot) -> None:  # type: ignore[no-untyped-def]
    form = narrow_form(qtbot, {"headers": {"Authorization": "Bearer abc", "X-Request-Id": "1"}})
    headers = form.field_at("/headers").typed
    assert isinstance(headers, ObjectEditor)
    assert len(headers.extra_rows) == 2
    for row in headers.extra_rows:
        key, value = row.key.width(), row.field.width()
        assert value >= 1.6 * key, (key, value)  # about 1:2, not a fixed 170 px key
        assert key >= 80 and value >= 200


def test_in_the_inspector_a_header_value_gets_more_room_than_its_remove_button(qtbot) -> None:  # type: ignore[no-untyped-def]
    form = narrow_form(qtbot, {"headers": {"Authorization": "Bearer abc"}})
    form.resize(360, 600)
    settle(qtbot, form)
    row = form.field_at("/headers").typed.extra_rows[0]
    qtbot.waitUntil(lambda: row.field.width() >= 140, timeout=2000)  # "Bearer ${{ secrets…"
    remove = next(b for b in row.widget.findChildren(QToolButton)
                  if b.toolTip() == "Remove this property")
    assert remove.width() < 40


def test_rows_shrink_but_keep_their_minimums(qtbot) -> None:  # type: ignore[no-untyped-def]
    form = narrow_form(qtbot, {"headers": {"Authorization": "Bearer abc"}})
    form.resize(260, 600)
    settle(qtbot, form)
    row = form.field_at("/headers").typed.extra_rows[0]
    assert row.key.width() >= 64 and row.field.width() >= 110  # a pair fits a ~360 px inspector


def test_a_loaded_long_value_shows_its_start(qtbot) -> None:  # type: ignore[no-untyped-def]
    form = narrow_form(qtbot, {"url": URL, "retries": 3, "headers": {"Location": URL}})
    line = form.field_at("/url").editor.line
    assert line.cursorPosition() == 0
    assert form.field_at("/retries").editor.line.cursorPosition() == 0
    header = form.field_at("/headers").typed.extra_rows[0]
    assert header.field.editor.line.cursorPosition() == 0
    form.set_value({"url": URL + "&more=1"})  # loading again, e.g. after undo
    assert line.cursorPosition() == 0


def test_typing_keeps_the_cursor_where_the_user_types(qtbot) -> None:  # type: ignore[no-untyped-def]
    form = narrow_form(qtbot, {})
    line = form.field_at("/url").editor.line
    line.setFocus()
    qtbot.keyClicks(line, "https://example.com")
    assert line.cursorPosition() == len("https://example.com")
    assert form.value() == {"url": "https://example.com"}


def test_in_an_inspector_wide_column_labels_go_above_their_fields(qtbot) -> None:  # type: ignore[no-untyped-def]
    form = narrow_form(qtbot, {"url": URL})
    form.resize(360, 600)  # the inspector's default width on a 1280 px screen
    qtbot.waitUntil(lambda: _label_of(form, "/url").geometry().bottom()
                    <= form.field_at("/url").geometry().top(), timeout=2000)
    url = form.field_at("/url")
    label = _label_of(form, "/url")
    assert abs(label.geometry().left() - url.geometry().left()) <= 2  # one left edge
    assert url.width() >= 0.8 * form.scroll.viewport().width()  # the URL gets the whole row

    form.resize(800, 600)  # wide again (a floating inspector): labels beside, as before
    qtbot.waitUntil(lambda: _label_of(form, "/url").geometry().right()
                    < form.field_at("/url").geometry().left(), timeout=2000)
    assert abs(_label_of(form, "/url").geometry().center().y()
               - url.geometry().center().y()) < url.height()


def _label_of(form: SchemaForm, pointer: str):  # type: ignore[no-untyped-def]
    editor = form.root.typed
    assert isinstance(editor, ObjectEditor)
    label = editor.rows[pointer.strip("/")].label
    assert label is not None
    return label
