"""The canvas as a user drives it: add, connect (and refusals), delete, move, paste, notes."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt

from flowdesk.app.canvas.edge_item import EdgeItem
from flowdesk.app.canvas.node_item import NodeItem
from flowdesk.app.commands import EditNote, SetEdgeCondition, SetNodeProperty
from flowdesk.model.document import Expression, Node, Position, empty_document
from flowdesk.model.problems import Location, error, warning

from .conftest import Canvas, drag, make_canvas, send_mouse


def test_scene_mirrors_the_document(canvas: Canvas) -> None:
    assert set(canvas.scene.node_items) == {"start", "fetch", "check", "mail", "end"}
    assert set(canvas.scene.edge_items) == {"e1", "e2", "e3", "e4", "e5"}
    assert set(canvas.scene.note_items) == {"n1"}
    item = canvas.scene.node_items["fetch"]
    assert (item.pos().x(), item.pos().y()) == (200, 0)
    assert canvas.scene.edge_items["e2"].label == "onSuccess"
    assert canvas.scene.edge_items["e1"].label == ""  # "always" carries no label
    assert "…" in canvas.scene.edge_items["e3"].label or "steps.fetch" in canvas.scene.edge_items["e3"].label


def test_add_node_from_the_catalog_then_undo_and_redo(canvas: Canvas) -> None:
    node_id = canvas.scene.add_node("action", QPointF(300, 300), action_id="http.request")
    assert node_id == "request"
    node = canvas.model.node(node_id)
    assert node.action_id == "http.request" and node.name == "HTTP request"
    assert isinstance(canvas.scene.node_items[node_id], NodeItem)
    assert canvas.scene.selected_node_ids() == [node_id]
    canvas.stack.undo()
    assert node_id not in canvas.scene.node_items and not canvas.model.has_node(node_id)
    canvas.stack.redo()
    assert node_id in canvas.scene.node_items


def test_adding_a_step_on_top_of_one_moves_it_aside_in_one_undo_entry(canvas: Canvas) -> None:
    fetch = canvas.scene.node_items["fetch"]
    before = {n.id: n.position for n in canvas.model.graph.nodes}
    node_id = canvas.scene.add_node("action", fetch.sceneBoundingRect().center(),
                                    action_id="http.request")
    assert node_id is not None
    new_box = canvas.scene.node_items[node_id].sceneBoundingRect()
    moved = canvas.model.node("fetch").position
    assert moved.x > before["fetch"].x and moved.y == before["fetch"].y
    for other_id, item in canvas.scene.node_items.items():  # nothing hides under the new step
        if other_id != node_id:
            assert not new_box.intersects(item.sceneBoundingRect()), other_id
    assert canvas.model.node("start").position == before["start"]  # what comes before stays
    assert canvas.stack.count() == 1
    canvas.stack.undo()
    assert not canvas.model.has_node(node_id)
    assert {n.id: n.position for n in canvas.model.graph.nodes} == before


def test_connect_by_dragging_from_an_output_port(canvas: Canvas) -> None:
    canvas.model.add_node(Node("extra", "action",
                                                              position=Position(800, 150)))
    start = canvas.scene.node_items["fetch"].output_pos()
    target = canvas.scene.node_items["extra"].sceneBoundingRect().center()
    drag(canvas.view, start, target)
    new = [e for e in canvas.model.edges if e.source == "fetch" and e.target == "extra"]
    assert len(new) == 1
    assert new[0].id in canvas.scene.edge_items
    assert canvas.stack.count() == 1
    canvas.stack.undo()
    assert new[0].id not in canvas.scene.edge_items


def test_a_cycle_is_refused_with_the_reason_at_the_cursor(canvas: Canvas, qtbot) -> None:  # type: ignore[no-untyped-def]
    interaction = canvas.scene.start_new_edge("mail")
    over_fetch = canvas.scene.node_items["fetch"].sceneBoundingRect().center()
    interaction.update_at(over_fetch)
    assert interaction.reason == "connecting 'mail' to 'fetch' would create a cycle"
    assert interaction._tip.isVisible() and "cycle" in interaction._tip.text()
    with qtbot.waitSignal(canvas.scene.edit_refused) as blocker:
        interaction.finish_at(over_fetch)
    assert "cycle" in blocker.args[0]
    assert len(canvas.model.edges) == 5 and canvas.stack.count() == 0


def test_a_duplicate_edge_is_refused(canvas: Canvas) -> None:
    interaction = canvas.scene.start_new_edge("mail")
    reason = interaction.finish_at(canvas.scene.node_items["end"].sceneBoundingRect().center())
    assert reason is not None and "already connected" in reason and "e5" in reason
    assert canvas.stack.count() == 0


def test_a_condition_node_gets_an_expression_then_otherwise_by_default(canvas: Canvas) -> None:
    canvas.model.remove_edge("e4")
    canvas.model.add_node(Node("alt", "action",
                                                              position=Position(800, 200)))
    canvas.scene.start_new_edge("check").finish_at(
        canvas.scene.node_items["alt"].sceneBoundingRect().center())
    edge = next(e for e in canvas.model.edges if e.target == "alt")
    assert edge.condition == Expression("true")
    canvas.scene.start_new_edge("check").finish_at(
        canvas.scene.node_items["end"].sceneBoundingRect().center())
    edge = next(e for e in canvas.model.edges if e.source == "check" and e.target == "end")
    assert edge.condition == "otherwise"  # "true" is taken by the first branch


def test_delete_selection_removes_edges_and_undo_restores_everything(canvas: Canvas) -> None:
    before = canvas.doc_json()
    canvas.scene.select_item("node", "check")
    canvas.scene.note_items["n1"].setSelected(True)
    assert canvas.scene.delete_selection()
    assert not canvas.model.has_node("check")
    assert {"e2", "e3", "e4"}.isdisjoint(canvas.scene.edge_items)
    assert "n1" not in canvas.scene.note_items
    assert canvas.stack.count() == 1 and canvas.stack.undoText() == "Delete 1 node, 1 note"
    canvas.stack.undo()
    assert canvas.doc_json() == before
    assert set(canvas.scene.edge_items) == {"e1", "e2", "e3", "e4", "e5"}


def test_moving_by_mouse_is_one_undo_entry_snapped_to_the_grid(canvas: Canvas) -> None:
    item = canvas.scene.node_items["fetch"]
    grab = item.sceneBoundingRect().center()
    drag(canvas.view, grab, grab + QPointF(93, 47), steps=10)
    assert canvas.stack.count() == 1
    assert canvas.stack.undoText() == "Move"
    assert canvas.model.node("fetch").position == Position(300, 40)  # 293, 47 snapped to 20
    assert (item.pos().x(), item.pos().y()) == (300, 40)
    edge = canvas.scene.edge_items["e1"]
    assert edge.boundingRect().right() >= 300 - 20  # the edge followed the node
    canvas.stack.undo()
    assert canvas.model.node("fetch").position == Position(200, 0)
    assert (item.pos().x(), item.pos().y()) == (200, 0)


def test_rubber_band_selects_what_it_touches(canvas: Canvas) -> None:
    drag(canvas.view, QPointF(180, -200), QPointF(820, 20))
    assert set(canvas.scene.selected_node_ids()) >= {"fetch", "check", "mail"}
    assert "end" not in canvas.scene.selected_node_ids()


def test_copy_paste_across_two_workflows_through_the_clipboard(canvas: Canvas, qtbot) -> None:  # type: ignore[no-untyped-def]
    canvas.scene.select_item("node", "fetch")
    canvas.scene.node_items["check"].setSelected(True)
    assert canvas.scene.copy()
    other = make_canvas(qtbot)
    other.model.remove_node("fetch")  # the id is free in the second workflow, check is not
    pasted = other.scene.paste()
    assert sorted(pasted) == ["check_1", "fetch"]
    assert other.model.node("fetch").config == {"method": "GET", "url": "https://x"}
    inner = [e for e in other.model.edges if e.source == "fetch" and e.target == "check_1"]
    assert len(inner) == 1 and inner[0].condition == "onSuccess"
    assert sorted(other.scene.selected_node_ids()) == ["check_1", "fetch"]
    assert other.stack.count() == 1
    other.stack.undo()
    assert not other.model.has_node("check_1")


def test_bad_clipboard_text_is_refused_with_a_reason(canvas: Canvas, qtbot) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(canvas.scene.edit_refused) as blocker:
        assert canvas.scene.paste_text("not json") == []
    assert "does not hold Flowdesk nodes" in blocker.args[0]


def test_duplicate_places_copies_next_to_the_originals(canvas: Canvas) -> None:
    canvas.scene.select_item("node", "mail")
    [copy] = canvas.scene.duplicate_selection()
    assert copy == "mail_1"
    assert canvas.model.node(copy).position == Position(840, -60)
    assert canvas.scene.selected_node_ids() == [copy]


def test_notes_add_and_edit_merge_into_one_entry(canvas: Canvas) -> None:
    note_id = canvas.scene.add_note(QPointF(400, 300), "Hi")
    assert note_id in canvas.scene.note_items
    canvas.scene.push(EditNote(canvas.model, note_id, "Hi t"))
    canvas.scene.push(EditNote(canvas.model, note_id, "Hi there"))
    assert canvas.stack.count() == 2
    assert canvas.scene.note_items[note_id].note.text == "Hi there"
    canvas.stack.undo()
    assert canvas.model.note(note_id).text == "Hi"


def test_inspector_typing_merges_into_one_entry(canvas: Canvas) -> None:
    for text in ("F", "Fe", "Fetch order"):
        canvas.scene.push(SetNodeProperty(canvas.model, "fetch", "name", text))
    assert canvas.stack.count() == 1
    assert canvas.scene.node_items["fetch"].node.name == "Fetch order"
    canvas.stack.undo()
    assert canvas.model.node("fetch").name == "Fetch"
    for expr in ("a", "a > 1"):
        canvas.scene.push(SetEdgeCondition(canvas.model, "e3", Expression(expr)))
    assert canvas.stack.count() == 1  # the undone rename was dropped, the typing merged
    assert canvas.stack.undoText() == "Change condition of e3"
    assert canvas.scene.edge_items["e3"].label == "a > 1"


def test_align_and_auto_layout_from_the_scene(canvas: Canvas) -> None:
    canvas.scene.select_item("node", "fetch")
    canvas.scene.node_items["mail"].setSelected(True)
    assert canvas.scene.align_selection("top")
    assert canvas.model.node("fetch").position.y == canvas.model.node("mail").position.y == -100
    assert canvas.scene.auto_layout()
    xs = {n.id: n.position.x for n in canvas.model.nodes}
    assert xs["start"] < xs["fetch"] < xs["check"] < xs["mail"] < xs["end"]
    canvas.stack.undo()
    assert canvas.model.node("mail").position == Position(800, -100)


def test_insert_a_node_on_an_edge(canvas: Canvas) -> None:
    before = canvas.doc_json()
    mid = canvas.scene.edge_items["e5"].boundingRect().center()
    edge = canvas.scene.edge_item_at(canvas.scene.edge_items["e5"].path().pointAtPercent(0.5))
    assert isinstance(edge, EdgeItem) and edge.edge_id == "e5"
    new = canvas.view.add_from_key("action:flow.delay", canvas.scene.edge_items["e5"].path().pointAtPercent(0.5))
    assert new is not None
    assert [(e.source, e.target) for e in canvas.model.edges if new in (e.source, e.target)] == [
        ("mail", new), (new, "end")]
    assert not any(e.source == "mail" and e.target == "end" for e in canvas.model.edges)
    canvas.stack.undo()
    assert canvas.doc_json() == before
    assert mid is not None


def test_problems_show_as_badges_and_clear(canvas: Canvas) -> None:
    canvas.scene.set_problems([
        error("unknown_reference", Location("/graph/nodes/1", node_id="fetch"), "no such param"),
        warning("w", Location("/graph/edges/2", edge_id="e3"), "odd"),
    ])
    assert [p.message for p in canvas.scene.node_items["fetch"].problems] == ["no such param"]
    assert "no such param" in canvas.scene.node_items["fetch"].tooltip_text()
    assert canvas.scene.edge_items["e3"].problems
    canvas.scene.set_problems([])
    assert canvas.scene.node_items["fetch"].problems == []


def test_select_and_center_on_an_item(canvas: Canvas, qtbot) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(canvas.scene.selection_changed):
        assert canvas.view.center_on_item("end")
    assert canvas.scene.selected_node_ids() == ["end"]
    centre = canvas.view.mapToScene(canvas.view.viewport().rect().center())
    item_centre = canvas.scene.node_items["end"].sceneBoundingRect().center()
    assert abs(centre.x() - item_centre.x()) < 30
    assert not canvas.view.center_on_item("nope")
    canvas.scene.select_item("edge", "e2")
    assert canvas.scene.selected_edge_ids() == ["e2"]


def test_read_only_refuses_edits_and_items_do_not_move(canvas: Canvas, qtbot) -> None:  # type: ignore[no-untyped-def]
    canvas.model.read_only = True
    canvas.scene.refresh_read_only()
    with qtbot.waitSignal(canvas.scene.edit_refused):
        assert canvas.scene.add_node("action", QPointF(0, 0)) is None
    grab = canvas.scene.node_items["fetch"].sceneBoundingRect().center()
    drag(canvas.view, grab, grab + QPointF(100, 100))
    assert canvas.model.node("fetch").position == Position(200, 0)
    assert canvas.stack.count() == 0


def test_document_reset_rebuilds_items(canvas: Canvas) -> None:
    canvas.model.reset(empty_document())
    assert set(canvas.scene.node_items) == {"start", "end"}
    assert set(canvas.scene.edge_items) == {"e1"}
    assert canvas.scene.note_items == {}


def test_dragging_a_loose_node_onto_an_edge_inserts_it(canvas: Canvas) -> None:
    canvas.model.add_node(Node("loose", "action", action_id="flow.delay",
                               position=Position(900, 300)))
    before = canvas.doc_json()
    item = canvas.scene.node_items["loose"]
    on_edge = canvas.scene.edge_items["e5"].path().pointAtPercent(0.5)
    drag(canvas.view, item.sceneBoundingRect().center(), on_edge, steps=8)
    pairs = {(e.source, e.target) for e in canvas.model.edges}
    assert ("mail", "loose") in pairs and ("loose", "end") in pairs
    assert ("mail", "end") not in pairs
    assert canvas.stack.count() == 1 and canvas.stack.undoText() == "Insert loose"
    canvas.stack.undo()
    assert canvas.doc_json() == before
    assert (item.pos().x(), item.pos().y()) == (900, 300)


def test_ports_invite_a_drag_and_a_valid_target_says_so(canvas: Canvas) -> None:
    port = canvas.scene.node_items["fetch"].output_pos()
    send_mouse(canvas.view, QEvent.Type.MouseMove, port, Qt.MouseButton.NoButton,
               Qt.MouseButton.NoButton)
    assert canvas.view.viewport().cursor().shape() == Qt.CursorShape.CrossCursor
    interaction = canvas.scene.start_new_edge("fetch")
    interaction.update_at(canvas.scene.node_items["mail"].sceneBoundingRect().center())
    assert interaction.reason is None
    assert interaction._tip.text() == "connect to 'Mail'"
    interaction.cancel()


def test_escape_abandons_an_edge_drag(canvas: Canvas, qtbot) -> None:  # type: ignore[no-untyped-def]
    interaction = canvas.scene.start_new_edge("fetch")
    interaction.update_at(canvas.scene.node_items["mail"].sceneBoundingRect().center())
    canvas.view.setFocus()
    qtbot.keyClick(canvas.view, Qt.Key.Key_Escape)
    assert interaction._line.scene() is None
    send_mouse(canvas.view, QEvent.Type.MouseButtonRelease,
               canvas.scene.node_items["mail"].sceneBoundingRect().center())
    assert len(canvas.model.edges) == 5 and canvas.stack.count() == 0
