"""Staff: advocates in specialist teams, managers, and volunteer coordinators.

Advocates are qualified for the types their team covers, the way providers
organise (a Care Act team, an IMCA/DoLS team, a mental health team, a complaints
team), so allocation in the demo respects qualifications. In a growing hub some
advocates join part-way through and take only cases opened after they joined.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from advocacy_desk.demo.identity import draw_ages, draw_names, usernames
from advocacy_desk.demo.sampling import checked_code, timestamps, uniform_days, working_time
from advocacy_desk.demo.scales import Scale
from advocacy_desk.demo.tables import ETHNICITIES, VOLUNTEER_SEXES
from advocacy_desk.demo.writer import Columns
from advocacy_desk.domain.vocabulary import ADVOCACY_TYPE

#: The advocacy types each advocates' team takes.
TEAMS: tuple[tuple[str, ...], ...] = (
    ("care_act", "generic", "non_instructed", "peer"),
    ("imca", "rpr", "care_act", "non_instructed"),
    ("imha", "generic", "care_act"),
    ("nhs_complaints", "generic", "peer", "care_act"),
)
if not all(code in ADVOCACY_TYPE for team in TEAMS for code in team):  # pragma: no cover
    raise ValueError("demo teams must take advocacy types from the vocabulary")
#: The order advocates are placed in teams: every team is staffed within the first four,
#: and the Care Act team, with the most referrals, gets the most people.
_TEAM_CYCLE = (0, 1, 2, 3, 0, 1, 2, 0)
CITIZEN = checked_code(ADVOCACY_TYPE, "citizen")
_CAPACITY = {"manager": 5, "volunteer_coordinator": 100, "advocate": 30}
_PART_TIME_CAPACITY = 18


@dataclass(frozen=True)
class Staff:
    columns: Columns
    type_columns: Columns
    ids: np.ndarray
    joined: np.ndarray
    #: For each advocacy type, who takes its cases (staff indices, earliest joiner first).
    takes: dict[str, np.ndarray]

    def allocate(
        self, rng: np.random.Generator, types: np.ndarray, opened: np.ndarray
    ) -> np.ndarray:
        """A staff id for each case: someone who takes that type and had joined by then."""
        chosen = np.zeros(len(types), dtype=np.int64)
        for code, candidates in self.takes.items():
            mask = types == code
            if not mask.any():
                continue
            joined = self.joined[candidates]
            available = np.maximum(np.searchsorted(joined, opened[mask], side="right"), 1)
            index = np.floor(rng.random(int(mask.sum())) * available).astype(np.int64)
            chosen[mask] = self.ids[candidates[index]]
        return chosen


def build_staff(rng: np.random.Generator, scale: Scale, start: int, end: int) -> Staff:
    roles = np.array(
        ["manager"] * scale.managers
        + ["volunteer_coordinator"] * scale.coordinators
        + ["advocate"] * scale.advocates
    )
    n = len(roles)
    joined = _joining_dates(rng, scale, roles, start, end)
    sex = VOLUNTEER_SEXES.draw(rng, n)
    birth_year = (end - draw_ages(rng, ((1.0, 42, 10),), n, 23, 64) * 365.25) // 365.25 + 1
    given, family = draw_names(rng, ETHNICITIES.draw(rng, n), sex, birth_year.astype(np.int64))
    capacity = np.array([_CAPACITY[r] for r in roles])
    part_time = (roles == "advocate") & (rng.random(n) < 0.25)
    capacity[part_time] = _PART_TIME_CAPACITY
    ids = np.arange(1, n + 1)
    qualified = _qualifications(roles)
    columns: Columns = {
        "id": ids,
        "username": usernames(given.tolist(), family.tolist()),
        "full_name": np.char.add(np.char.add(given, " "), family),
        "role": roles,
        "capacity": capacity,
        "active": np.ones(n, dtype=bool),
        "password_hash": [None] * n,
        "created_at": timestamps(joined, working_time(rng, n)),
    }
    type_columns: Columns = {
        "staff_id": np.array([ids[i] for i, codes in enumerate(qualified) for _ in codes]),
        "advocacy_type": np.array([code for codes in qualified for code in codes]),
    }
    return Staff(columns, type_columns, ids, joined, _takers(roles, qualified, joined))


def _joining_dates(
    rng: np.random.Generator, scale: Scale, roles: np.ndarray, start: int, end: int
) -> np.ndarray:
    """Founders joined up to five years before the period; later advocates during it."""
    n = len(roles)
    joined = start - uniform_days(rng, 30, 5 * 365, n)
    advocate_index = np.cumsum(roles == "advocate") - 1
    founders = round(scale.advocates * (1 - scale.joined_during))
    later = (roles == "advocate") & (advocate_index >= founders)
    joined[later] = uniform_days(rng, start, end - 30, int(later.sum()))
    return joined


def _qualifications(roles: np.ndarray) -> list[tuple[str, ...]]:
    qualified: list[tuple[str, ...]] = []
    advocate_number = 0
    for role in roles.tolist():
        if role == "manager":
            qualified.append(ADVOCACY_TYPE.codes)
        elif role == "volunteer_coordinator":
            qualified.append((CITIZEN,))
        else:
            qualified.append(TEAMS[_TEAM_CYCLE[advocate_number % len(_TEAM_CYCLE)]])
            advocate_number += 1
    return qualified


def _takers(
    roles: np.ndarray, qualified: list[tuple[str, ...]], joined: np.ndarray
) -> dict[str, np.ndarray]:
    """Advocates take every type but citizen advocacy, which coordinators hold."""
    takes: dict[str, np.ndarray] = {}
    for code in ADVOCACY_TYPE.codes:
        role = "volunteer_coordinator" if code == CITIZEN else "advocate"
        members = [i for i, r in enumerate(roles.tolist()) if r == role and code in qualified[i]]
        takes[code] = np.array(sorted(members, key=lambda i: (joined[i], i)), dtype=np.int64)
    return takes
