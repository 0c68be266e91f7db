"""The advocate's reports on a case (an IMCA's report to the decision maker, a Care Act
advocacy report): drafts, and each version sent kept unchanged.

A case has reports numbered 1, 2, ... A report is written as a draft and marked sent
(on a day, to someone). Marking it sent keeps a copy of everything it said then
(``ReportSending``); that copy is never changed.

Editing after sending is allowed (a correction, an addendum for the decision maker):
the report keeps its status "sent", ``ReportRecord.changed_since_sent`` says its text
now differs from the last version sent, and marking it sent again keeps the new
version as well. The versions already sent stay exactly as they went.

A report sent to one of the person's parties (their social worker, say) with no
standing consent to share with that party needs a reason, which the audit trail keeps.

The provider's logo (PNG or JPEG, up to 1 MB) is a setting; it and the provider's name
head the first page of every report exported as Word or PDF.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from advocacy_desk.db.models import (
    AdvocateReport,
    Case,
    Party,
    ReportSending,
    StaffUser,
)
from advocacy_desk.domain.consent import no_consent_message
from advocacy_desk.domain.dates import format_uk
from advocacy_desk.domain.errors import AdvocacyDeskError, NotFound, ValidationError
from advocacy_desk.domain.text import refuse_control_characters
from advocacy_desk.domain.vocabulary import REPORT_KIND, REPORT_SECTION
from advocacy_desk.files import atomic_output, check_writable, kept_if_recorded
from advocacy_desk.records.reports import (
    SECTIONS,
    DueReport,
    ReportCase,
    ReportDetails,
    ReportRecord,
    SentVersion,
)
from advocacy_desk.services import audit_writer, settings
from advocacy_desk.services.access import (
    SIGNED_IN,
    GuardedService,
    NotPermitted,
    Permission,
    requires,
)
from advocacy_desk.services.casework import CaseClosed
from advocacy_desk.services.concurrency import refuse_if_changed
from advocacy_desk.services.consent import ConsentService
from advocacy_desk.services.references import find_by_reference
from advocacy_desk.services.settings import PROVIDER_LOGO, PROVIDER_NAME

#: The setting holding the provider's logo (base64 of the PNG or JPEG file).
MAX_LOGO_BYTES = 1024 * 1024
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"

MAX_ABOUT = 500
MAX_DECISION_MAKER = 200
MAX_SECTION = 20_000
MAX_SENT_TO = 300
MAX_REASON = 2_000
#: A due date further ahead than this is taken for a mistyped year.
MAX_DUE_AHEAD = timedelta(days=2 * 366)

#: Who may read reports (an advocate: on their own cases) and write them.
_READ = (Permission.CASEWORK_ALL, Permission.CASEWORK_READ, Permission.CASEWORK_OWN)
_CHANGE = (Permission.CASEWORK_ALL, Permission.CASEWORK_OWN)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _block(text: str) -> str:
    """Free text with its line breaks kept, trailing spaces and blank ends removed."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n").strip()


def clean_details(details: ReportDetails, today: date) -> ReportDetails:
    """The details tidied, or ``ValidationError`` naming each field that is wrong."""
    refuse_control_characters(vars(details), {})
    clean = ReportDetails(
        kind=details.kind,
        about=_one_line(details.about),
        decision_maker=_one_line(details.decision_maker),
        due_on=details.due_on,
        **{code: _block(details.section(code)) for code in SECTIONS},
    )
    errors: dict[str, str] = {}
    if clean.kind not in REPORT_KIND:
        labels = ", ".join(label for _, label in REPORT_KIND.items)
        errors["kind"] = f"Kind: choose one of {labels}."
    if not clean.about:
        errors["about"] = "About: say which decision or process the report is for."
    elif len(clean.about) > MAX_ABOUT:
        errors["about"] = f"About: at most {MAX_ABOUT} characters; put the detail in a section."
    if len(clean.decision_maker) > MAX_DECISION_MAKER:
        errors["decision_maker"] = f"Decision maker: at most {MAX_DECISION_MAKER} characters."
    if clean.due_on is not None and clean.due_on > today + MAX_DUE_AHEAD:
        errors["due_on"] = (
            f"Due on: {format_uk(clean.due_on)} is more than two years away: check the year."
        )
    for code in SECTIONS:
        if len(clean.section(code)) > MAX_SECTION:
            errors[code] = (
                f"{REPORT_SECTION.label(code)}: at most {MAX_SECTION:,} characters "
                f"(this has {len(clean.section(code)):,})."
            )
    if errors:
        raise ValidationError(errors)
    return clean


@dataclass(frozen=True)
class _PartyInfo:
    id: int
    person_id: int
    name: str
    organisation: str


@dataclass(frozen=True)
class _Sending:
    """What the user said about a report's sending, as typed (tidied)."""

    sent_on: date
    sent_to: str
    reason: str
    party_id: int | None
    to_person: bool


def _check_sending(
    sending: _Sending, party: _PartyInfo | None, opened_on: date, today: date
) -> str:
    """Who the report went to (the party's name when left blank), or ValidationError
    with a message for each field that is wrong: a date in the future or before the
    case opened, text too long, a party not the person's, both a party and the person."""
    sent_to = sending.sent_to
    errors: dict[str, str] = {}
    if sending.sent_on > today:
        errors["sent_on"] = (
            f"Sent on: {format_uk(sending.sent_on)} is in the future; record it once it has gone."
        )
    elif sending.sent_on < opened_on:
        errors["sent_on"] = (
            f"Sent on: the case opened on {format_uk(opened_on)}; the report cannot have "
            "been sent before that."
        )
    if len(sent_to) > MAX_SENT_TO:
        errors["sent_to"] = f"Sent to: at most {MAX_SENT_TO} characters."
    if len(sending.reason) > MAX_REASON:
        errors["no_consent_reason"] = f"Reason: at most {MAX_REASON:,} characters."
    if sending.party_id is not None and party is None:
        errors["party_id"] = "Party: choose one of this person's parties, or none."
    if sending.party_id is not None and sending.to_person:
        errors["party_id"] = (
            "Party: the report went to the person themselves or to one of their "
            "parties; choose one."
        )
    if party is not None and not sent_to:
        where = f" ({party.organisation})" if party.organisation else ""
        sent_to = f"{party.name}{where}"
    if not sent_to:
        errors["sent_to"] = "Sent to: say who the report went to."
    if errors:
        raise ValidationError(errors)
    return sent_to


def _details(row: AdvocateReport) -> ReportDetails:
    return ReportDetails(
        kind=row.kind,
        about=row.about,
        decision_maker=row.decision_maker,
        due_on=row.due_on,
        **{code: getattr(row, code) for code in SECTIONS},
    )


def logo_problem(data: bytes) -> str:
    """What is wrong with ``data`` as a logo, or an empty string."""
    if not data:
        return "Logo: the file is empty."
    if len(data) > MAX_LOGO_BYTES:
        return (
            f"Logo: the file is {len(data) / 1024 / 1024:.1f} MB; use a PNG or JPEG of at "
            "most 1 MB (a logo 600 pixels wide is plenty)."
        )
    if not data.startswith((PNG_MAGIC, JPEG_MAGIC)):
        return "Logo: the file is not a PNG or JPEG picture; save the logo as PNG and try again."
    from reportlab.lib.utils import ImageReader

    try:
        width, height = ImageReader(io.BytesIO(data)).getSize()
    except Exception:  # any failure to decode means a damaged picture
        return "Logo: the picture cannot be read (the file may be damaged); save it again."
    if width < 1 or height < 1:
        return "Logo: the picture has no size; save it again."
    return ""


def _logo_kind(data: bytes) -> str:
    return "PNG" if data.startswith(PNG_MAGIC) else "JPEG"


class ReportService(GuardedService):
    # -- reading ------------------------------------------------------------------------

    @requires(*_READ, what="read a case's reports")
    def for_case(self, case_id: int) -> list[ReportRecord]:
        """The case's reports, by number."""
        with self._uow(read_only=True) as uow:
            session = uow.session
            case = self._case(session, case_id, what="read its reports")
            rows = session.scalars(
                select(AdvocateReport)
                .where(AdvocateReport.case_id == case.id)
                .order_by(AdvocateReport.number)
            ).all()
            return [self._record(session, row, case) for row in rows]

    @requires(*_READ, what="read a case's reports")
    def case_info(self, case_id: int) -> ReportCase:
        with self._uow(read_only=True) as uow:
            case = self._case(uow.session, case_id, what="read its reports")
            return ReportCase(case.id, case.case_ref, case.referral.person_id,
                              case.closed_on is None,
                              self._access.may_change_case(case.advocate_id))  # fmt: skip

    @requires(*_READ, what="read a case's reports")
    def get(self, report_id: int) -> ReportRecord:
        with self._uow(read_only=True) as uow:
            row, case = self._report(uow.session, report_id, what="read its reports")
            return self._record(uow.session, row, case)

    @requires(*_READ, what="see the reports due")
    def due(self, within_days: int = 7, advocate_id: int | None = None) -> list[DueReport]:
        """Draft reports on open cases due within ``within_days`` of today, or overdue,
        soonest first. An advocate sees their own; others may pick one advocate (or,
        with None, see everyone's)."""
        if not self._access.sees_all_cases():
            own = self._my_staff_id()
            if advocate_id is not None and advocate_id != own:
                raise NotPermitted(
                    "you can see the reports due on your own caseload only",
                    "see another advocate's reports due",
                )
            advocate_id = -1 if own is None else own
        today = self._today()
        horizon = today + timedelta(days=within_days)
        query = (
            select(AdvocateReport.id, Case.id, Case.case_ref, AdvocateReport.number,
                   AdvocateReport.kind, AdvocateReport.due_on, StaffUser.full_name)
            .join(Case, Case.id == AdvocateReport.case_id)
            .join(StaffUser, StaffUser.id == Case.advocate_id)
            .where(AdvocateReport.status == "draft", AdvocateReport.due_on.is_not(None),
                   AdvocateReport.due_on <= horizon, Case.closed_on.is_(None))
            .order_by(AdvocateReport.due_on, Case.case_ref, AdvocateReport.number)
        )  # fmt: skip
        if advocate_id is not None:
            query = query.where(Case.advocate_id == advocate_id)
        with self._uow(read_only=True) as uow:
            rows = uow.session.execute(query).all()
        return [
            DueReport(r[0], r[1], r[2], r[3], r[4], due, due < today, r[6])
            for r in rows
            if (due := r[5]) is not None
        ]

    # -- writing ------------------------------------------------------------------------

    @requires(*_CHANGE, what="write reports")
    def create(self, case_id: int, details: ReportDetails) -> ReportRecord:
        """A new draft report, numbered after the case's last."""
        clean = clean_details(details, self._today())
        with self._uow() as uow:
            session = uow.session
            case = self._open_case(session, case_id, what="write a report")
            last = session.scalar(
                select(func.max(AdvocateReport.number)).where(AdvocateReport.case_id == case.id)
            )
            row = AdvocateReport(
                case_id=case.id, number=(last or 0) + 1, kind=clean.kind, about=clean.about,
                decision_maker=clean.decision_maker, due_on=clean.due_on, status="draft",
                created_by=self._user,
                **{code: clean.section(code) for code in SECTIONS},
            )  # fmt: skip
            session.add(row)
            session.flush()
            entry = {"case": case.case_ref, "number": row.number,
                     **audit_writer.created(clean.as_json())}  # fmt: skip
            audit_writer.record(session, self._user, "create", "advocate_report", row.id, entry)
            record = self._record(session, row, case)
            uow.commit()
            return record

    @requires(*_CHANGE, what="write reports")
    def update(
        self, report_id: int, details: ReportDetails, *, opened: ReportRecord | None = None
    ) -> ReportRecord:
        """Change a report. A sent report may be changed too; what was sent is kept
        unchanged, and the report shows it has changed since (send it again to keep
        the new version as sent). ``opened`` is the record the form was opened from: if
        someone else has saved the report since, nothing is saved and
        :class:`EditConflict` says what they changed (None: no check)."""
        clean = clean_details(details, self._today())
        with self._uow() as uow:
            session = uow.session
            row, case = self._report(session, report_id, change=True, what="change its report")
            self._check_open(case)
            before = _details(row).as_json()
            if opened is not None:
                refuse_if_changed(
                    session, what="this report", entity="advocate_report", entity_id=row.id,
                    opened_version=opened.version, current_version=row.version,
                    opened=opened.details.as_json(), current=before, codes={"kind": REPORT_KIND},
                )  # fmt: skip
            changed = audit_writer.changes(before, clean.as_json())
            if changed:
                row.kind, row.about = clean.kind, clean.about
                row.decision_maker, row.due_on = clean.decision_maker, clean.due_on
                for code in SECTIONS:
                    setattr(row, code, clean.section(code))
                session.flush()
                audit_writer.record(
                    session,
                    self._user,
                    "update",
                    "advocate_report",
                    row.id,
                    {"case": case.case_ref, "number": row.number, **changed},
                )
            record = self._record(session, row, case)
            uow.commit()
            return record

    @requires(*_CHANGE, what="mark reports sent")
    def mark_sent(
        self,
        report_id: int,
        sent_on: date,
        sent_to: str,
        party_id: int | None = None,
        no_consent_reason: str = "",
        to_person: bool = False,
    ) -> ReportRecord:
        """Record that the report went to ``sent_to`` on ``sent_on``, keeping what it says
        now unchanged. Information about a person goes to someone else only with
        consent: sent to one of the person's parties (``party_id``) with no standing
        consent to share with them, or to anyone not recorded as their party (neither a
        party nor ``to_person``, the person themselves), a reason is needed; the audit
        keeps it. In non-instructed advocacy the reason is the advocate's decision."""
        sent_to = _one_line(sent_to)
        reason = _block(no_consent_reason)
        with self._uow(read_only=True) as uow:
            _row, case = self._report(uow.session, report_id, change=True,
                                     what="mark its report sent")  # fmt: skip
            person_id = case.referral.person_id
            non_instructed = case.referral.advocacy_type == "non_instructed"
            opened_on = case.opened_on
            found = None if party_id is None else uow.session.get(Party, party_id)
            party = (
                None
                if found is None or found.person_id != person_id
                else _PartyInfo(found.id, found.person_id, found.name, found.organisation)
            )
        sent_to = _check_sending(
            _Sending(sent_on, sent_to, reason, party_id, to_person),
            party,
            opened_on,
            self._today(),
        )
        consent = True
        if party is not None:
            consent = ConsentService(self._uow, self._access, self._today).may_share(
                person_id, party.id, sent_on
            )
        elif not to_person:
            consent = False  # no consent can stand for someone not recorded
        if not consent and not reason:
            raise ValidationError({"no_consent_reason": no_consent_message(
                party.name if party is not None else sent_to, recorded=party is not None,
                non_instructed=non_instructed,
            )})  # fmt: skip
        entry: dict[str, Any] = {"sent_on": sent_on.isoformat(), "sent_to": sent_to}
        if party is not None:
            entry["party_id"] = party.id
        if to_person:
            entry["to_person"] = True
        else:
            entry["sharing_consent"] = consent
            if not consent:
                entry["no_consent_reason"] = reason
        return self._record_sending(report_id, sent_on, sent_to, entry)

    def _record_sending(
        self, report_id: int, sent_on: date, sent_to: str, entry: dict[str, Any]
    ) -> ReportRecord:
        """Keep what the report says now as the version sent, mark it sent, audit it."""
        with self._uow() as uow:
            session = uow.session
            row, case = self._report(session, report_id, change=True,
                                     what="mark its report sent")  # fmt: skip
            content = _details(row)
            session.add(
                ReportSending(
                    report_id=row.id, sent_on=sent_on, sent_to=sent_to,
                    content=json.dumps(content.as_json(), sort_keys=True),
                    sent_by=self._user,
                )
            )  # fmt: skip
            status_before = row.status
            row.status = "sent"
            session.flush()
            audit_writer.record(session, self._user, "send", "advocate_report", row.id, {
                "case": case.case_ref, "number": row.number, "sent_on": entry.pop("sent_on"),
                "sent_to": entry.pop("sent_to"), "status": [status_before, "sent"], **entry,
            })  # fmt: skip
            record = self._record(session, row, case)
            uow.commit()
            return record

    # -- documents ----------------------------------------------------------------------

    @requires(*_READ, what="export reports")
    def export(self, report_id: int, out: Path) -> Path:
        """Write the report (as it is now) to ``out``, as Word (.docx) or PDF (.pdf) by the
        suffix; written whole to a temporary name first, then put in place
        (``files.atomic_output``). Audited once the file is whole (a refusal comes before
        anything is written; if the export cannot be recorded, the file goes)."""
        from advocacy_desk.exports import report_documents

        fmt = out.suffix.lower().lstrip(".")
        if fmt not in ("docx", "pdf"):
            raise AdvocacyDeskError(f"cannot write {out}: give a file name ending .docx or .pdf")
        check_writable(out)
        with self._uow(read_only=True) as uow:
            session = uow.session
            row, case = self._report(session, report_id, what="export its report")
            record = self._record(session, row, case)
            person = case.referral.person
            document = report_documents.ReportDocument(
                provider_name=self._provider_name(session),
                logo=self._logo(session),
                case_ref=case.case_ref,
                number=record.number,
                person_name=f"{person.given_name} {person.family_name}",
                person_born=person.date_of_birth,
                advocate_name=case.advocate.full_name,
                details=record.details,
                status=record.status,
                sendings=tuple((s.sent_on, s.sent_to) for s in record.sendings),
                changed_since_sent=record.changed_since_sent,
            )
        with atomic_output(out) as partial:
            report_documents.write(document, partial, fmt)
        kept_if_recorded(out, lambda: self._access.record(
            "export", "advocate_report", record.id,
            {"case": record.case_ref, "number": record.number, "format": fmt, "file": out.name},
        ))  # fmt: skip
        return out

    @requires(*_READ, what="export reports")
    def export_by_case_ref(self, case_ref: str, number: int | None, out: Path) -> int:
        """Export report ``number`` of the case (its latest when None); the number written."""
        ref = case_ref.strip().upper()
        with self._uow(read_only=True) as uow:
            session = uow.session
            case = find_by_reference(session, select(Case), Case.case_ref, case_ref)
            if case is None:
                raise NotFound(f"no case {ref}")
            ref = case.case_ref
            self._access.check_case(case.advocate_id, False, "export its reports")
            numbers = dict(
                session.execute(
                    select(AdvocateReport.number, AdvocateReport.id).where(
                        AdvocateReport.case_id == case.id
                    )
                ).all()
            )
        if not numbers:
            raise AdvocacyDeskError(f"{ref} has no reports yet")
        wanted = max(numbers) if number is None else number
        if wanted not in numbers:
            have = (
                f"it has report {min(numbers)} only"
                if len(numbers) == 1
                else f"it has reports {min(numbers)} to {max(numbers)}"
            )
            raise NotFound(f"{ref} has no report {wanted}; {have}")
        self.export(numbers[wanted], out)
        return wanted

    # -- the provider's logo ------------------------------------------------------------

    @requires(Permission.SETTINGS, what="change the provider's logo")
    def set_logo(self, path: Path | None) -> None:
        """Use the PNG or JPEG at ``path`` (at most 1 MB) as the provider's logo on
        reports; None removes it. Audited as a change of setting."""
        data = b""
        if path is not None:
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise ValidationError(
                    {"logo": f"Logo: cannot read {path.name}: {exc.strerror or exc}."}
                ) from None
            problem = logo_problem(data)
            if problem:
                raise ValidationError({"logo": problem})
        with self._uow() as uow:
            session = uow.session
            new = base64.b64encode(data).decode("ascii") if data else ""
            named = path.name if path else ""

            def shown(stored: str) -> str:
                """The logo as the trail records it (not the picture itself)."""
                if not stored:
                    return ""
                return self._describe_logo(base64.b64decode(stored), named if stored == new else "")

            if settings.write(session, self._access, PROVIDER_LOGO, new, shown):
                uow.commit()

    @requires(*SIGNED_IN, what="see the provider's logo")
    def logo(self) -> bytes | None:
        with self._uow(read_only=True) as uow:
            return self._logo(uow.session)

    @requires(*SIGNED_IN, what="see the provider's name")
    def provider_name(self) -> str:
        with self._uow(read_only=True) as uow:
            return self._provider_name(uow.session)

    # -- helpers ------------------------------------------------------------------------

    @staticmethod
    def _describe_logo(data: bytes, name: str = "") -> str:
        """The logo as the audit trail records it (not the picture itself)."""
        digest = hashlib.sha256(data).hexdigest()[:16]
        named = f"{name}: " if name else ""
        return f"{named}{_logo_kind(data)}, {len(data):,} bytes, sha256 {digest}"

    @staticmethod
    def _logo(session: Session) -> bytes | None:
        value = settings.read(session, PROVIDER_LOGO)
        if not value:
            return None
        try:
            return base64.b64decode(value, validate=True)
        except ValueError:
            return None

    @staticmethod
    def _provider_name(session: Session) -> str:
        return settings.read(session, PROVIDER_NAME)

    def _my_staff_id(self) -> int | None:
        identity = self._access.identity
        if identity is not None and identity.staff_id is not None:
            return identity.staff_id
        if not self._user:
            return None
        with self._uow(read_only=True) as uow:
            return uow.session.scalar(
                select(StaffUser.id).where(StaffUser.username == self._user.lower())
            )

    def _case(self, session: Session, case_id: int, change: bool = False,
              what: str = "open this case") -> Case:  # fmt: skip
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound(f"no case with id {case_id}")
        self._access.check_case(case.advocate_id, change, what)
        return case

    def _open_case(self, session: Session, case_id: int, what: str) -> Case:
        case = self._case(session, case_id, change=True, what=what)
        self._check_open(case)
        return case

    @staticmethod
    def _check_open(case: Case) -> None:
        if case.closed_on is not None:
            raise CaseClosed(
                f"{case.case_ref} was closed on {format_uk(case.closed_on)}: reopen it, with a "
                "reason, before writing or changing its reports"
            )

    def _report(self, session: Session, report_id: int, change: bool = False,
                what: str = "open its report") -> tuple[AdvocateReport, Case]:  # fmt: skip
        row = session.get(AdvocateReport, report_id)
        if row is None:
            raise NotFound(f"no report with id {report_id}")
        case = self._case(session, row.case_id, change, what)
        return row, case

    @staticmethod
    def _record(session: Session, row: AdvocateReport, case: Case) -> ReportRecord:
        sendings = session.scalars(
            select(ReportSending)
            .where(ReportSending.report_id == row.id)
            .order_by(ReportSending.id)
        )
        return ReportRecord(
            id=row.id,
            case_id=case.id,
            case_ref=case.case_ref,
            person_id=case.referral.person_id,
            number=row.number,
            version=row.version,
            status=row.status,
            details=_details(row),
            sendings=tuple(
                SentVersion(
                    s.sent_on, s.sent_to, s.sent_by, ReportDetails.from_json(json.loads(s.content))
                )
                for s in sendings
            ),
            created_by=row.created_by,
        )


def sent_line(sending: SentVersion) -> str:
    """ "Sent on 20/11/2026 to Sam Jones (Essex County Council)"."""
    return f"Sent on {format_uk(sending.sent_on)} to {sending.sent_to}"
