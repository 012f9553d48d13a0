"""A publishing process for the concurrency tests (importable by spawned children).

Importing it also loads and validates a document once, so a fork server that
preloads this module hands every child a warm action catalog and schema cache.
"""

from __future__ import annotations

from typing import Any

from tests.storage.sync.sync_support import two_step_document

from flowdesk.model.validation import validate
from flowdesk.storage.database import open_database
from flowdesk.storage.sync.publish import publish_draft
from flowdesk.storage.sync.remote import RemoteProfile, open_remote

validate(two_step_document())


def publish_when_released(
    workspace: str, remote_url: str, tenant: str, key: str, start: Any
) -> str:
    """Open both ends, wait at the barrier with the others, publish; the outcome as text."""
    db = open_database(workspace)
    remote = open_remote(RemoteProfile(remote_url))
    try:
        start.wait(60)
        return publish_draft(db, remote, tenant, key).message
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which asserts on it
        return f"error: {type(exc).__name__}: {exc}"
    finally:
        remote.dispose()
        db.dispose()
