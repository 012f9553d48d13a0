"""Node sizes and port positions shared by the layout (Qt-free) and the canvas.

A node's ``position`` is the top-left corner of its box in scene units; the
input port sits in the middle of the left side and the output port in the
middle of the right side, so edges run left to right.
"""

from __future__ import annotations

from flowdesk.model.document import Node, Position

NODE_SIZES: dict[str, tuple[float, float]] = {
    "start": (120.0, 48.0),
    "end": (120.0, 48.0),
    "action": (208.0, 64.0),
    "condition": (168.0, 84.0),
    "parallel": (150.0, 52.0),
    "join": (150.0, 52.0),
}
DEFAULT_SIZE = (208.0, 64.0)
NOTE_SIZE = (180.0, 100.0)
GRID = 20.0


def node_size(node_type: str) -> tuple[float, float]:
    return NODE_SIZES.get(node_type, DEFAULT_SIZE)


_ORIGIN = Position(0, 0)


def node_rect(node: Node) -> tuple[float, float, float, float]:
    """(x, y, width, height) of a node; unplaced nodes sit at the origin."""
    pos = node.position or _ORIGIN
    w, h = node_size(node.type)
    return pos.x, pos.y, w, h


def output_port(node: Node) -> tuple[float, float]:
    x, y, w, h = node_rect(node)
    return x + w, y + h / 2


def input_port(node: Node) -> tuple[float, float]:
    x, y, _w, h = node_rect(node)
    return x, y + h / 2


def snap(value: float, grid: float = GRID) -> float:
    return round(value / grid) * grid
