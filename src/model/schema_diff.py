"""What changed in a parameter schema, and whether callers can break.

A change is *breaking* when a run input that was valid before may be refused
now (a new required parameter without default, a removed parameter, a narrowed
type, a removed enum value, a tighter or new constraint, ``additionalProperties``
closed, ...) and *compatible* otherwise. When Flowdesk cannot tell (a changed
``anyOf`` or ``$ref``), it says so and counts the change as breaking: a false
alarm costs a look, a missed break costs failed runs.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from flowdesk.model.changes import ABSENT, Change, ChangeOp, Json, PropertyChange, json_equal
from flowdesk.model.problems import escape_pointer_token

# Keywords whose value only documents the schema: changing them never refuses an input.
ANNOTATIONS = frozenset({
    "title", "description", "examples", "$comment", "deprecated", "readOnly", "writeOnly",
    "$id", "$anchor", "contentMediaType", "contentEncoding", "contentSchema", "$schema",
    "$vocabulary",
})
# Lower bounds: raising one (or adding one) refuses inputs.
LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties",
                "minContains")
UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties",
                "maxContains")
_NOUNS = {
    "minimum": "minimum", "exclusiveMinimum": "exclusive minimum", "minLength": "minimum length",
    "minItems": "minimum number of items", "minProperties": "minimum number of properties",
    "minContains": "minContains", "maximum": "maximum", "exclusiveMaximum": "exclusive maximum",
    "maxLength": "maximum length", "maxItems": "maximum number of items",
    "maxProperties": "maximum number of properties", "maxContains": "maxContains",
}
_SCHEMA_MAPS = ("$defs", "definitions")


def diff_schemas(old: Json, new: Json) -> list[Change]:
    """Classified changes from ``old`` to ``new`` (``ABSENT`` or ``None``: no schema, any input)."""
    old = _as_schema(old)
    new = _as_schema(new)
    if json_equal(old, new):
        return []
    walker = _Walker(set(_required(new)) if isinstance(new, dict) else set())
    walker.compare(old, new, "")
    return walker.changes


def _as_schema(value: Json) -> Json:
    """No schema and ``true`` accept everything, like ``{}``."""
    if value is ABSENT or value is None or value is True:
        return {}
    return value


def _number(value: Json) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _fmt(value: Json) -> str:
    if value is ABSENT:
        return "(none)"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (dict, list)):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
        return text if len(text) <= 60 else text[:57] + "..."
    return str(value)


def _types(value: Json) -> set[str] | None:
    if value is ABSENT:
        return None
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return {t for t in value if isinstance(t, str)}
    return None


def _covers(types: set[str] | None, t: str) -> bool:
    return types is None or t in types or (t == "integer" and "number" in types)


class _Walker:
    """Walks old and new schema side by side, collecting classified changes."""

    def __init__(self, root_required: set[str]) -> None:
        self.changes: list[Change] = []
        self.root_required = root_required

    # -- recording

    def add(
        self, pointer: str, op: ChangeOp, old: Json, new: Json, breaking: bool, message: str,
        *, keyword: str | None = None,
    ) -> None:
        """``pointer`` is the subschema's pointer inside the parameter schema."""
        param, rel = _split_parameter(pointer)
        prop_ptr = rel + ("/" + escape_pointer_token(keyword) if keyword else "")
        full = "/parameterSchema" + pointer + ("/" + escape_pointer_token(keyword) if keyword else "")
        where = f"parameter {param}" if param else "parameter schema"
        if rel and param:
            where += f" at {rel}"
        text = f"{where}: {message}"
        self.changes.append(Change(
            "parameter", param, op, (PropertyChange(prop_ptr, old, new),), old, new, full,
            breaking, text,
        ))

    # -- walking

    def compare(self, old: Json, new: Json, pointer: str) -> None:
        old, new = _as_schema(old), _as_schema(new)
        if json_equal(old, new):
            return
        if new is False:
            self.add(pointer, "changed", old, new, True, "now accepts no value at all")
            return
        if old is False:
            self.add(pointer, "changed", old, new, False, "now accepts values (was false)")
            return
        if not isinstance(old, dict) or not isinstance(new, dict):
            self.add(pointer, "changed", old, new, True,
                     f"changed from {_fmt(old)} to {_fmt(new)}")
            return
        for keyword in _keywords(old, new):
            a, b = old.get(keyword, ABSENT), new.get(keyword, ABSENT)
            if json_equal(a, b):
                continue
            handler = _HANDLERS.get(keyword)
            if handler is not None:
                handler(self, old, new, a, b, pointer, keyword)
            elif keyword in LOWER_BOUNDS or keyword in UPPER_BOUNDS:
                self.bound(a, b, pointer, keyword)
            elif keyword in ANNOTATIONS or keyword.startswith("x-"):
                self.add(pointer, _op(a, b), a, b, False, f"{keyword} {_verb(a, b)}",
                         keyword=keyword)
            else:
                self.add(pointer, _op(a, b), a, b, True,
                         f"{keyword} {_verb(a, b)}; Flowdesk cannot tell whether inputs that "
                         "passed still pass, so this counts as breaking", keyword=keyword)

    def bound(self, a: Json, b: Json, pointer: str, keyword: str) -> None:
        noun = _NOUNS[keyword]
        lower = keyword in LOWER_BOUNDS
        if a is ABSENT:
            self.add(pointer, "added", a, b, True, f"new {noun} {_fmt(b)}", keyword=keyword)
        elif b is ABSENT:
            self.add(pointer, "removed", a, b, False, f"{noun} {_fmt(a)} removed",
                     keyword=keyword)
        elif _number(a) and _number(b):
            tighter = b > a if lower else b < a
            verb = "raised" if b > a else "lowered"
            self.add(pointer, "changed", a, b, tighter, f"{noun} {verb} from {a} to {b}",
                     keyword=keyword)
        else:
            self.add(pointer, "changed", a, b, True,
                     f"{noun} changed from {_fmt(a)} to {_fmt(b)}", keyword=keyword)


def _keywords(old: dict[str, Json], new: dict[str, Json]) -> list[str]:
    """``properties`` before ``required`` so a new required parameter is reported once."""
    keys = list(old)
    keys.extend(k for k in new if k not in old)
    keys.sort(key=lambda k: 0 if k == "properties" else 1)
    return keys


def _op(a: Json, b: Json) -> ChangeOp:
    return "added" if a is ABSENT else "removed" if b is ABSENT else "changed"


def _verb(a: Json, b: Json) -> str:
    if a is ABSENT:
        return f"added ({_fmt(b)})"
    if b is ABSENT:
        return f"removed (was {_fmt(a)})"
    return f"changed from {_fmt(a)} to {_fmt(b)}"


def _split_parameter(pointer: str) -> tuple[str, str]:
    """``/properties/amount/minimum`` -> (``amount``, ``/minimum``); root changes have no name."""
    if pointer.startswith("/properties/"):
        rest = pointer[len("/properties/"):]
        token, _, tail = rest.partition("/")
        name = token.replace("~1", "/").replace("~0", "~")
        return name, ("/" + tail if tail else "")
    return "", pointer


# ----------------------------------------------------------------- keyword handlers

Handler = Callable[[_Walker, dict[str, Json], dict[str, Json], Json, Json, str, str], None]


def _properties(w: _Walker, old: dict, new: dict, a: Json, b: Json, ptr: str, kw: str) -> None:
    if any(v is not ABSENT and not isinstance(v, dict) for v in (a, b)):
        w.add(ptr, _op(a, b), a, b, True, f"properties {_verb(a, b)}", keyword=kw)
        return
    a = a if isinstance(a, dict) else {}
    b = b if isinstance(b, dict) else {}
    new_required = set(_required(new))
    for name, sub in b.items():
        sub_ptr = f"{ptr}/properties/{escape_pointer_token(name)}"
        if name not in a:
            has_default = isinstance(sub, dict) and "default" in sub
            if name in new_required and not has_default:
                w.add(sub_ptr, "added", ABSENT, sub, True,
                      "new required parameter without a default")
            elif name in new_required:
                w.add(sub_ptr, "added", ABSENT, sub, False,
                      f"new required parameter with default {_fmt(sub['default'])}")
            else:
                w.add(sub_ptr, "added", ABSENT, sub, False, "new optional parameter")
        else:
            w.compare(a[name], sub, sub_ptr)
    for name, sub in a.items():
        if name not in b:
            w.add(f"{ptr}/properties/{escape_pointer_token(name)}", "removed", sub, ABSENT, True,
                  "parameter removed; runs that pass it may be refused and the graph no "
                  "longer gets it")


def _required(schema: dict) -> list[str]:
    req = schema.get("required")
    return [r for r in req if isinstance(r, str)] if isinstance(req, list) else []


def _required_kw(w: _Walker, old: dict, new: dict, a: Json, b: Json, ptr: str, kw: str) -> None:
    if (a is not ABSENT and not isinstance(a, list)) or (b is not ABSENT and not isinstance(b, list)):
        w.add(ptr, _op(a, b), a, b, True, f"required {_verb(a, b)}", keyword=kw)
        return
    before, after = set(_required(old)), set(_required(new))
    old_props = old.get("properties") if isinstance(old.get("properties"), dict) else {}
    new_props = new.get("properties") if isinstance(new.get("properties"), dict) else {}
    for name in _required(new):
        if name in before or (name in new_props and name not in old_props):
            continue  # unchanged, or reported with the new property
        sub = new_props.get(name)
        sub_ptr = f"{ptr}/properties/{escape_pointer_token(name)}"
        if isinstance(sub, dict) and "default" in sub:
            w.add(sub_ptr, "changed", False, True, False,
                  f"now required; its default {_fmt(sub['default'])} fills it in",
                  keyword="required")
        else:
            w.add(sub_ptr, "changed", False, True, True, "now required, with no default",
                  keyword="required")
    for name in _required(old):
        if name not in after and name in new_props:
            w.add(f"{ptr}/properties/{escape_pointer_token(name)}", "changed", True, False, False,
                  "no longer required", keyword="required")


def _type(w: _Walker, old: dict, new: dict, a: Json, b: Json, ptr: str, kw: str) -> None:
    before, after = _types(a), _types(b)
    if ptr == "":
        # A run's input is always an object: typing the root as one refuses nothing.
        before = before if before is not None else {"object"}
        after = after if after is not None else {"object"}
        if before == after:
            w.add(ptr, _op(a, b), a, b, False, f"type {_verb(a, b)}", keyword=kw)
            return
    if (a is not ABSENT and before is None) or (b is not ABSENT and after is None):
        w.add(ptr, _op(a, b), a, b, True, f"type {_verb(a, b)}", keyword=kw)
        return
    if before is None:
        w.add(ptr, "added", a, b, True, f"type now limited to {_fmt(b)}", keyword=kw)
        return
    if after is None:
        w.add(ptr, "removed", a, b, False, f"type no longer limited (was {_fmt(a)})", keyword=kw)
        return
    lost = sorted(t for t in before if not _covers(after, t))
    if lost:
        w.add(ptr, "changed", a, b, True,
              f"type narrowed from {_fmt(a)} to {_fmt(b)}: {', '.join(lost)} no longer accepted",
              keyword=kw)
    else:
        w.add(ptr, "changed", a, b, False, f"type widened from {_fmt(a)} to {_fmt(b)}", keyword=kw)


def _enum(w: _Walker, old: dict, new: dict, a: Json, b: Json, ptr: str, kw: str) -> None:
    if a is ABSENT:
        w.add(ptr, "added", a, b, True, f"values now limited to {_fmt(b)}", keyword=kw)
        return
    if b is ABSENT:
        w.add(ptr, "removed", a, b, False, "no longer limited to a list of values", keyword=kw)
        return
    if not isinstance(a, list) or not isinstance(b, list):
        w.add(ptr, "changed", a, b, True, f"enum {_verb(a, b)}", keyword=kw)
        return
    removed = [v for v in a if not any(json_equal(v, x) for x in b)]
    added = [v for v in b if not any(json_equal(v, x) for x in a)]
    parts = []
    if removed:
        parts.append("removed " + ", ".join(_fmt(v) for v in removed))
    if added:
        parts.append("added " + ", ".join(_fmt(v) for v in added))
    if not parts:
        parts.append("reordered")
    w.add(ptr, "changed", a, b, bool(removed), "allowed values: " + "; ".join(parts), keyword=kw)


def _const(w: _Walker, old: dict, new: dict, a: Json, b: Json, ptr: str, kw: str) -> None:
    if b is ABSENT:
        w.add(ptr, "removed", a, b, False, f"no longer fixed to {_fmt(a)}", keyword=kw)
    else:
        w.add(ptr, _op(a, b), a, b, True, f"now fixed to {_fmt(b)}", keyword=kw)


def _tightening_text(w: _Walker, old: dict, new: dict, a: Json, b: Json, ptr: str, kw: str) -> None:
    """pattern and format: any new or different one may refuse inputs."""
    if b is ABSENT:
        w.add(ptr, "removed", a, b, False, f"{kw} {_fmt(a)} removed", keyword=kw)
    elif a is ABSENT:
        w.add(ptr, "added", a, b, True, f"new {kw} {_fmt(b)}", keyword=kw)
    else:
        w.add(ptr, "changed", a, b, True, f"{kw} changed from {_fmt(a)} to {_fmt(b)}", keyword=kw)


def _multiple_of(w: _Walker, old: dict, new: dict, a: Json, b: Json, ptr: str, kw: str) -> None:
    if b is ABSENT:
        w.add(ptr, "removed", a, b, False, f"multipleOf {_fmt(a)} removed", keyword=kw)
    elif a is ABSENT:
        w.add(ptr, "added", a, b, True, f"must now be a multiple of {_fmt(b)}", keyword=kw)
    else:
        looser = _number(a) and _number(b) and b != 0 and _is_multiple(a, b)
        w.add(ptr, "changed", a, b, not looser, f"multipleOf changed from {a} to {b}", keyword=kw)


def _is_multiple(a: float, b: float) -> bool:
    quotient = a / b
    return abs(quotient - round(quotient)) < 1e-9


def _additional(w: _Walker, old: dict, new: dict, a: Json, b: Json, ptr: str, kw: str) -> None:
    open_before = a is ABSENT or a is True or a == {}
    open_after = b is ABSENT or b is True or b == {}
    if open_after:
        w.add(ptr, _op(a, b), a, b, False, "accepts any additional property again", keyword=kw)
    elif open_before:
        what = "closed: unknown properties are refused" if b is False else \
            "restricted: additional properties must match a schema"
        w.add(ptr, _op(a, b), a, b, True, f"additionalProperties {what}", keyword=kw)
    elif isinstance(a, dict) and isinstance(b, dict):
        w.compare(a, b, f"{ptr}/{kw}")
    else:
        w.add(ptr, "changed", a, b, b is False, f"additionalProperties {_verb(a, b)}", keyword=kw)


def _unique_items(w: _Walker, old: dict, new: dict, a: Json, b: Json, ptr: str, kw: str) -> None:
    w.add(ptr, _op(a, b), a, b, b is True, f"uniqueItems {_verb(a, b)}", keyword=kw)


def _items(w: _Walker, old: dict, new: dict, a: Json, b: Json, ptr: str, kw: str) -> None:
    if (a is ABSENT or isinstance(a, (dict, bool))) and (b is ABSENT or isinstance(b, (dict, bool))):
        w.compare(a, b, f"{ptr}/{kw}")
    else:
        w.add(ptr, _op(a, b), a, b, True, f"{kw} {_verb(a, b)}", keyword=kw)


def _default(w: _Walker, old: dict, new: dict, a: Json, b: Json, ptr: str, kw: str) -> None:
    if b is ABSENT:
        # A required parameter that loses its default now has to be passed.
        param, _ = _split_parameter(ptr)
        parent_required = param and ptr == f"/properties/{escape_pointer_token(param)}"
        breaking = bool(parent_required and param in w.root_required)
        text = f"default {_fmt(a)} removed" + (
            "; the parameter is required, so callers must now pass it" if breaking else "")
        w.add(ptr, "removed", a, b, breaking, text, keyword=kw)
    else:
        w.add(ptr, _op(a, b), a, b, False, f"default {_verb(a, b)}", keyword=kw)


def _schema_map(w: _Walker, old: dict, new: dict, a: Json, b: Json, ptr: str, kw: str) -> None:
    a = a if isinstance(a, dict) else {}
    b = b if isinstance(b, dict) else {}
    for name in [*a, *(n for n in b if n not in a)]:
        sub_ptr = f"{ptr}/{kw}/{escape_pointer_token(name)}"
        if name not in b:
            w.add(sub_ptr, "removed", a[name], ABSENT, True,
                  "definition removed; a $ref to it no longer resolves")
        elif name not in a:
            w.add(sub_ptr, "added", ABSENT, b[name], False, "new definition")
        else:
            w.compare(a[name], b[name], sub_ptr)


_HANDLERS: dict[str, Handler] = {
    "properties": _properties,
    "required": _required_kw,
    "type": _type,
    "enum": _enum,
    "const": _const,
    "pattern": _tightening_text,
    "format": _tightening_text,
    "multipleOf": _multiple_of,
    "additionalProperties": _additional,
    "uniqueItems": _unique_items,
    "items": _items,
    "default": _default,
    **{kw: _schema_map for kw in _SCHEMA_MAPS},
}
