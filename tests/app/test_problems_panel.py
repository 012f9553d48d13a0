"""The problems panel speaks plain words: steps and edges by name, details on request."""

from __future__ import annotations

from flowdesk.app.main_window import MainWindow
from flowdesk.app.panels.problems_panel import ProblemsPanel
from flowdesk.model.document import Edge, Expression, Graph, Node
from flowdesk.model.problems import Location, error


def _open(window: MainWindow, key: str) -> None:
    summary = next(s for s in window.workspace.list_workflows() if s.workflow.key == key)
    assert window.open_workflow(summary.workflow.id)


def _row_of(panel: ProblemsPanel, edge_id: str) -> int:
    return next(i for i, p in enumerate(panel.problems()) if p.location.edge_id == edge_id)


def test_an_edge_problem_names_the_steps_it_joins(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, "order-approval")
    window.set_edge_condition("e15", None)  # "always" may not leave a condition
    panel = window.problems_panel
    qtbot.waitUntil(lambda: any(p.location.edge_id == "e15" for p in panel.problems()),
                    timeout=3000)
    item = panel.item_for(_row_of(panel, "e15"))
    assert item is not None
    assert item.text(1) == "Large order? -> Flag for review"
    assert "e15" not in item.text(0)
    assert item.text(0).startswith("Leaves a condition node with condition 'always'")
    # code and pointer are details: hidden until asked for, and in the tooltips
    assert panel.tree.isColumnHidden(2) and panel.tree.isColumnHidden(3)
    assert "edge e15" in item.toolTip(1)
    panel.details_check.click()
    assert not panel.tree.isColumnHidden(2) and not panel.tree.isColumnHidden(3)
    assert item.text(2) == "edge.condition_not_allowed"
    assert item.text(3).startswith("edge e15 /graph/edges/")


def test_parallel_edges_are_told_apart_by_their_condition(qtbot) -> None:  # type: ignore[no-untyped-def]
    graph = Graph(
        nodes=(Node("is_large", "condition", name="Large order?"),
               Node("send", "action", name="Send email", action_id="email.send")),
        edges=(Edge("e4", "is_large", "send", Expression("params.total > 1000")),
               Edge("e5", "is_large", "send", "otherwise")),
    )
    panel = ProblemsPanel()
    qtbot.addWidget(panel)
    panel.set_problems([error("edge.duplicate", Location("/graph/edges/1", edge_id="e5"),
                              "edge 'e5' repeats edge 'e4'")], graph)
    item = panel.item_for(0)
    assert item is not None
    assert item.text(1) == "Large order? -> Send email (otherwise)"
    assert item.text(0) == "Repeats edge “Large order? -> Send email (params.total > 1000)”"


def test_without_a_graph_the_ids_still_show(qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = ProblemsPanel()
    qtbot.addWidget(panel)
    panel.set_problems([error("graph.unreachable", Location("/graph/nodes/2", node_id="send"),
                              "node 'send' cannot be reached from 'start'")])
    item = panel.item_for(0)
    assert item is not None and item.text(1) == "send"
    assert item.text(0) == "Cannot be reached from 'start'"
