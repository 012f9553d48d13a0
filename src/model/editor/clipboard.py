"""Copy and paste of graph fragments as format-1 JSON text.

The clipboard text is ``{"formatVersion": 1, "graph": {"nodes", "edges",
"notes"}}`` so it can travel between windows, workflows and even other tools.
Pasting gives every node, edge and note a fresh id when its id is taken in the
target, rewrites edges accordingly and offsets positions, so pasting into the
same workflow twice never collides.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace

from flowdesk.model.document import (
    FORMAT_VERSION,
    Edge,
    Graph,
    Node,
    Note,
    Position,
    dump_graph,
    load_graph,
)
from flowdesk.model.editor.workflow_model import WorkflowModel
from flowdesk.model.errors import DocumentError, EditError
from flowdesk.model.json_input import JsonInputError, parse_json

PASTE_OFFSET = 40.0


@dataclass(frozen=True, slots=True)
class Fragment:
    """Nodes, edges and notes ready to be added to a model, in that order."""

    nodes: tuple[Node, ...] = ()
    edges: tuple[Edge, ...] = ()
    notes: tuple[Note, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.nodes or self.notes)


def copy_selection(
    graph: Graph, node_ids: Iterable[str], note_ids: Iterable[str] = ()
) -> Fragment:
    """The selected nodes and notes plus the edges running between selected nodes."""
    wanted = set(node_ids)
    wanted_notes = set(note_ids)
    nodes = tuple(n for n in graph.nodes if n.id in wanted)
    edges = tuple(e for e in graph.edges if e.source in wanted and e.target in wanted)
    notes = tuple(n for n in graph.notes or () if n.id in wanted_notes)
    return Fragment(nodes, edges, notes)


def fragment_to_text(fragment: Fragment) -> str:
    graph = Graph(fragment.nodes, fragment.edges, fragment.notes, format_version=None)
    return json.dumps(
        {"formatVersion": FORMAT_VERSION, "graph": dump_graph(graph)}, ensure_ascii=False, indent=1
    )


def copy_to_text(graph: Graph, node_ids: Iterable[str], note_ids: Iterable[str] = ()) -> str:
    return fragment_to_text(copy_selection(graph, node_ids, note_ids))


def fragment_from_text(text: str) -> Fragment:
    """Parses clipboard text; raises EditError saying why it is not a graph fragment."""
    try:
        data = parse_json(text)
    except (JsonInputError, TypeError) as exc:
        raise EditError(f"the clipboard does not hold Flowdesk nodes: {exc}") from exc
    if not isinstance(data, dict) or "graph" not in data:
        raise EditError('the clipboard does not hold Flowdesk nodes: no "graph" object')
    if data.get("formatVersion", FORMAT_VERSION) != FORMAT_VERSION:
        raise EditError(
            f"the clipboard holds format {data.get('formatVersion')!r}; "
            f"this Flowdesk reads format {FORMAT_VERSION}"
        )
    try:
        graph = load_graph(data["graph"])
    except DocumentError as exc:
        raise EditError(f"the clipboard holds a broken graph at {exc}") from exc
    return Fragment(graph.nodes, graph.edges, graph.notes or ())


def prepare_paste(
    model: WorkflowModel, fragment: Fragment, offset: Position | None = None
) -> Fragment:
    """A copy of ``fragment`` with ids free in ``model`` and positions offset.

    A start node is left out when the model already has one (a workflow has
    exactly one), together with its edges. ``offset`` defaults to
    ``PASTE_OFFSET`` on both axes; pass ``Position(0, 0)`` to keep positions. Edges whose ends are not both in the
    fragment are dropped.
    """
    has_start = any(n.type == "start" for n in model.nodes)
    id_map: dict[str, str] = {}
    taken: set[str] = set()
    nodes: list[Node] = []
    if offset is None:
        offset = Position(PASTE_OFFSET, PASTE_OFFSET)
    dx, dy = offset.x, offset.y
    for node in fragment.nodes:
        if node.type == "start" and has_start:
            continue
        new_id = node.id
        if model.has_node(new_id) or new_id in taken or new_id in ("start",):
            new_id = _fresh(model, node.id, taken)
        taken.add(new_id)
        id_map[node.id] = new_id
        pos = Position(node.position.x + dx, node.position.y + dy) if node.position else None
        nodes.append(replace(node, id=new_id, position=pos))
    edges: list[Edge] = []
    taken_edges: set[str] = set()
    for edge in fragment.edges:
        if edge.source not in id_map or edge.target not in id_map:
            continue
        eid = edge.id
        if model.has_edge(eid) or eid in taken_edges:
            eid = model.new_edge_id()
            while eid in taken_edges:
                eid = model.new_edge_id()
        taken_edges.add(eid)
        edges.append(replace(edge, id=eid, source=id_map[edge.source], target=id_map[edge.target]))
    notes: list[Note] = []
    taken_notes: set[str] = set()
    for note in fragment.notes:
        nid = note.id
        if model.has_note(nid) or nid in taken_notes:
            nid = model.new_note_id()
            while nid in taken_notes:
                nid = model.new_note_id()
        taken_notes.add(nid)
        pos = Position(note.position.x + dx, note.position.y + dy) if note.position else None
        notes.append(replace(note, id=nid, position=pos))
    return Fragment(tuple(nodes), tuple(edges), tuple(notes))


def _fresh(model: WorkflowModel, wanted: str, taken: set[str]) -> str:
    candidate = model.new_node_id(wanted)
    while candidate in taken:
        candidate = model.new_node_id(wanted)
    return candidate
