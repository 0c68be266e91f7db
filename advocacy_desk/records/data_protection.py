"""Retention, legal holds and anonymising, as the Data protection page lists them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class RetentionRow:
    """A record past its retention period, to anonymise or keep."""

    person_id: int
    person_ref: str
    name: str
    #: When the person's involvement ended (see the module's notes), and how.
    last_closed_on: date
    ended_by: str
    years_since: int
    #: Why the record was kept before, when a hold's review date has come.
    held_reason: str | None = None
    review_on: date | None = None


@dataclass(frozen=True)
class Hold:
    person_id: int
    person_ref: str
    reason: str
    review_on: date | None
    held_by: str


@dataclass(frozen=True)
class Anonymised:
    person_id: int
    person_ref: str
    anonymised_at: datetime
