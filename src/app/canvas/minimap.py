"""An overview of the whole graph with the visible area outlined; click or drag to move there.

It paints node boxes straight from the scene's item map into a cached image
(rebuilt when the model changes, debounced), so it costs nothing per frame.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from flowdesk.app.canvas.view import CanvasView


class Minimap(QWidget):
    def __init__(self, view: CanvasView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.setMinimumSize(160, 100)
        self.resize(220, 140)
        self._image: QImage | None = None
        self._bounds = QRectF()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.rebuild)
        view.canvas.model.changed.connect(self._timer.start)
        view.horizontalScrollBar().valueChanged.connect(self.update)
        view.verticalScrollBar().valueChanged.connect(self.update)
        view.zoom_changed.connect(self.update)
        self.rebuild()

    def _mapping(self) -> tuple[float, float, float]:
        b = self._bounds
        if b.isEmpty():
            return 1.0, 0.0, 0.0
        s = min(self.width() / b.width(), self.height() / b.height())
        ox = (self.width() - b.width() * s) / 2
        oy = (self.height() - b.height() * s) / 2
        return s, ox, oy

    def rebuild(self) -> None:
        """Redraws the cached overview from the scene's current items."""
        scene = self.view.canvas
        self._bounds = scene.content_rect().adjusted(-40, -40, 40, 40)
        image = QImage(max(1, self.width()), max(1, self.height()),
                       QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(scene.colours.background)
        s, ox, oy = self._mapping()
        painter = QPainter(image)
        for item in scene.node_items.values():
            w, h = item.size
            p = item.pos()
            painter.fillRect(
                QRectF(ox + (p.x() - self._bounds.left()) * s, oy + (p.y() - self._bounds.top()) * s,
                       max(1.0, w * s), max(1.0, h * s)),
                scene.colours.accent(item.node.type),
            )
        painter.end()
        self._image = image
        self.update()

    def resizeEvent(self, event: object) -> None:  # noqa: N802
        self.rebuild()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        if self._image is not None:
            painter.drawImage(0, 0, self._image)
        s, ox, oy = self._mapping()
        visible = self.view.mapToScene(self.view.viewport().rect()).boundingRect()
        frame = QRectF(ox + (visible.left() - self._bounds.left()) * s,
                       oy + (visible.top() - self._bounds.top()) * s,
                       visible.width() * s, visible.height() * s)
        colour = QColor(self.view.canvas.colours.selection)
        painter.setPen(QPen(colour, 1.5))
        colour.setAlpha(30)
        painter.setBrush(colour)
        painter.drawRect(frame)
        # An edge of its own: the minimap floats over a canvas of the same colour.
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(self.palette().mid().color(), 1))
        painter.drawRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5))

    def scene_point(self, pos: QPointF) -> QPointF:
        s, ox, oy = self._mapping()
        return QPointF((pos.x() - ox) / s + self._bounds.left(), (pos.y() - oy) / s + self._bounds.top())

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self.view.stop_fitting()  # the user steers the view now
            self.view.centerOn(self.scene_point(event.position()))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.view.centerOn(self.scene_point(event.position()))
