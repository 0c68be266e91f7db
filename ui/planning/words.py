"""The Planning section's figures in plain words, for managers rather than statisticians."""

from __future__ import annotations

import calendar
import math

from advocacy_desk.domain.forecast import BACKTEST_MONTHS, METHOD_WORDS, MIN_TREND, SEASON
from advocacy_desk.domain.numbers import plural
from advocacy_desk.domain.vocabulary import ADVOCACY_TYPE
from advocacy_desk.records.planning import TOTAL, SeriesSummary, WaitingProjection

ALL_TYPES = "All types"
ALL_CONTRACTS = "All contracts"
#: The least history a back-test takes: the months held out and enough to fit on.
TESTABLE_MONTHS = BACKTEST_MONTHS + MIN_TREND
TOO_LITTLE_HISTORY = "Too little history: the forecast is the average so far."
DASH = "—"


def month_name(code: str, *, short: bool = False) -> str:
    """ "2027-03" as "March 2027" (or "Mar 2027")."""
    year, month = int(code[:4]), int(code[5:7])
    names = calendar.month_abbr if short else calendar.month_name
    return f"{names[month]} {year}"


def type_title(kind: str) -> str:
    """An advocacy type's label; "All types" for the total."""
    return ALL_TYPES if kind == TOTAL else ADVOCACY_TYPE.label(kind)


def number(value: float, decimals: int = 1) -> str:
    """12,269.6; whole numbers without a point when ``decimals`` is 0."""
    return f"{value:,.{decimals}f}"


def method_text(series: SeriesSummary) -> str:
    """ "Method: exponential smoothing with trend and yearly seasonality"."""
    return f"Method: {METHOD_WORDS.get(series.method, series.method)}"


def history_text(series: SeriesSummary) -> str:
    """ "48 months of history (November 2022 to October 2026)"."""
    months = series.history_months
    counted = f"{plural(months, 'month')} of history"
    if series.history:
        first, last = series.history[0][0], series.history[-1][0]
        span = month_name(first) if first == last else f"{month_name(first)} to {month_name(last)}"
        counted = f"{counted} ({span})"
    return counted


def too_little_text(series: SeriesSummary) -> str:
    """The warning for a forecast that is only the average so far, or an empty string."""
    return TOO_LITTLE_HISTORY if series.method == "mean" else ""


def backtest_text(series: SeriesSummary) -> str:
    """How the method did on the last months of its own history, and which was used."""
    test = series.backtest
    if test.method_mae is None or test.seasonal_naive_mae is None or not test.months:
        return (
            f"Tested on past months: not enough history to test (a test needs at least "
            f"{TESTABLE_MONTHS} months)."
        )
    # With under a year to fit on, the simple way tested is last month again.
    year_before = series.history_months - test.months >= SEASON
    baseline = "the same month last year" if year_before else "repeating the last month"
    tested = (
        f"Tested on the last {test.months} months: exponential smoothing was out by "
        f"{test.method_mae:.1f} referrals a month on average; {baseline} was out by "
        f"{test.seasonal_naive_mae:.1f}."
    )
    if series.method != "seasonal_naive":
        return f"{tested} Smoothing did as well or better, so it is used."
    if year_before:
        return f"{tested} The same month last year did better, so it is used."
    return (
        f"{tested} The simpler way did better, so it is used; with a year of history it now "
        "repeats the same month last year."
    )


def clears_text(projection: WaitingProjection) -> str:
    """When the list clears, with the rates it rests on: the very words the waiting
    list's headline shows for the same data (domain.clearing defines both)."""
    return projection.clearing.words


def rate_value(text: str) -> float:
    """A typed rate as a number; NaN (which the service refuses) if it is not one."""
    try:
        value = float(text.strip().replace(",", ""))
    except ValueError:
        return math.nan
    return value if math.isfinite(value) else math.nan


def rate_text(value: float) -> str:
    """34.92, 35, 0.5: no trailing zeros."""
    return f"{value:.2f}".rstrip("0").rstrip(".") or "0"


def cases_text(rate: float) -> str:
    """ "1 case", "2.5 cases": a rate of exactly one is one case."""
    text = rate_text(rate)
    return f"{text} {'case' if text == '1' else 'cases'}"
