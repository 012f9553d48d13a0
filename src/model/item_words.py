"""The words every view uses for a graph's items: what an unnamed step is called and when
a connection is taken. The canvas, its tooltips, the diff window and its reports all say
the same thing because they all read it here.
"""

from __future__ import annotations

#: what a step without a name is called (actions and conditions show their id instead)
TYPE_LABELS = {"start": "Start", "end": "End", "parallel": "Parallel", "join": "Join"}

#: when a connection is taken, as the end of a sentence ("Fetch -> Mail — when it fails")
CONDITION_WORDS = {
    "always": "always", "onSuccess": "when it succeeds", "onFailure": "when it fails",
    "otherwise": "otherwise",
}


def condition_sentence(kind: str, expression: str | None = None) -> str:
    """``when it succeeds``, ``otherwise``, ``if total > 100``."""
    if expression is not None:
        return f"if {expression}"
    return CONDITION_WORDS.get(kind, kind)
