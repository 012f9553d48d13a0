"""One test per supported keyword, driven through the widgets a user touches."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import QLineEdit

from flowdesk.app.forms import SchemaForm
from flowdesk.app.forms.arrays import ArrayEditor
from flowdesk.app.forms.objects import ObjectEditor
from flowdesk.app.forms.raw import RawJsonEditor
from flowdesk.app.forms.temporal import TemporalEditor
from flowdesk.app.forms.variants import VariantEditor
from flowdesk.model.forms import SchemaInvalid

PERSON = {
    "type": "object",
    "title": "Person",
    "required": ["name", "kind"],
    "properties": {
        "name": {"type": "string", "title": "Full name", "description": "As on the passport",
                 "examples": ["Ada Lovelace"]},
        "nickname": {"type": "string", "minLength": 2},
        "age": {"type": "integer", "minimum": 0, "maximum": 150},
        "height": {"type": "number", "exclusiveMinimum": 0, "multipleOf": 0.5},
        "active": {"type": "boolean"},
        "role": {"type": "string", "enum": ["admin", "user"], "default": "user"},
        "kind": {"const": "person"},
    },
}


def line(form, pointer: str) -> QLineEdit:
    return form.field_at(pointer).editor.line


def test_typing_sets_the_value_and_emits_value_changed(make_form, qtbot) -> None:
    form = make_form(PERSON)
    with qtbot.waitSignal(form.value_changed):
        qtbot.keyClicks(line(form, "/name"), "Ada")
    assert form.value()["name"] == "Ada"


def test_clearing_an_optional_field_removes_the_property(make_form, qtbot) -> None:
    form = make_form(PERSON)
    qtbot.keyClicks(line(form, "/nickname"), "Al")
    assert form.value()["nickname"] == "Al"
    line(form, "/nickname").clear()
    qtbot.keyClicks(line(form, "/nickname"), "x")
    qtbot.keyClick(line(form, "/nickname"), Qt.Key.Key_Backspace)
    assert "nickname" not in form.value()


def test_clear_button_removes_an_optional_value(make_form, qtbot) -> None:
    form = make_form(PERSON)
    form.set_value({"name": "Ada", "active": False})
    field = form.field_at("/active")
    assert field.clear_button.isVisibleTo(form)
    qtbot.mouseClick(field.clear_button, Qt.MouseButton.LeftButton)
    assert "active" not in form.value()


def test_loaded_empty_string_stays_present(make_form) -> None:
    form = make_form(PERSON)
    form.set_value({"name": "", "nickname": ""})
    assert form.value()["nickname"] == ""


def test_required_fields_are_marked_and_optional_ones_not(make_form) -> None:
    form = make_form(PERSON)
    editor = form.root.editor
    assert "*" in editor.rows["name"].label.text()
    assert "*" not in editor.rows["nickname"].label.text()


def test_title_labels_the_field_and_description_is_help_text(make_form) -> None:
    form = make_form(PERSON)
    row = form.root.editor.rows["name"]
    assert "Full name" in row.label.text()
    assert row.field.help.text() == "As on the passport"


def test_examples_become_the_placeholder(make_form) -> None:
    form = make_form(PERSON)
    assert line(form, "/name").placeholderText() == "e.g. Ada Lovelace"


def test_defaults_and_const_are_filled_in_a_fresh_form(make_form) -> None:
    form = make_form(PERSON)
    assert form.value() == {"role": "user", "kind": "person"}


def test_enum_is_a_drop_down_with_a_not_set_entry(make_form) -> None:
    form = make_form(PERSON)
    combo = form.field_at("/role").editor.combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["— not set —", "admin", "user"]
    combo.setCurrentIndex(1)
    combo.activated.emit(1)
    assert form.value()["role"] == "admin"
    combo.setCurrentIndex(0)
    combo.activated.emit(0)
    assert "role" not in form.value()


def test_numbers_parse_as_json_numbers(make_form, qtbot) -> None:
    form = make_form(PERSON)
    qtbot.keyClicks(line(form, "/age"), "42")
    qtbot.keyClicks(line(form, "/height"), "1.5")
    value = form.value()
    assert value["age"] == 42 and type(value["age"]) is int
    assert value["height"] == 1.5


def test_bounds_and_type_errors_show_at_the_field(make_form, qtbot) -> None:
    form = make_form(PERSON)
    qtbot.keyClicks(line(form, "/name"), "Ada")
    qtbot.keyClicks(line(form, "/age"), "200")
    qtbot.keyClicks(line(form, "/height"), "0.3")
    qtbot.keyClicks(line(form, "/nickname"), "A")
    assert not form.is_valid()
    assert "150" in form.field_at("/age").error_label.text()
    assert "multiple of 0.5" in form.field_at("/height").error_label.text()
    assert form.field_at("/nickname").error_label.text() == "Must be at least 2 characters."
    assert form.field_at("/name").errors() == []
    pointers = {p for p, _ in form.errors()}
    assert pointers == {"/age", "/height", "/nickname"}
    assert "age: Must be at most 150." in form.summary.text()  # by label, not by pointer
    assert "/age" in form.summary.toolTip()


def test_number_fields_refuse_letters(make_form, qtbot) -> None:
    form = make_form(PERSON)
    qtbot.keyClicks(line(form, "/age"), "12a3")
    assert line(form, "/age").text() == "123"
    assert form.value()["age"] == 123
    qtbot.keyClicks(line(form, "/height"), "-1.5e3x")
    assert line(form, "/height").text() == "-1.5e3"
    assert form.value()["height"] == -1500.0


def test_number_fields_take_a_whole_template(make_form, qtbot) -> None:
    form = make_form(PERSON)
    qtbot.keyClicks(line(form, "/age"), "${{ params.age }}")
    assert form.value()["age"] == "${{ params.age }}"


def test_integer_fields_refuse_a_decimal_point(make_form, qtbot) -> None:
    form = make_form(PERSON)
    qtbot.keyClicks(line(form, "/age"), "4.5")
    assert form.value()["age"] == 45


def test_an_emptied_optional_number_is_no_value(make_form, qtbot) -> None:
    form = make_form(PERSON)
    qtbot.keyClicks(line(form, "/age"), "7")
    line(form, "/age").selectAll()
    qtbot.keyClick(line(form, "/age"), Qt.Key.Key_Backspace)
    assert "age" not in form.value()
    assert form.field_at("/age").errors() == []


def test_text_loaded_into_a_number_field_is_reported_not_dropped(make_form) -> None:
    form = make_form(PERSON)
    form.set_value({"name": "Ada", "kind": "person", "age": "ten"})
    assert form.value()["age"] == "ten"
    assert form.field_at("/age").is_raw
    assert form.field_at("/age").error_label.text() == "Must be a whole number."


def test_missing_required_property_is_shown_at_that_field(make_form) -> None:
    form = make_form(PERSON)
    assert form.field_at("/name").errors() == ["Required."]
    assert not form.is_valid()


def test_boolean_checkbox_is_absent_until_clicked(make_form, qtbot) -> None:
    form = make_form(PERSON)
    check = form.field_at("/active").editor.check
    assert "active" not in form.value()
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton)
    assert form.value()["active"] is True


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [("date", "2026-03-04"), ("date-time", "2026-03-04T00:00:00Z"), ("time", "00:00:00")],
)
def test_date_and_time_pickers_write_iso_text(make_form, fmt, expected) -> None:
    form = make_form({"type": "object", "properties": {"when": {"type": "string", "format": fmt}}})
    editor = form.field_at("/when").editor
    assert isinstance(editor, TemporalEditor)
    editor.pick_value(QDate(2026, 3, 4), QTime(0, 0, 0))
    assert form.value() == {"when": expected}
    assert form.is_valid()


def test_format_errors_are_checked(make_form, qtbot) -> None:
    form = make_form({"type": "object", "properties": {
        "day": {"type": "string", "format": "date"},
        "mail": {"type": "string", "format": "email"},
    }})
    qtbot.keyClicks(line(form, "/day"), "2026-13-45")
    qtbot.keyClicks(line(form, "/mail"), "nobody")
    assert form.field_at("/day").error_label.text() == "Must be a date (YYYY-MM-DD)."
    assert form.field_at("/mail").error_label.text() == "Must be an email address."


def test_write_only_is_masked_and_read_only_is_locked(make_form) -> None:
    form = make_form({"type": "object", "properties": {
        "token": {"type": "string", "writeOnly": True},
        "id": {"type": "string", "readOnly": True},
    }})
    assert line(form, "/token").echoMode() == QLineEdit.EchoMode.Password
    assert line(form, "/id").isReadOnly()
    form.set_value({"id": "abc"})
    assert form.value() == {"id": "abc"}


NESTED = {
    "type": "object",
    "properties": {
        "address": {
            "type": "object", "title": "Address",
            "properties": {
                "city": {"type": "string"},
                "geo": {"type": "object", "properties": {"lat": {"type": "number"}}},
            },
        }
    },
}


def test_nested_objects_are_collapsible_groups_built_on_demand(make_form, qtbot) -> None:
    form = make_form(NESTED)
    address = form.field_at("/address").editor
    assert isinstance(address, ObjectEditor)
    assert address.group.expanded
    geo = form.field_at("/address/geo").editor
    assert not geo.group.expanded and not geo.group.built
    form.set_value({"address": {"city": "Oslo", "geo": {"lat": 59.9}}})
    assert form.value() == {"address": {"city": "Oslo", "geo": {"lat": 59.9}}}
    qtbot.mouseClick(geo.group.arrow, Qt.MouseButton.LeftButton)
    assert geo.group.built
    assert form.field_at("/address/geo/lat").editor.line.text() == "59.9"
    assert form.value() == {"address": {"city": "Oslo", "geo": {"lat": 59.9}}}


def test_errors_inside_a_closed_group_are_counted_on_its_header(make_form) -> None:
    form = make_form(NESTED)
    form.set_value({"address": {"geo": {"lat": "north"}}})
    geo = form.field_at("/address/geo")
    assert "/lat" in geo.error_label.text()
    assert geo.editor.group.badge.text() == "1 problem"


def test_array_add_remove_and_reorder(make_form, qtbot) -> None:
    form = make_form({"type": "object", "properties": {
        "tags": {"type": "array", "items": {"type": "string"}}}})
    tags = form.field_at("/tags").editor
    assert isinstance(tags, ArrayEditor)
    for text in ("a", "b", "c"):
        qtbot.mouseClick(tags.add_button, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(tags.items[-1].editor.line, text)
    assert form.value() == {"tags": ["a", "b", "c"]}
    tags.move_item(2, -1)
    assert form.value() == {"tags": ["a", "c", "b"]}
    tags.remove_item(0)
    assert form.value() == {"tags": ["c", "b"]}
    assert form.field_at("/tags/1").editor.line.text() == "b"


def test_array_of_objects_adds_object_items(make_form, qtbot) -> None:
    form = make_form({"type": "array", "items": {
        "type": "object", "required": ["n"], "properties": {"n": {"type": "integer"}}}})
    editor = form.root.editor
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert form.value() == [{}]
    assert form.field_at("/0/n").errors() == ["Required."]
    qtbot.keyClicks(form.field_at("/0/n").editor.line, "7")
    assert form.value() == [{"n": 7}] and form.is_valid()


TREE = {
    "$defs": {"node": {"type": "object", "properties": {
        "name": {"type": "string"},
        "children": {"type": "array", "items": {"$ref": "#/$defs/node"}},
    }}},
    "$ref": "#/$defs/node",
}


def test_recursive_refs_expand_on_demand(make_form) -> None:
    form = make_form(TREE)
    data = {"name": "root", "children": [{"name": "a", "children": [{"name": "b"}]}]}
    form.set_value(data)
    assert form.value() == data
    child = form.field_at("/children/0").editor
    assert child.descriptor.recursive and not child.group.built
    child.expand()
    assert form.field_at("/children/0/name").editor.line.text() == "a"
    assert form.value() == data


def test_definitions_refs_resolve(make_form, qtbot) -> None:
    form = make_form({"definitions": {"port": {"type": "integer", "maximum": 65535}},
                      "type": "object", "properties": {"port": {"$ref": "#/definitions/port"}}})
    qtbot.keyClicks(form.field_at("/port").editor.line, "70000")
    assert "65535" in form.field_at("/port").error_label.text()


ONE_OF = {
    "type": "object",
    "properties": {"contact": {"oneOf": [
        {"title": "Person", "type": "object", "required": ["name"],
         "properties": {"name": {"type": "string"}, "age": {"type": "integer"}}},
        {"title": "Company", "type": "object", "required": ["name"],
         "properties": {"name": {"type": "string"}, "vat": {"type": "string"}},
         "additionalProperties": False},
    ]}},
}


def test_one_of_selector_matches_the_value_and_switching_keeps_shared_data(make_form) -> None:
    form = make_form(ONE_OF)
    form.set_value({"contact": {"name": "ACME", "vat": "NO123"}})
    variants = form.field_at("/contact").editor
    assert isinstance(variants, VariantEditor)
    assert variants.combo.currentText() == "Company"
    form.set_value({"contact": {"name": "Ada", "age": 36}})
    assert variants.combo.currentText() == "Person"
    variants.select_variant(1)
    assert form.value() == {"contact": {"name": "Ada"}}
    variants.select_variant(0)
    assert form.value()["contact"]["name"] == "Ada"


def test_type_list_offers_each_type(make_form, qtbot) -> None:
    form = make_form({"type": "object", "properties": {"limit": {"type": ["integer", "null"]}}})
    editor = form.field_at("/limit").editor
    assert [editor.combo.itemText(i) for i in range(editor.combo.count())] == ["Integer", "Null"]
    form.set_value({"limit": None})
    assert editor.combo.currentText() == "Null"
    assert form.value() == {"limit": None}
    editor.select_variant(0)
    qtbot.keyClicks(form.field_at("/limit").editor.fields[0].editor.line, "5")
    assert form.value() == {"limit": 5}


def test_all_of_is_merged_into_one_set_of_fields(make_form) -> None:
    form = make_form({"allOf": [
        {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]},
        {"properties": {"b": {"type": "integer"}}, "required": ["b"]},
    ]})
    rows = form.root.editor.rows
    assert set(rows) == {"a", "b"}
    assert "*" in rows["a"].label.text() and "*" in rows["b"].label.text()


IF_THEN = {
    "type": "object",
    "properties": {"country": {"type": "string", "enum": ["US", "NO"]}},
    "if": {"properties": {"country": {"const": "US"}}, "required": ["country"]},
    "then": {"properties": {"zip": {"type": "string", "pattern": "^[0-9]{5}$"}},
             "required": ["zip"]},
    "else": {"properties": {"postcode": {"type": "string"}}},
}


def test_if_then_else_shows_and_hides_dependent_fields(make_form, qtbot) -> None:
    form = make_form(IF_THEN)
    editor = form.root.editor
    assert editor.is_row_visible("postcode") and not editor.is_row_visible("zip")
    combo = form.field_at("/country").editor.combo
    combo.setCurrentIndex(1)
    combo.activated.emit(1)
    assert editor.is_row_visible("zip") and not editor.is_row_visible("postcode")
    assert "*" in editor.rows["zip"].label.text()
    qtbot.keyClicks(form.field_at("/zip").editor.line, "12345")
    assert form.value() == {"country": "US", "zip": "12345"} and form.is_valid()
    combo.setCurrentIndex(2)
    combo.activated.emit(2)
    assert form.value() == {"country": "NO"}
    assert not editor.is_row_visible("zip")


def test_additional_properties_key_value_editor(make_form, qtbot) -> None:
    form = make_form({"type": "object", "additionalProperties": {"type": "integer"}})
    editor = form.root.editor
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    extra = editor.extra_rows[0]
    extra.key.clear()
    qtbot.keyClicks(extra.key, "retries")
    qtbot.keyClicks(extra.field.editor.line, "3")
    assert form.value() == {"retries": 3}
    form.set_value({"a": 1, "b": "x"})
    assert form.value() == {"a": 1, "b": "x"}
    assert form.field_at("/b").errors() == ["Must be a whole number."]


def test_unknown_properties_are_preserved(make_form) -> None:
    form = make_form(PERSON)
    data = {"name": "Ada", "kind": "person", "role": "user", "x-extra": {"deep": [1, 2]}}
    form.set_value(data)
    assert form.value() == data
    assert form.root.editor.extra_title.text().startswith("Other properties")


def test_value_of_the_wrong_type_falls_back_to_raw_json_and_is_kept(make_form) -> None:
    form = make_form(PERSON)
    form.set_value({"name": ["not", "a", "string"]})
    field = form.field_at("/name")
    assert field.is_raw and isinstance(field.editor, RawJsonEditor)
    assert field.notice.isVisibleTo(form)
    assert form.value() == {"name": ["not", "a", "string"]}
    assert field.error_label.text() == "Must be text."


def test_raw_json_field_reports_text_that_is_not_json(make_form, qtbot) -> None:
    form = make_form({"type": "object", "properties": {"blob": {}}})
    raw = form.field_at("/blob").editor
    assert isinstance(raw, RawJsonEditor)
    raw.text.setPlainText('{"a": [1, 2]}')
    assert form.value() == {"blob": {"a": [1, 2]}} and form.is_valid()
    raw.text.setPlainText('{"a": [1, 2')
    assert form.value() == {"blob": {"a": [1, 2]}}  # last good value is kept
    assert not form.is_valid()
    assert form.errors()[0].pointer == "/blob"
    assert "Not valid JSON" in raw.parse_error.text()


def test_schema_dialect_picks_the_validator(make_form) -> None:
    draft7 = make_form({"$schema": "http://json-schema.org/draft-07/schema#",
                        "type": "array", "items": [{"type": "integer"}]})
    draft7.set_value(["x"])
    assert not draft7.is_valid()
    default = make_form({"type": "array", "prefixItems": [{"type": "integer"}]})
    default.set_value(["x"])
    assert [p for p, _ in default.errors()] == ["/0"]


def test_an_invalid_schema_is_refused_with_where(qtbot) -> None:
    with pytest.raises(SchemaInvalid, match="/properties/a/type"):
        SchemaForm({"type": "object", "properties": {"a": {"type": "strnig"}}})


def test_dependent_schemas_show_fields_once_their_trigger_is_filled(make_form, qtbot) -> None:
    form = make_form({"type": "object", "properties": {"card": {"type": "string"}},
                      "dependentSchemas": {"card": {
                          "properties": {"cvc": {"type": "string"}}, "required": ["cvc"]}}})
    editor = form.root.editor
    assert not editor.is_row_visible("cvc")
    qtbot.keyClicks(form.field_at("/card").editor.line, "4242")
    assert editor.is_row_visible("cvc") and "*" in editor.rows["cvc"].label.text()


def test_dependent_required_marks_and_reports_the_field(make_form, qtbot) -> None:
    form = make_form({"type": "object", "properties": {
        "card": {"type": "string"}, "billing": {"type": "string"}},
        "dependentRequired": {"card": ["billing"]}})
    rows = form.root.editor.rows
    assert "*" not in rows["billing"].label.text()
    qtbot.keyClicks(form.field_at("/card").editor.line, "4242")
    assert "*" in rows["billing"].label.text()
    assert form.field_at("/billing").errors() == ["Required."]


def test_const_is_shown_and_an_optional_one_can_be_ticked_in(make_form, qtbot) -> None:
    form = make_form({"type": "object", "properties": {"v": {"const": "2.0"}}})
    check = form.field_at("/v").editor.check
    assert check.text() == "2.0" and not check.isChecked()
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton)
    assert form.value() == {"v": "2.0"}
