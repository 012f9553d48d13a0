"""A run's input: checked against the version's parameter schema, defaults filled in.

The runner does the same before starting a graph, so the dry run and the
editor's "run with..." form can tell the author exactly which parameter is
wrong (by JSON pointer into the input) before anything runs.
"""

from __future__ import annotations

import copy
from typing import Any

from jsonschema.exceptions import SchemaError

from flowdesk.model.plain_messages import plain_error, with_subject
from flowdesk.model.problems import Location, Problem, error, join_pointer
from flowdesk.model.schema_engine import check_schema, make_validator
from flowdesk.model.schema_references import reference_problems
from flowdesk.model.validation.structure import missing_key


def _validator_for(schema: Any) -> Any:
    check_schema(schema)
    return make_validator(schema)


def validate_run_input(schema: Any, params: Any) -> list[Problem]:
    """Problems of ``params`` against ``schema``; pointers point into ``params``.

    A missing schema (``None``) accepts any object. A broken schema (one that
    fails its meta-schema, or has a ``$ref`` outside it or in a loop) is one
    problem at ``""`` naming what is wrong (validation of the version reports
    the details).
    Codes: ``input.missing`` (a required parameter is absent; the pointer names
    it), ``input.invalid`` (a value breaks the schema), ``input.schema_invalid``.
    """
    if schema is None:
        schema = {"type": "object"}
    try:
        validator = _validator_for(schema)
    except SchemaError as exc:
        return [error(
            "input.schema_invalid", Location(""),
            f"the parameter schema is not valid, so no input can be checked: {exc.message}",
        )]
    broken = reference_problems(schema)
    if broken:  # say where, instead of failing inside jsonschema or recursing without end
        return [error(
            "input.schema_invalid", Location(""),
            f"the parameter schema cannot be applied: {broken[0].message}",
        )]
    problems = []
    try:
        errors = sorted(
            validator.iter_errors(params), key=lambda e: [str(t) for t in e.absolute_path]
        )
    except Exception as exc:  # e.g. an unresolvable $ref
        return [error("input.schema_invalid", Location(""),
                      f"the parameter schema cannot be applied: {exc}")]
    for err in errors:
        pointer = join_pointer(*err.absolute_path)
        if err.validator == "required":
            missing = missing_key(err)
            path = [*err.absolute_path, missing] if missing else list(err.absolute_path)
            problems.append(error(
                "input.missing", Location(pointer + join_pointer(missing) if missing else pointer),
                f"parameter {_dotted(path)} is required" if path else plain_error(err),
            ))
            continue
        name = f"parameter {_dotted(err.absolute_path)}" if err.absolute_path else "the input"
        problems.append(error("input.invalid", Location(pointer),
                              with_subject(name, plain_error(err))))
    return problems


def _dotted(path: Any) -> str:
    """``customer.city``, ``tags › item 2``: a parameter as the author named it."""
    parts: list[str] = []
    names: list[str] = []
    for token in path:
        if isinstance(token, int):
            parts += [".".join(names)] if names else []
            parts.append(f"item {token + 1}")
            names = []
        else:
            names.append(str(token))
    return " › ".join(parts + ([".".join(names)] if names else []))


def fill_defaults(schema: Any, params: Any) -> Any:
    """A copy of ``params`` with missing properties set to their schema ``default``.

    Nested objects get their defaults too: when an object property is absent
    and its subschema gives defaults of its own (and no default for the whole
    object), it is created from them. ``params`` itself is never changed.
    """
    result = copy.deepcopy(params)
    if params is None and isinstance(schema, dict) and "default" in schema:
        return copy.deepcopy(schema["default"])
    return _fill(schema, result)


def _fill(schema: Any, value: Any) -> Any:
    if not isinstance(schema, dict) or not isinstance(value, dict):
        return value
    properties = schema.get("properties")
    if isinstance(properties, dict):
        for name, sub in properties.items():
            if not isinstance(sub, dict):
                continue
            if name not in value:
                if "default" in sub:
                    value[name] = copy.deepcopy(sub["default"])
                elif sub.get("type") == "object" and _has_defaults(sub):
                    value[name] = {}
                else:
                    continue
            value[name] = _fill(sub, value[name])
    parts = schema.get("allOf")
    for part in parts if isinstance(parts, list) else []:
        value = _fill(part, value)
    return value


def _has_defaults(schema: dict[str, Any]) -> bool:
    properties = schema.get("properties")
    if not isinstance(properties, dict):
        return False
    return any(
        isinstance(sub, dict)
        and ("default" in sub or (sub.get("type") == "object" and _has_defaults(sub)))
        for sub in properties.values()
    )

