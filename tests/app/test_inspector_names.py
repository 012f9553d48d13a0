"""The inspector names things as the canvas does: an edge by the steps it joins."""

from __future__ import annotations

from flowdesk.app.main_window import MainWindow


def test_an_edge_is_headed_by_its_steps_and_a_node_by_its_name(window: MainWindow) -> None:
    summary = next(s for s in window.workspace.list_workflows()
                   if s.workflow.key == "order-approval")
    assert window.open_workflow(summary.workflow.id)
    window.scene.select_item("edge", "e15")  # type: ignore[union-attr]
    page = window.inspector.edge_page
    assert page.heading.text() == "Large order? → Flag for review"
    assert "e15" in page.route_label.text()  # the id stays available, quietly
    window.scene.select_item("node", "is_large")  # type: ignore[union-attr]
    node_page = window.inspector.node_page
    assert node_page.heading.text() == "Large order?"
    assert (node_page.type_label.text(), "is_large" in node_page.id_label.text()) == (
        "Condition", True)


def test_a_step_without_configuration_keeps_its_rows_together_at_the_top(
        window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    summary = next(s for s in window.workspace.list_workflows()
                   if s.workflow.key == "order-approval")
    assert window.open_workflow(summary.workflow.id)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.scene.select_item("node", "is_large")  # type: ignore[union-attr]
    page = window.inspector.node_page
    qtbot.waitUntil(lambda: page.name_edit.isVisible(), timeout=2000)
    assert page.height() > 300  # the dock has room to spare...
    # ...and the name field still sits right under the heading, not spread down the dock
    gap = page.name_edit.geometry().top() - page.heading.geometry().bottom()
    assert gap < 3 * page.name_edit.height(), gap
