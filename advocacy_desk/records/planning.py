"""Planning as the services return it: the forecast, the waiting list projected month by
month (and again for a what-if), contract years."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Any

from advocacy_desk.domain.clearing import ClearingEstimate, clearing_estimate
from advocacy_desk.domain.dates import month_code, months_after
from advocacy_desk.domain.errors import ValidationError
from advocacy_desk.domain.forecast import METHOD_WORDS, Backtest

#: The series of every advocacy type together.
TOTAL = "total"


#: Contracts whose hours so far pass this share of the pro-rata block are flagged.
PRO_RATA_WARNING = 0.9


@dataclass(frozen=True)
class MonthForecast:
    month: str
    type: str
    forecast: float
    lower80: float
    upper80: float


@dataclass(frozen=True)
class SeriesSummary:
    type: str
    method: str
    history_months: int
    backtest: Backtest
    #: (month, referrals received) oldest first, for the chart.
    history: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class WaitingMonth:
    month: str
    projected_waiting: int


@dataclass(frozen=True)
class WaitingProjection:
    """The waiting list month by month at a rate of allocation net of new referrals:
    the same estimate (domain.clearing) as the waiting list's headline."""

    months: tuple[WaitingMonth, ...]
    #: The month ("2027-01") the list clears in, within 12 months; else None.
    clears_in: str | None
    allocations_per_week: float
    clearing: ClearingEstimate


@dataclass(frozen=True)
class TypeHours:
    type: str
    hours_used: float
    #: This type's part of the hours used so far (0 to 1).
    share: float


@dataclass(frozen=True)
class ContractProjection:
    name: str
    year_start: date
    year_end: date
    block_hours: float | None
    hours_used: float
    pro_rata_hours: float | None
    projected_hours: float
    exhausted_on: date | None
    block_cases: int | None
    cases_used: int
    by_type: tuple[TypeHours, ...]

    @property
    def pro_rata_share(self) -> float | None:
        """Hours used so far over the hours pro rata to date (1.1 is 110%); None without
        a block of hours."""
        if self.block_hours is None or not self.pro_rata_hours:
            return None
        return self.hours_used / self.pro_rata_hours

    @property
    def pro_rata_text(self) -> str:
        """The contract's status as what it measures: "110% of pro rata"."""
        share = self.pro_rata_share
        return "No hours block" if share is None else f"{share:.0%} of pro rata"

    @property
    def past_pro_rata_warning(self) -> bool:
        """Hours so far past 90% of the pro-rata block."""
        return bool(self.pro_rata_hours) and self.hours_used > PRO_RATA_WARNING * (
            self.pro_rata_hours or 0.0
        )


@dataclass(frozen=True)
class Plan:
    as_of: date
    months_ahead: int
    series: tuple[SeriesSummary, ...]
    months: tuple[MonthForecast, ...]
    waiting_now: int
    #: Referrals allocated, and received, in the last 12 weeks (the clearing estimate's
    #: counts, as the waiting list's headline takes them).
    allocated_last_12_weeks: int
    referred_last_12_weeks: int
    closed_last_12_weeks: int
    #: Referrals allocated per week over the last 12 weeks, and by how many advocates.
    default_allocations_per_week: float
    active_advocates: int
    waiting: WaitingProjection
    contracts: tuple[ContractProjection, ...]

    @property
    def total(self) -> SeriesSummary:
        return next(s for s in self.series if s.type == TOTAL)

    @property
    def method_words(self) -> str:
        return METHOD_WORDS[self.total.method]

    def what_if(self, allocations_per_week: float | None = None, extra_advocates: int = 0
                ) -> WaitingProjection:  # fmt: skip
        """The waiting list again with another allocation rate or more advocates (quick:
        no forecast is refitted)."""
        return project_waiting(self, allocations_per_week, extra_advocates)

    def as_dict(self) -> dict[str, Any]:
        """The command line's JSON."""
        total = self.total
        return {
            "as_of": self.as_of.isoformat(),
            "method": total.method,
            "history_months": total.history_months,
            "backtest": {
                "months": total.backtest.months,
                "method_mae": total.backtest.method_mae,
                "seasonal_naive_mae": total.backtest.seasonal_naive_mae,
            },
            "months": [
                {"month": m.month, "type": m.type, "forecast": m.forecast,
                 "lower80": m.lower80, "upper80": m.upper80}
                for m in self.months
            ],
            "waiting": [
                {"month": w.month, "projected_waiting": w.projected_waiting}
                for w in self.waiting.months
            ],
            "clears_in": self.waiting.clears_in,
            "contracts": [
                {"name": c.name, "year_start": c.year_start.isoformat(),
                 "year_end": c.year_end.isoformat(), "block_hours": c.block_hours,
                 "hours_used": c.hours_used, "projected_hours": c.projected_hours,
                 "exhausted_on": c.exhausted_on.isoformat() if c.exhausted_on else None}
                for c in self.contracts
            ],
        }  # fmt: skip


def project_waiting(
    plan: Plan, allocations_per_week: float | None = None, extra_advocates: int = 0
) -> WaitingProjection:
    """Number waiting at the end of each coming month, and the month it clears in: the
    clearing estimate of :mod:`advocacy_desk.domain.clearing` (referrals leaving the
    list net of new referrals at the last 12 weeks' rates), with the allocation rate
    typed or raised by more advocates for a what-if."""
    errors: dict[str, str] = {}
    rate = (
        plan.default_allocations_per_week if allocations_per_week is None else allocations_per_week
    )
    if not isinstance(rate, int | float) or rate != rate or rate < 0:
        errors["allocations_per_week"] = (
            "Allocation rate: the cases opened a week, a number 0 or more."
        )
    if not isinstance(extra_advocates, int) or extra_advocates < 0:
        errors["extra_advocates"] = "More advocates: a whole number, 0 or more."
    if errors:
        raise ValidationError(errors)
    per_advocate = plan.default_allocations_per_week / max(plan.active_advocates, 1)
    weekly = float(rate) + extra_advocates * per_advocate
    # The rate as measured (the screen shows it to 2 places) is no what-if.
    measured = extra_advocates == 0 and abs(weekly - plan.default_allocations_per_week) < 0.005
    estimate = clearing_estimate(
        plan.as_of, plan.waiting_now, plan.allocated_last_12_weeks,
        plan.referred_last_12_weeks, plan.closed_last_12_weeks,
        allocated_per_week=None if measured else weekly,
    )  # fmt: skip
    months = tuple(
        WaitingMonth(month_code(year, number), estimate.waiting_on(
            date(year, number, calendar.monthrange(year, number)[1])))
        for year, number in months_after(plan.as_of, plan.months_ahead)
    )  # fmt: skip
    clears_in = (
        f"{estimate.clears_on:%Y-%m}"
        if estimate.clears and estimate.clears_on is not None and estimate.waiting
        else None
    )
    return WaitingProjection(months, clears_in, round(weekly, 2), estimate)
