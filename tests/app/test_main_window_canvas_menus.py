"""Right-click menus on the canvas, insert/paste making room, delete keeping the chain.

Menus are built for a point of the real window's canvas and their actions
triggered, as a click on the entry would; every edit is checked to be one undo
entry that Ctrl+Z takes back whole.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QContextMenuEvent, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox

from flowdesk.app.commands import Connect
from flowdesk.app.main_window import MainWindow
from flowdesk.app.main_window.shortcut_audit import shortcut_clashes
from flowdesk.model.document import Edge
from flowdesk.model.editor.room import Box

from .test_main_window import _open, _view_point

Cancel = QMessageBox.StandardButton.Cancel


def _entries(menu: QMenu) -> dict[str, object]:
    return {a.text().replace("&", ""): a for a in menu.actions() if not a.isSeparator()}


def _menu(window: MainWindow, at: QPointF) -> dict[str, object]:
    """The entries of the menu for ``at``; the view owns the menu, so its actions live on."""
    return _entries(window.canvas_menus.menu_at(at, window.view))


def _centre(window: MainWindow, node_id: str) -> QPointF:
    return window.scene.node_items[node_id].sceneBoundingRect().center()  # type: ignore[union-attr]


def _edge_point(window: MainWindow, edge_id: str) -> QPointF:
    return window.scene.edge_items[edge_id].path().pointAtPercent(0.5)  # type: ignore[union-attr]


def _empty_point(window: MainWindow) -> QPointF:
    rect = window.scene.content_rect()  # type: ignore[union-attr]
    return QPointF(rect.right() + 300, rect.bottom() + 300)


def test_right_click_on_the_canvas_pops_up_the_menu_for_what_is_there(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, "customer-welcome")
    viewport = window.view.viewport()  # type: ignore[union-attr]
    point = _view_point(window, _centre(window, "send_welcome"))
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, viewport.mapToGlobal(point))
    QApplication.sendEvent(viewport, event)
    menu = window.canvas_menus.last_menu
    assert menu is not None and menu.isVisible()
    assert "Delete and keep the chain connected" in _entries(menu)
    assert window.scene.selected_node_ids() == ["send_welcome"]  # type: ignore[union-attr]
    menu.close()


def test_background_menu_adds_pastes_selects_and_lays_out(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, "customer-welcome")
    scene, model = window.scene, window.session.model  # type: ignore[union-attr]
    at = _empty_point(window)
    QGuiApplication.clipboard().setText("not nodes")
    menu = window.canvas_menus.menu_at(at)
    entries = _entries(menu)
    assert list(entries) == ["Add step here…", "Add note here", "Paste here", "Select all",
                             "Fit to window", "Auto-layout"]
    assert not entries["Paste here"].isEnabled()  # type: ignore[attr-defined]
    assert entries["Paste here"].toolTip() == "The clipboard holds no Flowdesk steps"  # type: ignore[attr-defined]

    entries["Add note here"].trigger()  # type: ignore[attr-defined]
    note = model.notes[-1]
    assert note.position is not None and abs(note.position.x - at.x()) <= 20

    scene.select_item("node", "send_welcome")  # type: ignore[union-attr]
    window.copy_action.trigger()
    paste = _menu(window, at)["Paste here"]
    assert paste.isEnabled()  # type: ignore[attr-defined]
    paste.trigger()  # type: ignore[attr-defined]
    pasted = model.node(scene.selected_node_ids()[0])  # type: ignore[union-attr]
    assert pasted.action_id == "email.send" and abs(pasted.position.x - at.x()) <= 20  # type: ignore[union-attr]

    _menu(window, at)["Select all"].trigger()  # type: ignore[attr-defined]
    assert len(scene.selected_node_ids()) == len(model.nodes)  # type: ignore[union-attr]

    _menu(window, at)["Add step here…"].trigger()  # type: ignore[attr-defined]
    assert window.view.quick_add.isVisible()  # type: ignore[union-attr]
    window.view.quick_add.hide()  # type: ignore[union-attr]


def test_node_menu_offers_what_applies_to_a_step(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, "customer-welcome")
    scene, model = window.scene, window.session.model  # type: ignore[union-attr]
    menu = window.canvas_menus.menu_at(_centre(window, "send_welcome"))
    entries = _entries(menu)
    assert list(entries) == ["Rename…", "Duplicate", "Cut", "Copy", "Delete",
                             "Delete and keep the chain connected", "Disconnect all"]
    entries["Rename…"].trigger()  # type: ignore[attr-defined]
    name_edit = window.inspector.node_page.name_edit
    assert window.inspector.shown == ("node", "send_welcome")
    assert QApplication.focusWidget() is name_edit and name_edit.hasSelectedText()

    count = len(model.nodes)
    _menu(window, _centre(window, "send_welcome"))["Duplicate"].trigger()  # type: ignore[attr-defined]
    assert len(model.nodes) == count + 1
    window.undo_action.trigger()

    _menu(window, _centre(window, "send_welcome"))["Disconnect all"].trigger()  # type: ignore[attr-defined]
    assert model.edges_of("send_welcome") == [] and model.has_node("send_welcome")
    window.undo_action.trigger()
    assert model.edges_of("send_welcome")

    # several selected: Align appears, Rename and the chain entry step aside
    scene.select_item("node", "send_welcome")  # type: ignore[union-attr]
    scene.node_items["notify_team"].setSelected(True)  # type: ignore[union-attr]
    menu = window.canvas_menus.menu_at(_centre(window, "notify_team"))
    entries = _entries(menu)
    assert not entries["Rename…"].isEnabled()  # type: ignore[attr-defined]
    assert not entries["Delete and keep the chain connected"].isEnabled()  # type: ignore[attr-defined]
    align = _entries(entries["Align"].menu())  # type: ignore[attr-defined]
    align["Align top"].trigger()  # type: ignore[attr-defined]
    assert model.node("send_welcome").position.y == model.node("notify_team").position.y  # type: ignore[union-attr]


def test_delete_keeping_the_chain_is_one_undo_entry(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, "customer-welcome")
    model, stack = window.session.model, window.session.undo_stack  # type: ignore[union-attr]
    before = model.document
    into = model.incoming("send_welcome")[0]
    out = model.outgoing("send_welcome")[0]
    entries = _menu(window, _centre(window, "send_welcome"))
    entries["Delete and keep the chain connected"].trigger()  # type: ignore[attr-defined]
    assert not model.has_node("send_welcome")
    bridge = model.edge(into.id)
    assert (bridge.source, bridge.target, bridge.condition) == (into.source, out.target,
                                                                into.condition)
    assert stack.count() == 1
    window.undo_action.trigger()
    assert model.document == before

    # plain Delete stays plain: the chain is cut
    window.scene.select_item("node", "send_welcome")  # type: ignore[union-attr]
    window.delete_selection_action.trigger()
    assert not model.has_edge(into.id)


def test_edge_menu_edits_inserts_reverses_and_deletes(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, "customer-welcome")
    model = window.session.model  # type: ignore[union-attr]
    edge = model.outgoing("send_welcome")[0]
    entries = _menu(window, _edge_point(window, edge.id))
    assert window.scene.selected_edge_ids() == [edge.id]  # type: ignore[union-attr]
    assert {"Edit condition…", "Insert step here…", "Delete edge"} <= set(entries)
    entries["Edit condition…"].trigger()  # type: ignore[attr-defined]
    assert window.inspector.shown == ("edge", edge.id)
    assert QApplication.focusWidget() in (window.inspector.edge_page.kind_combo,
                                          window.inspector.edge_page.expression_edit)

    entries["Insert step here…"].trigger()  # type: ignore[attr-defined]
    quick_add = window.view.quick_add  # type: ignore[union-attr]
    assert quick_add.isVisible()
    quick_add.chosen.emit("action:flow.delay", quick_add.scene_pos)
    new = next(n.id for n in model.nodes if n.action_id == "flow.delay")
    assert model.outgoing("send_welcome")[0].target == new
    window.undo_action.trigger()

    entries = _menu(window, _edge_point(window, edge.id))
    entries["Delete edge"].trigger()  # type: ignore[attr-defined]
    assert not model.has_edge(edge.id)
    window.undo_action.trigger()
    assert model.has_edge(edge.id)


def test_reverse_is_offered_only_when_the_reversed_edge_is_valid(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, "customer-welcome")
    model, scene = window.session.model, window.scene  # type: ignore[union-attr]
    into = model.incoming("send_welcome")[0]
    assert "Reverse direction" not in _entries(
        window.canvas_menus.menu_at(_edge_point(window, into.id)))  # would close a cycle
    a = scene.add_node("action", QPointF(2000, 2000), "flow.delay")  # type: ignore[union-attr]
    b = scene.add_node("action", QPointF(2400, 2000), "flow.delay")  # type: ignore[union-attr]
    assert a is not None and b is not None
    assert scene.push(Connect(model, Edge("ab", a, b)))  # type: ignore[union-attr]
    entries = _menu(window, _edge_point(window, "ab"))
    entries["Reverse direction"].trigger()  # type: ignore[attr-defined]
    turned = model.edge("ab")
    assert (turned.source, turned.target) == (b, a)
    window.undo_action.trigger()
    assert (model.edge("ab").source, model.edge("ab").target) == (a, b)


def test_inserting_on_a_tight_edge_moves_the_steps_after_it_in_one_undo(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, "customer-welcome")
    model, view, stack = window.session.model, window.view, window.session.undo_stack  # type: ignore[union-attr]
    edge = model.outgoing("send_welcome")[0]
    target = edge.target
    before = {n.id: n.position for n in model.nodes}
    new = view.add_from_key("action:flow.delay", _edge_point(window, edge.id))  # type: ignore[union-attr]
    assert new is not None and stack.count() == 1
    boxes = {n.id: Box.of(n) for n in model.nodes}
    assert not any(boxes[new].overlaps(b) for i, b in boxes.items() if i != new)
    assert model.node(target).position.x > before[target].x  # type: ignore[union-attr]
    assert model.node("send_welcome").position == before["send_welcome"]
    window.undo_action.trigger()
    assert {n.id: n.position for n in model.nodes} == before


def test_pasting_onto_a_step_pushes_it_aside_in_one_undo(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, "customer-welcome")
    scene, model, stack = window.scene, window.session.model, window.session.undo_stack  # type: ignore[union-attr]
    scene.select_item("node", "notify_team")  # type: ignore[union-attr]
    window.copy_action.trigger()
    victim = model.node("send_welcome")
    before = {n.id: n.position for n in model.nodes}
    at = QPointF(victim.position.x - 60, victim.position.y)  # type: ignore[union-attr]
    pasted = scene.paste(at)  # type: ignore[union-attr]
    assert len(pasted) == 1 and stack.count() == 1
    boxes = {n.id: Box.of(n) for n in model.nodes}
    assert not boxes[pasted[0]].overlaps(boxes["send_welcome"])
    assert model.node("send_welcome").position.x > before["send_welcome"].x  # type: ignore[union-attr]
    window.undo_action.trigger()
    assert {n.id: n.position for n in model.nodes} == before


def test_menus_on_a_published_version_offer_a_new_draft(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, "order-approval")
    latest = window.workspace.get_latest(window.session.workflow.id)  # type: ignore[union-attr]
    assert window.open_version(latest.info.id) and window.session.read_only  # type: ignore[union-attr]
    window.prompts.answer(Cancel)  # type: ignore[attr-defined]
    _menu(window, _centre(window, "fetch_order"))["Delete"].trigger()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: len(window.prompts.asked) == 1, timeout=2000)  # type: ignore[attr-defined]
    assert window.prompts.asked[0][0] == "Published version"  # type: ignore[attr-defined]
    assert window.session.model.has_node("fetch_order")  # type: ignore[union-attr]


def test_menu_entries_show_the_keys_the_edit_menu_binds(window: MainWindow) -> None:
    _open(window, "customer-welcome")
    node_entries = _menu(window, _centre(window, "send_welcome"))
    for text, window_action in (("Duplicate", window.duplicate_action),
                                ("Cut", window.cut_action), ("Copy", window.copy_action),
                                ("Delete", window.delete_selection_action)):
        entry = node_entries[text]
        assert entry.isShortcutVisibleInContextMenu(), text  # type: ignore[attr-defined]
        assert entry.shortcuts() == window_action.shortcuts(), text  # type: ignore[attr-defined]
        assert not entry.shortcut().isEmpty(), text  # type: ignore[attr-defined]
    background = _menu(window, _empty_point(window))
    assert background["Select all"].shortcuts() == window.select_all_action.shortcuts()  # type: ignore[attr-defined]
    assert background["Auto-layout"].shortcut().toString() == "Ctrl+L"  # type: ignore[attr-defined]
    assert background["Fit to window"].shortcut().toString() == "Ctrl+0"  # type: ignore[attr-defined]
    assert shortcut_clashes(window) == []  # shown in the menus, bound once: Delete still works
    window.scene.select_item("node", "send_welcome")  # type: ignore[union-attr]
    window.view.setFocus()  # type: ignore[union-attr]
    QTest.keyClick(window.view.viewport(), Qt.Key.Key_Delete)  # type: ignore[union-attr]
    assert not window.session.model.has_node("send_welcome")  # type: ignore[union-attr]
