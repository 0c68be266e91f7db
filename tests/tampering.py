"""What someone with direct access to the database could do behind the app's back."""

from __future__ import annotations

from sqlalchemy import Engine


def tamper(engine: Engine, *statements: str) -> None:
    """Run ``statements`` with the audit trail's append-only triggers out of the way, as
    the file's owner (SQLite) or a database superuser (PostgreSQL) could."""
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("DROP TRIGGER audit_event_no_update")
            conn.exec_driver_sql("DROP TRIGGER audit_event_no_delete")
        else:
            conn.exec_driver_sql("ALTER TABLE audit_event DISABLE TRIGGER USER")
        for statement in statements:
            conn.exec_driver_sql(statement)
        if engine.dialect.name != "sqlite":
            conn.exec_driver_sql("ALTER TABLE audit_event ENABLE TRIGGER USER")
