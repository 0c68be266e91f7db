"""Anonymising a person's record: when the retention period has passed, or on an
erasure request, for anyone.

It replaces everything that identifies the person and keeps every code the monitoring
return counts, so that every figure of every return, past or future, comes out the
same: see :meth:`~AnonymisingPart.anonymise`, which says field by field what goes and
what stays.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from io import BytesIO

import docx
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from advocacy_desk.db.models import (
    Activity,
    ActivityRevision,
    AdvocateReport,
    Appointment,
    Case,
    CaseEvent,
    CaseIssue,
    Consent,
    ConsentAttachment,
    Letter,
    PartnerProfile,
    Partnership,
    Party,
    Person,
    Referral,
    ReferralScore,
    ReportSending,
    RetentionHold,
    utcnow,
)
from advocacy_desk.domain.data_protection import (
    ANONYMISED_NAME,
    REMOVED_TEXT,
    clean_reason,
    stand_in_birth_date,
)
from advocacy_desk.domain.dates import format_uk, stored_utc
from advocacy_desk.domain.errors import AdvocacyDeskError
from advocacy_desk.domain.names import normalise_name
from advocacy_desk.domain.people import PersonDetails, search_text
from advocacy_desk.domain.postcodes import outward_code
from advocacy_desk.records.data_protection import Anonymised
from advocacy_desk.records.reports import SECTIONS
from advocacy_desk.services import audit_writer
from advocacy_desk.services.access import Permission, requires
from advocacy_desk.services.casework import delete_drafts
from advocacy_desk.services.data_protection.base import CURRENT_PARTNERSHIP, DataProtectionPart

#: What an anonymised person's letters hold instead of the letter (a .docx saying so).
REMOVED_LETTER_TEXT = (
    "This letter was removed when the record of the person it was about was anonymised."
)
#: The fields of a report, as sent, that are codes or dates and are kept on anonymising.
REPORT_KEPT_KEYS = frozenset({"kind", "due_on"})

ANONYMISE_REASON_MESSAGE = (
    "Reason: say why the record is anonymised, for example the retention period has "
    "passed or the person asked for their details to be erased."
)

_DP = Permission.DATA_PROTECTION


class StillOpen(AdvocacyDeskError):
    """The person still has work open (a case, a waiting referral, a partnership)."""


class AnonymisingPart(DataProtectionPart):
    """Anonymising a person's record, all of it or none."""

    @requires(_DP, what="anonymise records")
    def anonymise(self, person_id: int, reason: str) -> Anonymised:
        """Replace everything that identifies the person, in one transaction (all of it
        or, if anything fails, none); audited with the reason, never the old values.

        Replaced: the given name (by "Anonymised") and the family name (by the person's
        reference); the address (its lines and town emptied) and the postcode (by its
        outward district, "CM1 1AA" by "CM1"); the first
        language and communication needs (emptied); every free text about them: referral
        notes, decline/withdraw and override reasons, the notes of their score history,
        casework notes and every earlier version of them, case next actions and history
        reasons, issue descriptions, the names and organisations of their parties, the
        reasons of their consents and withdrawals, the reports' subject, decision maker
        and sections (now and in every version sent, and whom each was sent to), the
        reasons a letter went without consent, the diary's places, attendees and notes
        (each by a note saying it was removed), and their citizen advocacy profile's
        free text. Each letter's Word file is replaced by one saying the letter was
        removed (:func:`removed_letter`); its file name, which holds only the case
        reference, the template and a date, is kept. Scanned consent forms and a
        retention hold are deleted.

        The date of birth is replaced by a stand-in from
        :func:`~advocacy_desk.domain.data_protection.stand_in_birth_date`: the only use
        the figures make of it is the person's age band on the day each referral was
        received, and the stand-in gives the same band on every one of those days.

        Kept: the reference, the local authority, every code (sex, ethnicity, disability
        and the other equality answers, primary need, placed out of area, interpreter
        needed), and every date, count, duration, code and outcome of the referrals,
        cases, casework, issues, outcome answers and partnerships, which is everything
        the monitoring return counts; and the roles, kinds, statuses, dates and times of
        the parties, consents, reports, letters and appointments. The audit trail is
        append-only and is not rewritten: earlier events may still hold old values of
        changed fields.

        Refused for a record anonymised already, and for someone with work still open
        (close the case, decline or withdraw the referral, end the partnership, or
        delete an appointment still to come, first)."""
        text = clean_reason(reason, ANONYMISE_REASON_MESSAGE)
        with self._uow() as uow:
            session = uow.session
            person = self._person(session, person_id, "anonymise their record")
            self._refuse_open_work(session, person, self._today())
            referrals = session.scalars(
                select(Referral).where(Referral.person_id == person_id)
            ).all()
            self._replace_person(person, [r.received_on for r in referrals])
            referral_ids = [r.id for r in referrals]
            for referral in referrals:
                referral.notes = _removed(referral.notes)
                referral.status_reason = _removed(referral.status_reason)
                referral.override_reason = _removed(referral.override_reason)
            for score in session.scalars(
                select(ReferralScore).where(ReferralScore.referral_id.in_(referral_ids))
            ):
                score.note = _removed(score.note)
            case_ids = list(
                session.scalars(select(Case.id).where(Case.referral_id.in_(referral_ids)))
            )
            for case in session.scalars(select(Case).where(Case.id.in_(case_ids))):
                case.next_action = _removed(case.next_action)
            for event in session.scalars(select(CaseEvent).where(CaseEvent.case_id.in_(case_ids))):
                event.reason = _removed(event.reason)
            activity_ids = select(Activity.id).where(Activity.case_id.in_(case_ids))
            for activity in session.scalars(select(Activity).where(Activity.case_id.in_(case_ids))):
                activity.note = _removed(activity.note)
            for revision in session.scalars(
                select(ActivityRevision).where(ActivityRevision.activity_id.in_(activity_ids))
            ):
                revision.note = _removed(revision.note)
            for issue in session.scalars(select(CaseIssue).where(CaseIssue.case_id.in_(case_ids))):
                issue.description = _removed(issue.description)
            profile = session.scalar(
                select(PartnerProfile).where(PartnerProfile.person_id == person_id)
            )
            if profile is not None:
                for name in ("interests", "languages", "required_language",
                             "other_requirement", "ideal_advocate"):  # fmt: skip
                    setattr(profile, name, "")
            self._replace_consent(session, person_id)
            self._replace_casework_papers(session, case_ids)
            drafts = delete_drafts(session, case_ids)
            session.execute(delete(RetentionHold).where(RetentionHold.person_id == person_id))
            said: dict[str, object] = {"reason": text}
            if drafts:
                said["drafts_removed"] = drafts
            audit_writer.record(session, self._user, "anonymise", "person", person_id, said)
            session.flush()
            result = Anonymised(
                person.id, person.person_ref, stored_utc(person.anonymised_at or utcnow())
            )
            uow.commit()
        return result

    @staticmethod
    def _replace_consent(session: Session, person_id: int) -> None:
        """The person's parties' names and organisations, the reasons of their consents
        and withdrawals (each by a note saying it was removed); their scanned forms are
        deleted. Roles, kinds, how consent was given and every date are kept."""
        for party in session.scalars(select(Party).where(Party.person_id == person_id)):
            party.name = _removed(party.name)
            party.organisation = _removed(party.organisation)
        consents = session.scalars(select(Consent).where(Consent.person_id == person_id)).all()
        for consent in consents:
            consent.reason = _removed(consent.reason)
            consent.withdrawn_reason = _removed(consent.withdrawn_reason)
        session.execute(
            delete(ConsentAttachment).where(
                ConsentAttachment.consent_id.in_([c.id for c in consents])
            )
        )

    @staticmethod
    def _replace_casework_papers(session: Session, case_ids: Sequence[int]) -> None:
        """The free text of the cases' reports (now and every version sent, and whom they
        were sent to), the letters themselves (by a short note; their file names hold
        only the case reference and a date, and are kept) and the diary's places, who
        else attended and notes. Kinds, statuses, numbers, dates and times are kept."""
        reports = session.scalars(
            select(AdvocateReport).where(AdvocateReport.case_id.in_(case_ids))
        ).all()
        for report in reports:
            report.about = _removed(report.about)
            report.decision_maker = _removed(report.decision_maker)
            for code in SECTIONS:
                setattr(report, code, _removed(getattr(report, code)))
        for sending in session.scalars(
            select(ReportSending).where(ReportSending.report_id.in_([r.id for r in reports]))
        ):
            sending.sent_to = _removed(sending.sent_to)
            sending.content = _removed_sent_report(sending.content)
        note: bytes | None = None
        for letter in session.scalars(select(Letter).where(Letter.case_id.in_(case_ids))):
            note = note or removed_letter()
            letter.content = note
            letter.no_consent_reason = _removed(letter.no_consent_reason)
        for appointment in session.scalars(
            select(Appointment).where(Appointment.case_id.in_(case_ids))
        ):
            appointment.place = _removed(appointment.place)
            appointment.attendees = _removed(appointment.attendees)
            appointment.notes = _removed(appointment.notes)

    @staticmethod
    def _replace_person(person: Person, referred: Iterable[date]) -> None:
        person.given_name = ANONYMISED_NAME
        person.family_name = person.person_ref
        person.date_of_birth = stand_in_birth_date(person.date_of_birth, referred)
        person.postcode = outward_code(person.postcode) if person.postcode else ""
        person.address_line_one = person.address_line_two = person.town = ""
        person.first_language = ""
        person.communication_needs = ""
        person.anonymised_at = utcnow()
        details = PersonDetails(
            **{f.name: getattr(person, f.name) for f in dataclasses.fields(PersonDetails)}
        )
        person.name_key = normalise_name(details.given_name, details.family_name)
        person.search_text = search_text(person.person_ref, details)

    @staticmethod
    def _refuse_open_work(session: Session, person: Person, today: date) -> None:
        ref = person.person_ref
        open_case = session.scalar(
            select(Case.case_ref).join(Referral, Referral.id == Case.referral_id)
            .where(Referral.person_id == person.id, Case.closed_on.is_(None)).limit(1)
        )  # fmt: skip
        if open_case is not None:
            raise StillOpen(f"{ref} has a case still open ({open_case}): close it before "
                            "anonymising the record")  # fmt: skip
        waiting = session.scalar(
            select(Referral.referral_ref)
            .where(Referral.person_id == person.id, Referral.status == "waiting")
            .limit(1)
        )
        if waiting is not None:
            raise StillOpen(f"{ref} has a referral still waiting ({waiting}): decline or "
                            "withdraw it before anonymising the record")  # fmt: skip
        current = session.scalar(
            select(func.count()).select_from(Partnership)
            .where(Partnership.person_id == person.id,
                   Partnership.status.in_(CURRENT_PARTNERSHIP))
        )  # fmt: skip
        if current:
            raise StillOpen(f"{ref} has a citizen advocacy partnership that has not ended: "
                            "end it before anonymising the record")  # fmt: skip
        coming = session.execute(
            select(Appointment.starts_at, Case.case_ref)
            .join(Case, Case.id == Appointment.case_id)
            .join(Referral, Referral.id == Case.referral_id)
            .where(Referral.person_id == person.id,
                   Appointment.ends_at >= datetime.combine(today, time.min))
            .order_by(Appointment.starts_at).limit(1)
        ).first()  # fmt: skip
        if coming is not None:
            starts_at, case_ref = coming
            raise StillOpen(f"{ref} has an appointment in the diary on "
                            f"{format_uk(starts_at.date())} ({case_ref}): delete it, or wait "
                            "until it has passed, before anonymising the record")  # fmt: skip


def _removed(text: str) -> str:
    """What a free-text field says once anonymised: a note that something was removed
    (nothing, if it was empty)."""
    return REMOVED_TEXT if text.strip() else ""


def _removed_sent_report(content: str) -> str:
    """A report as sent (JSON) with each text replaced as :func:`_removed` does; its kind
    and due date kept."""
    try:
        values = json.loads(content)
    except ValueError:
        values = None
    if not isinstance(values, dict):
        return "{}"
    kept = {
        key: _removed(value) if isinstance(value, str) and key not in REPORT_KEPT_KEYS else value
        for key, value in values.items()
    }
    return json.dumps(kept, sort_keys=True)


def removed_letter() -> bytes:
    """What an anonymised person's letter holds instead: a Word document of one line
    saying the letter was removed (so it still opens, and still saves as PDF)."""
    document = docx.Document()
    document.add_paragraph(REMOVED_LETTER_TEXT)
    out = BytesIO()
    document.save(out)
    return out.getvalue()
