"""Property order that survives storage: the ``x-flowdesk-order`` keyword.

JSON objects are unordered. Flowdesk stores documents as canonical JSON (sorted
keys) and PostgreSQL JSONB does not keep key order either, so the order in which
an author wrote a schema's ``properties`` (the parameter order, the order of a
run form's fields) is gone after a save and reopen. The order therefore lives in
an explicit, namespaced extension keyword beside ``properties``::

    {"type": "object",
     "properties": {"region": {...}, "count": {...}},
     "x-flowdesk-order": ["region", "count"]}

Reading rules (:func:`ordered_names`): listed names come first, in list order;
properties not listed follow in their key order; listed names that are not
properties (or repeated, or not strings) are ignored. A malformed keyword (not a
list) is ignored as a whole. JSON Schema 2020-12 ignores unknown keywords, so the
keyword never changes what a schema accepts.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any, Final

ORDER_KEYWORD: Final = "x-flowdesk-order"


def declared_order(schema: Any) -> list[str] | None:
    """The names an object schema's order keyword lists, or ``None`` when it has none."""
    if not isinstance(schema, Mapping):
        return None
    order = schema.get(ORDER_KEYWORD)
    if not isinstance(order, list):
        return None
    return list(dict.fromkeys(n for n in order if isinstance(n, str)))


def ordered_names(names: Iterable[str], order: list[str] | None) -> list[str]:
    """``names`` arranged by ``order``: listed ones first, then the rest in their own order."""
    present = list(dict.fromkeys(names))
    if not order:
        return present
    known = set(present)
    listed = [n for n in dict.fromkeys(order) if n in known]
    chosen = set(listed)
    return listed + [n for n in present if n not in chosen]


def ordered_properties(schema: Any) -> list[tuple[str, Any]]:
    """``(name, sub-schema)`` pairs of an object schema's ``properties``, in display order."""
    if not isinstance(schema, Mapping):
        return []
    props = schema.get("properties")
    if not isinstance(props, Mapping):
        return []
    return [(n, props[n]) for n in ordered_names(props, declared_order(schema))]


# Keywords whose values are sub-schemas, by shape. Data keywords (default, const,
# enum, examples) are deliberately absent: an object inside a value is not a schema.
_SCHEMA_MAPS: Final = ("properties", "patternProperties", "$defs", "definitions",
                       "dependentSchemas")
_SCHEMA_VALUES: Final = ("items", "additionalProperties", "additionalItems", "contains",
                         "propertyNames", "unevaluatedProperties", "unevaluatedItems",
                         "not", "if", "then", "else")
_SCHEMA_LISTS: Final = ("allOf", "anyOf", "oneOf", "prefixItems", "items")


def declare_order(schema: Any) -> Any:
    """A copy of ``schema`` where every object schema with two or more ``properties``
    and no order keyword gets one listing them in their current key order.

    For schema text an author typed (the raw JSON tab): the key order is what
    they meant, and it is still known now, before a save sorts the keys. A
    keyword already present is left alone; nothing else changes.
    """
    out = copy.deepcopy(schema)
    _stamp(out)
    return out


def _stamp(schema: Any) -> None:
    if not isinstance(schema, dict):
        return
    props = schema.get("properties")
    if isinstance(props, dict) and len(props) > 1 and ORDER_KEYWORD not in schema:
        schema[ORDER_KEYWORD] = list(props)
    for key in _SCHEMA_MAPS:
        if isinstance(schema.get(key), dict):
            for sub in schema[key].values():
                _stamp(sub)
    for key in _SCHEMA_VALUES:
        _stamp(schema.get(key))
    for key in _SCHEMA_LISTS:
        if isinstance(schema.get(key), list):
            for sub in schema[key]:
                _stamp(sub)
