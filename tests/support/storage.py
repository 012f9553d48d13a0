"""Databases and documents for storage-level tests (tests/storage, tests/cli, tests/app)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flowdesk.model.document import VersionDocument, load
from flowdesk.storage.database import Database, open_database
from tests.support.postgres import temporary_database

DIALECTS = ("sqlite", "postgresql")


@contextmanager
def temporary_url(dialect: str, folder: Path) -> Iterator[str]:
    """A URL (or SQLite path) of a new, empty database of the given dialect."""
    if dialect == "sqlite":
        yield str(folder / f"workspace-{secrets.token_hex(4)}.sqlite")
    else:
        with temporary_database() as url:
            yield url


@contextmanager
def migrated_database(dialect: str, folder: Path) -> Iterator[Database]:
    with temporary_url(dialect, folder) as url:
        db = open_database(url, upgrade=True)
        try:
            yield db
        finally:
            db.dispose()


def unique_name(prefix: str = "tenant") -> str:
    return f"{prefix}-{secrets.token_hex(4)}"


def linear_document(name: str = "Step", note: str = "a note") -> VersionDocument:
    """start -> a delay action -> end; valid per graph-format.md."""
    return load({
        "formatVersion": 1,
        "graph": {
            "formatVersion": 1,
            "nodes": [
                {"id": "start", "type": "start", "position": {"x": 0, "y": 0}},
                {"id": "wait", "type": "action", "name": name, "actionId": "flow.delay",
                 "config": {"seconds": 5}, "position": {"x": 240.0, "y": 0.5}},
                {"id": "end", "type": "end", "position": {"x": 480, "y": 0}},
            ],
            "edges": [
                {"id": "e1", "source": "start", "target": "wait"},
                {"id": "e2", "source": "wait", "target": "end", "condition": "onSuccess"},
            ],
            "notes": [{"id": "n1", "text": note, "position": {"x": 0, "y": 120}}],
        },
        "parameterSchema": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "properties": {"customerId": {"type": "string"}},
        },
        "envConfig": {"env": {"REGION": "eu-west-1"}, "secrets": {}},
    })


def broken_document() -> VersionDocument:
    """An edge to a node that does not exist: publishing must be refused."""
    return load({
        "formatVersion": 1,
        "graph": {
            "formatVersion": 1,
            "nodes": [
                {"id": "start", "type": "start"},
                {"id": "end", "type": "end"},
            ],
            "edges": [
                {"id": "e1", "source": "start", "target": "end"},
                {"id": "e_ghost", "source": "start", "target": "ghost"},
            ],
        },
        "parameterSchema": {"type": "object", "properties": {}},
    })
