"""Highlight a dry run's path on the canvas: the steps and edges it took glow, the rest fades.

A decorator over the canvas scene that uses only public item APIs (a
graphics effect and the opacity of the scene's node and edge items), so the
canvas package needs no highlight state of its own. The highlight is a view
of one moment: the next edit of the model or Escape on the canvas (or in the
parameter editor that started the run) clears it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QGraphicsDropShadowEffect, QGraphicsItem, QWidget
from shiboken6 import isValid

from flowdesk.app.canvas.scene import CanvasScene
from flowdesk.model.editor.workflow_model import WorkflowModel

GLOW = QColor(37, 99, 235)
FADED_OPACITY = 0.28


def _glow() -> QGraphicsDropShadowEffect:
    effect = QGraphicsDropShadowEffect()
    effect.setColor(GLOW)
    effect.setOffset(0, 0)
    effect.setBlurRadius(30)
    return effect


class PathHighlight(QObject):
    """Shows one path at a time on ``scene``; ``clear()`` puts every item back."""

    def __init__(self, scene: CanvasScene, model: WorkflowModel,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scene = scene
        self.model = model
        self.node_ids: list[str] = []
        self.edge_ids: list[str] = []
        self._touched: list[QGraphicsItem] = []
        self._escape_sources: list[QWidget] = []
        model.changed.connect(self._on_model_changed)

    @property
    def active(self) -> bool:
        return bool(self._touched)

    def show(self, node_ids: Iterable[str], edge_ids: Iterable[str]) -> None:
        """Make ``node_ids`` and ``edge_ids`` glow and fade every other node and edge."""
        self.clear()
        self.node_ids = [n for n in node_ids if n in self.scene.node_items]
        self.edge_ids = [e for e in edge_ids if e in self.scene.edge_items]
        if not self.node_ids and not self.edge_ids:
            return
        on_nodes, on_edges = set(self.node_ids), set(self.edge_ids)
        for items, on in ((self.scene.node_items, on_nodes), (self.scene.edge_items, on_edges)):
            for item_id, item in items.items():
                if item_id in on:
                    item.setGraphicsEffect(_glow())
                else:
                    item.setOpacity(FADED_OPACITY)
                self._touched.append(item)

    def clear(self) -> None:
        for item in self._touched:
            if not isValid(item):
                continue  # the scene rebuilt its items (a reset): nothing to put back
            item.setGraphicsEffect(None)  # type: ignore[arg-type]
            item.setOpacity(1.0)
        self._touched = []
        self.node_ids = []
        self.edge_ids = []

    def is_highlighted(self, item_id: str) -> bool:
        return item_id in self.node_ids or item_id in self.edge_ids

    def clear_on_escape(self, widget: QWidget) -> None:
        """Escape pressed in ``widget`` (or left unhandled by a child of it) clears the path."""
        widget.installEventFilter(self)
        self._escape_sources.append(widget)

    def detach(self) -> None:
        """Stop listening to the model (the session is closing)."""
        self.clear()
        self.model.changed.disconnect(self._on_model_changed)
        for widget in self._escape_sources:
            if isValid(widget):
                widget.removeEventFilter(self)
        self._escape_sources = []

    def _on_model_changed(self, *_args: Any) -> None:
        self.clear()  # the path was computed for the graph as it was

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (self.active and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape):
            self.clear()
            return True
        return False
