"""Hovering a step or a connection: names and plain words, never ids or pointers."""

from __future__ import annotations

import copy

from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QGraphicsSceneHelpEvent, QToolTip
from tests.app.canvas.conftest import GRAPH, Canvas, make_canvas

from flowdesk.model.validation import validate


def _broken_canvas(qtbot) -> Canvas:  # type: ignore[no-untyped-def]
    """Mail reads its own output before it runs, and Big? gets a second "otherwise" edge."""
    data = copy.deepcopy(GRAPH)
    edges = data["graph"]["edges"]
    edges[2]["condition"] = {"expression": "steps.mail.output.total > 100"}
    edges.append({"id": "e6", "source": "check", "target": "mail", "condition": "otherwise"})
    canvas = make_canvas(qtbot, data)
    canvas.scene.set_problems(validate(canvas.model.document))
    return canvas


def _hover_text(canvas: Canvas, scene_pos: QPointF) -> str:
    """What the scene's help event puts in the tooltip at a scene position."""
    event = QGraphicsSceneHelpEvent()
    event.setScenePos(scene_pos)
    event.setScreenPos(canvas.view.viewport().mapToGlobal(
        canvas.view.mapFromScene(scene_pos)))
    canvas.scene.helpEvent(event)
    return QToolTip.text()


def test_a_step_tooltip_names_it_and_its_problems(qtbot) -> None:  # type: ignore[no-untyped-def]
    canvas = _broken_canvas(qtbot)
    mail = canvas.scene.node_items["mail"]
    text = _hover_text(canvas, mail.sceneBoundingRect().center())
    lines = text.splitlines()
    assert lines[0] == "Mail — action · Send email"
    assert "Error: To: required" in lines
    assert lines[-1] == "In expressions: steps.mail"
    problem_lines = [line for line in lines if line.startswith(("Error", "Warning"))]
    assert problem_lines and not any("'mail'" in line or "/graph/" in line
                                     for line in problem_lines)


def test_an_edge_tooltip_names_its_ends_and_the_edges_it_clashes_with(
        qtbot) -> None:  # type: ignore[no-untyped-def]
    canvas = _broken_canvas(qtbot)
    text = canvas.scene.edge_items["e6"].tooltip_text()
    assert text.splitlines()[0] == "Big? -> Mail — otherwise"
    assert "“Big?” already has an otherwise edge (“Big? -> end”)" in text
    assert "'e4'" not in text and "e6" not in text and "'check'" not in text

    reads = canvas.scene.edge_items["e3"].tooltip_text()
    assert reads.splitlines()[0] == "Big? -> Mail — if steps.mail.output.total > 100"
    assert "Reads steps.mail, but it runs after “Big?”, the source of the edge" in reads
    assert "'e3'" not in reads and "'check'" not in reads


def test_tooltips_follow_a_rename(qtbot) -> None:  # type: ignore[no-untyped-def]
    canvas = _broken_canvas(qtbot)
    canvas.model.update_node("check", name="Large order?")
    canvas.scene.set_problems(validate(canvas.model.document))
    assert "“Large order?” already has an otherwise edge" in (
        canvas.scene.edge_items["e6"].tooltip_text())

