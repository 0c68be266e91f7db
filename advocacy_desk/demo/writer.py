"""Writing generated columns to the database with Core bulk inserts.

The generator works in columns (numpy arrays, dates as day ordinals, times as
seconds since 1970); this module turns each chunk into the row dictionaries
SQLAlchemy's ``executemany`` wants, converting by the column's own type, so no
builder has to remember which columns are dates.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

import numpy as np
from sqlalchemy import Connection, Date, DateTime, Table, insert

from advocacy_desk.db.models import Base
from advocacy_desk.db.sequences import advance_id_sequences
from advocacy_desk.demo.sampling import NO_DATE
from advocacy_desk.domain.progress import Progress as Progress

#: Column name -> values: a numpy array or a list (use a list for values that may be None).
Columns = dict[str, Any]

#: Rows per ``executemany``: big enough to amortise the call, small enough to report progress.
CHUNK = 20_000

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class TableRows:
    """Everything to insert into one table, as columns of equal length."""

    model: type[Base]
    columns: Columns
    label: str

    @property
    def table(self) -> Table:
        return cast(Table, self.model.__table__)

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()))) if self.columns else 0


def write_all(connection: Connection, tables: Sequence[TableRows], progress: Progress) -> None:
    total = max(sum(len(t) for t in tables), 1)
    done = 0
    for rows in tables:
        for chunk in _chunks(rows):
            connection.execute(insert(rows.table), chunk)
            done += len(chunk)
            progress(f"writing {rows.label}", done / total)
    advance_id_sequences(connection, [rows.table for rows in tables])


def _chunks(rows: TableRows) -> Iterator[list[dict[str, Any]]]:
    names = list(rows.columns)
    count = len(rows)
    for start in range(0, count, CHUNK):
        stop = min(start + CHUNK, count)
        values = [
            _python_values(rows.table, name, rows.columns[name][start:stop]) for name in names
        ]
        yield [dict(zip(names, row, strict=True)) for row in zip(*values, strict=True)]


def _python_values(table: Table, name: str, values: Any) -> list[Any]:
    """Plain Python values for the DBAPI: dates from ordinals, aware datetimes from seconds.

    A list may hold None for a missing value; an array uses NO_DATE for a missing date.
    """
    column_type = table.c[name].type
    plain: list[Any] = values.tolist() if isinstance(values, np.ndarray) else list(values)
    if isinstance(column_type, DateTime):
        return [None if s is None else _EPOCH + timedelta(seconds=s) for s in plain]
    if isinstance(column_type, Date):
        return _dates(plain)
    return plain


def _dates(ordinals: list[int | None]) -> list[date | None]:
    """Dates from ordinals, building each distinct date once (a million rows share a few
    thousand dates)."""
    by_ordinal: dict[int | None, date | None] = {None: None, NO_DATE: None}
    result: list[date | None] = []
    for value in ordinals:
        if value not in by_ordinal:
            by_ordinal[value] = date.fromordinal(value)  # type: ignore[arg-type]
        result.append(by_ordinal[value])
    return result
