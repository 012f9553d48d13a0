"""Flowdesk's sync bookkeeping tables in a workspace: known remotes and pull high-water marks.

They have their own declarative base (``flowdesk.storage.metadata`` lists it
beside the storage models') and are created by the migration
``0002_sync_state``; on PostgreSQL they live in the ``flowdesk`` schema
(``0003_platform_fit``). No password column exists anywhere: only masked,
password-free URLs are stored.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, MetaData, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from flowdesk.storage.clock import utcnow
from flowdesk.storage.schema import FLOWDESK_SCHEMA, NAMING_CONVENTION, NOW, Timestamp, new_id


class SyncBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class SyncRemote(SyncBase):
    """A remote this workspace pulled from or published to (URL with user, never a password)."""

    __tablename__ = "flowdesk_remote"

    id: Mapped[str] = mapped_column(Text, primary_key=True, default=new_id)
    url: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(
        "createdAt", Timestamp, default=utcnow, server_default=NOW
    )
    last_pull_at: Mapped[datetime | None] = mapped_column("lastPullAt", Timestamp)
    last_publish_at: Mapped[datetime | None] = mapped_column("lastPublishAt", Timestamp)

    __table_args__ = (
        Index("flowdesk_remote_url_key", "url", unique=True),
        {"schema": FLOWDESK_SCHEMA},
    )


class SyncState(SyncBase):
    """How far a table has been pulled from a remote: the (timestamp, id) high-water mark."""

    __tablename__ = "flowdesk_sync_state"

    remote_id: Mapped[str] = mapped_column(
        Text, ForeignKey(f"{FLOWDESK_SCHEMA}.flowdesk_remote.id", ondelete="CASCADE"),
        primary_key=True,
    )
    table_name: Mapped[str] = mapped_column(Text, primary_key=True)
    high_water: Mapped[datetime | None] = mapped_column("highWater", Timestamp)
    high_water_id: Mapped[str | None] = mapped_column("highWaterId", Text)
    rows_pulled: Mapped[int] = mapped_column(default=0, server_default="0")
    updated_at: Mapped[datetime] = mapped_column(
        "updatedAt", Timestamp, default=utcnow, server_default=NOW
    )

    __table_args__ = {"schema": FLOWDESK_SCHEMA}
