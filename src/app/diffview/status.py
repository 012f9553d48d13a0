"""Which diff status each canvas item has, and the colours that show it.

Kept apart from the Qt items so the status rules (a node both edited and moved
counts as changed, a pure move is layout-only) are read in one place.
"""

from __future__ import annotations

from typing import Literal

from flowdesk.model.diff import DocumentDiff

DiffStatus = Literal["added", "removed", "changed", "moved", "unchanged", "conflict"]
ItemKey = tuple[str, str]  # (kind, id) with kind "node" | "edge" | "note"

STATUS_COLOURS: dict[str, str] = {
    "added": "#1e9e4a",
    "removed": "#d93025",
    "changed": "#e08a00",
    "moved": "#5b7fa6",
    "conflict": "#c026d3",  # merge view: an item with an open conflict
}
STATUS_SIGNS: dict[str, str] = {"added": "+", "removed": "−", "changed": "~", "moved": "↔",
                                "conflict": "!"}


def item_statuses(diff: DocumentDiff) -> dict[ItemKey, DiffStatus]:
    """``(kind, id) -> status`` for every graph item the diff touches.

    Semantic ops win over a move: a node that was edited and dragged is
    "changed" (its ghost still shows where it was, see :func:`moved_items`).
    """
    out: dict[ItemKey, DiffStatus] = {}
    for change in diff.semantic_changes:
        if change.kind in ("node", "edge", "note"):
            out[(change.kind, change.id)] = change.op  # type: ignore[assignment]
    for change in diff.layout_changes:
        out.setdefault((change.kind, change.id), "moved")
    return out


def moved_items(diff: DocumentDiff) -> set[ItemKey]:
    """Items whose position changed (whatever else changed too)."""
    return {(c.kind, c.id) for c in diff.layout_changes}
