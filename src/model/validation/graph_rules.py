"""The rules of ``graph-format.md`` about nodes, edges and the graph's shape."""

from __future__ import annotations

import re

from flowdesk.model.document import JOIN_MODES, NODE_TYPES, Edge
from flowdesk.model.problems import Location, Problem, error, join_pointer, warning
from flowdesk.model.validation.context import Context

NODE_ID = re.compile(r"^[a-z][a-z0-9_]{0,62}$")

# Which edge conditions make sense leaving each node type.
ALLOWED_CONDITIONS: dict[str, frozenset[str]] = {
    "start": frozenset({"always"}),
    "action": frozenset({"always", "onSuccess", "onFailure"}),
    "condition": frozenset({"expression", "otherwise"}),
    "parallel": frozenset({"always"}),
    "join": frozenset({"always"}),
    "end": frozenset(),
}


def check_graph(ctx: Context) -> list[Problem]:
    problems: list[Problem] = []
    problems += _ids(ctx)
    problems += _edge_ends(ctx)
    problems += _start_and_end(ctx)
    problems += _duplicate_edges(ctx)
    problems += _condition_kinds(ctx)
    problems += _branching_nodes(ctx)
    problems += _shape(ctx)
    return problems


def _ids(ctx: Context) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for i, node in enumerate(ctx.nodes):
        if not NODE_ID.match(node.id):
            problems.append(error(
                "node.id_invalid", ctx.node_at(i, "id"),
                f"node id {node.id!r} must start with a lowercase letter and use only a-z, 0-9 "
                "and _ (at most 63 characters)",
            ))
        if node.id in seen:
            problems.append(error(
                "node.duplicate_id", ctx.node_at(i, "id"),
                f"node id {node.id!r} is used by more than one node",
            ))
        seen.add(node.id)
    seen = set()
    for i, edge in enumerate(ctx.edges):
        if edge.id in seen:
            problems.append(error(
                "edge.duplicate_id", ctx.edge_at(i, "id"),
                f"edge id {edge.id!r} is used by more than one edge",
            ))
        seen.add(edge.id)
    seen = set()
    for i, note in enumerate(ctx.document.graph.notes or ()):
        if note.id in seen:
            problems.append(error(
                "note.duplicate_id", Location(join_pointer("graph", "notes", i, "id"), note_id=note.id),
                f"note id {note.id!r} is used by more than one note",
            ))
        seen.add(note.id)
    return problems


def _edge_ends(ctx: Context) -> list[Problem]:
    problems = []
    for i, edge in enumerate(ctx.edges):
        for end in ("source", "target"):
            node_id = getattr(edge, end)
            if node_id not in ctx.node_index:
                problems.append(error(
                    f"edge.unknown_{end}", ctx.edge_at(i, end),
                    f"edge {edge.id!r} {'starts at' if end == 'source' else 'leads to'} "
                    f"{node_id!r}, which is not a node of this graph",
                ))
    return problems


def _start_and_end(ctx: Context) -> list[Problem]:
    problems = []
    starts = [i for i, n in enumerate(ctx.nodes) if n.type == "start"]
    ends = [i for i, n in enumerate(ctx.nodes) if n.type == "end"]
    if not starts:
        problems.append(error(
            "start.missing", Location("/graph/nodes"), "the graph needs exactly one start node"
        ))
    for i in starts[1:]:
        problems.append(error(
            "start.multiple", ctx.node_at(i, "type"),
            f"there can be only one start node; {ctx.nodes[starts[0]].id!r} is already one",
        ))
    start_ids = {ctx.nodes[i].id for i in starts}
    end_ids = {ctx.nodes[i].id for i in ends}
    for i, edge in enumerate(ctx.edges):
        if edge.target in start_ids:
            problems.append(error(
                "start.incoming", ctx.edge_at(i, "target"),
                f"edge {edge.id!r} leads into the start node {edge.target!r}; "
                "nothing may point at start",
            ))
        if edge.source in end_ids:
            problems.append(error(
                "end.outgoing", ctx.edge_at(i, "source"),
                f"edge {edge.id!r} leaves the end node {edge.source!r}; an end has no way out",
            ))
    if not ends:
        problems.append(error(
            "end.missing", Location("/graph/nodes"), "the graph needs at least one end node"
        ))
    return problems


def _condition_key(edge: Edge) -> tuple[str, str | None]:
    return edge.kind, edge.expression.strip() if edge.expression is not None else None


def _duplicate_edges(ctx: Context) -> list[Problem]:
    problems = []
    seen: dict[tuple[str, str, tuple[str, str | None]], int] = {}
    for i, edge in enumerate(ctx.edges):
        key = (edge.source, edge.target, _condition_key(edge))
        first_index = seen.setdefault(key, i)
        if first_index != i:
            first = ctx.edges[first_index].id
            problems.append(error(
                "edge.duplicate", ctx.edge_at(i),
                f"edge {edge.id!r} repeats edge {first!r}: same source {edge.source!r}, "
                f"target {edge.target!r} and condition {edge.label!r}",
            ))
    return problems


def _condition_kinds(ctx: Context) -> list[Problem]:
    problems = []
    types = {n.id: n.type for n in reversed(ctx.nodes)}
    for i, edge in enumerate(ctx.edges):
        source_type = types.get(edge.source)
        if source_type not in ALLOWED_CONDITIONS or source_type == "end":
            continue  # unknown node or type, or end.outgoing: reported elsewhere
        allowed = ALLOWED_CONDITIONS[source_type]
        kind = edge.kind
        if kind not in allowed and kind in _KNOWN_KINDS:
            choices = " or ".join(
                '{"expression": ...}' if k == "expression" else repr(k) for k in sorted(allowed)
            )
            problems.append(error(
                "edge.condition_not_allowed", ctx.edge_at(i, "condition"),
                f"edge {edge.id!r} leaves {_a(source_type)} node with condition "
                f"{edge.label!r}; edges leaving {_a(source_type)} use {choices}",
            ))
    return problems


def _a(word: str) -> str:
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


_KNOWN_KINDS = frozenset({"always", "onSuccess", "onFailure", "otherwise", "expression"})


def _branching_nodes(ctx: Context) -> list[Problem]:
    problems = []
    analysis = ctx.analysis
    for i, node in enumerate(ctx.nodes):
        if ctx.node_index[node.id] != i:
            continue  # duplicate id: the first one stands for the id
        if node.type == "condition":
            out = analysis.outgoing(node.id)
            expressions = [e for e in out if e.kind == "expression"]
            otherwise = [e for e in out if e.kind == "otherwise"]
            if len(out) < 2 or not expressions:
                problems.append(error(
                    "condition.too_few_branches", ctx.node_at(i),
                    f"condition {node.id!r} has {len(out)} outgoing "
                    f"edge{'s' if len(out) != 1 else ''} ({len(expressions)} with an expression); "
                    "it needs at least two, at least one with an expression",
                ))
            for edge in otherwise[1:]:
                problems.append(error(
                    "condition.multiple_otherwise", ctx.edge_loc(edge, "condition"),
                    f"condition {node.id!r} already has an otherwise edge ({otherwise[0].id!r})",
                ))
            if not otherwise:
                problems.append(warning(
                    "condition.no_otherwise", ctx.node_at(i),
                    f"condition {node.id!r} has no otherwise edge: when no expression is true "
                    "the run gets stuck here",
                ))
        elif node.type == "parallel":
            always = [e for e in analysis.outgoing(node.id) if e.kind == "always"]
            if len(always) < 2:
                problems.append(error(
                    "parallel.too_few_branches", ctx.node_at(i),
                    f"parallel {node.id!r} has {len(always)} outgoing always "
                    f"edge{'s' if len(always) != 1 else ''}; a fork needs at least two",
                ))
        elif node.type == "join":
            incoming = analysis.incoming(node.id)
            if len(incoming) < 2:
                problems.append(error(
                    "join.too_few_incoming", ctx.node_at(i),
                    f"join {node.id!r} has {len(incoming)} incoming "
                    f"edge{'s' if len(incoming) != 1 else ''}; it needs at least two",
                ))
            if node.mode is not None and node.mode not in JOIN_MODES:
                problems.append(error(
                    "join.mode_invalid", ctx.node_at(i, "mode"),
                    f"join {node.id!r} has mode {node.mode!r}; use 'all' or 'any'",
                ))
        elif node.type not in NODE_TYPES:
            continue  # structure.value reports the unknown type
    return problems


def _shape(ctx: Context) -> list[Problem]:
    """Cycles, reachability from start, and a way to an end from everywhere."""
    problems = []
    analysis = ctx.analysis
    for cycle in analysis.cycles():
        path = " -> ".join([*cycle, cycle[0]])
        problems.append(error(
            "graph.cycle", ctx.node_loc(cycle[0]),
            f"these nodes form a cycle: {path}; a workflow must not loop",
        ))
    starts = [n.id for n in ctx.nodes if n.type == "start"]
    ends = [n.id for n in ctx.nodes if n.type == "end"]
    reachable = analysis.reachable_from(starts[:1]) if starts else None
    finishing = analysis.reaching(ends) if ends else None
    for i, node in enumerate(ctx.nodes):
        if ctx.node_index[node.id] != i:
            continue
        if reachable is not None and node.id not in reachable:
            problems.append(error(
                "graph.unreachable", ctx.node_at(i),
                f"node {node.id!r} cannot be reached from {starts[0]!r}",
            ))
        if finishing is not None and node.id not in finishing:
            problems.append(error(
                "graph.dead_end", ctx.node_at(i),
                f"no end node can be reached from {node.id!r}; a run would stop there",
            ))
    return problems
