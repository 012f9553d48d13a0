"""Turn a raw (sub)schema into the *effective* schema a form field draws from.

``$ref`` targets and ``allOf`` members are merged in; ``if``/``then``/``else``
are collected as :class:`Conditional` s so the object editor can show and hide
dependent fields. Only one level is resolved: children are resolved when a
field is built, which keeps huge and recursive schemas cheap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flowdesk.model.forms.context import Resolver, SchemaContext
from flowdesk.model.forms.merge import merge_schemas

_REF_KEYS = ("$ref", "$dynamicRef", "$recursiveRef")
_DROPPED = frozenset((*_REF_KEYS, "allOf", "if", "then", "else"))


@dataclass(frozen=True)
class Conditional:
    """An ``if``/``then``/``else`` triple and where its references resolve."""

    if_schema: Any
    then_schema: Any
    else_schema: Any
    resolver: Resolver[Any]


@dataclass
class Effective:
    schema: dict[str, Any]
    resolver: Resolver[Any]
    conditionals: list[Conditional] = field(default_factory=list)
    ref_targets: tuple[int, ...] = ()
    recursive: bool = False
    never: bool = False
    unresolved: list[str] = field(default_factory=list)
    ref_name: str | None = None


def resolve(
    context: SchemaContext,
    schema: Any,
    resolver: Resolver[Any],
    path_refs: tuple[int, ...] = (),
) -> Effective:
    """Resolve one level of ``schema``; ``path_refs`` are the ``$ref`` targets already
    entered above this field, so a recursive reference is flagged (and built on demand)."""
    return _resolve(context, schema, resolver, path_refs, set())


def _resolve(
    context: SchemaContext,
    schema: Any,
    resolver: Resolver[Any],
    path_refs: tuple[int, ...],
    seen: set[int],
) -> Effective:
    if schema is False:
        return Effective({}, resolver, never=True, ref_targets=path_refs)
    if not isinstance(schema, dict):
        return Effective({}, resolver, ref_targets=path_refs)
    resolver = context.enter(schema, resolver)
    result = {k: v for k, v in schema.items() if k not in _DROPPED}
    eff = Effective(result, resolver, ref_targets=path_refs)
    if "if" in schema:
        eff.conditionals.append(
            Conditional(schema["if"], schema.get("then"), schema.get("else"), resolver)
        )
    # dependentSchemas (and draft-7 schema ``dependencies``) are "if this key is present,
    # then ...": the same show-and-hide behaviour as if/then.
    # dependentRequired (and list ``dependencies``) only add required markers.
    for key in ("dependentSchemas", "dependencies", "dependentRequired"):
        deps = schema.get(key)
        if isinstance(deps, dict):
            for name, sub in deps.items():
                then = {"required": sub} if isinstance(sub, list) else sub
                if isinstance(then, dict):
                    eff.conditionals.append(Conditional({"required": [name]}, then, None, resolver))
    for key in _REF_KEYS:
        ref = schema.get(key)
        if not isinstance(ref, str):
            continue
        found = context.lookup(ref, resolver)
        if found is None:
            eff.unresolved.append(ref)
            continue
        target, target_resolver = found
        key_id = id(target)
        if key_id in seen:  # a reference cycle with no field in between: stop here
            continue
        if key_id in eff.ref_targets:
            eff.recursive = True
        eff.ref_targets = (*eff.ref_targets, key_id)
        eff.ref_name = eff.ref_name or ref.rsplit("/", 1)[-1]
        sub = _resolve(context, target, target_resolver, eff.ref_targets, seen | {key_id})
        _absorb(eff, sub, target_wins=False)
        eff.resolver = sub.resolver
    members = schema.get("allOf")
    if isinstance(members, list):
        for member in members:
            sub = _resolve(context, member, eff.resolver, eff.ref_targets, seen)
            _absorb(eff, sub, target_wins=False)
    return eff


def _absorb(eff: Effective, sub: Effective, *, target_wins: bool) -> None:
    eff.schema = (
        merge_schemas(sub.schema, eff.schema) if target_wins else merge_schemas(eff.schema, sub.schema)
    )
    eff.conditionals.extend(sub.conditionals)
    eff.recursive = eff.recursive or sub.recursive
    eff.never = eff.never or sub.never
    eff.unresolved.extend(sub.unresolved)
    eff.ref_targets = tuple(dict.fromkeys((*eff.ref_targets, *sub.ref_targets)))
