"""The value a fresh form starts with: the schema's defaults, nothing invented.

Only ``default`` keywords produce values; a property without one stays
absent, so an untouched form never sends data the user did not choose.
"""

from __future__ import annotations

import copy
from typing import Any

from flowdesk.model.forms.absent import ABSENT
from flowdesk.model.forms.descriptor import FieldDescriptor

_MAX_DEPTH = 6


def default_value(descriptor: FieldDescriptor) -> Any:
    """``default`` if the schema has one; for objects, the defaults of their properties."""
    return copy.deepcopy(_default(descriptor, {}, 0))


def _default(descriptor: FieldDescriptor, memo: dict[int, Any], depth: int) -> Any:
    # Memoised by schema node: big schemas reach the same definitions from many places.
    key = id(descriptor.raw)
    if key in memo:
        return memo[key]
    if descriptor.has_default:
        result = descriptor.default
    elif descriptor.kind != "object" or descriptor.recursive or depth >= _MAX_DEPTH:
        result = ABSENT
    else:
        memo[key] = ABSENT  # a cycle that the recursion flag missed ends here
        out = {}
        required = set(descriptor.required)
        for name, child in descriptor.properties.items():
            if name in required and child.kind == "const":
                out[name] = child.schema.get("const")  # the one value it can take
                continue
            value = _default(child, memo, depth + 1)
            if value is not ABSENT:
                out[name] = value
        result = out if out else ABSENT
    memo[key] = result
    return result


def empty_value(descriptor: FieldDescriptor) -> Any:
    """A present-but-blank value for a new array item of this kind (not ABSENT:
    an array slot cannot be left out without shifting the others)."""
    default = default_value(descriptor)
    if default is not ABSENT:
        return default
    kind = descriptor.kind
    if kind == "enum" and descriptor.enum_options:
        return copy.deepcopy(descriptor.enum_options[0][0])
    if kind == "const":
        return copy.deepcopy(descriptor.schema.get("const"))
    if kind == "variants" and descriptor.variants:
        return empty_value(descriptor.variants[0].descriptor)
    return copy.deepcopy(
        {"string": "", "number": 0, "integer": 0, "boolean": False, "object": {}, "array": []}.get(
            kind
        )
    )
