"""review feedback into matching (issue 15): robust fingerprints, negative banks, quarantine, feedback

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql, sqlite

import tragac.store.base

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "media_robust",
        sa.Column("media_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "windows",
            sa.JSON()
            .with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
            .with_variant(sqlite.JSON(), "sqlite"),
            nullable=False,
        ),
        sa.Column("local_features", sa.LargeBinary(), nullable=False),
        sa.Column("computed_at", tragac.store.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["media_id"], ["media.id"], name=op.f("fk_media_robust_media_id_media"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("media_id", name=op.f("pk_media_robust")),
    )
    op.create_table(
        "entry_quarantine",
        sa.Column("entry_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("media_count", sa.Integer(), nullable=False),
        sa.Column("max_media", sa.Integer(), nullable=False),
        sa.Column("window_hours", sa.Float(), nullable=False),
        sa.Column("held_media", sa.Integer(), nullable=False),
        sa.Column("held_at", tragac.store.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=128), nullable=True),
        sa.Column("decided_at", tragac.store.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["bank_entry.id"], name=op.f("fk_entry_quarantine_entry_id_bank_entry"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("entry_id", name=op.f("pk_entry_quarantine")),
    )
    op.create_index(op.f("ix_entry_quarantine_state"), "entry_quarantine", ["state"], unique=False)
    op.create_table(
        "entry_robust",
        sa.Column("entry_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "windows",
            sa.JSON()
            .with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
            .with_variant(sqlite.JSON(), "sqlite"),
            nullable=False,
        ),
        sa.Column("local_features", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["bank_entry.id"], name=op.f("fk_entry_robust_entry_id_bank_entry"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("entry_id", name=op.f("pk_entry_robust")),
    )
    op.create_table(
        "entry_feedback",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("entry_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("opinion", sa.String(length=16), nullable=False),
        sa.Column("media_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("flag_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("reviewer", sa.String(length=128), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("at", tragac.store.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["bank_entry.id"], name=op.f("fk_entry_feedback_entry_id_bank_entry"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["flag_id"], ["flag.id"], name=op.f("fk_entry_feedback_flag_id_flag"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["media_id"], ["media.id"], name=op.f("fk_entry_feedback_media_id_media"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entry_feedback")),
    )
    op.create_index(op.f("ix_entry_feedback_entry_id"), "entry_feedback", ["entry_id"], unique=False)
    op.create_table(
        "negative_entry",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("organisation", sa.String(length=128), nullable=False),
        sa.Column("entry_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("media_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("md5", sa.String(length=32), nullable=True),
        sa.Column("pdq", sa.String(length=64), nullable=True),
        sa.Column("pdq_quality", sa.Integer(), nullable=True),
        sa.Column("flag_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("added_by", sa.String(length=128), nullable=True),
        sa.Column("added_at", tragac.store.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["bank_entry.id"], name=op.f("fk_negative_entry_entry_id_bank_entry"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["flag_id"], ["flag.id"], name=op.f("fk_negative_entry_flag_id_flag"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["media_id"], ["media.id"], name=op.f("fk_negative_entry_media_id_media"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_negative_entry")),
    )
    op.create_index("ix_negative_entry_org_entry", "negative_entry", ["organisation", "entry_id"], unique=False)
    op.add_column("bank", sa.Column("robust", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column("bank", sa.Column("robust_candidate_threshold", sa.Integer(), server_default="60", nullable=False))
    op.add_column("bank", sa.Column("robust_min_inliers", sa.Integer(), server_default="12", nullable=False))
    op.add_column(
        "match",
        sa.Column(
            "explain",
            sa.JSON()
            .with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
            .with_variant(sqlite.JSON(), "sqlite"),
            nullable=True,
        ),
    )


def downgrade() -> None:
    with op.batch_alter_table("match", schema=None) as batch_op:
        batch_op.drop_column("explain")
    with op.batch_alter_table("bank", schema=None) as batch_op:
        batch_op.drop_column("robust_min_inliers")
        batch_op.drop_column("robust_candidate_threshold")
        batch_op.drop_column("robust")
    op.drop_index("ix_negative_entry_org_entry", table_name="negative_entry")
    op.drop_table("negative_entry")
    op.drop_index(op.f("ix_entry_feedback_entry_id"), table_name="entry_feedback")
    op.drop_table("entry_feedback")
    op.drop_table("entry_robust")
    op.drop_index(op.f("ix_entry_quarantine_state"), table_name="entry_quarantine")
    op.drop_table("entry_quarantine")
    op.drop_table("media_robust")
