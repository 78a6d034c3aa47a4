"""work queue for several `tragac worker` processes on one PostgreSQL store

Revision ID: 0005
Revises: 0001
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql, sqlite

import tragac.store.base

revision: str = "0005"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "work_batch",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("stage", sa.String(length=64), nullable=False),
        sa.Column("first_id", sa.BigInteger(), nullable=False),
        sa.Column("last_id", sa.BigInteger(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("lease_owner", sa.String(length=128), nullable=True),
        sa.Column("lease_expires_at", tragac.store.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", tragac.store.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("done_at", tragac.store.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("done_by", sa.String(length=128), nullable=True),
        sa.Column(
            "result",
            sa.JSON()
            .with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
            .with_variant(sqlite.JSON(), "sqlite"),
            nullable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_batch")),
        sa.UniqueConstraint("stage", "first_id", name=op.f("uq_work_batch_stage_first_id")),
    )
    with op.batch_alter_table("work_batch", schema=None) as batch_op:
        batch_op.create_index("ix_work_batch_stage_status", ["stage", "status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("work_batch", schema=None) as batch_op:
        batch_op.drop_index("ix_work_batch_stage_status")
    op.drop_table("work_batch")
