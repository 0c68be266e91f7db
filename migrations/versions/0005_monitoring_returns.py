"""saved quarterly monitoring returns

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 01:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "monitoring_return",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.String(length=12), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("suppressed", sa.Boolean(), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.Column("narrative", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=60), nullable=False),
        sa.Column("exported_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("exported_as", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"], ["contract.id"], name=op.f("fk_monitoring_return_contract_id_contract")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_monitoring_return")),
    )
    op.create_index(op.f("ix_monitoring_return_quarter"), "monitoring_return", ["quarter"])


def downgrade() -> None:
    op.drop_index(op.f("ix_monitoring_return_quarter"), table_name="monitoring_return")
    op.drop_table("monitoring_return")
