"""Property-based checks of auto-layout and copy/paste on random graphs (no Qt)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from flowdesk.model.document import Edge, Graph, Node, Note, Position, empty_document
from flowdesk.model.editor.clipboard import copy_to_text, fragment_from_text, prepare_paste
from flowdesk.model.editor.geometry import node_size
from flowdesk.model.editor.layout import compute_layout
from flowdesk.model.editor.workflow_model import WorkflowModel

TYPES = ("action", "condition", "parallel", "join", "action", "action")


@st.composite
def dags(draw: st.DrawFn) -> Graph:
    n = draw(st.integers(1, 25))
    types = [draw(st.sampled_from(TYPES)) for _ in range(n)]
    nodes = tuple(Node(f"n{i}", t) for i, t in enumerate(types))
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=40))
    unique = sorted({(min(a, b), max(a, b)) for a, b in pairs if a != b})
    edges = tuple(Edge(f"e{k}", f"n{a}", f"n{b}") for k, (a, b) in enumerate(unique))
    return Graph(nodes, edges)


@settings(max_examples=60, deadline=None)
@given(dags())
def test_layout_never_overlaps_and_every_edge_points_right(graph: Graph) -> None:
    pos = compute_layout(graph)
    boxes = {}
    for node in graph.nodes:
        w, h = node_size(node.type)
        boxes[node.id] = (pos[node.id].x, pos[node.id].y, w, h)
    items = list(boxes.items())
    for i, (a, ra) in enumerate(items):
        for b, rb in items[i + 1:]:
            apart = (ra[0] + ra[2] <= rb[0] or rb[0] + rb[2] <= ra[0]
                     or ra[1] + ra[3] <= rb[1] or rb[1] + rb[3] <= ra[1])
            assert apart, (a, b)
    for e in graph.edges:
        assert boxes[e.source][0] + boxes[e.source][2] < boxes[e.target][0]


@settings(max_examples=40, deadline=None)
@given(dags())
def test_copy_everything_and_paste_into_an_empty_workflow_keeps_the_shape(graph: Graph) -> None:
    placed = Graph(tuple(Node(n.id, n.type, position=Position(i * 10, 0))
                         for i, n in enumerate(graph.nodes)), graph.edges)
    text = copy_to_text(placed, [n.id for n in placed.nodes])
    target = WorkflowModel(empty_document())
    frag = prepare_paste(target, fragment_from_text(text), Position(0, 0))
    for node in frag.nodes:
        target.add_node(node)
    for edge in frag.edges:
        target.add_edge(edge)
    assert len(target.nodes) == 2 + len(graph.nodes)
    assert len(target.edges) == 1 + len(graph.edges)
    pasted = {(e.source, e.target) for e in target.edges} - {("start", "end")}
    assert pasted == {(e.source, e.target) for e in graph.edges}  # free ids were kept


@settings(max_examples=60, deadline=None)
@given(dags(), st.data())
def test_batch_remove_then_restore_gives_the_same_document(graph: Graph, data: st.DataObject) -> None:
    model = WorkflowModel(empty_document().with_graph(
        Graph(graph.nodes, graph.edges, (Note("n1", "x"), Note("n2", "y")))))
    before = model.document.to_json()
    ids = [n.id for n in graph.nodes]
    nodes = data.draw(st.lists(st.sampled_from(ids), max_size=len(ids)))
    edges = data.draw(st.lists(st.sampled_from([e.id for e in graph.edges] or ["none"])))
    removed = model.remove_items(nodes, edges, data.draw(st.lists(st.sampled_from(["n1", "n2"]))))
    assert not set(nodes) & {n.id for n in model.nodes}
    assert all(e.source in {n.id for n in model.nodes} for e in model.edges)
    model.restore_items(removed)
    assert model.document.to_json() == before
