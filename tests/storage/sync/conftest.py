"""Sync fixtures: a fresh migrated remote PostgreSQL catalog, SQLite workspaces, a test keyring.

The real user keyring is never touched: every test runs with an in-memory
backend installed by ``keyring.set_keyring``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tests.support.sync import memory_keyring, migrated_remote  # noqa: F401 (fixture)

from flowdesk.storage.database import Database, open_database
from flowdesk.storage.sync.remote import Remote, RemoteProfile, open_remote


@pytest.fixture
def remote_url() -> Iterator[str]:
    """A migrated, empty remote catalog; dropped afterwards."""
    with migrated_remote("flowdesk_sync") as url:
        yield url


@pytest.fixture
def remote(remote_url: str) -> Iterator[Remote]:
    opened = open_remote(RemoteProfile(remote_url))
    try:
        yield opened
    finally:
        opened.dispose()


@pytest.fixture
def make_workspace(tmp_path: Path) -> Iterator[Callable[[str], Database]]:
    opened: list[Database] = []

    def make(name: str) -> Database:
        db = open_database(tmp_path / f"{name}.sqlite", upgrade=True)
        opened.append(db)
        return db

    yield make
    for db in opened:
        db.dispose()
