"""Referrals: the form's answers, the Care Act gate, and what became of each one.

Statutory referrals (the gate met, or IMCA, IMHA, RPR) are never declined and
are allocated faster; non-statutory ones wait longer and some are declined. How
long things take is drawn per referral and then scaled so that exactly the
scale's waiting-list size is still waiting on the as-of date, which gives a
realistic spread of waits from days to months whatever the seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from advocacy_desk.demo import phrases
from advocacy_desk.demo.people import DAYS_PER_YEAR, People
from advocacy_desk.demo.plan import Plan
from advocacy_desk.demo.sampling import (
    NO_DATE,
    checked_code,
    pick,
    timestamps,
    working_time,
)
from advocacy_desk.demo.tables import (
    APPROPRIATE_INDIVIDUAL_CARE_ACT,
    APPROPRIATE_INDIVIDUAL_OTHER,
    GATE_EXCEPTIONS,
    LACKS_CAPACITY_TYPES,
    MATRIX_ANSWERED,
    MATRIX_LEVELS,
    PROFILES,
    SAFEGUARDING_IN_ENQUIRY,
    SAFEGUARDING_LEVELS,
    SAFEGUARDING_PROCESSES,
    per_type,
)
from advocacy_desk.demo.writer import Columns
from advocacy_desk.domain.references import REFERRAL, format_ref
from advocacy_desk.domain.vocabulary import (
    REFERRAL_STATUS,
    STATUTORY_TYPES,
    SUBSTANTIAL_DIFFICULTY,
)

ALLOCATED = checked_code(REFERRAL_STATUS, "allocated")
DECLINED = checked_code(REFERRAL_STATUS, "declined")
WITHDRAWN = checked_code(REFERRAL_STATUS, "withdrawn")
WAITING = checked_code(REFERRAL_STATUS, "waiting")
#: Minimum time between recording a referral and recording a change of its status.
STATUS_CHANGE_AFTER_SECONDS = 600
#: Care Act referrals with no area of substantial difficulty recorded are rare.
CARE_ACT_WITH_DIFFICULTY = 0.93


@dataclass(frozen=True)
class Referrals:
    columns: Columns
    types: np.ndarray
    received: np.ndarray
    person: np.ndarray
    status: np.ndarray
    status_on: np.ndarray
    #: True for each person's latest referral (only then can a case end in their death).
    latest: np.ndarray


def build_referrals(
    rng: np.random.Generator,
    plan: Plan,
    people: People,
    end: int,
    waiting: int,
) -> Referrals:
    n = len(plan.received)
    types, process = _fit_to_age(plan, people.birth)
    safeguarding = _safeguarding(rng, process)
    difficulties = _difficulties(rng, types)
    individual, exception = _appropriate_individual(rng, types)
    gate_met = (
        (process != "none")
        & np.logical_or.reduce(list(difficulties.values()))
        & ((individual == "no") | ((individual == "yes") & (exception != "none")))
    )
    statutory = gate_met | np.isin(types, list(STATUTORY_TYPES))
    status, status_on = _outcomes(rng, types, statutory, plan.received, end, waiting)
    updated = np.where(
        status_on == NO_DATE,
        plan.created,
        np.maximum(
            plan.created + STATUS_CHANGE_AFTER_SECONDS, timestamps(status_on, working_time(rng, n))
        ),
    )
    columns: Columns = {
        "id": np.arange(1, n + 1),
        "referral_ref": [format_ref(REFERRAL, i) for i in range(1, n + 1)],
        "person_id": plan.person + 1,
        "received_on": plan.received,
        "source": _sources(rng, types),
        "advocacy_type": types,
        "care_act_process": process,
        "decision_due_on": _decision_dates(rng, types, plan.received),
        "safeguarding": safeguarding,
        **{f"difficulty_{code}": flags for code, flags in difficulties.items()},
        "appropriate_individual": individual,
        "gate_exception": exception,
        "statutory": statutory,
        **_matrix(rng, types, individual, safeguarding),
        "status": status,
        "status_on": status_on,
        "status_reason": _status_reasons(rng, status),
        "notes": _notes(rng, types),
        "created_at": plan.created,
        "updated_at": updated,
        "version": np.ones(n, dtype=np.int64),
    }
    latest_index = np.zeros(plan.person.max() + 1, dtype=np.int64)
    np.maximum.at(latest_index, plan.person, np.arange(n))
    latest = latest_index[plan.person] == np.arange(n)
    return Referrals(columns, types, plan.received, plan.person, status, status_on, latest)


def _fit_to_age(plan: Plan, birth: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A referral while the person is still a child is for a Care Act children's
    assessment (transition at 16 or 17, young carer's before), whatever was planned."""
    types = plan.types.copy()
    process = plan.process.copy()
    born = birth[plan.person]
    age = (plan.received - born) / DAYS_PER_YEAR
    child = (born != NO_DATE) & (age < 18)
    types[child] = "care_act"
    process[child] = np.where(
        age[child] >= 16, "child_transition_assessment", "young_carers_assessment"
    )
    return types, process


def _sources(rng: np.random.Generator, types: np.ndarray) -> np.ndarray:
    source = np.empty(len(types), dtype=object)
    for code, profile in PROFILES.items():
        mask = types == code
        source[mask] = profile.sources.draw(rng, int(mask.sum()))
    return source.astype(str)


def _safeguarding(rng: np.random.Generator, process: np.ndarray) -> np.ndarray:
    n = len(process)
    in_enquiry = np.isin(process, SAFEGUARDING_PROCESSES)
    return np.where(
        in_enquiry, SAFEGUARDING_IN_ENQUIRY.draw(rng, n), SAFEGUARDING_LEVELS.draw(rng, n)
    )


def _difficulties(rng: np.random.Generator, types: np.ndarray) -> dict[str, np.ndarray]:
    n = len(types)
    chance = per_type(types, lambda p: p.difficulty)
    flags = {code: rng.random(n) < chance for code in SUBSTANTIAL_DIFFICULTY.codes}
    none = ~np.logical_or.reduce(list(flags.values()))
    top_up = none & (types == "care_act") & (rng.random(n) < CARE_ACT_WITH_DIFFICULTY)
    flags["understanding"] = flags["understanding"] | top_up
    return flags


def _appropriate_individual(
    rng: np.random.Generator, types: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    n = len(types)
    care_act = types == "care_act"
    individual = np.where(
        care_act,
        APPROPRIATE_INDIVIDUAL_CARE_ACT.draw(rng, n),
        APPROPRIATE_INDIVIDUAL_OTHER.draw(rng, n),
    )
    exception = np.where(care_act & (individual == "yes"), GATE_EXCEPTIONS.draw(rng, n), "none")
    return individual, exception


def _decision_dates(
    rng: np.random.Generator, types: np.ndarray, received: np.ndarray
) -> np.ndarray:
    """Meeting or decision dates, never before the referral arrived (often still ahead)."""
    n = len(types)
    chance = per_type(types, lambda p: p.decision_due[0])
    low = per_type(types, lambda p: p.decision_due[1])
    high = per_type(types, lambda p: p.decision_due[2])
    days = low + np.floor(rng.random(n) * (high - low + 1))
    return np.where(rng.random(n) < chance, received + days.astype(np.int64), NO_DATE)


def _matrix(
    rng: np.random.Generator, types: np.ndarray, individual: np.ndarray, safeguarding: np.ndarray
) -> dict[str, list[Any]]:
    """The four matrix answers, higher where the situation calls for it; a few referrals
    are not scored yet, and some lack only the capacity answer."""
    n = len(types)

    def levels(raise_by: np.ndarray) -> np.ndarray:
        drawn = rng.choice(4, size=n, p=MATRIX_LEVELS) + 1
        return np.minimum(drawn + raise_by.astype(np.int64), 4)

    answered = rng.random(n) < MATRIX_ANSWERED
    voice_answered = answered & (rng.random(n) < 0.96)
    values = {
        "complexity": (levels(safeguarding != "none"), answered),
        "impact": (levels(np.zeros(n, dtype=bool)), answered),
        "support_network": (levels(individual == "no"), answered),
        "capacity_voice": (levels(np.isin(types, LACKS_CAPACITY_TYPES)), voice_answered),
    }
    return {name: _nullable(level, mask) for name, (level, mask) in values.items()}


def _nullable(values: np.ndarray, present: np.ndarray) -> list[int | None]:
    return [v if p else None for v, p in zip(values.tolist(), present.tolist(), strict=True)]


def _outcomes(
    rng: np.random.Generator,
    types: np.ndarray,
    statutory: np.ndarray,
    received: np.ndarray,
    end: int,
    waiting: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Each referral's fate and when it came, with exactly ``waiting`` still undecided.

    Every referral gets a relative delay ``z`` (statutory ones short, citizen advocacy
    matching long); the actual delay is ``scale * z`` days, with ``scale`` chosen so
    that the requested number of referrals are still waiting on the last day.
    """
    n = len(types)
    u = rng.random(n)
    withdraw = per_type(types, lambda p: p.withdraw)
    decline = np.where(statutory, 0.0, per_type(types, lambda p: p.decline))
    fate = np.where(u < withdraw, WITHDRAWN, np.where(u < withdraw + decline, DECLINED, ALLOCATED))
    relative = np.select(
        [fate == DECLINED, fate == WITHDRAWN, statutory],
        [rng.gamma(2.0, 0.25, n), rng.gamma(1.5, 1.0, n), rng.gamma(2.0, 0.35, n)],
        rng.gamma(0.9, 2.0, n),
    )
    relative = np.where(types == "citizen", relative * 2, relative) + 1e-6
    threshold = (end - received + 1) / relative
    count = min(max(waiting, 1), n)
    scale = np.partition(threshold, count - 1)[count - 1]
    still_waiting = threshold <= scale
    delay = np.minimum(np.floor(scale * relative).astype(np.int64), end - received)
    status = np.where(still_waiting, WAITING, fate)
    status_on = np.where(still_waiting, NO_DATE, received + delay)
    return status, status_on


def _status_reasons(rng: np.random.Generator, status: np.ndarray) -> np.ndarray:
    n = len(status)
    return np.select(
        [status == DECLINED, status == WITHDRAWN],
        [pick(rng, phrases.DECLINED_REASONS, n), pick(rng, phrases.WITHDRAWN_REASONS, n)],
        "",
    )


def _notes(rng: np.random.Generator, types: np.ndarray) -> np.ndarray:
    notes = np.full(len(types), "", dtype=object)
    written = rng.random(len(types)) < 0.7
    for code, options in phrases.REFERRAL_NOTES.items():
        mask = (types == code) & written
        notes[mask] = pick(rng, options, int(mask.sum()))
    return notes.astype(str)
