"""waiting list: manager overrides on referrals, and the history of scores

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 01:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("referral") as batch:
        batch.add_column(sa.Column("override_points", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("override_reason", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "referral_score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("scored_on", sa.Date(), nullable=False),
        sa.Column("matrix_version", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("points", sa.Text(), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("incomplete", sa.Boolean(), nullable=False),
        sa.Column("event", sa.String(length=40), nullable=False),
        sa.Column("username", sa.String(length=60), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["referral_id"], ["referral.id"], name=op.f("fk_referral_score_referral_id_referral")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral_score")),
    )
    op.create_index(
        "ix_referral_score_referral_recorded",
        "referral_score",
        ["referral_id", "recorded_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_referral_score_referral_recorded", table_name="referral_score")
    op.drop_table("referral_score")
    with op.batch_alter_table("referral") as batch:
        batch.drop_column("override_reason")
        batch.drop_column("override_points")
