"""The level-of-detail decision, in device pixels, without a window."""

from __future__ import annotations

import pytest

from flowdesk.app.canvas.detail import (
    FLAT_SCALE,
    LABEL_FILL,
    LABEL_MIN_PX,
    TEXT_MIN_PX,
    Detail,
    detail_for,
    device_scale,
    label_pixel_size,
    label_room,
    shrink_to_fit,
)
from flowdesk.app.canvas.node_item import TITLE_PX
from flowdesk.model.editor.geometry import node_size

ACTION_ROOM = label_room("action", *node_size("action"))[3]
PILL_ROOM = label_room("start", *node_size("start"))[3]


def test_text_is_drawn_once_the_normal_font_reaches_the_legible_size_on_screen() -> None:
    just_legible = TEXT_MIN_PX / TITLE_PX
    assert detail_for(1.0, TITLE_PX, ACTION_ROOM) is Detail.TEXT
    assert detail_for(just_legible, TITLE_PX, ACTION_ROOM) is Detail.TEXT
    assert detail_for(just_legible * 0.95, TITLE_PX, ACTION_ROOM) is Detail.LABEL


def test_the_decision_is_made_in_device_pixels_not_zoom() -> None:
    # the zoom a fitted 8-node workflow gets in a 1280x800 window: labels, not text...
    assert detail_for(device_scale(0.36, 1.0), TITLE_PX, ACTION_ROOM) is Detail.LABEL
    # ... but on a HiDPI screen (2 device pixels per point) the same zoom shows every text
    assert detail_for(device_scale(0.36, 2.0), TITLE_PX, ACTION_ROOM) is Detail.TEXT


@pytest.mark.parametrize("scale", [0.2, 0.25, 0.3, 0.36, 0.45, 0.5])
def test_a_label_is_bigger_than_the_normal_font_and_readable_on_screen(scale: float) -> None:
    assert detail_for(scale, TITLE_PX, ACTION_ROOM) is Detail.LABEL
    px = label_pixel_size(scale, TITLE_PX, ACTION_ROOM)
    assert px > TITLE_PX  # the larger name-only font
    assert px * scale >= LABEL_MIN_PX  # at least 8 device pixels
    assert px <= ACTION_ROOM * LABEL_FILL  # and clipped to the box


def test_small_boxes_drop_their_label_before_big_ones_then_everything_goes_flat() -> None:
    scale = 0.2  # a 48-unit pill is under 10 px tall: no readable label fits
    assert detail_for(scale, TITLE_PX, PILL_ROOM) is Detail.SHAPES
    assert detail_for(scale, TITLE_PX, ACTION_ROOM) is Detail.LABEL
    assert detail_for(FLAT_SCALE * 0.99, TITLE_PX, ACTION_ROOM) is Detail.FLAT
    assert detail_for(0.01, TITLE_PX, ACTION_ROOM) is Detail.FLAT


def test_label_rooms_stay_inside_the_node_box() -> None:
    for node_type in ("start", "end", "action", "condition", "parallel", "join"):
        w, h = node_size(node_type)
        x, y, rw, rh = label_room(node_type, w, h)
        assert x >= 0 and y >= 0 and x + rw <= w and y + rh <= h and rw > w / 2


def test_a_long_name_shrinks_towards_the_smallest_readable_size_but_no_further() -> None:
    assert shrink_to_fit(9.0, 40.0, 50.0) == 9.0  # fits: unchanged
    assert shrink_to_fit(9.0, 54.0, 50.0) == pytest.approx(9.0 * 50 / 54)
    assert shrink_to_fit(9.0, 200.0, 50.0) == LABEL_MIN_PX  # the rest is elided
