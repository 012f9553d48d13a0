"""The document being edited, with checked edit methods and past-tense events.

The model is the single source of truth of the canvas: items mirror its events
and undo commands call its methods. Every edit method checks its input first
and raises :class:`EditError` with a reason a person can act on (the reason is
shown at the cursor when a connection is refused), so the model never holds a
graph with duplicate ids, dangling edges, cycles or duplicate edges made by an
edit. Documents loaded from elsewhere may still be invalid; validation reports
that, the model keeps it as it is.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from flowdesk.model.catalog import ActionCatalog
from flowdesk.model.document import (
    JOIN_MODES,
    NODE_TYPES,
    SIMPLE_CONDITIONS,
    Edge,
    EdgeCondition,
    EnvConfig,
    Expression,
    Graph,
    Node,
    Note,
    ParameterSchema,
    Position,
    VersionDocument,
)
from flowdesk.model.editor.events import Signal
from flowdesk.model.errors import EditError
from flowdesk.model.gc_pause import gc_paused

NODE_ID_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_NODE_FIELDS = {f.name for f in fields(Node)} - {"id"}
_NOTE_FIELDS = {f.name for f in fields(Note)} - {"id"}


def check_node_id(node_id: str) -> None:
    """Raises EditError unless ``node_id`` is a valid format-1 node id."""
    if not isinstance(node_id, str) or not NODE_ID_RE.match(node_id):
        raise EditError(
            f"node id {node_id!r} is not valid: use a lowercase letter followed by up to 62 "
            "lowercase letters, digits or underscores"
        )


def check_condition(condition: EdgeCondition | None) -> None:
    if condition is None or isinstance(condition, Expression):
        return
    if condition not in SIMPLE_CONDITIONS:
        raise EditError(
            f"edge condition {condition!r} is not one of {', '.join(SIMPLE_CONDITIONS)} "
            "or an expression"
        )


def _same_condition(a: EdgeCondition | None, b: EdgeCondition | None) -> bool:
    return (a or "always") == (b or "always")


@dataclass(frozen=True, slots=True)
class Removed:
    """Items taken out by ``remove_items``, each with its index in the document."""

    edges: tuple[tuple[int, Edge], ...] = ()
    nodes: tuple[tuple[int, Node], ...] = ()
    notes: tuple[tuple[int, Note], ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.edges or self.nodes or self.notes)


def _merged(current: dict[str, Any], back: list[tuple[int, str, Any]]) -> dict[str, Any]:
    """``current`` with ``back`` re-inserted at their old indices, in one pass."""
    if not back:
        return current
    pending = sorted(back, key=lambda t: t[0])
    out: dict[str, Any] = {}
    rest = iter(current.items())
    k = 0
    for position in range(len(current) + len(pending)):
        if k < len(pending) and pending[k][0] == position:
            _, key, value = pending[k]
            k += 1
        else:
            key, value = next(rest, (None, None))
            if key is None:  # indices beyond the end: append the remaining ones
                break
        out[key] = value
    for _, key, value in pending[k:]:
        out[key] = value
    return out


def _duplicate_ids(document: VersionDocument) -> str | None:
    """Why a loaded document cannot be edited by id (duplicate ids), or None."""
    graph = document.graph
    parts = []
    for kind, ids in (("node", [n.id for n in graph.nodes]), ("edge", [e.id for e in graph.edges]),
                      ("note", [n.id for n in graph.notes or ()])):
        twins = sorted(i for i, count in Counter(ids).items() if count > 1)
        if twins:
            parts.append(f"{kind} ids {', '.join(map(repr, twins))}")
    if not parts:
        return None
    return (f"this version has duplicate {'; '.join(parts)}: fix them in the JSON before "
            "editing on the canvas")


class WorkflowModel:
    """Owns the current :class:`VersionDocument` and applies checked edits to it."""

    def __init__(self, document: VersionDocument, catalog: ActionCatalog | None = None) -> None:
        self.catalog = catalog if catalog is not None else ActionCatalog()
        self.read_only = False
        self.node_added = Signal("node_added")
        self.node_removed = Signal("node_removed")
        self.node_changed = Signal("node_changed")
        self.nodes_moved = Signal("nodes_moved")
        self.edge_added = Signal("edge_added")
        self.edge_removed = Signal("edge_removed")
        self.edge_changed = Signal("edge_changed")
        self.note_added = Signal("note_added")
        self.note_removed = Signal("note_removed")
        self.note_changed = Signal("note_changed")
        self.parameter_schema_changed = Signal("parameter_schema_changed")
        self.env_config_changed = Signal("env_config_changed")
        self.document_reset = Signal("document_reset")
        self.changed = Signal("changed")
        self._load(document)

    # ------------------------------------------------------------------ state

    def _load(self, document: VersionDocument) -> None:
        """Indexes ``document``. Duplicate ids (an invalid document) are kept as they are
        in the snapshot and block edits, see ``blocked_reason``."""
        self._base = document
        self._nodes: dict[str, Node] = {n.id: n for n in document.graph.nodes}
        self._edges: dict[str, Edge] = {e.id: e for e in document.graph.edges}
        self._notes: dict[str, Note] = {n.id: n for n in document.graph.notes or ()}
        self._out: dict[str, set[str]] = {}
        self._in: dict[str, set[str]] = {}
        with gc_paused():  # one set per node on big graphs; see flowdesk.model.gc_pause
            for edge in self._edges.values():
                self._index_edge(edge)
        self._parameter_schema = document.parameter_schema
        self._env_config = document.env_config
        self._document: VersionDocument | None = document
        self._counters: dict[str, int] = {}
        self.blocked_reason = _duplicate_ids(document)

    def _index_edge(self, edge: Edge) -> None:
        self._out.setdefault(edge.source, set()).add(edge.id)
        self._in.setdefault(edge.target, set()).add(edge.id)

    def _unindex_edge(self, edge: Edge) -> None:
        self._out.get(edge.source, set()).discard(edge.id)
        self._in.get(edge.target, set()).discard(edge.id)

    @property
    def document(self) -> VersionDocument:
        """The current immutable snapshot, rebuilt only after an edit."""
        if self._document is None:
            base = self._base
            notes: tuple[Note, ...] | None = tuple(self._notes.values())
            if base.graph.notes is None and not notes:
                notes = None
            graph = replace(
                base.graph,
                nodes=tuple(self._nodes.values()),
                edges=tuple(self._edges.values()),
                notes=notes,
            )
            self._document = replace(
                base,
                graph=graph,
                parameter_schema=self._parameter_schema,
                env_config=self._env_config,
            )
        return self._document

    @property
    def graph(self) -> Graph:
        return self.document.graph

    def reset(self, document: VersionDocument) -> None:
        """Replaces everything (a version opened, a merge applied)."""
        self._load(document)
        self.document_reset.emit(document)
        self.changed.emit()

    def _edited(self) -> None:
        self._document = None
        self.changed.emit()

    def _check_writable(self) -> None:
        if self.read_only:
            raise EditError("this version is published and read-only: start a new draft to edit it")
        if self.blocked_reason is not None:
            # editing by id would silently drop one of the twins: refuse instead
            raise EditError(self.blocked_reason)

    # ------------------------------------------------------------ lookups

    def node(self, node_id: str) -> Node:
        try:
            return self._nodes[node_id]
        except KeyError:
            raise EditError(f"no node {node_id!r}") from None

    def edge(self, edge_id: str) -> Edge:
        try:
            return self._edges[edge_id]
        except KeyError:
            raise EditError(f"no edge {edge_id!r}") from None

    def note(self, note_id: str) -> Note:
        try:
            return self._notes[note_id]
        except KeyError:
            raise EditError(f"no note {note_id!r}") from None

    def has_node(self, node_id: str) -> bool:
        return node_id in self._nodes

    def has_edge(self, edge_id: str) -> bool:
        return edge_id in self._edges

    def has_note(self, note_id: str) -> bool:
        return note_id in self._notes

    @property
    def nodes(self) -> list[Node]:
        return list(self._nodes.values())

    @property
    def edges(self) -> list[Edge]:
        return list(self._edges.values())

    @property
    def notes(self) -> list[Note]:
        return list(self._notes.values())

    def edges_of(self, node_id: str) -> list[Edge]:
        """Edges touching ``node_id``, sorted by id (cost proportional to the node's degree)."""
        ids = self._in.get(node_id, set()) | self._out.get(node_id, set())
        return [self._edges[i] for i in sorted(ids)]

    def outgoing(self, node_id: str) -> list[Edge]:
        return [self._edges[i] for i in sorted(self._out.get(node_id, ()))]

    def incoming(self, node_id: str) -> list[Edge]:
        return [self._edges[i] for i in sorted(self._in.get(node_id, ()))]

    def index_of_node(self, node_id: str) -> int:
        return list(self._nodes).index(node_id)

    def index_of_edge(self, edge_id: str) -> int:
        return list(self._edges).index(edge_id)

    # ------------------------------------------------------------ fresh ids

    def new_node_id(self, prefix: str = "node") -> str:
        """A fresh valid node id starting with a cleaned-up ``prefix``."""
        base = re.sub(r"[^a-z0-9_]+", "_", prefix.lower()).strip("_") or "node"
        if not base[0].isalpha():
            base = "n_" + base
        base = base[:56]
        if base not in self._nodes and base not in ("start", "end"):
            return base
        n = self._counters.get(base, 1)
        while f"{base}_{n}" in self._nodes:
            n += 1
        self._counters[base] = n + 1
        return f"{base}_{n}"

    def new_edge_id(self) -> str:
        n = self._counters.get("#edge", len(self._edges) + 1)
        while f"e{n}" in self._edges:
            n += 1
        self._counters["#edge"] = n + 1
        return f"e{n}"

    def new_note_id(self) -> str:
        n = self._counters.get("#note", len(self._notes) + 1)
        while f"n{n}" in self._notes:
            n += 1
        self._counters["#note"] = n + 1
        return f"n{n}"

    # ------------------------------------------------------------- nodes

    def add_node(self, node: Node, index: int | None = None) -> None:
        """Adds ``node``; ``index`` puts it back where it was (undo of a removal)."""
        self._check_writable()
        check_node_id(node.id)
        if node.id in self._nodes:
            raise EditError(f"a node with id {node.id!r} already exists")
        if node.type not in NODE_TYPES:
            raise EditError(f"node {node.id!r}: unknown type {node.type!r}")
        if node.type == "start" and any(n.type == "start" for n in self._nodes.values()):
            raise EditError("a workflow has exactly one start node")
        if index is None or index >= len(self._nodes):
            self._nodes[node.id] = node
        else:
            items = list(self._nodes.items())
            items.insert(index, (node.id, node))
            self._nodes = dict(items)
        self.node_added.emit(node)
        self._edited()

    def remove_node(self, node_id: str) -> list[Edge]:
        """Removes the node and its edges; returns the removed edges (for undo)."""
        self._check_writable()
        node = self.node(node_id)
        removed = self.edges_of(node_id)
        for edge in removed:
            self._remove_edge(edge)
        del self._nodes[node_id]
        self._out.pop(node_id, None)
        self._in.pop(node_id, None)
        self.node_removed.emit(node)
        self._edited()
        return removed

    def update_node(self, node_id: str, **changes: Any) -> Node:
        """Changes fields of a node (``name``, ``action_id``, ``config``, ``mode``, ...)."""
        self._check_writable()
        old = self.node(node_id)
        unknown = set(changes) - _NODE_FIELDS
        if unknown:
            raise EditError(f"node {node_id!r}: cannot set {', '.join(sorted(unknown))}")
        if "type" in changes and changes["type"] not in NODE_TYPES:
            raise EditError(f"node {node_id!r}: unknown type {changes['type']!r}")
        if changes.get("mode") is not None and changes["mode"] not in JOIN_MODES:
            raise EditError(f"node {node_id!r}: join mode must be one of {', '.join(JOIN_MODES)}")
        if "config" in changes and changes["config"] is not None and not isinstance(
            changes["config"], dict
        ):
            raise EditError(f"node {node_id!r}: config must be an object")
        new = replace(old, **changes)
        if new == old and new.config == old.config and new.extra == old.extra:
            return old
        self._nodes[node_id] = new
        self.node_changed.emit(old, new)
        self._edited()
        return new

    def move_nodes(self, positions: Mapping[str, Position]) -> None:
        """Moves several nodes at once (one drag, one layout) and emits one event."""
        self._check_writable()
        for node_id in positions:
            self.node(node_id)
        moved: dict[str, Position] = {}
        for node_id, pos in positions.items():
            old = self._nodes[node_id]
            if old.position != pos:
                self._nodes[node_id] = replace(old, position=pos)
                moved[node_id] = pos
        if moved:
            self.nodes_moved.emit(moved)
            self._edited()

    # ------------------------------------------------------------- edges

    def connection_refusal(
        self, source: str, target: str, condition: EdgeCondition | None = None,
        ignore_edge: str | None = None,
    ) -> str | None:
        """Why an edge ``source -> target`` would be refused, or None when it is fine."""
        if source not in self._nodes:
            return f"no node {source!r}"
        if target not in self._nodes:
            return f"no node {target!r}"
        if source == target:
            return "a node cannot connect to itself"
        if self._nodes[source].type == "end":
            return f"{self._nodes[source].title!r} is an end node: it has no outgoing edges"
        if self._nodes[target].type == "start":
            return "the start node has no incoming edges"
        for eid in self._out.get(source, ()):
            edge = self._edges[eid]
            if eid != ignore_edge and edge.target == target and _same_condition(
                edge.condition, condition
            ):
                return (
                    f"{source!r} is already connected to {target!r} with the same condition "
                    f"(edge {eid!r})"
                )
        if self._reaches(target, source):
            return f"connecting {source!r} to {target!r} would create a cycle"
        return None

    def _reaches(self, start: str, goal: str) -> bool:
        stack, seen = [start], {start}
        while stack:
            current = stack.pop()
            if current == goal:
                return True
            for eid in self._out.get(current, ()):
                nxt = self._edges[eid].target
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return False

    def add_edge(self, edge: Edge, index: int | None = None) -> None:
        self._check_writable()
        if not edge.id:
            raise EditError("an edge needs an id")
        if edge.id in self._edges:
            raise EditError(f"an edge with id {edge.id!r} already exists")
        check_condition(edge.condition)
        reason = self.connection_refusal(edge.source, edge.target, edge.condition)
        if reason is not None:
            raise EditError(reason)
        if index is None or index >= len(self._edges):
            self._edges[edge.id] = edge
        else:
            items = list(self._edges.items())
            items.insert(index, (edge.id, edge))
            self._edges = dict(items)
        self._index_edge(edge)
        self.edge_added.emit(edge)
        self._edited()

    def _remove_edge(self, edge: Edge) -> None:
        del self._edges[edge.id]
        self._unindex_edge(edge)
        self.edge_removed.emit(edge)

    def remove_edge(self, edge_id: str) -> Edge:
        self._check_writable()
        edge = self.edge(edge_id)
        self._remove_edge(edge)
        self._edited()
        return edge

    def set_edge_condition(self, edge_id: str, condition: EdgeCondition | None) -> Edge:
        """Sets the condition; ``None`` removes the key (meaning ``always``)."""
        self._check_writable()
        old = self.edge(edge_id)
        check_condition(condition)
        if old.condition == condition:
            return old
        for eid in self._out.get(old.source, ()):
            other = self._edges[eid]
            if eid != edge_id and other.target == old.target and _same_condition(
                other.condition, condition
            ):
                raise EditError(
                    f"edge {eid!r} already connects {old.source!r} to {old.target!r} "
                    "with that condition"
                )
        new = replace(old, condition=condition)
        self._edges[edge_id] = new
        self.edge_changed.emit(old, new)
        self._edited()
        return new

    # ------------------------------------------------------------- notes

    def add_note(self, note: Note, index: int | None = None) -> None:
        self._check_writable()
        if not note.id:
            raise EditError("a note needs an id")
        if note.id in self._notes:
            raise EditError(f"a note with id {note.id!r} already exists")
        if index is None or index >= len(self._notes):
            self._notes[note.id] = note
        else:
            items = list(self._notes.items())
            items.insert(index, (note.id, note))
            self._notes = dict(items)
        self.note_added.emit(note)
        self._edited()

    def remove_note(self, note_id: str) -> Note:
        self._check_writable()
        note = self.note(note_id)
        del self._notes[note_id]
        self.note_removed.emit(note)
        self._edited()
        return note

    def update_note(self, note_id: str, **changes: Any) -> Note:
        """Changes ``text`` and/or ``position`` of a note."""
        self._check_writable()
        old = self.note(note_id)
        unknown = set(changes) - _NOTE_FIELDS
        if unknown:
            raise EditError(f"note {note_id!r}: cannot set {', '.join(sorted(unknown))}")
        new = replace(old, **changes)
        if new == old:
            return old
        self._notes[note_id] = new
        self.note_changed.emit(old, new)
        self._edited()
        return new

    def index_of_note(self, note_id: str) -> int:
        return list(self._notes).index(note_id)

    # ------------------------------------------------------- batch delete

    def remove_items(self, node_ids: Iterable[str] = (), edge_ids: Iterable[str] = (),
                     note_ids: Iterable[str] = ()) -> Removed:
        """Deletes nodes (with their edges), edges and notes in one pass.

        Returns what was removed with the document positions, for
        :meth:`restore_items`. One pass over the document whatever the number of
        items, so deleting a whole 5,000-node graph stays instant.
        """
        self._check_writable()
        nodes = {i for i in node_ids if i in self._nodes}
        edges = {i for i in edge_ids if i in self._edges}
        for node_id in nodes:
            edges |= self._in.get(node_id, set()) | self._out.get(node_id, set())
        notes = {i for i in note_ids if i in self._notes}
        removed = Removed(
            tuple((i, e) for i, e in enumerate(self._edges.values()) if e.id in edges),
            tuple((i, n) for i, n in enumerate(self._nodes.values()) if n.id in nodes),
            tuple((i, n) for i, n in enumerate(self._notes.values()) if n.id in notes),
        )
        if removed.is_empty:
            return removed
        for _, edge in reversed(removed.edges):
            self._remove_edge(edge)
        for _, node in reversed(removed.nodes):
            del self._nodes[node.id]
            self._out.pop(node.id, None)
            self._in.pop(node.id, None)
            self.node_removed.emit(node)
        for _, note in reversed(removed.notes):
            del self._notes[note.id]
            self.note_removed.emit(note)
        self._edited()
        return removed

    def restore_items(self, removed: Removed) -> None:
        """Puts back what :meth:`remove_items` removed, each at its old position."""
        self._check_writable()
        if removed.is_empty:
            return
        for node_id in (n.id for _, n in removed.nodes):
            if node_id in self._nodes:
                raise EditError(f"cannot restore node {node_id!r}: the id is taken again")
        self._nodes = _merged(self._nodes, [(i, n.id, n) for i, n in removed.nodes])
        for _, node in removed.nodes:
            self.node_added.emit(node)
        for _, edge in removed.edges:
            reason = self.connection_refusal(edge.source, edge.target, edge.condition)
            if edge.id in self._edges or reason is not None:
                raise EditError(f"cannot restore edge {edge.id!r}: {reason or 'the id is taken'}")
        self._edges = _merged(self._edges, [(i, e.id, e) for i, e in removed.edges])
        for _, edge in removed.edges:
            self._index_edge(edge)
            self.edge_added.emit(edge)
        self._notes = _merged(self._notes, [(i, n.id, n) for i, n in removed.notes])
        for _, note in removed.notes:
            self.note_added.emit(note)
        self._edited()

    # ---------------------------------------------------- schema and env

    def set_parameter_schema(self, schema: Any) -> None:
        """Replaces the parameter schema (JSON); ``None`` removes it."""
        self._check_writable()
        if schema is not None and not isinstance(schema, (dict, bool)):
            raise EditError("the parameter schema must be a JSON Schema object")
        new = ParameterSchema(schema) if schema is not None else None
        old = self._parameter_schema
        # key order matters: reordering properties reorders the run form's fields
        if json.dumps(old.schema if old else None) == json.dumps(schema):
            return
        self._parameter_schema = new
        self.parameter_schema_changed.emit(schema)
        self._edited()

    @property
    def parameter_schema(self) -> Any:
        return self._parameter_schema.schema if self._parameter_schema is not None else None

    def set_env_config(self, env_config: EnvConfig | None) -> None:
        self._check_writable()
        if env_config == self._env_config and (
            env_config is None
            or (
                self._env_config is not None
                and dict(env_config.env or {}) == dict(self._env_config.env or {})
                and dict(env_config.secrets or {}) == dict(self._env_config.secrets or {})
            )
        ):
            return
        self._env_config = env_config
        self.env_config_changed.emit(env_config)
        self._edited()

    @property
    def env_config(self) -> EnvConfig | None:
        return self._env_config

    # ------------------------------------------------------------- helpers

    def ids_in(self, node_ids: Iterable[str]) -> set[str]:
        return {i for i in node_ids if i in self._nodes}
