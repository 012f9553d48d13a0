"""Typed SQLAlchemy models of the platform's Prisma schema, plus Flowdesk's own table.

On PostgreSQL these produce exactly the DDL Prisma generates
(``tests/data/spec/prisma-ddl.sql``): TEXT ids holding UUID strings made by
Flowdesk, ``TIMESTAMP(3)`` without time zone, ``JSONB``, the ``"WorkflowStatus"``
enum, camelCase ``"createdAt"``/``"updatedAt"``/``"publishedAt"`` and Prisma's
index and constraint names. Prisma's unique constraints are unique *indexes*,
so they are declared as ``Index(unique=True)``, not ``UniqueConstraint``.

Flowdesk's additions are all named ``flowdesk_*`` and change no Prisma column
or constraint, so a database Prisma created can be adopted as it is.

Draft numbering: the Prisma ``version`` column is NOT NULL and unique per
workflow, so a draft (``publishedAt`` NULL) holds a *provisional negative*
number (-1, -2, ... taken under the workflow's row lock). Published numbers are
1, 2, 3, ... with no gaps; drafts can never collide with them, and several
drafts of one workflow (e.g. from different machines) can coexist.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Text,
    false,
    text,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from flowdesk.storage.clock import utcnow

NAMING_CONVENTION = {
    # Prisma's names: <table>_pkey, <table>_<column>_fkey, <table>_<cols>_idx / _key.
    "pk": "%(table_name)s_pkey",
    "fk": "%(table_name)s_%(column_0_N_name)s_fkey",
    "ix": "%(table_name)s_%(column_0_N_name)s_idx",
    "uq": "%(table_name)s_%(column_0_N_name)s_key",
    "ck": "%(table_name)s_%(constraint_name)s_check",
}

#: Everything Flowdesk adds to a platform database starts with this.
FLOWDESK_PREFIX = "flowdesk_"

# TIMESTAMP(3) WITHOUT TIME ZONE on PostgreSQL; SQLite keeps the ISO text.
Timestamp = DateTime().with_variant(postgresql.TIMESTAMP(precision=3), "postgresql")
# JSONB on PostgreSQL, JSON text on SQLite. Python None is SQL NULL (the
# nullable Prisma columns), never the JSON literal null.
JsonColumn = JSON(none_as_null=True).with_variant(
    postgresql.JSONB(none_as_null=True), "postgresql"
)
NOW = text("CURRENT_TIMESTAMP")


def new_id() -> str:
    """Row ids: UUID4 strings, made by Flowdesk (Prisma's ``@default(uuid())`` is client-side)."""
    return str(uuid.uuid4())


class WorkflowStatus(enum.StrEnum):
    DRAFT = "Draft"
    ACTIVE = "Active"
    ARCHIVED = "Archived"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _fk(target: str) -> ForeignKey:
    return ForeignKey(target, ondelete="CASCADE", onupdate="CASCADE")


class Tenant(Base):
    __tablename__ = "tenants"

    id: Mapped[str] = mapped_column(Text, primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(
        "createdAt", Timestamp, default=utcnow, server_default=NOW
    )


class Connection(Base):
    __tablename__ = "connections"

    id: Mapped[str] = mapped_column(Text, primary_key=True, default=new_id)
    tenant_id: Mapped[str] = mapped_column(Text, _fk("tenants.id"))
    name: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(
        "createdAt", Timestamp, default=utcnow, server_default=NOW
    )

    __table_args__ = (
        Index("connections_tenant_id_idx", "tenant_id"),
        Index("connections_tenant_id_name_key", "tenant_id", "name", unique=True),
    )


workflow_status_type = Enum(
    WorkflowStatus,
    name="WorkflowStatus",
    values_callable=lambda e: [m.value for m in e],
    validate_strings=True,
)


class Workflow(Base):
    __tablename__ = "workflows"

    id: Mapped[str] = mapped_column(Text, primary_key=True, default=new_id)
    tenant_id: Mapped[str] = mapped_column(Text, _fk("tenants.id"))
    key: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[WorkflowStatus] = mapped_column(
        workflow_status_type, default=WorkflowStatus.DRAFT, server_default="Draft"
    )
    created_at: Mapped[datetime] = mapped_column(
        "createdAt", Timestamp, default=utcnow, server_default=NOW
    )
    # No server default, as in Prisma (@updatedAt is set by the client): Flowdesk sets it.
    updated_at: Mapped[datetime] = mapped_column("updatedAt", Timestamp, default=utcnow)

    versions: Mapped[list[WorkflowVersion]] = relationship(
        back_populates="workflow", passive_deletes="all"
    )

    __table_args__ = (
        Index("workflows_tenant_id_idx", "tenant_id"),
        Index("workflows_tenant_id_key_key", "tenant_id", "key", unique=True),
    )


class WorkflowVersion(Base):
    __tablename__ = "workflow_versions"

    id: Mapped[str] = mapped_column(Text, primary_key=True, default=new_id)
    workflow_id: Mapped[str] = mapped_column(Text, _fk("workflows.id"))
    version: Mapped[int] = mapped_column(Integer)
    graph: Mapped[Any] = mapped_column(JsonColumn)
    parameter_schema: Mapped[Any | None] = mapped_column(JsonColumn)
    env_config: Mapped[Any | None] = mapped_column(JsonColumn)
    is_latest: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(
        "createdAt", Timestamp, default=utcnow, server_default=NOW
    )
    published_at: Mapped[datetime | None] = mapped_column("publishedAt", Timestamp)

    workflow: Mapped[Workflow] = relationship(back_populates="versions")

    __table_args__ = (
        Index("workflow_versions_workflow_id_idx", "workflow_id"),
        Index("workflow_versions_workflow_id_version_key", "workflow_id", "version", unique=True),
        # Flowdesk's: at most one latest version per workflow, enforced by the database.
        Index(
            "flowdesk_one_latest_per_workflow",
            "workflow_id",
            unique=True,
            postgresql_where=text("is_latest"),
            sqlite_where=text("is_latest"),
        ),
        # Flowdesk's: lets the workflow list summarise versions from the index alone.
        Index(
            "flowdesk_workflow_versions_summary_idx",
            "workflow_id", "is_latest", "publishedAt", "version", "id",
        ),
    )

    @property
    def is_draft(self) -> bool:
        return self.published_at is None


#: The columns of a published version that never change (only ``is_latest`` may).
IMMUTABLE_COLUMNS: tuple[str, ...] = (
    "graph",
    "parameter_schema",
    "env_config",
    "version",
    "workflow_id",
    "id",
    "createdAt",
    "publishedAt",
)


class VersionMeta(Base):
    """Flowdesk's bookkeeping for a version row: what a draft was based on and its content hash.

    Rows written by other clients of the platform have no meta row; readers treat
    that as "based on nothing" and compute the hash when they need it.
    """

    __tablename__ = "flowdesk_version_meta"

    version_id: Mapped[str] = mapped_column(
        Text, ForeignKey("workflow_versions.id", ondelete="CASCADE"), primary_key=True
    )
    based_on_id: Mapped[str | None] = mapped_column(
        Text, ForeignKey("workflow_versions.id", ondelete="SET NULL")
    )
    content_hash: Mapped[str] = mapped_column(Text)

    __table_args__ = (Index("flowdesk_version_meta_based_on_id_idx", "based_on_id"),)


PRISMA_TABLES: tuple[str, ...] = ("tenants", "connections", "workflows", "workflow_versions")
