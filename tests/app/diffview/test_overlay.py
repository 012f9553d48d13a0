"""The overlay diff scene: every difference drawn on the canvas items, layout moves hideable."""

from __future__ import annotations

import copy

from tests.app.diffview.samples import NEW, OLD

from flowdesk.app.canvas.node_item import NodeItem
from flowdesk.app.canvas.note_item import NoteItem
from flowdesk.app.canvas.view import CanvasView
from flowdesk.app.diffview.overlay import DiffScene, union_document
from flowdesk.app.diffview.status import STATUS_COLOURS
from flowdesk.model.document import load


def test_union_holds_new_items_and_removed_ones_at_their_old_places(qapp) -> None:
    union = union_document(load(OLD), load(NEW))
    ids = [n.id for n in union.graph.nodes]
    assert ids == ["start", "fetch", "check", "slack", "end", "mail"]
    assert {e.id for e in union.graph.edges} == {"e1", "e2", "e3", "e4", "e5", "e6", "e7"}
    mail = next(n for n in union.graph.nodes if n.id == "mail")
    assert (mail.position.x, mail.position.y) == (800, -140)


def test_overlay_marks_added_removed_changed_and_moved_items(qapp) -> None:
    scene = DiffScene(load(OLD), load(NEW))
    assert scene.status_of("node", "slack") == "added"
    assert scene.status_of("node", "mail") == "removed"
    assert scene.status_of("node", "fetch") == "changed"
    assert scene.status_of("node", "check") == "moved"
    assert scene.status_of("node", "end") == "unchanged"
    assert scene.status_of("edge", "e6") == "added"
    assert scene.status_of("edge", "e3") == "removed"
    assert scene.status_of("edge", "e2") == "changed"
    assert scene.status_of("edge", "e4") == "unchanged"
    # the marks are drawn on the canvas's own item classes
    assert isinstance(scene.marks[("node", "slack")].parentItem(), NodeItem)
    assert ("node", "end") not in scene.marks
    # removed items are translucent ghosts; the others are opaque
    assert scene.node_items["mail"].opacity() < 0.6
    assert scene.edge_items["e3"].opacity() < 0.6
    assert scene.node_items["slack"].opacity() == 1.0
    # the diff is read-only: nothing can be dragged
    assert scene.model.read_only
    assert not scene.node_items["slack"].flags() & NodeItem.GraphicsItemFlag.ItemIsMovable
    scene.detach()


def test_a_moved_node_has_a_ghost_at_its_old_place_which_ignore_layout_hides(qapp) -> None:
    scene = DiffScene(load(OLD), load(NEW))
    ghost = scene.ghosts[("node", "check")]
    assert (ghost.pos().x(), ghost.pos().y()) == (480, -10)
    assert (scene.node_items["check"].pos().x(), scene.node_items["check"].pos().y()) == (500, 160)
    assert ghost.isVisible() and scene.links[("node", "check")].isVisible()
    assert scene.item_rect("node", "check").contains(ghost.sceneBoundingRect())
    assert scene.content_rect().contains(ghost.sceneBoundingRect())

    scene.set_ignore_layout(True)
    assert not ghost.isVisible() and not scene.links[("node", "check")].isVisible()
    assert not scene.marks[("node", "check")].isVisible()
    assert scene.status_of("node", "check") == "unchanged"
    assert scene.items_with_status("moved") == []
    scene.set_ignore_layout(False)
    assert ghost.isVisible() and scene.status_of("node", "check") == "moved"
    scene.detach()


def test_side_scenes_show_one_version_each(qapp) -> None:
    old_side = DiffScene(load(OLD), load(NEW), side="old")
    new_side = DiffScene(load(OLD), load(NEW), side="new")
    assert "mail" in old_side.node_items and "slack" not in old_side.node_items
    assert "slack" in new_side.node_items and "mail" not in new_side.node_items
    assert old_side.marks[("node", "mail")].status == "removed"
    assert new_side.marks[("node", "slack")].status == "added"
    assert old_side.node_items["mail"].opacity() == 1.0  # red, not a ghost, on its own side
    assert not old_side.ghosts and not new_side.ghosts
    old_side.detach()
    new_side.detach()


def test_identical_versions_mark_nothing(qapp) -> None:
    scene = DiffScene(load(OLD), load(OLD))
    assert scene.marks == {} and scene.ghosts == {}
    scene.detach()


def test_notes_are_marked_and_a_moved_note_leaves_a_ghost(qapp) -> None:
    old, new = copy.deepcopy(OLD), copy.deepcopy(OLD)
    old["graph"]["notes"] = [{"id": "n1", "text": "Ask finance", "position": {"x": 0, "y": 200}},
                             {"id": "n2", "text": "Old idea", "position": {"x": 300, "y": 200}}]
    new["graph"]["notes"] = [{"id": "n1", "text": "Ask finance", "position": {"x": 0, "y": 400}},
                             {"id": "n3", "text": "New idea", "position": {"x": 600, "y": 200}}]
    scene = DiffScene(load(old), load(new))
    assert scene.status_of("note", "n1") == "moved"
    assert scene.status_of("note", "n2") == "removed"
    assert scene.status_of("note", "n3") == "added"
    assert isinstance(scene.marks[("note", "n3")].parentItem(), NoteItem)
    ghost = scene.ghosts[("note", "n1")]
    assert (ghost.pos().x(), ghost.pos().y()) == (0, 200)
    assert scene.note_items["n2"].opacity() < 0.6
    scene.detach()


def test_far_away_the_marks_still_show_over_the_flat_overview(qtbot) -> None:
    scene = DiffScene(load(OLD), load(NEW))
    view = CanvasView(scene)
    qtbot.addWidget(view)
    view.resize(500, 300)
    view.show()
    view.set_zoom(0.08)  # below the canvas's overview threshold
    view.centerOn(scene.content_rect().center())
    assert scene.overview_mode and scene.overview_marks.isVisible()
    image = view.viewport().grab().toImage()
    found = {status for status in ("added", "removed", "changed")
             for x in range(image.width()) for y in range(image.height())
             if image.pixelColor(x, y).name() == STATUS_COLOURS[status]}
    assert found == {"added", "removed", "changed"}
    view.set_zoom(1.0)
    assert not scene.overview_mode and not scene.overview_marks.isVisible()
