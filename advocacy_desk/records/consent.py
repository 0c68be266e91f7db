"""A person's parties and consents, as the services return them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from advocacy_desk.domain.consent import stands
from advocacy_desk.domain.vocabulary import PARTY_ROLE


@dataclass(frozen=True)
class PartyRecord:
    id: int
    person_id: int
    name: str
    role: str
    organisation: str

    @property
    def label(self) -> str:
        """ "Sam Jones, Social worker (Essex County Council)"."""
        where = f" ({self.organisation})" if self.organisation else ""
        return f"{self.name}, {PARTY_ROLE.label(self.role)}{where}"


@dataclass(frozen=True)
class ConsentRecord:
    """One consent as recorded; a withdrawn one keeps everything it held."""

    id: int
    person_id: int
    kind: str
    party_id: int | None
    #: The party's label ("Sam Jones, Social worker (Essex County Council)"), or "".
    party_label: str
    given_on: date
    how: str
    reason: str
    recorded_by: str
    #: When it was recorded, in UTC.
    recorded_at: datetime
    withdrawn_on: date | None
    withdrawn_reason: str
    has_attachment: bool
    attachment_name: str

    def standing(self, on: date) -> bool:
        """Given on or before ``on`` and not withdrawn by then."""
        return stands(self.given_on, self.withdrawn_on, on)
