"""The change records every diff in Flowdesk is made of.

A :class:`Change` names an item (node, edge, note, parameter, env variable,
secret) and lists its :class:`PropertyChange` records (pointer relative to the
item, old value, new value). :data:`ABSENT` marks a key that is not there, which
JSON ``null`` cannot. The document, schema and env diffs and the merge share
these so the CLI and the canvas read one vocabulary.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from flowdesk.model.problems import escape_pointer_token

Json = Any
ChangeKind = Literal["node", "edge", "note", "parameter", "env", "secret", "document"]
ChangeOp = Literal["added", "removed", "changed", "moved"]


class _Absent:
    """The value of a property that is not there (distinct from JSON ``null``)."""

    _instance: _Absent | None = None

    def __new__(cls) -> _Absent:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "ABSENT"

    def __bool__(self) -> bool:
        return False

    def __reduce__(self) -> str:
        return "ABSENT"


ABSENT: Any = _Absent()
"""Marks a missing key in :class:`PropertyChange` and merge conflicts."""


def json_equal(a: Json, b: Json) -> bool:
    """Equality of JSON values as JSON sees it.

    Stricter than ``==`` where Python is lax (``True == 1``), lenient where JSON
    is (``1 == 1.0`` is one JSON number, as in :mod:`flowdesk.model.canonical`).
    """
    if a is b:
        return True
    ta, tb = type(a), type(b)
    if ta is not tb:
        if ta in (int, float) and tb in (int, float):
            return bool(a == b)
        return False
    if ta is dict:
        if len(a) != len(b):
            return False
        for key, value in a.items():
            other = b.get(key, ABSENT)
            if other is ABSENT or not json_equal(value, other):
                return False
        return True
    if ta is list or ta is tuple:
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


@dataclass(frozen=True, slots=True)
class PropertyChange:
    """One property that differs: ``pointer`` is relative to the item (``/config/url``)."""

    pointer: str
    old: Json
    new: Json

    def to_json(self) -> dict[str, Json]:
        out: dict[str, Json] = {"pointer": self.pointer}
        if self.old is not ABSENT:
            out["old"] = self.old
        if self.new is not ABSENT:
            out["new"] = self.new
        return out


@dataclass(frozen=True, slots=True)
class Change:
    """One changed item.

    ``id`` is the item's id (node, edge, note id; parameter name; env or secret
    name; for ``document`` the top-level key). ``pointer`` locates the item in
    the new document (in the old one when removed). ``old``/``new`` hold the
    whole item as JSON (``ABSENT`` when added/removed). ``breaking`` only ever
    holds for parameter changes.
    """

    kind: ChangeKind
    id: str
    op: ChangeOp
    properties: tuple[PropertyChange, ...] = ()
    old: Json = field(default=ABSENT, compare=False)
    new: Json = field(default=ABSENT, compare=False)
    pointer: str = ""
    breaking: bool = False
    message: str = ""

    def to_json(self) -> dict[str, Json]:
        out: dict[str, Json] = {
            "kind": self.kind,
            "id": self.id,
            "op": self.op,
            "pointer": self.pointer,
            "properties": [p.to_json() for p in self.properties],
        }
        if self.op == "added" and self.new is not ABSENT:
            out["new"] = self.new
        elif self.op == "removed" and self.old is not ABSENT:
            out["old"] = self.old
        if self.kind == "parameter":
            out["breaking"] = self.breaking
        if self.message:
            out["message"] = self.message
        return out


# ----------------------------------------------------------------- JSON diffs


def json_changes(old: Json, new: Json, pointer: str = "") -> list[PropertyChange]:
    """Property-level differences; objects are compared key by key, arrays whole."""
    if json_equal(old, new):
        return []
    if type(old) is dict and type(new) is dict:
        out: list[PropertyChange] = []
        for key, value in old.items():
            sub = f"{pointer}/{escape_pointer_token(key)}"
            if key in new:
                out.extend(json_changes(value, new[key], sub))
            else:
                out.append(PropertyChange(sub, value, ABSENT))
        for key, value in new.items():
            if key not in old:
                out.append(PropertyChange(f"{pointer}/{escape_pointer_token(key)}", ABSENT, value))
        return out
    return [PropertyChange(pointer, old, new)]


def item_detail(change: Change, arrow: str = "→") -> str:
    """A short parenthesised description of the changed item, for change lists.

    Nodes show their action (or type) and name, edges their ends and condition;
    ``arrow`` lets plain-text output use ``->``.
    """
    item = change.new if change.new is not ABSENT else change.old
    if not isinstance(item, dict):
        return ""
    if change.kind == "node":
        name = item.get("name")
        kind = item.get("actionId") or item.get("type")
        return f"({kind}{', ' + json.dumps(name, ensure_ascii=False) if name else ''})"
    if change.kind == "edge":
        cond = item.get("condition")
        label = cond.get("expression") if isinstance(cond, dict) else cond
        ends = f"{item.get('source')} {arrow} {item.get('target')}"
        return f"({ends}{', ' + str(label) if label else ''})"
    return ""
