"""Dry run: which way would a run go, for these parameters and these failures?

Nothing is executed. Actions succeed unless their id is in ``failing``; their
output is ``{}`` unless given in ``outputs``. Edge conditions are evaluated with
real CEL (:func:`flowdesk.model.cel.evaluate`) over ``params`` (defaults
filled), ``env``, ``secrets`` (placeholders: Flowdesk never knows a secret's
value) and ``steps`` (status and output of the nodes already run).

Firing rules, the runner's: an action's ``onSuccess``/``onFailure`` edges follow
its status, ``always`` edges fire regardless, expression edges when true, and
``otherwise`` when nothing else of that node fired. A ``condition`` takes its
first matching expression edge in document order, else its ``otherwise``; with
neither the run is stuck there. A ``parallel`` fires every branch. A ``join``
with mode ``all`` waits for every incoming branch that is still alive (a branch
whose source was skipped is dead), ``any`` fires on the first one. Any other
node with several incoming edges runs once, on the first.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from flowdesk.model.cel import CelEvaluationError, evaluate
from flowdesk.model.document import Edge, Node, VersionDocument
from flowdesk.model.problems import Location, Problem, error, join_pointer
from flowdesk.model.run_input import fill_defaults, validate_run_input

NodeStatus = Literal["succeeded", "failed", "stuck", "skipped", "not_reached"]
Outcome = Literal["completed", "failed", "stuck", "error", "invalid_params"]


@dataclass(frozen=True, slots=True)
class DryRunResult:
    """The path a run would take.

    ``path`` lists the nodes run, in order; ``edges`` the edges that fired, in
    order. ``statuses`` has every node: ``succeeded``/``failed`` (run),
    ``stuck`` (a condition no edge matched), ``skipped`` (on a branch not
    taken) or ``not_reached`` (waiting when the run stopped, e.g. an all-join
    behind a failed branch). ``errors`` are problems located at the parameter
    (JSON pointer into the input), the edge or the node.
    """

    path: tuple[str, ...]
    edges: tuple[str, ...]
    statuses: Mapping[str, NodeStatus]
    errors: tuple[Problem, ...]
    outcome: Outcome
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.outcome == "completed"

    def to_json(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "path": list(self.path),
            "edges": list(self.edges),
            "statuses": dict(self.statuses),
            "errors": [p.to_json() for p in self.errors],
        }


def dry_run(
    doc: VersionDocument,
    params: Mapping[str, Any] | None = None,
    failing: Iterable[str] = (),
    outputs: Mapping[str, Any] | None = None,
) -> DryRunResult:
    """Walk ``doc``'s graph from ``start``; never raises on a loaded document."""
    nodes = doc.graph.nodes
    statuses: dict[str, NodeStatus] = {n.id: "not_reached" for n in nodes}
    schema = doc.parameter_schema.schema if doc.parameter_schema is not None else None
    raw = dict(params or {})
    # The runner fills defaults before it checks the input, so a required
    # parameter with a default need not be passed.
    filled = fill_defaults(schema, raw) if schema is not None else raw
    errors = list(_check_failing(doc, set(failing)))
    errors.extend(validate_run_input(schema, filled))
    if errors:
        return DryRunResult((), (), statuses, tuple(errors), "invalid_params", filled)
    walk = _Walk(doc, filled, set(failing), dict(outputs or {}))
    walk.run()
    return DryRunResult(
        tuple(walk.path), tuple(walk.fired), walk.statuses, tuple(walk.errors),
        walk.outcome(), filled,
    )


def _check_failing(doc: VersionDocument, failing: set[str]) -> Iterable[Problem]:
    by_id = doc.graph.nodes_by_id()
    for node_id in sorted(failing):
        node = by_id.get(node_id)
        if node is None:
            yield error("simulate.unknown_node", Location(node_id=node_id),
                        f"cannot fail {node_id!r}: there is no such node")
        elif node.type != "action":
            yield error("simulate.not_an_action", Location(node_id=node_id),
                        f"cannot fail {node_id!r}: only action nodes fail, it is a {node.type}")


class _Walk:
    """One dry run's state: which edges fired or died, which nodes ran."""

    def __init__(self, doc: VersionDocument, params: Mapping[str, Any], failing: set[str],
                 outputs: dict[str, Any]) -> None:
        graph = doc.graph
        self.nodes: dict[str, Node] = {}
        for node in graph.nodes:
            self.nodes.setdefault(node.id, node)
        self.node_index = {n.id: i for i, n in enumerate(graph.nodes)}
        self.edge_index = {e.id: i for i, e in enumerate(graph.edges)}
        self.out: dict[str, list[Edge]] = {}
        self.incoming: dict[str, list[Edge]] = {}
        for edge in graph.edges:
            if edge.source in self.nodes and edge.target in self.nodes:
                self.out.setdefault(edge.source, []).append(edge)
                self.incoming.setdefault(edge.target, []).append(edge)
        self.failing = failing
        self.outputs = outputs
        env = doc.env_config
        self.activation: dict[str, Any] = {
            "params": dict(params),
            "env": dict(env.env or {}) if env is not None else {},
            "secrets": {name: f"<secret {name}>" for name in (env.secrets or {})}
            if env is not None else {},
            "steps": {},
        }
        self.statuses: dict[str, NodeStatus] = {n.id: "not_reached" for n in graph.nodes}
        self.edge_state: dict[str, bool] = {}  # True fired, False dead
        # Per target, how many incoming edges fired / died so far: ready() in O(1), so
        # 100,000 edges into a few nodes settle in linear time. Duplicate edge ids (an
        # invalid graph) share one state, so such a graph is counted the slow way.
        self.tally = len(self.edge_index) == len(graph.edges)
        self.fired_in: dict[str, int] = {}
        self.dead_in: dict[str, int] = {}
        self.path: list[str] = []
        self.ran: set[str] = set()
        self.fired: list[str] = []
        self.errors: list[Problem] = []
        self.reached_end = False
        self.stuck = False
        self.unhandled_failure = False
        self.queue: deque[str] = deque()

    def run(self) -> None:
        start = next((n for n in self.nodes.values() if n.type == "start"), None)
        if start is None:
            self.errors.append(error("simulate.no_start", Location("/graph/nodes"),
                                     "the graph has no start node, so a run cannot begin"))
            return
        self.queue.append(start.id)
        while self.queue:
            node_id = self.queue.popleft()
            if node_id not in self.ran:
                self.execute(self.nodes[node_id])

    # -- one node

    def execute(self, node: Node) -> None:
        self.ran.add(node.id)
        self.path.append(node.id)
        status: NodeStatus = "failed" if node.id in self.failing else "succeeded"
        self.statuses[node.id] = status
        self.activation["steps"][node.id] = {
            "status": status, "output": self.outputs.get(node.id, {}),
        }
        if node.type == "end":
            self.reached_end = True
        edges = self.out.get(node.id, [])
        errors_before = len(self.errors)
        if node.type == "condition":
            chosen = self.choose(node, edges)
            decisions = {e.id: e is chosen for e in edges}
        else:
            decisions = self.decide(node, status, edges)
        if status == "failed" and not any(
            decisions[e.id] for e in edges if e.kind in ("onFailure", "always", "expression")
        ):
            self.unhandled_failure = True
            self.errors.append(error(
                "simulate.unhandled_failure", self.node_location(node),
                f"action {node.id!r} fails and no edge handles the failure: the run fails here",
            ))
        if len(self.errors) > errors_before:
            # The run stops at this node: what lies behind it is neither taken nor
            # skipped, so an all-join behind it waits (not_reached) rather than firing.
            return
        for edge in edges:
            self.settle(edge, decisions[edge.id])

    def decide(self, node: Node, status: str, edges: list[Edge]) -> dict[str, bool]:
        out: dict[str, bool] = {}
        for edge in edges:
            kind = edge.kind
            if kind == "always":
                out[edge.id] = True
            elif kind == "onSuccess":
                out[edge.id] = status == "succeeded"
            elif kind == "onFailure":
                out[edge.id] = status == "failed"
            elif kind == "expression":
                out[edge.id] = self.test(edge) is True
            else:
                out[edge.id] = False
        if not any(out.values()):
            for edge in edges:
                if edge.kind == "otherwise":
                    out[edge.id] = True
        return out

    def choose(self, node: Node, edges: list[Edge]) -> Edge | None:
        for edge in edges:
            if edge.kind == "always":
                return edge
            if edge.kind == "expression":
                verdict = self.test(edge)
                if verdict is None:
                    self.statuses[node.id] = "failed"
                    return None
                if verdict:
                    return edge
        otherwise = next((e for e in edges if e.kind == "otherwise"), None)
        if otherwise is None:
            self.stuck = True
            self.statuses[node.id] = "stuck"
            self.errors.append(error(
                "simulate.stuck", self.node_location(node),
                f"condition {node.id!r}: no expression matched and there is no otherwise edge; "
                "the run is stuck here",
            ))
        return otherwise

    def test(self, edge: Edge) -> bool | None:
        """The edge's expression as a boolean; None (and an error at the edge) if it fails."""
        text = edge.expression or ""
        pointer = join_pointer("graph", "edges", self.edge_index[edge.id], "condition",
                               "expression")
        try:
            value = evaluate(text, self.activation)
        except CelEvaluationError as exc:
            hint = ""
            if "steps." in text:
                hint = " (in a dry run a step's output is {} unless it is given)"
            self.errors.append(error("simulate.evaluation_error",
                                     Location(pointer, edge_id=edge.id),
                                     f"edge {edge.id!r}: cannot evaluate the condition: {exc}{hint}"))
            return None
        if not isinstance(value, bool):
            self.errors.append(error("simulate.not_boolean", Location(pointer, edge_id=edge.id),
                                     f"edge {edge.id!r}: {text!r} gave {value!r}, not true/false"))
            return None
        return value

    # -- propagation

    def settle(self, edge: Edge, fired: bool) -> None:
        """Record one edge; queue its target when ready, or let death flow downstream."""
        pending = [(edge, fired)]
        while pending:
            edge, fired = pending.pop()
            if self.tally and edge.id not in self.edge_state:
                counts = self.fired_in if fired else self.dead_in
                counts[edge.target] = counts.get(edge.target, 0) + 1
            self.edge_state[edge.id] = fired
            if fired:
                self.fired.append(edge.id)
            target = self.nodes[edge.target]
            if target.id in self.ran or self.statuses[target.id] == "skipped":
                continue
            if self.ready(target):
                self.queue.append(target.id)
            elif self._all_dead(target.id):
                self.statuses[target.id] = "skipped"
                pending.extend(
                    (out, False) for out in self.out.get(target.id, [])
                    if out.id not in self.edge_state
                )

    def ready(self, node: Node) -> bool:
        if self.tally:
            fired = self.fired_in.get(node.id, 0)
            if node.type == "join" and node.join_mode == "all":
                settled = fired + self.dead_in.get(node.id, 0)
                return fired > 0 and settled == len(self.incoming.get(node.id, ()))
            return fired > 0
        incoming = self.incoming.get(node.id, [])
        states = [self.edge_state.get(e.id) for e in incoming]
        if node.type == "join" and node.join_mode == "all":
            return None not in states and True in states
        return True in states

    def _all_dead(self, node_id: str) -> bool:
        if self.tally:
            total = len(self.incoming.get(node_id, ()))
            return total > 0 and self.dead_in.get(node_id, 0) == total
        incoming = self.incoming.get(node_id, [])
        return bool(incoming) and all(self.edge_state.get(e.id) is False for e in incoming)

    def node_location(self, node: Node) -> Location:
        return Location(join_pointer("graph", "nodes", self.node_index[node.id]), node_id=node.id)

    def outcome(self) -> Outcome:
        if self.stuck:
            return "stuck"
        if any(p.code in ("simulate.evaluation_error", "simulate.not_boolean", "simulate.no_start")
               for p in self.errors):
            return "error"
        if self.unhandled_failure or not self.reached_end:
            return "failed"
        return "completed"
