"""Which workflows a workspace mirrors from which remote, so a pull notices remote deletions.

Owned by the sync subpackage (``flowdesk.storage.sync.deletions``): a pull's
high-water marks cannot see a deleted row, so it compares the remote's
workflow ids with the ones recorded here. ``deletedAt`` marks a workflow the
remote deleted while a local draft held edits (kept until the author publishes
it as a new workflow or discards it). In the ``flowdesk`` schema on
PostgreSQL; nothing of the Prisma schema changes.

Revision ID: 0004_mirrored_workflows
Revises: 0003_platform_fit
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004_mirrored_workflows"
down_revision = "0003_platform_fit"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime().with_variant(postgresql.TIMESTAMP(precision=3), "postgresql")


def _schema() -> str | None:
    return "flowdesk" if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    schema = _schema()
    remote = f"{schema}.flowdesk_remote.id" if schema else "flowdesk_remote.id"
    op.create_table(
        "flowdesk_mirrored_workflow",
        sa.Column("remote_id", sa.Text(), nullable=False),
        sa.Column("workflow_id", sa.Text(), nullable=False),
        sa.Column("deletedAt", TIMESTAMP, nullable=True),
        sa.PrimaryKeyConstraint(
            "remote_id", "workflow_id", name="flowdesk_mirrored_workflow_pkey"
        ),
        sa.ForeignKeyConstraint(
            ["remote_id"], [remote],
            name="flowdesk_mirrored_workflow_remote_id_fkey", ondelete="CASCADE",
        ),
        schema=schema,
    )


def downgrade() -> None:
    op.drop_table("flowdesk_mirrored_workflow", schema=_schema())
