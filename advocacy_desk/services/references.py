"""Finding a record by the reference a person typed (``--person``, ``--case``).

References are data: ``P000123`` made here, or ``CA/2023/045`` and ``ca-17`` carried
over from an old system by an import, kept exactly as given. A typed reference finds
the record written exactly so, else the one written so in capitals (``p000123`` finds
``P000123``), else one that differs only in letter case (``CA/2023/045`` finds
``ca/2023/045``).
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select, func
from sqlalchemy.orm import InstrumentedAttribute, Session

T = TypeVar("T")


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
