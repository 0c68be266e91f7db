"""Dates as people in England write them: shown 22/11/2026, stored ISO."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

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


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later (28 February for 29 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def contract_year(starts_on: date, ends_on: date, on: date) -> tuple[date, date]:
    """The contract year holding ``on``: from the latest anniversary of the start on or
    before it, to the day before the next (or the contract's end, if sooner)."""
    start = starts_on
    while add_years(start, 1) <= on:
        start = add_years(start, 1)
    return start, min(add_years(start, 1) - timedelta(days=1), ends_on)


def stored_utc(moment: datetime) -> datetime:
    """A stored time as an aware UTC time: SQLite gives it back without its zone,
    PostgreSQL in the connection's zone."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def month_code(year: int, month: int) -> str:
    """A calendar month as the forecast names it: "2027-01"."""
    return f"{year:04d}-{month:02d}"


def months_after(day: date, count: int) -> list[tuple[int, int]]:
    """The ``count`` calendar months after the month of ``day``, as (year, month)."""
    index = day.year * 12 + day.month  # the month after, counting from 0
    return [(year, zero_based + 1) for year, zero_based in
            (divmod(index + n, 12) for n in range(count))]  # fmt: skip
