"""Small vectorised helpers: weighted code draws and dates held as day ordinals.

The generator keeps every date as an ``int64`` day ordinal (``date.toordinal()``)
in numpy arrays, with 0 meaning "no date", so that a million activity dates are
one array operation rather than a million ``date`` objects; the writer turns
them into ``date`` objects only as rows go to the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np

from advocacy_desk.domain.vocabulary import Vocabulary

#: The "no date" ordinal (real ordinals start at 1 for 1 January of year 1).
NO_DATE = 0
#: Far enough in the future to mean "not yet": compares greater than any real date.
NEVER = date(9999, 12, 31).toordinal()
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
SECONDS_PER_DAY = 86_400


@dataclass(frozen=True)
class Weighted:
    """Codes with the probability of each, ready for vectorised draws."""

    codes: np.ndarray
    p: np.ndarray

    def draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return np.asarray(self.codes[self.draw_index(rng, n)])

    def draw_index(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return rng.choice(len(self.codes), size=n, p=self.p)


def weighted(vocabulary: Vocabulary | None, weights: Mapping[str, float]) -> Weighted:
    """A distribution over codes; every code must belong to ``vocabulary`` (when given),
    so a renamed code fails at import rather than writing an unknown value."""
    if vocabulary is not None:
        unknown = [code for code in weights if code not in vocabulary]
        if unknown:
            raise ValueError(f"not {vocabulary.name} codes: {', '.join(unknown)}")
    values = np.array(list(weights.values()), dtype=float)
    return Weighted(np.array(list(weights)), values / values.sum())


def checked_code(vocabulary: Vocabulary, value: str) -> str:
    """``value``, checked to be one of ``vocabulary``'s codes when the module loads."""
    if value not in vocabulary:
        raise ValueError(f"{value!r} is not a {vocabulary.name} code")
    return value


def _as_days(ordinals: np.ndarray) -> np.ndarray:
    return (ordinals - EPOCH_ORDINAL).astype("datetime64[D]")


def year_month_day(ordinals: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    days = _as_days(ordinals)
    months = days.astype("datetime64[M]")
    years = months.astype("datetime64[Y]")
    year = years.astype(np.int64) + 1970
    month = (months - years).astype(np.int64) + 1
    day = (days - months).astype(np.int64) + 1
    return year, month, day


def from_year_month_day(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    months = (year - 1970) * 12 + (month - 1)
    days = months.astype("datetime64[M]").astype("datetime64[D]") + (day - 1)
    return np.asarray(days.astype(np.int64) + EPOCH_ORDINAL)


def add_years(ordinals: np.ndarray, years: int) -> np.ndarray:
    """The same day ``years`` later; 29 February becomes 28 February in other years."""
    year, month, day = year_month_day(ordinals)
    target = year + years
    leap = (target % 4 == 0) & ((target % 100 != 0) | (target % 400 == 0))
    day = np.where((month == 2) & (day == 29) & ~leap, 28, day)
    return from_year_month_day(target, month, day)


def financial_year(ordinals: np.ndarray) -> np.ndarray:
    """The year a financial year starts in (April to March), as councils count."""
    year, month, _ = year_month_day(ordinals)
    return np.where(month >= 4, year, year - 1)


def weekday(ordinals: np.ndarray) -> np.ndarray:
    """0 for Monday to 6 for Sunday, as ``date.weekday``."""
    return (ordinals - 1) % 7


def timestamps(ordinals: np.ndarray, seconds: np.ndarray) -> np.ndarray:
    """Seconds since 1970 UTC for a time of day on each date."""
    return np.asarray((ordinals - EPOCH_ORDINAL) * SECONDS_PER_DAY + seconds)


def working_time(rng: np.random.Generator, n: int) -> np.ndarray:
    """Seconds into the day between 08:30 and 17:30, whole minutes."""
    return (510 + rng.integers(0, 540, size=n)) * 60


def lognormal(
    rng: np.random.Generator, median: np.ndarray | float, sigma: np.ndarray | float, n: int
) -> np.ndarray:
    return np.asarray(median) * np.exp(np.asarray(sigma) * rng.standard_normal(n))


def uniform_days(rng: np.random.Generator, low: int, high: np.ndarray | int, n: int) -> np.ndarray:
    """Whole days from ``low`` to ``high`` inclusive (``high`` may differ per row)."""
    span = np.maximum(np.asarray(high) - low + 1, 1)
    return np.asarray(low + np.floor(rng.random(n) * span).astype(np.int64))


def pick(rng: np.random.Generator, options: tuple[str, ...], n: int) -> np.ndarray:
    """``n`` items drawn uniformly from ``options``."""
    return np.array(options)[rng.integers(0, len(options), size=n)]
