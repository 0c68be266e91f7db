"""Financial-year quarters, as local authorities count them.

Q1 is April to June, Q2 July to September, Q3 October to December, Q4 January to March
of the following calendar year: "2026/27 Q2" is 1 July to 30 September 2026.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_CODE = re.compile(r"^\s*(\d{4})/(\d{2})[-\s]?Q([1-4])\s*$", re.IGNORECASE)
_FIRST_MONTH = {1: 4, 2: 7, 3: 10, 4: 1}


@dataclass(frozen=True, order=True)
class Quarter:
    """A quarter of the financial year that starts on 1 April ``year``."""

    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """Read "2026/27-Q2" (also "2026/27 Q2"). Raises ``ValueError`` saying how."""
        m = _CODE.match(text)
        if m is None or (int(m[1]) + 1) % 100 != int(m[2]):
            raise ValueError(
                f'"{text}" is not a quarter: write the financial year and quarter like '
                "2026/27-Q2 (Q1 April-June, Q2 July-September, Q3 October-December, "
                "Q4 January-March)"
            )
        return cls(int(m[1]), int(m[3]))

    @classmethod
    def of(cls, day: date) -> Quarter:
        """The quarter ``day`` falls in."""
        year = day.year if day.month >= 4 else day.year - 1
        return cls(year, (day.month - 4) % 12 // 3 + 1)

    @property
    def code(self) -> str:
        return f"{self.year}/{(self.year + 1) % 100:02d}-Q{self.number}"

    @property
    def label(self) -> str:
        return f"{self.year}/{(self.year + 1) % 100:02d} Q{self.number}"

    @property
    def start(self) -> date:
        month = _FIRST_MONTH[self.number]
        return date(self.year + (1 if self.number == 4 else 0), month, 1)

    @property
    def end(self) -> date:
        return self.next().start - timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def next(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def __str__(self) -> str:
        return self.label
