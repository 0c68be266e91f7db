"""Citizen advocates and their partnerships.

Volunteers move from enquiry through training to active, and some pause or leave;
DBS checks are renewed every three years, and a few have lapsed, so the
coordinator's expiry warnings have something to show. Partnerships follow the
citizen advocacy cases: proposed soon after allocation, introduced, started, and
ended when the case closes; a volunteer never has more partners at once than
their limit, and only takes partners while trained and still volunteering.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from advocacy_desk.demo import phrases
from advocacy_desk.demo.casework import Cases
from advocacy_desk.demo.identity import draw_ages, draw_names
from advocacy_desk.demo.people import DAYS_PER_YEAR
from advocacy_desk.demo.places import ESSEX, area_letters, draw_districts, postcodes
from advocacy_desk.demo.referrals import Referrals
from advocacy_desk.demo.sampling import (
    NEVER,
    NO_DATE,
    Weighted,
    add_years,
    checked_code,
    pick,
    uniform_days,
    year_month_day,
)
from advocacy_desk.demo.scales import Scale
from advocacy_desk.demo.tables import (
    ETHNICITIES,
    INTRODUCTION_FAILS,
    PARTNERSHIP_END,
    PARTNERSHIP_END_AT_INTRODUCTION,
    PARTNERSHIP_END_OTHERWISE,
    VOLUNTEER_AGES,
    VOLUNTEER_SEXES,
    VOLUNTEER_STATUSES,
)
from advocacy_desk.demo.writer import Columns
from advocacy_desk.domain.references import VOLUNTEER, format_ref
from advocacy_desk.domain.vocabulary import DAY, TIME_OF_DAY, VOLUNTEER_STATUS

DBS_YEARS = 3
#: Share of active volunteers whose DBS renewal is overdue.
DBS_LAPSED = 0.06
#: Statuses of volunteers who finished training (and so may have had partners).
TRAINED = tuple(checked_code(VOLUNTEER_STATUS, c) for c in ("active", "paused", "left"))
#: How much likelier a volunteer in the partner's postcode area is to be chosen.
SAME_AREA_PREFERENCE = 4.0
#: Relative chance of offering each day: weekdays more than weekends.
_DAY_WEIGHTS = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 0.6, 0.4])


@dataclass(frozen=True)
class Volunteers:
    columns: Columns
    status: np.ndarray
    trained: np.ndarray
    #: Last day each could take part in a partnership (NEVER while still volunteering).
    until: np.ndarray
    max_partners: np.ndarray
    area: np.ndarray


def build_volunteers(rng: np.random.Generator, scale: Scale, end: int) -> Volunteers:
    n = scale.volunteers
    status = VOLUNTEER_STATUSES.draw(rng, n)
    joined, trained, until = _journeys(rng, status, scale.days, end)
    checked, expires = _dbs(rng, status, joined, np.minimum(until, end), end)
    reference_1, reference_2 = _references(rng, status, joined, end)
    sex = VOLUNTEER_SEXES.draw(rng, n)
    age = draw_ages(rng, VOLUNTEER_AGES, n, 18, 85)
    birth = end - np.floor(age * DAYS_PER_YEAR).astype(np.int64)
    given, family = draw_names(rng, ETHNICITIES.draw(rng, n), sex, year_month_day(birth)[0])
    postcode = postcodes(rng, draw_districts(rng, ESSEX, n))
    max_partners = np.where(rng.random(n) < 0.85, 1, 2)
    columns: Columns = {
        "id": np.arange(1, n + 1),
        "volunteer_ref": [format_ref(VOLUNTEER, i) for i in range(1, n + 1)],
        "given_name": given,
        "family_name": family,
        "date_of_birth": birth,
        "sex": sex,
        "postcode": postcode,
        "travel_km": _travel_km(rng, status),
        "languages": _languages(rng, n),
        "interests": _interests(rng, n),
        "available_days": _available_days(rng, n),
        "smoker": rng.random(n) < 0.08,
        "pet_allergy": rng.random(n) < 0.10,
        "reference_1_on": reference_1,
        "reference_2_on": reference_2,
        "dbs_checked_on": checked,
        "dbs_expires_on": expires,
        "trained_on": trained,
        "max_partners": max_partners,
        "status": status,
    }
    area = np.array([area_letters(p) for p in postcode.tolist()])
    return Volunteers(columns, status, trained, until, max_partners, area)


def _journeys(
    rng: np.random.Generator, status: np.ndarray, days: int, end: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """When each volunteer first enquired, finished training (NO_DATE if not yet), and
    stopped taking partners (a pause or leaving; NEVER for active ones)."""
    n = len(status)
    joined = np.select(
        [status == "enquiry", status == "in_training"],
        [end - uniform_days(rng, 0, 45, n), end - uniform_days(rng, 20, 150, n)],
        end - uniform_days(rng, 150, days + 3 * 365, n),
    )
    trained = np.where(np.isin(status, TRAINED), joined + uniform_days(rng, 30, 90, n), NO_DATE)
    paused_on = np.maximum(trained + 14, end - uniform_days(rng, 14, 180, n))
    left_on = trained + uniform_days(rng, 30, np.maximum(end - 14 - trained - 30, 30), n)
    until = np.select([status == "paused", status == "left"], [paused_on, left_on], NEVER)
    return joined, trained, until


def _travel_km(rng: np.random.Generator, status: np.ndarray) -> list[float | None]:
    """How far each will travel; half of those only enquiring have not said yet."""
    n = len(status)
    km = np.round(rng.uniform(3, 25, n), 1).tolist()
    unsaid = ((status == "enquiry") & (rng.random(n) < 0.5)).tolist()
    return [None if skip else value for value, skip in zip(km, unsaid, strict=True)]


def _dbs(
    rng: np.random.Generator, status: np.ndarray, joined: np.ndarray, last_day: np.ndarray, end: int
) -> tuple[np.ndarray, np.ndarray]:
    """The latest DBS check (renewed every three years while volunteering) and its expiry;
    enquiries have none yet, and some trainees are still waiting for theirs."""
    n = len(status)
    first = joined + uniform_days(rng, 14, 60, n)
    renewals = np.maximum((last_day - first) // int(DBS_YEARS * DAYS_PER_YEAR), 0)
    lapsed = (status == "active") & (renewals > 0) & (rng.random(n) < DBS_LAPSED)
    renewals = renewals - lapsed
    checked = first.copy()
    for step in range(1, int(renewals.max(initial=0)) + 1):
        due = renewals >= step
        checked[due] = add_years(first[due], DBS_YEARS * step) + uniform_days(
            rng, -20, 0, int(due.sum())
        )
    has_check = (status != "enquiry") & (checked <= end)
    has_check &= (status != "in_training") | (rng.random(n) < 0.6)
    checked = np.where(has_check, checked, NO_DATE)
    expires = np.where(
        has_check, add_years(np.where(has_check, checked, first), DBS_YEARS), NO_DATE
    )
    return checked, expires


def _references(
    rng: np.random.Generator, status: np.ndarray, joined: np.ndarray, end: int
) -> tuple[np.ndarray, np.ndarray]:
    """Two references before training; trainees may still be waiting for the second."""
    n = len(status)
    first = joined + uniform_days(rng, 7, 30, n)
    second = first + uniform_days(rng, 0, 21, n)
    first_in = (status != "enquiry") & (first <= end)
    second_in = first_in & (second <= end) & ((status != "in_training") | (rng.random(n) < 0.5))
    return np.where(first_in, first, NO_DATE), np.where(second_in, second, NO_DATE)


def _languages(rng: np.random.Generator, n: int) -> list[str]:
    second = pick(rng, phrases.VOLUNTEER_SECOND_LANGUAGES, n)
    speaks = rng.random(n) < 0.15
    return [
        f"English;{s}" if b else "English"
        for s, b in zip(second.tolist(), speaks.tolist(), strict=True)
    ]


def _interests(rng: np.random.Generator, n: int) -> list[str]:
    options = phrases.VOLUNTEER_INTERESTS
    counts = rng.integers(2, 5, size=n)
    return [";".join(rng.choice(options, size=c, replace=False).tolist()) for c in counts.tolist()]


def _available_days(rng: np.random.Generator, n: int) -> list[str]:
    codes = np.array(DAY.codes)
    p = _DAY_WEIGHTS / _DAY_WEIGHTS.sum()
    counts = rng.integers(1, 5, size=n)
    return [
        ";".join(codes[np.sort(rng.choice(len(codes), size=c, replace=False, p=p))].tolist())
        for c in counts.tolist()
    ]


@dataclass
class _Roster:
    """Who is free to take a partner on a given day, as partnerships are handed out."""

    volunteers: Volunteers
    #: For each volunteer, the day each of their partner slots frees up.
    busy_until: np.ndarray

    @classmethod
    def of(cls, volunteers: Volunteers) -> _Roster:
        slots = np.full((len(volunteers.status), 2), NO_DATE, dtype=np.int64)
        slots[volunteers.max_partners < 2, 1] = NEVER
        return cls(volunteers, slots)

    def choose(self, rng: np.random.Generator, start: int, last: int, area: str) -> int | None:
        v = self.volunteers
        free = (self.busy_until < start).any(axis=1)
        eligible = free & (v.trained != NO_DATE) & (v.trained <= start) & (v.until >= last)
        candidates = np.flatnonzero(eligible)
        if not len(candidates):
            return None
        weight = np.where(v.area[candidates] == area, SAME_AREA_PREFERENCE, 1.0)
        return int(rng.choice(candidates, p=weight / weight.sum()))

    def book(self, volunteer: int, start: int, last: int) -> None:
        slot = int(np.argmax(self.busy_until[volunteer] < start))
        self.busy_until[volunteer, slot] = last


@dataclass(frozen=True)
class _Partnership:
    """One partnership's dates and status as they stand on the as-of date."""

    status: str
    proposed_on: int
    introduced_on: int | None
    started_on: int | None
    ended_on: int | None
    end_reason: str | None


def build_partnerships(
    rng: np.random.Generator, volunteers: Volunteers, cases: Cases, homes: np.ndarray, end: int
) -> Columns:
    """A partnership for each citizen advocacy case once a volunteer is free; a few end at
    the introductions and the coordinator proposes someone else."""
    roster = _Roster.of(volunteers)
    rows: list[tuple[int, int, _Partnership]] = []
    for index in np.flatnonzero(cases.types == "citizen").tolist():
        closed = int(cases.closed[index])
        person = int(cases.person[index])
        area = area_letters(str(homes[person]))
        proposed = int(cases.opened[index]) + _days(rng, 3, 30)
        for attempt in range(2):
            if proposed > end or (closed != NO_DATE and proposed > closed):
                break
            fails = attempt == 0 and rng.random() < INTRODUCTION_FAILS
            stage = _partnership(rng, proposed, closed, str(cases.reason[index]), fails, end)
            last = NEVER if stage.ended_on is None else stage.ended_on
            volunteer = roster.choose(rng, proposed, last, area)
            if volunteer is None:
                break
            roster.book(volunteer, proposed, last)
            rows.append((volunteer + 1, person + 1, stage))
            if not fails:
                break
            proposed = last + _days(rng, 7, 21)
    return {
        "id": np.arange(1, len(rows) + 1),
        "volunteer_id": [volunteer for volunteer, _, _ in rows],
        "person_id": [person for _, person, _ in rows],
        **{
            name: [getattr(stage, name) for _, _, stage in rows]
            for name in (
                "status",
                "proposed_on",
                "introduced_on",
                "started_on",
                "ended_on",
                "end_reason",
            )
        },
    }


def _days(rng: np.random.Generator, low: int, high: int) -> int:
    return int(rng.integers(low, high + 1))


def _partnership(
    rng: np.random.Generator, proposed: int, closed: int, reason: str, fails: bool, end: int
) -> _Partnership:
    introduced = proposed + _days(rng, 7, 28)
    started = introduced + _days(rng, 7, 35)
    ended: int | None = None
    end_reason: str | None = None
    if fails and introduced <= end and (closed == NO_DATE or introduced <= closed):
        ended, end_reason, started = introduced, _draw(rng, PARTNERSHIP_END_AT_INTRODUCTION), NEVER
    elif closed != NO_DATE:
        ended = closed
        end_reason = PARTNERSHIP_END.get(reason) or _draw(rng, PARTNERSHIP_END_OTHERWISE)
    limit = end if ended is None else min(end, ended)
    introduced_on = introduced if introduced <= limit else None
    started_on = started if started <= limit else None
    if ended is not None:
        status = "ended"
    elif started_on is not None:
        status = "active"
    elif introduced_on is not None:
        status = "introduced"
    else:
        status = "proposed"
    return _Partnership(status, proposed, introduced_on, started_on, ended, end_reason)


def _draw(rng: np.random.Generator, table: Weighted) -> str:
    return str(table.draw(rng, 1)[0])


def build_profiles(
    rng: np.random.Generator,
    referrals: Referrals,
    partnerships: Columns,
    end: int,
) -> Columns:
    """Matching profiles for the people referred for citizen advocacy who have no
    partnership: the partners a coordinator is trying to match."""
    partnered = set(np.asarray(partnerships["person_id"]).tolist())
    citizen = np.flatnonzero(referrals.types == "citizen")
    people: dict[int, int] = {}
    for index in citizen.tolist():
        person = int(referrals.person[index]) + 1
        if person not in partnered:
            people[person] = min(people.get(person, end), int(referrals.received[index]))
    ids = sorted(people)
    n = len(ids)
    required = rng.random(n) < 0.1
    second = pick(rng, phrases.VOLUNTEER_SECOND_LANGUAGES, n)
    sex_required = rng.random(n) < 0.15
    return {
        "id": np.arange(1, n + 1),
        "person_id": ids,
        "interests": _interests(rng, n),
        "languages": [f"english;{s.lower()}" if r else "english"
                      for s, r in zip(second.tolist(), required.tolist(), strict=True)],
        "required_language": [s.lower() if r else ""
                              for s, r in zip(second.tolist(), required.tolist(), strict=True)],
        "preferred_sex": np.where(
            sex_required, np.where(rng.random(n) < 0.7, "female", "male"), ""
        ),
        "sex_required": sex_required,
        "available_days": _available_days(rng, n),
        "has_pets": rng.random(n) < 0.25,
        "smoke_free_required": rng.random(n) < 0.2,
        "other_requirement": [""] * n,
        "ideal_advocate": [""] * n,
        "waiting_since": [people[i] for i in ids],
    }  # fmt: skip


def available_times(rng: np.random.Generator, volunteers: Volunteers) -> list[str]:
    """The times of day each volunteer is usually free: one or two, mornings and
    afternoons likelier than evenings."""
    codes = np.array(TIME_OF_DAY.codes)
    p = np.array([0.4, 0.4, 0.2])
    counts = rng.integers(1, 3, size=len(volunteers.status))
    return [
        ";".join(codes[np.sort(rng.choice(len(codes), size=c, replace=False, p=p))].tolist())
        for c in counts.tolist()
    ]


def supervision_dates(rng: np.random.Generator, volunteers: Volunteers, end: int) -> np.ndarray:
    """When each active volunteer was last supervised: within the last ten weeks."""
    active = volunteers.status == "active"
    return np.where(active, end - rng.integers(0, 70, size=len(active)), NO_DATE)
