"""citizen advocacy: the times of day each volunteer is usually free

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25 03:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("volunteer") as batch:
        batch.add_column(
            sa.Column("available_times", sa.String(40), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("volunteer") as batch:
        batch.drop_column("available_times")
