"""Data protection: subject access, the retention period, and anonymising a record.

:class:`DataProtectionService` is one service (``services.data_protection``) with one
permission (``data_protection``), put together from three parts, one for each reason
it changes:

- :mod:`.subject_access` (:class:`SubjectAccessPart`): gathering everything held about
  one person, and writing it out as a PDF and JSON;
- :mod:`.retention` (:class:`RetentionPart`): the retention period, whose record is due
  for anonymising, and keeping a record past its time;
- :mod:`.anonymising` (:class:`AnonymisingPart`): replacing everything that identifies
  a person, all of it or none, keeping every code the monitoring return counts.

Why parts of one class rather than three services: callers, the window and the command
line, and the access check in ``tests/services/test_access.py``, know one service by one
name, and each part reads the same unit of work, identity and clock
(:class:`~advocacy_desk.services.access.GuardedService`). Each part is a
``GuardedService`` of its own, so it can be read, typed and changed alone; what
retention and anonymising share (the person who must not be anonymised already, the
partnerships still open) is in :mod:`.base`. The parts never import this module, so
there is no import circle.

Every name the module had before it was split is still importable from here.
"""

from __future__ import annotations

from sqlalchemy import select

from advocacy_desk.db.models import Person
from advocacy_desk.domain.errors import NotFound
from advocacy_desk.services import audit_writer as audit
from advocacy_desk.services.access import Permission, requires
from advocacy_desk.services.data_protection.anonymising import (
    ANONYMISE_REASON_MESSAGE,
    REMOVED_LETTER_TEXT,
    REPORT_KEPT_KEYS,
    AnonymisingPart,
    StillOpen,
    removed_letter,
)
from advocacy_desk.services.data_protection.base import CURRENT_PARTNERSHIP, AlreadyAnonymised
from advocacy_desk.services.data_protection.retention import (
    ENDED_WITHOUT_CASE,
    KEEP_REASON_MESSAGE,
    RETENTION_KEY,
    REVIEW_MESSAGE,
    RetentionPart,
)
from advocacy_desk.services.data_protection.subject_access import (
    PROVIDER_KEY,
    SubjectAccessPart,
    draft_fields,
)
from advocacy_desk.services.references import find_by_reference

__all__ = [
    "ANONYMISE_REASON_MESSAGE",
    "CURRENT_PARTNERSHIP",
    "ENDED_WITHOUT_CASE",
    "KEEP_REASON_MESSAGE",
    "PROVIDER_KEY",
    "REMOVED_LETTER_TEXT",
    "REPORT_KEPT_KEYS",
    "RETENTION_KEY",
    "REVIEW_MESSAGE",
    "AlreadyAnonymised",
    "AnonymisingPart",
    "DataProtectionService",
    "RetentionPart",
    "StillOpen",
    "SubjectAccessPart",
    # The module writing the audit trail (``services.audit_writer``), by the name it had
    # before the split: patching ``advocacy_desk.services.data_protection.audit.record``
    # patches the function keeping and anonymising record with.
    "audit",
    "draft_fields",
    "removed_letter",
]

_DP = Permission.DATA_PROTECTION


class DataProtectionService(SubjectAccessPart, RetentionPart, AnonymisingPart):
    """Subject access, retention and anonymising, for managers (see the module's notes)."""

    @requires(_DP, what="handle subject access and retention")
    def person_id(self, person_ref: str) -> int:
        """The id of the person with reference ``person_ref`` (any case), or ``NotFound``."""
        with self._uow(read_only=True) as uow:
            found = find_by_reference(uow.session, select(Person.id), Person.person_ref,
                                      person_ref)  # fmt: skip
        if found is None:
            raise NotFound(f'no person with reference "{person_ref.strip()}"')
        return found
