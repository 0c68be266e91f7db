"""index person.updated_at, so the People search can tell cheaply whether anyone changed

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 00:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(op.f("ix_person_updated_at"), "person", ["updated_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_person_updated_at"), table_name="person")
