"""citizen advocacy: when each volunteer was last supervised

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 02:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("volunteer") as batch:
        batch.add_column(sa.Column("supervised_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("volunteer") as batch:
        batch.drop_column("supervised_on")
