"""Run schema authors' regular expressions without letting one of them hang Flowdesk.

JSON Schema ``pattern``s come from whoever wrote the schema, and a pattern like
``^(a+)+$`` makes a backtracking engine (Python's ``re``) take exponential time
on ``"aaa…a!"`` -- minutes, while the caller holds the workspace's write lock.
Patterns therefore run on RE2, whose time is linear in the text. The ECMA-262
features RE2 lacks (lookaround, backreferences) fall back to the ``regex``
package under a time limit, so the worst case is a clear "took too long",
never a hang.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import re2
import regex

from flowdesk.model.errors import FlowdeskError

# Per search, fallback engine only (RE2 needs no limit). Long enough for any sane
# pattern on any sane value, short enough that a form stays responsive.
TIME_LIMIT_SECONDS = 0.5
# Once a pattern has run out of time it has shown it backtracks catastrophically; later
# searches with it get this much, so an array of 1,000 bad values costs seconds, not
# minutes, while a value it matches quickly still passes.
PROVEN_SLOW_LIMIT_SECONDS = 0.005

_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.log_errors = False  # RE2 would print every refused pattern to stderr
# ECMA-262 ``\uXXXX`` / ``\u{X…}`` escapes; RE2 spells them ``\x{…}``. The look-behind
# keeps an escaped backslash (``\\u``) literal.
_ECMA_UNICODE_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\u(?:\{([0-9A-Fa-f]{1,6})\}|([0-9A-Fa-f]{4}))")


class PatternError(FlowdeskError):
    """A schema's regular expression could not be applied to a value."""

    def __init__(self, pattern: str, message: str) -> None:
        super().__init__(message)
        self.pattern = pattern


class PatternTooSlow(PatternError):
    """The pattern needs backtracking and did not finish within the time limit."""

    def __init__(self, pattern: str) -> None:
        super().__init__(
            pattern,
            f"took too long (over {TIME_LIMIT_SECONDS:g} s) to check this value: the pattern "
            f"{pattern!r} backtracks catastrophically (nested or overlapping repetition); "
            "simplify it",
        )


class PatternInvalid(PatternError):
    """Neither engine can compile the pattern."""

    def __init__(self, pattern: str, reason: str) -> None:
        super().__init__(pattern, f"{pattern!r} is not a usable regular expression: {reason}")


_proven_slow: set[str] = set()  # patterns that have exceeded the limit in this process


@dataclass(frozen=True, slots=True)
class BoundedPattern:
    """A compiled pattern: RE2 when it can, else ``regex`` with a time limit."""

    source: str
    linear: Any | None  # an RE2 program
    backtracking: Any | None  # a ``regex`` program, used only when RE2 refused the pattern

    def search(self, text: str) -> bool:
        """Whether the pattern matches anywhere in ``text`` (JSON Schema's semantics:
        patterns are not anchored). Raises :class:`PatternTooSlow`."""
        if self.linear is not None:
            return _re2_search(self.linear, text)
        limit = TIME_LIMIT_SECONDS
        if self.source in _proven_slow:
            limit = min(limit, PROVEN_SLOW_LIMIT_SECONDS)
        try:
            return self.backtracking.search(text, timeout=limit) is not None
        except TimeoutError:
            _proven_slow.add(self.source)
            raise PatternTooSlow(self.source) from None

    @property
    def runs_in_linear_time(self) -> bool:
        return self.linear is not None


@lru_cache(maxsize=4096)
def compile_pattern(pattern: str) -> BoundedPattern:
    """Compile once per distinct pattern; raises :class:`PatternInvalid`."""
    try:
        return BoundedPattern(pattern, re2.compile(_for_re2(pattern), _RE2_OPTIONS), None)
    except re2.error:
        pass
    try:
        return BoundedPattern(pattern, None, regex.compile(pattern))
    except (regex.error, ValueError, OverflowError) as exc:
        raise PatternInvalid(pattern, str(exc)) from None


def search(pattern: str, text: str) -> bool:
    """``pattern`` matches somewhere in ``text``; raises :class:`PatternError`."""
    return compile_pattern(pattern).search(text)


_UNANCHORED = getattr(getattr(re2, "_Anchor", None), "UNANCHORED", None)


def _re2_search(program: Any, text: str) -> bool:
    """RE2 search without building a match object: the public ``search`` decodes every
    span back to str offsets, which costs ~8 µs a call against ~2 µs here (it matters
    for action configs checked on every validation of a 5,000-node graph)."""
    native = getattr(program, "_regexp", None)
    if native is None or _UNANCHORED is None:
        return program.search(text) is not None
    encoded = text.encode("utf-8", "surrogatepass")
    return bool(native.Match(_UNANCHORED, encoded, 0, len(encoded))[0][0] != -1)


def _for_re2(pattern: str) -> str:
    return _ECMA_UNICODE_ESCAPE.sub(
        lambda m: f"{m.group(1)}\\x{{{m.group(2) or m.group(3)}}}", pattern
    )
