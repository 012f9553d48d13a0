"""What the repository hands out: small frozen records, never live ORM rows.

Callers (the app, the CLI, sync) keep these across sessions safely; timestamps
are timezone-aware UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from flowdesk.model.document import VersionDocument
from flowdesk.storage.schema import WorkflowStatus


def as_utc(value: datetime) -> datetime:
    """Stored timestamps are naive UTC; callers get them aware."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class TenantInfo:
    id: str
    name: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ConnectionInfo:
    """A connection secrets are referenced through (``envConfig.secrets.*.connectionId``)."""

    id: str
    tenant_id: str
    name: str
    type: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class WorkflowInfo:
    id: str
    tenant_id: str
    key: str
    name: str
    description: str | None
    status: WorkflowStatus
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class WorkflowSummary:
    """A row of the workflow list: the workflow plus what its versions look like."""

    workflow: WorkflowInfo
    latest_version: int | None
    draft_id: str | None
    published_count: int

    @property
    def has_draft(self) -> bool:
        return self.draft_id is not None


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """A version without its document.

    ``version`` is the published number (1, 2, ...) or, for a draft, the
    provisional negative number the database row holds (see ``schema``).
    """

    id: str
    workflow_id: str
    version: int
    is_latest: bool
    created_at: datetime
    published_at: datetime | None
    based_on_id: str | None
    content_hash: str | None = None

    @property
    def is_draft(self) -> bool:
        return self.published_at is None

    @property
    def label(self) -> str:
        """``v3`` or ``draft``: what a person should see instead of a negative number."""
        return "draft" if self.is_draft else f"v{self.version}"


@dataclass(frozen=True, slots=True)
class VersionRecord:
    info: VersionInfo
    document: VersionDocument

    @property
    def id(self) -> str:
        return self.info.id

    @property
    def is_draft(self) -> bool:
        return self.info.is_draft
