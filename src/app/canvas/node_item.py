"""The picture of one node: its shape by type, icon, title, ports and problem badge.

A NodeItem holds a copy of its Node only to draw it; the model owns the node.
The scene calls :meth:`set_node` when the model says the node changed. Painting
follows :mod:`flowdesk.app.canvas.detail`: every text while the normal font is
legible on screen, then the name alone in a bigger font, then the outline, and
at true overview scale a flat coloured box (which keeps a fitted view of
thousands of nodes fast).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QStyleOptionGraphicsItem, QWidget

from flowdesk.app.canvas.detail import (
    LABEL_MIN_PX,
    Detail,
    detail_for,
    device_scale,
    label_pixel_size,
    label_room,
    shrink_to_fit,
)
from flowdesk.app.canvas.icons import TYPE_ICONS, icon_image
from flowdesk.app.canvas.theme import SEVERITY_COLOURS, CanvasColours
from flowdesk.model.catalog import ActionCatalog
from flowdesk.model.document import Node
from flowdesk.model.editor.geometry import node_size
from flowdesk.model.item_words import TYPE_LABELS
from flowdesk.model.plain_messages import GraphNames
from flowdesk.model.problems import Problem

if TYPE_CHECKING:
    from flowdesk.app.canvas.edge_item import EdgeItem

PORT_RADIUS = 5.0
MARGIN = 10.0
#: the normal (title) font's size in scene pixels: what the level of detail is judged by
TITLE_PX = 13
BADGE_RADIUS = 9.0
#: share of a label's room its text may take, measured on screen: slack for rounding
LABEL_ROOM_SLACK = 0.92
#: a problem badge drawn without its text still stays this many device pixels wide
BADGE_MIN_SCREEN_RADIUS = 6.0

TITLE_FONT = QFont()
TITLE_FONT.setPixelSize(TITLE_PX)
TITLE_FONT.setWeight(QFont.Weight.DemiBold)
SUB_FONT = QFont()
SUB_FONT.setPixelSize(11)
BADGE_FONT = QFont()
BADGE_FONT.setPixelSize(11)
BADGE_FONT.setWeight(QFont.Weight.Bold)
# Qt enum members looked up once: a big graph builds thousands of items
_NO_PEN = Qt.PenStyle.NoPen
_SELECTABLE_MOVABLE = (
    QGraphicsItem.GraphicsItemFlag.ItemIsSelectable | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
)
_DEVICE_CACHE = QGraphicsItem.CacheMode.DeviceCoordinateCache


@cache
def label_font(pixel_size: int) -> QFont:
    """The name label's font at ``pixel_size`` scene pixels (shared: few sizes occur)."""
    font = QFont(TITLE_FONT)
    font.setPixelSize(max(1, pixel_size))
    return font


@cache
def label_metrics(pixel_size: int) -> QFontMetricsF:
    return QFontMetricsF(label_font(pixel_size))


def _two_line_label(name: str, screen_px: float, room_w: float,
                    room_h: float) -> tuple[float, str] | None:
    """(on-screen pixel size, "first\nsecond"): ``name`` broken at the space that best
    balances its two lines, in a font both lines fit (widths and heights in device
    pixels); None when that font would be smaller than ``LABEL_MIN_PX``."""
    words = name.split()
    px = min(screen_px, room_h / 2.4)  # two lines (about 1.2 em each) inside the room
    if px < LABEL_MIN_PX:
        return None
    fm = label_metrics(round(px))
    lines = min(((" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))),
                key=lambda pair: max(fm.horizontalAdvance(pair[0]),
                                     fm.horizontalAdvance(pair[1])))
    widest = max(fm.horizontalAdvance(line) for line in lines)
    px = shrink_to_fit(px, widest, room_w)
    fm = label_metrics(round(px))
    first, second = (fm.elidedText(line, Qt.TextElideMode.ElideRight, room_w) for line in lines)
    return px, f"{first}\n{second}"


def painter_scale(painter: QPainter, option: QStyleOptionGraphicsItem) -> float:
    """Device pixels per scene unit for this paint (zoom, item transform and HiDPI)."""
    lod = option.levelOfDetailFromTransform(painter.worldTransform())
    device = painter.device()
    return device_scale(lod, device.devicePixelRatio() if device is not None else 1.0)


@cache
def _outline(node_type: str, size: tuple[float, float]) -> QPainterPath:
    """The node's shape: diamond for conditions, pill for start/end, rounded box otherwise.

    Cached: QPainterPath is implicitly shared, so thousands of nodes of one
    type share one path instead of building their own.
    """
    w, h = size
    path = QPainterPath()
    if node_type == "condition":
        path.addPolygon(
            QPolygonF([QPointF(w / 2, 0), QPointF(w, h / 2), QPointF(w / 2, h), QPointF(0, h / 2),
                       QPointF(w / 2, 0)])
        )
    elif node_type in ("start", "end"):
        path.addRoundedRect(QRectF(0, 0, w, h), h / 2, h / 2)
    else:
        path.addRoundedRect(QRectF(0, 0, w, h), 8, 8)
    return path


def scene_names(item: QGraphicsItem) -> GraphNames:
    """Names for the graph of the scene an item is in (none when it is in no scene)."""
    model = getattr(item.scene(), "model", None)
    return GraphNames.of(getattr(model, "graph", None))


def problem_lines(problems: list[Problem], names: GraphNames) -> list[str]:
    """``Error: Not reachable from “Start”``: ids turned into names, own subject dropped."""
    return [f"{p.severity.capitalize()}: {names.problem_text(p)}" for p in problems]


class NodeItem(QGraphicsRectItem):
    """Draws one node and forwards gestures; never edits the model itself.

    A QGraphicsRectItem underneath so that ``boundingRect`` is answered in C++:
    Qt asks it for every visible item on every frame.
    """

    Type = QGraphicsItem.UserType + 1

    def __init__(self, node: Node, colours: CanvasColours, catalog: ActionCatalog) -> None:
        super().__init__()
        self.node_id = node.id
        self._colours = colours
        self._catalog = catalog
        self.edges: list[EdgeItem] = []
        self._problems: list[Problem] = []
        self._size: tuple[float, float] | None = None
        self._x = self._y = 0.0
        self.setPen(_NO_PEN)
        self.setFlags(_SELECTABLE_MOVABLE)
        self.setCacheMode(_DEVICE_CACHE)
        self.setZValue(2)
        self.set_node(node)

    def type(self) -> int:  # noqa: A003 - Qt's name
        return self.Type

    # -------------------------------------------------------------- state

    def set_node(self, node: Node) -> None:
        """Mirrors a changed node (title, action, type, position).

        Texts are elided lazily at the first detailed paint: opening thousands
        of nodes should not measure text for nodes nobody looks at closely.
        """
        size = node_size(node.type)
        if size != self._size:
            w, h = size
            self.setRect(-MARGIN, -MARGIN, w + 2 * MARGIN, h + 2 * MARGIN)
        self.node = node
        self._size = size
        self._texts: tuple[str, str] | None = None
        self._label: tuple[int, int, str] | None = None  # (scale key, pixel size, name)
        self._outline_path = _outline(node.type, size)
        if node.position is not None:
            self.setPos(node.position.x, node.position.y)
        self.update()

    def set_colours(self, colours: CanvasColours) -> None:
        self._colours = colours
        self.update()

    def set_problems(self, problems: list[Problem]) -> None:
        self._problems = problems
        self.update()

    @property
    def problems(self) -> list[Problem]:
        return list(self._problems)

    @property
    def has_error(self) -> bool:
        return any(p.is_error for p in self._problems)

    def tooltip_text(self, names: GraphNames | None = None) -> str:
        """What hovering shows: the step by its name, its problems in plain words.

        Computed on demand by the scene's help event. The id shows only as the
        handle expressions use (``steps.send``), never in the problem lines.
        """
        names = names if names is not None else scene_names(self)
        node = self.node
        head = f"{node.title} — {node.type}"
        action = self._catalog.get(node.action_id)
        if action is not None:
            head += f" · {action.title}"
        elif node.action_id:
            head += f" · {node.action_id}"
        lines = [head, *problem_lines(self._problems, names)]
        if node.type == "action" and node.title != node.id:
            lines.append(f"In expressions: steps.{node.id}")
        return "\n".join(lines)

    def moved(self) -> None:
        """Qt moved the item (a drag): remember where, and let its edges follow."""
        p = self.pos()
        self._x, self._y = p.x(), p.y()
        for edge in self.edges:
            edge.update_path()

    def setPos(self, x: float, y: float) -> None:  # type: ignore[override]  # noqa: N802
        """Moves the item and keeps its edges attached."""
        super().setPos(x, y)
        self._x, self._y = float(x), float(y)
        for edge in self.edges:
            edge.update_path()

    def _layout_texts(self) -> tuple[str, str]:
        w, _h = self._size
        node = self.node
        title_fm = QFontMetricsF(TITLE_FONT)
        sub_fm = QFontMetricsF(SUB_FONT)
        if node.type == "action":
            action = self._catalog.get(node.action_id)
            sub = action.title if action is not None else (node.action_id or "no action")
            room = w - 68  # the text box below is w - 62 wide: keep slack for hinting
            return (
                title_fm.elidedText(node.title, Qt.TextElideMode.ElideRight, room),
                sub_fm.elidedText(sub, Qt.TextElideMode.ElideRight, room),
            )
        if node.type in ("start", "end"):
            title = node.name or TYPE_LABELS[node.type]
            return title_fm.elidedText(title, Qt.TextElideMode.ElideRight, w - 48), ""
        if node.type == "condition":
            return title_fm.elidedText(node.name or node.id, Qt.TextElideMode.ElideRight, w * 0.62), ""
        sub = TYPE_LABELS.get(node.type, node.type)
        if node.type == "join":
            sub = f"Join · {node.join_mode}"
        return (
            title_fm.elidedText(node.name or node.id, Qt.TextElideMode.ElideRight, w - 54),
            sub_fm.elidedText(sub, Qt.TextElideMode.ElideRight, w - 54),
        )

    # ---------------------------------------------------------- geometry

    @property
    def size(self) -> tuple[float, float]:
        return self._size

    def shape(self) -> QPainterPath:
        return self._outline_path

    def has_input(self) -> bool:
        return self.node.type != "start"

    def has_output(self) -> bool:
        return self.node.type != "end"

    def input_xy(self) -> tuple[float, float]:
        """Scene coordinates of the input port (middle of the left side).

        Plain floats, kept by ``setPos``/``moved``: edges ask for them thousands
        of times when a big graph opens, and a Qt call per question adds up.
        """
        return self._x, self._y + self._size[1] / 2

    def output_xy(self) -> tuple[float, float]:
        """Scene coordinates of the output port (middle of the right side)."""
        return self._x + self._size[0], self._y + self._size[1] / 2

    def input_pos(self) -> QPointF:
        return QPointF(*self.input_xy())

    def output_pos(self) -> QPointF:
        return QPointF(*self.output_xy())

    def output_port_hit(self, scene_pos: QPointF, tolerance: float = 9.0) -> bool:
        """Is ``scene_pos`` on the output port (where a new edge drag starts)?"""
        if not self.has_output():
            return False
        d = scene_pos - self.output_pos()
        return d.x() * d.x() + d.y() * d.y() <= tolerance * tolerance

    # ----------------------------------------------------------- painting

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        c = self._colours
        scale = painter_scale(painter, option)
        t = self.node.type
        w, h = self._size
        room = label_room(t, w, h)
        detail = detail_for(scale, TITLE_PX, room[3])
        accent = c.accent(t)
        selected = self.isSelected()
        if detail is Detail.FLAT:
            painter.fillRect(QRectF(0, 0, w, h), c.selection if selected else accent)
            return
        outline = self._outline_path
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        shadow = QColor(0, 0, 0, 70 if c.dark else 28)
        painter.fillPath(outline.translated(0, 2.5), shadow)
        if t in ("start", "end"):
            painter.setBrush(accent)
            painter.setPen(QPen(c.selection if selected else accent.darker(130), 2 if selected else 1))
            painter.drawPath(outline)
        elif t == "condition":
            tint = QColor(accent)
            tint.setAlpha(70 if c.dark else 40)
            painter.setBrush(c.node_fill)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawPath(outline)
            painter.setBrush(tint)
            painter.setPen(QPen(c.selection if selected else accent, 2.5 if selected else 1.5))
            painter.drawPath(outline)
        else:
            painter.setBrush(c.node_fill)
            painter.setPen(QPen(c.selection if selected else c.node_border, 2.5 if selected else 1))
            painter.drawPath(outline)
            # accent band on the left edge
            band = QPainterPath()
            band.addRoundedRect(QRectF(0, 0, 10, h), 8, 8)
            clip = QPainterPath()
            clip.addRect(QRectF(0, 0, 5, h))
            painter.fillPath(band.intersected(clip), accent)
        if detail is Detail.TEXT:
            self._paint_content(painter, accent)
            self._paint_ports(painter)
        elif detail is Detail.LABEL:
            self._paint_label(painter, scale, room)
        if self._problems:
            self._paint_badge(painter, scale, detail)

    def label_text(self) -> str:
        """The name a far-away node shows: what its title line says, unelided."""
        node = self.node
        if node.type in ("start", "end"):
            return node.name or TYPE_LABELS[node.type]
        return node.title

    def _paint_label(self, painter: QPainter, scale: float,
                     room: tuple[float, float, float, float]) -> None:
        """The name alone, in a font big enough to read at this scale, elided to its room."""
        x, y, w, h = room
        key = round(scale * 1000)
        cached = self._label
        if cached is None or cached[0] != key:
            cached = self._label = (key, *self._fit_label(scale, w, h))
        _key, px, text = cached
        painter.setPen(QColor("white") if self.node.type in ("start", "end") else self._colours.text)
        painter.setFont(label_font(px))
        painter.drawText(QRectF(x, y, w, h), Qt.AlignmentFlag.AlignCenter, text)

    def _fit_label(self, scale: float, room_w: float, room_h: float) -> tuple[int, str]:
        """(font pixel size in scene units, text): the name shrunk towards the smallest
        readable size to fit its room, elided if it still does not.

        Measured at the size the glyphs get on screen: hinting makes small text
        relatively wider than the same text measured large and scaled down.
        """
        name = self.label_text()
        screen_px = label_pixel_size(scale, TITLE_PX, room_h) * scale
        room = room_w * scale * LABEL_ROOM_SLACK
        one_px = shrink_to_fit(
            screen_px, label_metrics(round(screen_px)).horizontalAdvance(name), room)
        text = label_metrics(round(one_px)).elidedText(name, Qt.TextElideMode.ElideRight, room)
        if text != name and " " in name.strip():  # "Finance appro…": try two whole lines
            two = _two_line_label(name, screen_px, room, room_h * scale)
            if two is not None:
                return round(two[0] / scale), two[1]
        return round(one_px / scale), text

    def _paint_content(self, painter: QPainter, accent: QColor) -> None:
        c = self._colours
        w, h = self._size
        t = self.node.type
        if self._texts is None:
            self._texts = self._layout_texts()
        title, sub = self._texts
        if t == "action":
            action = self._catalog.get(self.node.action_id)
            icon = action.icon if action is not None else "generic"
            tile = QRectF(14, (h - 34) / 2, 34, 34)
            tint = QColor(accent)
            tint.setAlpha(60 if c.dark else 28)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(tint)
            painter.drawRoundedRect(tile, 7, 7)
            painter.drawImage(
                QRectF(tile.x() + 7, tile.y() + 7, 20, 20), icon_image(icon, accent.name(), 40)
            )
            painter.setPen(c.text)
            painter.setFont(TITLE_FONT)
            painter.drawText(QRectF(56, 12, w - 62, 20), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
            painter.setPen(c.subtext)
            painter.setFont(SUB_FONT)
            painter.drawText(QRectF(56, 33, w - 62, 18), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, sub)
        elif t in ("start", "end"):
            white = QColor("white")
            painter.drawImage(QRectF(14, (h - 18) / 2, 18, 18), icon_image(TYPE_ICONS[t], white.name(), 36))
            painter.setPen(white)
            painter.setFont(TITLE_FONT)
            painter.drawText(QRectF(36, 0, w - 44, h), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, title)
        elif t == "condition":
            painter.drawImage(QRectF(w / 2 - 8, 10, 16, 16), icon_image(TYPE_ICONS[t], accent.name(), 32))
            painter.setPen(c.text)
            painter.setFont(TITLE_FONT)
            painter.drawText(QRectF(0, 26, w, h - 40), Qt.AlignmentFlag.AlignCenter, title)
        else:
            painter.drawImage(QRectF(16, (h - 20) / 2, 20, 20), icon_image(TYPE_ICONS.get(t, "generic"), accent.name(), 40))
            painter.setPen(c.text)
            painter.setFont(TITLE_FONT)
            painter.drawText(QRectF(44, 7, w - 48, 20), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
            painter.setPen(c.subtext)
            painter.setFont(SUB_FONT)
            painter.drawText(QRectF(44, 26, w - 48, 18), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, sub)

    def _paint_ports(self, painter: QPainter) -> None:
        c = self._colours
        w, h = self._size
        painter.setBrush(c.node_fill)
        painter.setPen(QPen(c.edge, 1.5))
        if self.has_input():
            painter.drawEllipse(QPointF(0, h / 2), PORT_RADIUS, PORT_RADIUS)
        if self.has_output():
            painter.drawEllipse(QPointF(w, h / 2), PORT_RADIUS, PORT_RADIUS)

    def _paint_badge(self, painter: QPainter, scale: float, detail: Detail) -> None:
        """Worst problem's colour in a circle on the top-right corner; enlarged when zoomed
        out so that a broken step is still spotted in a fitted view."""
        worst = "info"
        for p in self._problems:
            if p.severity == "error":
                worst = "error"
                break
            if p.severity == "warning":
                worst = "warning"
        w, _h = self._size
        r = BADGE_RADIUS
        if detail is not Detail.TEXT:
            r = max(r, BADGE_MIN_SCREEN_RADIUS / scale)
        cx = w - 4 if self.node.type != "condition" else w * 0.75
        # an enlarged badge moves inwards: the item's bounds end MARGIN outside the box
        centre = QPointF(min(cx, w + MARGIN - r), max(4.0, r - MARGIN))
        painter.setBrush(QBrush(QColor(SEVERITY_COLOURS[worst])))
        painter.setPen(QPen(self._colours.node_fill, 1.5))
        painter.drawEllipse(centre, r, r)
        if detail >= Detail.LABEL:
            painter.setPen(QColor("white"))
            painter.setFont(BADGE_FONT if detail is Detail.TEXT else label_font(round(r * 1.3)))
            painter.drawText(QRectF(centre.x() - r, centre.y() - r, 2 * r, 2 * r), Qt.AlignmentFlag.AlignCenter, "!")
