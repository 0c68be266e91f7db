"""What someone with direct access to the database could do behind the app's back."""

from __future__ import annotations

from sqlalchemy import Engine


def tamper(engine: Engine, *statements: str) -> None:
    """Run ``statements`` with the audit trail's append-only triggers out of the way, as
    the file's owner (SQLite) or a database superuser (PostgreSQL) could."""
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_event_no_update")
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_event_no_delete")
        else:
            conn.exec_driver_sql("ALTER TABLE audit_event DISABLE TRIGGER USER")
        for statement in statements:
            conn.exec_driver_sql(statement)
        if engine.dialect.name != "sqlite":
            conn.exec_driver_sql("ALTER TABLE audit_event ENABLE TRIGGER USER")


def rechain(engine: Engine, *statements: str) -> None:
    """Run ``statements`` behind the app's back, then recompute every event's hashes so
    the chain is whole again, as anyone who can write the database could: only a
    witness of the head kept elsewhere shows what happened."""
    from sqlalchemy import text

    from advocacy_desk.domain.audit_chain import GENESIS, event_hash

    tamper(engine, *statements)
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT id, occurred_at, username, action, entity, entity_id, details "
                 "FROM audit_event ORDER BY id")
        ).all()  # fmt: skip
    previous = GENESIS
    updates = []
    for event_id, moment, user, action, entity, entity_id, details in rows:
        if isinstance(moment, str):
            from datetime import datetime

            moment = datetime.fromisoformat(moment)
        digest = event_hash(previous, moment, user, action, entity, entity_id, details)
        updates.append(
            f"UPDATE audit_event SET prev_hash = '{previous}', hash = '{digest}' "
            f"WHERE id = {event_id}"
        )
        previous = digest
    tamper(engine, *updates)
