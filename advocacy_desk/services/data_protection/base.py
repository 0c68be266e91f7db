"""What retention and anonymising both stand on: the person whose record is acted on
must exist, be the caller's to act on, and not be anonymised already; and which
citizen advocacy partnerships count as not yet ended.

Subject access does not stand on it: it reads an anonymised record as readily as any
other (what is left of it is still held about the person).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from advocacy_desk.db.models import Person
from advocacy_desk.domain.dates import stored_utc
from advocacy_desk.domain.errors import AdvocacyDeskError, NotFound
from advocacy_desk.services.access import GuardedService

#: Partnerships that have not ended yet: work still open, for the retention clock and
#: for the refusal to anonymise.
CURRENT_PARTNERSHIP = ("proposed", "introduced", "active")


class AlreadyAnonymised(AdvocacyDeskError):
    """The person's details were replaced already: there is nothing more to remove."""


class DataProtectionPart(GuardedService):
    """A part of :class:`~advocacy_desk.services.data_protection.DataProtectionService`
    that changes a person's record (keeping it, anonymising it)."""

    def _person(self, session: Session, person_id: int, what: str) -> Person:
        """The person ``person_id``, checked as the caller's to ``what``; refused with
        :class:`AlreadyAnonymised` when there is nothing left to keep or remove."""
        person = session.get(Person, person_id)
        if person is None:
            raise NotFound(f"no person with id {person_id}")
        self._access.check_person(session, person_id, what)
        if person.anonymised_at is not None:
            when = stored_utc(person.anonymised_at)
            raise AlreadyAnonymised(
                f"{person.person_ref} was anonymised on {when:%d/%m/%Y}: "
                "their details were replaced then, so there is nothing more to remove or keep"
            )
        return person
