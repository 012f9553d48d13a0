"""The diff's words, without Qt: items by the names authors gave them, fields by their titles.

Ids and JSON pointers are kept, but only in :meth:`DiffWords.reference` and the
row pointers (tooltips), never in what a person reads first.
"""

from __future__ import annotations

import copy
import subprocess
import sys
from typing import Any

import pytest

from flowdesk.app.diffview.describe import DiffWords, note_name, sections
from flowdesk.model.catalog import builtin_catalog
from flowdesk.model.changes import Change
from flowdesk.model.diff import DocumentDiff, diff_documents
from flowdesk.model.document import load

BASE: dict[str, Any] = {
    "formatVersion": 1,
    "graph": {
        "formatVersion": 1,
        "nodes": [
            {"id": "start", "type": "start", "position": {"x": 0, "y": 0}},
            {"id": "fetch", "type": "action", "name": "Fetch order", "actionId": "http.request",
             "config": {"url": "https://a.example", "headers": {"Accept": "json"}},
             "position": {"x": 200, "y": 0}},
            {"id": "big", "type": "condition", "name": "Large order?",
             "position": {"x": 400, "y": 0}},
            {"id": "mail", "type": "action", "name": "Send email", "actionId": "email.send",
             "config": {"to": ["ops@example.com"], "subject": "Big", "body": "See"},
             "position": {"x": 600, "y": -100}},
            {"id": "end", "type": "end", "position": {"x": 800, "y": 0}},
        ],
        "edges": [
            {"id": "e1", "source": "start", "target": "fetch"},
            {"id": "e2", "source": "fetch", "target": "big", "condition": "onSuccess"},
            {"id": "e3", "source": "big", "target": "end", "condition": "otherwise"},
            {"id": "e5", "source": "mail", "target": "end"},
        ],
        "notes": [{"id": "n1", "text": "Threshold comes from the run input; finance wants it",
                   "position": {"x": 10, "y": 10}}],
    },
    "parameterSchema": {"type": "object", "properties": {
        "customer": {"type": "object", "properties": {"city": {"type": "string"}}},
        "tags": {"type": "array", "items": {"type": "string"}},
    }},
    "envConfig": {"env": {"REGION": "eu"},
                  "secrets": {"TOKEN": {"connectionId": "orders", "secretRefKey": "token"}}},
}


def edited(edit: Any) -> dict[str, Any]:
    doc = copy.deepcopy(BASE)
    edit(doc)
    return doc


def words_and_diff(new: dict[str, Any], catalog: bool = True) -> tuple[DiffWords, DocumentDiff]:
    old_doc, new_doc = load(BASE), load(new)
    return (DiffWords(old_doc, new_doc, builtin_catalog() if catalog else None),
            diff_documents(old_doc, new_doc))


def find(diff: DocumentDiff, kind: str, item_id: str) -> Change:
    return next(c for c in diff.all_changes() if c.kind == kind and c.id == item_id)


def test_added_and_removed_items_are_named_from_the_side_that_has_them() -> None:
    def edit(doc: dict[str, Any]) -> None:
        graph = doc["graph"]
        graph["nodes"] = [n for n in graph["nodes"] if n["id"] != "mail"]
        graph["edges"] = [e for e in graph["edges"] if e["id"] != "e5"]
        graph["nodes"].append({"id": "slack", "type": "action", "name": "Post to Slack",
                               "actionId": "chat.post_message", "position": {"x": 600, "y": 0}})
        graph["edges"].append({"id": "e4", "source": "big", "target": "slack",
                               "condition": {"expression": "params.total > 100"}})
    words, diff = words_and_diff(edited(edit))
    assert words.headline(find(diff, "node", "mail")) == "Step “Send email” removed"
    assert words.headline(find(diff, "node", "slack")) == "Step “Post to Slack” added"
    assert words.headline(find(diff, "edge", "e5")) == "Connection “Send email → End” removed"
    assert words.headline(find(diff, "edge", "e4")) == \
        "Connection “Large order? → Post to Slack” added"
    # the ids stay within reach, for whoever reads the JSON
    assert words.reference(find(diff, "edge", "e4")) == "edge e4 · /graph/edges/3"
    assert words.reference(find(diff, "node", "mail")) == "node mail · /graph/nodes/3"


def test_a_renamed_step_goes_by_its_new_name_and_shows_the_old_one() -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["graph"]["nodes"][1]["name"] = "Load order"
    words, diff = words_and_diff(edited(edit))
    change = find(diff, "node", "fetch")
    assert words.headline(change) == "Step “Load order” changed"
    assert [(line.label, line.old, line.new) for line in words.property_lines(change)] == [
        ("Name", '"Fetch order"', '"Load order"')]
    # connections name their ends by the new name too
    edit_edge = edited(lambda d: (edit(d), d["graph"]["edges"][1].update(condition="onFailure")))
    words, diff = words_and_diff(edit_edge)
    assert words.headline(find(diff, "edge", "e2")) == "Connection “Load order → Large order?” changed"


def test_config_fields_go_by_the_actions_titles_or_by_a_path_in_words() -> None:
    def edit(doc: dict[str, Any]) -> None:
        config = doc["graph"]["nodes"][1]["config"]
        config["url"] = "https://b.example"
        config["headers"]["Accept"] = "xml"
        config["mystery"] = 1
    new = edited(edit)
    words, diff = words_and_diff(new)
    lines = {(line.label, line.old, line.new)
             for line in words.property_lines(find(diff, "node", "fetch"))}
    assert lines == {("URL", '"https://a.example"', '"https://b.example"'),
                     ("Headers › Accept", '"json"', '"xml"'),
                     ("mystery", "(not set)", "1")}
    plain, diff = words_and_diff(new, catalog=False)
    labels = {line.label for line in plain.property_lines(find(diff, "node", "fetch"))}
    assert labels == {"Configuration › url", "Configuration › headers › Accept",
                      "Configuration › mystery"}
    line = next(ln for ln in words.property_lines(find(diff, "node", "fetch")) if ln.label == "URL")
    assert words.pointer_of(find(diff, "node", "fetch"), line) == "/graph/nodes/1/config/url"


def test_conditions_moves_and_ends_read_as_words() -> None:
    def edit(doc: dict[str, Any]) -> None:
        graph = doc["graph"]
        graph["edges"][1]["condition"] = {"expression": "steps.fetch.output.ok"}
        graph["edges"][2]["target"] = "mail"
        graph["nodes"][2]["position"] = {"x": 420.0, "y": 30}
        graph["notes"][0]["position"] = {"x": 50, "y": 10}
    words, diff = words_and_diff(edited(edit))
    e2 = find(diff, "edge", "e2")
    assert [(ln.label, ln.old, ln.new) for ln in words.property_lines(e2)] == [
        ("Condition", "when it succeeds", "if steps.fetch.output.ok")]
    e3 = find(diff, "edge", "e3")
    assert words.headline(e3) == "Connection “Large order? → Send email” changed"
    assert [(ln.label, ln.old, ln.new) for ln in words.property_lines(e3)] == [
        ("To", "“End”", "“Send email”")]
    moved = [c for c in diff.layout_changes if c.kind == "node"][0]
    assert words.headline(moved) == "Step “Large order?” moved"
    assert [(ln.label, ln.old, ln.new) for ln in words.property_lines(moved)] == [
        ("Position", "400, 0", "420, 30")]  # one line for x and y
    note = find(diff, "note", "n1")
    assert words.headline(note) == "Note “Threshold comes from the…” moved"


def test_parallel_connections_are_told_apart_by_when_they_are_taken() -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["graph"]["edges"].append({"id": "e9", "source": "fetch", "target": "big",
                                      "condition": "onFailure"})
    words, diff = words_and_diff(edited(edit))
    assert words.headline(find(diff, "edge", "e9")) == \
        "Connection “Fetch order → Large order? (when it fails)” added"


def test_parameters_and_environment_by_name_and_path() -> None:
    def edit(doc: dict[str, Any]) -> None:
        props = doc["parameterSchema"]["properties"]
        props["customer"]["properties"]["city"]["maxLength"] = 5
        props["tags"]["items"]["minLength"] = 2
        doc["envConfig"]["env"]["REGION"] = "us"
        doc["envConfig"]["env"]["MODE"] = "fast"
        doc["envConfig"]["secrets"]["TOKEN"]["connectionId"] = "billing"
    words, diff = words_and_diff(edited(edit))
    texts = [words.headline(c) for c in diff.parameter_changes]
    assert "Parameter “customer.city”: new maximum length 5" in texts
    assert "Parameter “tags” › each item: new minimum length 2" in texts
    env = [words.headline(c) for c in diff.env_changes]
    assert 'Environment variable “REGION” changed: "eu" → "us"' in env
    assert 'Environment variable “MODE” added: "fast"' in env
    assert "Secret reference “TOKEN” changed" in env
    secret = find(diff, "secret", "TOKEN")
    assert [(ln.label, ln.old, ln.new) for ln in words.property_lines(secret)] == [
        ("Connection", '"orders"', '"billing"')]
    city = next(c for c in diff.parameter_changes if c.id == "customer")
    assert [ln.label for ln in words.table_lines(city)] == ["city › Maximum length"]


def test_an_added_step_lists_its_fields_and_its_id() -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["graph"]["nodes"].append({"id": "slack", "type": "action", "name": "Ping",
                                      "actionId": "http.request",
                                      "config": {"url": "https://hooks.example"}})
    words, diff = words_and_diff(edited(edit))
    rows = {(ln.label, ln.old, ln.new) for ln in words.table_lines(find(diff, "node", "slack"))}
    assert ("Action", "(not set)", "HTTP request") in rows
    assert ("URL", "(not set)", '"https://hooks.example"') in rows
    assert ("Id", "(not set)", '"slack"') in rows


def test_without_documents_items_are_named_from_the_changes_own_json() -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["graph"]["nodes"] = [n for n in doc["graph"]["nodes"] if n["id"] != "mail"]
        doc["graph"]["edges"] = [e for e in doc["graph"]["edges"] if e["id"] != "e5"]
    _words, diff = words_and_diff(edited(edit))
    bare = DiffWords()
    assert bare.headline(find(diff, "node", "mail")) == "Step “Send email” removed"
    assert bare.headline(find(diff, "edge", "e5")) == "Connection “mail → end” removed"


def test_section_titles_are_what_an_author_calls_them() -> None:
    assert [s.title for s in sections(DocumentDiff())] == [
        "Steps and connections", "Layout", "Parameters", "Environment"]


@pytest.mark.parametrize(("text", "name"), [
    ("Short note", "Short note"),
    ("  Threshold   comes from the run input", "Threshold comes from the…"),
    ("Averyveryverylongwordwithoutanyspaces", "Averyveryverylongwordwit…"),
    ("", ""),
])
def test_notes_go_by_their_first_words(text: str, name: str) -> None:
    assert note_name(text) == name


def test_the_wording_needs_no_qt() -> None:
    code = ("import sys, flowdesk.app.diffview.describe; "
            "sys.exit(1 if any(m.startswith('PySide6') for m in sys.modules) else 0)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
