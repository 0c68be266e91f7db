"""citizen advocacy: partner matching profiles

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 02:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "partner_profile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("interests", sa.Text(), nullable=False),
        sa.Column("languages", sa.Text(), nullable=False),
        sa.Column("required_language", sa.String(length=60), nullable=False),
        sa.Column("preferred_sex", sa.String(length=40), nullable=False),
        sa.Column("sex_required", sa.Boolean(), nullable=False),
        sa.Column("available_days", sa.String(length=40), nullable=False),
        sa.Column("has_pets", sa.Boolean(), nullable=False),
        sa.Column("smoke_free_required", sa.Boolean(), nullable=False),
        sa.Column("other_requirement", sa.Text(), nullable=False),
        sa.Column("ideal_advocate", sa.Text(), nullable=False),
        sa.Column("waiting_since", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_partner_profile_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_profile")),
        sa.UniqueConstraint("person_id", name=op.f("uq_partner_profile_person_id")),
    )


def downgrade() -> None:
    op.drop_table("partner_profile")
