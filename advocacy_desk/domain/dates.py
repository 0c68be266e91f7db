"""Dates as people in England write them: shown 22/11/2026, stored ISO."""

from __future__ import annotations

import re
from datetime import date

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UK = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_date(text: str) -> date:
    """Read YYYY-MM-DD or DD/MM/YYYY (UK order, never US).

    Raises ``ValueError`` with a message saying which forms are accepted.
    """
    value = text.strip()
    if m := _ISO.match(value):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := _UK.match(value):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
    else:
        raise ValueError(f'"{text}" is not a date: write it as DD/MM/YYYY, for example 22/11/2026')
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f'"{text}" is not a real date (day {day}, month {month})') from None


def format_uk(value: date | None) -> str:
    """22/11/2026, or an empty string for no date."""
    return value.strftime("%d/%m/%Y") if value else ""
