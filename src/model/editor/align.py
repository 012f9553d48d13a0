"""Align and distribute selected nodes (pure arithmetic on their boxes).

Each function takes the selected nodes and returns ``{id: Position}`` for the
ones that move, which an undo command then applies through ``move_nodes``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from flowdesk.model.document import Node, Position
from flowdesk.model.editor.geometry import node_size

Alignment = Literal["left", "right", "top", "bottom", "hcenter", "vcenter"]
ALIGNMENTS: tuple[str, ...] = ("left", "right", "top", "bottom", "hcenter", "vcenter")


def _box(node: Node) -> tuple[float, float, float, float]:
    pos = node.position or Position(0, 0)
    w, h = node_size(node.type)
    return pos.x, pos.y, w, h


def align(nodes: Sequence[Node], how: Alignment) -> dict[str, Position]:
    """Lines the nodes up on the edge or centre line of their common bounding box."""
    if len(nodes) < 2:
        return {}
    if how not in ALIGNMENTS:
        raise ValueError(f"unknown alignment {how!r}; use one of {', '.join(ALIGNMENTS)}")
    boxes = {n.id: _box(n) for n in nodes}
    left = min(b[0] for b in boxes.values())
    right = max(b[0] + b[2] for b in boxes.values())
    top = min(b[1] for b in boxes.values())
    bottom = max(b[1] + b[3] for b in boxes.values())
    out: dict[str, Position] = {}
    for nid, (x, y, w, h) in boxes.items():
        if how == "left":
            new = Position(left, y)
        elif how == "right":
            new = Position(right - w, y)
        elif how == "top":
            new = Position(x, top)
        elif how == "bottom":
            new = Position(x, bottom - h)
        elif how == "hcenter":  # one vertical line through the centres
            new = Position((left + right) / 2 - w / 2, y)
        else:  # vcenter: one horizontal line through the centres
            new = Position(x, (top + bottom) / 2 - h / 2)
        if new != Position(x, y):
            out[nid] = new
    return out


def distribute(nodes: Sequence[Node], axis: Literal["horizontal", "vertical"]) -> dict[str, Position]:
    """Equal gaps between the nodes along ``axis``, keeping the outer two in place."""
    if len(nodes) < 3:
        return {}
    if axis not in ("horizontal", "vertical"):
        raise ValueError(f"unknown axis {axis!r}; use horizontal or vertical")
    horizontal = axis == "horizontal"
    boxes = sorted((_box(n) + (n.id,) for n in nodes), key=lambda b: b[0] if horizontal else b[1])
    start = boxes[0][0] if horizontal else boxes[0][1]
    end = (boxes[-1][0] + boxes[-1][2]) if horizontal else (boxes[-1][1] + boxes[-1][3])
    total = sum(b[2] if horizontal else b[3] for b in boxes)
    gap = (end - start - total) / (len(boxes) - 1)
    out: dict[str, Position] = {}
    cursor = start
    for x, y, w, h, nid in boxes:
        new = Position(cursor, y) if horizontal else Position(x, cursor)
        if new != Position(x, y):
            out[nid] = new
        cursor += (w if horizontal else h) + gap
    return out
