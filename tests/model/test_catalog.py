"""The built-in action catalog and user catalog folders."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from flowdesk.model.catalog import ActionCatalog, builtin_catalog, load_catalog
from flowdesk.model.errors import CatalogError
from flowdesk.model.resources import resource

REQUIRED_IDS = {
    "http.request", "email.send", "chat.post_message", "sql.query", "flow.delay",
    "data.transform", "storage.write_object", "ticket.create", "webhook.call", "approval.request",
}
ICONS = {"globe", "mail", "message", "database", "clock", "code", "upload", "ticket", "webhook",
         "check-circle"}


def test_builtin_catalog_has_the_ten_actions():
    catalog = builtin_catalog()
    assert {a.id for a in catalog} >= REQUIRED_IDS
    assert {a.icon for a in catalog} <= ICONS


@pytest.mark.parametrize("action", list(builtin_catalog()), ids=lambda a: a.id)
def test_each_action_is_complete_and_its_schemas_are_valid(action):
    assert action.title and action.category and action.description
    schema = action.input_schema
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object" and schema["properties"]
    for name, sub in schema["properties"].items():
        assert sub.get("title"), f"{action.id}: property {name} has no title"
        if "default" in sub:
            assert Draft202012Validator(sub).is_valid(sub["default"]), (action.id, name)
    assert set(schema.get("required", [])) <= set(schema["properties"])
    assert action.output["description"]
    Draft202012Validator.check_schema(action.output["schema"])


def test_each_file_is_named_after_its_action_id():
    for entry in resource("actions").iterdir():
        if entry.name.endswith(".json"):
            data = json.loads(entry.read_text(encoding="utf-8"))
            assert entry.name == f"{data['id']}.json"


def test_search_and_categories():
    catalog = builtin_catalog()
    assert [a.id for a in catalog.search("email")] == ["email.send"]
    assert "Messaging" in catalog.categories()


def test_user_folders_add_and_override(tmp_path):
    (tmp_path / "crm.json").write_text(json.dumps({
        "id": "crm.lookup", "title": "CRM lookup", "category": "CRM", "icon": "database",
        "inputSchema": {"type": "object"}, "output": {"description": "record"}}))
    (tmp_path / "delay.json").write_text(json.dumps({
        "id": "flow.delay", "title": "Our delay", "category": "Flow control", "icon": "clock",
        "inputSchema": {"type": "object"}, "output": {"description": "nothing"}}))
    catalog = load_catalog([tmp_path])
    assert "crm.lookup" in catalog and catalog.get("flow.delay").title == "Our delay"
    assert len(catalog) == len(builtin_catalog()) + 1


def test_bad_user_file_names_the_file(tmp_path):
    (tmp_path / "broken.json").write_text("{")
    with pytest.raises(CatalogError, match="broken.json"):
        ActionCatalog.from_folder(tmp_path)
    (tmp_path / "broken.json").write_text(json.dumps({"id": "x"}))
    with pytest.raises(CatalogError, match="missing title"):
        ActionCatalog.from_folder(tmp_path)
