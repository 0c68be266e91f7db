"""consent and the parties information is shared with; the advocate's reports and what
was sent; letters made from templates; the diary

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-25 07:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TZ = sa.DateTime(timezone=True)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def upgrade() -> None:
    op.create_table(
        "party",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(40), nullable=False),
        sa.Column("organisation", sa.String(200), nullable=False),
        sa.Column("created_at", _TZ, nullable=False),
        _fk("party", "person_id", "person"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party")),
    )
    op.create_index(op.f("ix_party_person_id"), "party", ["person_id"])
    op.create_table(
        "consent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=True),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("how", sa.String(40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(60), nullable=False),
        sa.Column("recorded_at", _TZ, nullable=False),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.Column("withdrawn_reason", sa.Text(), nullable=False),
        sa.Column("withdrawn_by", sa.String(60), nullable=False),
        _fk("consent", "person_id", "person"),
        _fk("consent", "party_id", "party"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent")),
    )
    op.create_index(op.f("ix_consent_person_id"), "consent", ["person_id"])
    op.create_index(op.f("ix_consent_party_id"), "consent", ["party_id"])
    op.create_table(
        "consent_attachment",
        sa.Column("consent_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        _fk("consent_attachment", "consent_id", "consent"),
        sa.PrimaryKeyConstraint("consent_id", name=op.f("pk_consent_attachment")),
    )
    op.create_table(
        "advocate_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("about", sa.Text(), nullable=False),
        sa.Column("decision_maker", sa.String(200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        *(
            sa.Column(name, sa.Text(), nullable=False)
            for name in (
                "wishes_feelings",
                "beliefs_values",
                "options",
                "views_of_others",
                "concerns",
                "recommendations",
            )
        ),
        sa.Column("status", sa.String(40), nullable=False),
        sa.Column("created_by", sa.String(60), nullable=False),
        sa.Column("created_at", _TZ, nullable=False),
        sa.Column("updated_at", _TZ, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["advocacy_case.id"],
            name=op.f("fk_advocate_report_case_id_advocacy_case"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_advocate_report")),
        sa.UniqueConstraint("case_id", "number", name=op.f("uq_advocate_report_case_id")),
    )
    op.create_index(op.f("ix_advocate_report_case_id"), "advocate_report", ["case_id"])
    op.create_index(op.f("ix_advocate_report_due_on"), "advocate_report", ["due_on"])
    op.create_table(
        "report_sending",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("sent_to", sa.String(300), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("sent_by", sa.String(60), nullable=False),
        sa.Column("sent_at", _TZ, nullable=False),
        _fk("report_sending", "report_id", "advocate_report"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_sending")),
    )
    op.create_index(op.f("ix_report_sending_report_id"), "report_sending", ["report_id"])
    op.create_table(
        "letter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("template", sa.String(200), nullable=False),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=True),
        sa.Column("no_consent_reason", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(60), nullable=False),
        sa.Column("created_at", _TZ, nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["advocacy_case.id"], name=op.f("fk_letter_case_id_advocacy_case")
        ),
        _fk("letter", "party_id", "party"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter")),
    )
    op.create_index(op.f("ix_letter_case_id"), "letter", ["case_id"])
    op.create_table(
        "appointment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("advocate_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("place", sa.String(300), nullable=False),
        sa.Column("attendees", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(60), nullable=False),
        sa.Column("created_at", _TZ, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["advocacy_case.id"],
            name=op.f("fk_appointment_case_id_advocacy_case"),
        ),
        sa.ForeignKeyConstraint(
            ["advocate_id"],
            ["staff_user.id"],
            name=op.f("fk_appointment_advocate_id_staff_user"),
        ),
        _fk("appointment", "activity_id", "activity"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointment")),
    )
    op.create_index(op.f("ix_appointment_case_id"), "appointment", ["case_id"])
    op.create_index("ix_appointment_advocate_starts", "appointment", ["advocate_id", "starts_at"])


def downgrade() -> None:
    for table in (
        "appointment",
        "letter",
        "report_sending",
        "advocate_report",
        "consent_attachment",
        "consent",
        "party",
    ):
        op.drop_table(table)
