"""Prisma tables (only when absent) and Flowdesk's guards and bookkeeping.

A database Prisma already created is adopted as it is: its tables are left
untouched and only ``flowdesk_*`` objects are added (the immutability triggers,
the one-latest partial unique index, the version meta table). A fresh database
gets the Prisma tables exactly as ``prisma-ddl.sql`` would make them.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# A frozen copy of the schema at this revision: later model changes must not
# change what this migration creates.
TIMESTAMP = sa.DateTime().with_variant(postgresql.TIMESTAMP(precision=3), "postgresql")
JSONB = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
NOW = sa.text("CURRENT_TIMESTAMP")
STATUS = postgresql.ENUM("Draft", "Active", "Archived", name="WorkflowStatus", create_type=False)
STATUS_ANY = sa.Enum("Draft", "Active", "Archived", name="WorkflowStatus").with_variant(
    STATUS, "postgresql"
)

IMMUTABLE = 'flowdesk_immutable_version: a published workflow version cannot be changed'
UNDELETABLE = (
    "flowdesk_immutable_version: a published workflow version cannot be deleted "
    "(delete its archived workflow instead)"
)
DRAFT_LATEST = "flowdesk_draft_not_latest: a draft (publishedAt NULL) cannot be the latest version"

# Columns of a published row that never change; only is_latest may.
GUARDED = (
    "id", "workflow_id", "version", "graph", "parameter_schema", "env_config",
    '"createdAt"', '"publishedAt"',
)


def _fk(column: str, target: str, name: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [target], name=name, ondelete="CASCADE", onupdate="CASCADE"
    )


def _create_prisma_tables(existing: set[str], dialect: str) -> None:
    if dialect == "postgresql":
        STATUS.create(op.get_bind(), checkfirst=True)
    if "tenants" not in existing:
        op.create_table(
            "tenants",
            sa.Column("id", sa.Text(), nullable=False),
            sa.Column("name", sa.Text(), nullable=False),
            sa.Column("createdAt", TIMESTAMP, server_default=NOW, nullable=False),
            sa.PrimaryKeyConstraint("id", name="tenants_pkey"),
        )
    if "connections" not in existing:
        op.create_table(
            "connections",
            sa.Column("id", sa.Text(), nullable=False),
            sa.Column("tenant_id", sa.Text(), nullable=False),
            sa.Column("name", sa.Text(), nullable=False),
            sa.Column("type", sa.Text(), nullable=False),
            sa.Column("createdAt", TIMESTAMP, server_default=NOW, nullable=False),
            sa.PrimaryKeyConstraint("id", name="connections_pkey"),
            _fk("tenant_id", "tenants.id", "connections_tenant_id_fkey"),
        )
        op.create_index("connections_tenant_id_idx", "connections", ["tenant_id"])
        op.create_index(
            "connections_tenant_id_name_key", "connections", ["tenant_id", "name"], unique=True
        )
    if "workflows" not in existing:
        op.create_table(
            "workflows",
            sa.Column("id", sa.Text(), nullable=False),
            sa.Column("tenant_id", sa.Text(), nullable=False),
            sa.Column("key", sa.Text(), nullable=False),
            sa.Column("name", sa.Text(), nullable=False),
            sa.Column("description", sa.Text(), nullable=True),
            sa.Column("status", STATUS_ANY, server_default="Draft", nullable=False),
            sa.Column("createdAt", TIMESTAMP, server_default=NOW, nullable=False),
            sa.Column("updatedAt", TIMESTAMP, nullable=False),
            sa.PrimaryKeyConstraint("id", name="workflows_pkey"),
            _fk("tenant_id", "tenants.id", "workflows_tenant_id_fkey"),
        )
        op.create_index("workflows_tenant_id_idx", "workflows", ["tenant_id"])
        op.create_index(
            "workflows_tenant_id_key_key", "workflows", ["tenant_id", "key"], unique=True
        )
    if "workflow_versions" not in existing:
        op.create_table(
            "workflow_versions",
            sa.Column("id", sa.Text(), nullable=False),
            sa.Column("workflow_id", sa.Text(), nullable=False),
            sa.Column("version", sa.Integer(), nullable=False),
            sa.Column("graph", JSONB, nullable=False),
            sa.Column("parameter_schema", JSONB, nullable=True),
            sa.Column("env_config", JSONB, nullable=True),
            sa.Column("is_latest", sa.Boolean(), server_default=sa.false(), nullable=False),
            sa.Column("createdAt", TIMESTAMP, server_default=NOW, nullable=False),
            sa.Column("publishedAt", TIMESTAMP, nullable=True),
            sa.PrimaryKeyConstraint("id", name="workflow_versions_pkey"),
            _fk("workflow_id", "workflows.id", "workflow_versions_workflow_id_fkey"),
        )
        op.create_index(
            "workflow_versions_workflow_id_idx", "workflow_versions", ["workflow_id"]
        )
        op.create_index(
            "workflow_versions_workflow_id_version_key",
            "workflow_versions",
            ["workflow_id", "version"],
            unique=True,
        )


def _create_flowdesk_tables() -> None:
    op.create_table(
        "flowdesk_version_meta",
        sa.Column("version_id", sa.Text(), nullable=False),
        sa.Column("based_on_id", sa.Text(), nullable=True),
        sa.Column("content_hash", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("version_id", name="flowdesk_version_meta_pkey"),
        sa.ForeignKeyConstraint(
            ["version_id"], ["workflow_versions.id"],
            name="flowdesk_version_meta_version_id_fkey", ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["based_on_id"], ["workflow_versions.id"],
            name="flowdesk_version_meta_based_on_id_fkey", ondelete="SET NULL",
        ),
    )
    op.create_index(
        "flowdesk_version_meta_based_on_id_idx", "flowdesk_version_meta", ["based_on_id"]
    )
    op.create_index(
        "flowdesk_one_latest_per_workflow",
        "workflow_versions",
        ["workflow_id"],
        unique=True,
        postgresql_where=sa.text("is_latest"),
        sqlite_where=sa.text("is_latest"),
    )
    # Covers the workflow list's per-workflow summary (latest, draft, published count).
    op.create_index(
        "flowdesk_workflow_versions_summary_idx",
        "workflow_versions",
        ["workflow_id", "is_latest", "publishedAt", "version", "id"],
    )


def _changed(new: str = "NEW", old: str = "OLD", op_: str = "IS DISTINCT FROM") -> str:
    return " OR ".join(f"{new}.{c} {op_} {old}.{c}" for c in GUARDED)


PG_GUARD_FUNCTION = f"""
CREATE OR REPLACE FUNCTION flowdesk_guard_published_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        -- A cascade from deleting the workflow runs after the workflow row is gone.
        IF OLD."publishedAt" IS NOT NULL
           AND EXISTS (SELECT 1 FROM workflows WHERE id = OLD.workflow_id) THEN
            RAISE EXCEPTION '{UNDELETABLE}'
                USING DETAIL = format('version id %s, number %s', OLD.id, OLD.version);
        END IF;
        RETURN OLD;
    END IF;
    IF OLD."publishedAt" IS NOT NULL AND ({_changed()}) THEN
        RAISE EXCEPTION '{IMMUTABLE}'
            USING DETAIL = format('version id %s, number %s', OLD.id, OLD.version);
    END IF;
    RETURN NEW;
END;
$$;
"""

PG_LATEST_FUNCTION = f"""
CREATE OR REPLACE FUNCTION flowdesk_check_draft_not_latest() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.is_latest AND NEW."publishedAt" IS NULL THEN
        RAISE EXCEPTION '{DRAFT_LATEST}' USING DETAIL = format('version id %s', NEW.id);
    END IF;
    RETURN NEW;
END;
$$;
"""

PG_STATEMENTS = (
    PG_GUARD_FUNCTION,
    PG_LATEST_FUNCTION,
    "CREATE TRIGGER flowdesk_published_version_guard BEFORE UPDATE OR DELETE "
    "ON workflow_versions FOR EACH ROW EXECUTE FUNCTION flowdesk_guard_published_version()",
    "CREATE TRIGGER flowdesk_draft_not_latest BEFORE INSERT OR UPDATE "
    "ON workflow_versions FOR EACH ROW EXECUTE FUNCTION flowdesk_check_draft_not_latest()",
)

SQLITE_STATEMENTS = (
    f"""CREATE TRIGGER flowdesk_published_version_no_update
    BEFORE UPDATE ON workflow_versions FOR EACH ROW
    WHEN OLD."publishedAt" IS NOT NULL AND ({_changed(op_="IS NOT")})
    BEGIN SELECT RAISE(ABORT, '{IMMUTABLE}'); END""",
    f"""CREATE TRIGGER flowdesk_published_version_no_delete
    BEFORE DELETE ON workflow_versions FOR EACH ROW
    WHEN OLD."publishedAt" IS NOT NULL
         AND EXISTS (SELECT 1 FROM workflows WHERE id = OLD.workflow_id)
    BEGIN SELECT RAISE(ABORT, '{UNDELETABLE}'); END""",
    f"""CREATE TRIGGER flowdesk_draft_not_latest_insert
    BEFORE INSERT ON workflow_versions FOR EACH ROW
    WHEN NEW.is_latest AND NEW."publishedAt" IS NULL
    BEGIN SELECT RAISE(ABORT, '{DRAFT_LATEST}'); END""",
    f"""CREATE TRIGGER flowdesk_draft_not_latest_update
    BEFORE UPDATE ON workflow_versions FOR EACH ROW
    WHEN NEW.is_latest AND NEW."publishedAt" IS NULL
    BEGIN SELECT RAISE(ABORT, '{DRAFT_LATEST}'); END""",
)


def upgrade() -> None:
    bind = op.get_bind()
    dialect = bind.dialect.name
    existing = set(sa.inspect(bind).get_table_names())
    _create_prisma_tables(existing, dialect)
    _create_flowdesk_tables()
    for statement in PG_STATEMENTS if dialect == "postgresql" else SQLITE_STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    """Removes Flowdesk's objects only; the Prisma tables and their data stay."""
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS flowdesk_published_version_guard ON workflow_versions")
        op.execute("DROP TRIGGER IF EXISTS flowdesk_draft_not_latest ON workflow_versions")
        op.execute("DROP FUNCTION IF EXISTS flowdesk_guard_published_version()")
        op.execute("DROP FUNCTION IF EXISTS flowdesk_check_draft_not_latest()")
    else:
        for name in (
            "flowdesk_published_version_no_update",
            "flowdesk_published_version_no_delete",
            "flowdesk_draft_not_latest_insert",
            "flowdesk_draft_not_latest_update",
        ):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_index("flowdesk_workflow_versions_summary_idx", table_name="workflow_versions")
    op.drop_index("flowdesk_one_latest_per_workflow", table_name="workflow_versions")
    op.drop_index("flowdesk_version_meta_based_on_id_idx", table_name="flowdesk_version_meta")
    op.drop_table("flowdesk_version_meta")
