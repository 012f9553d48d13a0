"""The canvas view: zoom (wheel, Ctrl +/-), fit (Ctrl+0 / F), panning, grid, quick-add, drops.

Drawing cost stays proportional to what is visible: the background grid is
drawn only for the exposed rectangle (and thinned out when zoomed out), and
items drop detail by themselves (see :mod:`flowdesk.app.canvas.detail`).

Fit fills the view (a small margin, never above 100 %) and stays fitted while
the window is resized (first open, a window manager maximising it) until the
user zooms, pans or clicks.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QEvent, QLineF, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPen,
    QResizeEvent,
    QShortcut,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QGraphicsView, QInputDialog, QWidget

from flowdesk.app.canvas.interactions import PanInteraction
from flowdesk.app.canvas.quick_add import QuickAddPopup
from flowdesk.app.canvas.scene import CanvasScene
from flowdesk.app.commands import EditNote
from flowdesk.model.editor.geometry import GRID

#: mime type of a palette drag: the payload is ``action:<action id>`` or ``type:<node type>``
NODE_MIME = "application/x-flowdesk-node"
MIN_ZOOM = 0.002
#: below this zoom the scene shows its one-picture overview instead of its items
OVERVIEW_ZOOM = 0.12
MAX_ZOOM = 4.0
ZOOM_STEP = 1.25
#: Fit leaves this many view pixels between the drawing and the view's edges
FIT_MARGIN_PX = 16.0


def fit_zoom(width: float, height: float, view_width: float, view_height: float,
             margin: float = FIT_MARGIN_PX) -> float:
    """The zoom at which a ``width`` x ``height`` scene rectangle fills the view.

    ``margin`` view pixels stay free on every side; a small graph is shown at
    100 %, never magnified.
    """
    room_w, room_h = max(1.0, view_width - 2 * margin), max(1.0, view_height - 2 * margin)
    zoom = min(room_w / max(width, 1e-9), room_h / max(height, 1e-9), 1.0)
    return max(MIN_ZOOM, zoom)


class CanvasView(QGraphicsView):
    """Shows a CanvasScene; owns only view state (zoom, pan, snap)."""

    zoom_changed = Signal(float)

    def __init__(self, scene: CanvasScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.canvas = scene
        self._pan: PanInteraction | None = None
        self._space = False
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setOptimizationFlags(
            QGraphicsView.OptimizationFlag.DontSavePainterState
            | QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing
        )
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setBackgroundBrush(scene.colours.background)
        self.quick_add = QuickAddPopup(scene.catalog, self)
        self.quick_add.hide()
        self.quick_add.chosen.connect(self._on_quick_add)
        scene.note_edit_requested.connect(self.edit_note)
        scene.edge_dropped.connect(self._on_edge_dropped)
        self._connect_from: str | None = None
        #: what Fit showed, refitted on resize until the user zooms or pans (None: user's view)
        self._fit_source: Callable[[], QRectF] | None = None
        self._fitting = False  # a refit's own scroll bar changes resize the viewport again
        for bar in (self.horizontalScrollBar(), self.verticalScrollBar()):
            bar.actionTriggered.connect(self.stop_fitting)  # a scroll bar the user moved
        for keys, slot in (
            (QKeySequence.StandardKey.ZoomIn, self.zoom_in),
            (QKeySequence.StandardKey.ZoomOut, self.zoom_out),
            (QKeySequence("Ctrl+="), self.zoom_in),
            (QKeySequence("Ctrl+0"), self.fit_all),
        ):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    @property
    def snap_to_grid(self) -> bool:
        return self.canvas.snap_to_grid

    @snap_to_grid.setter
    def snap_to_grid(self, on: bool) -> None:
        self.canvas.snap_to_grid = on

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Follows the system theme: new palette, new canvas colours."""
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.canvas.set_palette_colours(QApplication.palette())
        super().changeEvent(event)

    # ------------------------------------------------------------- zoom

    @property
    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, zoom: float) -> None:
        self.stop_fitting()
        zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        factor = zoom / self.zoom
        if not math.isclose(factor, 1.0):
            self.scale(factor, factor)
            self._zoomed()

    def _zoomed(self) -> None:
        self.canvas.set_overview(self.zoom < OVERVIEW_ZOOM)
        self.zoom_changed.emit(self.zoom)

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom / ZOOM_STEP)

    def fit_all(self) -> None:
        """Shows every node and note as big as the view allows (at most 100 %)."""
        self.fit_to(self.canvas.content_rect)

    def fit_to(self, source: Callable[[], QRectF]) -> None:
        """Fits the rectangle ``source`` gives, now and after every resize until the user
        zooms or pans: a window that is laid out or maximised after opening stays fitted."""
        rect = source()
        if rect.isEmpty() or self._fitting:
            return
        self._fitting = True
        try:
            self.fit_rect(rect)
        finally:
            self._fitting = False
        self._fit_source = source

    @property
    def is_fitted(self) -> bool:
        """Is the view still showing what Fit chose (the user has not zoomed or panned)?"""
        return self._fit_source is not None

    def stop_fitting(self) -> None:
        self._fit_source = None

    def fit_rect(self, rect: QRectF) -> None:
        """Shows ``rect`` centred, filling the view but for a small margin, at most 100 %."""
        for _ in range(3):  # scroll bars may come or go at the new zoom, resizing the viewport
            size = self.viewport().size()
            zoom = fit_zoom(rect.width(), rect.height(), size.width(), size.height())
            self.setTransform(QTransform.fromScale(zoom, zoom))
            self.centerOn(rect.center())
            if self.viewport().size() == size:
                break
        self._zoomed()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self._fit_source is not None:
            self.fit_to(self._fit_source)

    def reveal(self, rect: QRectF) -> None:
        """Brings ``rect`` into view, centred, unless it is in full view already: picking
        something in a fitted view should not throw the rest of the picture off screen."""
        if self.viewport().rect().contains(self.mapFromScene(rect).boundingRect()):
            return
        self.stop_fitting()  # a resize must not scroll it away again
        self.centerOn(rect.center())

    def center_on_item(self, item_id: str, kind: str = "node") -> bool:
        """Selects and centres a node/edge/note (problems panel navigation)."""
        item = self.canvas.select_item(kind, item_id)  # type: ignore[arg-type]
        if item is None:
            return False
        self.stop_fitting()
        self.centerOn(item.sceneBoundingRect().center())
        return True

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        self.stop_fitting()
        delta = event.angleDelta().y()
        if delta == 0:
            super().wheelEvent(event)
            return
        self.set_zoom(self.zoom * (ZOOM_STEP ** (delta / 240)))
        event.accept()

    # ------------------------------------------------------------ panning

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            return
        if event.key() == Qt.Key.Key_Tab:
            self.open_quick_add(self.mapFromGlobal(self.cursor().pos()))
            return
        # F is a key event, not a QShortcut: a shortcut would also fire while typing
        # an "f" into the quick-add search, which is a child popup of this view
        if event.key() == Qt.Key.Key_F and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.fit_all()
            return
        if event.key() not in (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta):
            self.stop_fitting()  # arrows scroll, Delete edits: the user has taken over
        if event.key() == Qt.Key.Key_Escape:
            self.canvas.cancel_interaction()
            return
        if event.matches(QKeySequence.StandardKey.Delete) or event.key() == Qt.Key.Key_Backspace:
            self.canvas.delete_selection()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
            self.viewport().unsetCursor()
            return
        super().keyReleaseEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 - Tab opens quick-add
        return False

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.stop_fitting()  # a click, drag or pan: the user has taken over the view
        if event.button() == Qt.MouseButton.MiddleButton or (
            self._space and event.button() == Qt.MouseButton.LeftButton
        ):
            self._pan = PanInteraction(self, event.position())
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._pan is not None:
            self._pan.move(event.position())
            event.accept()
            return
        if event.buttons() == Qt.MouseButton.NoButton and not self._space:
            self._show_port_cursor(self.mapToScene(event.position().toPoint()))
        super().mouseMoveEvent(event)

    def _show_port_cursor(self, scene_pos: QPointF) -> None:
        """A cross over an output port says "drag from here to connect"."""
        node = self.canvas.node_item_at(scene_pos) or self.canvas.node_item_at(
            scene_pos - QPointF(6, 0))
        if node is not None and node.output_port_hit(scene_pos) and not self.canvas.model.read_only:
            self.viewport().setCursor(Qt.CursorShape.CrossCursor)
        else:
            self.viewport().unsetCursor()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._pan is not None:
            self._pan = None
            if self._space:
                self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            else:
                self.viewport().unsetCursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self.itemAt(event.position().toPoint()) is None:
            self.open_quick_add(event.position().toPoint())
            return
        super().mouseDoubleClickEvent(event)

    # ----------------------------------------------------------- quick add

    def _on_edge_dropped(self, source_id: str, scene_pos: QPointF) -> None:
        self.open_quick_add(self.mapFromScene(scene_pos), connect_from=source_id)

    def open_quick_add(self, view_pos: object, connect_from: str | None = None) -> None:
        """Opens the quick-add popup; ``connect_from`` connects the new step to that node."""
        self._connect_from = connect_from
        if self.canvas.model.read_only:
            self.canvas.edit_refused.emit("this version is published and read-only")
            return
        scene_pos = self.mapToScene(view_pos)  # type: ignore[arg-type]
        self.quick_add.open_at(self.mapToGlobal(view_pos), scene_pos)  # type: ignore[arg-type]

    def add_from_key(self, key: str, scene_pos: QPointF,
                     connect_from: str | None = None) -> str | None:
        """Adds ``action:<id>`` or ``type:<node type>`` at ``scene_pos`` (on an edge: inserted)."""
        kind, _, value = key.partition(":")
        edge = None if connect_from else self.canvas.edge_item_at(scene_pos)
        on_edge = edge.edge_id if edge is not None else None
        if kind == "action":
            return self.canvas.add_node("action", scene_pos, action_id=value, on_edge=on_edge,
                                        connect_from=connect_from)
        if kind == "type":
            return self.canvas.add_node(value, scene_pos, on_edge=on_edge,
                                        connect_from=connect_from)
        return None

    def _on_quick_add(self, key: str, scene_pos: QPointF) -> None:
        source, self._connect_from = self._connect_from, None
        self.add_from_key(key, scene_pos, connect_from=source)

    # ----------------------------------------------------------- drag and drop

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasFormat(NODE_MIME) and not self.canvas.model.read_only:
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        if event.mimeData().hasFormat(NODE_MIME):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        if not event.mimeData().hasFormat(NODE_MIME):
            super().dropEvent(event)
            return
        key = bytes(event.mimeData().data(NODE_MIME).data()).decode("utf-8")
        self.add_from_key(key, self.mapToScene(event.position().toPoint()))
        event.acceptProposedAction()

    # ----------------------------------------------------------- notes

    def edit_note(self, note_id: str) -> None:
        model = self.canvas.model
        if model.read_only or not model.has_note(note_id):
            return
        text, ok = QInputDialog.getMultiLineText(self, "Edit note", "Note:", model.note(note_id).text)
        if ok:
            self.canvas.push(EditNote(model, note_id, text))

    # ----------------------------------------------------------- background

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802
        colours = self.canvas.colours
        painter.fillRect(rect, colours.background)
        step = GRID
        while step * self.zoom < 12:
            step *= 5
        if step * self.zoom > 400:
            return
        left = math.floor(rect.left() / step) * step
        top = math.floor(rect.top() / step) * step
        minor: list[QLineF] = []
        major: list[QLineF] = []
        x = left
        while x < rect.right():
            (major if round(x / step) % 5 == 0 else minor).append(
                QLineF(x, rect.top(), x, rect.bottom())
            )
            x += step
        y = top
        while y < rect.bottom():
            (major if round(y / step) % 5 == 0 else minor).append(
                QLineF(rect.left(), y, rect.right(), y)
            )
            y += step
        painter.setPen(QPen(colours.grid_minor, 0))
        painter.drawLines(minor)
        painter.setPen(QPen(colours.grid_major, 0))
        painter.drawLines(major)
