"""What the window shows when there is nothing to show: it says what to do next."""

from __future__ import annotations

from PySide6.QtCore import Qt

from flowdesk.app.commands.graph_commands import AddNode
from flowdesk.app.main_window import MainWindow
from flowdesk.model.document import Node, Position


def test_with_no_workflow_open_the_centre_offers_new_examples_and_pull(
        window: MainWindow, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = window.empty_state
    assert window.canvas_stack.currentWidget() is page
    assert page.new_button.isVisible() and page.pull_button.isVisible()
    names = sorted(b.text() for b in page.example_buttons)
    assert names == ["Open the example “Customer welcome”", "Open the example “Order approval”"]

    asked: list[bool] = []
    monkeypatch.setattr(window.browser, "create_workflow", lambda: asked.append(True))
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert asked == [True]

    order = next(b for b in page.example_buttons if "Order approval" in b.text())
    qtbot.mouseClick(order, Qt.MouseButton.LeftButton)
    assert window.session is not None and window.session.workflow.key == "order-approval"
    assert window.canvas_stack.currentWidget() is window.view


def test_a_new_workflow_shows_how_to_add_its_first_step_until_it_has_one(
        window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    workflow = window.workspace.create_workflow("blank", "Blank")
    assert window.open_workflow(workflow.id)
    hint = window.empty_canvas_hint
    assert hint is not None
    qtbot.waitUntil(lambda: hint.label.isVisible())
    assert "no steps yet" in hint.label.text()
    viewport = window.view.viewport()  # type: ignore[union-attr]
    assert viewport.rect().contains(hint.label.geometry().center())

    session = window.session
    assert session is not None
    session.undo_stack.push(AddNode(session.model, Node(id="first", type="action",
                                                        action_id="http.request",
                                                        position=Position(0, 0))))
    assert not hint.label.isVisible()
    session.undo_stack.undo()
    assert hint.label.isVisible()


def test_the_example_workflows_show_no_empty_canvas_hint(window: MainWindow) -> None:
    assert window.restore_last_workflow()
    assert window.empty_canvas_hint is not None
    assert not window.empty_canvas_hint.label.isVisible()


def test_pull_on_the_welcome_page_sets_up_a_remote_first_when_there_is_none(
        window: MainWindow, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    controller = window.remote.controller
    assert not controller.pull_action.isEnabled()  # no remote profile yet
    opened: list[bool] = []
    monkeypatch.setattr(controller, "edit_remotes", lambda: opened.append(True) or False)
    pulled: list[bool] = []
    controller.pull_action.triggered.connect(lambda: pulled.append(True))
    qtbot.mouseClick(window.empty_state.pull_button, Qt.MouseButton.LeftButton)
    assert opened == [True] and pulled == []  # the author cancelled the set-up: no pull
