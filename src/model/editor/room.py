"""Making room for inserted or pasted nodes: which neighbours move, and how far.

Graphs flow left to right, so room is made to the right: the nodes *after* a
new node (to its right, overlapping its box with a small gap) move right just
far enough, and so does everything downstream of them, so edges keep pointing
forward and no moved node lands on another. Nodes before the new one never
move. Pure functions: the undo commands replay the result with one
``move_nodes`` call, so one Ctrl+Z puts everything back.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from flowdesk.model.document import Graph, Node, Position
from flowdesk.model.editor.geometry import GRID, node_rect

#: the free space kept between a new node and the neighbours moved away from it
ROOM_GAP = 40.0


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @classmethod
    def of(cls, node: Node) -> Box:
        return cls(*node_rect(node))

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def centre_x(self) -> float:
        return self.x + self.w / 2

    def moved(self, dx: float) -> Box:
        return Box(self.x + dx, self.y, self.w, self.h)

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        return (self.x < other.right + gap and other.x < self.right + gap
                and self.y < other.y + other.h + gap and other.y < self.y + self.h + gap)


class _Buckets:
    """Boxes filed by the grid cells they touch: overlap queries look at neighbours only,
    so making room in a graph of thousands of steps stays fast."""

    CELL = 256.0

    def __init__(self, boxes: Mapping[str, Box]) -> None:
        self.boxes = boxes
        self.cells: dict[tuple[int, int], list[str]] = {}
        for node_id, box in boxes.items():
            for cell in self._cells(box, 0.0):
                self.cells.setdefault(cell, []).append(node_id)

    def _cells(self, box: Box, gap: float) -> Iterable[tuple[int, int]]:
        c = self.CELL
        for i in range(math.floor((box.x - gap) / c), math.floor((box.right + gap) / c) + 1):
            for j in range(math.floor((box.y - gap) / c),
                           math.floor((box.y + box.h + gap) / c) + 1):
                yield i, j

    def overlapping(self, box: Box, gap: float = 0.0) -> set[str]:
        found: set[str] = set()
        for cell in self._cells(box, gap):
            for node_id in self.cells.get(cell, ()):
                if node_id not in found and box.overlaps(self.boxes[node_id], gap):
                    found.add(node_id)
        return found


def _successors(graph: Graph) -> dict[str, list[str]]:
    succ: dict[str, list[str]] = {}
    for edge in graph.edges:
        succ.setdefault(edge.source, []).append(edge.target)
    return succ


def _downstream(start: Iterable[str], succ: Mapping[str, list[str]], placed: set[str]) -> set[str]:
    seen: set[str] = set()
    stack = [s for s in start if s in placed]
    while stack:
        node_id = stack.pop()
        if node_id in seen:
            continue
        seen.add(node_id)
        stack.extend(t for t in succ.get(node_id, ()) if t in placed and t not in seen)
    return seen


def make_room(graph: Graph, new_nodes: Iterable[Node], gap: float = ROOM_GAP,
              keep: Iterable[str] = ()) -> dict[str, Position]:
    """New positions for the existing nodes of ``graph`` that make way for ``new_nodes``.

    A placed node overlapping a new node's box (within ``gap``) whose centre is
    at or right of the new node's centre is *after* it and moves right until
    the gap is free; its downstream nodes and any node the moved ones would
    then land on move by the same amount. Nodes in ``keep`` (an inserted node's
    source, say) never move. Unplaced nodes are left to auto-layout. Returns an
    empty mapping when nothing is in the way.
    """
    new = [n for n in new_nodes if n.position is not None]
    new_ids = {n.id for n in new}
    kept = set(keep)
    boxes = {n.id: Box.of(n) for n in graph.nodes
             if n.position is not None and n.id not in new_ids}
    placed = set(boxes)
    index = _Buckets(boxes)
    dx = 0.0
    blockers: set[str] = set()
    for node in new:
        box = Box.of(node)
        for node_id in index.overlapping(box, gap):
            other = boxes[node_id]
            if node_id in kept or other.centre_x < box.centre_x:
                continue
            blockers.add(node_id)
            dx = max(dx, box.right + gap - other.x)
    if not blockers:
        return {}
    dx = math.ceil(dx / GRID) * GRID  # snapped nodes stay on the grid
    succ = _successors(graph)
    moving = _downstream(blockers, succ, placed) - kept
    checked: set[str] = set()
    while True:  # moved nodes must not land on ones that stay
        landed: set[str] = set()
        for node_id in moving - checked:
            landed |= index.overlapping(boxes[node_id].moved(dx))
        checked |= moving
        landed -= moving | kept
        if not landed:
            break
        moving |= _downstream(landed, succ, placed) - kept
    return {node_id: Position(boxes[node_id].x + dx, boxes[node_id].y) for node_id in
            sorted(moving, key=lambda i: (boxes[i].x, boxes[i].y, i))}


def room_for_insert(graph: Graph, node: Node, source_id: str, gap: float = ROOM_GAP
                    ) -> tuple[Node, dict[str, Position]]:
    """``node`` put into an edge leaving ``source_id``, and the moves that make room.

    The new node starts no further left than ``gap`` past the source's right
    side (a drop near the source would otherwise put it on top of it); then the
    nodes after it move right. The source and the nodes before it stay.
    """
    source = next((n for n in graph.nodes if n.id == source_id), None)
    placed = node
    if source is not None and source.position is not None and node.position is not None:
        least = Box.of(source).right + gap
        if node.position.x < least:
            x = math.ceil(least / GRID) * GRID
            placed = replace(node, position=Position(x, node.position.y))
    keep = _upstream(graph, source_id)
    return placed, make_room(graph, [placed], gap, keep)


def _upstream(graph: Graph, node_id: str) -> set[str]:
    preds: dict[str, list[str]] = {}
    for edge in graph.edges:
        preds.setdefault(edge.target, []).append(edge.source)
    seen: set[str] = set()
    stack = [node_id]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        stack.extend(preds.get(current, ()))
    return seen
