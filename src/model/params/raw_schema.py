"""Checking the raw JSON text of a parameter schema as the author types it.

The raw tab must say where a text is wrong without ever touching the text:
a JSON syntax error gets its line and column; a schema that parses but breaks
the JSON Schema meta-schema of its ``$schema`` draft gets the JSON pointer of
the offending keyword, plus the line and column where that keyword sits in the
text so the editor can underline it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from flowdesk.model.json_input import JsonInputError, parse_json
from flowdesk.model.problems import escape_pointer_token
from flowdesk.model.schema_engine import draft_class, meta_validator
from flowdesk.model.schema_references import reference_problems

Json = Any


@dataclass(frozen=True, slots=True)
class RawSchemaError:
    """One reason the raw text is not accepted (or a warning when ``blocking`` is false)."""

    message: str
    line: int | None = None
    column: int | None = None
    pointer: str | None = None
    offset: int | None = None
    length: int = 1
    blocking: bool = True

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}, column {self.column}")
        if self.pointer is not None:
            where.append(f"at {self.pointer or '/'}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass(frozen=True, slots=True)
class RawSchemaCheck:
    """The outcome: the parsed schema when it may replace the model's, and what is wrong."""

    schema: Json
    errors: tuple[RawSchemaError, ...]

    @property
    def accepted(self) -> bool:
        return not any(e.blocking for e in self.errors)


def format_schema(schema: Json) -> str:
    """The raw tab's text for ``schema``: two-space indents, key order kept."""
    return json.dumps(schema, indent=2, ensure_ascii=False)


def check_raw_schema(text: str) -> RawSchemaCheck:
    """Parse ``text`` and check it against the meta-schema its ``$schema`` names.

    Draft 2020-12 is assumed without ``$schema`` (the version format's default).
    Workflow-specific advice (the root should be an object, no ``$ref`` outside
    the schema or in a loop) is a non-blocking warning: the runner rejects such
    a schema, but the author may be mid-edit.
    """
    try:
        schema = parse_json(text)
    except JsonInputError as exc:
        reason = str(exc)
        if exc.line is not None and exc.column is not None and reason.startswith("not JSON: "):
            reason = "JSON syntax: " + reason.split(": ", 2)[-1]
        return RawSchemaCheck(
            None,
            (RawSchemaError(reason, exc.line, exc.column, pointer=exc.pointer,
                            offset=exc.offset),),
        )
    if not isinstance(schema, dict | bool):
        return RawSchemaCheck(
            None,
            (RawSchemaError("a JSON Schema must be an object (or true/false)", 1, 1, "", 0),),
        )
    meta = meta_validator(draft_class(schema))
    positions = value_positions(text)
    errors: list[RawSchemaError] = []
    for err in sorted(meta.iter_errors(schema), key=lambda e: list(map(str, e.absolute_path))):
        pointer = "".join("/" + escape_pointer_token(p) for p in err.absolute_path)
        errors.append(_located(f"not a valid schema: {err.message}", pointer, positions, text))
    if isinstance(schema, dict) and not errors:
        # A $ref outside the schema (never fetched) or a loop of $refs: every run would
        # fail, so say where now; validate reports the same as errors.
        for found in reference_problems(schema):
            errors.append(_located(found.message, found.pointer, positions, text, blocking=False))
        root_type = schema.get("type")
        if root_type != "object":
            errors.append(
                _located(
                    'a workflow\'s parameter schema should have "type": "object" at its root',
                    "/type" if "type" in schema else "",
                    positions,
                    text,
                    blocking=False,
                )
            )
    return RawSchemaCheck(schema, tuple(errors))


def _located(
    message: str, pointer: str, positions: dict[str, tuple[int, int]], text: str,
    blocking: bool = True,
) -> RawSchemaError:
    span = positions.get(pointer)
    if span is None:
        return RawSchemaError(message, pointer=pointer, blocking=blocking)
    start, end = span
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    return RawSchemaError(message, line, column, pointer, start, max(1, end - start), blocking)


_DECODER = json.JSONDecoder()
_WS = " \t\n\r"


def value_positions(text: str) -> dict[str, tuple[int, int]]:
    """Map each JSON pointer in ``text`` to the (start, end) offsets of its value.

    For an object member the span starts at its key, which is what a reader
    looks for. Returns ``{}`` for text that does not parse.
    """
    out: dict[str, tuple[int, int]] = {}
    try:
        _scan(text, _skip(text, 0), "", out, None)
    except (ValueError, IndexError):
        return {}
    return out


def _skip(text: str, i: int) -> int:
    while i < len(text) and text[i] in _WS:
        i += 1
    return i


def _scan(text: str, i: int, pointer: str, out: dict[str, tuple[int, int]],
          key_start: int | None) -> int:
    start = key_start if key_start is not None else i
    ch = text[i]
    if ch == "{":
        i = _skip(text, i + 1)
        if text[i] == "}":
            out[pointer] = (start, i + 1)
            return i + 1
        while True:
            k_start = i
            key, i = json.decoder.scanstring(text, i + 1)
            i = _skip(text, i)
            if text[i] != ":":
                raise ValueError("expected ':'")
            i = _skip(text, i + 1)
            i = _scan(text, i, f"{pointer}/{escape_pointer_token(key)}", out, k_start)
            i = _skip(text, i)
            if text[i] == "}":
                out[pointer] = (start, i + 1)
                return i + 1
            i = _skip(text, i + 1)
    if ch == "[":
        i = _skip(text, i + 1)
        index = 0
        if text[i] == "]":
            out[pointer] = (start, i + 1)
            return i + 1
        while True:
            i = _scan(text, i, f"{pointer}/{index}", out, None)
            index += 1
            i = _skip(text, i)
            if text[i] == "]":
                out[pointer] = (start, i + 1)
                return i + 1
            i = _skip(text, i + 1)
    _value, end = _DECODER.raw_decode(text, i)
    out[pointer] = (start, end)
    return end
