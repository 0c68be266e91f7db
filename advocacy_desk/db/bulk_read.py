"""Reading many rows at once, for the few queries where SQLAlchemy's result handling is
the cost (ranking 100,000 waiting referrals, say).

:func:`plain_rows` compiles a Core ``select`` for the connection's dialect, with its
parameters written in as literals, and runs it on the driver's own cursor: the rows come
back as the driver's plain tuples, with no result processing. So columns come as the
driver gives them: select dates as :class:`day_number` integers, and read booleans as
truthy values.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Integer, Select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


def plain_rows(connection: Connection, query: Select[Any]) -> list[tuple[Any, ...]]:
    sql = str(query.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql)
        rows: list[tuple[Any, ...]] = list(cursor.fetchall())
    finally:
        cursor.close()
    return rows


class day_number(FunctionElement[int]):  # noqa: N801 (an SQL function, named as one)
    """A date as its day number, Python's ``date.toordinal()``, computed in the database,
    so that many dates arrive as plain integers instead of text to parse."""

    type = Integer()
    inherit_cache = True


@compiles(day_number, "sqlite")
def _day_number_sqlite(element: day_number, compiler: SQLCompiler, **kw: Any) -> str:
    # julianday('0001-01-01') is 1721425.5 and that day's ordinal is 1.
    (column,) = element.clauses
    return f"CAST(julianday({compiler.process(column, **kw)}) - 1721424.5 AS INTEGER)"


@compiles(day_number, "postgresql")
def _day_number_postgresql(element: day_number, compiler: SQLCompiler, **kw: Any) -> str:
    (column,) = element.clauses
    return f"(({compiler.process(column, **kw)}) - DATE '0001-01-01' + 1)"
