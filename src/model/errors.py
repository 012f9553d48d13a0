"""The typed errors the model raises.

Validation never raises: it returns problems. These errors are for API misuse
and for loading something that is not a version document at all.
"""

from __future__ import annotations


class FlowdeskError(Exception):
    """Base of every error Flowdesk raises on purpose."""


class DocumentError(FlowdeskError):
    """The JSON is not a version document; ``pointer`` names where."""

    def __init__(self, message: str, pointer: str = "") -> None:
        super().__init__(f"{pointer or '/'}: {message}")
        self.message = message
        self.pointer = pointer


class CatalogError(FlowdeskError):
    """An action catalog file is unreadable or malformed."""


class EditError(FlowdeskError):
    """An edit to a graph was refused (duplicate id, cycle, unknown node, ...)."""


class MergeError(FlowdeskError):
    """A merge resolution does not fit the conflicts it is applied to."""
