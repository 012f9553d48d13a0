"""The merge view: conflicts resolved by picking a side or editing JSON; cancel changes nothing."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog
from tests.app.diffview.samples import OLD

from flowdesk.app.merge.merge_view import MergeDialog
from flowdesk.model.document import dump, load


def edited(changes: dict[str, Any]) -> dict[str, Any]:
    """OLD with values set at simple paths like ``nodes.fetch.config.url`` or ``env.REGION``."""
    doc = copy.deepcopy(OLD)
    for path, value in changes.items():
        head, *rest = path.split(".")
        if head == "nodes":
            target = next(n for n in doc["graph"]["nodes"] if n["id"] == rest[0])
            rest = rest[1:]
        else:
            target = doc["envConfig"]["env"]
        for key in rest[:-1]:
            target = target[key]
        target[rest[-1]] = value
    return doc


BASE = OLD
MINE = edited({"nodes.fetch.config.url": "https://mine.example", "env.REGION": "eu-central-1",
               "nodes.check.name": "Large?"})
THEIRS = edited({"nodes.fetch.config.url": "https://theirs.example", "env.REGION": "us-east-1",
                 "nodes.mail.config.subject": "Large order"})


@pytest.fixture
def dialog(qtbot) -> MergeDialog:
    d = MergeDialog(load(BASE), load(MINE), load(THEIRS))
    qtbot.addWidget(d)
    d.show()
    return d


def test_conflicts_are_listed_and_accept_waits_for_all_of_them(dialog: MergeDialog) -> None:
    assert dialog.conflict_list.count() == 2
    texts = [dialog.conflict_list.item(i).text() for i in range(2)]
    assert "⚠  Both sides changed “Fetch” › config › url" in texts
    assert any("REGION" in t for t in texts)
    assert not dialog.accept_button.isEnabled()
    assert "2 of 2 conflicts left" in dialog.summary.text()
    # the first conflict is shown with all three sides
    shown = dialog.editor.conflict
    assert shown is not None
    assert dialog.editor.mine_text.toPlainText() == f'"{shown.mine}"'
    assert dialog.editor.theirs_text.toPlainText() == f'"{shown.theirs}"'


def _select(dialog: MergeDialog, needle: str) -> None:
    for row in range(dialog.conflict_list.count()):
        if needle in dialog.conflict_list.item(row).text():
            dialog.conflict_list.setCurrentRow(row)
            return
    raise AssertionError(f"no conflict {needle!r}")


def test_resolving_in_the_view_produces_the_expected_document(dialog: MergeDialog, qtbot) -> None:
    _select(dialog, "“Fetch” › config › url")
    dialog.editor.editor.setPlainText('"https://edited.example"')
    dialog.editor.apply_edit.click()
    assert "1 of 2 conflicts left" in dialog.summary.text()
    # the view moved on to the open conflict: take theirs
    assert "REGION" in dialog.editor.title.text()
    dialog.editor.use_theirs.click()
    assert dialog.accept_button.isEnabled()
    # the preview shows the merged graph, validated
    assert dialog.preview is not None
    assert dialog.preview.canvas.node_items["check"].node.name == "Large?"
    assert "No problems" in dialog.problem_list.item(0).text()
    with qtbot.waitSignal(dialog.accepted):
        dialog.accept_button.click()
    expected = edited({"nodes.fetch.config.url": "https://edited.example",
                       "env.REGION": "us-east-1", "nodes.check.name": "Large?",
                       "nodes.mail.config.subject": "Large order"})
    assert dump(dialog.merged_document()) == dump(load(expected))


def test_bad_json_is_refused_and_the_conflict_stays_open(dialog: MergeDialog) -> None:
    _select(dialog, "“Fetch” › config › url")
    dialog.editor.editor.setPlainText("{not json")
    dialog.editor.apply_edit.click()
    assert "Not JSON" in dialog.editor.error.text()
    assert len(dialog.unresolved()) == 2


def test_picking_mine_everywhere(dialog: MergeDialog) -> None:
    for _ in range(2):
        dialog.editor.use_mine.click()
    dialog.accept_button.click()
    merged = dump(dialog.merged_document())
    assert merged["envConfig"]["env"]["REGION"] == "eu-central-1"
    assert next(n for n in merged["graph"]["nodes"] if n["id"] == "fetch")["config"]["url"] == \
        "https://mine.example"


def test_cancel_returns_nothing_and_changes_nothing(qtbot) -> None:
    base, mine, theirs = load(BASE), load(MINE), load(THEIRS)
    before = [dump(d) for d in (base, mine, theirs)]
    dialog = MergeDialog(base, mine, theirs)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.editor.use_mine.click()
    with qtbot.waitSignal(dialog.rejected):
        dialog.reject()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.merged_document() is None
    assert [dump(d) for d in (base, mine, theirs)] == before
    assert MINE["graph"]["nodes"][1]["config"]["url"] == "https://mine.example"


def test_a_clean_merge_can_be_accepted_at_once(qtbot) -> None:
    mine = edited({"nodes.check.name": "Large?"})
    dialog = MergeDialog(load(BASE), load(mine), load(THEIRS))
    qtbot.addWidget(dialog)
    assert dialog.conflict_list.count() == 0 and dialog.accept_button.isEnabled()
    assert "No conflicts" in dialog.summary.text()
    dialog.accept_button.click()
    merged = dump(dialog.merged_document())
    assert merged["envConfig"]["env"]["REGION"] == "us-east-1"
    assert next(n for n in merged["graph"]["nodes"] if n["id"] == "check")["name"] == "Large?"


def _visible_texts(dialog: MergeDialog) -> list[str]:
    lists = (dialog.conflict_list, dialog.problem_list)
    return [dialog.editor.title.text()] + [
        w.item(i).text() for w in lists for i in range(w.count())]


def test_conflicts_and_problems_name_steps_and_connections(qtbot) -> None:
    mine = copy.deepcopy(OLD)
    mine["graph"]["edges"][2]["condition"] = {"expression": "steps.fetch.output.total > 500"}
    del mine["graph"]["nodes"][3]["config"]["to"]
    theirs = copy.deepcopy(OLD)
    theirs["graph"]["edges"][2]["condition"] = "always"
    theirs["graph"]["edges"].append(
        {"id": "e6", "source": "check", "target": "fetch", "condition": "otherwise"})
    dialog = MergeDialog(load(BASE), load(mine), load(theirs))
    qtbot.addWidget(dialog)
    dialog.show()

    assert dialog.conflict_list.item(0).text() == "⚠  Both sides changed “Big? -> Mail” › condition"
    assert dialog.editor.title.text() == "Both sides changed “Big? -> Mail” › condition"
    problems = [dialog.problem_list.item(i).text() for i in range(dialog.problem_list.count())]
    assert "Error: Mail: To: required" in problems
    assert any("“Big?”" in p and "(“Big? -> end”)" in p for p in problems), problems
    for text in _visible_texts(dialog):
        assert "/graph/" not in text and "'e" not in text and "'check'" not in text, text
        assert "e3" not in text and "e4" not in text, text
