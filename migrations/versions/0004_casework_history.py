"""casework: earlier versions of edited activities, and case open/close/reopen events

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 01:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "activity_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("travel_minutes", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("replaced_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("replaced_by", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activity.id"], name=op.f("fk_activity_revision_activity_id_activity")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_revision")),
    )
    op.create_index(op.f("ix_activity_revision_activity_id"), "activity_revision", ["activity_id"])
    op.create_table(
        "case_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("event", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("username", sa.String(length=60), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["advocacy_case.id"], name=op.f("fk_case_event_case_id_advocacy_case")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_event")),
    )
    op.create_index(op.f("ix_case_event_case_id"), "case_event", ["case_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_case_event_case_id"), table_name="case_event")
    op.drop_table("case_event")
    op.drop_index(op.f("ix_activity_revision_activity_id"), table_name="activity_revision")
    op.drop_table("activity_revision")
