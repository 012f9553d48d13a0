"""Plain-text wording of diff changes, shared by the diff window's change list and the HTML report.

No Qt here: a change becomes a headline ("node fetch (http.request, "Fetch")")
and, for edits, one ``pointer: old → new`` line per property.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from flowdesk.model.changes import ABSENT, Change, PropertyChange, item_detail
from flowdesk.model.diff import DocumentDiff

SECTIONS = (
    ("semantic", "Semantic changes"),
    ("layout", "Layout changes"),
    ("parameters", "Parameter changes"),
    ("env", "Env changes"),
)


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    title: str
    changes: tuple[Change, ...]

    @property
    def breaking_count(self) -> int:
        return sum(1 for c in self.changes if c.breaking)


def sections(diff: DocumentDiff) -> list[Section]:
    """The four groups a person reads a diff in, in order (empty ones included)."""
    groups = {
        "semantic": diff.semantic_changes,
        "layout": diff.layout_changes,
        "parameters": diff.parameter_changes,
        "env": diff.env_changes,
    }
    return [Section(key, title, tuple(groups[key])) for key, title in SECTIONS]


def headline(change: Change) -> str:
    """One line naming the change: what, which item, and its kind or condition."""
    if change.kind == "parameter":
        return change.message or f"parameter {change.id} {change.op}"
    if change.kind in ("env", "secret"):
        text = change.message or f"{change.kind} {change.id} {change.op}"
        if change.kind == "env" and change.op == "changed":
            text += f": {value_text(change.old)} → {value_text(change.new)}"
        return text
    if change.kind == "document":
        return f"document {change.id} changed"
    detail = item_detail(change)
    verb = {"added": "added", "removed": "removed", "changed": "changed",
            "moved": "moved"}[change.op]
    return f"{change.kind} {change.id}{' ' + detail if detail else ''} {verb}"



def property_lines(change: Change) -> list[tuple[str, str, str]]:
    """``(pointer, old, new)`` texts for each property of an edit (empty for add/remove)."""
    props: tuple[PropertyChange, ...] = change.properties
    return [(p.pointer or "/", value_text(p.old), value_text(p.new)) for p in props]


def value_text(value: Any, limit: int = 120) -> str:
    """A JSON value as a short one-line text; a missing value is "(none)"."""
    if value is ABSENT:
        return "(none)"
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 1] + "…"
