"""Three-way merge of version documents (base, mine, theirs).

The documents are merged as JSON in which the node, edge and note lists are
addressed by item id, so "the same property" means the same property of the
same item whatever the list order. A change made on one side only is taken; the
same change made on both sides is taken once; anything else is a
:class:`Conflict` and the merged document keeps the *base* value there until
the conflict is resolved with :meth:`MergeResult.resolve` or
:func:`apply_resolutions`. The ``required`` lists of the parameter schema merge
as sets, so two people making two different parameters required do not clash.

Every merged document is re-validated: a clean merge can still create a cycle
or a dangling edge, and that is reported as problems, never raised.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from flowdesk.model.catalog import ActionCatalog
from flowdesk.model.changes import ABSENT, Json, json_equal
from flowdesk.model.diff import DocumentDiff, diff_documents, keyed
from flowdesk.model.document import VersionDocument, dump, load
from flowdesk.model.errors import DocumentError, MergeError
from flowdesk.model.plain_messages import GraphNames
from flowdesk.model.problems import Problem, escape_pointer_token
from flowdesk.model.validation import validate

ConflictKind = Literal["node", "edge", "note", "parameter", "env", "secret", "document"]
ConflictReason = Literal["both-changed", "both-added", "removed-vs-changed", "changed-vs-removed"]
Path = tuple[str, ...]

_COLLECTIONS = ("nodes", "edges", "notes")
# Objects that merge key by key even when one side created them from nothing.
_CONTAINERS: frozenset[Path] = frozenset({
    (), ("graph",), ("graph", "nodes"), ("graph", "edges"), ("graph", "notes"),
    ("envConfig",), ("envConfig", "env"), ("envConfig", "secrets"), ("parameterSchema",),
})
_SCHEMA_MAPS = frozenset({"properties", "$defs", "definitions", "patternProperties"})


@dataclass(frozen=True, slots=True)
class Custom:
    """A resolution that sets a value of the user's own (``Custom(ABSENT)`` deletes)."""

    value: Json


Resolution = Literal["base", "mine", "theirs"] | Custom


@dataclass(frozen=True, slots=True)
class Conflict:
    """One place where mine and theirs disagree.

    ``id`` (equal to ``path``) is stable across :meth:`MergeResult.resolve`
    calls. ``path`` is a JSON pointer in which item lists are addressed by item
    id (``/graph/nodes/fetch/config/url``); ``pointer`` is relative to the item
    (``/config/url``; empty when the whole item conflicts). Values that are not
    there are :data:`ABSENT`.
    """

    id: str
    path: str
    kind: ConflictKind
    item_id: str
    pointer: str
    reason: ConflictReason
    base: Json
    mine: Json
    theirs: Json
    tokens: Path = field(repr=False, compare=False, default=())

    @property
    def message(self) -> str:
        """The machine form (ids and pointer) for the command line and JSON output.

        People read :func:`conflict_text`, which names items as the author did.
        """
        what = f"{self.kind} {self.item_id}" if self.item_id else self.kind
        where = f" {self.pointer}" if self.pointer else ""
        text = {
            "both-changed": "changed differently on both sides",
            "both-added": "added on both sides with different content",
            "removed-vs-changed": "removed in mine but changed in theirs",
            "changed-vs-removed": "changed in mine but removed in theirs",
        }[self.reason]
        return f"{what}{where}: {text}"

    def value_for(self, resolution: Resolution) -> Json:
        if isinstance(resolution, Custom):
            return resolution.value
        if resolution == "mine":
            return self.mine
        if resolution == "theirs":
            return self.theirs
        if resolution == "base":
            return self.base
        raise MergeError(
            f"unknown resolution {resolution!r} for {self.id}: use 'mine', 'theirs', 'base' "
            "or Custom(value)"
        )

    def to_json(self) -> dict[str, Json]:
        out: dict[str, Json] = {
            "id": self.id, "kind": self.kind, "itemId": self.item_id, "pointer": self.pointer,
            "reason": self.reason, "message": self.message,
        }
        for side in ("base", "mine", "theirs"):
            value = getattr(self, side)
            if value is not ABSENT:
                out[side] = value
        return out


@dataclass(frozen=True, slots=True)
class MergeResult:
    """The merged document, what is still in conflict, and what validation says of it."""

    document: VersionDocument
    conflicts: tuple[Conflict, ...]
    problems: tuple[Problem, ...]
    resolved: tuple[tuple[Conflict, Resolution], ...]
    base: VersionDocument
    mine: VersionDocument
    theirs: VersionDocument
    _tree: dict[str, Json] = field(repr=False, compare=False)
    _orders: dict[str, list[str]] = field(repr=False, compare=False)
    _catalog: ActionCatalog | None = field(repr=False, compare=False, default=None)

    @property
    def is_clean(self) -> bool:
        """No conflict left (problems may remain: they are for the author to fix)."""
        return not self.conflicts

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)

    def conflict(self, conflict_id: str) -> Conflict:
        for c in self.conflicts:
            if c.id == conflict_id:
                return c
        known = ", ".join(c.id for c in self.conflicts) or "none"
        raise MergeError(f"no open conflict {conflict_id!r} (open conflicts: {known})")

    def conflicts_for(self, kind: ConflictKind, item_id: str) -> list[Conflict]:
        """The open conflicts of one item, for a merge view that marks canvas items."""
        return [c for c in self.conflicts if c.kind == kind and c.item_id == item_id]

    def resolve(self, conflict_id: str, resolution: Resolution) -> MergeResult:
        """A new result with one conflict settled; this one is unchanged."""
        return apply_resolutions(self, {conflict_id: resolution})

    def resolve_all(self, resolution: Resolution) -> MergeResult:
        return apply_resolutions(self, {c.id: resolution for c in self.conflicts})

    def mine_diff(self) -> DocumentDiff:
        """What mine changed since base (for the merge view's left pane)."""
        return diff_documents(self.base, self.mine)

    def theirs_diff(self) -> DocumentDiff:
        return diff_documents(self.base, self.theirs)

    def names(self) -> GraphNames:
        """Names for items of any side: the draft's first, then the latest's, then base's.

        A conflict may be about an item only one side still has.
        """
        return GraphNames.of_all(self.mine.graph, self.theirs.graph, self.base.graph)

    def to_json(self) -> dict[str, Json]:
        return {
            "clean": self.is_clean,
            "conflicts": [c.to_json() for c in self.conflicts],
            "problems": [p.to_json() for p in self.problems],
        }


# ----------------------------------------------------------------- in words

_REASON_WORDS: dict[ConflictReason, str] = {
    "both-changed": "Both sides changed {what}",
    "both-added": "Both sides added {what}, differently",
    "removed-vs-changed": "Your draft removed {what}; the latest version changed it",
    "changed-vs-removed": "Your draft changed {what}; the latest version removed it",
}
_KIND_WORDS = {"env": "environment variable", "secret": "secret reference"}


def conflict_text(conflict: Conflict, names: GraphNames) -> str:
    """``Both sides changed “Send email” › config › to``: items by name, paths in words.

    ``names`` is usually :meth:`MergeResult.names`; the pointer stays on the
    conflict (``path``, ``pointer``) for navigation and for the command line.
    """
    return _REASON_WORDS[conflict.reason].format(what=_conflict_subject(conflict, names))


def _conflict_subject(conflict: Conflict, names: GraphNames) -> str:
    rest = [_unescape(t) for t in conflict.pointer.split("/")[1:]]
    if conflict.kind == "node":
        head = f"“{names.node(conflict.item_id)}”"
    elif conflict.kind == "edge":
        head = f"“{names.edge(conflict.item_id)}”"
    elif conflict.kind == "note":
        head = "a note"
    elif conflict.kind == "parameter":
        head, rest = _parameter_words(conflict.item_id, rest)
    elif conflict.kind in _KIND_WORDS:
        head = f"{_KIND_WORDS[conflict.kind]} {conflict.item_id}"
    else:
        head = "the workflow"
    return " › ".join([head, *rest])


def _parameter_words(name: str, tokens: list[str]) -> tuple[str, list[str]]:
    """``customer`` + ``properties/city/type`` -> (``parameter customer.city``, [``type``])."""
    if not name:
        return "the parameters", tokens
    path = [name]
    while len(tokens) >= 2 and tokens[0] == "properties":
        path.append(tokens[1])
        tokens = tokens[2:]
    return f"parameter {'.'.join(path)}", tokens


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


# ----------------------------------------------------------------- public API


def merge_documents(
    base: VersionDocument,
    mine: VersionDocument,
    theirs: VersionDocument,
    catalog: ActionCatalog | None = None,
) -> MergeResult:
    """Merge the changes base->mine and base->theirs; never raises on loaded documents."""
    trees = [_to_tree(d) for d in (base, mine, theirs)]
    merger = _Merger()
    merged = merger.merge(*(t for t, _ in trees), ())
    if merged is ABSENT:  # cannot happen for documents, which always have a graph
        merged = {}
    orders = {
        name: _merge_order(*(o[name] for _, o in trees)) for name in _COLLECTIONS
    }
    document = _from_tree(merged, orders)
    return MergeResult(
        document=document,
        conflicts=tuple(merger.conflicts),
        problems=tuple(validate(document, catalog)),
        resolved=(),
        base=base,
        mine=mine,
        theirs=theirs,
        _tree=merged,
        _orders=orders,
        _catalog=catalog,
    )


def apply_resolutions(result: MergeResult, resolutions: Mapping[str, Resolution]) -> MergeResult:
    """Settle several conflicts at once (one re-validation).

    Raises :class:`MergeError` for an unknown conflict id, an unknown choice,
    or a custom value that does not make a loadable document (naming where).
    """
    tree = _copy_tree(result._tree)
    settled = []
    for conflict_id, resolution in resolutions.items():
        conflict = result.conflict(conflict_id)
        value = conflict.value_for(resolution)
        _set_path(tree, conflict.tokens, value)
        settled.append((conflict, resolution))
    try:
        document = _from_tree(tree, result._orders)
    except DocumentError as exc:
        raise MergeError(f"the resolution makes an invalid document: {exc}") from exc
    remaining = tuple(c for c in result.conflicts if c.id not in resolutions)
    return replace(
        result,
        document=document,
        conflicts=remaining,
        problems=tuple(validate(document, result._catalog)),
        resolved=result.resolved + tuple(settled),
        _tree=tree,
    )


# ----------------------------------------------------------------- the merge itself


class _Merger:
    def __init__(self) -> None:
        self.conflicts: list[Conflict] = []

    def merge(self, b: Json, m: Json, t: Json, path: Path) -> Json:
        if m is t or json_equal(m, t):
            return m
        if json_equal(b, m):
            return t
        if json_equal(b, t):
            return m
        if _is_required_list(path, b, m, t):
            return _merge_sets(b, m, t)
        if type(m) is dict and type(t) is dict and (
            type(b) is dict or (b is ABSENT and _is_container(path))
        ):
            base = b if type(b) is dict else {}
            out: dict[str, Json] = {}
            for key in _merge_keys(base, m, t):
                value = self.merge(base.get(key, ABSENT), m.get(key, ABSENT),
                                   t.get(key, ABSENT), (*path, key))
                if value is not ABSENT:
                    out[key] = value
            return out
        self.conflicts.append(_conflict(path, b, m, t))
        return b


def _is_container(path: Path) -> bool:
    if path in _CONTAINERS:
        return True
    return len(path) >= 2 and path[0] == "parameterSchema" and path[-1] in _SCHEMA_MAPS


def _is_required_list(path: Path, *values: Json) -> bool:
    if not path or path[0] != "parameterSchema" or path[-1] != "required":
        return False
    # ``required`` is a keyword only where it is not a property name.
    if len(path) >= 2 and path[-2] in _SCHEMA_MAPS:
        return False
    return all(
        v is ABSENT or (type(v) is list and all(isinstance(x, str) for x in v)) for v in values
    )


def _merge_sets(b: Json, m: Json, t: Json) -> Json:
    """Names required by either side's additions, minus what either side dropped."""
    base = list(b) if b is not ABSENT else []
    mine = list(m) if m is not ABSENT else []
    theirs = list(t) if t is not ABSENT else []
    removed = {x for x in base if x not in mine or x not in theirs}
    out: list[str] = []
    for name in [*mine, *theirs]:
        if name not in removed and name not in out:
            out.append(name)
    if not out and m is ABSENT and t is ABSENT:
        return ABSENT
    return out


def _merge_keys(b: dict, m: dict, t: dict) -> list[str]:
    keys = list(m)
    seen = set(keys)
    for source in (t, b):
        for k in source:
            if k not in seen:
                keys.append(k)
                seen.add(k)
    return keys


def _merge_order(b: list[str], m: list[str], t: list[str]) -> list[str]:
    """Item order: the side that reordered wins; the other side's new items follow their neighbour.

    Items only one side (or only base) has are hung after the item that precedes
    them there, then the whole is read out depth first: linear in the number of items.
    """
    skeleton, other = (m, t) if _reordered(m, b) else (t, m)
    placed = set(skeleton)
    after: dict[str | None, list[str]] = {}
    for source in (other, b):
        previous: str | None = None
        for key in source:
            if key not in placed:
                after.setdefault(previous, []).append(key)
                placed.add(key)
            previous = key
    if not after:
        return list(skeleton)
    order: list[str] = []
    stack = [*reversed(skeleton), *reversed(after.get(None, []))]
    while stack:
        key = stack.pop()
        order.append(key)
        stack.extend(reversed(after.get(key, [])))
    return order


def _reordered(side: list[str], base: list[str]) -> bool:
    """Did ``side`` change the relative order of the items it shares with ``base``?"""
    if side == base:
        return False
    in_base, in_side = set(base), set(side)
    return [k for k in side if k in in_base] != [k for k in base if k in in_side]


def _conflict(path: Path, b: Json, m: Json, t: Json) -> Conflict:
    if b is ABSENT:
        reason: ConflictReason = "both-added"
    elif m is ABSENT:
        reason = "removed-vs-changed"
    elif t is ABSENT:
        reason = "changed-vs-removed"
    else:
        reason = "both-changed"
    kind, item_id, rel = _locate(path)
    pointer = "".join("/" + escape_pointer_token(p) for p in path)
    return Conflict(pointer, pointer, kind, item_id, rel, reason, b, m, t, path)


def _locate(path: Path) -> tuple[ConflictKind, str, str]:
    """(kind, item id, pointer relative to the item) of a conflict path."""

    def rel(tokens: Iterable[str]) -> str:
        return "".join("/" + escape_pointer_token(p) for p in tokens)

    if len(path) >= 3 and path[0] == "graph" and path[1] in _COLLECTIONS:
        kind: ConflictKind = {"nodes": "node", "edges": "edge", "notes": "note"}[path[1]]  # type: ignore[assignment]
        return kind, path[2], rel(path[3:])
    if path[:2] == ("envConfig", "env") and len(path) >= 3:
        return "env", path[2], rel(path[3:])
    if path[:2] == ("envConfig", "secrets") and len(path) >= 3:
        return "secret", path[2], rel(path[3:])
    if path[:1] == ("parameterSchema",):
        if len(path) >= 3 and path[1] == "properties":
            return "parameter", path[2], rel(path[3:])
        return "parameter", "", rel(path[1:])
    return "document", "", rel(path)


# ----------------------------------------------------------------- trees


def _to_tree(doc: VersionDocument) -> tuple[dict[str, Json], dict[str, list[str]]]:
    """``dump(doc)`` with item lists turned into dicts by (unique) id, and their orders."""
    tree = dump(doc)
    graph = dict(tree["graph"])
    tree["graph"] = graph
    orders: dict[str, list[str]] = {}
    sources = {"nodes": doc.graph.nodes, "edges": doc.graph.edges, "notes": doc.graph.notes}
    for name in _COLLECTIONS:
        items = sources[name]
        if items is None:
            orders[name] = []
            continue
        by_key = keyed(items)
        dumped = graph[name]
        graph[name] = {key: dumped[index] for key, (index, _) in by_key.items()}
        orders[name] = list(by_key)
    return tree, orders


def _from_tree(tree: dict[str, Json], orders: Mapping[str, list[str]]) -> VersionDocument:
    """Lists back in merged order; raises DocumentError when a custom value breaks the shape."""
    out = dict(tree)
    graph = out.get("graph")
    if isinstance(graph, dict):
        graph = dict(graph)
        for name in _COLLECTIONS:
            items = graph.get(name)
            if isinstance(items, dict):
                known = set(orders[name])
                ordered = [items[k] for k in orders[name] if k in items]
                ordered.extend(v for k, v in items.items() if k not in known)
                graph[name] = ordered
        out["graph"] = graph
    return load(out)


def _copy_tree(value: Json) -> Json:
    """Copy the dict spine (values themselves are never mutated)."""
    if type(value) is dict:
        return {k: _copy_tree(v) for k, v in value.items()}
    return value


def _set_path(tree: dict[str, Json], tokens: Path, value: Json) -> None:
    if not tokens:
        raise MergeError("a conflict on the whole document cannot be set")
    node: Any = tree
    for token in tokens[:-1]:
        child = node.get(token)
        if type(child) is not dict:
            child = {}
            node[token] = child
        node = child
    if value is ABSENT:
        node.pop(tokens[-1], None)
    else:
        node[tokens[-1]] = value
