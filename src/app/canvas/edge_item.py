"""The picture of one edge: a smooth left-to-right curve, an arrowhead and its condition label.

The curve is recomputed only when an end node moves (the node items tell their
edges), never per frame. Labels show the condition (onSuccess, onFailure,
otherwise or the CEL expression, elided); ``always`` edges carry no label.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QStyleOptionGraphicsItem, QWidget

from flowdesk.app.canvas.detail import FLAT_SCALE, LABEL_TARGET_PX, text_visible
from flowdesk.app.canvas.node_item import (
    TITLE_PX,
    NodeItem,
    painter_scale,
    problem_lines,
    scene_names,
)
from flowdesk.app.canvas.theme import SEVERITY_COLOURS, CanvasColours
from flowdesk.model.cel import abbreviate
from flowdesk.model.document import Edge
from flowdesk.model.item_words import condition_sentence
from flowdesk.model.plain_messages import GraphNames
from flowdesk.model.problems import Problem

LABEL_FONT = QFont()
LABEL_FONT.setPixelSize(11)
_LABEL_METRICS: QFontMetricsF | None = None


def _metrics() -> QFontMetricsF:
    global _LABEL_METRICS
    if _LABEL_METRICS is None:
        _LABEL_METRICS = QFontMetricsF(LABEL_FONT)
    return _LABEL_METRICS
_NO_PEN = Qt.PenStyle.NoPen
_SELECTABLE = QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
_DEVICE_CACHE = QGraphicsItem.CacheMode.DeviceCoordinateCache
LABEL_MAX_WIDTH = 150.0
ARROW = 9.0
PORT_GAP = 5.0
#: what a label shrinks to when the gap between two nodes is too narrow for it
COMPACT = {"onSuccess": "✓", "onFailure": "✗", "otherwise": "else"}
#: zoomed out, the word for a kind of condition (expressions are abbreviated instead)
OVERVIEW_WORDS = {"onSuccess": "✓", "onFailure": "✗ failed", "otherwise": "otherwise"}
#: a zoomed-out label's font may be at most this many scene pixels (about 38 % zoom)
OVERVIEW_LABEL_MAX_PX = 24
#: a zoomed-out label squeezed into a narrow gap is dropped below this many characters
OVERVIEW_MIN_CHARS = 4


@cache
def _overview_font(pixel_size: int) -> tuple[QFont, QFontMetricsF]:
    font = QFont(LABEL_FONT)
    font.setPixelSize(pixel_size)
    return font, QFontMetricsF(font)


def _control_xs(x1: float, x2: float) -> tuple[float, float]:
    """x of the two control points (their y are the ends': horizontal tangents)."""
    dx = x2 - x1
    bend = max(40.0, abs(dx) * 0.5) if dx >= 0 else max(80.0, abs(dx) * 0.5 + 60)
    return x1 + bend, x2 - bend


def curve(p1: QPointF, p2: QPointF) -> QPainterPath:
    """A horizontal-tangent cubic from an output port to an input port."""
    c1x, c2x = _control_xs(p1.x(), p2.x())
    path = QPainterPath(p1)
    path.cubicTo(QPointF(c1x, p1.y()), QPointF(c2x, p2.y()), p2)
    return path


def condition_words(edge: Edge) -> str:
    """When the edge is taken, as a sentence ending: ``when it succeeds``, ``if total > 100``."""
    return condition_sentence(edge.kind, edge.expression)


class EdgeItem(QGraphicsRectItem):
    """Draws one edge between two node items; selecting it selects the edge id.

    The rectangle of the QGraphicsRectItem base is the edge's bounding box, so
    Qt's per-frame ``boundingRect`` calls stay in C++.
    """

    Type = QGraphicsItem.UserType + 2

    def __init__(self, edge: Edge, source: NodeItem, target: NodeItem, colours: CanvasColours) -> None:
        super().__init__()
        self.edge_id = edge.id
        self.source = source
        self.target = target
        self._colours = colours
        self._problems: list[Problem] = []
        self._path: QPainterPath | None = None
        self._label_layout: tuple[str, QRectF] | None = None
        self._overview: tuple[int, str, QRectF, QFont] | None = None
        self._mid = (0.0, 0.0)
        self._ends = (0.0, 0.0, 0.0, 0.0, 0.0)
        self._room = 0.0
        self.setPen(_NO_PEN)
        self.setFlags(_SELECTABLE)
        self.setCacheMode(_DEVICE_CACHE)
        self.setZValue(1)
        source.edges.append(self)
        target.edges.append(self)
        self.set_edge(edge)

    def type(self) -> int:  # noqa: A003 - Qt's name
        return self.Type

    def detach(self) -> None:
        """Forget the end items (the edge is being removed)."""
        for item in (self.source, self.target):
            if self in item.edges:
                item.edges.remove(self)

    def set_edge(self, edge: Edge) -> None:
        self.edge = edge
        self.update_path()

    def tooltip_text(self, names: GraphNames | None = None) -> str:
        """``Fetch -> Big? — when it succeeds``, then its problems in plain words."""
        names = names if names is not None else scene_names(self)
        e = self.edge
        head = f"{self.source.node.title} -> {self.target.node.title} — {condition_words(e)}"
        return "\n".join([head, *problem_lines(self._problems, names)])

    def _layout_label(self) -> tuple[str, QRectF]:
        """The label to show and where, decided once per geometry change.

        The full condition (elided at LABEL_MAX_WIDTH) is shown when it fits
        between the two nodes or when nothing else lies under it (a branch
        label usually sits in the free space between rows); otherwise a
        compact form that fits the gap: a symbol for onSuccess/onFailure, the
        expression elided in the middle.
        """
        if self._label_layout is not None:
            return self._label_layout
        edge = self.edge
        if edge.kind == "always":
            self._label_layout = ("", QRectF())
            return self._label_layout
        fm = _metrics()
        full = fm.elidedText(edge.label, Qt.TextElideMode.ElideMiddle, LABEL_MAX_WIDTH)
        text = full
        rect = self._label_rect_for(full)
        if fm.horizontalAdvance(full) + 12 > self._room and self._covers_a_node(rect):
            limit = max(self._room - 12, 18.0)
            if edge.kind in COMPACT:
                text = COMPACT[edge.kind]
            else:
                text = fm.elidedText(edge.label, Qt.TextElideMode.ElideMiddle, max(limit, 24.0))
            rect = self._label_rect_for(text)
        self._label_layout = (text, rect)
        return self._label_layout

    def _label_rect_for(self, text: str) -> QRectF:
        fm = _metrics()
        w, h = fm.horizontalAdvance(text) + 12, fm.height() + 4
        mx, my = self._mid
        return QRectF(mx - w / 2, my - h / 2, w, h)

    def _covers_a_node(self, rect: QRectF) -> bool:
        """Does ``rect`` reach into a step? Its own two ends are checked directly: while
        the scene paints, its index answers nothing, and they are the usual culprits."""
        if any(rect.intersects(end.sceneBoundingRect()) for end in (self.source, self.target)):
            return True
        scene = self.scene()
        if scene is None:
            return True
        # bounding rectangles only: asking for shapes would ask this edge's shape again
        found = scene.items(rect, Qt.ItemSelectionMode.IntersectsItemBoundingRect)
        return any(isinstance(item, NodeItem) for item in found)

    def set_colours(self, colours: CanvasColours) -> None:
        self._colours = colours
        self.update()

    def set_problems(self, problems: list[Problem]) -> None:
        self._problems = problems
        self.update()

    @property
    def label(self) -> str:
        """The condition text as shown on the canvas (possibly shortened)."""
        return self._layout_label()[0]

    @property
    def problems(self) -> list[Problem]:
        return list(self._problems)

    def update_path(self) -> None:
        """Recomputes the geometry from the current port positions.

        Only the control points and the bounding box are computed here (cheap,
        exact: a cubic lies inside the hull of its control points); the
        QPainterPath is built at the first paint, so opening a big graph does
        not build thousands of paths nobody sees.
        """
        sx, sy = self.source.output_xy()
        tx, ty = self.target.input_xy()
        x1 = sx + PORT_GAP
        ex = tx - PORT_GAP
        x2 = ex - ARROW * 0.6
        # plain floats: thousands of edges are laid out when a big graph opens, and
        # QPointF/QRectF objects for each would cost more than the arithmetic
        self._ends = (x1, sy, x2, ty, ex)
        self._room = x2 - x1
        self._label_layout = None
        self._overview = None
        c1x, c2x = _control_xs(x1, x2)
        left, right = min(x1, c2x, x2) - ARROW, max(x1, c1x, ex) + ARROW
        top, bottom = min(sy, ty) - ARROW, max(sy, ty) + ARROW
        # the point at t = 0.5 of a cubic: (P0 + 3 P1 + 3 P2 + P3) / 8
        mx, my = (x1 + 3 * c1x + 3 * c2x + x2) / 8, (sy + ty) / 2
        self._mid = (mx, my)
        if self.edge.kind != "always":  # room for the widest label, measured lazily
            lw, lh = (LABEL_MAX_WIDTH + 12) / 2, OVERVIEW_LABEL_MAX_PX * 0.8 + 2
            left, right = min(left, mx - lw), max(right, mx + lw)
            top, bottom = min(top, my - lh), max(bottom, my + lh)
        self._path = None
        self.setRect(left, top, right - left, bottom - top)

    @property
    def _p1(self) -> QPointF:
        return QPointF(self._ends[0], self._ends[1])

    @property
    def _p2(self) -> QPointF:
        return QPointF(self._ends[2], self._ends[3])

    @property
    def _end(self) -> QPointF:
        return QPointF(self._ends[4], self._ends[3])

    def path(self) -> QPainterPath:
        if self._path is None:
            self._path = curve(self._p1, self._p2)
        return self._path

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(10)
        shape = stroker.createStroke(self.path())
        text, rect = self._layout_label()
        if text:
            shape.addRect(rect)
        return shape

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        c = self._colours
        scale = painter_scale(painter, option)
        colour = c.selection if self.isSelected() else c.condition(self.edge.kind)
        if self._problems and not self.isSelected():
            worst = "error" if any(p.is_error for p in self._problems) else "warning"
            colour = QColor(SEVERITY_COLOURS[worst])
        if scale < FLAT_SCALE:
            pen = QPen(colour, 0)
            painter.setPen(pen)
            painter.drawLine(self._p1, self._end)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = 2.5 if self.isSelected() else 1.6
        pen = QPen(colour, width)
        if self.edge.kind == "otherwise":
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.path())
        end = self._end
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawPolygon(
            QPolygonF([end, QPointF(end.x() - ARROW, end.y() - ARROW / 2),
                       QPointF(end.x() - ARROW, end.y() + ARROW / 2)])
        )
        if self.edge.kind == "always":
            return
        if text_visible(scale, TITLE_PX):
            text, rect = self._layout_label()
            font = LABEL_FONT
        else:  # zoomed out: the gist of the condition in a bigger font, while it fits
            overview = self._overview_label(scale)
            if overview is None:
                return
            text, rect, font = overview
        painter.setBrush(c.label_fill)
        painter.setPen(QPen(colour, 1))
        painter.drawRoundedRect(rect, 6, 6)
        painter.setPen(c.text)
        painter.setFont(font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    def _overview_label(self, scale: float) -> tuple[str, QRectF, QFont] | None:
        """The label when node titles give way to name labels (Fit on a normal workflow):
        ``LABEL_TARGET_PX`` on screen, the condition abbreviated (``total ≥ limit``),
        elided to ``LABEL_MAX_WIDTH``; None when that would need a font taller than
        ``OVERVIEW_LABEL_MAX_PX`` scene pixels (the edge's bounds have no room for it)."""
        if scale <= 0:
            return None
        font_px = round(LABEL_TARGET_PX / scale)
        if font_px > OVERVIEW_LABEL_MAX_PX:
            return None
        cached = self._overview
        if cached is None or cached[0] != font_px:
            font, fm = _overview_font(font_px)
            edge = self.edge
            words = OVERVIEW_WORDS.get(edge.kind) or abbreviate(edge.label)
            text = fm.elidedText(words, Qt.TextElideMode.ElideRight, LABEL_MAX_WIDTH)
            rect = self._chip(fm, text)
            if self._covers_a_node(rect):  # as at full zoom: shrink to the gap, or say nothing
                text = fm.elidedText(words, Qt.TextElideMode.ElideRight, self._room - 8)
                if len(text.rstrip("…")) < OVERVIEW_MIN_CHARS and text != words:
                    text = ""
                rect = self._chip(fm, text)
            cached = self._overview = (font_px, text, rect, font)
        if not cached[1]:
            return None
        return cached[1], cached[2], cached[3]

    def _chip(self, fm: QFontMetricsF, text: str) -> QRectF:
        w, h = fm.horizontalAdvance(text) + 8, fm.height() + 2
        mx, my = self._mid
        return QRectF(mx - w / 2, my - h / 2, w, h)
