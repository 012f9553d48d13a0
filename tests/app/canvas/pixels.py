"""Reading a rendered canvas the way an eye does: is there text inside a box, how tall,
and does the drawing fill the view?"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QRect, QRectF
from PySide6.QtGui import QColor, QImage

from flowdesk.app.canvas.detail import label_room
from flowdesk.app.canvas.node_item import NodeItem
from flowdesk.app.canvas.view import FIT_MARGIN_PX, CanvasView

#: a glyph pixel stands out this much (HSL lightness, 0-255) from the box behind it
CONTRAST = 100


@dataclass(frozen=True)
class Ink:
    pixels: int  # pixels that contrast with the box's own colour
    height: int  # rows from the first to the last such pixel
    lines: int  # runs of rows with such pixels: lines of text


def ink_in(image: QImage, rect: QRect) -> Ink:
    """Strongly contrasting pixels inside ``rect``, against the rect's most common colour."""
    rect = rect.intersected(image.rect())
    colours = Counter(image.pixel(x, y) for x in range(rect.left(), rect.right() + 1)
                      for y in range(rect.top(), rect.bottom() + 1))
    if not colours:
        return Ink(0, 0, 0)
    ground = QColor(colours.most_common(1)[0][0]).lightness()
    rows = [y for x in range(rect.left(), rect.right() + 1)
            for y in range(rect.top(), rect.bottom() + 1)
            if abs(QColor(image.pixel(x, y)).lightness() - ground) >= CONTRAST]
    if not rows:
        return Ink(0, 0, 0)
    inked = sorted(set(rows))
    lines = 1 + sum(1 for a, b in itertools.pairwise(inked) if b - a > 1)
    return Ink(len(rows), inked[-1] - inked[0] + 1, lines)


def label_rect_on_screen(view: CanvasView, item: NodeItem) -> QRect:
    """Where the node's name label goes, in viewport pixels."""
    w, h = item.size
    x, y, rw, rh = label_room(item.node.type, w, h)
    scene_rect = item.mapRectToScene(QRectF(x, y, rw, rh))
    return view.mapFromScene(scene_rect).boundingRect()


def grab(view: CanvasView) -> QImage:
    return view.viewport().grab().toImage()


def assert_fills_the_view(view: CanvasView, rect: QRectF) -> None:
    on_screen = view.mapFromScene(rect).boundingRect()
    viewport = view.viewport().rect()
    assert viewport.contains(on_screen), (on_screen, viewport)
    room_w = viewport.width() - 2 * FIT_MARGIN_PX
    room_h = viewport.height() - 2 * FIT_MARGIN_PX
    assert view.zoom == pytest.approx(1.0) or (
        on_screen.width() >= room_w - 3 or on_screen.height() >= room_h - 3)
