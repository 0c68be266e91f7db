"""Subject access: everything held about one person, gathered, and written out.

:meth:`~SubjectAccessPart.subject_access` gathers everything held about one person:
their details, the people their information may be shared with (parties) and their
consents (a scanned form is named, not included), referrals (with the history of their
waiting-list score), cases with the casework log and every earlier version of each
entry, issues, the outcome answers, the case history, the advocate's reports on their
cases (with every version sent), the letters made for them (named, not included), the
diary's appointments, the citizen advocacy profile and partnerships (with the
volunteer's name), a retention hold, and the audit trail of who looked at or changed
any of it. :meth:`~SubjectAccessPart.export_subject_access` writes it as a readable PDF
and as JSON, named by the person's reference (never their name).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import and_, func, or_, select
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
)
from advocacy_desk.domain.dates import stored_utc
from advocacy_desk.domain.diary import LONDON
from advocacy_desk.domain.errors import NotFound, ValidationError
from advocacy_desk.files import atomic_output
from advocacy_desk.records.reports import ReportDetails
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
from advocacy_desk.services import settings
from advocacy_desk.services.access import GuardedService, Permission, requires
from advocacy_desk.services.casework import read_drafts

#: The setting that holds the provider's name, printed on the export.
PROVIDER_KEY = settings.PROVIDER_NAME

_DP = Permission.DATA_PROTECTION


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


class SubjectAccessPart(GuardedService):
    """Gathering everything held about a person, to show or to write out."""

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
        """Everything held about the person, in one read-only transaction (so the parts
        agree with each other); the caller audits what it does with it."""
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
            staff: dict[int, str] = dict(
                session.execute(select(StaffUser.id, StaffUser.full_name)).all()
            )
            parties = session.scalars(
                select(Party).where(Party.person_id == person_id)
                .order_by(Party.created_at, Party.id)
            ).all()  # fmt: skip
            consents = session.scalars(
                select(Consent).where(Consent.person_id == person_id)
                .order_by(Consent.given_on, Consent.id)
            ).all()  # fmt: skip
            case_refs = {c.id: c.case_ref for c in cases}
            papers = _CasePapers.of(session, case_refs)
            owned: dict[tuple[str, int], str] = {("party", p.id): person.person_ref
                                                 for p in parties}  # fmt: skip
            for c in consents:
                owned[("consent", c.id)] = owned[("consent_attachment", c.id)] = person.person_ref
            owned.update(papers.owned(case_refs))
            return SubjectAccess(
                person_id=person.id,
                person_ref=person.person_ref,
                prepared_on=self._today(),
                prepared_by=self._user,
                provider=settings.read(session, PROVIDER_KEY),
                person=_subject_person(person),
                parties=tuple(
                    SubjectParty(p.name, p.role, p.organisation, stored_utc(p.created_at))
                    for p in parties
                ),
                consents=tuple(self._consents(session, consents, parties)),
                referrals=tuple(self._referral(session, r) for r in referrals),
                cases=tuple(self._case(session, c, staff) for c in cases),
                reports=tuple(
                    self._report(session, r, case_refs[r.case_id]) for r in papers.reports
                ),
                letters=tuple(self._letters(session, papers.letters, case_refs)),
                appointments=tuple(
                    _subject_appointment(a, case_refs, staff) for a in papers.appointments
                ),
                unsaved_drafts=tuple(_drafts(session, case_refs)),
                partner_profile=None
                if profile is None
                else SubjectProfile(
                    **{f.name: getattr(profile, f.name) for f in dataclasses.fields(SubjectProfile)}
                ),
                partnerships=tuple(_subject_partnership(p, v) for p, v in partnerships),
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


@dataclasses.dataclass(frozen=True)
class _CasePapers:
    """The advocate's reports, the letters and the diary's appointments of a person's
    cases (``case_refs``, in the order the cases were opened)."""

    reports: Sequence[AdvocateReport]
    letters: Sequence[Letter]
    appointments: Sequence[Appointment]

    @classmethod
    def of(cls, session: Session, case_refs: dict[int, str]) -> _CasePapers:
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
        return cls(reports, letters, appointments)

    def owned(self, case_refs: dict[int, str]) -> dict[tuple[str, int], str]:
        """How the audit trail names each of these papers (by entity and id)."""
        owned = {("advocate_report", r.id): f"{case_refs[r.case_id]} no. {r.number}"
                 for r in self.reports}  # fmt: skip
        owned.update({("letter", x.id): case_refs[x.case_id] for x in self.letters})
        owned.update({("appointment", a.id): case_refs[a.case_id] for a in self.appointments})
        return owned


def _subject_person(person: Person) -> SubjectPerson:
    """The person's own details, as held."""
    return SubjectPerson(
        **{
            f.name: getattr(person, f.name)
            for f in dataclasses.fields(SubjectPerson)
            if f.name not in ("created_at", "updated_at", "anonymised_at")
        },
        created_at=stored_utc(person.created_at),
        updated_at=stored_utc(person.updated_at),
        anonymised_at=stored_utc(person.anonymised_at) if person.anonymised_at else None,
    )


def _subject_appointment(
    a: Appointment, case_refs: dict[int, str], staff: dict[int, str]
) -> SubjectAppointment:
    return SubjectAppointment(
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


def _subject_partnership(p: Partnership, v: Volunteer) -> SubjectPartnership:
    return SubjectPartnership(
        v.volunteer_ref,
        f"{v.given_name} {v.family_name}",
        p.status,
        p.proposed_on,
        p.introduced_on,
        p.started_on,
        p.ended_on,
        p.end_reason,
    )


def _drafts(session: Session, case_refs: dict[int, str]) -> list[SubjectDraft]:
    """The casework entries kept unsaved on the cases, in the order the cases opened."""
    case_order = {case_id: n for n, case_id in enumerate(case_refs)}
    return [
        SubjectDraft(case_refs[case_id], draft_fields(text))
        for case_id, text in sorted(
            read_drafts(session, list(case_refs)).items(),
            key=lambda kept: case_order[kept[0]],
        )
    ]
