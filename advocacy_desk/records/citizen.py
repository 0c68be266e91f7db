"""Citizen advocacy as the services return it: volunteers, partnerships, a person's
place in it, and its figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from advocacy_desk.domain.volunteers import CURRENT, VolunteerDetails


@dataclass(frozen=True)
class VolunteerRecord:
    id: int
    volunteer_ref: str
    details: VolunteerDetails
    partners: int

    @property
    def full_name(self) -> str:
        return f"{self.details.given_name} {self.details.family_name}"


@dataclass(frozen=True)
class Saved:
    """A saved volunteer, with anything the coordinator should know about what was saved."""

    record: VolunteerRecord
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class DueItem:
    volunteer_ref: str
    name: str
    what: str
    due_on: date


@dataclass(frozen=True)
class PartnershipRecord:
    id: int
    volunteer_ref: str
    volunteer_name: str
    person_ref: str
    person_name: str
    status: str
    proposed_on: date
    introduced_on: date | None
    started_on: date | None
    ended_on: date | None
    end_reason: str | None
    next_review_on: date | None


@dataclass(frozen=True)
class PersonCitizen:
    """A person's place in citizen advocacy: their matching profile and partnerships."""

    has_profile: bool
    #: The day they began waiting for a match (when the profile was first made).
    waiting_since: date | None
    #: Oldest first.
    partnerships: tuple[PartnershipRecord, ...]

    @property
    def current(self) -> PartnershipRecord | None:
        """The partnership proposed, introduced or active, if any."""
        return next((p for p in self.partnerships if p.status in CURRENT), None)


@dataclass(frozen=True)
class CitizenFigures:
    as_of: date
    active_volunteers: int
    active_partnerships: int
    average_partnership_days: float | None
    partners_waiting: int
    longest_wait_days: int | None
    median_wait_days: float | None
