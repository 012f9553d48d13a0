"""Reordered parameters come back in the same order after a real save and reopen
(the database stores canonical JSON / JSONB, which keep no key order)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from tests.support.storage import DIALECTS, migrated_database, unique_name

from flowdesk.app.forms import SchemaForm
from flowdesk.app.forms.objects import ObjectEditor
from flowdesk.app.params import ParameterEditor
from flowdesk.model.canonical import canonical_json
from flowdesk.model.params import ORDER_KEYWORD, list_parameters
from flowdesk.storage import repository as repo

EXPECTED = ["address", "customerId", "amount"]


def form_order(form: SchemaForm) -> list[str]:
    """Property names in the order their rows appear on screen (visible rows only)."""
    editor = form.root.typed
    assert isinstance(editor, ObjectEditor)
    rows = [r for r in editor.rows.values() if editor.is_row_visible(r.name)]
    return [r.name for r in sorted(rows, key=lambda r: editor.form.getWidgetPosition(r.field)[0])]


def reorder_in_editor(editor: ParameterEditor, qtbot) -> Any:  # type: ignore[no-untyped-def]
    """customerId, amount, address -> address, customerId, amount with the list's buttons
    (neither the original order nor the sorted one)."""
    editor.parameter_list.select("", "address")
    qtbot.mouseClick(editor.parameter_list.up_button, Qt.MouseButton.LeftButton)
    editor.parameter_list.select("", "customerId")
    qtbot.mouseClick(editor.parameter_list.down_button, Qt.MouseButton.LeftButton)
    assert editor.parameter_list.names() == EXPECTED
    return editor.model.parameter_schema


def test_order_survives_canonical_json(make_editor, qtbot) -> None:  # type: ignore[no-untyped-def]
    schema = reorder_in_editor(make_editor(), qtbot)
    back = json.loads(canonical_json(schema))
    assert list(back["properties"]) != EXPECTED  # sorted keys: the order is not in the keys
    assert [p.name for p in list_parameters(back)] == EXPECTED
    form = SchemaForm(back)
    qtbot.addWidget(form)
    assert form_order(form) == EXPECTED
    reopened = make_editor(back)
    assert reopened.parameter_list.names() == EXPECTED
    reopened.tabs.setCurrentWidget(reopened.run_form)
    assert form_order(reopened.run_form.form) == EXPECTED


@pytest.mark.parametrize("dialect", DIALECTS)
def test_order_survives_a_database_round_trip(
    dialect: str, tmp_path: Path, make_editor, qtbot  # type: ignore[no-untyped-def]
) -> None:
    editor = make_editor()
    reorder_in_editor(editor, qtbot)
    document = editor.model.document
    with migrated_database(dialect, tmp_path) as db:
        with db.session() as s:
            tenant = repo.get_or_create_tenant(s, unique_name())
            workflow = repo.create_workflow(s, tenant.id, "ordered", "Ordered")
            draft = repo.create_draft(s, tenant.id, workflow.id)
            repo.save_draft(s, tenant.id, draft.id, document)
        with db.session() as s:
            back = repo.get_draft(s, tenant.id, workflow.id)
    assert back is not None and back.document.parameter_schema is not None
    stored = back.document.parameter_schema.schema
    assert stored[ORDER_KEYWORD] == EXPECTED
    assert [p.name for p in list_parameters(stored)] == EXPECTED
    reopened = make_editor(stored)
    assert reopened.parameter_list.names() == EXPECTED
    reopened.tabs.setCurrentWidget(reopened.run_form)
    assert form_order(reopened.run_form.form) == EXPECTED


def test_form_places_conditional_fields_by_the_order_keyword(qtbot) -> None:  # type: ignore[no-untyped-def]
    # an action config schema: "token" only appears for auth "bearer", and goes right after it
    schema = {
        "type": "object",
        "properties": {"url": {"type": "string"}, "auth": {"enum": ["none", "bearer"]},
                       "timeout": {"type": "integer"}},
        "if": {"properties": {"auth": {"const": "bearer"}}, "required": ["auth"]},
        "then": {"properties": {"token": {"type": "string"}}},
        ORDER_KEYWORD: ["url", "auth", "token", "timeout"],
    }
    form = SchemaForm(json.loads(canonical_json(schema)))
    qtbot.addWidget(form)
    form.set_value({"auth": "none"})
    assert form_order(form) == ["url", "auth", "timeout"]
    form.set_value({"auth": "bearer"})
    assert form_order(form) == ["url", "auth", "token", "timeout"]
