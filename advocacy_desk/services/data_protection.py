"""Data protection: subject access, the retention period, and anonymising a record.

**Subject access.** :meth:`DataProtectionService.subject_access` gathers everything held
about one person: their details, the people their information may be shared with
(parties) and their consents (a scanned form is named, not included), referrals (with
the history of their waiting-list score), cases with the casework log and every earlier
version of each entry, issues, the outcome answers, the case history, the advocate's
reports on their cases (with every version sent), the letters made for them (named, not
included), the diary's appointments, the citizen advocacy profile and partnerships
(with the volunteer's name), a retention hold, and the audit trail of who looked at or
changed any of it. :meth:`~DataProtectionService.export_subject_access` writes it as a
readable PDF and as JSON, named by the person's reference (never their name).

**Retention.** A record is kept for a settable number of whole years (default 6) after
the person's involvement with the service ended, then offered for anonymising
(:meth:`~DataProtectionService.due`). Their involvement ends on the latest of: the day
their last case closed; the day a referral that never became a case was declined or
withdrawn (``status_on``, the day of the decision, or the day it was received if that
was not recorded); the day a citizen advocacy partnership ended; the day their last
appointment in the diary ended. Someone with a case still open, a referral still
waiting, a partnership not yet ended, a citizen advocacy profile but no partnership yet
(they are waiting for a match), or an appointment on the day asked about or later (a
hearing still to come after their case closed, say) is never due.
Someone with no referral, case or partnership at all is counted from the day their
record was made. A manager may keep a record past the period, with a reason and an
optional review date (:meth:`~DataProtectionService.keep`); it comes back to the list on
its review date, showing the reason it was kept.

**Anonymising** (when the period has passed, or on an erasure request, for anyone)
replaces everything that identifies the person and keeps every code the monitoring
return counts, so that every figure of every return, past or future, comes out the
same: see :meth:`~DataProtectionService.anonymise`.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from io import BytesIO
from pathlib import Path
from typing import Any

import docx
from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.orm import Session

from advocacy_desk.db.models import (
    Activity,
    ActivityRevision,
    AdvocateReport,
    Appointment,
    AuditEvent,
    Case,
    CaseEvent,
    CaseIssue,
    Consent,
    ConsentAttachment,
    Contract,
    Letter,
    OutcomeFeedback,
    PartnerProfile,
    Partnership,
    Party,
    Person,
    Referral,
    ReferralScore,
    ReportSending,
    RetentionHold,
    StaffUser,
    Volunteer,
    utcnow,
)
from advocacy_desk.domain.ages import age_on
from advocacy_desk.domain.data_protection import (
    ANONYMISED_NAME,
    REMOVED_TEXT,
    check_retention_years,
    clean_reason,
    is_past_retention,
    stand_in_birth_date,
)
from advocacy_desk.domain.dates import format_uk, stored_utc
from advocacy_desk.domain.diary import LONDON
from advocacy_desk.domain.errors import AdvocacyDeskError, NotFound, ValidationError
from advocacy_desk.domain.names import normalise_name
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.domain.postcodes import outward_code
from advocacy_desk.files import atomic_output
from advocacy_desk.records.data_protection import Anonymised, Hold, RetentionRow
from advocacy_desk.records.reports import SECTIONS, ReportDetails
from advocacy_desk.records.subject_access import (
    SubjectAccess,
    SubjectActivity,
    SubjectActivityVersion,
    SubjectAppointment,
    SubjectAuditEvent,
    SubjectCase,
    SubjectCaseEvent,
    SubjectConsent,
    SubjectDraft,
    SubjectFeedback,
    SubjectHold,
    SubjectIssue,
    SubjectLetter,
    SubjectPartnership,
    SubjectParty,
    SubjectPerson,
    SubjectProfile,
    SubjectReferral,
    SubjectReport,
    SubjectReportSending,
    SubjectScan,
    SubjectScore,
)
from advocacy_desk.services import audit, settings
from advocacy_desk.services.access import GuardedService, Permission, requires
from advocacy_desk.services.casework import delete_drafts, read_drafts
from advocacy_desk.services.people import search_text
from advocacy_desk.services.references import find_by_reference

#: The setting that holds the retention period, in whole years.
RETENTION_KEY = settings.RETENTION_YEARS
PROVIDER_KEY = settings.PROVIDER_NAME

#: What an anonymised person's letters hold instead of the letter (a .docx saying so).
REMOVED_LETTER_TEXT = (
    "This letter was removed when the record of the person it was about was anonymised."
)
#: The fields of a report, as sent, that are codes or dates and are kept on anonymising.
REPORT_KEPT_KEYS = frozenset({"kind", "due_on"})

KEEP_REASON_MESSAGE = "Reason: say why the record is kept, for example a safeguarding hold."
ANONYMISE_REASON_MESSAGE = (
    "Reason: say why the record is anonymised, for example the retention period has "
    "passed or the person asked for their details to be erased."
)
REVIEW_MESSAGE = (
    "Review date: choose a day after today, or leave it blank to keep the record until "
    "someone decides otherwise."
)

#: Referral statuses: "waiting" is still open; "declined" and "withdrawn" ended without a
#: case, on ``status_on``; "allocated" became a case (counted by the case instead).
ENDED_WITHOUT_CASE = ("declined", "withdrawn")
#: Partnerships that have not ended yet.
CURRENT_PARTNERSHIP = ("proposed", "introduced", "active")


class AlreadyAnonymised(AdvocacyDeskError):
    """The person's details were replaced already: there is nothing more to remove."""


class StillOpen(AdvocacyDeskError):
    """The person still has work open (a case, a waiting referral, a partnership)."""


# -- what subject access gathers -------------------------------------------------------


def draft_fields(text: str) -> dict[str, str]:
    """A kept draft's fields as text (a draft that is not the form's JSON is given whole)."""
    try:
        loaded = json.loads(text)
    except ValueError:
        loaded = None
    if not isinstance(loaded, dict):
        return {"text": text}
    return {str(k): "" if v is None else str(v) for k, v in loaded.items()}


#: What a report says (its fields in ``ReportDetails``), now and as each version was sent.
_REPORT_TEXT = tuple(f.name for f in dataclasses.fields(ReportDetails))
assert set(_REPORT_TEXT) <= {f.name for f in dataclasses.fields(SubjectReport)}
assert set(_REPORT_TEXT) <= {f.name for f in dataclasses.fields(SubjectReportSending)}


def _england(moment: datetime) -> datetime:
    """A diary time (the wall clock in England, stored without its zone) with its zone."""
    return moment.replace(tzinfo=LONDON) if moment.tzinfo is None else moment


# -- retention --------------------------------------------------------------------------


@dataclass
class _Involvement:
    """What the retention clock needs to know about one person."""

    ended_on: date | None = None
    ended_by: str = ""
    open_work: bool = False

    def ended(self, day: date | None, how: str) -> None:
        if day is not None and (self.ended_on is None or day > self.ended_on):
            self.ended_on, self.ended_by = day, how


_DP = Permission.DATA_PROTECTION


class DataProtectionService(GuardedService):
    # -- finding the person -----------------------------------------------------------

    @requires(_DP, what="handle subject access and retention")
    def person_id(self, person_ref: str) -> int:
        """The id of the person with reference ``person_ref`` (any case), or ``NotFound``."""
        with self._uow(read_only=True) as uow:
            found = find_by_reference(uow.session, select(Person.id), Person.person_ref,
                                      person_ref)  # fmt: skip
        if found is None:
            raise NotFound(f'no person with reference "{person_ref.strip()}"')
        return found

    # -- subject access ---------------------------------------------------------------

    @requires(_DP, what="answer subject access requests")
    def subject_access(self, person_id: int) -> SubjectAccess:
        """Everything held about the person; the look is written to the audit trail."""
        found = self._gather(person_id)
        self._access.record("view", "person", person_id,
                            {"ref": found.person_ref, "what": "subject access"})  # fmt: skip
        return found

    @requires(_DP, what="answer subject access requests")
    def export_subject_access(self, person_id: int, folder: Path) -> tuple[Path, Path]:
        """Write everything held about the person into ``folder`` as
        ``subject-access-<REF>-<YYYY-MM-DD>.pdf`` and ``.json``; returns (pdf, json).

        Each file is written under a temporary name and then renamed
        (``files.atomic_output``), so a file of that name is either whole or not there.
        The export is audited once both files are whole: if it cannot be recorded, they
        are removed. The reference is made safe for a file name (``safe_stem``), so the
        files land in ``folder`` whatever it holds."""
        from advocacy_desk.exports.subject_access_pdf import write_subject_access_pdf

        folder = Path(folder)
        if not folder.is_dir():
            raise ValidationError(
                {"folder": f"Folder: {folder} does not exist; choose a folder that does."}
            )
        found = self._gather(person_id)
        pdf = folder / f"{found.file_stem()}.pdf"
        data = folder / f"{found.file_stem()}.json"
        with atomic_output(pdf) as pdf_partial, atomic_output(data) as data_partial:
            write_subject_access_pdf(found, pdf_partial)
            data_partial.write_text(found.to_json(), encoding="utf-8", newline="\n")
        try:
            self._access.record("export", "person", person_id, {
                "ref": found.person_ref, "what": "subject access",
                "files": [pdf.name, data.name],
            })  # fmt: skip
        except BaseException:
            pdf.unlink(missing_ok=True)
            data.unlink(missing_ok=True)
            raise
        return pdf, data

    def _gather(self, person_id: int) -> SubjectAccess:
        with self._uow(read_only=True) as uow:
            session = uow.session
            person = session.get(Person, person_id)
            if person is None:
                raise NotFound(f"no person with id {person_id}")
            self._access.check_person(session, person_id, "see everything held about them")
            referrals = session.scalars(
                select(Referral).where(Referral.person_id == person_id)
                .order_by(Referral.received_on, Referral.id)
            ).all()  # fmt: skip
            cases = session.scalars(
                select(Case).join(Referral, Referral.id == Case.referral_id)
                .where(Referral.person_id == person_id).order_by(Case.opened_on, Case.id)
            ).all()  # fmt: skip
            partnerships = session.execute(
                select(Partnership, Volunteer)
                .join(Volunteer, Volunteer.id == Partnership.volunteer_id)
                .where(Partnership.person_id == person_id).order_by(Partnership.id)
            ).all()  # fmt: skip
            profile = session.scalar(
                select(PartnerProfile).where(PartnerProfile.person_id == person_id)
            )
            hold = session.scalar(select(RetentionHold).where(RetentionHold.person_id == person_id))
            provider = settings.read(session, PROVIDER_KEY)
            staff: dict[int, str] = dict(
                session.execute(select(StaffUser.id, StaffUser.full_name)).all()
            )
            parties = session.scalars(
                select(Party).where(Party.person_id == person_id)
                .order_by(Party.created_at, Party.id)
            ).all()  # fmt: skip
            case_refs = {c.id: c.case_ref for c in cases}
            case_order = {case_id: n for n, case_id in enumerate(case_refs)}
            reports = sorted(
                session.scalars(
                    select(AdvocateReport).where(AdvocateReport.case_id.in_(list(case_refs)))
                ),
                key=lambda r: (case_order[r.case_id], r.number),
            )
            letters = session.scalars(
                select(Letter).where(Letter.case_id.in_(list(case_refs)))
                .order_by(Letter.created_at, Letter.id)
            ).all()  # fmt: skip
            appointments = session.scalars(
                select(Appointment).where(Appointment.case_id.in_(list(case_refs)))
                .order_by(Appointment.starts_at, Appointment.ends_at, Appointment.id)
            ).all()  # fmt: skip
            consents = session.scalars(
                select(Consent).where(Consent.person_id == person_id)
                .order_by(Consent.given_on, Consent.id)
            ).all()  # fmt: skip
            owned: dict[tuple[str, int], str] = {("party", p.id): person.person_ref
                                                 for p in parties}  # fmt: skip
            for c in consents:
                owned[("consent", c.id)] = owned[("consent_attachment", c.id)] = person.person_ref
            owned.update({("advocate_report", r.id): f"{case_refs[r.case_id]} no. {r.number}"
                          for r in reports})  # fmt: skip
            owned.update({("letter", x.id): case_refs[x.case_id] for x in letters})
            owned.update({("appointment", a.id): case_refs[a.case_id] for a in appointments})
            return SubjectAccess(
                person_id=person.id,
                person_ref=person.person_ref,
                prepared_on=self._today(),
                prepared_by=self._user,
                provider=provider,
                person=SubjectPerson(
                    **{
                        f.name: getattr(person, f.name)
                        for f in dataclasses.fields(SubjectPerson)
                        if f.name not in ("created_at", "updated_at", "anonymised_at")
                    },
                    created_at=stored_utc(person.created_at),
                    updated_at=stored_utc(person.updated_at),
                    anonymised_at=stored_utc(person.anonymised_at)
                    if person.anonymised_at
                    else None,
                ),
                parties=tuple(
                    SubjectParty(p.name, p.role, p.organisation, stored_utc(p.created_at))
                    for p in parties
                ),
                consents=tuple(self._consents(session, consents, parties)),
                referrals=tuple(self._referral(session, r) for r in referrals),
                cases=tuple(self._case(session, c, staff) for c in cases),
                reports=tuple(self._report(session, r, case_refs[r.case_id]) for r in reports),
                letters=tuple(self._letters(session, letters, case_refs)),
                appointments=tuple(
                    SubjectAppointment(
                        case_refs[a.case_id],
                        a.kind,
                        _england(a.starts_at),
                        _england(a.ends_at),
                        a.place,
                        a.attendees,
                        a.notes,
                        staff.get(a.advocate_id, ""),
                        a.activity_id is not None,
                    )
                    for a in appointments
                ),
                unsaved_drafts=tuple(
                    SubjectDraft(case_refs[case_id], draft_fields(text))
                    for case_id, text in sorted(
                        read_drafts(session, list(case_refs)).items(),
                        key=lambda kept: case_order[kept[0]],
                    )
                ),
                partner_profile=None
                if profile is None
                else SubjectProfile(
                    **{f.name: getattr(profile, f.name) for f in dataclasses.fields(SubjectProfile)}
                ),
                partnerships=tuple(
                    SubjectPartnership(
                        v.volunteer_ref,
                        f"{v.given_name} {v.family_name}",
                        p.status,
                        p.proposed_on,
                        p.introduced_on,
                        p.started_on,
                        p.ended_on,
                        p.end_reason,
                    )
                    for p, v in partnerships
                ),
                retention_hold=None
                if hold is None
                else SubjectHold(
                    hold.reason, hold.review_on, hold.held_by, stored_utc(hold.held_at)
                ),
                audit=tuple(self._trail(session, person, referrals, cases, partnerships, owned)),
            )

    @staticmethod
    def _consents(
        session: Session, consents: Sequence[Consent], parties: Sequence[Party]
    ) -> list[SubjectConsent]:
        names = {p.id: p.name for p in parties}
        scans: dict[int, SubjectScan] = {
            consent_id: SubjectScan(file_name, size or 0)
            for consent_id, file_name, size in session.execute(
                select(ConsentAttachment.consent_id, ConsentAttachment.file_name,
                       func.length(ConsentAttachment.content))
                .where(ConsentAttachment.consent_id.in_([c.id for c in consents]))
            )
        }  # fmt: skip
        return [
            SubjectConsent(
                kind=c.kind,
                shared_with=names.get(c.party_id, "") if c.party_id is not None else "",
                given_on=c.given_on, how=c.how, reason=c.reason, recorded_by=c.recorded_by,
                recorded_at=stored_utc(c.recorded_at), withdrawn_on=c.withdrawn_on,
                withdrawn_reason=c.withdrawn_reason, withdrawn_by=c.withdrawn_by,
                scan=scans.get(c.id),
            )
            for c in consents
        ]  # fmt: skip

    @staticmethod
    def _report(session: Session, report: AdvocateReport, case_ref: str) -> SubjectReport:
        sendings = session.scalars(
            select(ReportSending).where(ReportSending.report_id == report.id)
            .order_by(ReportSending.sent_at, ReportSending.id)
        )  # fmt: skip
        versions = []
        for sending in sendings:
            try:
                values = json.loads(sending.content)
            except ValueError:
                values = {}
            sent = ReportDetails.from_json(values if isinstance(values, dict) else {})
            versions.append(
                SubjectReportSending(
                    sent_on=sending.sent_on, sent_to=sending.sent_to, sent_by=sending.sent_by,
                    sent_at=stored_utc(sending.sent_at),
                    **{name: getattr(sent, name) for name in _REPORT_TEXT},
                )
            )  # fmt: skip
        return SubjectReport(
            case_ref=case_ref, number=report.number, status=report.status,
            **{name: getattr(report, name) for name in _REPORT_TEXT},
            created_by=report.created_by, created_at=stored_utc(report.created_at),
            updated_at=stored_utc(report.updated_at), sent_versions=tuple(versions),
        )  # fmt: skip

    @staticmethod
    def _letters(
        session: Session, letters: Sequence[Letter], case_refs: dict[int, str]
    ) -> list[SubjectLetter]:
        party_ids = {x.party_id for x in letters if x.party_id is not None}
        parties = {p.id: p for p in session.scalars(select(Party).where(Party.id.in_(party_ids)))}
        found = []
        for x in letters:
            party = parties.get(x.party_id) if x.party_id is not None else None
            found.append(
                SubjectLetter(
                    case_refs[x.case_id], x.file_name, x.template,
                    party.name if party else "", party.role if party else "",
                    party.organisation if party else "", x.no_consent_reason,
                    x.created_by, stored_utc(x.created_at),
                )
            )  # fmt: skip
        return found

    @staticmethod
    def _referral(session: Session, referral: Referral) -> SubjectReferral:
        contract = (
            session.scalar(select(Contract.name).where(Contract.id == referral.contract_id))
            if referral.contract_id is not None else None
        )  # fmt: skip
        scores = session.scalars(
            select(ReferralScore).where(ReferralScore.referral_id == referral.id)
            .order_by(ReferralScore.recorded_at, ReferralScore.id)
        )  # fmt: skip
        plain_fields = {
            f.name: getattr(referral, f.name)
            for f in dataclasses.fields(SubjectReferral)
            if f.name not in ("contract", "scores")
        }
        return SubjectReferral(
            **plain_fields,
            contract=contract or "",
            scores=tuple(
                SubjectScore(s.scored_on, s.event, s.score, s.matrix_version, s.username, s.note)
                for s in scores
            ),
        )

    @staticmethod
    def _case(session: Session, case: Case, staff: dict[int, str]) -> SubjectCase:
        activities = session.scalars(
            select(Activity).where(Activity.case_id == case.id)
            .order_by(Activity.occurred_on, Activity.id)
        ).all()  # fmt: skip
        versions: dict[int, list[SubjectActivityVersion]] = {}
        revisions = session.scalars(
            select(ActivityRevision)
            .where(ActivityRevision.activity_id.in_([a.id for a in activities]))
            .order_by(ActivityRevision.replaced_at, ActivityRevision.id)
        )  # fmt: skip
        for r in revisions:
            versions.setdefault(r.activity_id, []).append(
                SubjectActivityVersion(r.occurred_on, r.kind, r.minutes, r.travel_minutes,
                                       r.note, stored_utc(r.replaced_at), r.replaced_by)
            )  # fmt: skip
        issues = session.scalars(
            select(CaseIssue).where(CaseIssue.case_id == case.id).order_by(CaseIssue.id)
        )
        events = session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case.id)
            .order_by(CaseEvent.recorded_at, CaseEvent.id)
        )  # fmt: skip
        feedback = session.scalar(select(OutcomeFeedback).where(OutcomeFeedback.case_id == case.id))
        return SubjectCase(
            case_ref=case.case_ref,
            referral_ref=case.referral.referral_ref,
            advocacy_type=case.referral.advocacy_type,
            advocate=staff.get(case.advocate_id, ""),
            opened_on=case.opened_on,
            closed_on=case.closed_on,
            closure_reason=case.closure_reason,
            next_action=case.next_action,
            next_action_on=case.next_action_on,
            activities=tuple(
                SubjectActivity(
                    a.occurred_on,
                    a.kind,
                    a.minutes,
                    a.travel_minutes,
                    a.note,
                    staff.get(a.advocate_id, "") if a.advocate_id else "",
                    stored_utc(a.created_at),
                    tuple(versions.get(a.id, ())),
                )
                for a in activities
            ),
            issues=tuple(
                SubjectIssue(i.category, i.description, i.outcome, i.outcome_on) for i in issues
            ),
            history=tuple(
                SubjectCaseEvent(e.occurred_on, e.event, e.reason, e.username) for e in events
            ),
            feedback=None
            if feedback is None
            else SubjectFeedback(
                feedback.informed,
                feedback.involved,
                feedback.negotiate,
                feedback.personal_outcomes,
                feedback.empowered,
                feedback.answered_by,
                feedback.recorded_on,
            ),
        )

    @staticmethod
    def _trail(
        session: Session,
        person: Person,
        referrals: Sequence[Referral],
        cases: Sequence[Case],
        partnerships: Sequence[Any],
        theirs: dict[tuple[str, int], str],
    ) -> list[SubjectAuditEvent]:
        """The audit events about the person and the records that are theirs (``theirs``:
        their parties, consents, reports, letters and appointments, by entity and id)."""
        case_refs = {c.id: c.case_ref for c in cases}
        names: dict[tuple[str, int], str] = {
            ("person", person.id): person.person_ref,
            ("partner_profile", person.id): person.person_ref,
            **theirs,
        }
        names.update({("referral", r.id): r.referral_ref for r in referrals})
        names.update({("case", i): ref for i, ref in case_refs.items()})
        for table, entity in ((Activity, "activity"), (CaseIssue, "case_issue")):
            owned = session.execute(
                select(table.id, table.case_id).where(table.case_id.in_(list(case_refs)))
            )
            names.update({(entity, i): case_refs[case_id] for i, case_id in owned})
        names.update({("partnership", p.id): f"with {v.volunteer_ref}" for p, v in partnerships})
        by_entity: dict[str, list[int]] = {}
        for entity, entity_id in names:
            by_entity.setdefault(entity, []).append(entity_id)
        conditions = [
            and_(AuditEvent.entity == entity, AuditEvent.entity_id.in_(ids))
            for entity, ids in by_entity.items()
        ]
        events = session.scalars(select(AuditEvent).where(or_(*conditions)).order_by(AuditEvent.id))
        return [
            SubjectAuditEvent(stored_utc(e.occurred_at), e.username, e.action, e.entity,
                              names.get((e.entity, e.entity_id or 0), ""), e.details)
            for e in events
        ]  # fmt: skip

    # -- retention ----------------------------------------------------------------------

    @requires(_DP, what="see the retention period")
    def retention_years(self) -> int:
        """How many whole years a record is kept after the person's involvement ended."""
        with self._uow(read_only=True) as uow:
            return self._years(uow.session)

    @requires(_DP, what="change the retention period")
    def set_retention_years(self, years: int) -> int:
        """Keep records ``years`` whole years (1 to 100); the change is audited."""
        years = check_retention_years(years)
        with self._uow() as uow:
            settings.write(uow.session, self._access, RETENTION_KEY, years)
            uow.commit()
        return years

    @staticmethod
    def _years(session: Session) -> int:
        return settings.read_whole(session, RETENTION_KEY)

    @requires(_DP, what="see the records due for anonymising")
    def due(self, as_of: date | None = None) -> list[RetentionRow]:
        """People not yet anonymised whose involvement ended more than the retention
        period before ``as_of`` (default today), with nothing still open and no hold
        that is still in force; the longest ended first."""
        as_of = as_of or self._today()
        with self._uow(read_only=True) as uow:
            session = uow.session
            years = self._years(session)
            people = session.execute(
                select(Person.id, Person.person_ref, Person.given_name, Person.family_name,
                       Person.created_at)
                .where(Person.anonymised_at.is_(None))
            ).all()  # fmt: skip
            involvement = _involvement(session, as_of)
            holds: dict[int, tuple[str, date | None]] = {
                person_id: (reason, review_on)
                for person_id, reason, review_on in session.execute(
                    select(RetentionHold.person_id, RetentionHold.reason, RetentionHold.review_on)
                )
            }
        rows: list[RetentionRow] = []
        for person_id, ref, given, family, created_at in people:
            known = involvement.get(person_id) or _Involvement()
            if known.open_work:
                continue
            ended_on, ended_by = known.ended_on, known.ended_by
            if ended_on is None:
                ended_on, ended_by = stored_utc(created_at).date(), "record made"
            if not is_past_retention(ended_on, years, as_of):
                continue
            held_reason, review_on = holds.get(person_id, (None, None))
            if held_reason is not None and (review_on is None or review_on > as_of):
                continue
            rows.append(
                RetentionRow(person_id, ref, f"{given} {family}", ended_on, ended_by,
                             age_on(ended_on, as_of), held_reason, review_on)
            )  # fmt: skip
        return sorted(rows, key=lambda r: (r.last_closed_on, r.person_ref))

    @requires(_DP, what="keep records past the retention period")
    def keep(self, person_id: int, reason: str, review_on: date | None = None) -> Hold:
        """Keep the person's record past the retention period, for ``reason``, until
        ``review_on`` (or until someone decides otherwise, if None). Replaces any hold
        already recorded; audited."""
        text = clean_reason(reason, KEEP_REASON_MESSAGE)
        if review_on is not None and review_on <= self._today():
            raise ValidationError({"review_on": REVIEW_MESSAGE})
        with self._uow() as uow:
            session = uow.session
            person = self._person(session, person_id, "keep their record")
            hold = session.scalar(select(RetentionHold).where(RetentionHold.person_id == person_id))
            if hold is None:
                hold = RetentionHold(person_id=person_id)
                session.add(hold)
            hold.reason, hold.review_on = text, review_on
            hold.held_by, hold.held_at = self._user, utcnow()
            audit.record(session, self._user, "keep", "person", person_id,
                         {"reason": text, "review_on": review_on})  # fmt: skip
            uow.commit()
            return Hold(person_id, person.person_ref, text, review_on, self._user)

    # -- anonymising ------------------------------------------------------------------

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
            audit.record(session, self._user, "anonymise", "person", person_id, said)
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

    def _person(self, session: Session, person_id: int, what: str) -> Person:
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


def _involvement(session: Session, as_of: date) -> dict[int, _Involvement]:
    """For everyone with a referral, case or partnership: when their involvement ended,
    how, and whether any of it is still open on ``as_of`` (see the module's notes)."""
    found: dict[int, _Involvement] = {}

    def of(person_id: int) -> _Involvement:
        return found.setdefault(person_id, _Involvement())

    cases = session.execute(
        select(Referral.person_id, func.max(Case.closed_on),
               func.count().filter(Case.closed_on.is_(None)))
        .join(Referral, Referral.id == Case.referral_id)
        .group_by(Referral.person_id)
    )  # fmt: skip
    for person_id, closed_on, still_open in cases:
        of(person_id).ended(closed_on, "case closed")
        if still_open:
            of(person_id).open_work = True
    referrals = session.execute(
        select(Referral.person_id, Referral.status,
               func.max(func.coalesce(Referral.status_on, Referral.received_on)))
        .group_by(Referral.person_id, Referral.status)
    )  # fmt: skip
    for person_id, status, last in referrals:
        if status == "waiting":
            of(person_id).open_work = True
        elif status in ENDED_WITHOUT_CASE:
            of(person_id).ended(last, f"referral {status}")
    partnerships = session.execute(
        select(Partnership.person_id, func.max(Partnership.ended_on),
               func.count().filter(Partnership.status.in_(CURRENT_PARTNERSHIP)))
        .group_by(Partnership.person_id)
    )  # fmt: skip
    for person_id, ended_on, current in partnerships:
        of(person_id).ended(ended_on, "partnership ended")
        if current:
            of(person_id).open_work = True
    waiting_for_match = session.scalars(
        select(PartnerProfile.person_id).where(
            PartnerProfile.person_id.not_in(select(Partnership.person_id))
        )
    )
    for person_id in waiting_for_match:
        of(person_id).open_work = True
    appointments = session.execute(
        select(Referral.person_id, func.max(Appointment.ends_at))
        .join(Case, Case.referral_id == Referral.id)
        .join(Appointment, Appointment.case_id == Case.id)
        .group_by(Referral.person_id)
    )  # fmt: skip
    for person_id, last_ends_at in appointments:
        if last_ends_at.date() >= as_of:
            of(person_id).open_work = True
        else:
            of(person_id).ended(last_ends_at.date(), "last appointment")
    return found
