"""accounts: sign-in lockout; data protection: anonymised people and retention holds

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25 06:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("staff_user") as batch:
        batch.add_column(
            sa.Column("failed_sign_ins", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("last_sign_in_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "retention_hold",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("review_on", sa.Date(), nullable=True),
        sa.Column("held_by", sa.String(60), nullable=False),
        sa.Column("held_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_retention_hold_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_hold")),
        sa.UniqueConstraint("person_id", name=op.f("uq_retention_hold_person_id")),
    )


def downgrade() -> None:
    op.drop_table("retention_hold")
    with op.batch_alter_table("person") as batch:
        batch.drop_column("anonymised_at")
    with op.batch_alter_table("staff_user") as batch:
        batch.drop_column("last_sign_in_at")
        batch.drop_column("locked_until")
        batch.drop_column("failed_sign_ins")
