"""Action and node-type icons: SVG line icons tinted to a colour, cached as pixmaps.

Rendering an SVG is slow compared with blitting a pixmap, so each (name,
colour, size) is rendered once. Unknown names fall back to ``generic``.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from flowdesk.model.resources import resource

FALLBACK = "generic"
TYPE_ICONS = {
    "start": "play",
    "end": "stop",
    "condition": "branch",
    "parallel": "fork",
    "join": "merge",
    "action": FALLBACK,
}


@cache
def _svg_bytes(name: str) -> bytes | None:
    node = resource("icons", f"{name}.svg")
    try:
        return node.read_bytes()
    except (FileNotFoundError, OSError):
        return None


def has_icon(name: str) -> bool:
    return _svg_bytes(name) is not None


@cache
def _renderer(name: str) -> QSvgRenderer:
    data = _svg_bytes(name) or _svg_bytes(FALLBACK) or b"<svg xmlns='http://www.w3.org/2000/svg'/>"
    return QSvgRenderer(data)


def icon_image(name: str, colour: str, size: int) -> QImage:
    """The icon ``name`` drawn in ``colour`` on a transparent ``size`` x ``size`` image."""
    return _icon_image(name if has_icon(name) else FALLBACK, colour, size)


@cache
def _icon_image(name: str, colour: str, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    _renderer(name).render(painter, QRectF(0, 0, size, size))
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
    painter.fillRect(image.rect(), QColor(colour))
    painter.end()
    return image


def icon_pixmap(name: str, colour: str, size: int) -> QPixmap:
    return QPixmap.fromImage(icon_image(name, colour, size))
