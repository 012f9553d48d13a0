"""Sync bookkeeping of a workspace: the remotes it knows and per-table pull high-water marks.

Owned by the sync subpackage (``flowdesk.storage.sync.tables``). Only
``flowdesk_*`` tables; nothing of the Prisma schema changes. No column holds a
password.

Revision ID: 0002_sync
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002_sync"
down_revision = "0001"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime().with_variant(postgresql.TIMESTAMP(precision=3), "postgresql")
NOW = sa.text("CURRENT_TIMESTAMP")


def upgrade() -> None:
    op.create_table(
        "flowdesk_remote",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("createdAt", TIMESTAMP, server_default=NOW, nullable=False),
        sa.Column("lastPullAt", TIMESTAMP, nullable=True),
        sa.Column("lastPublishAt", TIMESTAMP, nullable=True),
        sa.PrimaryKeyConstraint("id", name="flowdesk_remote_pkey"),
    )
    op.create_index("flowdesk_remote_url_key", "flowdesk_remote", ["url"], unique=True)
    op.create_table(
        "flowdesk_sync_state",
        sa.Column("remote_id", sa.Text(), nullable=False),
        sa.Column("table_name", sa.Text(), nullable=False),
        sa.Column("highWater", TIMESTAMP, nullable=True),
        sa.Column("highWaterId", sa.Text(), nullable=True),
        sa.Column("rows_pulled", sa.Integer(), server_default="0", nullable=False),
        sa.Column("updatedAt", TIMESTAMP, server_default=NOW, nullable=False),
        sa.PrimaryKeyConstraint("remote_id", "table_name", name="flowdesk_sync_state_pkey"),
        sa.ForeignKeyConstraint(
            ["remote_id"], ["flowdesk_remote.id"],
            name="flowdesk_sync_state_remote_id_fkey", ondelete="CASCADE",
        ),
    )


def downgrade() -> None:
    op.drop_table("flowdesk_sync_state")
    op.drop_index("flowdesk_remote_url_key", table_name="flowdesk_remote")
    op.drop_table("flowdesk_remote")
