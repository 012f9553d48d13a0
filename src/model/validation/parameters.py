"""The parameter schema: a valid JSON Schema whose root describes an object.

The runner validates each run's input with it, so a schema that is itself
broken (fails its meta-schema, has a default that its own rules reject, or a
``$ref`` that leads nowhere) would only fail at run time; we catch it here.
The draft is the one ``$schema`` names, 2020-12 when it names none.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jsonschema.exceptions import best_match

from flowdesk.model.plain_messages import (
    field_path,
    missing_property,
    plain_error,
    value_text,
    with_subject,
)
from flowdesk.model.problems import Location, Problem, error, join_pointer, warning
from flowdesk.model.safe_regex import PatternInvalid, compile_pattern
from flowdesk.model.schema_engine import draft_class, make_validator, meta_validator
from flowdesk.model.schema_keywords import PatternFailure
from flowdesk.model.schema_references import reference_problems
from flowdesk.model.validation.context import Context
from flowdesk.model.validation.references import parameter_names

ROOT = "/parameterSchema"
_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_SCHEMA_VALUES = (
    "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames",
    "unevaluatedProperties", "unevaluatedItems", "additionalItems", "items",
)
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems", "items")


def check_parameter_schema(ctx: Context) -> list[Problem]:
    if ctx.document.parameter_schema is None:
        return []
    return check_schema(ctx.document.parameter_schema.schema)


def check_schema(schema: Any) -> list[Problem]:
    """Problems of a parameter schema, located under ``/parameterSchema``."""
    if not isinstance(schema, dict):
        return [error(
            "params.root_not_object", Location(ROOT),
            "the parameter schema must be an object schema with \"type\": \"object\"",
        )]
    problems: list[Problem] = []
    draft = schema.get("$schema")
    cls = draft_validator(schema)
    if isinstance(draft, str) and draft.rstrip("#") not in _known_drafts():
        problems.append(warning(
            "params.unknown_draft", Location(ROOT + "/$schema"),
            f"$schema {draft!r} is not a JSON Schema draft Flowdesk knows; checked as 2020-12",
        ))
    meta_errors = sorted(
        meta_validator(cls).iter_errors(schema), key=lambda e: list(e.absolute_path)
    )
    for err in meta_errors:
        pointer = ROOT + join_pointer(*err.absolute_path)
        problems.append(error(
            "params.meta_schema", Location(pointer),
            f"not a valid {_draft_name(cls)} schema here: {_meta_sentence(err)}",
        ))
    if schema.get("type") != "object":
        problems.append(error(
            "params.root_not_object", Location(ROOT + "/type"),
            "the root of the parameter schema must have \"type\": \"object\" (a run's input is "
            "an object of named parameters)",
        ))
    problems += _required_names(schema)
    if meta_errors:
        return problems  # defaults and $refs of a broken schema would only add noise
    problems += _patterns(schema)
    ref_problems = _refs(schema)
    problems += ref_problems
    if not any(p.code == "params.ref_cycle" for p in ref_problems):
        problems += _defaults(schema, cls)  # a loop would recurse without end
    return problems


def draft_validator(schema: Any) -> type:
    """The validator class for the draft ``$schema`` names; 2020-12 if it names none we know."""
    return draft_class(schema)  # type: ignore[no-any-return]


def _known_drafts() -> set[str]:
    return {
        "http://json-schema.org/draft-03/schema", "http://json-schema.org/draft-04/schema",
        "http://json-schema.org/draft-06/schema", "http://json-schema.org/draft-07/schema",
        "https://json-schema.org/draft/2019-09/schema",
        "https://json-schema.org/draft/2020-12/schema",
    }


def _draft_name(cls: type) -> str:
    """``Draft202012Validator`` -> ``draft 2020-12``; ``Draft7Validator`` -> ``draft 7``."""
    number = cls.__name__.removeprefix("Draft").removesuffix("Validator")
    if len(number) == 6:
        number = f"{number[:4]}-{number[4:]}"
    return f"draft {number}"


def iter_subschemas(schema: Any, pointer: str = ROOT) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema object inside ``schema`` (itself included), with its pointer."""
    if not isinstance(schema, dict):
        return
    yield pointer, schema
    for key in _SCHEMA_MAPS:
        value = schema.get(key)
        if isinstance(value, dict):
            for name, sub in value.items():
                yield from iter_subschemas(sub, pointer + join_pointer(key, name))
    for key in _SCHEMA_VALUES:
        if isinstance(schema.get(key), dict):
            yield from iter_subschemas(schema[key], pointer + join_pointer(key))
    for key in _SCHEMA_LISTS:
        value = schema.get(key)
        if isinstance(value, list):
            for i, sub in enumerate(value):
                yield from iter_subschemas(sub, pointer + join_pointer(key, i))


def _required_names(schema: dict[str, Any]) -> list[Problem]:
    problems = []
    for pointer, sub in iter_subschemas(schema):
        required = sub.get("required")
        if not isinstance(required, list):
            continue
        if pointer == ROOT:
            known = parameter_names(sub)
        elif isinstance(sub.get("properties"), dict):
            known = set(sub["properties"])
        else:
            continue  # e.g. a bare {"required": [...]} inside anyOf
        for i, name in enumerate(required):
            if isinstance(name, str) and name not in known:
                problems.append(error(
                    "params.required_unknown", Location(pointer + join_pointer("required", i)),
                    f"{name!r} is required but is not one of the defined properties",
                ))
    return problems


def _patterns(schema: dict[str, Any]) -> list[Problem]:
    """Patterns no engine can compile: the runner could not check values against them."""
    problems = []
    for pointer, sub in iter_subschemas(schema):
        found = [("pattern", sub["pattern"])] if isinstance(sub.get("pattern"), str) else []
        if isinstance(sub.get("patternProperties"), dict):
            found += [("patternProperties", key) for key in sub["patternProperties"]]
        for key, regex in found:
            try:
                compile_pattern(regex)
            except PatternInvalid as exc:
                where = join_pointer(key) if key == "pattern" else join_pointer(key, regex)
                problems.append(error(
                    "params.pattern_invalid", Location(pointer + where), str(exc),
                ))
    return problems


def _refs(schema: dict[str, Any]) -> list[Problem]:
    """References that lead nowhere (or outside the schema) and loops of references."""
    problems = []
    for found in reference_problems(schema, ROOT):
        if found.kind == "cycle":
            problems.append(error("params.ref_cycle", Location(found.pointer), found.message))
        else:
            problems.append(error(
                "params.ref_unresolvable", Location(found.pointer),
                f"{found.message} (only references inside the schema and to JSON Schema "
                "meta-schemas are available to the runner)",
            ))
    return problems


def _defaults(schema: dict[str, Any], cls: type) -> list[Problem]:
    problems = []
    root = make_validator(schema, cls=cls)
    for pointer, sub in iter_subschemas(schema):
        if "default" not in sub:
            continue
        checker = root.evolve(schema=sub)
        try:
            errors = list(checker.iter_errors(sub["default"]))
        except Exception:  # an unresolvable $ref inside: _refs reports it
            errors = []
        if errors:
            err = min(errors, key=lambda e: len(e.absolute_path))
            problems.append(error(
                "params.default_invalid", Location(pointer + "/default"),
                _default_sentence(sub["default"], err, pointer),
            ))
    return problems


def _default_sentence(default: Any, err: Any, pointer: str) -> str:
    """``the default abc must be a number``; ``in the default {…}, city must be text``."""
    shown = value_text(default)
    if isinstance(err, PatternFailure):  # the pattern, not the value, is at fault
        return f"the default {shown} could not be checked: {err.located(pointer)}"
    tokens = list(err.absolute_path)
    missing = missing_property(err)
    if missing is not None:
        tokens.append(missing)
    if not tokens:
        return with_subject(f"the default {shown}", plain_error(err))
    return f"in the default {shown}, {with_subject(field_path(tokens), plain_error(err))}"


def _meta_sentence(err: Any) -> str:
    """``minimum must be a number``: the keyword at fault and what it must be.

    For ``anyOf`` in the meta-schema (``type`` is a name or a list of names) the
    closest alternative says it best: ``type: pick one of: array, boolean, …``.
    """
    if err.validator in ("anyOf", "oneOf") and err.context:
        err = best_match(err.context)
    keywords = [t for t in err.absolute_path if isinstance(t, str)]
    missing = missing_property(err)
    subject = missing if missing is not None else (keywords[-1] if keywords else "the schema")
    return with_subject(subject, plain_error(err))
