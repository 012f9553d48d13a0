"""Where a schema's references go wrong, found before anything is validated.

Two kinds of ``$ref`` make a schema unusable for checking values:

- one that leads nowhere inside the schema (a missing ``$defs`` entry, or a
  target outside it such as ``http://…`` or ``file://…``, which Flowdesk never
  retrieves);
- a loop of references that never consumes part of the value, such as
  ``a -> b -> a`` through ``$ref``/``allOf``/``anyOf``: validating any value
  recurses until Python gives up ("maximum recursion depth"). A recursive
  schema that descends into the value on the way (a tree node whose
  ``children`` items ``$ref`` the node) is fine and is not reported.

Each problem names the JSON pointer of the offending ``$ref`` in the schema.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import referencing.exceptions
from referencing._core import Resolver  # not re-exported by referencing
from referencing.jsonschema import DRAFT202012, Specification, specification_with

from flowdesk.model.problems import join_pointer
from flowdesk.model.schema_engine import REGISTRY

_BASE_URI = "urn:flowdesk:schema"
REF_KEYWORDS = ("$ref", "$dynamicRef", "$recursiveRef")
# Keywords whose subschemas apply to the same value (no descent into it).
_IN_PLACE_VALUES = ("not", "if", "then", "else")
_IN_PLACE_LISTS = ("allOf", "anyOf", "oneOf")
_IN_PLACE_MAPS = ("dependentSchemas", "dependencies")
# Keywords whose subschemas apply to a part of the value.
_DESCENDING_VALUES = (
    "additionalProperties", "contains", "propertyNames", "unevaluatedProperties",
    "unevaluatedItems", "additionalItems", "items",
)
_DESCENDING_LISTS = ("prefixItems", "items")
_DESCENDING_MAPS = ("properties", "patternProperties")
_HOLDERS = ("$defs", "definitions")  # not applied at all; only referenced


@dataclass(frozen=True, slots=True)
class ReferenceProblem:
    """``kind`` is ``"unresolvable"`` or ``"cycle"``; ``pointer`` is the ``$ref``'s
    place in the schema (``/properties/x/$ref``)."""

    kind: str
    pointer: str
    ref: str
    message: str


def reference_problems(
    schema: Any, prefix: str = "", specification: Specification[Any] | None = None
) -> list[ReferenceProblem]:
    """Unresolvable references, then reference cycles, of ``schema``. Pointers start
    with ``prefix`` (e.g. ``/parameterSchema``). ``specification`` is the draft the
    schema is read as (by default the one its ``$schema`` names, else 2020-12)."""
    if not isinstance(schema, dict):
        return []
    spec = specification or _specification(schema)
    registry = REGISTRY.with_resource(_BASE_URI, spec.create_resource(schema))
    with contextlib.suppress(Exception):  # a schema off its draft's shape: resolve lazily
        registry = registry.crawl()
    root = registry.resolver(base_uri=_BASE_URI)
    nodes = list(_walk(schema, "", root, spec))
    problems: list[ReferenceProblem] = []
    pointers = {id(sub): pointer for pointer, sub, _ in nodes}
    edges: dict[int, list[tuple[int, str]]] = {}
    for pointer, sub, resolver in nodes:
        targets = edges.setdefault(id(sub), [])
        for key in REF_KEYWORDS:
            ref = sub.get(key)
            if not isinstance(ref, str):
                continue
            where = prefix + pointer + join_pointer(key)
            try:
                target = resolver.lookup(ref).contents
            except referencing.exceptions.Unresolvable as exc:
                problems.append(ReferenceProblem(
                    "unresolvable", where, ref, _unresolvable_message(key, ref, where, exc)
                ))
                continue
            except Exception:  # malformed pointers and the like
                problems.append(ReferenceProblem(
                    "unresolvable", where, ref,
                    f"{key} {ref!r} at {where} cannot be resolved inside the schema",
                ))
                continue
            if id(target) in pointers:
                targets.append((id(target), pointer + join_pointer(key)))
        for child in _in_place_children(sub):
            if id(child) in pointers:
                targets.append((id(child), ""))
    for ref_pointer, loop in _cycles(edges, pointers):
        where = prefix + ref_pointer
        ref = _ref_at(nodes, ref_pointer)
        path = " -> ".join((prefix + p) or "/" for p in loop)
        problems.append(ReferenceProblem(
            "cycle", where, ref,
            f"$ref {ref!r} at {where} loops back without reaching any part of the value "
            f"({path}); checking a value against it would never end",
        ))
    return problems


def _specification(schema: dict[str, Any]) -> Specification[Any]:
    draft = schema.get("$schema")
    return specification_with(draft if isinstance(draft, str) else "", default=DRAFT202012)


def _unresolvable_message(key: str, ref: str, where: str, exc: Exception) -> str:
    retrieval = (exc, exc.__cause__)
    if any(isinstance(e, referencing.exceptions.Unretrievable) for e in retrieval):
        return (
            f"{key} {ref!r} at {where} points outside the schema; Flowdesk never fetches "
            "references (no network, no files), so copy the referenced schema into $defs"
        )
    return f"{key} {ref!r} at {where} leads nowhere inside the schema"


def _walk(
    schema: Any, pointer: str, resolver: Resolver[Any], spec: Specification[Any]
) -> Iterator[tuple[str, dict[str, Any], Resolver[Any]]]:
    """Every schema object with its pointer and the resolver its ``$ref``s use."""
    if not isinstance(schema, dict):
        return
    if isinstance(schema.get("$id"), str):
        with contextlib.suppress(Exception):  # a malformed $id: keep the enclosing base
            resolver = resolver.in_subresource(spec.create_resource(schema))
    yield pointer, schema, resolver
    for key in (*_IN_PLACE_MAPS, *_DESCENDING_MAPS, *_HOLDERS):
        value = schema.get(key)
        if isinstance(value, dict):
            for name, sub in value.items():
                yield from _walk(sub, pointer + join_pointer(key, name), resolver, spec)
    for key in (*_IN_PLACE_VALUES, *_DESCENDING_VALUES):
        if isinstance(schema.get(key), dict):
            yield from _walk(schema[key], pointer + join_pointer(key), resolver, spec)
    for key in (*_IN_PLACE_LISTS, *_DESCENDING_LISTS):
        value = schema.get(key)
        if isinstance(value, list):
            for i, sub in enumerate(value):
                yield from _walk(sub, pointer + join_pointer(key, i), resolver, spec)


def _in_place_children(schema: dict[str, Any]) -> Iterator[Any]:
    for key in _IN_PLACE_VALUES:
        yield schema.get(key)
    for key in _IN_PLACE_LISTS:
        value = schema.get(key)
        if isinstance(value, list):
            yield from value
    for key in _IN_PLACE_MAPS:
        value = schema.get(key)
        if isinstance(value, dict):
            yield from value.values()


def _cycles(
    edges: dict[int, list[tuple[int, str]]], pointers: dict[int, str]
) -> Iterator[tuple[str, list[str]]]:
    """For each loop of in-place edges: the pointer of a ``$ref`` on it, and the loop's
    schemas. Iterative depth-first search (schemas can be deep)."""
    state: dict[int, int] = {}  # 1 on the current path, 2 finished
    reported: set[frozenset[int]] = set()
    for start in edges:
        if state.get(start):
            continue
        path: list[int] = [start]
        state[start] = 1
        stack = [iter(edges.get(start, ()))]
        while stack:
            step = next(stack[-1], None)
            if step is None:
                stack.pop()
                state[path.pop()] = 2
                continue
            target, _ = step
            if state.get(target) == 1:
                loop = path[path.index(target):]
                key = frozenset(loop)
                if key not in reported:
                    reported.add(key)
                    yield _closing_ref(loop, edges, target), [
                        pointers[n] for n in (*loop, target)
                    ]
            elif not state.get(target):
                state[target] = 1
                path.append(target)
                stack.append(iter(edges.get(target, ())))


def _closing_ref(loop: list[int], edges: dict[int, list[tuple[int, str]]], target: int) -> str:
    """The pointer of a ``$ref`` edge on the loop (the last one, which closes it)."""
    ring = [*loop, target]
    found = ""
    for source, nxt in zip(ring, ring[1:], strict=False):
        for candidate, ref_pointer in edges.get(source, ()):
            if candidate == nxt and ref_pointer:
                found = ref_pointer
    return found


def _ref_at(nodes: list[tuple[str, dict[str, Any], Any]], ref_pointer: str) -> str:
    owner, _, key = ref_pointer.rpartition("/")
    for pointer, sub, _ in nodes:
        if pointer == owner:
            value = sub.get(key)
            return value if isinstance(value, str) else ""
    return ""
