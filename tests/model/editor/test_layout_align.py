"""Auto-layout and align/distribute: geometry a user would check (no Qt)."""

from __future__ import annotations

from dataclasses import replace

from bench.graphs import branching_document

from flowdesk.model.document import Edge, Graph, Node, Position
from flowdesk.model.editor.align import align, distribute
from flowdesk.model.editor.geometry import node_size
from flowdesk.model.editor.layout import auto_layout, compute_layout


def unplaced(graph: Graph) -> Graph:
    return replace(graph, nodes=tuple(replace(n, position=None) for n in graph.nodes))


def boxes(graph: Graph, positions: dict[str, Position]) -> dict[str, tuple[float, float, float, float]]:
    out = {}
    for n in graph.nodes:
        p = positions.get(n.id) or n.position
        w, h = node_size(n.type)
        out[n.id] = (p.x, p.y, w, h)
    return out


def overlapping(b: dict[str, tuple[float, float, float, float]]) -> list[tuple[str, str]]:
    items = sorted(b.items(), key=lambda kv: kv[1][0])
    bad = []
    for i, (a, ra) in enumerate(items):
        for c, rc in items[i + 1:]:
            if rc[0] >= ra[0] + ra[2]:
                break
            if ra[1] < rc[1] + rc[3] and rc[1] < ra[1] + ra[3]:
                bad.append((a, c))
    return bad


def test_layout_of_a_branching_graph_has_no_overlaps_and_points_right() -> None:
    graph = unplaced(branching_document(150, seed=4).graph)
    pos = auto_layout(graph)
    assert set(pos) == {n.id for n in graph.nodes}
    b = boxes(graph, pos)
    assert overlapping(b) == []
    for e in graph.edges:  # every edge goes from a column to a later one
        assert b[e.source][0] + b[e.source][2] < b[e.target][0], e


def test_branches_fan_out_and_joins_are_centred() -> None:
    nodes = [Node("start", "start"), Node("fork", "parallel"), Node("a", "action"),
             Node("b", "action"), Node("c", "action"), Node("join", "join"), Node("end", "end")]
    edges = [Edge("1", "start", "fork"), Edge("2", "fork", "a"), Edge("3", "fork", "b"),
             Edge("4", "fork", "c"), Edge("5", "a", "join"), Edge("6", "b", "join"),
             Edge("7", "c", "join"), Edge("8", "join", "end")]
    graph = Graph(tuple(nodes), tuple(edges))
    pos = compute_layout(graph)

    def centre_y(i: str) -> float:
        return pos[i].y + node_size(graph.node(i).type)[1] / 2

    branch_ys = sorted(centre_y(i) for i in "abc")
    assert branch_ys[0] < branch_ys[1] < branch_ys[2]  # fanned, not stacked on one line
    assert pos["a"].x == pos["b"].x == pos["c"].x  # one column
    assert abs(centre_y("join") - sum(branch_ys) / 3) < 1  # the join sits in the middle
    assert abs(centre_y("fork") - centre_y("join")) < 1
    assert abs(centre_y("start") - centre_y("fork")) < 1  # a straight line into the fork


def test_only_unplaced_nodes_move_unless_asked() -> None:
    graph = branching_document(40, seed=1).graph
    nodes = list(graph.nodes)
    nodes[5] = replace(nodes[5], position=None)
    nodes[6] = replace(nodes[6], position=None)
    graph = replace(graph, nodes=tuple(nodes))
    pos = auto_layout(graph, only_unplaced=True)
    assert set(pos) == {nodes[5].id, nodes[6].id}
    b = boxes(graph, pos)
    assert overlapping(b) == []
    everything = auto_layout(graph, only_unplaced=False)
    assert len(everything) > 2


def test_layout_survives_a_cycle_in_a_loaded_document() -> None:
    graph = Graph((Node("a", "action"), Node("b", "action")),
                  (Edge("1", "a", "b"), Edge("2", "b", "a")))
    pos = compute_layout(graph)
    assert pos["a"].x != pos["b"].x


def test_align_left_and_vcenter_and_distribute() -> None:
    nodes = [Node("a", "action", position=Position(50, 0)),
             Node("b", "action", position=Position(10, 100)),
             Node("c", "start", position=Position(500, 300))]
    left = align(nodes, "left")
    assert {k: p.x for k, p in left.items()} == {"a": 10, "c": 10}
    mid = align(nodes, "vcenter")
    centres = {n.id: (mid.get(n.id) or n.position).y + node_size(n.type)[1] / 2 for n in nodes}
    assert len(set(centres.values())) == 1
    spread = distribute(nodes, "vertical")
    ys = sorted(((spread.get(n.id) or n.position).y, node_size(n.type)[1]) for n in nodes)
    gaps = [ys[i + 1][0] - (ys[i][0] + ys[i][1]) for i in range(2)]
    assert abs(gaps[0] - gaps[1]) < 1e-9
    assert align(nodes[:1], "left") == {}
