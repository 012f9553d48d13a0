"""Validate a form value with jsonschema and say where each error belongs.

The form shows every error at the widget its JSON pointer names. A missing
required property is reported at the property itself (``/parent/name``), not at
its parent object, because that is where the user has to type. Messages are
the plain sentences of :mod:`flowdesk.model.plain_messages` ("must be a
number"); the pointer stays on the error for whoever needs the details.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flowdesk.model.forms.context import SchemaContext, pointer_of
from flowdesk.model.plain_messages import missing_property, plain_error


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
        missing = missing_property(error) if isinstance(error.instance, dict) else None
        if missing is not None:
            out.append(FormError(f"{pointer}/{_escape(missing)}", REQUIRED))
            continue
        out.append(FormError(pointer, _sentence(plain_error(error))))
    return out


REQUIRED = "Required."


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _sentence(text: str) -> str:
    """Shown alone under a field, the sentence starts with a capital and ends with a stop."""
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "?", "!", "…")) else text + "."
