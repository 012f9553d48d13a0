"""The diff window between two versions of the shipped example reads in the author's names.

A person scanning the change list sees “Fetch order” and “Large order? → Approvals”,
not ``fetch_order`` or ``e4``; the ids are in the tooltips for whoever needs them.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest

from flowdesk.app.diffview.diff_window import DiffWindow
from flowdesk.app.session.workspace import example_document
from flowdesk.model.document import dump, load


def second_version() -> dict[str, Any]:
    data: dict[str, Any] = copy.deepcopy(dump(example_document("order-approval.json")))
    graph = data["graph"]
    nodes = {n["id"]: n for n in graph["nodes"]}
    nodes["fetch_order"]["config"]["url"] = "https://orders.example.com/v2/orders"
    nodes["manager_approval"]["name"] = "Sales manager approval"
    for edge in graph["edges"]:
        if edge["id"] == "e4":
            edge["condition"] = {"expression": "steps.fetch_order.output.body.total >= 5000"}
    graph["edges"].append({"id": "e99", "source": "is_large", "target": "confirm_order",
                           "condition": "otherwise"})
    graph["edges"] = [e for e in graph["edges"] if e["id"] != "e15"]
    graph["notes"][0]["position"] = {"x": 260, "y": 40}
    return data


@pytest.fixture
def window(qtbot) -> DiffWindow:  # type: ignore[no-untyped-def]
    old = example_document("order-approval.json")
    w = DiffWindow(old, load(second_version()), "v1", "v2")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def listed(window: DiffWindow) -> list[str]:
    tree = window.change_list
    return [tree.topLevelItem(i).child(j).text(0)
            for i in range(tree.topLevelItemCount())
            for j in range(tree.topLevelItem(i).childCount())]


def test_the_change_list_names_steps_connections_and_notes(window: DiffWindow) -> None:
    entries = listed(window)
    expected = ["~  Step “Fetch order” changed",
                "~  Step “Sales manager approval” changed",
                "~  Connection “Large order? → Approvals” changed",
                "+  Connection “Large order? → Confirm order” added",
                "−  Connection “Large order? → Flag for review” removed",
                "↔  Note “Threshold comes from the…” moved"]
    assert entries == expected
    ids = {n.id for n in window.old_doc.graph.nodes} | {e.id for e in window.new_doc.graph.edges}
    ids |= {"e15", "n1"}
    for entry in entries:
        assert not set(re.findall(r"[\w]+", entry)) & ids, entry


def test_ids_stay_in_the_tooltips_and_fields_go_by_their_titles(window: DiffWindow) -> None:
    window.change_list.select_item("edge", "e4")
    item = window.change_list.selectedItems()[0]
    assert "edge e4" in item.toolTip(0)
    assert window.detail_title.text() == "Connection “Large order? → Approvals” changed"
    assert "edge e4" in window.detail_title.toolTip()
    [(label, old, new)] = window.property_table.rows()
    assert label == "Condition" and old.startswith("if steps.") and new.endswith(">= 5000")

    window.change_list.select_item("node", "fetch_order")
    fetch = next(n for n in window.old_doc.graph.nodes if n.id == "fetch_order")
    assert window.property_table.rows() == [  # the action's field title, not /config/url
        ("URL", json.dumps(fetch.config["url"]), '"https://orders.example.com/v2/orders"')]
    assert window.property_table.item(0, 0).toolTip().endswith("/config/url")
