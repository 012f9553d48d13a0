"""Two canvases, old and new, whose zoom and pan follow each other.

Both scenes get the same scene rectangle (the union of both), and whenever one
view zooms or scrolls the other takes the same transform and centre, so one
place of the graph is at the same spot in both panes. A wide, flat workflow
reads better with the panes stacked; :func:`stacking_is_larger` says when.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from flowdesk.app.canvas.view import CanvasView, fit_zoom
from flowdesk.app.diffview.overlay import DiffScene


def stacking_is_larger(content_width: float, content_height: float, area_width: float,
                       area_height: float) -> bool:
    """Would old-above-new show the drawing bigger than old-beside-new in this area?"""
    beside = fit_zoom(content_width, content_height, area_width / 2, area_height)
    stacked = fit_zoom(content_width, content_height, area_width, area_height / 2)
    return stacked > beside


def _pane(title: str, view: CanvasView) -> QWidget:
    pane = QWidget()
    layout = QVBoxLayout(pane)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    label = QLabel(title)
    label.setObjectName("diffPaneTitle")
    label.setStyleSheet("QLabel#diffPaneTitle { font-weight: 600; padding: 5px 10px; }")
    layout.addWidget(label)
    layout.addWidget(view, 1)
    return pane


class SideBySideView(QSplitter):
    """Old version left, new version right; each marks the changes that concern it."""

    def __init__(self, old_scene: DiffScene, new_scene: DiffScene, old_label: str,
                 new_label: str, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.old_scene, self.new_scene = old_scene, new_scene
        rect = old_scene.sceneRect().united(new_scene.sceneRect())
        old_scene.setSceneRect(rect)
        new_scene.setSceneRect(rect)
        self.old_view = CanvasView(old_scene)
        self.new_view = CanvasView(new_scene)
        self.addWidget(_pane(old_label, self.old_view))
        self.addWidget(_pane(new_label, self.new_view))
        self.setChildrenCollapsible(False)
        self._syncing = False
        for a, b in ((self.old_view, self.new_view), (self.new_view, self.old_view)):
            a.zoom_changed.connect(lambda _z, a=a, b=b: self._follow(a, b))
            a.horizontalScrollBar().valueChanged.connect(lambda _v, a=a, b=b: self._follow(a, b))
            a.verticalScrollBar().valueChanged.connect(lambda _v, a=a, b=b: self._follow(a, b))

    def set_stacked(self, stacked: bool) -> None:
        """Old above new instead of left of it: better for wide, flat workflows."""
        self.setOrientation(Qt.Orientation.Vertical if stacked else Qt.Orientation.Horizontal)
        self.fit_all()

    def views(self) -> tuple[CanvasView, CanvasView]:
        return self.old_view, self.new_view

    def centre_of(self, view: CanvasView) -> QPointF:
        return view.mapToScene(view.viewport().rect().center())

    def _follow(self, leader: CanvasView, follower: CanvasView) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            if follower.transform() != leader.transform():
                follower.setTransform(leader.transform())
                follower.canvas.set_overview(leader.canvas.overview_mode)
            follower.centerOn(self.centre_of(leader))
        finally:
            self._syncing = False

    def content_rect(self) -> QRectF:
        """The union of both versions' drawings (what Fit shows in each pane)."""
        return self.old_scene.content_rect().united(self.new_scene.content_rect())

    def fit_all(self) -> None:
        """Fits the union of both versions in the old pane; the new pane follows."""
        self.old_view.fit_to(self.content_rect)
        self._follow(self.old_view, self.new_view)

    def focus(self, kind: str, item_id: str) -> None:
        """Selects an item (whichever side has it) and brings it into view in both panes."""
        rect = None
        for scene in (self.new_scene, self.old_scene):
            scene.clearSelection()
            found = scene.item_rect(kind, item_id)
            if found is not None:
                scene.select_item(kind, item_id)  # type: ignore[arg-type]
                rect = found if rect is None else rect.united(found)
        if rect is not None:
            self.old_view.reveal(rect)
            self._follow(self.old_view, self.new_view)
