"""Merge two schemas that both apply (``allOf`` members, ``$ref`` with siblings).

The merge only has to be good enough to *draw* the right fields: which
properties exist, which are required, the tightest bounds, the common type.
Whether a value is valid is always decided by jsonschema on the original
schema, so an imperfect merge can never make an invalid value look valid.
"""

from __future__ import annotations

from typing import Any

from flowdesk.model.property_order import ORDER_KEYWORD

_LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
_UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
# Keywords whose values are sub-schemas that must both hold: merged lazily via allOf.
_BOTH_HOLD = ("items", "additionalItems", "contains", "propertyNames", "unevaluatedProperties")


def merge_schemas(first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any]:
    """Both schemas apply; annotations (title, description, default...) of ``first`` win."""
    out = dict(first)
    for key, value in second.items():
        if key not in out:
            out[key] = value
            continue
        mine = out[key]
        if key == "properties" and isinstance(mine, dict) and isinstance(value, dict):
            props = dict(mine)
            for name, sub in value.items():
                props[name] = _both(props[name], sub) if name in props else sub
            out[key] = props
        elif key == "patternProperties" and isinstance(mine, dict) and isinstance(value, dict):
            out[key] = {**value, **mine}
        elif key in ("required", ORDER_KEYWORD) and isinstance(mine, list) and isinstance(
            value, list
        ):
            out[key] = list(dict.fromkeys([*mine, *value]))
        elif key == "type":
            out[key] = _intersect_types(mine, value)
        elif key == "enum" and isinstance(mine, list) and isinstance(value, list):
            common = [v for v in mine if any(_same(v, w) for w in value)]
            out[key] = common
        elif key in _LOWER_BOUNDS and _is_number(mine) and _is_number(value):
            out[key] = max(mine, value)
        elif key in _UPPER_BOUNDS and _is_number(mine) and _is_number(value):
            out[key] = min(mine, value)
        elif key == "additionalProperties":
            out[key] = False if (mine is False or value is False) else _both(mine, value)
        elif key in _BOTH_HOLD and not isinstance(mine, list) and not isinstance(value, list):
            out[key] = _both(mine, value)
    return out


def _both(a: Any, b: Any) -> Any:
    if a is True or a == {}:
        return b
    if b is True or b == {}:
        return a
    return {"allOf": [a, b]}


def _intersect_types(a: Any, b: Any) -> Any:
    la = [a] if isinstance(a, str) else list(a) if isinstance(a, list) else []
    lb = [b] if isinstance(b, str) else list(b) if isinstance(b, list) else []
    common = [t for t in la if t in lb or (t == "number" and "integer" in lb)]
    common += [t for t in lb if t == "integer" and "number" in la and t not in common]
    if not common:
        return a
    return common[0] if len(common) == 1 else common


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b
