"""Cases, their logged activities, issues and outcomes.

Every allocated referral opens exactly one case on its allocation date, with an
advocate who takes that type. Case length and the amount of logged work depend
on the type (an RPR case runs for months with a visit a month; a citizen
advocacy case runs for years). Activities fall inside the case's life and never
after the as-of date; the number per case is scaled so that the total lands on
the scale's target (a million for ``large``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from advocacy_desk.demo import phrases
from advocacy_desk.demo.referrals import ALLOCATED, Referrals
from advocacy_desk.demo.sampling import (
    NO_DATE,
    lognormal,
    pick,
    timestamps,
    uniform_days,
    weekday,
    weighted,
    working_time,
)
from advocacy_desk.demo.staff import Staff
from advocacy_desk.demo.tables import (
    ACTIVITY_KINDS,
    ANSWERED_BY_INSTRUCTED,
    ANSWERED_BY_NON_INSTRUCTED,
    CLOSURE_REASONS,
    ENDED_EARLY,
    FEEDBACK_OTHERWISE,
    FEEDBACK_RECORDED,
    FEEDBACK_WHEN_RESOLVED,
    ISSUE_OUTCOMES,
    LACKS_CAPACITY_TYPES,
    OPEN_ISSUE_DECIDED,
    OPEN_ISSUE_OUTCOMES,
    PROFILES,
    TRAVEL_MEDIAN_MINUTES,
    TRAVEL_RECORDED,
    per_type,
)
from advocacy_desk.demo.writer import Columns
from advocacy_desk.domain.references import CASE, format_ref
from advocacy_desk.domain.vocabulary import ACTIVITY_KIND, OUTCOME_QUESTION

#: Share of open cases with a next action written down.
NEXT_ACTION_RECORDED = 0.85
#: Share of weekend activities moved to the Friday before (most casework is on weekdays).
WEEKEND_TO_FRIDAY = 0.85
_KINDS = weighted(ACTIVITY_KIND, {code: k.share for code, k in ACTIVITY_KINDS.items()})


@dataclass(frozen=True)
class Cases:
    columns: Columns
    person: np.ndarray
    types: np.ndarray
    opened: np.ndarray
    #: Closure dates as ordinals; NO_DATE while open.
    closed: np.ndarray
    advocate: np.ndarray
    #: Closure reason codes; "" while open.
    reason: np.ndarray

    @property
    def is_open(self) -> np.ndarray:
        return np.asarray(self.closed == NO_DATE)

    def last_day(self, end: int) -> np.ndarray:
        """The last day work can be logged: the closure date, or the as-of date if open."""
        return np.where(self.is_open, end, self.closed)


@dataclass(frozen=True)
class Activities:
    columns: Columns
    case: np.ndarray
    day: np.ndarray
    minutes: np.ndarray


def build_cases(rng: np.random.Generator, referrals: Referrals, staff: Staff, end: int) -> Cases:
    allocated = np.flatnonzero(referrals.status == ALLOCATED)
    opened = referrals.status_on[allocated]
    order = np.lexsort((allocated, opened))
    allocated, opened = allocated[order], opened[order]
    types = referrals.types[allocated]
    n = len(allocated)
    median = per_type(types, lambda p: p.duration[0])
    spread = per_type(types, lambda p: p.duration[1])
    length = np.maximum(1, np.round(lognormal(rng, median, spread, n))).astype(np.int64)
    closed = np.where(opened + length > end, NO_DATE, opened + length)
    reason = CLOSURE_REASONS.draw(rng, n)
    # Someone referred again later did not die during this case.
    reason = np.where((reason == "died") & ~referrals.latest[allocated], "resolved", reason)
    reason = np.where(closed == NO_DATE, "", reason)
    advocate = staff.allocate(rng, types, opened)
    has_next = (closed == NO_DATE) & (rng.random(n) < NEXT_ACTION_RECORDED)
    columns: Columns = {
        "id": np.arange(1, n + 1),
        "case_ref": [format_ref(CASE, i) for i in range(1, n + 1)],
        "referral_id": allocated + 1,
        "advocate_id": advocate,
        "opened_on": opened,
        "closed_on": closed,
        "closure_reason": [r or None for r in reason.tolist()],
        "next_action": np.where(has_next, pick(rng, phrases.NEXT_ACTIONS, n), ""),
        "next_action_on": np.where(has_next, end + uniform_days(rng, -7, 28, n), NO_DATE),
        "version": np.ones(n, dtype=np.int64),
    }
    person = referrals.person[allocated]
    return Cases(columns, person, types, opened, closed, advocate, reason)


def build_activities(rng: np.random.Generator, cases: Cases, target: int, end: int) -> Activities:
    case, day = _activity_days(rng, cases, target, end)
    m = len(case)
    kind_index = _KINDS.draw_index(rng, m)
    profiles = [ACTIVITY_KINDS[str(code)] for code in _KINDS.codes]
    median = np.array([k.median_minutes for k in profiles])[kind_index]
    spread = np.array([k.sigma for k in profiles])[kind_index]
    minutes = _to_five_minutes(lognormal(rng, median, spread, m), 5, 480)
    travels = np.array([k.travels for k in profiles])[kind_index] & (
        rng.random(m) < TRAVEL_RECORDED
    )
    travel = _to_five_minutes(lognormal(rng, TRAVEL_MEDIAN_MINUTES, 0.5, m), 5, 180)
    kind = _KINDS.codes[kind_index]
    columns: Columns = {
        "id": np.arange(1, m + 1),
        "case_id": case + 1,
        "advocate_id": cases.advocate[case],
        "occurred_on": day,
        "kind": kind,
        "minutes": minutes,
        "travel_minutes": np.where(travels, travel, 0),
        "note": _activity_notes(rng, kind),
        "created_at": timestamps(day, working_time(rng, m)),
    }
    return Activities(columns, case, day, columns["minutes"] + columns["travel_minutes"])


def _activity_days(
    rng: np.random.Generator, cases: Cases, target: int, end: int
) -> tuple[np.ndarray, np.ndarray]:
    """Case index and date of every activity, in case then date order; each case starts
    with an activity on the day it opened."""
    n = len(cases.opened)
    life = cases.last_day(end) - cases.opened + 1
    weight = per_type(cases.types, lambda p: p.effort) * life**0.6
    rate = max(target - n, 0) / max(weight.sum(), 1e-9)
    count = 1 + rng.poisson(rate * weight)
    case = np.repeat(np.arange(n), count)
    offset = np.floor(rng.random(len(case)) * life[case]).astype(np.int64)
    offset[np.cumsum(count) - count] = 0
    day = cases.opened[case] + offset
    friday = day - (weekday(day) - 4)
    move = (
        (weekday(day) >= 5)
        & (friday >= cases.opened[case])
        & (rng.random(len(day)) < WEEKEND_TO_FRIDAY)
    )
    day = np.where(move, friday, day)
    order = np.lexsort((day, case))
    return case[order], day[order]


def _to_five_minutes(values: np.ndarray, low: int, high: int) -> np.ndarray:
    return np.clip(np.round(values / 5) * 5, low, high).astype(np.int64)


def _activity_notes(rng: np.random.Generator, kind: np.ndarray) -> np.ndarray:
    notes = np.full(len(kind), "", dtype=object)
    written = rng.random(len(kind)) < 0.7
    for code, options in phrases.ACTIVITY_NOTES.items():
        mask = (kind == code) & written
        notes[mask] = pick(rng, options, int(mask.sum()))
    return notes.astype(str)


def build_issues(rng: np.random.Generator, cases: Cases, end: int) -> Columns:
    """One to three issues a case; closed cases' issues all have an outcome that fits
    how the case ended, open cases' mostly not yet."""
    u = rng.random(len(cases.opened))
    count = 1 + (u < 0.35) + (u < 0.1)
    case = np.repeat(np.arange(len(count)), count)
    m = len(case)
    category = np.empty(m, dtype=object)
    description = np.empty(m, dtype=object)
    types = cases.types[case]
    for code, profile in PROFILES.items():
        mask = types == code
        category[mask] = profile.issues.draw(rng, int(mask.sum()))
    for code, options in phrases.ISSUE_DESCRIPTIONS.items():
        mask = category == code
        description[mask] = pick(rng, options, int(mask.sum()))
    outcome, outcome_on = _issue_outcomes(rng, cases, case, end)
    return {
        "id": np.arange(1, m + 1),
        "case_id": case + 1,
        "category": category.astype(str),
        "description": description.astype(str),
        "outcome": [o or None for o in outcome.tolist()],
        "outcome_on": outcome_on,
    }


def _issue_outcomes(
    rng: np.random.Generator, cases: Cases, case: np.ndarray, end: int
) -> tuple[np.ndarray, np.ndarray]:
    m = len(case)
    reason = cases.reason[case]
    is_open = cases.is_open[case]
    group = np.where(
        reason == "resolved",
        "resolved",
        np.where(np.isin(reason, ENDED_EARLY), "ended_early", "passed_on"),
    )
    outcome = np.full(m, "", dtype=object)
    for name, table in ISSUE_OUTCOMES.items():
        mask = (group == name) & ~is_open
        outcome[mask] = table.draw(rng, int(mask.sum()))
    decided_open = is_open & (rng.random(m) < OPEN_ISSUE_DECIDED)
    outcome[decided_open] = OPEN_ISSUE_OUTCOMES.draw(rng, int(decided_open.sum()))
    opened = cases.opened[case]
    closed = cases.closed[case]
    before_close = closed - uniform_days(rng, 0, np.minimum(14, closed - opened), m)
    while_open = opened + uniform_days(rng, 0, end - opened, m)
    outcome_on = np.where(is_open, np.where(decided_open, while_open, NO_DATE), before_close)
    return outcome.astype(str), outcome_on


def build_feedback(rng: np.random.Generator, cases: Cases) -> Columns:
    """The five outcome questions for most closed cases (not when the person died);
    answered by the advocate's observation where the person could not instruct."""
    recorded = (
        ~cases.is_open
        & (cases.reason != "died")
        & (rng.random(len(cases.opened)) < FEEDBACK_RECORDED)
    )
    case = np.flatnonzero(recorded)
    n = len(case)
    resolved = cases.reason[case] == "resolved"
    answers = {
        question: np.where(
            resolved, FEEDBACK_WHEN_RESOLVED.draw(rng, n), FEEDBACK_OTHERWISE.draw(rng, n)
        )
        for question in OUTCOME_QUESTION.codes
    }
    lacks_capacity = np.isin(cases.types[case], LACKS_CAPACITY_TYPES)
    answered_by = np.where(
        lacks_capacity, ANSWERED_BY_NON_INSTRUCTED.draw(rng, n), ANSWERED_BY_INSTRUCTED.draw(rng, n)
    )
    return {
        "id": np.arange(1, n + 1),
        "case_id": case + 1,
        **answers,
        "answered_by": answered_by,
        "recorded_on": cases.closed[case],
    }
