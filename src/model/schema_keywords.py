"""jsonschema keywords whose regular expressions run on the bounded engine.

jsonschema matches ``pattern``, ``patternProperties`` (also inside
``additionalProperties`` and ``unevaluatedProperties``) and the ``regex`` format
with Python's backtracking ``re``. These replacements behave the same but go
through :mod:`flowdesk.model.safe_regex`; a pattern that cannot be applied
becomes a validation error that names the pattern's place in the schema
(``pattern at /properties/x/pattern took too long…``) instead of a hang or a
traceback. They are installed with ``jsonschema.validators.extend`` by
:mod:`flowdesk.model.schema_engine`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jsonschema.exceptions import ValidationError

from flowdesk.model.problems import join_pointer
from flowdesk.model.safe_regex import PatternError, compile_pattern, search


class PatternFailure(ValidationError):
    """A pattern that could not be applied. The message names where the pattern sits
    in the schema, which is only known once jsonschema has finished filling in the
    error's schema path, hence the property."""

    def __init__(self, failure: PatternError, pattern_key: str | None = None) -> None:
        super().__init__(
            str(failure), schema_path=[pattern_key] if pattern_key is not None else []
        )
        self.failure = failure

    @property  # type: ignore[override]
    def message(self) -> str:
        return self.located("")

    def located(self, schema_pointer: str) -> str:
        """The message for a validation that started at ``schema_pointer``."""
        where = schema_pointer + join_pointer(*self.absolute_schema_path)
        return f"pattern at {where or '/'} {self.failure}"

    @message.setter
    def message(self, value: str) -> None:  # jsonschema's __init__ assigns it
        pass


def is_regex(instance: object) -> bool:
    """The ``regex`` format: compiles on one of the bounded engines."""
    if isinstance(instance, str):
        compile_pattern(instance)  # raises PatternInvalid
    return True


def pattern(validator: Any, patrn: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "string"):
        return
    try:
        matched = search(patrn, instance)
    except PatternError as exc:
        yield PatternFailure(exc)
        return
    if not matched:
        yield ValidationError(f"{instance!r} does not match {patrn!r}")


def pattern_properties(
    validator: Any, patterns: dict[str, Any], instance: Any, schema: Any
) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "object"):
        return
    for patrn, subschema in patterns.items():
        for key, value in instance.items():
            try:
                matched = search(patrn, key)
            except PatternError as exc:
                yield PatternFailure(exc, patrn)
                break
            if matched:
                yield from validator.descend(value, subschema, path=key, schema_path=patrn)


def additional_properties(
    validator: Any, extra_schema: Any, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "object"):
        return
    try:
        extras = _additional(instance, schema)
    except _KeyPatternFailed as exc:
        yield PatternFailure(exc.failure, exc.pattern_key)
        return
    if validator.is_type(extra_schema, "object"):
        for extra in extras:
            yield from validator.descend(instance[extra], extra_schema, path=extra)
    elif not extra_schema and extras:
        joined = ", ".join(repr(each) for each in sorted(extras, key=str))
        if "patternProperties" in schema:
            verb = "does" if len(extras) == 1 else "do"
            patterns = ", ".join(repr(each) for each in sorted(schema["patternProperties"]))
            yield ValidationError(f"{joined} {verb} not match any of the regexes: {patterns}")
        else:
            verb = "was" if len(extras) == 1 else "were"
            yield ValidationError(f"Additional properties are not allowed ({joined} {verb} unexpected)")


def unevaluated_properties(
    validator: Any, unevaluated: Any, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "object"):
        return
    try:
        evaluated = _evaluated_keys(validator, instance, schema)
    except _KeyPatternFailed as exc:
        yield PatternFailure(exc.failure)
        return
    bad = [
        key for key in instance
        if key not in evaluated
        and next(validator.descend(instance[key], unevaluated, path=key, schema_path=key), None)
    ]
    if not bad:
        return
    joined = ", ".join(repr(each) for each in sorted(bad, key=str))
    verb = "was" if len(bad) == 1 else "were"
    if unevaluated is False:
        yield ValidationError(f"Unevaluated properties are not allowed ({joined} {verb} unexpected)")
    else:
        yield ValidationError(
            "Unevaluated properties are not valid under the given schema "
            f"({joined} {verb} unevaluated and invalid)"
        )


class _KeyPatternFailed(Exception):
    def __init__(self, failure: PatternError, pattern_key: str) -> None:
        super().__init__(str(failure))
        self.failure = failure
        self.pattern_key = pattern_key


def _matches_any(patterns: Any, key: str) -> bool:
    for patrn in patterns if isinstance(patterns, dict) else ():
        try:
            if search(patrn, key):
                return True
        except PatternError as exc:
            raise _KeyPatternFailed(exc, patrn) from None
    return False


def _additional(instance: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    properties = schema.get("properties", {})
    patterns = schema.get("patternProperties")
    return [
        key for key in instance
        if key not in properties and not _matches_any(patterns, key)
    ]


def _valid(errors: Iterator[ValidationError]) -> bool:
    return next(errors, None) is None


def _evaluated_keys(validator: Any, instance: dict[str, Any], schema: Any) -> set[str]:
    """Keys some in-place subschema evaluated successfully (JSON Schema 2020-12, as
    jsonschema's ``find_evaluated_property_keys_by_schema`` computes them)."""
    if not isinstance(schema, dict):
        return set()
    keys: set[str] = set()
    for ref_keyword in ("$ref", "$dynamicRef", "$recursiveRef"):
        ref = schema.get(ref_keyword)
        if isinstance(ref, str):
            resolved = validator._resolver.lookup(ref)
            inner = validator.evolve(schema=resolved.contents, _resolver=resolved.resolver)
            keys |= _evaluated_keys(inner, instance, resolved.contents)
    properties = schema.get("properties")
    if isinstance(properties, dict):
        keys |= properties.keys() & instance.keys()
    for keyword in ("additionalProperties", "unevaluatedProperties"):
        sub = schema.get(keyword)
        if sub is not None:
            keys |= {k for k, v in instance.items() if _valid(validator.descend(v, sub))}
    if "patternProperties" in schema:
        keys |= {k for k in instance if _matches_any(schema["patternProperties"], k)}
    dependent = schema.get("dependentSchemas")
    if isinstance(dependent, dict):
        for name, sub in dependent.items():
            if name in instance:
                keys |= _evaluated_keys(validator, instance, sub)
    for keyword in ("allOf", "oneOf", "anyOf"):
        for sub in schema.get(keyword, []):
            if _valid(validator.descend(instance, sub)):
                keys |= _evaluated_keys(validator, instance, sub)
    if "if" in schema:
        if validator.evolve(schema=schema["if"]).is_valid(instance):
            keys |= _evaluated_keys(validator, instance, schema["if"])
            if "then" in schema:
                keys |= _evaluated_keys(validator, instance, schema["then"])
        elif "else" in schema:
            keys |= _evaluated_keys(validator, instance, schema["else"])
    return keys
