"""Validate a form value with jsonschema and say where each error belongs.

The form shows every error at the widget its JSON pointer names. A missing
required property is reported at the property itself (``/parent/name``), not at
its parent object, because that is where the user has to type.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flowdesk.model.forms.context import SchemaContext, pointer_of


@dataclass(frozen=True)
class FormError:
    pointer: str
    message: str

    def __iter__(self):  # lets callers unpack ``for pointer, message in errors``
        return iter((self.pointer, self.message))


def validate_value(context: SchemaContext, value: Any) -> list[FormError]:
    """All validation errors of ``value``, each tied to the pointer of the field to fix."""
    out: list[FormError] = []
    try:
        errors = sorted(context.validator().iter_errors(value), key=lambda e: list(map(str, e.path)))
    except Exception as exc:  # a broken $ref or regex inside the schema: report, never raise
        return [FormError("", f"cannot validate: {exc}")]
    for error in errors:
        pointer = pointer_of(error.absolute_path)
        if error.validator in ("required", "dependentRequired", "dependencies") and isinstance(
            error.instance, dict
        ):
            missing = _missing_name(error)
            if missing is not None:
                out.append(FormError(f"{pointer}/{_escape(missing)}", "This field is required."))
                continue
        out.append(FormError(pointer, _friendly(error)))
    return out


def _missing_name(error: Any) -> str | None:
    names = error.validator_value
    if isinstance(names, dict):  # dependentRequired: {trigger: [names]}
        names = [n for group in names.values() if isinstance(group, list) for n in group]
    if not isinstance(names, list):
        return None
    for name in names:
        if isinstance(name, str) and name not in error.instance and repr(name) in error.message:
            return name
    return None


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _friendly(error: Any) -> str:
    """jsonschema's messages quote whole sub-schemas for oneOf/anyOf; say it plainly."""
    if error.validator == "oneOf" and "is valid under each of" in error.message:
        return "The value matches more than one of the alternatives; it must match exactly one."
    if error.validator in ("oneOf", "anyOf"):
        return "The value matches none of the alternatives."
    if error.validator == "not":
        return "The value matches a schema it must not match."
    return str(error.message)
