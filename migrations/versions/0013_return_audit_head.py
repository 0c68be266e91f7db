"""the audit trail's head recorded with each saved monitoring return

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 14:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("monitoring_return") as batch:
        batch.add_column(sa.Column("audit_events", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("audit_head", sa.String(64), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("monitoring_return") as batch:
        batch.drop_column("audit_head")
        batch.drop_column("audit_events")
