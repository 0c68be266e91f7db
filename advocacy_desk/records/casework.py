"""Casework as the services return it: caseloads, a case and its log, hours delivered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from advocacy_desk.domain.casework import Feedback


@dataclass(frozen=True)
class CaseloadRow:
    case_id: int
    case_ref: str
    person_id: int
    person_ref: str
    person_name: str
    advocacy_type: str
    advocate_name: str
    opened_on: date
    minutes: int
    next_action: str
    next_action_on: date | None
    overdue: bool


@dataclass(frozen=True)
class ActivityRow:
    id: int
    occurred_on: date
    kind: str
    minutes: int
    travel_minutes: int
    note: str
    advocate_name: str
    revisions: int


@dataclass(frozen=True)
class ActivityVersion:
    """An activity as it was before an edit."""

    occurred_on: date
    kind: str
    minutes: int
    travel_minutes: int
    note: str
    replaced_at: datetime
    replaced_by: str


@dataclass(frozen=True)
class IssueRow:
    id: int
    category: str
    description: str
    outcome: str | None
    outcome_on: date | None


@dataclass(frozen=True)
class CaseEventRow:
    occurred_on: date
    event: str
    reason: str
    username: str


@dataclass(frozen=True)
class CaseView:
    """Everything the case screen shows above its log."""

    id: int
    case_ref: str
    advocate_id: int
    advocate_name: str
    opened_on: date
    closed_on: date | None
    closure_reason: str | None
    next_action: str
    next_action_on: date | None
    person_id: int
    person_ref: str
    person_name: str
    person_born: date | None
    referral_id: int
    referral_ref: str
    advocacy_type: str
    referral_received_on: date
    referral_notes: str
    minutes: int
    travel_minutes: int
    activities: int
    issues: tuple[IssueRow, ...]
    events: tuple[CaseEventRow, ...]
    feedback: Feedback | None

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


@dataclass(frozen=True)
class HoursRow:
    group: str
    label: str
    minutes: int
    travel_minutes: int
    activities: int
    cases: int


@dataclass(frozen=True)
class PersonCase:
    """One of a person's cases, for their record's history."""

    case_id: int
    case_ref: str
    referral_ref: str
    advocacy_type: str
    advocate_name: str
    opened_on: date
    closed_on: date | None
    closure_reason: str | None
    minutes: int
    outcomes: tuple[str, ...]
