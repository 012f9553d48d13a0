"""The env editor: name validation, clashes, credential warning and make-it-a-secret,
the secrets table without any value field, unresolved connections, undo."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QPushButton
from tests.support.undo import new_undo_stack

from flowdesk.app.env import EnvEditor
from flowdesk.app.env.env_editor import (
    ENV_NAME,
    ENV_VALUE,
    SECRET_CONNECTION,
    SECRET_KEY,
    SECRET_NAME,
)
from flowdesk.model.document import dump, empty_document, load_env_config
from flowdesk.model.editor.workflow_model import WorkflowModel
from flowdesk.model.env_editing import Connection
from flowdesk.storage.records import ConnectionInfo

STRIPE = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"
CONNECTIONS = [Connection("c-crm", "CRM", "http"), Connection("c-db", "Billing DB", "postgres")]


@pytest.fixture
def editor(qtbot) -> EnvEditor:
    doc = empty_document()
    model = WorkflowModel(doc)
    model.set_env_config(load_env_config({
        "env": {"REGION": "eu-west-1", "STRIPE_KEY": STRIPE},
        "secrets": {"CRM_TOKEN": {"connectionId": "c-crm", "secretRefKey": "api_token",
                                  "description": "CRM API token"},
                    "OLD_DB": {"connectionId": "c-gone", "secretRefKey": "password"}},
    }))
    stack = new_undo_stack()
    widget = EnvEditor(model, stack, CONNECTIONS)
    widget.stack = stack  # type: ignore[attr-defined]
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    return widget


def env_names(editor: EnvEditor) -> list[str]:
    t = editor.env_table
    return [t.item(r, ENV_NAME).text() for r in range(t.rowCount())]


def secret_names(editor: EnvEditor) -> list[str]:
    t = editor.secret_table
    return [t.item(r, SECRET_NAME).text() for r in range(t.rowCount())]


def test_tables_show_env_and_secrets_and_no_value_column(editor: EnvEditor) -> None:
    assert env_names(editor) == ["REGION", "STRIPE_KEY"]
    assert secret_names(editor) == ["CRM_TOKEN", "OLD_DB"]
    headers = [editor.secret_table.horizontalHeaderItem(c).text()
               for c in range(editor.secret_table.columnCount())]
    assert headers == ["Name", "Connection", "Secret key", "Description"]
    assert not any("value" in h.lower() for h in headers)
    combo = editor.secret_table.cellWidget(0, SECRET_CONNECTION)
    assert isinstance(combo, QComboBox) and combo.currentText() == "CRM (http)"


def test_credential_value_warns_and_make_secret_moves_it(editor: EnvEditor, qtbot) -> None:
    value_item = editor.env_table.item(1, ENV_VALUE)
    assert "Stripe key" in value_item.toolTip()
    assert not value_item.icon().isNull()
    assert editor.env_table.item(0, ENV_VALUE).toolTip() == ""  # a region is fine
    # OLD_DB's unresolved connection and STRIPE_KEY's value
    assert editor.summary.text().startswith("1 error and 1 warning")
    button = editor.env_table.cellWidget(1, 2)
    assert isinstance(button, QPushButton) and button.text() == "Make it a secret reference"
    QApplication.clipboard().setText("untouched")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert env_names(editor) == ["REGION"]
    assert secret_names(editor) == ["CRM_TOKEN", "OLD_DB", "STRIPE_KEY"]
    assert STRIPE not in json.dumps(dump(editor.model.document))
    assert QApplication.clipboard().text() == "untouched"
    assert all(STRIPE not in editor.stack.text(i) for i in range(editor.stack.count()))
    assert "pick the connection" in editor.message.text()
    editor.stack.undo()
    assert env_names(editor) == ["REGION", "STRIPE_KEY"]


def test_invalid_name_is_marked(editor: EnvEditor) -> None:
    editor.env_table.item(0, ENV_NAME).setText("region-1")
    assert "region-1" in editor.model.env_config.env
    item = editor.env_table.item(0, ENV_NAME)
    assert "not a valid name" in item.toolTip()
    assert not item.icon().isNull()
    editor.stack.undo()
    assert env_names(editor) == ["REGION", "STRIPE_KEY"]


def test_duplicates_across_env_and_secrets_are_marked(editor: EnvEditor) -> None:
    editor.secret_table.item(0, SECRET_NAME).setText("REGION")
    assert "unique across both" in editor.env_table.item(0, ENV_NAME).toolTip()
    assert "unique across both" in editor.secret_table.item(0, SECRET_NAME).toolTip()


def test_duplicate_name_in_one_table_is_refused(editor: EnvEditor) -> None:
    editor.env_table.item(1, ENV_NAME).setText("REGION")
    assert "already an env variable named REGION" in editor.message.text()
    assert env_names(editor) == ["REGION", "STRIPE_KEY"]
    assert editor.model.env_config.env["STRIPE_KEY"] == STRIPE
    assert editor.stack.count() == 0


def test_unresolved_connection_is_marked_and_can_be_fixed(editor: EnvEditor) -> None:
    combo = editor.secret_table.cellWidget(1, SECRET_CONNECTION)
    assert "unresolved" in combo.currentText()
    assert "c-gone" in combo.toolTip() and "unresolved" in combo.toolTip()
    combo.setCurrentIndex(combo.findData("c-db"))
    assert editor.model.env_config.secrets["OLD_DB"].connection_id == "c-db"
    combo = editor.secret_table.cellWidget(1, SECRET_CONNECTION)
    assert combo.currentText() == "Billing DB (postgres)" and combo.toolTip() == ""
    editor.stack.undo()
    assert editor.model.env_config.secrets["OLD_DB"].connection_id == "c-gone"


def test_connections_list_can_change(editor: EnvEditor) -> None:
    editor.set_connections([*CONNECTIONS, Connection("c-gone", "Legacy DB", "postgres")])
    combo = editor.secret_table.cellWidget(1, SECRET_CONNECTION)
    assert combo.currentText() == "Legacy DB (postgres)"


def test_add_edit_remove_with_undo(editor: EnvEditor, qtbot) -> None:
    qtbot.mouseClick(editor.add_env_button, Qt.MouseButton.LeftButton)
    assert env_names(editor) == ["REGION", "STRIPE_KEY", "NEW_VARIABLE"]
    editor.env_table.item(2, ENV_VALUE).setText("42")
    assert editor.model.env_config.env["NEW_VARIABLE"] == "42"
    qtbot.mouseClick(editor.add_secret_button, Qt.MouseButton.LeftButton)
    assert secret_names(editor)[-1] == "NEW_SECRET"
    editor.secret_table.item(2, SECRET_KEY).setText("api_key")
    assert editor.model.env_config.secrets["NEW_SECRET"].secret_ref_key == "api_key"
    editor.secret_table.selectRow(0)
    qtbot.mouseClick(editor.remove_secret_button, Qt.MouseButton.LeftButton)
    assert secret_names(editor) == ["OLD_DB", "NEW_SECRET"]
    while editor.stack.canUndo():
        editor.stack.undo()
    assert env_names(editor) == ["REGION", "STRIPE_KEY"]
    assert secret_names(editor) == ["CRM_TOKEN", "OLD_DB"]


def test_read_only_model_blocks_edits(qtbot) -> None:
    model = WorkflowModel(empty_document())
    model.read_only = True
    widget = EnvEditor(model, new_undo_stack(), CONNECTIONS)
    qtbot.addWidget(widget)
    assert not widget.add_env_button.isEnabled()
    assert not widget.add_secret_button.isEnabled()


def test_deleted_editor_stops_listening_to_the_model(qtbot) -> None:
    model = WorkflowModel(empty_document())
    widget = EnvEditor(model, new_undo_stack(), CONNECTIONS)  # not given to qtbot: deleted below
    assert len(model.env_config_changed) == 1
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    model.set_env_config(load_env_config({"env": {"AFTER": "1"}}))
    assert len(model.env_config_changed) == 0


def test_accepts_storage_connection_records(qtbot) -> None:
    model = WorkflowModel(empty_document())
    model.set_env_config(load_env_config({"secrets": {"CRM_TOKEN": {"connectionId": "c-crm"}}}))
    cached = [ConnectionInfo("c-crm", "tenant-1", "CRM", "http", datetime.now(UTC))]
    widget = EnvEditor(model, new_undo_stack(), cached)
    qtbot.addWidget(widget)
    combo = widget.secret_table.cellWidget(0, SECRET_CONNECTION)
    assert combo.currentText() == "CRM (http)"


def test_in_the_wide_bottom_dock_both_tables_show_side_by_side(editor: EnvEditor, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor.resize(1240, 200)  # the bottom dock of a 1280 px window
    qtbot.waitUntil(lambda: editor.secret_group.geometry().left()
                    > editor.env_group.geometry().right(), timeout=2000)
    assert editor.secret_group.geometry().top() == editor.env_group.geometry().top()
    assert editor.secret_table.height() > 40  # its rows are on screen, not below the fold
    editor.resize(420, 700)  # floated or docked at the side: stacked
    qtbot.waitUntil(lambda: editor.secret_group.geometry().top()
                    > editor.env_group.geometry().bottom(), timeout=2000)
