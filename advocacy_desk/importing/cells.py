"""Reading one spreadsheet cell: a value of the right type, or ``CellError`` saying
what is wrong and how to write it.

CSV cells arrive as text; Excel cells may also be numbers, dates or booleans, and
each reader accepts those too. Text is kept exactly as given apart from surrounding
spaces: nothing is evaluated (a cell starting with "=" is stored as that text).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from advocacy_desk.domain.casework import parse_duration
from advocacy_desk.domain.dates import parse_date
from advocacy_desk.domain.text import control_character_problem
from advocacy_desk.domain.vocabulary import UnknownCode, Vocabulary

#: The longest text any cell may hold (a long casework note is under 20,000).
MAX_CELL = 20_000
#: Beyond any duration (a week is 10,080 minutes): a number past it is refused as it is
#: read, before it reaches a rule or the database.
MAX_MINUTES = 99_999
#: Yes/no answers, as spreadsheets write them.
YES = frozenset({"yes", "y", "true", "1"})
NO = frozenset({"no", "n", "false", "0"})

Reader = Callable[[Any], Any]


class CellError(ValueError):
    """A cell that cannot be read: the message says what is wrong and what to write."""


def as_text(value: object) -> str:
    """A cell as text: whole numbers from Excel without ".0", dates as DD/MM/YYYY."""
    if type(value) is str:  # nearly every cell: the quick way first
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def shown(value: object) -> str:
    """A cell as a message quotes it: a 400-digit number is named, not printed."""
    text = as_text(value)
    return text if len(text) <= 30 else f"{text[:20]}… ({len(text):,} characters)"


def is_blank(value: object) -> bool:
    return as_text(value) == ""


def text(limit: int = MAX_CELL) -> Reader:
    def read(value: object) -> str:
        result = as_text(value)
        if len(result) > limit:
            raise CellError(f"too long: {len(result):,} characters, at most {limit:,}")
        problem = control_character_problem(result)
        if problem:
            raise CellError(problem)
        return result

    return read


def read_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return parse_date(as_text(value))
    except ValueError as exc:
        real = "not a real date" in str(exc)  # else the form is wrong: say both forms
        raise CellError(str(exc) if real else f"{exc} (or YYYY-MM-DD)") from None


def yes_no(value: object) -> bool:
    word = as_text(value).casefold()
    if word in YES:
        return True
    if word in NO:
        return False
    raise CellError(
        f'"{as_text(value)}" is not yes or no: write yes, no, y, n, true, false, 1 or 0'
    )


def code(vocabulary: Vocabulary) -> Reader:
    """A code of ``vocabulary``, given as the code or its label, any case."""

    def read(value: object) -> str:
        given = as_text(value)
        try:
            return vocabulary.parse(given)
        except UnknownCode as exc:
            try:  # "needs assessment" or "needs-assessment" for needs_assessment
                return vocabulary.parse("_".join(given.replace("-", " ").split()))
            except UnknownCode:
                raise CellError(str(exc)) from None

    return read


def split(value: object) -> list[str]:
    """A list separated by ";" (a "," is read the same), blanks dropped."""
    return [part.strip() for part in as_text(value).replace(",", ";").split(";") if part.strip()]


def codes(vocabulary: Vocabulary) -> Reader:
    """Several codes of ``vocabulary`` separated by ";", each a code or a label."""
    one = code(vocabulary)

    def read(value: object) -> frozenset[str]:
        return frozenset(one(part) for part in split(value))

    return read


def whole(low: int, high: int) -> Reader:
    def read(value: object) -> int:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        try:
            number = int(as_text(value))
        except ValueError:  # also for more than 4,300 digits: Python's own limit
            raise CellError(f'"{shown(value)}" is not a whole number') from None
        if not low <= number <= high:
            raise CellError(f"{shown(number)} is out of range: give {low} to {high:,}")
        return number

    return read


def number(low: float, high: float) -> Reader:
    def read(value: object) -> float:
        try:
            result = float(as_text(value))
        except (ValueError, OverflowError):
            raise CellError(f'"{shown(value)}" is not a number') from None
        if not low <= result <= high:  # also inf (1e400) and nan
            raise CellError(f"{shown(value)} is out of range: give {low:g} to {high:,.0f}")
        return result

    return read


def minutes(value: object) -> int:
    """A duration: minutes (45) or hours:minutes (1:30), or an Excel time."""
    if isinstance(value, time):
        return value.hour * 60 + value.minute
    if isinstance(value, float) and not math.isfinite(value):  # 1e400 in a workbook
        raise CellError(f'"{shown(value)}" is not a duration: write minutes (45) or '
                        "hours:minutes (1:30)")  # fmt: skip
    if isinstance(value, int | float) and not isinstance(value, bool) and value == int(value):
        if not -MAX_MINUTES <= value <= MAX_MINUTES:  # a 400-digit number, say
            raise CellError(f"{shown(value)} minutes is not a duration: write minutes (45) or "
                            "hours:minutes (1:30)")  # fmt: skip
        return int(value)
    try:
        return parse_duration(as_text(value))
    except ValueError:
        raise CellError(f'"{shown(value)}" is not a duration: write minutes (45) or '
                        "hours:minutes (1:30)") from None  # fmt: skip
