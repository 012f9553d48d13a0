"""How big a picture of a graph may get, and which positions can be drawn at all.

A 5,000-node linear workflow is over a million pixels wide at natural size;
Qt refuses such an image ("exceeds user limit") and the export used to leave an
empty file. Pictures are therefore scaled down to fit :data:`MAX_IMAGE_SIDE`
pixels on their longer side and :data:`MAX_IMAGE_PIXELS` in all (128 MB of
ARGB), and positions must be finite and within :data:`MAX_COORDINATE` of the
origin (a node at 1e300 or Infinity has no place on any picture).
"""

from __future__ import annotations

import math

from flowdesk.model.document import Graph

MAX_IMAGE_SIDE = 16_384
MAX_IMAGE_PIXELS = 32 * 1024 * 1024
MAX_COORDINATE = 10_000_000.0


def fit_image_size(width: float, height: float) -> tuple[int, int]:
    """``width`` x ``height`` scaled down (aspect kept) to the side and pixel limits."""
    width, height = max(1.0, width), max(1.0, height)
    factor = min(1.0, MAX_IMAGE_SIDE / width, MAX_IMAGE_SIDE / height,
                 math.sqrt(MAX_IMAGE_PIXELS / (width * height)))
    return max(1, math.floor(width * factor)), max(1, math.floor(height * factor))


def undrawable_position(graph: Graph) -> str | None:
    """Why the first node or note that cannot be drawn cannot be, naming it; else None."""
    items = [("node", n.id, n.position) for n in graph.nodes]
    items += [("note", n.id, n.position) for n in graph.notes or ()]
    for kind, item_id, position in items:
        if position is None:
            continue
        for axis, value in (("x", position.x), ("y", position.y)):
            if not abs(value) <= MAX_COORDINATE:  # also false for NaN; exact for huge ints
                return (f"{kind} {item_id!r}: position {axis}={value!r} cannot be drawn "
                        f"(positions are finite numbers within \u00b1{MAX_COORDINATE:,.0f})")
    return None
