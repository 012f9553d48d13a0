"""The one strict JSON reader for everything a user hands Flowdesk.

Python's ``json`` accepts more than JSON and fails badly on hostile input:
``NaN``/``Infinity`` literals, ``1e400`` (silently ``inf``), duplicate keys
(the last silently wins), integers of more than 4,300 digits (a ``ValueError``
from deep inside), nesting a thousand levels deep (``RecursionError``, and the
recursive code after parsing overflows too), binary or non-UTF-8 bytes, and
files of any size. Every command, the app's paste and editors, and stored
documents read through :func:`parse_json` / :func:`read_json_file`, so all of
them refuse the same input with the same one-line message, naming what is
wrong and where (line and column, byte offset or JSON pointer).

Limits (documented in the README): :data:`MAX_DOCUMENT_BYTES` (50 MiB, about
five times a 20,000-node document), :data:`MAX_DEPTH` (100 levels of arrays
and objects; a version document uses about 10) and :data:`MAX_INT_DIGITS`
(4,300 digits, Python's own limit for converting text to ``int``).
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
from pathlib import Path
from typing import Any

from flowdesk.model.errors import FlowdeskError
from flowdesk.model.gc_pause import gc_paused
from flowdesk.model.problems import join_pointer

MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
MAX_DEPTH = 100
MAX_INT_DIGITS = 4300
# Python's default recursion limit is 1,000; someone may raise it (see parse_json).
_SAFE_RECURSION_LIMIT = 4000

__all__ = [
    "MAX_DEPTH",
    "MAX_DOCUMENT_BYTES",
    "MAX_INT_DIGITS",
    "JsonInputError",
    "parse_json",
    "read_json_file",
]


class JsonInputError(FlowdeskError):
    """Input that is not strict JSON (or is over a limit); the message says what and where.

    ``pointer`` is the JSON pointer of the offending value when it is known,
    ``line``/``column`` (1-based) and ``offset`` (0-based, in characters) the
    place in the text for syntax errors.
    """

    def __init__(self, message: str, *, pointer: str | None = None,
                 line: int | None = None, column: int | None = None,
                 offset: int | None = None) -> None:
        super().__init__(message)
        self.pointer = pointer
        self.line = line
        self.column = column
        self.offset = offset


class _Refused(Exception):
    """Raised by the parse hooks to stop at the first value strict JSON does not allow."""


class _Flag:
    """Put in place of a refused value on the second, locating parse."""

    __slots__ = ("reason", "key")

    def __init__(self, reason: str, key: str | None = None) -> None:
        self.reason = reason
        self.key = key


# ----------------------------------------------------------------- entry points


def read_json_file(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> Any:
    """Parse the file at ``path`` (``"-"`` is standard input) as strict JSON.

    Raises :class:`JsonInputError` for bad content and ``OSError`` when the file
    cannot be read; the size limit (default :data:`MAX_DOCUMENT_BYTES`) is
    checked before anything is read.
    """
    max_bytes = MAX_DOCUMENT_BYTES if max_bytes is None else max_bytes
    if str(path) == "-":
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:  # a replaced text stdin (tests, embedding)
            return parse_json(sys.stdin.read(max_bytes + 1), max_bytes=max_bytes)
        return parse_json(stream.read(max_bytes + 1), max_bytes=max_bytes)
    file = Path(path)
    size = file.stat().st_size
    if size > max_bytes:
        raise _too_large(size, max_bytes)
    with file.open("rb") as stream:
        return parse_json(stream.read(max_bytes + 1), max_bytes=max_bytes)


def parse_json(data: str | bytes | bytearray, *, max_bytes: int | None = None) -> Any:
    """``data`` parsed as strict JSON (RFC 8259), or :class:`JsonInputError`."""
    max_bytes = MAX_DOCUMENT_BYTES if max_bytes is None else max_bytes
    if isinstance(data, (bytes, bytearray)):
        if len(data) > max_bytes:
            raise _too_large(len(data), max_bytes)
        text = _decode(bytes(data))
    else:
        if len(data) * 4 > max_bytes:  # else even 4-byte characters stay under the limit
            size = len(data.encode("utf-8", "surrogatepass"))
            if size > max_bytes:
                raise _too_large(size, max_bytes)
        text = data[1:] if data.startswith("\ufeff") else data
    if sys.getrecursionlimit() > _SAFE_RECURSION_LIMIT:
        # The C parser stops deep nesting with RecursionError only as early as the
        # recursion limit: raised this high, it could overflow the C stack first.
        too_deep_text = _too_deep_in_text(text)
        if too_deep_text is not None:
            raise too_deep_text
    try:
        with gc_paused():  # a big document is many acyclic objects: see gc_pause
            value = json.loads(text, parse_constant=_refuse_constant, parse_float=_checked_float,
                               object_pairs_hook=_unique_object)
            too_deep = _depth_over(value, MAX_DEPTH)
    except json.JSONDecodeError as exc:
        raise JsonInputError(f"not JSON: line {exc.lineno}, column {exc.colno}: {exc.msg}",
                             line=exc.lineno, column=exc.colno, offset=exc.pos) from None
    except RecursionError:
        raise _too_deep_in_text(text) or JsonInputError(
            f"nested deeper than {MAX_DEPTH} levels") from None
    except (_Refused, ValueError):  # ValueError: an int beyond Python's digit limit
        raise _locate(text) from None
    if too_deep:
        pointer = _pointer_at_depth(value, MAX_DEPTH + 1)
        raise JsonInputError(
            f"nested deeper than {MAX_DEPTH} levels at {_abbreviated(pointer)}", pointer=pointer
        )
    return value


# ----------------------------------------------------------------- bytes and text


def _decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start]
        line = data.count(b"\n", 0, exc.start) + 1
        what = "binary data" if b"\x00" in data[:1024] else "not UTF-8 text"
        raise JsonInputError(
            f"{what}: byte 0x{bad:02x} at offset {exc.start} (line {line}) is not UTF-8",
            line=line,
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def _too_large(size: int, limit: int) -> JsonInputError:
    return JsonInputError(
        f"too large: {size:,} bytes, the limit is {limit:,} bytes ({limit / 2**20:g} MiB)"
    )


# ----------------------------------------------------------------- first pass hooks


def _refuse_constant(name: str) -> Any:
    raise _Refused(name)


def _checked_float(literal: str) -> float:
    value = float(literal)
    if math.isinf(value):
        raise _Refused(literal)
    return value


def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _Refused("duplicate key")
    return result


# ----------------------------------------------------------------- locating a refusal


def _flag_constant(name: str) -> _Flag:
    return _Flag(f"{name} is not a JSON number")


def _flag_float(literal: str) -> float | _Flag:
    value = float(literal)
    if math.isinf(value):
        return _Flag(f"number {_short(literal)} is out of range (it overflows to infinity)")
    return value


def _flag_int(literal: str) -> int | _Flag:
    digits = len(literal.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        return _Flag(f"integer of {digits:,} digits (more than {MAX_INT_DIGITS:,})")
    return int(literal)


def _flag_object(pairs: list[tuple[str, Any]]) -> dict[str, Any] | _Flag:
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            return _Flag(f"duplicate key {key!r}", key)
        seen.add(key)
    return dict(pairs)


def _locate(text: str) -> JsonInputError:
    """Parse again with hooks that leave flags instead of raising, and find the first flag."""
    try:
        value = json.loads(text, parse_constant=_flag_constant, parse_float=_flag_float,
                           parse_int=_flag_int, object_pairs_hook=_flag_object)
    except RecursionError:
        return _too_deep_in_text(text) or JsonInputError(f"nested deeper than {MAX_DEPTH} levels")
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(value, ())]
    while stack:
        item, path = stack.pop()
        if isinstance(item, _Flag):
            tokens = (*path, item.key) if item.key is not None else path
            pointer = join_pointer(*tokens) or "/"
            return JsonInputError(f"{item.reason} at {_abbreviated(pointer)}", pointer=pointer)
        if isinstance(item, dict):
            stack.extend((v, (*path, k)) for k, v in reversed(item.items()))
        elif isinstance(item, list):
            stack.extend((v, (*path, i)) for i, v in reversed(list(enumerate(item))))
    return JsonInputError("not JSON: a value strict JSON does not allow")  # not reached


def _abbreviated(pointer: str) -> str:
    """A pointer short enough for a one-line message (deep ones keep both ends)."""
    tokens = pointer.split("/")
    if len(pointer) <= 120 or len(tokens) <= 8:
        return pointer
    return "/".join(tokens[:5]) + "/.../" + "/".join(tokens[-3:])


def _short(literal: str) -> str:
    return literal if len(literal) <= 24 else literal[:21] + "..."


# ----------------------------------------------------------------- depth


def _depth_over(value: Any, limit: int) -> bool:
    """Whether arrays/objects nest more than ``limit`` levels (iterative: no recursion)."""
    if not isinstance(value, (dict, list)):
        return False
    stack = [(value, 1)]
    pop, push = stack.pop, stack.append
    while stack:
        item, depth = pop()
        if depth > limit:
            return True
        for child in item.values() if isinstance(item, dict) else item:
            if isinstance(child, (dict, list)):
                push((child, depth + 1))
    return False


def _pointer_at_depth(value: Any, depth: int) -> str:
    """The pointer of the first container at nesting level ``depth`` (the root is level 1)."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(value, ())]
    while stack:
        item, path = stack.pop()
        if len(path) + 1 >= depth:
            return join_pointer(*path) or "/"
        if isinstance(item, dict):
            stack.extend((v, (*path, k)) for k, v in reversed(item.items())
                         if isinstance(v, (dict, list)))
        elif isinstance(item, list):
            stack.extend((v, (*path, i)) for i, v in reversed(list(enumerate(item)))
                         if isinstance(v, (dict, list)))
    return "/"


_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)


def _too_deep_in_text(text: str) -> JsonInputError | None:
    """Where nesting passes the limit, by line and column (for what the parser cannot read)."""
    depth = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, match.start()) + 1
                column = match.start() - text.rfind("\n", 0, match.start())
                return JsonInputError(
                    f"nested deeper than {MAX_DEPTH} levels at line {line}, column {column}",
                    line=line, column=column,
                )
        elif token in "]}":
            depth -= 1
    return None
