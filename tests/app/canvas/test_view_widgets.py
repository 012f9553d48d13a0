"""View-level behaviour: zoom and fit, the overview when far out, quick-add, minimap, panning."""

from __future__ import annotations

from bench.graphs import branching_document
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPalette
from PySide6.QtWidgets import QApplication

from flowdesk.app.canvas.minimap import Minimap
from flowdesk.app.canvas.quick_add import entries
from flowdesk.app.canvas.view import OVERVIEW_ZOOM
from flowdesk.model.catalog import builtin_catalog
from flowdesk.model.document import Node, Position

from .conftest import Canvas, drag, make_canvas


def test_zoom_steps_and_fit_show_everything(canvas: Canvas) -> None:
    canvas.view.set_zoom(1.0)
    canvas.view.zoom_in()
    assert canvas.view.zoom > 1.0
    canvas.view.zoom_out()
    canvas.view.zoom_out()
    assert canvas.view.zoom < 1.0
    canvas.view.fit_all()
    visible = canvas.view.mapToScene(canvas.view.viewport().rect()).boundingRect()
    for item in canvas.scene.node_items.values():
        assert visible.contains(item.sceneBoundingRect()), item.node_id
    assert canvas.view.zoom <= 1.0


def test_far_out_the_scene_switches_to_one_overview_picture(qtbot) -> None:  # type: ignore[no-untyped-def]
    big = make_canvas(qtbot, branching_document(600).to_json())
    big.view.fit_all()
    assert big.view.zoom < OVERVIEW_ZOOM
    assert big.scene.overview_mode
    assert not big.scene.node_items["start"].isVisible()
    image = big.view.viewport().grab().toImage()
    colours = {image.pixel(x, image.height() // 2) for x in range(0, image.width(), 2)}
    assert len(colours) > 2  # the graph is drawn, not just the background
    # an edit while far out is mirrored in the picture (rebuilt lazily)
    big.scene.add_node("action", QPointF(0, 600))
    big.view.set_zoom(1.0)
    assert not big.scene.overview_mode
    assert big.scene.node_items["start"].isVisible()


def test_quick_add_searches_actions_and_node_types() -> None:
    catalog = builtin_catalog()
    keys = [k for k, _label, _icon in entries(catalog, "mail")]
    assert "action:email.send" in keys
    assert "type:condition" in [k for k, _l, _i in entries(catalog, "condition")]
    assert entries(catalog, "zzzz-nothing") == []


def test_quick_add_popup_adds_the_chosen_step(canvas: Canvas, qtbot) -> None:  # type: ignore[no-untyped-def]
    canvas.view.open_quick_add(canvas.view.mapFromScene(QPointF(300, 300)))
    popup = canvas.view.quick_add
    assert popup.isVisible()
    qtbot.keyClicks(popup.search, "delay")
    assert popup.list.count() >= 1
    popup.accept_current()
    added = [n for n in canvas.model.nodes if n.action_id == "flow.delay"]
    assert len(added) == 1
    assert abs(added[0].position.x + 104 - 300) <= 20  # centred where the popup opened


def test_middle_drag_pans_the_view(canvas: Canvas) -> None:
    before = canvas.view.mapToScene(canvas.view.viewport().rect().center())
    drag(canvas.view, QPointF(500, 0), QPointF(400, 0), button=Qt.MouseButton.MiddleButton)
    after = canvas.view.mapToScene(canvas.view.viewport().rect().center())
    assert after.x() - before.x() > 50
    assert canvas.stack.count() == 0


def test_minimap_draws_nodes_and_centres_on_click(canvas: Canvas, qtbot) -> None:  # type: ignore[no-untyped-def]
    minimap = Minimap(canvas.view)
    qtbot.addWidget(minimap)
    minimap.resize(220, 140)
    minimap.rebuild()
    image = minimap.grab().toImage()
    accent = canvas.scene.colours.accent("end").rgb()
    assert any(image.pixel(x, y) == accent for x in range(image.width())
               for y in range(image.height()))
    canvas.view.fit_all()
    target = minimap.scene_point(QPointF(10, 70))
    minimap.mousePressEvent(_press(QPointF(10, 70)))
    centre = canvas.view.mapToScene(canvas.view.viewport().rect().center())
    assert abs(centre.x() - target.x()) < 600
    assert not canvas.view.is_fitted  # a resize now keeps the place the user picked


def _press(pos: QPointF) -> QMouseEvent:
    return QMouseEvent(QEvent.Type.MouseButtonPress, pos, pos, Qt.MouseButton.LeftButton,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)


def test_snap_to_grid_can_be_turned_off(canvas: Canvas) -> None:
    canvas.scene.snap_to_grid = False
    canvas.model.add_node(Node("free", "action", position=Position(0, 400)))
    grab = canvas.scene.node_items["free"].sceneBoundingRect().center()
    drag(canvas.view, grab, grab + QPointF(33, 7))
    assert canvas.model.node("free").position == Position(33, 7 + 400)


def test_dark_palette_gives_dark_canvas_colours(canvas: Canvas) -> None:
    dark = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#2b2b2b"), (QPalette.ColorRole.Base, "#1e1e1e"),
                         (QPalette.ColorRole.Text, "#e6e6e6")):
        dark.setColor(role, QColor(colour))
    canvas.scene.set_palette_colours(dark)
    colours = canvas.scene.colours
    assert colours.dark
    assert colours.background.lightness() < 80 and colours.text.lightness() > 180
    assert canvas.scene.node_items["fetch"]._colours is colours


def test_edge_labels_are_shortened_only_where_they_would_cover_a_node(canvas: Canvas) -> None:
    # e2 runs straight between two close nodes: the full "onSuccess" would cover them
    canvas.model.move_nodes({"check": Position(450, -10)})
    assert canvas.scene.edge_items["e2"].label == "✓"
    # e3 climbs from the condition to "mail": its middle is in free space
    assert canvas.scene.edge_items["e3"].label.startswith("steps.fetch")


def test_an_edge_dropped_in_free_space_adds_a_connected_step(canvas: Canvas, qtbot) -> None:  # type: ignore[no-untyped-def]
    start = canvas.scene.node_items["mail"].output_pos()
    drop = start + QPointF(200, 150)
    drag(canvas.view, start, drop)
    popup = canvas.view.quick_add
    assert popup.isVisible()
    qtbot.keyClicks(popup.search, "send email")
    popup.accept_current()
    new = [n for n in canvas.model.nodes if n.action_id == "email.send" and n.id != "mail"]
    assert len(new) == 1
    assert [(e.source, e.target) for e in canvas.model.edges if e.target == new[0].id] == [
        ("mail", new[0].id)]
    item = canvas.scene.node_items[new[0].id]
    assert abs(item.input_pos().x() - drop.x()) <= 20 and abs(item.input_pos().y() - drop.y()) <= 20
    assert canvas.stack.count() == 1
    canvas.stack.undo()
    assert not canvas.model.has_node(new[0].id)


def test_f_fits_the_view_but_not_while_typing_in_quick_add(canvas: Canvas, qtbot) -> None:  # type: ignore[no-untyped-def]
    canvas.view.set_zoom(2.0)
    canvas.view.setFocus()
    qtbot.keyClick(canvas.view, Qt.Key.Key_F)
    assert canvas.view.zoom < 1.0
    canvas.view.set_zoom(2.0)
    canvas.view.open_quick_add(canvas.view.mapFromScene(QPointF(300, 300)))
    qtbot.keyClicks(canvas.view.quick_add.search, "fetch")
    assert canvas.view.quick_add.search.text() == "fetch"
    assert canvas.view.zoom == 2.0


def test_the_canvas_follows_an_application_palette_change(canvas: Canvas, qtbot) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    old = app.palette()
    dark = QPalette(old)
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Window, QColor("#2b2b2b"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#eeeeee"))
    try:
        app.setPalette(dark)
        qtbot.waitUntil(lambda: canvas.scene.colours.dark, timeout=2000)
    finally:
        app.setPalette(old)
    qtbot.waitUntil(lambda: not canvas.scene.colours.dark, timeout=2000)
