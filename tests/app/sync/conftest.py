"""Sync UI fixtures: a real migrated PostgreSQL remote, an in-memory keyring, private settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import pytest
from PySide6.QtCore import QSettings
from tests.support.postgres import temporary_database

from flowdesk.storage.database import open_database


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring living in a dict for one test; the user's real keyring is never touched."""

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
    """A migrated, empty remote catalog on the local PostgreSQL; dropped afterwards."""
    with temporary_database("flowdesk_syncui") as url:
        open_database(url, upgrade=True).dispose()
        yield url


@pytest.fixture
def sync_settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "sync.ini"), QSettings.Format.IniFormat)
