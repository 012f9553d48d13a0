"""The parameter schema: a valid JSON Schema whose root describes an object.

The runner validates each run's input with it, so a schema that is itself
broken (fails its meta-schema, has a default that its own rules reject, or a
``$ref`` that leads nowhere) would only fail at run time; we catch it here.
The draft is the one ``$schema`` names, 2020-12 when it names none.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jsonschema import Draft202012Validator, validators
from jsonschema_specifications import REGISTRY as META_SCHEMAS
from referencing import Registry
from referencing._core import Resolver
from referencing.jsonschema import DRAFT202012, specification_with

from flowdesk.model.problems import Location, Problem, error, join_pointer, warning
from flowdesk.model.validation.context import Context
from flowdesk.model.validation.references import parameter_names

ROOT = "/parameterSchema"
_BASE_URI = "urn:flowdesk:parameter-schema"
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
        cls(cls.META_SCHEMA).iter_errors(schema), key=lambda e: list(e.absolute_path)
    )
    for err in meta_errors:
        pointer = ROOT + join_pointer(*err.absolute_path)
        problems.append(error(
            "params.meta_schema", Location(pointer),
            f"not a valid {_draft_name(cls)} schema here: {err.message}",
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
    resolver = _resolver(schema, draft)
    problems += _refs(schema, resolver)
    problems += _defaults(schema, cls)
    return problems


def draft_validator(schema: Any) -> type:
    """The validator class for the draft ``$schema`` names; 2020-12 if it names none we know."""
    if isinstance(schema, dict) and isinstance(schema.get("$schema"), str):
        return validators.validator_for(schema, default=Draft202012Validator)
    return Draft202012Validator


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


def _resolver(schema: dict[str, Any], draft: Any) -> Resolver:
    spec = specification_with(draft if isinstance(draft, str) else "", default=DRAFT202012)
    registry: Registry = META_SCHEMAS.with_resource(_BASE_URI, spec.create_resource(schema))
    return registry.crawl().resolver(base_uri=_BASE_URI)


def _refs(schema: dict[str, Any], resolver: Resolver) -> list[Problem]:
    problems = []
    for pointer, sub in iter_subschemas(schema):
        for key in ("$ref", "$dynamicRef"):
            ref = sub.get(key)
            if not isinstance(ref, str):
                continue
            try:
                resolver.lookup(ref)
            except Exception:  # Unresolvable, and a few other kinds on malformed refs
                problems.append(error(
                    "params.ref_unresolvable", Location(pointer + join_pointer(key)),
                    f"{key} {ref!r} cannot be resolved (only references inside the schema "
                    "and to JSON Schema meta-schemas are available to the runner)",
                ))
    return problems


def _defaults(schema: dict[str, Any], cls: type) -> list[Problem]:
    problems = []
    root = cls(schema)
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
            where = join_pointer(*err.absolute_path)
            problems.append(error(
                "params.default_invalid", Location(pointer + "/default"),
                f"the default {sub['default']!r} breaks its own schema"
                f"{' at ' + where if where else ''}: {err.message}",
            ))
    return problems
