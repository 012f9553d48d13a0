"""A real model, scene, view and undo stack on a small branching graph."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QUndoStack
from PySide6.QtWidgets import QApplication
from tests.support.undo import new_undo_stack

from flowdesk.app.canvas.scene import CanvasScene
from flowdesk.app.canvas.view import CanvasView
from flowdesk.model.catalog import builtin_catalog
from flowdesk.model.document import load
from flowdesk.model.editor.workflow_model import WorkflowModel

GRAPH = {
    "formatVersion": 1,
    "graph": {
        "formatVersion": 1,
        "nodes": [
            {"id": "start", "type": "start", "position": {"x": 0, "y": 8}},
            {"id": "fetch", "type": "action", "name": "Fetch", "actionId": "http.request",
             "config": {"method": "GET", "url": "https://x"}, "position": {"x": 200, "y": 0}},
            {"id": "check", "type": "condition", "name": "Big?", "position": {"x": 500, "y": -10}},
            {"id": "mail", "type": "action", "name": "Mail", "actionId": "email.send",
             "position": {"x": 800, "y": -100}},
            {"id": "end", "type": "end", "position": {"x": 1100, "y": 8}},
        ],
        "edges": [
            {"id": "e1", "source": "start", "target": "fetch"},
            {"id": "e2", "source": "fetch", "target": "check", "condition": "onSuccess"},
            {"id": "e3", "source": "check", "target": "mail",
             "condition": {"expression": "steps.fetch.output.total > 100"}},
            {"id": "e4", "source": "check", "target": "end", "condition": "otherwise"},
            {"id": "e5", "source": "mail", "target": "end"},
        ],
        "notes": [{"id": "n1", "text": "Ask finance", "position": {"x": 0, "y": 200}}],
    },
}


@dataclass
class Canvas:
    model: WorkflowModel
    scene: CanvasScene
    view: CanvasView
    stack: QUndoStack

    def doc_json(self) -> dict:
        return self.model.document.to_json()


@pytest.fixture(autouse=True)
def _application(qapp):  # type: ignore[no-untyped-def]
    """Canvas items need a QApplication even when a test asks for no widget (renders):
    without one, a test run on its own crashes instead of failing."""
    return qapp


def make_canvas(qtbot, data: dict = GRAPH) -> Canvas:  # type: ignore[no-untyped-def]
    catalog = builtin_catalog()
    model = WorkflowModel(load(data), catalog)
    stack = new_undo_stack()
    scene = CanvasScene(model, catalog, stack)
    view = CanvasView(scene)
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    view.set_zoom(1.0)
    view.centerOn(550, 0)
    return Canvas(model, scene, view, stack)


@pytest.fixture
def canvas(qtbot) -> Canvas:  # type: ignore[no-untyped-def]
    return make_canvas(qtbot)


def send_mouse(view: CanvasView, kind: QEvent.Type, scene_pos: QPointF,
               button: Qt.MouseButton = Qt.MouseButton.LeftButton,
               buttons: Qt.MouseButton | None = None,
               modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """Delivers a real mouse event to the viewport at a scene position."""
    local = QPointF(view.mapFromScene(scene_pos))
    glob = QPointF(view.viewport().mapToGlobal(QPoint(round(local.x()), round(local.y()))))
    if buttons is None:
        buttons = button if kind != QEvent.Type.MouseButtonRelease else Qt.MouseButton.NoButton
    event = QMouseEvent(kind, local, glob, button, buttons, modifiers)
    QApplication.sendEvent(view.viewport(), event)


def drag(view: CanvasView, start: QPointF, end: QPointF, steps: int = 6,
         button: Qt.MouseButton = Qt.MouseButton.LeftButton) -> None:
    send_mouse(view, QEvent.Type.MouseButtonPress, start, button)
    for i in range(1, steps + 1):
        p = start + (end - start) * (i / steps)
        send_mouse(view, QEvent.Type.MouseMove, p, Qt.MouseButton.NoButton, button)
    send_mouse(view, QEvent.Type.MouseButtonRelease, end, button)
