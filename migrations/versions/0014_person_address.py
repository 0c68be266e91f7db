"""a person's postal address (lines and town, beside the postcode) for letters

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 17:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Everyone recorded before has no address: blank, as the form leaves it.
    with op.batch_alter_table("person") as batch:
        batch.add_column(
            sa.Column("address_line_one", sa.String(100), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("address_line_two", sa.String(100), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("town", sa.String(60), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.drop_column("town")
        batch.drop_column("address_line_two")
        batch.drop_column("address_line_one")
