"""One loaded schema: its dialect, validator class, and ``$ref`` registry.

Everything that resolves references or checks a value against a part of the
schema goes through a :class:`SchemaContext`, so ``$id``-relative references,
anchors and both ``$defs`` and ``definitions`` resolve exactly as jsonschema
resolves them when it validates the whole value.
"""

from __future__ import annotations

from typing import Any

import jsonschema
import referencing
import referencing.exceptions
import referencing.jsonschema
from jsonschema import validators
from jsonschema.exceptions import best_match

from flowdesk.model.errors import FlowdeskError
from flowdesk.model.schema_engine import REGISTRY, bounded_class, meta_validator
from flowdesk.model.schema_references import reference_problems

Resolver = referencing._core.Resolver  # not re-exported by referencing; used for type hints


class SchemaInvalid(FlowdeskError):
    """The schema itself is not a valid JSON Schema (not the value being edited)."""

    def __init__(self, message: str, pointer: str = "") -> None:
        super().__init__(f"schema {pointer or '/'}: {message}")
        self.message = message
        self.pointer = pointer


class SchemaUnusable(FlowdeskError):
    """The schema is valid JSON Schema but no value can be checked against it: a
    ``$ref`` leads outside it (never fetched) or loops back without consuming the value."""


class SchemaContext:
    """Validator class, format checker and reference registry for one root schema.

    The registry is Flowdesk's shared one (:mod:`flowdesk.model.schema_engine`):
    nothing outside the schema is ever fetched, and patterns run on the bounded
    engine. ``unusable`` says why values cannot be checked, if they cannot; the
    form is still drawn (recursive references are built on demand).
    """

    def __init__(self, schema: Any, *, check: bool = True) -> None:
        if not isinstance(schema, dict | bool):
            raise SchemaInvalid(f"a schema must be an object or a boolean, not {type(schema).__name__}")
        self.schema = schema
        self.validator_class = validators.validator_for(
            schema, default=jsonschema.Draft202012Validator
        )
        if check:
            try:
                _check_schema(self.validator_class, schema)
            except SchemaInvalid as first:
                # No $schema and not valid 2020-12: many real schemas (rjsf samples, older
                # tools) are written in draft-07 style (``items: [...]``) without saying so.
                if not isinstance(schema, dict) or "$schema" in schema:
                    raise
                try:
                    _check_schema(jsonschema.Draft7Validator, schema)
                except SchemaInvalid:
                    raise first from None
                self.validator_class = jsonschema.Draft7Validator
        self.validator_class = bounded_class(self.validator_class)
        self.format_checker = self.validator_class.FORMAT_CHECKER
        self.specification = referencing.jsonschema.specification_with(
            self.validator_class.META_SCHEMA.get("$schema", ""),
            default=referencing.jsonschema.DRAFT202012,
        )
        broken = reference_problems(schema, specification=self.specification)
        self.unusable: str | None = broken[0].message if broken else None
        resource = self.specification.create_resource(schema)
        self.registry: referencing.Registry[Any] = REGISTRY.with_resource("", resource).crawl()
        if resource.id():
            self.registry = self.registry.with_resource(resource.id(), resource).crawl()
        self.root_resolver: Resolver[Any] = self.registry.resolver_with_root(resource)
        self._validator = self.validator_class(
            schema, registry=self.registry, format_checker=self.format_checker
        )
        self._valid_cache: dict[tuple[int, str], bool] = {}

    def validator(self) -> Any:
        """A validator for the whole schema (with format checking); raises
        :class:`SchemaUnusable` rather than fetching or recursing without end."""
        if self.unusable is not None:
            raise SchemaUnusable(self.unusable)
        return self._validator

    def lookup(self, ref: str, resolver: Resolver[Any]) -> tuple[Any, Resolver[Any]] | None:
        """Resolve ``ref`` relative to ``resolver``; ``None`` when it cannot be found
        (remote documents are never fetched: a form must not hit the network)."""
        try:
            resolved = resolver.lookup(ref)
        except (referencing.exceptions.Unresolvable, referencing.exceptions.NoSuchResource):
            return None
        except Exception:  # malformed pointers and the like: treat as unresolvable
            return None
        return resolved.contents, resolved.resolver

    def enter(self, schema: Any, resolver: Resolver[Any]) -> Resolver[Any]:
        """The resolver to use inside ``schema`` (it may set a new base with ``$id``)."""
        if isinstance(schema, dict) and schema is not self.schema:
            try:
                if self.specification.id_of(schema):
                    return resolver.in_subresource(self.specification.create_resource(schema))
            except Exception:
                return resolver
        return resolver

    def is_valid(self, schema: Any, resolver: Resolver[Any], value: Any) -> bool:
        """Whether ``value`` satisfies the sub-schema ``schema`` (read where ``resolver`` is)."""
        if self.unusable is not None:
            return False
        try:
            validator = self.validator_class(
                schema,
                registry=self.registry,
                format_checker=self.format_checker,
                _resolver=resolver,
            )
            return bool(validator.is_valid(value))
        except Exception:
            return False


def _check_schema(validator_class: Any, schema: Any) -> None:
    """Check against the metaschema without format checks: ``pattern`` holds ECMA 262
    regexes that Python's ``re`` cannot always compile, which is not the author's fault."""
    meta = validators.validator_for(validator_class.META_SCHEMA, default=validator_class)
    error = best_match(meta_validator(meta).iter_errors(schema))
    if error is not None:
        raise SchemaInvalid(error.message, pointer_of(error.absolute_path))


def _escape(token: Any) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer_of(path: Any) -> str:
    """JSON pointer (RFC 6901) for a sequence of keys and indexes."""
    return "".join(f"/{_escape(p)}" for p in path)
