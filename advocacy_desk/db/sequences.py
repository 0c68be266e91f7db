"""PostgreSQL's id sequences after rows were written with their ids given."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, Table, func, select, text


def advance_id_sequences(connection: Connection, tables: Iterable[Table]) -> None:
    """Move each table's ``id`` sequence past the highest id: PostgreSQL does not do it
    for explicit ids, so the next record the app adds would collide with a copied one.
    Nothing to do on SQLite, whose next id is always past the highest."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables:
        if "id" not in table.c or not table.c.id.autoincrement:
            continue
        highest = connection.scalar(select(func.max(table.c.id)))
        connection.execute(
            text("SELECT setval(pg_get_serial_sequence(:table, 'id'), :value, :called)"),
            {"table": table.name, "value": highest or 1, "called": highest is not None},
        )
