"""Typed SQLAlchemy models of the platform's Prisma schema, plus Flowdesk's own tables.

On PostgreSQL these produce exactly the DDL Prisma generates
(``tests/data/spec/prisma-ddl.sql``): TEXT ids holding UUID strings made by
Flowdesk, ``TIMESTAMP(3)`` without time zone, ``JSONB``, the ``"WorkflowStatus"``
enum, camelCase ``"createdAt"``/``"updatedAt"``/``"publishedAt"`` and Prisma's
index and constraint names. Prisma's unique constraints are unique *indexes*,
so they are declared as ``Index(unique=True)``, not ``UniqueConstraint``.

Flowdesk's own tables live in the PostgreSQL schema ``flowdesk``
(:data:`FLOWDESK_SCHEMA`), so the ``public`` schema holds exactly what Prisma
creates: ``prisma db pull`` reads back the seed schema and ``prisma migrate
diff`` is empty. SQLite has no schemas: its engines translate ``flowdesk`` to
no schema (``schema_translate_map``), and the tables keep their ``flowdesk_``
names on both. Two indexes exist on SQLite only (:func:`metadata_for`): the
one-latest partial unique index (PostgreSQL checks that rule with a deferred
constraint trigger Prisma does not see) and the workflow list's covering index.

Draft numbering: the Prisma ``version`` column is NOT NULL and unique per
workflow, so a Flowdesk draft (``publishedAt`` NULL) holds a *provisional
negative* number (-1, -2, ... taken under the workflow's row lock). Published
numbers are 1, 2, 3, ...; a positive number another client's draft holds is
skipped, never taken from it (Flowdesk changes no row it did not write).
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
from sqlalchemy.schema import BLANK_SCHEMA

from flowdesk.storage.clock import utcnow

NAMING_CONVENTION = {
    # Prisma's names: <table>_pkey, <table>_<column>_fkey, <table>_<cols>_idx / _key.
    "pk": "%(table_name)s_pkey",
    "fk": "%(table_name)s_%(column_0_N_name)s_fkey",
    "ix": "%(table_name)s_%(column_0_N_name)s_idx",
    "uq": "%(table_name)s_%(column_0_N_name)s_key",
    "ck": "%(table_name)s_%(constraint_name)s_check",
}

#: The PostgreSQL schema holding Flowdesk's tables and functions (none on SQLite).
FLOWDESK_SCHEMA = "flowdesk"
#: Engine option for SQLite: Flowdesk's tables have no schema there.
SQLITE_SCHEMA_TRANSLATE_MAP: dict[str | None, str | None] = {FLOWDESK_SCHEMA: None}
#: ``Index.info`` key naming the only dialect an index exists on.
ONLY_ON = "flowdesk_only_on"

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
        # SQLite only (a workspace, never read by Prisma): at most one latest version
        # per workflow. PostgreSQL checks "exactly one" at commit with a constraint
        # trigger instead, which Prisma's introspection ignores.
        Index(
            "flowdesk_one_latest_per_workflow",
            "workflow_id",
            unique=True,
            sqlite_where=text("is_latest"),
            info={ONLY_ON: "sqlite"},
        ).ddl_if(dialect="sqlite"),
        # SQLite only: lets the workflow list summarise versions from the index alone.
        Index(
            "flowdesk_workflow_versions_summary_idx",
            "workflow_id", "is_latest", "publishedAt", "version", "id",
            info={ONLY_ON: "sqlite"},
        ).ddl_if(dialect="sqlite"),
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

    Flowdesk writes one for every version row it creates, so it is also the
    record of which rows are Flowdesk's: a draft without one was made by another
    client of the platform and Flowdesk never changes, renumbers or deletes it.
    Readers treat a missing row as "based on nothing" and compute the hash when
    they need it.
    """

    __tablename__ = "flowdesk_version_meta"

    version_id: Mapped[str] = mapped_column(
        Text, ForeignKey("workflow_versions.id", ondelete="CASCADE"), primary_key=True
    )
    based_on_id: Mapped[str | None] = mapped_column(
        Text, ForeignKey("workflow_versions.id", ondelete="SET NULL")
    )
    content_hash: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        Index("flowdesk_version_meta_based_on_id_idx", "based_on_id"),
        {"schema": FLOWDESK_SCHEMA},
    )


PRISMA_TABLES: tuple[str, ...] = ("tenants", "connections", "workflows", "workflow_versions")


def metadata_for(dialect: str, *metadatas: MetaData) -> MetaData:
    """One MetaData with the tables of ``metadatas`` as they exist on ``dialect``.

    What Alembic compares a migrated database with: on SQLite the ``flowdesk``
    schema is dropped (as the engines' ``schema_translate_map`` does), and an
    index marked ``info[ONLY_ON]`` for another dialect is left out.
    """
    target = MetaData(naming_convention=NAMING_CONVENTION)
    sqlite = dialect == "sqlite"
    for metadata in metadatas or (Base.metadata,):
        for table in metadata.sorted_tables:
            copy = table.to_metadata(
                target,
                schema=None if sqlite else table.schema,
                referred_schema_fn=(lambda *_args: BLANK_SCHEMA) if sqlite else None,
            )
            elsewhere = {
                index.name for index in table.indexes
                if index.info.get(ONLY_ON) not in (None, dialect)
            }
            for index in [i for i in copy.indexes if i.name in elsewhere]:
                copy.indexes.discard(index)
    return target
