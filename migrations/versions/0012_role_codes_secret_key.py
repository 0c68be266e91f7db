"""accounts: the volunteer coordinator's role code is volunteer_coordinator (as the
command line and the docs spell it); a per-database secret key for keyed hashes

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 14:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("UPDATE staff_user SET role = 'volunteer_coordinator' WHERE role = 'coordinator'")
    # Empty: the key is made at the first write that needs it, so a copy to a server
    # (which refuses a target holding rows) still starts from an empty table.
    op.create_table(
        "secret_key",
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("value", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_secret_key")),
    )


def downgrade() -> None:
    op.drop_table("secret_key")
    op.execute("UPDATE staff_user SET role = 'coordinator' WHERE role = 'volunteer_coordinator'")
