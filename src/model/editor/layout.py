"""Auto-layout: layered left to right, few crossings, branches fanned, joins centred.

A Sugiyama-style layout in four steps:

1. layering: each node goes to the column after its furthest predecessor
   (longest path from the sources), so every edge points right;
2. long edges get invisible dummy nodes in the columns they cross, so they take
   part in crossing reduction and do not run through nodes;
3. crossing reduction: a few sweeps ordering each column by the barycenter of
   its neighbours in the previous (then next) column;
4. vertical placement: each node is pulled toward the mean of its neighbours
   (a join to the middle of its inputs, a fork's branches fanned around it),
   and columns are kept free of overlaps by an order-preserving least-squares
   projection (pool adjacent violators).

``auto_layout`` returns new positions; it never moves a node that already has a
position unless ``only_unplaced=False``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from flowdesk.model.document import Graph, Position
from flowdesk.model.editor.geometry import GRID, node_size, snap

COLUMN_GAP = 112.0
ROW_GAP = 36.0
SWEEPS = 6


def _acyclic_edges(node_ids: list[str], edges: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Drops edges that close a cycle (possible in a loaded, invalid document)."""
    succ: dict[str, list[str]] = defaultdict(list)
    pairs = [(s, t) for s, t in edges if s != t]
    for s, t in pairs:
        succ[s].append(t)
    state: dict[str, int] = {}
    back: set[tuple[str, str]] = set()
    for root in node_ids:
        if root in state:
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        state[root] = 1
        while stack:
            node, i = stack[-1]
            children = succ.get(node, [])
            if i < len(children):
                stack[-1] = (node, i + 1)
                child = children[i]
                st = state.get(child, 0)
                if st == 0:
                    state[child] = 1
                    stack.append((child, 0))
                elif st == 1:
                    back.add((node, child))
            else:
                state[node] = 2
                stack.pop()
    return [p for p in pairs if p not in back]


def layer_nodes(node_ids: list[str], edges: list[tuple[str, str]]) -> dict[str, int]:
    """Longest-path layering: a node's column is one more than its furthest input's."""
    preds: dict[str, list[str]] = defaultdict(list)
    indeg = dict.fromkeys(node_ids, 0)
    succ: dict[str, list[str]] = defaultdict(list)
    for s, t in edges:
        succ[s].append(t)
        preds[t].append(s)
        indeg[t] += 1
    layer = dict.fromkeys(node_ids, 0)
    ready = [n for n in node_ids if indeg[n] == 0]
    while ready:
        n = ready.pop()
        for t in succ.get(n, ()):
            layer[t] = max(layer[t], layer[n] + 1)
            indeg[t] -= 1
            if indeg[t] == 0:
                ready.append(t)
    return layer


def _pava(desired: list[float], sizes: list[float]) -> list[float]:
    """Centres closest (least squares) to ``desired`` keeping order and no overlap.

    Consecutive centres must be at least ``(size_i + size_{i+1}) / 2 + ROW_GAP``
    apart. Shifting by the cumulative minimum spacing turns this into isotonic
    regression, solved by pooling adjacent violators.
    """
    n = len(desired)
    if n == 0:
        return []
    offsets = [0.0] * n
    for i in range(1, n):
        offsets[i] = offsets[i - 1] + (sizes[i - 1] + sizes[i]) / 2 + ROW_GAP
    values = [d - o for d, o in zip(desired, offsets, strict=True)]
    blocks: list[list[float]] = []  # [sum, count]
    for v in values:
        blocks.append([v, 1.0])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            s, c = blocks.pop()
            blocks[-1][0] += s
            blocks[-1][1] += c
    out: list[float] = []
    for s, c in blocks:
        out.extend([s / c] * int(c))
    return [z + o for z, o in zip(out, offsets, strict=True)]


def compute_layout(graph: Graph) -> dict[str, Position]:
    """Positions (top-left corners) for every node of ``graph``, ignoring current ones."""
    node_ids = [n.id for n in graph.nodes]
    if not node_ids:
        return {}
    types = {n.id: n.type for n in graph.nodes}
    known = set(node_ids)
    edges = _acyclic_edges(
        node_ids, [(e.source, e.target) for e in graph.edges if e.source in known and e.target in known]
    )
    layer = layer_nodes(node_ids, edges)
    # ---- dummy nodes for edges spanning several columns
    succ: dict[str, list[str]] = defaultdict(list)
    pred: dict[str, list[str]] = defaultdict(list)
    height: dict[str, float] = {n: node_size(types[n])[1] for n in node_ids}
    dummy = 0
    seen_pairs: set[tuple[str, str]] = set()
    for s, t in edges:
        if (s, t) in seen_pairs:
            continue
        seen_pairs.add((s, t))
        prev = s
        for col in range(layer[s] + 1, layer[t]):
            d = f"\0{dummy}"
            dummy += 1
            layer[d] = col
            height[d] = 12.0
            succ[prev].append(d)
            pred[d].append(prev)
            prev = d
        succ[prev].append(t)
        pred[t].append(prev)
    columns: dict[int, list[str]] = defaultdict(list)
    # initial order: depth-first from the sources, so a branch stays together
    order_seen: set[str] = set()
    roots = [n for n in node_ids if not pred.get(n)]
    stack = list(reversed(roots))
    while stack:
        n = stack.pop()
        if n in order_seen:
            continue
        order_seen.add(n)
        columns[layer[n]].append(n)
        stack.extend(reversed(succ.get(n, [])))
    for n in layer:
        if n not in order_seen:
            columns[layer[n]].append(n)
    ncols = max(columns) + 1
    cols = [columns[i] for i in range(ncols)]
    # ---- crossing reduction (barycenter sweeps)
    pos_index: dict[str, float] = {}
    for col in cols:
        for i, n in enumerate(col):
            pos_index[n] = float(i)
    for sweep in range(SWEEPS):
        forward = sweep % 2 == 0
        rng = range(1, ncols) if forward else range(ncols - 2, -1, -1)
        for c in rng:
            neigh = pred if forward else succ
            col = cols[c]
            keyed = []
            for i, n in enumerate(col):
                ns = neigh.get(n)
                bc = sum(pos_index[m] for m in ns) / len(ns) if ns else pos_index[n]
                keyed.append((bc, i, n))
            keyed.sort()
            cols[c] = [n for _, _, n in keyed]
            for i, n in enumerate(cols[c]):
                pos_index[n] = float(i)
    # ---- vertical placement
    y: dict[str, float] = {}
    for col in cols:
        acc = 0.0
        for n in col:
            y[n] = acc + height[n] / 2
            acc += height[n] + ROW_GAP
    for it in range(8):
        forward = it % 2 == 0
        rng = range(ncols) if forward else range(ncols - 1, -1, -1)
        for c in rng:
            col = cols[c]
            desired = []
            for n in col:
                ns = (pred if forward else succ).get(n) or (succ if forward else pred).get(n)
                desired.append(sum(y[m] for m in ns) / len(ns) if ns else y[n])
            for n, v in zip(col, _pava(desired, [height[m] for m in col]), strict=True):
                y[n] = v
    # ---- columns to x; centres to top-left corners; snap to the grid
    col_width = [0.0] * ncols
    for c, col in enumerate(cols):
        col_width[c] = max((node_size(types[n])[0] for n in col if n in types), default=0.0)
    col_x = [0.0] * ncols
    for c in range(1, ncols):
        col_x[c] = col_x[c - 1] + col_width[c - 1] + COLUMN_GAP
    top = min(y[n] - height[n] / 2 for n in node_ids)
    out: dict[str, Position] = {}
    for n in node_ids:
        w, h = node_size(types[n])
        c = layer[n]
        x = col_x[c] + (col_width[c] - w) / 2
        # snap the centre line, not the corner, so nodes of different heights stay level
        out[n] = Position(snap(x, GRID / 2), snap(y[n] - top, GRID / 2) - h / 2)
    return out


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def auto_layout(graph: Graph, only_unplaced: bool = True) -> dict[str, Position]:
    """New positions for the nodes that should move.

    With ``only_unplaced`` (the default) only nodes without a position get one:
    each is put where the full layout puts it relative to its nearest placed
    neighbour, then pushed down until it overlaps nothing. Otherwise every node
    is laid out afresh (and the result keeps the graph's current top-left).
    """
    full = compute_layout(graph)
    nodes = graph.nodes_by_id()
    placed = {n.id: n.position for n in graph.nodes if n.position is not None}
    if not only_unplaced or not placed:
        if placed and not only_unplaced:
            ox = min(p.x for p in placed.values())
            oy = min(p.y for p in placed.values())
            full = {k: Position(p.x + ox, p.y + oy) for k, p in full.items()}
        return {k: p for k, p in full.items() if nodes[k].position != p}
    neighbours: dict[str, list[str]] = defaultdict(list)
    for e in graph.edges:
        neighbours[e.target].append(e.source)
        neighbours[e.source].append(e.target)
    result: dict[str, Position] = {}
    rects = [
        (p.x, p.y, *node_size(nodes[k].type)) for k, p in placed.items()
    ]
    # place in layout order (left to right), so a chain of new nodes follows its anchor
    pending = sorted((k for k in full if k not in placed), key=lambda k: (full[k].x, full[k].y))
    for k in pending:
        anchor = next((m for m in neighbours[k] if m in placed or m in result), None)
        if anchor is not None:
            ap = placed.get(anchor) or result[anchor]
            x = ap.x + full[k].x - full[anchor].x
            y = ap.y + full[k].y - full[anchor].y
        else:
            x = full[k].x
            y = max((r[1] + r[3] for r in rects), default=0.0) + ROW_GAP * 2
        w, h = node_size(nodes[k].type)
        rect = (x, y, w, h)
        while any(_overlaps(rect, r) for r in rects):
            y += GRID
            rect = (x, y, w, h)
        result[k] = Position(snap(x, GRID / 2), snap(y, GRID / 2))
        rects.append((result[k].x, result[k].y, w, h))
    return result
