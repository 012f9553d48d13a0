"""Graph questions that validation, the dry run and the canvas all ask.

Cycles, reachability, "is A upstream of B" and "which branches of a condition
can never meet at an all-join". Nodes are numbered once and the hot paths run
on integer adjacency lists and Python-int bitsets, because validation of a
5,000-node version has a 150 ms budget; ``networkx`` is used where a general
algorithm is worth more than raw speed (reporting the nodes of each cycle), and
imported only then: it takes ~0.1 s to load, which every start would pay.
Edges naming unknown nodes are left out: validation reports them separately.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from flowdesk.model.document import Edge, Graph, Node


@dataclass(frozen=True, slots=True)
class ExclusiveConflict:
    """Two incoming edges of a join that lie on mutually exclusive branches.

    ``branch_node`` is the condition (or the action whose onSuccess/onFailure
    edges split the flow); ``first``/``second`` are the two branches (edge ids
    of a condition, or ``onSuccess``/``onFailure`` of an action), and
    ``first_edge``/``second_edge`` the join's incoming edges that need them.
    """

    join: str
    branch_node: str
    first: str
    second: str
    first_edge: str
    second_edge: str


class GraphAnalysis:
    """Read-only analysis of one graph; build once, ask many questions."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.ids: list[str] = []
        self.index: dict[str, int] = {}
        self.types: list[str] = []
        for node in graph.nodes:
            if node.id not in self.index:  # the first of duplicate ids wins
                self.index[node.id] = len(self.ids)
                self.ids.append(node.id)
                self.types.append(node.type)
        n = len(self.ids)
        self.succ: list[list[int]] = [[] for _ in range(n)]
        self.pred: list[list[int]] = [[] for _ in range(n)]
        self.in_edges: list[list[Edge]] = [[] for _ in range(n)]
        self.out_edges: list[list[Edge]] = [[] for _ in range(n)]
        index = self.index
        for edge in graph.edges:
            s = index.get(edge.source)
            t = index.get(edge.target)
            if s is None or t is None:
                continue
            self.succ[s].append(t)
            self.pred[t].append(s)
            self.out_edges[s].append(edge)
            self.in_edges[t].append(edge)
        self._topo: list[int] | None | bool = False  # False: not computed yet

    # ----------------------------------------------------------- basic queries

    def successors(self, node_id: str) -> list[str]:
        i = self.index.get(node_id)
        return [] if i is None else [self.ids[j] for j in self.succ[i]]

    def predecessors(self, node_id: str) -> list[str]:
        i = self.index.get(node_id)
        return [] if i is None else [self.ids[j] for j in self.pred[i]]

    def incoming(self, node_id: str) -> list[Edge]:
        i = self.index.get(node_id)
        return [] if i is None else list(self.in_edges[i])

    def outgoing(self, node_id: str) -> list[Edge]:
        i = self.index.get(node_id)
        return [] if i is None else list(self.out_edges[i])

    def _topological(self) -> list[int] | None:
        """Kahn's algorithm; ``None`` when the graph has a cycle."""
        if self._topo is False:
            indegree = [len(p) for p in self.pred]
            queue = deque(i for i, d in enumerate(indegree) if d == 0)
            order: list[int] = []
            succ = self.succ
            while queue:
                i = queue.popleft()
                order.append(i)
                for j in succ[i]:
                    indegree[j] -= 1
                    if indegree[j] == 0:
                        queue.append(j)
            self._topo = order if len(order) == len(self.ids) else None
        return self._topo  # type: ignore[return-value]

    def topological_order(self) -> list[str] | None:
        """Node ids so that every edge points forward; ``None`` if there is a cycle."""
        order = self._topological()
        return None if order is None else [self.ids[i] for i in order]

    @property
    def is_acyclic(self) -> bool:
        return self._topological() is not None

    def cycles(self) -> list[list[str]]:
        """One cycle per strongly connected tangle, as node ids in edge order.

        Each list starts at its smallest id so reports are stable.
        """
        if self.is_acyclic:
            return []
        import networkx as nx  # noqa: PLC0415 - only a cyclic graph pays for loading it

        digraph = nx.DiGraph()
        digraph.add_nodes_from(range(len(self.ids)))
        digraph.add_edges_from((i, j) for i, targets in enumerate(self.succ) for j in targets)
        found: list[list[str]] = []
        for component in nx.strongly_connected_components(digraph):
            members = sorted(component)
            if len(members) == 1 and members[0] not in self.succ[members[0]]:
                continue
            sub = digraph.subgraph(members)
            edges = nx.find_cycle(sub, source=members[0])
            cycle = [self.ids[u] for u, _ in edges]
            first = cycle.index(min(cycle))
            found.append(cycle[first:] + cycle[:first])
        return sorted(found)

    def _bfs(self, starts: Iterable[int], adjacency: list[list[int]]) -> set[int]:
        seen = set(starts)
        queue = deque(seen)
        while queue:
            i = queue.popleft()
            for j in adjacency[i]:
                if j not in seen:
                    seen.add(j)
                    queue.append(j)
        return seen

    def reachable_from(self, node_ids: Iterable[str]) -> set[str]:
        """Nodes reachable from any of ``node_ids`` (including themselves)."""
        starts = [self.index[n] for n in node_ids if n in self.index]
        return {self.ids[i] for i in self._bfs(starts, self.succ)}

    def reaching(self, node_ids: Iterable[str]) -> set[str]:
        """Nodes from which one of ``node_ids`` can be reached (including themselves)."""
        starts = [self.index[n] for n in node_ids if n in self.index]
        return {self.ids[i] for i in self._bfs(starts, self.pred)}

    # ---------------------------------------------------------------- upstream

    def upstream(self, node_ids: Iterable[str]) -> UpstreamSets:
        """Ancestor sets for just the nodes asked about (see :class:`UpstreamSets`)."""
        return UpstreamSets(self, node_ids)

    # ------------------------------------------------------- exclusive branches

    def exclusive_join_conflicts(self) -> list[ExclusiveConflict]:
        """Joins with mode ``all`` fed from mutually exclusive branches.

        A run follows exactly one outgoing edge of a condition, and either the
        onSuccess or the onFailure edges of an action. If two incoming edges of
        an all-join can only be reached through different branches of the same
        split, the join waits forever. "Can only be reached through" is edge
        dominance: we compute dominators from ``start`` on the graph with each
        branching edge turned into a marker vertex (one pass in topological
        order, since the graph is acyclic), then walk each incoming edge's
        dominator chain up to their common dominator, collecting markers.
        Skipped for cyclic graphs or without a single ``start``.
        """
        order = self._topological()
        starts = [i for i, t in enumerate(self.types) if t == "start"]
        joins = [
            i for i, node in enumerate(self._first_nodes())
            if node.type == "join" and node.join_mode == "all" and len(self.in_edges[i]) >= 2
        ]
        if order is None or len(starts) != 1 or not joins:
            return []
        has_split = any(t == "condition" for t in self.types) or any(
            e.kind in ("onSuccess", "onFailure") for e in self.graph.edges
        )
        if not has_split:
            return []
        dom = _EdgeDominators(self, order, starts[0])
        conflicts: list[ExclusiveConflict] = []
        for j in joins:
            conflict = dom.conflict_at(j)
            if conflict is not None:
                conflicts.append(conflict)
        return conflicts

    def _first_nodes(self) -> list[Node]:
        """The node object behind each index (the first of duplicate ids)."""
        nodes = []
        seen: set[str] = set()
        for node in self.graph.nodes:
            if node.id not in seen:
                seen.add(node.id)
                nodes.append(node)
        return nodes


class UpstreamSets:
    """Answers "is A upstream of B" for a chosen set of nodes B.

    Ancestor sets are Python-int bitsets propagated once in topological order;
    a node's bitset is dropped as soon as its last successor has consumed it,
    unless it is one of the nodes asked about, so memory follows the graph's
    width rather than its size. On a cyclic graph (already an error) it falls
    back to a reverse search per asked node.
    """

    def __init__(self, analysis: GraphAnalysis, node_ids: Iterable[str]) -> None:
        self._analysis = analysis
        wanted = {analysis.index[n] for n in node_ids if n in analysis.index}
        self._bits: dict[int, int] = {}
        order = analysis._topological()
        if not wanted:
            return
        if order is None:
            for i in wanted:
                found = analysis._bfs([i], analysis.pred)
                found.discard(i)
                self._bits[i] = sum(1 << k for k in found)
            return
        pred, succ = analysis.pred, analysis.succ
        remaining = [len(s) for s in succ]
        live: dict[int, int] = {}
        for i in order:
            bits = 0
            for p in pred[i]:
                bits |= live[p] | (1 << p)
                remaining[p] -= 1
                if remaining[p] == 0 and p not in wanted:
                    del live[p]
            if i in wanted:
                self._bits[i] = bits
            if remaining[i] or i in wanted:
                live[i] = bits

    def is_upstream(self, ancestor: str, node: str) -> bool:
        """Whether ``ancestor`` lies on some path into ``node`` (``node`` must have been asked)."""
        a = self._analysis.index.get(ancestor)
        b = self._analysis.index.get(node)
        if a is None or b is None or b not in self._bits:
            return False
        return bool(self._bits[b] >> a & 1)

    def ancestors(self, node: str) -> set[str]:
        b = self._analysis.index.get(node)
        if b is None or b not in self._bits:
            return set()
        bits = self._bits[b]
        ids = self._analysis.ids
        return {ids[k] for k in range(bits.bit_length()) if bits >> k & 1}


class _EdgeDominators:
    """Immediate dominators over nodes plus one marker vertex per branching edge."""

    def __init__(self, analysis: GraphAnalysis, order: list[int], start: int) -> None:
        self.analysis = analysis
        n = len(analysis.ids)
        types = analysis.types
        # marker vertex ids start at n; marker -> (split node, branch label)
        self.markers: list[tuple[int, str]] = []
        self.edge_vertex: dict[str, int] = {}  # edge id -> vertex its target sees as its pred
        idom: dict[int, int] = {start: start}
        rank: dict[int, int] = {start: 0}
        depth: dict[int, int] = {start: 0}
        counter = 1

        def intersect(a: int, b: int) -> int:
            while a != b:
                while rank[a] > rank[b]:
                    a = idom[a]
                while rank[b] > rank[a]:
                    b = idom[b]
            return a

        for i in order:
            if i != start:
                preds = [self._vertex_of(e, analysis) for e in analysis.in_edges[i]]
                preds = [p for p in preds if p in idom]
                if not preds:
                    continue  # unreachable from start
                d = preds[0]
                for p in preds[1:]:
                    d = intersect(d, p)
                idom[i] = d
                rank[i] = counter
                depth[i] = depth[d] + 1
                counter += 1
            for edge in analysis.out_edges[i]:
                label = None
                if types[i] == "condition":
                    label = edge.id
                elif edge.kind in ("onSuccess", "onFailure"):
                    label = edge.kind
                if label is None:
                    continue
                vertex = n + len(self.markers)
                self.markers.append((i, label))
                self.edge_vertex[edge.id] = vertex
                idom[vertex] = i
                rank[vertex] = counter
                depth[vertex] = depth[i] + 1
                counter += 1
        self.n = n
        self.idom = idom
        self.depth = depth

    def _vertex_of(self, edge: Edge, analysis: GraphAnalysis) -> int:
        marker = self.edge_vertex.get(edge.id)
        return marker if marker is not None else analysis.index[edge.source]

    def conflict_at(self, join: int) -> ExclusiveConflict | None:
        analysis = self.analysis
        heads = []
        for edge in analysis.in_edges[join]:
            v = self._vertex_of(edge, analysis)
            if v in self.idom:
                heads.append((edge, v))
        if len(heads) < 2:
            return None
        # Walk every chain up to the common dominator of all heads.
        common = heads[0][1]
        for _, v in heads[1:]:
            common = self._lca(common, v)
        seen: dict[int, tuple[str, str]] = {}  # split node -> (branch label, edge id)
        for edge, v in heads:
            while v != common:
                if v >= self.n:
                    split, label = self.markers[v - self.n]
                    other = seen.get(split)
                    if other is None:
                        seen[split] = (label, edge.id)
                    elif other[0] != label:
                        ids = analysis.ids
                        first, second = sorted([(other[0], other[1]), (label, edge.id)])
                        return ExclusiveConflict(
                            ids[join], ids[split], first[0], second[0], first[1], second[1]
                        )
                v = self.idom[v]
        return None

    def _lca(self, a: int, b: int) -> int:
        depth, idom = self.depth, self.idom
        while depth[a] > depth[b]:
            a = idom[a]
        while depth[b] > depth[a]:
            b = idom[b]
        while a != b:
            a, b = idom[a], idom[b]
        return a
