"""The real main window, driven the way an author uses it (offscreen, temp workspace)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QKeySequence, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from flowdesk.app.browser import delete_consequences
from flowdesk.app.main_window import MainWindow
from flowdesk.app.panels import NodeSpec
from flowdesk.app.session.workspace import example_document
from flowdesk.model.document import Expression

Yes = QMessageBox.StandardButton.Yes
Cancel = QMessageBox.StandardButton.Cancel
Discard = QMessageBox.StandardButton.Discard


def _open(window: MainWindow, key: str) -> None:
    summary = next(s for s in window.workspace.list_workflows() if s.workflow.key == key)
    assert window.open_workflow(summary.workflow.id)


def _view_point(window: MainWindow, scene_pos: QPointF) -> QPoint:
    assert window.view is not None
    return window.view.mapFromScene(scene_pos)


def _drag(qtbot, window: MainWindow, start: QPointF, end: QPointF) -> None:  # type: ignore[no-untyped-def]
    viewport = window.view.viewport()  # type: ignore[union-attr]
    a, b = _view_point(window, start), _view_point(window, end)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    mid = QPoint((a.x() + b.x()) // 2, (a.y() + b.y()) // 2)
    QTest.mouseMove(viewport, mid)
    QTest.mouseMove(viewport, b)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)


def test_first_run_shows_the_branching_example(window: MainWindow) -> None:
    assert window.restore_last_workflow()
    session = window.session
    assert session is not None and session.workflow.key == "order-approval"
    assert session.version.is_draft
    assert window.version_bar.chip.text() == "Draft · from v1"
    example = example_document("order-approval.json")
    assert session.model.document.graph == example.graph
    assert set(window.scene.node_items) == {n.id for n in example.graph.nodes}  # type: ignore[union-attr]
    rows = window.browser.list_model.summaries()
    assert {s.workflow.key for s in rows} == {"order-approval", "customer-welcome"}
    versions = window.history_panel.versions()
    assert [v.is_draft for v in versions] == [True, False]
    assert window.problems_panel.summary_label.text() == "No problems"


def test_create_a_workflow_and_build_it_from_the_palette(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.browser.ask_details = lambda **_kw: ("invoice-reminder", "Invoice reminder", None)
    window.new_workflow_action.trigger()
    session = window.session
    assert session is not None and session.workflow.key == "invoice-reminder"
    assert {n.id for n in session.model.nodes} == {"start", "end"}
    assert window.browser.selected_summary().workflow.key == "invoice-reminder"

    window.palette.activate(NodeSpec("action", "email.send", "Send email"))
    new = [n for n in session.model.nodes if n.type == "action"]
    assert len(new) == 1 and new[0].action_id == "email.send"
    node_id = new[0].id
    # the new node is selected and shown in the inspector
    assert window.scene.selected_node_ids() == [node_id]  # type: ignore[union-attr]
    assert window.inspector.shown == ("node", node_id)

    window.undo_action.trigger()
    assert not session.model.has_node(node_id)
    window.redo_action.trigger()
    assert session.model.has_node(node_id)


def test_search_in_the_palette_and_the_browser(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.palette.search_edit.setText("mail")
    assert [s.action_id for s in window.palette.visible_specs()] == ["email.send"]
    window.palette.search_edit.setText("")
    assert len(window.palette.visible_specs()) == len(window.workspace.catalog) + 4

    window.browser.search_edit.setText("welcome")
    qtbot.waitUntil(lambda: window.browser.list_model.rowCount() == 1, timeout=2000)
    assert window.browser.list_model.summary(0).workflow.key == "customer-welcome"


def test_connect_two_nodes_by_dragging_from_the_output_port(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, "customer-welcome")
    scene, model = window.scene, window.session.model  # type: ignore[union-attr]
    window.view.set_zoom(1.0)  # type: ignore[union-attr]
    end = scene.node_items["end"]
    before = {e.id for e in model.edges}
    new_id = window.add_node(NodeSpec("condition", title="Condition"))
    assert new_id is not None
    window.view.centerOn(scene.node_items[new_id])  # type: ignore[union-attr]
    source = scene.node_items[new_id]
    _drag(qtbot, window, source.output_pos(), end.pos() + QPointF(20, 15))
    added = [e for e in model.edges if e.id not in before]
    assert [(e.source, e.target) for e in added] == [(new_id, "end")]
    window.undo_action.trigger()
    assert {e.id for e in model.edges} == before


def test_move_is_one_undo_entry(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, "customer-welcome")
    scene, session = window.scene, window.session
    window.view.set_zoom(1.0)  # type: ignore[union-attr]
    item = scene.node_items["send_welcome"]  # type: ignore[union-attr]
    window.view.centerOn(item)  # type: ignore[union-attr]
    before = session.model.node("send_welcome").position  # type: ignore[union-attr]
    grab = item.pos() + QPointF(40, 20)
    _drag(qtbot, window, grab, grab + QPointF(100, 80))
    after = session.model.node("send_welcome").position  # type: ignore[union-attr]
    assert after != before and after.y > before.y
    assert session.undo_stack.count() == 1  # type: ignore[union-attr]
    window.undo_action.trigger()
    assert session.model.node("send_welcome").position == before  # type: ignore[union-attr]


def test_delete_copy_paste_and_duplicate(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, "customer-welcome")
    scene, model = window.scene, window.session.model  # type: ignore[union-attr]
    scene.select_item("node", "send_welcome")  # type: ignore[union-attr]
    window.copy_action.trigger()
    window.paste_action.trigger()
    pasted = scene.selected_node_ids()  # type: ignore[union-attr]
    assert len(pasted) == 1 and pasted[0] != "send_welcome"
    assert model.node(pasted[0]).action_id == "email.send"
    window.duplicate_action.trigger()
    assert len(model.nodes) == 7

    scene.select_item("node", "send_welcome")  # type: ignore[union-attr]
    window.delete_selection_action.trigger()
    assert not model.has_node("send_welcome")
    assert all("send_welcome" not in (e.source, e.target) for e in model.edges)
    window.undo_action.trigger()
    assert model.has_node("send_welcome") and model.has_edge("e2") and model.has_edge("e3")


def test_edit_history_lists_every_edit(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, "customer-welcome")
    window.palette.activate(NodeSpec("end", title="End"))
    window.palette.activate(NodeSpec("action", "flow.delay", "Delay"))
    window.undo_history_action.trigger()
    assert window.undo_dock.isVisible()
    undo_model = window.undo_view.model()
    # "Opened" plus two edits
    assert undo_model.rowCount() == 3


def test_inspector_renames_a_node_as_one_undo_entry(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, "customer-welcome")
    window.scene.select_item("node", "notify_team")  # type: ignore[union-attr]
    name_edit = window.inspector.node_page.name_edit
    assert name_edit.text() == "Tell the team"
    name_edit.selectAll()
    QTest.keyClicks(name_edit, "Ping ops")
    model = window.session.model  # type: ignore[union-attr]
    assert model.node("notify_team").name == "Ping ops"
    assert window.session.undo_stack.count() == 1  # type: ignore[union-attr]
    window.undo_action.trigger()
    assert model.node("notify_team").name == "Tell the team"
    assert name_edit.text() == "Tell the team"


def test_inspector_config_json_is_checked_before_it_is_applied(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, "customer-welcome")
    window.scene.select_item("node", "notify_team")  # type: ignore[union-attr]
    editor = window.inspector.node_page.config_editor.json_editor
    model = window.session.model  # type: ignore[union-attr]
    editor.text_edit.setPlainText('{"channel": "#ops", "text": ')
    assert editor.parse_error() is not None
    assert model.node("notify_team").config["channel"] == "#customers"
    editor.text_edit.setPlainText('{"channel": "#ops"}')
    assert model.node("notify_team").config == {"channel": "#ops"}
    # valid JSON, but the action needs a text: said under the editor, with the pointer
    assert "/text</code>: required" in editor.status.text()


def test_edge_condition_editor_checks_cel_as_you_type(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, "order-approval")
    window.scene.select_item("edge", "e4")  # type: ignore[union-attr]
    page = window.inspector.edge_page
    assert window.inspector.shown == ("edge", "e4")
    assert page.kind_combo.currentData() == "expression"
    page.expression_edit.clear()
    QTest.keyClicks(page.expression_edit, "steps.fetch_order.output.body.total >")
    assert "ends too early" in page.expression_status.text()
    QTest.keyClicks(page.expression_edit, " 5")
    assert "Valid CEL" in page.expression_status.text()
    model = window.session.model  # type: ignore[union-attr]
    assert model.edge("e4").condition == Expression("steps.fetch_order.output.body.total > 5")
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("otherwise"))
    page.kind_combo.activated.emit(page.kind_combo.currentIndex())
    assert model.edge("e4").condition == "otherwise"


def test_problems_panel_follows_edits_and_navigates(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, "customer-welcome")
    scene = window.scene
    scene.select_item("edge", "e4")  # type: ignore[union-attr]
    window.delete_selection_action.trigger()
    qtbot.waitUntil(lambda: window.problems_panel.tree.topLevelItemCount() > 0, timeout=3000)
    panel = window.problems_panel
    assert "error" in panel.summary_label.text()
    row = next(
        i for i, p in enumerate(panel.problems()) if p.location.node_id == "notify_team"
    )
    item = panel.item_for(row)
    scene.clearSelection()  # type: ignore[union-attr]
    panel.tree.itemActivated.emit(item, 0)
    assert scene.selected_node_ids() == ["notify_team"]  # type: ignore[union-attr]
    # the same problem is a badge on the canvas item
    assert scene.node_items["notify_team"].problems  # type: ignore[union-attr]
    # ...and the view was scrolled so that the item is in sight
    visible = window.view.mapToScene(window.view.viewport().rect()).boundingRect()  # type: ignore[union-attr]
    assert visible.contains(scene.node_items["notify_team"].sceneBoundingRect().center())  # type: ignore[union-attr]


def test_save_publish_and_reopen_read_only(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, "order-approval")
    session = window.session
    window.scene.select_item("node", "is_large")  # type: ignore[union-attr]
    window.update_node("is_large", "name", "Big order?")
    assert session.is_dirty  # type: ignore[union-attr]
    QTest.keySequence(window, QKeySequence(QKeySequence.StandardKey.Save))
    assert not session.is_dirty  # type: ignore[union-attr]
    assert window.version_bar.state_label.text() == "✓ Saved"

    window.prompts.answer(Yes)  # type: ignore[attr-defined]
    assert window.publish()
    assert window.prompts.asked[-1][0] == "Publish"  # type: ignore[attr-defined]
    assert session.read_only and session.version.version == 2  # type: ignore[union-attr]
    assert "v2 · published · latest" in window.version_bar.chip.text()
    assert not window.save_action.isEnabled()
    labels = [(v.version, v.is_latest) for v in window.history_panel.versions()]
    assert labels == [(2, True), (1, False)]

    # open v1 from the history: read-only, older
    v1 = window.history_panel.versions()[1]
    window.history_panel.select_version(v1.id)
    window.history_panel.open_button.click()
    assert window.session.version.id == v1.id and window.session.read_only  # type: ignore[union-attr]
    window.scene.select_item("node", "is_large")  # type: ignore[union-attr]
    assert window.inspector.node_page.name_edit.isReadOnly()
    assert window.version_bar.new_draft_button.isVisibleTo(window)

    # trying to edit offers a new draft; accepting opens it
    window.prompts.answer(Yes)  # type: ignore[attr-defined]
    window.delete_selection_action.trigger()
    qtbot.waitUntil(lambda: not window.session.read_only, timeout=2000)  # type: ignore[union-attr]
    assert window.prompts.asked[-1][0] == "Published version"  # type: ignore[attr-defined]
    draft = window.session
    assert draft.version.is_draft  # type: ignore[union-attr]
    assert draft.model.node("is_large").name == "Large order?"  # a copy of v1  # type: ignore[union-attr]
    assert draft.model.has_node("is_large")  # type: ignore[union-attr]


def test_publish_refused_lists_the_problems(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, "customer-welcome")
    window.scene.select_item("edge", "e2")  # type: ignore[union-attr]
    window.delete_selection_action.trigger()
    assert not window.publish()
    title, text, informative = window.prompts.asked[-1]  # type: ignore[attr-defined]
    assert title == "Cannot publish"
    # plain words with the steps by name; ids, codes and pointers behind "Show Details"
    assert "• Send welcome e-mail: Cannot be reached from “start”" in informative
    assert "send_welcome" not in informative and "/graph/" not in informative
    details = window.prompts.details[-1]  # type: ignore[attr-defined]
    assert "node send_welcome /graph/nodes/" in details and "graph.unreachable" in details
    assert window.session.version.is_draft  # type: ignore[union-attr]


def test_make_latest_from_history(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, "order-approval")
    window.prompts.answer(Yes)  # type: ignore[attr-defined]
    assert window.publish()
    v1 = window.history_panel.versions()[1]
    assert not v1.is_latest
    window.history_panel.select_version(v1.id)
    assert window.history_panel.latest_button.isEnabled()
    window.history_panel.latest_button.click()
    assert [v.is_latest for v in window.history_panel.versions()] == [False, True]
    assert "latest" not in window.version_bar.chip.text()


def test_autosave_then_a_new_window_returns_the_draft(
    make_window, workspace_path: Path, app_settings, qtbot  # type: ignore[no-untyped-def]
) -> None:
    first = make_window(workspace_path)
    _open(first, "customer-welcome")
    session = first.session
    node_id = first.add_node(NodeSpec("action", "flow.delay", "Delay"))
    assert node_id is not None
    qtbot.waitUntil(lambda: not session.is_dirty, timeout=3000)
    # the process "dies": no close, no flush; a second window opens the same file
    second = make_window(workspace_path)
    assert second.restore_last_workflow()
    assert second.session.workflow.key == "customer-welcome"  # type: ignore[union-attr]
    assert second.session.model.has_node(node_id)  # type: ignore[union-attr]
    assert second.session.version.id == session.version.id  # type: ignore[union-attr]


def test_closing_never_drops_unapplied_text_silently(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, "customer-welcome")
    window.scene.select_item("node", "notify_team")  # type: ignore[union-attr]
    window.inspector.node_page.config_editor.json_editor.text_edit.setPlainText('{"channel": ')
    window.prompts.answer(Cancel)  # type: ignore[attr-defined]
    assert not window.close()
    assert window.prompts.asked[-1][0] == "Unsaved changes"  # type: ignore[attr-defined]
    assert "not valid JSON" in window.prompts.asked[-1][2]  # type: ignore[attr-defined]
    assert window.session is not None
    window.prompts.answer(Discard)  # type: ignore[attr-defined]
    assert window.close()


def test_window_state_and_recent_workflows_are_remembered(
    make_window, workspace_path: Path, app_settings, qtbot  # type: ignore[no-untyped-def]
) -> None:
    first = make_window(workspace_path)
    _open(first, "customer-welcome")
    first.problems_dock.hide()
    geometry = first.saveGeometry()
    assert first.close()
    # (the offscreen screen is too small to compare sizes: Qt fits a restored window to it)
    assert app_settings.window_geometry() == geometry
    recents = app_settings.recent_workflows(str(workspace_path))
    assert recents[0].title == "Customer welcome"
    second = make_window(workspace_path)
    assert second.problems_dock.isHidden()
    assert second.restore_last_workflow()
    assert second.session.workflow.key == "customer-welcome"  # type: ignore[union-attr]


def test_theme_choice_is_remembered_and_repaints_the_canvas(window: MainWindow, app_settings) -> None:  # type: ignore[no-untyped-def]
    _open(window, "customer-welcome")
    try:
        window.theme_actions["dark"].trigger()
        assert app_settings.theme() == "dark"
        assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128
        assert window.scene.colours.dark  # type: ignore[union-attr]
    finally:
        window.theme_actions["system"].trigger()
    assert app_settings.theme() == "system"
    assert not window.scene.colours.dark  # type: ignore[union-attr]


def test_keyboard_shortcuts_dialog_uses_platform_keys(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = window.show_shortcuts()
    qtbot.addWidget(dialog)
    rows = {text: keys for _group, text, keys in dialog.rows}
    save = QKeySequence(QKeySequence.StandardKey.Save).toString(
        QKeySequence.SequenceFormat.NativeText
    )
    assert rows["Save draft"] == save
    assert "Undo" in rows and "Copy" in rows and "Fit all" in rows


def test_delete_workflow_says_what_is_lost(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, "order-approval")
    asked: list[str] = []

    def confirm(summary, versions):  # type: ignore[no-untyped-def]
        asked.append(delete_consequences(summary, versions))
        return True

    window.browser.ask_delete = confirm
    wf_id = window.session.workflow.id  # type: ignore[union-attr]
    # a workflow with published versions must be archived first: the storage refuses
    window.browser.set_status(wf_id, "Archived")
    assert window.browser.delete_workflow(wf_id)
    assert "1 published version (v1)" in asked[0]
    assert "draft" in asked[0]
    assert window.session is None
    assert [s.workflow.key for s in window.browser.list_model.summaries()] == ["customer-welcome"]


def test_inspector_form_edits_the_action_config(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, "customer-welcome")
    window.scene.select_item("node", "notify_team")  # type: ignore[union-attr]
    config = window.inspector.node_page.config_editor
    form = config.form
    assert form is not None and form.is_valid()
    line = form.field_at("/channel").editor.line
    assert line.text() == "#customers"
    line.selectAll()
    QTest.keyClicks(line, "#team")
    model = window.session.model  # type: ignore[union-attr]
    assert model.node("notify_team").config["channel"] == "#team"
    # the JSON view follows, and typing is one undo entry
    assert '"#team"' in config.json_editor.text_edit.toPlainText()
    assert window.session.undo_stack.count() == 1  # type: ignore[union-attr]
    window.undo_action.trigger()
    assert model.node("notify_team").config["channel"] == "#customers"
    assert line.text() == "#customers"
    # another action gets its own form
    window.scene.select_item("node", "send_welcome")  # type: ignore[union-attr]
    assert config.form is not form and config.form.field_at("/subject") is not None


def test_dragging_a_node_of_a_published_version_offers_a_draft(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, "order-approval")
    latest = window.workspace.get_latest(window.session.workflow.id)  # type: ignore[union-attr]
    assert window.open_version(latest.info.id) and window.session.read_only  # type: ignore[union-attr]
    window.view.set_zoom(1.0)  # type: ignore[union-attr]
    item = window.scene.node_items["fetch_order"]  # type: ignore[union-attr]
    window.view.centerOn(item)  # type: ignore[union-attr]
    before = window.session.model.node("fetch_order").position  # type: ignore[union-attr]
    window.prompts.answer(Cancel)  # type: ignore[attr-defined]
    grab = item.pos() + QPointF(40, 20)
    _drag(qtbot, window, grab, grab + QPointF(120, 60))
    qtbot.waitUntil(lambda: len(window.prompts.asked) == 1, timeout=2000)  # type: ignore[attr-defined]
    assert window.prompts.asked[0][0] == "Published version"  # type: ignore[attr-defined]
    assert window.session.read_only  # declined: still the published version  # type: ignore[union-attr]
    assert window.session.model.node("fetch_order").position == before  # type: ignore[union-attr]


def test_editing_a_published_version_offers_the_existing_draft_first(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, "order-approval")
    draft_id = window.session.version.id  # type: ignore[union-attr]
    window.scene.select_item("node", "fetch_order")  # type: ignore[union-attr]
    window.update_node("fetch_order", "name", "Draft edit")
    latest = window.workspace.get_latest(window.session.workflow.id)  # type: ignore[union-attr]
    assert window.open_version(latest.info.id)
    window.prompts.answer(QMessageBox.StandardButton.Open)  # type: ignore[attr-defined]
    window.scene.select_item("node", "fetch_order")  # type: ignore[union-attr]
    window.delete_selection_action.trigger()
    qtbot.waitUntil(lambda: not window.session.read_only, timeout=2000)  # type: ignore[union-attr]
    assert "already has a draft" in window.prompts.asked[-1][1]  # type: ignore[attr-defined]
    # the same draft, with its edit: nothing was replaced
    assert window.session.version.id == draft_id  # type: ignore[union-attr]
    assert window.session.model.node("fetch_order").name == "Draft edit"  # type: ignore[union-attr]


def test_new_draft_from_history_replaces_the_draft_only_when_confirmed(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, "order-approval")
    old_draft = window.session.version.id  # type: ignore[union-attr]
    v1 = window.history_panel.versions()[1]
    window.history_panel.select_version(v1.id)
    window.prompts.answer(Cancel)  # type: ignore[attr-defined]
    window.history_panel.draft_button.click()
    assert window.prompts.asked[-1][0] == "Replace the draft?"  # type: ignore[attr-defined]
    assert window.session.version.id == old_draft  # type: ignore[union-attr]
    window.history_panel.select_version(v1.id)
    window.prompts.answer(Yes)  # type: ignore[attr-defined]
    window.history_panel.draft_button.click()
    new = window.session.version  # type: ignore[union-attr]
    assert new.is_draft and new.id != old_draft and new.based_on_id == v1.id
    assert [v.id for v in window.history_panel.versions() if v.is_draft] == [new.id]


def test_open_recent_lists_what_was_opened(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, "customer-welcome")
    _open(window, "order-approval")
    window.recent_menu.aboutToShow.emit()
    titles = [a.text() for a in window.recent_menu.actions()]
    assert titles == ["Order approval", "Customer welcome"]
    window.recent_menu.actions()[1].trigger()
    assert window.session.workflow.key == "customer-welcome"  # type: ignore[union-attr]


def test_export_the_canvas_as_png_and_svg(window: MainWindow, tmp_path: Path) -> None:
    _open(window, "order-approval")
    window.scene.select_item("node", "fetch_order")  # type: ignore[union-attr]
    png = window.export_image(str(tmp_path / "canvas.png"))
    svg = window.export_image(str(tmp_path / "canvas.svg"))
    assert png is not None and svg is not None
    image = QImage(str(png))
    assert image.width() > 400 and image.height() > 100
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7)
               for y in range(0, image.height(), 7)}
    assert len(colours) > 20  # a drawing, not a blank page
    assert "<svg" in svg.read_text(encoding="utf-8")
    # the selection the author had is still there after the export
    assert window.scene.selected_node_ids() == ["fetch_order"]  # type: ignore[union-attr]


def test_export_to_an_unknown_format_says_why(window: MainWindow, tmp_path: Path) -> None:
    _open(window, "order-approval")
    assert window.export_image(str(tmp_path / "canvas.bmp")) is None
    title, text, _ = window.prompts.asked[-1]  # type: ignore[attr-defined]
    assert title == "Cannot export the image" and "canvas.bmp" in text and ".png" in text
