"""Sync fixtures: a fresh migrated remote PostgreSQL catalog, SQLite workspaces, a test keyring.

The real user keyring is never touched: every test runs with an in-memory
backend installed by ``keyring.set_keyring``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import keyring.backend
import pytest
from tests.support.postgres import temporary_database

from flowdesk.storage.database import Database, open_database
from flowdesk.storage.sync.remote import Remote, RemoteProfile, open_remote


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that lives in a dict for the duration of a test."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def remote_url() -> Iterator[str]:
    """A migrated, empty remote catalog; dropped afterwards."""
    with temporary_database("flowdesk_sync") as url:
        open_database(url, upgrade=True).dispose()
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
