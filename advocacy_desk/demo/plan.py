"""The skeleton of the caseload: when referrals arrive, of what type, for whom.

Everything else hangs off this plan: a person's age and needs follow the type of
their first referral, and repeat referrals go to people already known, mostly
recent ones and often for the same kind of advocacy again.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from advocacy_desk.demo.sampling import (
    Weighted,
    checked_code,
    timestamps,
    weekday,
    weighted,
    working_time,
    year_month_day,
)
from advocacy_desk.demo.scales import Scale
from advocacy_desk.demo.tables import (
    CARE_ACT_PROCESSES,
    CHILD_PROCESSES,
    OTHER_PROCESSES,
    PROFILES,
    per_type,
)
from advocacy_desk.domain.vocabulary import ADVOCACY_TYPE

#: Chance that a repeat referral is for the same type as the person's first.
SAME_TYPE_AGAIN = 0.55
#: Relative referral volume at weekends (few referrals arrive then).
WEEKEND = 0.12
CITIZEN = checked_code(ADVOCACY_TYPE, "citizen")
#: How far back citizen advocacy referrals go, so that long partnerships are under way.
CITIZEN_HISTORY_DAYS = 4 * 365


@dataclass(frozen=True)
class Plan:
    """Referral by referral (in date order), plus each person's first referral."""

    received: np.ndarray
    created: np.ndarray
    types: np.ndarray
    process: np.ndarray
    person: np.ndarray
    first: np.ndarray

    @property
    def first_of_person(self) -> np.ndarray:
        """The index of each person's first referral (people are numbered in that order)."""
        return np.flatnonzero(self.first)


def plan_referrals(rng: np.random.Generator, scale: Scale, start: int, end: int) -> Plan:
    """``scale.referrals`` referrals over the period, plus the citizen advocacy referrals
    of the years before it whose partnerships (about three years long) are still running."""
    received = _arrival_dates(rng, scale.referrals, start, end)
    types = _type_mix(scale).draw(rng, scale.referrals)
    history_start = min(start, end - CITIZEN_HISTORY_DAYS + 1)
    earlier = round(scale.citizen_per_year * (start - history_start) / 365.25)
    if earlier:
        received = np.concatenate(
            [_arrival_dates(rng, earlier, history_start, start - 1), received]
        )
        types = np.concatenate([np.full(earlier, CITIZEN), types])
    n = len(received)
    first, person = _people_for(rng, n, scale.people)
    first_type = types[first]
    again = ~first & (rng.random(n) < SAME_TYPE_AGAIN) & (first_type[person] != CITIZEN)
    types[again] = first_type[person[again]]
    process = _processes(rng, types, first)
    created = timestamps(received, working_time(rng, n))
    return Plan(received, created, types, process, person, first)


def _type_mix(scale: Scale) -> Weighted:
    others = {code: p.share for code, p in PROFILES.items() if code != CITIZEN}
    citizen_share = scale.citizen_per_year * scale.years / scale.referrals
    citizen = sum(others.values()) * citizen_share / (1 - citizen_share)
    return weighted(ADVOCACY_TYPE, {**others, CITIZEN: citizen})


def _arrival_dates(rng: np.random.Generator, n: int, start: int, end: int) -> np.ndarray:
    """Referrals arrive on working days, more in winter, fewer at Christmas, and a little
    more each year as the service becomes known."""
    days = np.arange(start, end + 1)
    _, month, day = year_month_day(days)
    weight = np.where(weekday(days) >= 5, WEEKEND, 1.0)
    weight = weight * (1 + 0.04 * (days - start) / 365.25)
    weight = weight * (1 + 0.08 * np.cos(2 * np.pi * (month - 1.5) / 12))
    christmas = ((month == 12) & (day >= 24)) | ((month == 1) & (day == 1))
    weight = np.where(christmas, weight * 0.2, weight)
    return np.sort(rng.choice(days, size=n, p=weight / weight.sum()))


def _people_for(rng: np.random.Generator, n: int, people: int) -> tuple[np.ndarray, np.ndarray]:
    """Which referrals are a person's first, and the person each referral is for.

    Repeat referrals are never among the earliest few (someone must be known first)
    and go to a person already referred, favouring recent ones.
    """
    repeats = n - people
    earliest_repeat = max(1, n // 50)
    first = np.ones(n, dtype=bool)
    first[rng.choice(np.arange(earliest_repeat, n), size=repeats, replace=False)] = False
    known = np.cumsum(first)
    person = known - 1
    repeat = ~first
    k = known[repeat]
    person[repeat] = k - 1 - np.floor(k * rng.random(repeats) ** 2).astype(np.int64)
    return first, person


def _processes(rng: np.random.Generator, types: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Care Act process of each referral; the children's processes only start a record."""
    n = len(types)
    process = np.full(n, "none", dtype=object)
    care_act = types == "care_act"
    process[care_act] = CARE_ACT_PROCESSES.draw(rng, int(care_act.sum()))
    in_process_chance = per_type(types, lambda p: p.in_process)
    other = ~care_act & (rng.random(n) < in_process_chance)
    process[other] = OTHER_PROCESSES.draw(rng, int(other.sum()))
    for child, adult in CHILD_PROCESSES.items():
        process[(process == child) & ~first] = adult
    return process.astype(str)
