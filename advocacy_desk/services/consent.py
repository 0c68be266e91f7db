"""Consent: to advocacy involvement, and to share information with named parties.

A consent is given on a day, in a way (verbal, written, a signed form scanned, or, for a
person who cannot instruct, the advocate's decision with the reason) and may later be
withdrawn; withdrawing dates it and never deletes it.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from advocacy_desk.db.models import Consent, ConsentAttachment, Party, Person
from advocacy_desk.domain.consent import (
    AdvocacyConsentStatus,
    ConsentDetails,
    check_details,
    clean_file_name,
    stands,
    withdrawal_problems,
)
from advocacy_desk.domain.dates import stored_utc
from advocacy_desk.domain.errors import NotFound, ValidationError
from advocacy_desk.domain.text import control_character_errors
from advocacy_desk.domain.vocabulary import PARTY_ROLE
from advocacy_desk.records.consent import ConsentRecord, PartyRecord
from advocacy_desk.services import audit_writer
from advocacy_desk.services.access import GuardedService, Permission, requires

#: Who may read a person's consents and parties (row by row, like their record).
READ = (Permission.PEOPLE_ALL, Permission.PEOPLE_READ, Permission.PEOPLE_OWN,
        Permission.PEOPLE_CITIZEN)  # fmt: skip
#: Who may record them.
CHANGE = (Permission.PEOPLE_ALL, Permission.PEOPLE_OWN, Permission.PEOPLE_CITIZEN)

__all__ = [
    "AdvocacyConsentStatus",
    "ConsentDetails",
    "ConsentRecord",
    "ConsentService",
    "PartyRecord",
]


def _party(row: Party) -> PartyRecord:
    return PartyRecord(row.id, row.person_id, row.name, row.role, row.organisation)


def _consent(row: Consent, party: Party | None, attachment_name: str | None) -> ConsentRecord:
    return ConsentRecord(
        id=row.id, person_id=row.person_id, kind=row.kind, party_id=row.party_id,
        party_label=_party(party).label if party is not None else "", given_on=row.given_on,
        how=row.how, reason=row.reason, recorded_by=row.recorded_by,
        recorded_at=stored_utc(row.recorded_at), withdrawn_on=row.withdrawn_on,
        withdrawn_reason=row.withdrawn_reason, has_attachment=attachment_name is not None,
        attachment_name=attachment_name or "",
    )  # fmt: skip


class ConsentService(GuardedService):
    # -- parties ----------------------------------------------------------------------

    @requires(*READ, what="see who a person's information may be shared with")
    def parties(self, person_id: int) -> list[PartyRecord]:
        with self._uow(read_only=True) as uow:
            self._access.check_person(uow.session, person_id, "see their parties")
            rows = uow.session.scalars(
                select(Party).where(Party.person_id == person_id).order_by(Party.name)
            )
            return [_party(r) for r in rows]

    @requires(*CHANGE, what="record who a person's information may be shared with")
    def add_party(self, person_id: int, name: str, role: str, organisation: str = ""
                  ) -> PartyRecord:  # fmt: skip
        errors = control_character_errors(
            {"name": name, "organisation": organisation},
            {"name": "Name", "organisation": "Organisation"},
        )
        name, organisation = " ".join(name.split()), " ".join(organisation.split())
        if not name:
            errors["name"] = "Name: write the person's or the office's name."
        elif len(name) > 200:
            errors["name"] = "Name: at most 200 characters."
        if role not in PARTY_ROLE:
            labels = ", ".join(label for _, label in PARTY_ROLE.items)
            errors["role"] = f"Role: choose one of {labels}."
        if len(organisation) > 200:
            errors["organisation"] = "Organisation: at most 200 characters."
        if errors:
            raise ValidationError(errors)
        with self._uow() as uow:
            self._person(uow.session, person_id, "record their parties")
            row = Party(person_id=person_id, name=name, role=role, organisation=organisation)
            uow.session.add(row)
            uow.session.flush()
            made = audit_writer.created({"name": name, "role": role, "organisation": organisation})
            audit_writer.record(uow.session, self._user, "create", "party", row.id,
                                {"person_id": person_id, **made})  # fmt: skip
            record = _party(row)
            uow.commit()
            return record

    # -- consents ---------------------------------------------------------------------

    @requires(*READ, what="see a person's consents")
    def consents(self, person_id: int) -> list[ConsentRecord]:
        """The person's consents, most recently given first (withdrawn ones too)."""
        with self._uow(read_only=True) as uow:
            self._person(uow.session, person_id, "see their consents")
            return self._consents(uow.session, person_id)

    @requires(*CHANGE, what="record a person's consent")
    def record(self, person_id: int, details: ConsentDetails) -> ConsentRecord:
        """Record consent to advocacy, or to share with one of the person's parties."""
        with self._uow() as uow:
            session = uow.session
            person = self._person(session, person_id, "record their consent")
            party_ids = frozenset(
                session.scalars(select(Party.id).where(Party.person_id == person_id))
            )
            errors = check_details(
                details, self._today(), born=person.date_of_birth, party_ids=party_ids
            )
            if errors:
                raise ValidationError(errors)
            assert details.given_on is not None  # checked above
            reason = details.reason.strip()
            row = Consent(
                person_id=person_id, kind=details.kind,
                party_id=details.party_id if details.kind == "sharing" else None,
                given_on=details.given_on, how=details.how, reason=reason,
                recorded_by=self._user,
            )  # fmt: skip
            session.add(row)
            session.flush()
            file_name: str | None = None
            if details.attachment is not None:
                name, content = details.attachment
                file_name = clean_file_name(name, content)
                session.add(
                    ConsentAttachment(consent_id=row.id, file_name=file_name, content=content)
                )
            made = audit_writer.created({
                "kind": row.kind, "party_id": row.party_id, "given_on": row.given_on,
                "how": row.how, "reason": reason, "attachment": file_name,
            })  # fmt: skip
            audit_writer.record(session, self._user, "create", "consent", row.id,
                                {"person_id": person_id, **made})  # fmt: skip
            session.flush()
            party = session.get(Party, row.party_id) if row.party_id is not None else None
            record = _consent(row, party, file_name)
            uow.commit()
            return record

    @requires(*CHANGE, what="record that a person withdrew their consent")
    def withdraw(self, consent_id: int, withdrawn_on: date | None, reason: str = ""
                 ) -> ConsentRecord:  # fmt: skip
        """Date the consent's withdrawal; the record stays, with what it said."""
        with self._uow() as uow:
            session = uow.session
            row = self._row(session, consent_id, "record a withdrawal of their consent")
            errors = withdrawal_problems(
                row.given_on, withdrawn_on, row.withdrawn_on, self._today(), reason
            )
            if errors:
                raise ValidationError(errors)
            assert withdrawn_on is not None  # checked above
            old = {"withdrawn_on": None, "withdrawn_reason": ""}
            row.withdrawn_on = withdrawn_on
            row.withdrawn_reason = reason.strip()
            row.withdrawn_by = self._user
            new = {"withdrawn_on": withdrawn_on, "withdrawn_reason": row.withdrawn_reason}
            audit_writer.record(
                session,
                self._user,
                "withdraw",
                "consent",
                row.id,
                {"person_id": row.person_id, **audit_writer.changes(old, new)},
            )
            session.flush()
            record = self._one(session, row)
            uow.commit()
            return record

    @requires(*READ, what="see a person's signed consent form")
    def attachment(self, consent_id: int) -> tuple[str, bytes]:
        """The scanned form of a consent: (file name, bytes); the look is audited."""
        with self._uow(read_only=True) as uow:
            row = self._row(uow.session, consent_id, "see their signed consent form")
            found = uow.session.get(ConsentAttachment, consent_id)
            if found is None:
                raise NotFound("this consent has no scanned form attached")
            person_id, name, content = row.person_id, found.file_name, found.content
        self._access.record("view", "consent_attachment", consent_id,
                            {"person_id": person_id, "file_name": name})  # fmt: skip
        return name, content

    @requires(*READ, what="see a person's consents")
    def advocacy_status(self, person_id: int, on: date | None = None) -> AdvocacyConsentStatus:
        """Whether consent to advocacy (or a non-instructed reason) stands on ``on``
        (default today), for the banner on the person's record and cases."""
        day = on or self._today()
        with self._uow(read_only=True) as uow:
            self._access.check_person(uow.session, person_id, "see their consents")
            rows = uow.session.execute(
                select(Consent.given_on, Consent.withdrawn_on, Consent.how)
                .where(Consent.person_id == person_id, Consent.kind == "advocacy",
                       Consent.given_on <= day)
                .order_by(Consent.given_on.desc(), Consent.id.desc())
            ).all()  # fmt: skip
            shared = uow.session.execute(
                select(Party.name, Party.role, Party.organisation)
                .join(Consent, Consent.party_id == Party.id)
                .where(Consent.person_id == person_id, Consent.kind == "sharing",
                       Consent.given_on <= day,
                       (Consent.withdrawn_on.is_(None)) | (Consent.withdrawn_on > day))
                .distinct()
                .order_by(Party.name)
            ).all()  # fmt: skip
        sharing_with = tuple(
            PartyRecord(0, person_id, name, role, organisation).label
            for name, role, organisation in shared
        )
        for given_on, withdrawn_on, how in rows:
            if stands(given_on, withdrawn_on, day):
                return AdvocacyConsentStatus(True, how, given_on, None, sharing_with)
        if rows:  # the latest given, withdrawn by now
            given_on, withdrawn_on, how = rows[0]
            return AdvocacyConsentStatus(False, how, given_on, withdrawn_on, sharing_with)
        return AdvocacyConsentStatus(False, sharing_with=sharing_with)

    # -- sharing ----------------------------------------------------------------------

    @requires(*READ, what="see a person's consents")
    def may_share(self, person_id: int, party_id: int, on: date | None = None) -> bool:
        """Whether a consent to share with ``party_id`` stands on ``on`` (default today):
        given on or before that day and not withdrawn by then."""
        day = on or self._today()
        with self._uow(read_only=True) as uow:
            self._access.check_person(uow.session, person_id, "see their consents")
            found = uow.session.scalar(
                select(Consent.id).where(
                    Consent.person_id == person_id, Consent.kind == "sharing",
                    Consent.party_id == party_id, Consent.given_on <= day,
                    (Consent.withdrawn_on.is_(None)) | (Consent.withdrawn_on > day),
                ).limit(1)
            )  # fmt: skip
            return found is not None

    # -- helpers ----------------------------------------------------------------------

    def _consents(self, session: Session, person_id: int) -> list[ConsentRecord]:
        rows = session.execute(
            select(Consent, Party, ConsentAttachment.file_name)
            .outerjoin(Party, Party.id == Consent.party_id)
            .outerjoin(ConsentAttachment, ConsentAttachment.consent_id == Consent.id)
            .where(Consent.person_id == person_id)
            .order_by(Consent.given_on.desc(), Consent.id.desc())
        ).all()
        return [_consent(consent, party, name) for consent, party, name in rows]

    def _one(self, session: Session, row: Consent) -> ConsentRecord:
        party = session.get(Party, row.party_id) if row.party_id is not None else None
        name = session.scalar(
            select(ConsentAttachment.file_name).where(ConsentAttachment.consent_id == row.id)
        )
        return _consent(row, party, name)

    def _row(self, session: Session, consent_id: int, what: str) -> Consent:
        row = session.get(Consent, consent_id)
        if row is None:
            raise NotFound(f"no consent with id {consent_id}")
        self._access.check_person(session, row.person_id, what)
        return row

    def _person(self, session: Session, person_id: int, what: str) -> Person:
        person = session.get(Person, person_id)
        if person is None:
            raise NotFound(f"no person with id {person_id}")
        self._access.check_person(session, person_id, what)
        return person
