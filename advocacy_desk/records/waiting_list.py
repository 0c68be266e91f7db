"""The ranked waiting list: its rows read lazily (people's details a page at a time),
filtered and written out without touching the database again; its headline figures,
a referral's score explained and its history, advocates' loads, and what a new matrix
would do to the ranks."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import numpy as np

from advocacy_desk.domain.clearing import ClearingEstimate
from advocacy_desk.domain.dates import format_uk
from advocacy_desk.domain.matrix import NO_DATE, POINT_KEYS, BreakdownLine, Score, Scores
from advocacy_desk.domain.referrals import MATRIX_FIELDS

#: The person's details a row needs: reference, given name, family name, local authority.
PersonDetailsById = dict[int, tuple[str, str, str, str]]
#: How many rows' people are read at once when rows are asked for one by one.
DETAILS_PAGE = 200


def history_row(
    referral_id: int,
    as_of: date,
    matrix_version: int,
    points: Mapping[str, int],
    incomplete: bool,
    answers: Mapping[str, object],
    event: str,
    user: str,
    note: str,
) -> dict[str, Any]:
    """One row of a referral's score history, as the ``referral_score`` table takes it."""
    return {
        "referral_id": referral_id,
        "recorded_at": datetime.now(UTC),
        "scored_on": as_of,
        "matrix_version": matrix_version,
        "score": sum(points.values()),
        "points": json.dumps(dict(points)),
        "answers": json.dumps(dict(answers)),
        "incomplete": incomplete,
        "event": event,
        "username": user,
        "note": note,
    }


@dataclass(frozen=True)
class WaitingRow:
    """One line of the ranked waiting list."""

    rank: int
    referral_id: int
    referral_ref: str
    person_id: int
    person_ref: str
    person_name: str
    advocacy_type: str
    received_on: date
    days_waiting: int
    decision_due_on: date | None
    statutory: bool
    incomplete: bool
    area: str
    contract_id: int | None
    score: int
    points: Mapping[str, int]

    def as_dict(self) -> dict[str, Any]:
        """The row as the command line's JSON gives it."""
        return {
            "rank": self.rank,
            "referral_ref": self.referral_ref,
            "person_ref": self.person_ref,
            "score": self.score,
            "points": dict(self.points),
            "days_waiting": self.days_waiting,
            "statutory": self.statutory,
            "incomplete": self.incomplete,
        }


@dataclass(frozen=True)
class WaitingFilter:
    """What the list may be narrowed to; ``None`` means any."""

    advocacy_type: str | None = None
    statutory: bool | None = None
    area: str | None = None
    contract_id: int | None = None


class WaitingList:
    """The ranked list for one day.

    It holds the columns as read (one tuple per column, in no particular order) and the
    ranking (``order[rank - 1]`` is where that referral sits in them); a row is made only
    when asked for, so ranking 100,000 referrals builds no 100,000 objects.
    """

    def __init__(
        self,
        as_of: date,
        matrix_version: int,
        columns: Mapping[str, Sequence[Any]],
        scores: Scores,
        received: np.ndarray,
        decision_due: np.ndarray,
        statutory: np.ndarray,
        order: np.ndarray,
        people: Callable[[Sequence[int] | None], PersonDetailsById],
    ) -> None:
        self.as_of = as_of
        self.matrix_version = matrix_version
        self._c = columns
        self._scores = scores
        self._received = received
        self._decision_due = decision_due
        self._statutory = statutory
        self._order = order
        self._read_people = people
        self._people: PersonDetailsById = {}
        self._all_people = False

    def __len__(self) -> int:
        return len(self._order)

    def _person(self, position: int) -> tuple[str, str, str, str]:
        person_id = self._c["person_id"][int(self._order[position])]
        if person_id not in self._people:
            start = position - position % DETAILS_PAGE
            page = self._order[start : start + DETAILS_PAGE].tolist()
            self._people.update(self._read_people([self._c["person_id"][i] for i in page]))
        return self._people[person_id]

    def _every_person(self) -> PersonDetailsById:
        if not self._all_people:
            self._people = self._read_people(None)
            self._all_people = True
        return self._people

    def row(self, position: int) -> WaitingRow:
        """The row ranked ``position + 1``."""
        i = int(self._order[position])
        c, scores = self._c, self._scores
        decision = int(self._decision_due[i])
        person_ref, given, family, area = self._person(position)
        return WaitingRow(
            rank=position + 1,
            referral_id=c["id"][i],
            referral_ref=c["referral_ref"][i],
            person_id=c["person_id"][i],
            person_ref=person_ref,
            person_name=f"{given} {family}",
            advocacy_type=c["advocacy_type"][i],
            received_on=date.fromordinal(int(self._received[i])),
            days_waiting=int(scores.days_waiting[i]),
            decision_due_on=None if decision == NO_DATE else date.fromordinal(decision),
            statutory=bool(self._statutory[i]),
            incomplete=bool(scores.incomplete[i]),
            area=area,
            contract_id=c["contract_id"][i],
            score=int(scores.total[i]),
            points=dict(zip(POINT_KEYS, scores.points[i].tolist(), strict=True)),
        )

    def __iter__(self) -> Iterator[WaitingRow]:
        if len(self) > DETAILS_PAGE:
            self._every_person()
        return (self.row(i) for i in range(len(self)))

    def positions(self, wanted: WaitingFilter) -> list[int]:
        """The positions (0-based ranks) of the rows ``wanted`` keeps, in rank order."""
        keep = np.ones(len(self), dtype=bool)
        for name, value in (
            ("advocacy_type", wanted.advocacy_type),
            ("contract_id", wanted.contract_id),
        ):
            if value is not None:
                keep &= np.fromiter((v == value for v in self._c[name]), bool, count=len(self))
        if wanted.area is not None:
            people = self._every_person()
            keep &= np.fromiter(
                (people[p][3] == wanted.area for p in self._c["person_id"]), bool, count=len(self)
            )
        if wanted.statutory is not None:
            keep &= self._statutory == wanted.statutory
        found: list[int] = np.flatnonzero(keep[self._order]).tolist()
        return found

    def history_rows(self, event: str, user: str, note: str) -> Iterator[dict[str, Any]]:
        """Every referral's score as a row for its history (see ``record_score``)."""
        c, scores = self._c, self._scores
        for i, referral_id in enumerate(c["id"]):
            answers: dict[str, object] = {k: c[k][i] for k in (*MATRIX_FIELDS, "safeguarding")}
            decision = int(self._decision_due[i])
            answers["decision_due_on"] = (
                "" if decision == NO_DATE else format_uk(date.fromordinal(decision))
            )
            points = dict(zip(POINT_KEYS, scores.points[i].tolist(), strict=True))
            yield history_row(
                referral_id, self.as_of, self.matrix_version, points,
                bool(scores.incomplete[i]), answers, event, user, note,
            )  # fmt: skip

    def position_of(self, referral_id: int) -> int | None:
        """The position (rank - 1) of ``referral_id``, or None if it is not on the list."""
        where = np.flatnonzero(np.asarray(self._c["id"], dtype=np.int64) == referral_id)
        if not len(where):
            return None
        position = np.flatnonzero(self._order == where[0])
        return int(position[0])

    def areas(self) -> list[str]:
        """The local authorities of the people waiting, for the area filter."""
        return sorted({details[3] for details in self._every_person().values() if details[3]})

    @property
    def statutory_count(self) -> int:
        return int(np.count_nonzero(self._statutory))

    @property
    def days_waiting(self) -> list[int]:
        waited: list[int] = self._scores.days_waiting.tolist()
        return waited


#: Why a history row was written.
EVENTS = {
    "referred": "Referred",
    "answers": "Matrix answers revised",
    "override": "Manager override",
    "matrix": "Matrix changed",
}


@dataclass(frozen=True)
class Headline:
    """The figures above the waiting list."""

    as_of: date
    waiting: int
    median_wait_days: float | None
    longest_wait_days: int | None
    statutory_waiting: int
    allocated_last_12_weeks: int
    referred_last_12_weeks: int
    #: When the list clears: the one definition Planning uses too (domain.clearing).
    clearing: ClearingEstimate

    @property
    def clears_on(self) -> date | None:
        """The day the list clears within 12 months at the current rates, else None."""
        return self.clearing.clears_on if self.clearing.clears else None

    @property
    def clearing_text(self) -> str:
        return self.clearing.words


@dataclass(frozen=True)
class Breakdown:
    """Why a referral has its score: the parts, in words, for the side panel."""

    referral_id: int
    referral_ref: str
    person_name: str
    as_of: date
    matrix_version: int
    score: Score
    lines: tuple[BreakdownLine, ...]
    unanswered: tuple[str, ...]
    override_points: int | None
    override_reason: str
    status: str


@dataclass(frozen=True)
class ScoreHistoryEntry:
    recorded_at: datetime
    scored_on: date
    event: str
    matrix_version: int
    score: int
    incomplete: bool
    username: str
    note: str

    @property
    def event_label(self) -> str:
        return EVENTS.get(self.event, self.event)


@dataclass(frozen=True)
class AdvocateLoad:
    """An advocate as the allocation dialog shows them."""

    id: int
    full_name: str
    capacity: int
    open_cases: int
    advocacy_types: tuple[str, ...]

    @property
    def has_room(self) -> bool:
        return self.open_cases < self.capacity

    def covers(self, advocacy_type: str) -> bool:
        return advocacy_type in self.advocacy_types


@dataclass(frozen=True)
class EquityRow:
    group: str
    label: str
    referrals: int
    median_wait_days: float | None


@dataclass(frozen=True)
class RankMove:
    """One waiting referral's place under the current matrix and under another."""

    referral_ref: str
    old_rank: int
    new_rank: int

    @property
    def places(self) -> int:
        """Places moved up (negative: down)."""
        return self.old_rank - self.new_rank


@dataclass(frozen=True)
class RankChanges:
    """What a new matrix would do to the waiting list on one day, before it is saved."""

    as_of: date
    waiting: int
    moved_up: int
    moved_down: int
    #: The biggest moves (up or down), biggest first, at most :data:`BIGGEST_MOVES`.
    biggest: tuple[RankMove, ...]

    @property
    def unchanged(self) -> int:
        return self.waiting - self.moved_up - self.moved_down
