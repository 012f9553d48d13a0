"""Sync UI fixtures: a real migrated PostgreSQL remote, an in-memory keyring, private settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from tests.support.sync import memory_keyring, migrated_remote  # noqa: F401 (fixture)


@pytest.fixture
def remote_url() -> Iterator[str]:
    """A migrated, empty remote catalog on the local PostgreSQL; dropped afterwards."""
    with migrated_remote("flowdesk_syncui") as url:
        yield url


@pytest.fixture
def sync_settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "sync.ini"), QSettings.Format.IniFormat)
