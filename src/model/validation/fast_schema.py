"""A compiled yes/no check for the JSON Schema subset action configs use.

``jsonschema`` takes ~25 µs per config, which alone would blow the 150 ms
budget for a 5,000-node version. Almost every config is valid, so validation
first asks this compiled check; only when it answers "no" (or the schema uses
a keyword it does not know) does ``jsonschema`` run to produce the detailed,
located errors. The check must therefore never say "yes" where ``jsonschema``
reports a problem; tests compare the two.

A string that is exactly one ``${{ ... }}`` template stands for a value the
runner fills in, so it passes any subschema (``actions.py`` drops
``jsonschema`` errors about such strings the same way).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flowdesk.model.canonical import canonical_json
from flowdesk.model.safe_regex import compile_pattern

Check = Callable[[Any], bool]

_WHOLE_TEMPLATE = re.compile(r"^\s*\$\{\{(?:(?!\}\}).)*\}\}\s*$", re.DOTALL)
_ANNOTATIONS = frozenset({
    "title", "description", "default", "examples", "format", "$schema", "$id", "$comment",
    "deprecated", "readOnly", "writeOnly", "contentMediaType", "contentEncoding",
})


class Unsupported(Exception):
    """The schema uses a keyword this compiler does not handle."""


def is_whole_template(value: Any) -> bool:
    return isinstance(value, str) and "${{" in value and bool(_WHOLE_TEMPLATE.match(value))


def _is_type(value: Any, name: str) -> bool:
    if name == "string":
        return isinstance(value, str)
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "null":
        return value is None
    if isinstance(value, bool):
        return False
    if name == "number":
        return isinstance(value, (int, float))
    if name == "integer":
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    raise Unsupported(f"type {name}")


def _equal(a: Any, b: Any) -> bool:
    try:
        return canonical_json(a) == canonical_json(b)
    except (TypeError, ValueError):
        return False


def compile_schema(schema: Any) -> Check:
    """A function telling whether a value satisfies ``schema``; raises Unsupported."""
    if schema is True or schema == {}:
        return lambda v: True
    if schema is False:
        return lambda v: False
    if not isinstance(schema, dict):
        raise Unsupported("schema is not an object")
    checks: list[Check] = []
    for key, arg in schema.items():
        if key in _ANNOTATIONS or key.startswith("x-") or key == "additionalProperties":
            continue
        if key == "properties":
            checks.append(_object_members(arg, schema.get("additionalProperties", True), schema))
            continue
        checks.append(_keyword(key, arg, schema))
    if "additionalProperties" in schema and "properties" not in schema:
        checks.append(_object_members({}, schema["additionalProperties"], schema))
    if not checks:
        return lambda v: True
    if len(checks) == 1:
        only = checks[0]
        return lambda v: only(v) or is_whole_template(v)
    return lambda v: all(c(v) for c in checks) or is_whole_template(v)


def _object_members(properties: Any, additional: Any, schema: dict[str, Any]) -> Check:
    """``properties`` and ``additionalProperties`` in one pass over the object's members."""
    if "patternProperties" in schema or not isinstance(properties, dict):
        raise Unsupported("patternProperties")
    subs = {name: compile_schema(sub) for name, sub in properties.items()}
    if additional is True or additional == {}:
        def check(v: Any) -> bool:
            if not isinstance(v, dict):
                return True
            for k, val in v.items():
                sub = subs.get(k)
                if sub is not None and not sub(val):
                    return False
            return True
        return check
    other = compile_schema(additional)

    def check_all(v: Any) -> bool:
        if not isinstance(v, dict):
            return True
        for k, val in v.items():
            sub = subs.get(k, other)
            if not sub(val):
                return False
        return True
    return check_all


def _keyword(key: str, arg: Any, schema: dict[str, Any]) -> Check:  # noqa: C901 - a dispatch table
    if key == "type":
        names = [arg] if isinstance(arg, str) else list(arg)
        for name in names:
            _is_type(None, name)  # raises Unsupported for unknown names
        return lambda v: any(_is_type(v, n) for n in names)
    if key == "enum":
        return lambda v: any(_equal(v, c) for c in arg)
    if key == "const":
        return lambda v: _equal(v, arg)
    if key == "required":
        return lambda v: not isinstance(v, dict) or all(k in v for k in arg)
    if key == "items":
        sub = compile_schema(arg)
        return lambda v: not isinstance(v, list) or all(sub(x) for x in v)
    if key in ("minLength", "maxLength"):
        low = key == "minLength"
        return lambda v: not isinstance(v, str) or (len(v) >= arg if low else len(v) <= arg)
    if key in ("minItems", "maxItems"):
        low = key == "minItems"
        return lambda v: not isinstance(v, list) or (len(v) >= arg if low else len(v) <= arg)
    if key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        compare = {
            "minimum": lambda v: v >= arg, "maximum": lambda v: v <= arg,
            "exclusiveMinimum": lambda v: v > arg, "exclusiveMaximum": lambda v: v < arg,
        }[key]
        return lambda v: not _is_type(v, "number") or compare(v)
    if key == "pattern":
        regex = compile_pattern(arg)  # the engine jsonschema runs here too (schema_engine)
        if not regex.runs_in_linear_time:
            raise Unsupported("a pattern that needs a time limit")
        return lambda v: not isinstance(v, str) or regex.search(v)
    if key == "uniqueItems":
        if not arg:
            return lambda v: True
        return lambda v: not isinstance(v, list) or len({canonical_json(x) for x in v}) == len(v)
    if key in ("allOf", "anyOf", "oneOf"):
        subs = [compile_schema(s) for s in arg]
        if key == "allOf":
            return lambda v: all(s(v) for s in subs)
        if key == "anyOf":
            return lambda v: any(s(v) for s in subs)
        return lambda v: sum(1 for s in subs if s(v)) == 1
    if key == "not":
        sub = compile_schema(arg)
        return lambda v: not sub(v)
    raise Unsupported(key)
