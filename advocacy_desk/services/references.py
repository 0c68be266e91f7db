"""References in the database: the next free one for a new record (the format is
``domain.references``), and finding a record by the reference a person typed
(``--person``, ``--case``).

References are data: ``P000123`` made here, or ``CA/2023/045`` and ``ca-17`` carried
over from an old system by an import, kept exactly as given. A typed reference finds
the record written exactly so, else the one written so in capitals (``p000123`` finds
``P000123``), else one that differs only in letter case (``CA/2023/045`` finds
``ca/2023/045``).
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from advocacy_desk.domain.references import first_free

T = TypeVar("T")


def next_ref(session: Session, column: InstrumentedAttribute[str], prefix: str) -> str:
    """The next free reference such as P000124: one past the table's highest id, moved on
    past any reference already taken (imported records bring their own)."""
    table = column.class_
    number = (session.scalar(select(func.max(table.id))) or 0) + 1
    return first_free(
        prefix, number, lambda ref: session.scalar(select(column).where(column == ref)) is not None
    )


def find_by_reference(
    session: Session, query: Select[T], column: InstrumentedAttribute[Any], typed: str
) -> T | None:
    """The first of ``query``'s results whose ``column`` is the reference ``typed``."""
    given = typed.strip()
    for condition in (column == given, column == given.upper(),
                      func.upper(column) == given.upper()):  # fmt: skip
        found = session.scalar(query.where(condition).limit(1))
        if found is not None:
            return found
    return None
