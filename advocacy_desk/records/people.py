"""People as the services return them: a line of the People list, a whole record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from advocacy_desk.domain.people import PersonDetails


@dataclass(frozen=True)
class PersonRow:
    """One line of the People list."""

    id: int
    person_ref: str
    given_name: str
    family_name: str
    date_of_birth: date | None
    postcode: str
    local_authority: str

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


@dataclass(frozen=True)
class PersonRecord:
    """A person's whole record as the form shows it."""

    id: int
    person_ref: str
    version: int
    details: PersonDetails
    referral_count: int

    @property
    def full_name(self) -> str:
        return f"{self.details.given_name} {self.details.family_name}"
