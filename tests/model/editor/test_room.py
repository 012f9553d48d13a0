"""Making room for inserted and pasted nodes: who moves, how far, who stays (no Qt)."""

from __future__ import annotations

from flowdesk.model.document import Edge, Graph, Node, Position
from flowdesk.model.editor.geometry import GRID, node_size
from flowdesk.model.editor.room import ROOM_GAP, Box, make_room, room_for_insert

W, H = node_size("action")


def act(node_id: str, x: float, y: float) -> Node:
    return Node(node_id, "action", position=Position(x, y))


def chain() -> Graph:
    """a -> b -> c in a row, 120 apart (less than a node's width: no room in between)."""
    nodes = (act("a", 0, 0), act("b", 340, 0), act("c", 680, 0), act("below", 340, 300))
    edges = (Edge("e1", "a", "b"), Edge("e2", "b", "c"))
    return Graph(nodes, edges)


def overlaps_any(graph: Graph, moved: dict[str, Position], new: Node) -> bool:
    boxes = {n.id: Box.of(n) for n in graph.nodes}
    for node_id, pos in moved.items():
        boxes[node_id] = Box(pos.x, pos.y, boxes[node_id].w, boxes[node_id].h)
    box = Box.of(new)
    return any(box.overlaps(b) for b in boxes.values())


def test_nothing_moves_when_the_space_is_free() -> None:
    assert make_room(chain(), [act("new", 0, 600)]) == {}


def test_the_node_after_the_new_one_and_its_downstream_move_right_by_the_same_amount() -> None:
    graph = chain()
    new = act("new", 300, 20)  # lands on b
    moved = make_room(graph, [new])
    assert set(moved) == {"b", "c"}
    dx = moved["b"].x - 340
    assert dx == moved["c"].x - 680 > 0
    assert dx % GRID == 0
    assert moved["b"].x >= 300 + W + ROOM_GAP  # the gap is free
    assert moved["b"].y == 0 and moved["c"].y == 0  # flow is left to right: only x changes
    assert not overlaps_any(graph, moved, new)


def test_nodes_before_the_new_one_never_move() -> None:
    graph = chain()
    new = act("new", 440, 10)  # its centre is right of b's: b is before it
    moved = make_room(graph, [new])
    assert "b" not in moved and "a" not in moved
    assert "c" in moved  # c was within the gap on the right


def test_a_moved_node_pushes_a_node_it_would_land_on() -> None:
    nodes = (act("a", 0, 0), act("b", 260, 0), act("other", 520, 0))  # other is not connected
    graph = Graph(nodes, (Edge("e1", "a", "b"),))
    moved = make_room(graph, [act("new", 240, 0)])
    assert set(moved) == {"b", "other"}
    assert moved["other"].x - 520 == moved["b"].x - 260


def test_kept_nodes_stay_put() -> None:
    assert "b" not in make_room(chain(), [act("new", 300, 20)], keep=["b"])


def test_insert_on_an_edge_starts_past_the_source_and_pushes_the_target() -> None:
    graph = chain()
    dropped = act("new", 100, 0)  # dropped almost on a, the edge's source
    placed, moved = room_for_insert(graph, dropped, "a")
    assert placed.position is not None and placed.position.x >= W + ROOM_GAP
    assert "a" not in moved
    assert {"b", "c"} <= set(moved)
    assert not overlaps_any(graph, moved, placed)
    assert "below" not in moved  # not in the way, not downstream


def test_unplaced_nodes_are_left_to_auto_layout() -> None:
    graph = Graph((act("a", 0, 0), Node("free", "action")), ())
    assert make_room(graph, [act("new", 20, 0)]) == {}
