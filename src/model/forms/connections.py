"""Which config fields name a connection, and what a typed value resolves to.

An action names the tenant connection it uses by id, in a string property.
The catalog says so with ``"format": "connection"``; older catalogs (and
users' own) only call the property ``connectionId``, so that name counts too.
The inspector shows such fields as a picker of the tenant's connections,
the way the env editor does for secret references.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from flowdesk.model.env_editing import ConnectionLike

CONNECTION_FORMAT = "connection"
CONNECTION_PROPERTY = "connectionId"


def is_connection_schema(schema: Any) -> bool:
    """A string schema whose value is a connection id."""
    return (isinstance(schema, dict) and schema.get("format") == CONNECTION_FORMAT
            and schema.get("type", "string") == "string")


def mark_connection_fields(schema: Any) -> Any:
    """``schema`` with ``format: connection`` on string properties named ``connectionId``.

    A copy for the form only: validation keeps the catalog's schema (an unknown
    format is an annotation to jsonschema, so both accept the same values).
    """
    if not isinstance(schema, dict):
        return schema
    properties = schema.get("properties")
    if not isinstance(properties, dict):
        return schema
    target = properties.get(CONNECTION_PROPERTY)
    if not (isinstance(target, dict) and target.get("type") == "string"
            and "format" not in target and "enum" not in target):
        return schema
    marked = copy.copy(schema)
    marked["properties"] = {**properties,
                            CONNECTION_PROPERTY: {**target, "format": CONNECTION_FORMAT}}
    return marked


@dataclass(frozen=True, slots=True)
class ConnectionChoice:
    """One entry of the picker: the id stored, the label shown, whether it is known."""

    id: str
    label: str
    known: bool = True


def connection_label(connection: ConnectionLike) -> str:
    return f"{connection.name} ({connection.type})" if connection.type else connection.name


def connection_choices(connections: Iterable[ConnectionLike],
                       current: str | None = None) -> list[ConnectionChoice]:
    """The tenant's connections by name, and ``current`` marked unresolved when unknown.

    A ``${{ }}`` template is not unresolved: it names the connection at run time.
    """
    choices = [ConnectionChoice(c.id, connection_label(c)) for c in connections]
    if current and current not in {c.id for c in choices} and "${{" not in current:
        choices.append(ConnectionChoice(current, f"{current} — unresolved", known=False))
    return choices


def resolve_typed(text: str, choices: Sequence[ConnectionChoice]) -> str:
    """What typed text means: a choice's id when it is that choice's label, else the text."""
    stripped = text.strip()
    for choice in choices:
        if stripped == choice.label:
            return choice.id
    return stripped
