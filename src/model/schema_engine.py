"""The one way Flowdesk builds JSON Schema validators.

Every validator Flowdesk makes gets:

- a reference registry holding the schema itself and the JSON Schema
  meta-schemas, and nothing it could fetch: a ``$ref`` to an ``http://`` or
  ``file://`` URI is an unresolvable reference, never a request or a file read
  (jsonschema, given no registry, would download it);
- keywords whose regular expressions run on the bounded engine
  (:mod:`flowdesk.model.schema_keywords`), so no pattern can hang a command.

Callers that want to report *where* a reference goes wrong before validating
use :func:`flowdesk.model.schema_references.reference_problems`.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

import jsonschema
import referencing
from jsonschema import validators
from jsonschema.exceptions import SchemaError, best_match
from jsonschema_specifications import REGISTRY as META_SCHEMAS

from flowdesk.model.errors import FlowdeskError
from flowdesk.model.safe_regex import PatternInvalid
from flowdesk.model.schema_keywords import (
    additional_properties,
    is_regex,
    pattern,
    pattern_properties,
    unevaluated_properties,
)

DEFAULT_DRAFT = jsonschema.Draft202012Validator


class ReferenceRefused(FlowdeskError):
    """A ``$ref`` pointed outside the schema; Flowdesk never retrieves such targets."""

    def __init__(self, uri: str) -> None:
        super().__init__(
            f"$ref target {uri!r} is outside the schema; Flowdesk never fetches references "
            "(no network, no files)"
        )
        self.uri = uri


def _refuse(uri: str) -> referencing.Resource[Any]:
    raise ReferenceRefused(uri)


# The meta-schemas, and a retrieve that refuses everything else.
REGISTRY: referencing.Registry[Any] = META_SCHEMAS.combine(referencing.Registry(retrieve=_refuse))

_BOUNDED_KEYWORDS = {
    "pattern": pattern,
    "patternProperties": pattern_properties,
    "additionalProperties": additional_properties,
    "unevaluatedProperties": unevaluated_properties,
}


def draft_class(schema: Any) -> Any:
    """The stock jsonschema class for the draft ``$schema`` names (2020-12 when it names
    none Flowdesk knows). Use it for names and meta-schema checks, not for values."""
    if isinstance(schema, dict) and isinstance(schema.get("$schema"), str):
        return validators.validator_for(schema, default=DEFAULT_DRAFT)
    return DEFAULT_DRAFT


@cache
def bounded_class(draft: Any) -> Any:
    """``draft`` with the bounded pattern keywords and ``regex`` format."""
    keywords = {k: f for k, f in _BOUNDED_KEYWORDS.items() if k in draft.VALIDATORS}
    bounded = validators.extend(draft, keywords, format_checker=_format_checker(draft))
    bounded.__name__ = bounded.__qualname__ = draft.__name__  # same draft, safer keywords
    return bounded


def validator_class(schema: Any) -> Any:
    """The validator class for ``schema``'s draft, safe to run on any input."""
    return bounded_class(draft_class(schema))


def make_validator(schema: Any, *, check_formats: bool = False, cls: Any = None) -> Any:
    """A validator for ``schema`` on the shared registry. ``check_formats`` asserts
    ``format`` (forms do; the runner treats it as an annotation)."""
    cls = bounded_class(cls) if cls is not None else validator_class(schema)
    return cls(
        schema, registry=REGISTRY, format_checker=cls.FORMAT_CHECKER if check_formats else None
    )


def check_schema(schema: Any, cls: Any = None) -> None:
    """Raise :class:`~jsonschema.exceptions.SchemaError` when ``schema`` breaks its
    meta-schema. Like ``cls.check_schema`` but patterns count as valid when the
    bounded engine compiles them (ECMA-262 is not Python's ``re``)."""
    draft = cls or draft_class(schema)
    meta_cls = validators.validator_for(draft.META_SCHEMA, default=draft)
    meta = meta_cls(
        draft.META_SCHEMA, registry=REGISTRY, format_checker=_format_checker(meta_cls)
    )
    error = best_match(meta.iter_errors(schema))
    if error is not None:
        raise SchemaError.create_from(error)


def meta_validator(draft: Any) -> Any:
    """A validator of schemas written for ``draft`` (no format assertions)."""
    return draft(draft.META_SCHEMA, registry=REGISTRY)


def _format_checker(draft: Any) -> Any:
    checker = copy.copy(draft.FORMAT_CHECKER)
    checker.checkers = dict(checker.checkers)
    checker.checks("regex", raises=PatternInvalid)(is_regex)
    return checker
