"""Shared sync test support: an in-memory keyring and a migrated remote catalog.

The user's real keyring is never touched: tests install :class:`MemoryKeyring`
through the ``memory_keyring`` fixture (import it into a conftest).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import keyring
import keyring.backend
import pytest

from flowdesk.storage.database import open_database
from tests.support.postgres import temporary_database


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


@contextmanager
def migrated_remote(prefix: str) -> Iterator[str]:
    """A migrated, empty remote catalog on the local PostgreSQL; dropped afterwards."""
    with temporary_database(prefix) as url:
        open_database(url, upgrade=True).dispose()
        yield url
