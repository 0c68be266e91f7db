"""audit trail: each event chained to the one before by a hash; append-only

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25 04:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from advocacy_desk.domain.audit_chain import GENESIS, event_hash

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: SQLite refuses any change to a recorded event, or its removal.
TRIGGERS = (
    "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event BEGIN "
    "SELECT RAISE(ABORT, 'the audit trail is append-only: events cannot be changed'); END",
    "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event BEGIN "
    "SELECT RAISE(ABORT, 'the audit trail is append-only: events cannot be removed'); END",
)

#: PostgreSQL likewise, TRUNCATE included, as an integrity violation (SQLSTATE 23000) so
#: the driver reports it as SQLite's refusal is reported.
POSTGRESQL_TRIGGERS = (
    "CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION 'the audit trail is append-only: events cannot be %', "
    "CASE TG_OP WHEN 'UPDATE' THEN 'changed' ELSE 'removed' END "
    "USING ERRCODE = 'integrity_constraint_violation'; END $$",
    "CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event "
    "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()",
    "CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()",
)


def upgrade() -> None:
    with op.batch_alter_table("audit_event") as batch:
        batch.add_column(sa.Column("prev_hash", sa.String(64), nullable=False, server_default=""))
        batch.add_column(sa.Column("hash", sa.String(64), nullable=False, server_default=""))
    conn = op.get_bind()
    events = sa.table(
        "audit_event", sa.column("id"), sa.column("occurred_at", sa.DateTime()),
        sa.column("username"), sa.column("action"), sa.column("entity"),
        sa.column("entity_id"), sa.column("details"), sa.column("prev_hash"),
        sa.column("hash"),
    )  # fmt: skip
    previous = GENESIS
    rows = conn.execute(sa.select(events).order_by(events.c.id)).mappings().all()
    for row in rows:  # the events recorded before the chain, chained in order
        digest = event_hash(previous, row["occurred_at"], row["username"], row["action"],
                            row["entity"], row["entity_id"], row["details"])  # fmt: skip
        conn.execute(
            events.update().where(events.c.id == row["id"]).values(prev_hash=previous, hash=digest)
        )
        previous = digest
    if conn.dialect.name == "sqlite":
        for trigger in TRIGGERS:
            op.execute(trigger)
    elif conn.dialect.name == "postgresql":
        for trigger in POSTGRESQL_TRIGGERS:
            op.execute(trigger)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
    elif op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_update ON audit_event")
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event")
        op.execute("DROP FUNCTION IF EXISTS audit_event_append_only()")
    with op.batch_alter_table("audit_event") as batch:
        batch.drop_column("hash")
        batch.drop_column("prev_hash")
