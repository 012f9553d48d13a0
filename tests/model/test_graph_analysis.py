"""Graph analysis helpers shared by validation, the dry run and the canvas."""

from __future__ import annotations

import networkx as nx
from bench.graphs import branching_document
from hypothesis import given, settings
from hypothesis import strategies as st

from flowdesk.model.document import Edge, Expression, Graph, Node
from flowdesk.model.graph_analysis import GraphAnalysis


def graph(edges: list[tuple[str, str]], types: dict[str, str] | None = None,
          conditions: dict[int, object] | None = None) -> Graph:
    ids = sorted({n for e in edges for n in e} | set(types or {}))
    nodes = tuple(Node(i, (types or {}).get(i, "action")) for i in ids)
    return Graph(nodes, tuple(
        Edge(f"e{k}", s, t, (conditions or {}).get(k)) for k, (s, t) in enumerate(edges)))


def test_topological_order_and_cycles():
    acyclic = GraphAnalysis(graph([("a", "b"), ("b", "c"), ("a", "c")]))
    assert acyclic.topological_order() == ["a", "b", "c"] and acyclic.cycles() == []
    cyclic = GraphAnalysis(graph([("a", "b"), ("b", "c"), ("c", "b"), ("d", "d"), ("c", "e")]))
    assert cyclic.topological_order() is None
    assert cyclic.cycles() == [["b", "c"], ["d"]]


def test_reachability_both_ways_ignores_edges_to_unknown_nodes():
    analysis = GraphAnalysis(Graph(
        (Node("a", "start"), Node("b", "action"), Node("c", "end"), Node("x", "action")),
        (Edge("e1", "a", "b"), Edge("e2", "b", "c"), Edge("e3", "x", "ghost")),
    ))
    assert analysis.reachable_from(["a"]) == {"a", "b", "c"}
    assert analysis.reaching(["c"]) == {"a", "b", "c"}
    assert analysis.successors("x") == []


def test_upstream_sets():
    analysis = GraphAnalysis(graph([("a", "b"), ("b", "d"), ("a", "c"), ("c", "d"), ("d", "e")]))
    upstream = analysis.upstream(["d", "c"])
    assert upstream.ancestors("d") == {"a", "b", "c"}
    assert upstream.is_upstream("b", "d") and not upstream.is_upstream("b", "c")
    assert not upstream.is_upstream("e", "d")
    assert not upstream.is_upstream("a", "e")  # e was not asked about


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), max_size=25))
def test_upstream_matches_networkx(pairs):
    edges = [(f"n{a}", f"n{b}") for a, b in pairs]
    g = graph(edges, types={f"n{i}": "action" for i in range(10)})
    analysis = GraphAnalysis(g)
    reference = nx.DiGraph()
    reference.add_nodes_from(n.id for n in g.nodes)
    reference.add_edges_from(edges)
    upstream = analysis.upstream([n.id for n in g.nodes])
    for node in g.nodes:
        assert upstream.ancestors(node.id) == nx.ancestors(reference, node.id)


def test_exclusive_branches_of_a_condition_meet_at_an_all_join():
    g = Graph(
        (Node("s", "start"), Node("c", "condition"), Node("a", "action"), Node("b", "action"),
         Node("j", "join"), Node("e", "end")),
        (Edge("e1", "s", "c"), Edge("e2", "c", "a", Expression("x")),
         Edge("e3", "c", "b", "otherwise"), Edge("e4", "a", "j"), Edge("e5", "b", "j"),
         Edge("e6", "j", "e")),
    )
    [conflict] = GraphAnalysis(g).exclusive_join_conflicts()
    assert (conflict.join, conflict.branch_node) == ("j", "c")
    assert {conflict.first, conflict.second} == {"e2", "e3"}
    assert {conflict.first_edge, conflict.second_edge} == {"e4", "e5"}


def test_branches_that_reconverge_before_the_join_are_not_exclusive():
    g = Graph(
        (Node("s", "start"), Node("c", "condition"), Node("a", "action"), Node("b", "action"),
         Node("m", "join", mode="any"), Node("p", "parallel"), Node("x", "action"),
         Node("y", "action"), Node("j", "join"), Node("e", "end")),
        (Edge("e1", "s", "c"), Edge("e2", "c", "a", Expression("x")),
         Edge("e3", "c", "b", "otherwise"), Edge("e4", "a", "m"), Edge("e5", "b", "m"),
         Edge("e6", "m", "p"), Edge("e7", "p", "x"), Edge("e8", "p", "y"), Edge("e9", "x", "j"),
         Edge("e10", "y", "j"), Edge("e11", "j", "e")),
    )
    assert GraphAnalysis(g).exclusive_join_conflicts() == []


def test_generated_graphs_are_acyclic_and_fully_connected():
    document = branching_document(2000)
    analysis = GraphAnalysis(document.graph)
    ids = {n.id for n in document.graph.nodes}
    assert analysis.is_acyclic
    assert analysis.reachable_from(["start"]) == ids == analysis.reaching(["end"])
    assert analysis.exclusive_join_conflicts() == []
