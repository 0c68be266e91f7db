"""waiting list: the statutory flag and manager overrides on referrals, and the history
of scores

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
        batch.add_column(
            sa.Column("statutory", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("override_points", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("override_reason", sa.Text(), nullable=False, server_default=""))
    _work_out_statutory()
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


def _work_out_statutory() -> None:
    """Set the new flag on every referral already recorded, by the domain's own rule."""
    from advocacy_desk.domain.eligibility import gate_met, is_statutory
    from advocacy_desk.domain.vocabulary import SUBSTANTIAL_DIFFICULTY

    referral = sa.table(
        "referral",
        sa.column("id", sa.Integer()),
        sa.column("statutory", sa.Boolean()),
        sa.column("advocacy_type", sa.String()),
        sa.column("care_act_process", sa.String()),
        sa.column("appropriate_individual", sa.String()),
        sa.column("gate_exception", sa.String()),
        *(sa.column(f"difficulty_{code}", sa.Boolean()) for code in SUBSTANTIAL_DIFFICULTY.codes),
    )
    connection = op.get_bind()
    statutory_ids = [
        row.id
        for row in connection.execute(sa.select(referral))
        if is_statutory(
            row.advocacy_type,
            gate_met(
                row.care_act_process,
                [c for c in SUBSTANTIAL_DIFFICULTY.codes if getattr(row, f"difficulty_{c}")],
                row.appropriate_individual,
                row.gate_exception,
            ),
        )
    ]
    for start in range(0, len(statutory_ids), 500):
        connection.execute(
            referral.update()
            .where(referral.c.id.in_(statutory_ids[start : start + 500]))
            .values(statutory=True)
        )


def downgrade() -> None:
    op.drop_index("ix_referral_score_referral_recorded", table_name="referral_score")
    op.drop_table("referral_score")
    with op.batch_alter_table("referral") as batch:
        batch.drop_column("override_reason")
        batch.drop_column("override_points")
        batch.drop_column("statutory")
