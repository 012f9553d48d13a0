"""One sentence of what a publish would change, for the confirmation a person reads
before a version becomes immutable ("2 steps added, 1 connection changed; parameters
changed"), and the warning when nothing changed at all.
"""

from __future__ import annotations

from collections import Counter

from flowdesk.model.diff import DocumentDiff

_NOUNS = {"node": ("step", "steps"), "edge": ("connection", "connections"),
          "note": ("note", "notes")}
_ORDER = ("added", "removed", "changed", "moved")


def _count(n: int, noun: tuple[str, str]) -> str:
    return f"{n} {noun[0] if n == 1 else noun[1]}"


def change_summary(diff: DocumentDiff) -> str:
    """What changed, most telling first; ``""`` when nothing did (see :meth:`DocumentDiff.is_empty`)."""
    counts: Counter[tuple[str, str]] = Counter()
    document = False
    for change in (*diff.semantic_changes, *diff.layout_changes):
        if change.kind in _NOUNS:
            counts[(change.kind, change.op)] += 1
        else:
            document = True  # the graph's own settings (e.g. its start)
    items = [f"{_count(counts[(kind, op)], _NOUNS[kind])} {op}"
             for kind in _NOUNS for op in _ORDER if counts[(kind, op)]]
    if document:
        items.append("workflow settings changed")
    parts = [", ".join(items)] if items else []
    if diff.parameter_changes:
        breaking = len(diff.breaking_changes)
        parts.append("parameters changed" + (f" ({breaking} breaking)" if breaking else ""))
    if diff.env_changes:
        parts.append("environment changed")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]
