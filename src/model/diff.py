"""What changed between two version documents.

Items (nodes, edges, notes) are matched by id and compared property by
property, so a diff view can point at the exact field that changed. Layout-only
edits (node positions, note placement) are kept apart from semantic ones: a
dragged node is not a behaviour change. The parameter schema and the env config
have their own diffs (:mod:`flowdesk.model.schema_diff`,
:mod:`flowdesk.model.env_diff`), collected here into one :class:`DocumentDiff`.

Speed matters (5,000-node versions): items are put in dicts by id, and dumped
dicts are only built and compared when the frozen objects differ.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from flowdesk.model.changes import (
    ABSENT,
    Change,
    ChangeKind,
    ChangeOp,
    Json,
    PropertyChange,
    json_changes,
    json_equal,
)
from flowdesk.model.document import (
    Edge,
    Graph,
    Node,
    Note,
    VersionDocument,
    dump_edge,
    dump_node,
    dump_note,
)
from flowdesk.model.env_diff import diff_env
from flowdesk.model.schema_diff import diff_schemas


@dataclass(frozen=True, slots=True)
class DocumentDiff:
    """Every change from ``old`` to ``new``, grouped the way a person reads them."""

    semantic_changes: tuple[Change, ...] = ()
    layout_changes: tuple[Change, ...] = ()
    parameter_changes: tuple[Change, ...] = ()
    env_changes: tuple[Change, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (
            self.semantic_changes or self.layout_changes or self.parameter_changes
            or self.env_changes
        )

    @property
    def has_breaking_changes(self) -> bool:
        return any(c.breaking for c in self.parameter_changes)

    @property
    def breaking_changes(self) -> tuple[Change, ...]:
        return tuple(c for c in self.parameter_changes if c.breaking)

    def all_changes(self) -> Iterator[Change]:
        yield from self.semantic_changes
        yield from self.layout_changes
        yield from self.parameter_changes
        yield from self.env_changes

    def changes_for(self, kind: ChangeKind, item_id: str) -> list[Change]:
        """Every change (semantic and layout) of one item, e.g. to colour a canvas item."""
        return [c for c in self.all_changes() if c.kind == kind and c.id == item_id]

    def by_item(self) -> dict[tuple[str, str], list[Change]]:
        """``(kind, id) -> changes``: what a diff overlay looks up per canvas item."""
        out: dict[tuple[str, str], list[Change]] = {}
        for c in self.all_changes():
            out.setdefault((c.kind, c.id), []).append(c)
        return out

    def to_json(self) -> dict[str, Json]:
        return {
            "equal": self.is_empty,
            "breaking": self.has_breaking_changes,
            "semantic": [c.to_json() for c in self.semantic_changes],
            "layout": [c.to_json() for c in self.layout_changes],
            "parameters": [c.to_json() for c in self.parameter_changes],
            "env": [c.to_json() for c in self.env_changes],
        }


# ----------------------------------------------------------------- item diffs

_LAYOUT_KEYS = frozenset({"position"})


def keyed(items: Iterable[Any]) -> dict[str, tuple[int, Any]]:
    """Items by id with their index; a repeated id gets ``#2``, ``#3``... so nothing is lost."""
    items = list(items)
    out = {item.id: (index, item) for index, item in enumerate(items)}
    if len(out) == len(items):
        return out
    out = {}
    for index, item in enumerate(items):
        key = item.id
        n = 1
        while key in out:
            n += 1
            key = f"{item.id}#{n}"
        out[key] = (index, item)
    return out


def _same_node(a: Node, b: Node) -> bool:
    """Field by field: cheap ones first, JSON-strict for the dict fields (``True`` is not ``1``)."""
    return (
        a.id == b.id and a.type == b.type and a.name == b.name and a.action_id == b.action_id
        and a.mode == b.mode and a.position == b.position
        and (a.config is b.config or json_equal(a.config, b.config))
        and (a.extra is b.extra or json_equal(a.extra, b.extra))
    )


def _same_edge(a: Edge, b: Edge) -> bool:
    return (
        a.id == b.id and a.source == b.source and a.target == b.target
        and type(a.condition) is type(b.condition) and a.condition == b.condition
        and (a.extra is b.extra or json_equal(a.extra, b.extra))
    )


def _same_note(a: Note, b: Note) -> bool:
    return (
        a.id == b.id and a.text == b.text and a.position == b.position
        and (a.extra is b.extra or json_equal(a.extra, b.extra))
    )


def _item_changes(
    kind: ChangeKind,
    collection: str,
    old_items: Iterable[Any],
    new_items: Iterable[Any],
    dumper: Any,
    same: Callable[[Any, Any], bool],
) -> tuple[list[Change], list[Change]]:
    semantic: list[Change] = []
    layout: list[Change] = []
    old_by_id = keyed(old_items)
    new_by_id = keyed(new_items)
    for key, (index, new_item) in new_by_id.items():
        pointer = f"/graph/{collection}/{index}"
        hit = old_by_id.get(key)
        if hit is None:
            semantic.append(Change(kind, key, "added", (), ABSENT, dumper(new_item), pointer))
            continue
        old_item = hit[1]
        if old_item is new_item or same(old_item, new_item):
            continue
        old_json, new_json = dumper(old_item), dumper(new_item)
        props = json_changes(old_json, new_json)
        moved = tuple(p for p in props if p.pointer.split("/", 2)[1] in _LAYOUT_KEYS)
        other = tuple(p for p in props if p.pointer.split("/", 2)[1] not in _LAYOUT_KEYS)
        if other:
            semantic.append(Change(kind, key, "changed", other, old_json, new_json, pointer))
        if moved:
            layout.append(Change(kind, key, "moved", moved, old_json, new_json, pointer))
    for key, (index, old_item) in old_by_id.items():
        if key not in new_by_id:
            semantic.append(
                Change(kind, key, "removed", (), dumper(old_item), ABSENT,
                       f"/graph/{collection}/{index}")
            )
    return semantic, layout


def node_changes(old: Iterable[Node], new: Iterable[Node]) -> tuple[list[Change], list[Change]]:
    """(semantic, layout) changes between two node lists."""
    return _item_changes("node", "nodes", old, new, dump_node, _same_node)


def edge_changes(old: Iterable[Edge], new: Iterable[Edge]) -> tuple[list[Change], list[Change]]:
    return _item_changes("edge", "edges", old, new, dump_edge, _same_edge)


def note_changes(old: Iterable[Note], new: Iterable[Note]) -> tuple[list[Change], list[Change]]:
    return _item_changes("note", "notes", old, new, dump_note, _same_note)


def _extra_changes(old: Mapping[str, Json], new: Mapping[str, Json], base: str) -> list[Change]:
    """Keys outside the known format (kept losslessly) are diffed as ``document`` changes."""
    out = []
    for prop in json_changes(dict(old), dict(new)):
        out.append(Change("document", base + prop.pointer, "changed", (prop,), prop.old, prop.new,
                          base + prop.pointer))
    return out


def _graph_level_changes(old: Graph, new: Graph) -> list[Change]:
    out = []
    if old.format_version != new.format_version:
        prop = PropertyChange("/formatVersion", _opt(old.format_version), _opt(new.format_version))
        out.append(Change("document", "/graph/formatVersion", "changed", (prop,),
                          prop.old, prop.new, "/graph/formatVersion"))
    if (old.notes is None) != (new.notes is None) and not (old.notes or new.notes):
        # An empty notes list appearing or going: no note to show it, so say it here.
        prop = PropertyChange("/notes", [] if old.notes is not None else ABSENT,
                              [] if new.notes is not None else ABSENT)
        out.append(Change("document", "/graph/notes", "changed", (prop,), prop.old, prop.new,
                          "/graph/notes"))
    if old.extra is not new.extra and not json_equal(old.extra, new.extra):
        out.extend(_extra_changes(old.extra, new.extra, "/graph"))
    return out


def _opt(value: Any) -> Any:
    return ABSENT if value is None else value


def diff_documents(
    old: VersionDocument, new: VersionDocument, *, ignore_layout: bool = False
) -> DocumentDiff:
    """Everything that changed from ``old`` to ``new``; never raises on loaded documents."""
    semantic: list[Change] = []
    layout: list[Change] = []
    if old is new:
        return DocumentDiff()
    if old.graph is not new.graph:
        for fn, a, b in (
            (node_changes, old.graph.nodes, new.graph.nodes),
            (edge_changes, old.graph.edges, new.graph.edges),
            (note_changes, old.graph.notes or (), new.graph.notes or ()),
        ):
            s, lay = fn(a, b)
            semantic.extend(s)
            layout.extend(lay)
        semantic.extend(_graph_level_changes(old.graph, new.graph))
    if old.format_version != new.format_version:
        prop = PropertyChange("/formatVersion", _opt(old.format_version), _opt(new.format_version))
        semantic.append(Change("document", "/formatVersion", "changed", (prop,), prop.old,
                               prop.new, "/formatVersion"))
    if old.extra is not new.extra and not json_equal(old.extra, new.extra):
        semantic.extend(_extra_changes(old.extra, new.extra, ""))
    return DocumentDiff(
        semantic_changes=tuple(semantic),
        layout_changes=() if ignore_layout else tuple(layout),
        parameter_changes=tuple(_schema_diff(old, new)),
        env_changes=tuple(_env_diff(old, new)),
    )


def _schema_diff(old: VersionDocument, new: VersionDocument) -> list[Change]:
    from_schema = old.parameter_schema.schema if old.parameter_schema is not None else ABSENT
    to_schema = new.parameter_schema.schema if new.parameter_schema is not None else ABSENT
    changes = diff_schemas(from_schema, to_schema)
    if not changes and not json_equal(from_schema, to_schema):
        # No schema, ``{}`` and ``true`` accept the same inputs, yet the files differ.
        prop = PropertyChange("", from_schema, to_schema)
        changes = [Change("parameter", "", _op_of(from_schema, to_schema), (prop,), from_schema,
                          to_schema, "/parameterSchema", False,
                          "parameter schema written differently; it accepts the same input")]
    return changes


def _op_of(old: Json, new: Json) -> ChangeOp:
    return "added" if old is ABSENT else "removed" if new is ABSENT else "changed"


def _env_diff(old: VersionDocument, new: VersionDocument) -> list[Change]:
    return list(diff_env(old.env_config, new.env_config))


__all__ = [
    "ABSENT",
    "Change",
    "DocumentDiff",
    "PropertyChange",
    "diff_documents",
    "json_changes",
    "json_equal",
]
