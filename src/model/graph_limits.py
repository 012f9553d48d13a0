"""How big a graph Flowdesk checks and imports: beyond these, one clear problem instead of minutes.

The limits sit well above the 20,000-node benchmark documents; a graph over
them is refused by ``validate`` (the single problem ``graph.too_large``) and by
``flowdesk import`` before the model is built.
"""

from __future__ import annotations

from typing import Any

from flowdesk.model.document import VersionDocument
from flowdesk.model.problems import Location, Problem, error

LIMITS = {"nodes": 50_000, "edges": 200_000, "notes": 10_000}


def over_limits(document: Any) -> list[Problem]:
    """The one ``graph.too_large`` problem when the graph has more items than :data:`LIMITS`."""
    if isinstance(document, VersionDocument):
        counts = {"nodes": len(document.graph.nodes), "edges": len(document.graph.edges),
                  "notes": len(document.graph.notes or ())}
    else:
        graph = document.get("graph") if isinstance(document, dict) else None
        if not isinstance(graph, dict):
            return []
        counts = {k: len(v) for k in LIMITS if isinstance(v := graph.get(k), list)}
    over = [f"{counts[k]:,} {k} (at most {LIMITS[k]:,})" for k in LIMITS
            if counts.get(k, 0) > LIMITS[k]]
    if not over:
        return []
    return [error("graph.too_large", Location("/graph"),
                  f"the graph is too large: {', '.join(over)}")]
