"""When will the waiting list clear? One definition, used by the waiting list's headline
and by Planning, so that the two screens never give two answers to one question.

The definition, in words (the screens print it beside the figure):

    Over the last 12 weeks (the 84 days ending on the day asked about), count the
    referrals allocated to an advocate, the referrals declined or withdrawn (they leave
    the list too), and the new referrals received; each divided by 12 is its rate a
    week. The list shrinks each week by the referrals leaving it (allocated, declined or
    withdrawn) net of the new referrals. If it shrinks, it clears on the day the people
    waiting now have all gone at that net rate (days rounded up). If it does not
    shrink, or that day is more than 12 months away, the list does not clear within 12
    months at the current rates.

Planning's what-if replaces the allocation rate by a typed one (or adds advocates) and
keeps the other two.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from advocacy_desk.domain.dates import add_years, format_uk

#: The weeks the rates look back over.
RATE_WEEKS = 12
RATE_DAYS = RATE_WEEKS * 7
#: The estimate looks this many months ahead; "does not clear" beyond it.
HORIZON_MONTHS = 12

CLEAR_NOW = "The list is clear."


def rate_words(per_week: float) -> str:
    """2.5, 1, 0.08: a rate a week with no trailing zeros."""
    return f"{per_week:.2f}".rstrip("0").rstrip(".") or "0"


@dataclass(frozen=True)
class ClearingEstimate:
    """When the list clears at the rates referrals leave it (allocated, declined or
    withdrawn) net of new referrals."""

    as_of: date
    waiting: int
    allocated_per_week: float
    referred_per_week: float
    #: Referrals declined or withdrawn a week: they leave the list without a case.
    closed_per_week: float
    #: The day the list clears; None when it never does at these rates. It may lie
    #: beyond the horizon: ``clears`` says whether it counts as clearing.
    clears_on: date | None
    #: True when the allocation rate was typed (Planning's what-if), not measured.
    what_if: bool = False

    @property
    def net_per_week(self) -> float:
        """How many fewer wait each week (negative when the list grows)."""
        return self.allocated_per_week + self.closed_per_week - self.referred_per_week

    @property
    def horizon_end(self) -> date:
        return add_years(self.as_of, HORIZON_MONTHS // 12)

    @property
    def clears(self) -> bool:
        """The list clears within the horizon (a clear list has cleared)."""
        return self.clears_on is not None and self.clears_on <= self.horizon_end

    def waiting_on(self, day: date) -> int:
        """The number still waiting at the end of ``day`` at these rates (a part of a
        person still waiting counts as one)."""
        if day <= self.as_of:
            return self.waiting
        if self.clears_on is not None and day >= self.clears_on:
            return 0
        left = self.waiting - self.net_per_week * (day - self.as_of).days / 7
        return max(math.ceil(left - 1e-9), 0)

    @property
    def basis(self) -> str:
        """The rates the estimate rests on, in words."""
        others = (
            f"{rate_words(self.closed_per_week)} declined or withdrawn and "
            f"{rate_words(self.referred_per_week)} referred a week"
        )
        if self.what_if:
            return (
                f"At {rate_words(self.allocated_per_week)} allocated a week, with the last "
                f"{RATE_WEEKS} weeks' {others}"
            )
        return (
            f"At the last {RATE_WEEKS} weeks' rates "
            f"({rate_words(self.allocated_per_week)} allocated, {others})"
        )

    @property
    def words(self) -> str:
        """The answer with the rates it rests on: "At the last 12 weeks' rates (2.5
        allocated, 0.5 declined or withdrawn and 1 referred a week), the list clears by
        14/01/2027."."""
        if self.waiting == 0:
            return CLEAR_NOW
        if self.clears and self.clears_on is not None:
            return f"{self.basis}, the list clears by {format_uk(self.clears_on)}."
        later = f" (not until {format_uk(self.clears_on)})" if self.clears_on is not None else ""
        return f"{self.basis}, the list does not clear within {HORIZON_MONTHS} months{later}."


def clearing_estimate(
    as_of: date,
    waiting: int,
    allocated: int,
    referred: int,
    closed: int = 0,
    *,
    allocated_per_week: float | None = None,
) -> ClearingEstimate:
    """The estimate from the counts of the last :data:`RATE_WEEKS` weeks: ``allocated``
    referrals allocated, ``referred`` received and ``closed`` declined or withdrawn in
    them. ``allocated_per_week`` replaces the measured allocation rate (a what-if)."""
    measured = allocated / RATE_WEEKS
    per_week = measured if allocated_per_week is None else float(allocated_per_week)
    referred_per_week = referred / RATE_WEEKS
    closed_per_week = closed / RATE_WEEKS
    net = per_week + closed_per_week - referred_per_week
    clears_on: date | None = None
    if waiting <= 0:
        clears_on = as_of
    elif net > 0:
        days = math.ceil(waiting / net * 7 - 1e-9)
        # Past a century the date means nothing (and would overflow): it never clears.
        clears_on = as_of + timedelta(days=days) if days < 36_500 else None
    return ClearingEstimate(
        as_of=as_of,
        waiting=max(waiting, 0),
        allocated_per_week=per_week,
        referred_per_week=referred_per_week,
        closed_per_week=closed_per_week,
        clears_on=clears_on,
        what_if=allocated_per_week is not None,
    )
