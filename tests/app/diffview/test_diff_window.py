"""The diff window: overlay and side-by-side canvases, change list, property diffs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.app.diffview.samples import NEW, OLD

from flowdesk.app.diffview.diff_window import DiffWindow
from flowdesk.model.document import load
from flowdesk.model.errors import FlowdeskError


@pytest.fixture
def window(qtbot) -> DiffWindow:
    w = DiffWindow(load(OLD), load(NEW), "v1", "v2")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def change(w: DiffWindow, kind: str, item_id: str):  # type: ignore[no-untyped-def]
    return next(c for c in w.change_list.entries() if c.kind == kind and c.id == item_id)


def test_change_list_has_every_section_and_flags_breaking_parameters(window: DiffWindow) -> None:
    tops = [window.change_list.topLevelItem(i).text(0)
            for i in range(window.change_list.topLevelItemCount())]
    assert tops == ["Steps and connections (8)", "Layout (1)",
                    "Parameters (1, 1 breaking)", "Environment (1)"]
    param = change(window, "parameter", "limit")
    assert param.breaking
    entry = window.change_list.topLevelItem(2).child(0).text(0)
    assert "BREAKING" in entry and "limit" in entry


def test_picking_a_changed_node_focuses_it_and_shows_its_property_diff(window: DiffWindow) -> None:
    window.change_list.select_item("node", "fetch")
    assert window.overlay_scene.selected_node_ids() == ["fetch"]
    assert window.property_table.rows() == [
        ("URL", '"https://old.example"', '"https://new.example"')]  # the action's field title
    assert "/graph/nodes/1/config/url" in window.property_table.item(0, 0).toolTip()
    assert window.detail_title.text() == "Step “Fetch” changed"
    assert "node fetch" in window.detail_title.toolTip()
    view = window.overlay_view
    rect = window.overlay_scene.item_rect("node", "fetch")
    assert view.viewport().rect().contains(view.mapFromScene(rect).boundingRect())
    assert view.is_fitted  # it was in view: the fitted picture stays as it was


def test_picking_a_change_off_screen_centres_it(window: DiffWindow) -> None:
    view = window.overlay_view
    view.set_zoom(2.0)
    view.centerOn(window.overlay_scene.item_rect("node", "start").center())
    window.change_list.select_item("node", "slack")
    centre = view.mapToScene(view.viewport().rect().center())
    assert window.overlay_scene.item_rect("node", "slack").adjusted(-60, -60, 60, 60).contains(centre)


def test_clicking_an_item_on_the_canvas_selects_its_change(window: DiffWindow) -> None:
    window.overlay_scene.select_item("edge", "e2")
    assert window.change_list.current_change() == change(window, "edge", "e2")
    assert window.property_table.rows() == [("Condition", "when it succeeds", "when it fails")]
    assert window.detail_title.text() == "Connection “Fetch → Big?” changed"


def test_ignore_layout_hides_the_move_everywhere(window: DiffWindow) -> None:
    assert any(c.op == "moved" for c in window.change_list.entries())
    window.ignore_layout_box.setChecked(True)
    assert not any(c.op == "moved" for c in window.change_list.entries())
    for scene in (window.overlay_scene, window.side_by_side.old_scene,
                  window.side_by_side.new_scene):
        assert scene.ignore_layout
    assert not window.overlay_scene.ghosts[("node", "check")].isVisible()


def test_side_by_side_panes_zoom_and_pan_together(window: DiffWindow, qtbot) -> None:
    assert window._side_by_side is None  # its two scenes are only built when asked for
    window.side_button.click()
    assert window.mode == "side-by-side"
    old_view, new_view = window.side_by_side.views()
    assert "mail" in old_view.canvas.node_items and "mail" not in new_view.canvas.node_items
    old_view.set_zoom(0.8)
    assert new_view.zoom == pytest.approx(0.8)
    old_view.horizontalScrollBar().setValue(old_view.horizontalScrollBar().value() + 150)
    centre_old = window.side_by_side.centre_of(old_view)
    centre_new = window.side_by_side.centre_of(new_view)
    assert abs(centre_old.x() - centre_new.x()) < 2 and abs(centre_old.y() - centre_new.y()) < 2
    new_view.set_zoom(1.2)
    assert old_view.zoom == pytest.approx(1.2)
    # picking a removed node focuses the old pane on it
    window.change_list.select_item("node", "mail")
    assert old_view.canvas.selected_node_ids() == ["mail"]
    rect = old_view.canvas.item_rect("node", "mail")
    assert rect.adjusted(-60, -60, 60, 60).contains(window.side_by_side.centre_of(old_view))


def test_from_files_and_clear_errors(qtbot, tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps(OLD), encoding="utf-8")
    b.write_text("{not json", encoding="utf-8")
    with pytest.raises(FlowdeskError, match="b.json"):
        DiffWindow.from_files(a, b)
    b.write_text(json.dumps(NEW), encoding="utf-8")
    w = DiffWindow.from_files(a, b)
    qtbot.addWidget(w)
    assert w.windowTitle() == "Changes from a.json to b.json"
    assert len(w.change_list.entries()) == 11


def test_export_writes_a_report_or_a_picture(window: DiffWindow, tmp_path: Path) -> None:
    html = window.export(tmp_path / "diff.html").read_text(encoding="utf-8")
    assert "Changes from v1 to v2" in html and "<svg" in html
    png = window.export(tmp_path / "diff.png")
    assert png.read_bytes()[:4] == b"\x89PNG"
