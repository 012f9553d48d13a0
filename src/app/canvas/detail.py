"""Level of detail: how much of an item to draw, decided by how big its text is on screen.

A fixed zoom threshold gets this wrong: at the zoom Fit picks for an ordinary
workflow in an ordinary window, the 13 px titles are 4 device pixels tall and
vanish, yet a bigger name fits in every box. So the decision is made in device
pixels (the painter's world transform times the device pixel ratio):

* ``TEXT``: the normal font is legible; draw everything.
* ``LABEL``: it is not, but a name-only label in a bigger font (at least
  ``LABEL_MIN_PX`` on screen, at most ``LABEL_FILL`` of the box's height) fits.
* ``SHAPES``: no readable label fits; the outline alone.
* ``FLAT``: a true overview; a filled box, as cheap as painting gets.

Pure arithmetic on floats, so it is tested without a window.
"""

from __future__ import annotations

from enum import IntEnum


class Detail(IntEnum):
    FLAT = 0
    SHAPES = 1
    LABEL = 2
    TEXT = 3


#: the normal font is legible from this many device pixels
TEXT_MIN_PX = 7.0
#: a name label smaller than this on screen is not worth drawing
LABEL_MIN_PX = 8.0
#: the on-screen size a name label aims for
LABEL_TARGET_PX = 9.0
#: a label's pixel size may fill at most this share of its room's height
LABEL_FILL = 0.7
#: below this device scale nothing but filled boxes and hairlines is drawn
FLAT_SCALE = 0.16


def device_scale(level_of_detail: float, device_pixel_ratio: float) -> float:
    """Device pixels per scene unit: the world transform's scale times the screen's ratio."""
    return level_of_detail * (device_pixel_ratio or 1.0)


def label_pixel_size(scale: float, font_px: float, room_height: float) -> float:
    """The name label's font size in scene units.

    It aims at ``LABEL_TARGET_PX`` on screen, is never smaller than the normal
    font (the label is the *larger* fallback) and never taller than
    ``LABEL_FILL`` of the room it is clipped to.
    """
    if scale <= 0:
        return 0.0
    return min(max(font_px, LABEL_TARGET_PX / scale), room_height * LABEL_FILL)


def detail_for(scale: float, font_px: float, room_height: float) -> Detail:
    """What to draw of an item whose normal font is ``font_px`` scene pixels and whose
    name label would sit in a room ``room_height`` scene units tall, at ``scale``
    device pixels per scene unit."""
    if font_px * scale >= TEXT_MIN_PX:
        return Detail.TEXT
    if scale < FLAT_SCALE:
        return Detail.FLAT
    if label_pixel_size(scale, font_px, room_height) * scale >= LABEL_MIN_PX:
        return Detail.LABEL
    return Detail.SHAPES


def shrink_to_fit(pixel_size: float, text_width: float, room_width: float) -> float:
    """A label's on-screen pixel size, made smaller (not below ``LABEL_MIN_PX``) so that
    text ``text_width`` wide at ``pixel_size`` fits ``room_width``; what still does not
    fit is elided by the caller."""
    if text_width <= room_width or text_width <= 0:
        return pixel_size
    return max(min(LABEL_MIN_PX, pixel_size), pixel_size * room_width / text_width)


def text_visible(scale: float, font_px: float) -> bool:
    """Is text in ``font_px`` legible at ``scale`` (edge labels, badges, chips)?"""
    return font_px * scale >= TEXT_MIN_PX


def label_room(node_type: str, width: float, height: float) -> tuple[float, float, float, float]:
    """(x, y, w, h) inside a node's box where its name label goes, in item coordinates.

    Clear of the accent band on boxes and of the rounded ends on pills (a label
    has no icon beside it), inside the diamond's middle on conditions.
    """
    if node_type in ("start", "end"):
        inset = height * 0.2
        return inset, 0.0, width - 2 * inset, height
    if node_type == "condition":
        return width * 0.15, height * 0.2, width * 0.7, height * 0.6
    return 9.0, 0.0, width - 14.0, height
