"""The rows of a monitoring return, and small-number suppression.

A return is a list of :class:`FigureRow`: ``section, measure, category, value, base`` as
the CSV gives them. Suppression protects people in published returns: counts of 1 to 4
show as "<5"; a percentage whose base is under 5 is withheld; and where one cell of a
breakdown is suppressed, the next smallest non-zero one is suppressed too, so that it
cannot be worked out from the total (when every other cell is 0 there is none: the
total is then the same small number, suppressed itself).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

Kind = Literal["count", "percent", "days", "hours"]

SMALL = 5
SUPPRESSED = "<5"
WITHHELD = ""


@dataclass(frozen=True)
class FigureRow:
    section: str
    measure: str
    category: str
    value: int | Decimal | None
    base: int | None = None
    kind: Kind = "count"
    #: Set by :func:`suppress`: what to print instead of the value.
    shown: str | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.section, self.measure, self.category)

    @property
    def text(self) -> str:
        """The value as the return prints it."""
        if self.shown is not None:
            return self.shown
        if self.value is None:
            return ""
        if isinstance(self.value, Decimal):
            return f"{self.value:.1f}" if self.kind != "days" else _days(self.value)
        return str(self.value)

    @property
    def base_text(self) -> str:
        return "" if self.base is None else str(self.base)


def _days(value: Decimal) -> str:
    return str(int(value)) if value == value.to_integral_value() else f"{value:.1f}"


def suppress(rows: Sequence[FigureRow]) -> list[FigureRow]:
    """The rows with small numbers suppressed (see the module's rules)."""
    out = [_primary(row) for row in rows]
    breakdowns: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, row in enumerate(out):
        if row.kind == "count" and row.category != "total":
            breakdowns[(row.section, row.measure)].append(index)
    for indexes in breakdowns.values():
        hidden = [i for i in indexes if out[i].shown == SUPPRESSED]
        if len(hidden) != 1:
            continue
        shown = [i for i in indexes if out[i].shown is None and (out[i].value or 0) > 0]
        if shown:
            smallest = min(shown, key=lambda i: (out[i].value or 0, i))
            out[smallest] = replace(out[smallest], shown=SUPPRESSED)
    return out


def _primary(row: FigureRow) -> FigureRow:
    if row.kind == "count" and isinstance(row.value, int) and 0 < row.value < SMALL:
        return replace(row, shown=SUPPRESSED)
    if row.kind == "percent" and row.base is not None and row.base < SMALL:
        return replace(row, shown=WITHHELD)
    return row
