"""Field descriptors: what kind of editor a schema position needs, and its children.

A :class:`FieldDescriptor` is built from a raw sub-schema on demand; its
properties, items and variants are only resolved when asked for, so a
recursive schema is expanded one level at a time, as the user opens it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from flowdesk.model.forms.context import Resolver, SchemaContext
from flowdesk.model.forms.resolve import Conditional, Effective, resolve
from flowdesk.model.property_order import declared_order, ordered_names, ordered_properties
from flowdesk.model.safe_regex import BoundedPattern, PatternError, compile_pattern

SCALAR_KINDS = ("string", "number", "integer", "boolean", "null")
# Kinds: the JSON types, plus "enum", "const", "variants" (oneOf/anyOf/type lists),
# "any" (no usable type: raw JSON) and "never" (the false schema: raw JSON too).
_STRING_HINTS = ("minLength", "maxLength", "pattern", "format", "contentMediaType")
_NUMBER_HINTS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")
_OBJECT_HINTS = (
    "properties",
    "additionalProperties",
    "patternProperties",
    "required",
    "minProperties",
    "maxProperties",
)
_ARRAY_HINTS = ("items", "prefixItems", "minItems", "maxItems", "uniqueItems")
_SHAPE_KEYS = frozenset(
    ("type", "properties", "items", "prefixItems", "enum", "const", "oneOf", "anyOf",
     "additionalProperties", "patternProperties", "format")
)


@dataclass(frozen=True)
class Variant:
    """One choice of a variant selector (a ``oneOf``/``anyOf`` member or a listed type)."""

    title: str
    descriptor: FieldDescriptor


class FieldDescriptor:
    """Everything an editor needs to know about one position in the schema."""

    def __init__(
        self,
        context: SchemaContext,
        schema: Any,
        resolver: Resolver[Any] | None = None,
        *,
        path_refs: tuple[int, ...] = (),
        depth: int = 0,
        extra_conditionals: tuple[Conditional, ...] = (),
    ) -> None:
        self.context = context
        self.raw = schema
        self.depth = depth
        self.effective: Effective = resolve(
            context, schema, resolver or context.root_resolver, path_refs
        )
        self.schema: dict[str, Any] = self.effective.schema
        self.resolver = self.effective.resolver
        self.conditionals: tuple[Conditional, ...] = (
            *extra_conditionals,
            *self.effective.conditionals,
        )

    # -- annotations -------------------------------------------------------------------------
    @property
    def title(self) -> str | None:
        title = self.schema.get("title")
        return title if isinstance(title, str) and title.strip() else None

    @property
    def description(self) -> str | None:
        text = self.schema.get("description") or self.schema.get("markdownDescription")
        return text if isinstance(text, str) and text.strip() else None

    @property
    def has_default(self) -> bool:
        return "default" in self.schema

    @property
    def default(self) -> Any:
        return self.schema.get("default")

    @property
    def examples(self) -> list[Any]:
        examples = self.schema.get("examples")
        return examples if isinstance(examples, list) else []

    @property
    def format(self) -> str | None:
        fmt = self.schema.get("format")
        return fmt if isinstance(fmt, str) else None

    @property
    def read_only(self) -> bool:
        return self.schema.get("readOnly") is True

    @property
    def write_only(self) -> bool:
        return self.schema.get("writeOnly") is True

    @property
    def recursive(self) -> bool:
        """Reached through a ``$ref`` already entered above: build only when opened."""
        return self.effective.recursive

    @property
    def unresolved_refs(self) -> list[str]:
        return self.effective.unresolved

    # -- kind ----------------------------------------------------------------------------------
    @cached_property
    def types(self) -> list[str]:
        declared = self.schema.get("type")
        if isinstance(declared, str):
            return [declared]
        if isinstance(declared, list):
            return [t for t in declared if isinstance(t, str)]
        return []

    @cached_property
    def kind(self) -> str:
        schema = self.schema
        if self.effective.never:
            return "never"
        if self.effective.unresolved and not (set(schema) & _SHAPE_KEYS):
            return "any"
        if "const" in schema:
            return "const"
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return "enum"
        if self._variant_key() is not None:
            return "enum" if self._const_options() is not None else "variants"
        types = self.types
        if len(types) == 1 and types[0] in (*SCALAR_KINDS, "object", "array"):
            return types[0]
        if len(types) > 1:
            return "variants"
        if any(k in schema for k in _OBJECT_HINTS):
            return "object"
        if any(k in schema for k in _ARRAY_HINTS):
            return "array"
        if any(k in schema for k in _STRING_HINTS):
            return "string"
        if any(k in schema for k in _NUMBER_HINTS):
            return "number"
        return "any"

    @property
    def typed(self) -> bool:
        """Whether the schema pins the JSON type (an untyped schema accepts anything)."""
        return bool(self.types) or self.kind in ("enum", "const")

    # -- enum / const ------------------------------------------------------------------------
    @cached_property
    def enum_options(self) -> list[tuple[Any, str]]:
        """(value, label) pairs: ``enum`` values, or ``oneOf`` members that are each a ``const``."""
        if "const" in self.schema:
            return [(self.schema["const"], _label(self.schema["const"]))]
        if isinstance(self.schema.get("enum"), list) and self.schema["enum"]:
            return [(v, _label(v)) for v in self.schema["enum"]]
        return self._const_options() or []

    def _const_options(self) -> list[tuple[Any, str]] | None:
        key = self._variant_key()
        if key is None:
            return None
        options = []
        for member in self.schema[key]:
            eff = resolve(self.context, member, self.resolver, self.effective.ref_targets)
            if "const" not in eff.schema:
                return None
            value = eff.schema["const"]
            title = eff.schema.get("title") or eff.schema.get("description")
            options.append((value, title if isinstance(title, str) else _label(value)))
        return options

    # -- variants ----------------------------------------------------------------------------
    def _variant_key(self) -> str | None:
        for key in ("oneOf", "anyOf"):
            members = self.schema.get(key)
            if isinstance(members, list) and members and not self._constraint_only(members):
                return key
        return None

    def _constraint_only(self, members: list[Any]) -> bool:
        """True when no member changes the shape (e.g. ``oneOf: [{required: [a]}, ...]``):
        then the base fields are drawn and jsonschema checks the alternatives."""
        for member in members:
            if not isinstance(member, dict):
                return False
            eff = resolve(self.context, member, self.resolver, self.effective.ref_targets)
            if (set(eff.schema) & _SHAPE_KEYS) or eff.unresolved or eff.never:
                return False
        return True

    @cached_property
    def variants(self) -> list[Variant]:
        key = self._variant_key()
        out: list[Variant] = []
        if key is not None:
            base = {k: v for k, v in self.schema.items() if k not in (key, "title", "description")}
            for index, member in enumerate(self.schema[key]):
                eff = resolve(self.context, member, self.resolver, self.effective.ref_targets)
                title = _variant_title(member, eff, index)
                merged: Any = {"allOf": [base, member]} if base else member
                out.append(Variant(title, self._child(merged, keep_conditionals=True)))
            return out
        for t in self.types:
            base = {k: v for k, v in self.schema.items() if k not in ("title", "description")}
            base["type"] = t
            out.append(Variant(t.capitalize(), self._child(base, keep_conditionals=True)))
        return out

    def match_variant(self, value: Any) -> int | None:
        """The variant ``value`` is valid against (for objects, the one naming most of its
        keys, as ``oneOf`` members often differ only by extra properties), else the first
        variant of its JSON type."""
        variants = self.variants
        best: tuple[int, int] | None = None
        for index, variant in enumerate(variants):
            d = variant.descriptor
            if self.context.is_valid(d.raw, d.resolver, value):
                if not isinstance(value, dict):
                    return index
                score = sum(1 for key in value if key in d.properties)
                if best is None or score > best[0]:
                    best = (score, index)
        if best is not None:
            return best[1]
        for index, variant in enumerate(variants):
            if json_type_fits(variant.descriptor, value):
                return index
        return None

    # -- objects -----------------------------------------------------------------------------
    @cached_property
    def properties(self) -> dict[str, FieldDescriptor]:
        """Named properties in display order (``x-flowdesk-order`` when the schema has it)."""
        return {name: self._child(sub) for name, sub in ordered_properties(self.schema)}

    def display_order(self, names: list[str]) -> list[str]:
        """``names`` (e.g. properties plus those ``then``/``else`` add) in the order the
        object schema's ``x-flowdesk-order`` gives; unlisted names keep their place after."""
        return ordered_names(names, declared_order(self.schema))

    @cached_property
    def required(self) -> list[str]:
        req = self.schema.get("required")
        return [r for r in req if isinstance(r, str)] if isinstance(req, list) else []

    @property
    def allows_adding_properties(self) -> bool:
        """Offer "Add property" only when the schema invites extra keys explicitly."""
        extra = self.schema.get("additionalProperties")
        return (extra is not None and extra is not False) or bool(self._patterns)

    @cached_property
    def _patterns(self) -> list[tuple[BoundedPattern, Any]]:
        patterns = self.schema.get("patternProperties")
        out = []
        if isinstance(patterns, dict):
            for regex, sub in patterns.items():
                try:
                    out.append((compile_pattern(regex), sub))
                except PatternError:
                    continue
        return out

    def extra_property(self, key: str) -> FieldDescriptor:
        """Descriptor for a key not listed in ``properties``."""
        for pattern, sub in self._patterns:
            try:
                matched = pattern.search(key)  # bounded: an author's pattern cannot hang the form
            except PatternError:
                continue
            if matched:
                return self._child(sub)
        extra = self.schema.get("additionalProperties")
        return self._child(extra if isinstance(extra, dict | bool) else True)

    def branch_properties(self, conditional: Conditional, branch: str) -> dict[str, FieldDescriptor]:
        """Properties that ``then``/``else`` add; shown only while that branch applies."""
        schema = conditional.then_schema if branch == "then" else conditional.else_schema
        eff = resolve(self.context, schema, conditional.resolver, self.effective.ref_targets)
        return {
            name: FieldDescriptor(
                self.context, sub, eff.resolver, path_refs=eff.ref_targets, depth=self.depth + 1
            )
            for name, sub in ordered_properties(eff.schema)
        }

    def branch_required(self, conditional: Conditional, branch: str) -> list[str]:
        schema = conditional.then_schema if branch == "then" else conditional.else_schema
        eff = resolve(self.context, schema, conditional.resolver, self.effective.ref_targets)
        req = eff.schema.get("required")
        return [r for r in req if isinstance(r, str)] if isinstance(req, list) else []

    def active_branch(self, conditional: Conditional, value: Any) -> str:
        """"then" or "else": which branch of the condition the current value takes."""
        ok = self.context.is_valid(conditional.if_schema, conditional.resolver, value)
        return "then" if ok else "else"

    # -- arrays ------------------------------------------------------------------------------
    def item(self, index: int) -> FieldDescriptor:
        prefix = self.schema.get("prefixItems")
        items = self.schema.get("items")
        if isinstance(prefix, list):
            if index < len(prefix):
                return self._child(prefix[index])
            return self._child(items if items is not None else True)
        if isinstance(items, list):  # draft 4-7 tuple form
            if index < len(items):
                return self._child(items[index])
            extra = self.schema.get("additionalItems", True)
            return self._child(extra)
        return self._child(items if items is not None else True)

    @property
    def items_are_objects(self) -> bool:
        return self.item(0).kind in ("object", "array", "variants", "any")

    # -- helpers -----------------------------------------------------------------------------
    def _child(self, schema: Any, *, keep_conditionals: bool = False) -> FieldDescriptor:
        return FieldDescriptor(
            self.context,
            schema,
            self.resolver,
            path_refs=self.effective.ref_targets,
            depth=self.depth + (0 if keep_conditionals else 1),
            extra_conditionals=self.conditionals if keep_conditionals else (),
        )


def json_type_fits(descriptor: FieldDescriptor, value: Any) -> bool:
    """Whether ``value``'s JSON type is one the descriptor's kind edits."""
    kind = descriptor.kind
    if kind == "variants":
        return any(json_type_fits(v.descriptor, value) for v in descriptor.variants)
    expected = {
        "string": str,
        "boolean": bool,
        "object": dict,
        "array": list,
    }.get(kind)
    if expected is not None:
        return isinstance(value, expected)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "null":
        return value is None
    return True


def _label(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _variant_title(member: Any, eff: Effective, index: int) -> str:
    if isinstance(member, dict) and isinstance(member.get("title"), str) and member["title"]:
        return member["title"]
    title = eff.schema.get("title")
    if isinstance(title, str) and title:
        return title
    if eff.ref_name:
        return eff.ref_name
    declared = eff.schema.get("type")
    if isinstance(declared, str):
        return declared.capitalize()
    return f"Option {index + 1}"
