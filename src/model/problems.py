"""Problems: what validation reports, for the UI and the CLI alike.

A problem has a severity, a stable code (tests and users may rely on it), a
location and a plain-language message. The location always carries a JSON
pointer into the version document, plus the node or edge id when there is one,
so the window can select the item and the CLI can print where.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Location:
    """Where a problem is: a JSON pointer into the document, and the item it concerns."""

    pointer: str = ""
    node_id: str | None = None
    edge_id: str | None = None
    note_id: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.node_id is not None:
            parts.append(f"node {self.node_id}")
        if self.edge_id is not None:
            parts.append(f"edge {self.edge_id}")
        if self.note_id is not None:
            parts.append(f"note {self.note_id}")
        parts.append(self.pointer or "/")
        return " ".join(parts)

    def to_json(self) -> dict[str, str]:
        out = {"pointer": self.pointer}
        if self.node_id is not None:
            out["nodeId"] = self.node_id
        if self.edge_id is not None:
            out["edgeId"] = self.edge_id
        if self.note_id is not None:
            out["noteId"] = self.note_id
        return out


@dataclass(frozen=True, slots=True)
class Problem:
    severity: Severity
    code: str
    location: Location
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        return f"{self.location}: {self.severity} {self.code}: {self.message}"

    def to_json(self) -> dict[str, object]:
        return {
            "severity": str(self.severity),
            "code": self.code,
            "location": self.location.to_json(),
            "message": self.message,
        }


def error(code: str, location: Location, message: str) -> Problem:
    return Problem(Severity.ERROR, code, location, message)


def warning(code: str, location: Location, message: str) -> Problem:
    return Problem(Severity.WARNING, code, location, message)


def has_errors(problems: list[Problem]) -> bool:
    return any(p.is_error for p in problems)


def escape_pointer_token(token: str | int) -> str:
    """RFC 6901 escaping of one reference token."""
    return str(token).replace("~", "~0").replace("/", "~1")


def join_pointer(*tokens: str | int) -> str:
    return "".join("/" + escape_pointer_token(t) for t in tokens)
