"""The quarterly monitoring return: prepare it, check the data behind it, save what was
sent, and export it again unchanged.

The figures come from :mod:`advocacy_desk.services.return_figures` (each defined once);
a :class:`ReturnReport` is those figures frozen with everything the PDF needs, so a saved
return exports the same bytes of figures whatever has changed since.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_, select

from advocacy_desk.db.models import (
    Activity,
    Case,
    Contract,
    MonitoringReturn,
    OutcomeFeedback,
    Person,
    Referral,
)
from advocacy_desk.domain.audit_chain import Head
from advocacy_desk.domain.dates import contract_year
from advocacy_desk.domain.errors import AdvocacyDeskError, NotFound, ValidationError
from advocacy_desk.domain.identifying import IdentifyingDetail, candidates, street_key
from advocacy_desk.domain.numbers import one_decimal
from advocacy_desk.domain.quarters import Quarter
from advocacy_desk.domain.return_rows import FigureRow
from advocacy_desk.files import atomic_output, kept_if_recorded
from advocacy_desk.records.returns import (
    ContractInfo,
    DataProblem,
    Narrative,
    ReturnReport,
    SavedReturn,
    TrendPoint,
)
from advocacy_desk.services import audit_writer, settings, witness
from advocacy_desk.services.access import GuardedService, Permission, requires
from advocacy_desk.services.return_figures import (
    FIGURES,
    RecordRef,
    Scope,
    compute_all,
    delivered_minutes,
    previous_quarters,
    quarters_between,
    records,
)
from advocacy_desk.services.settings import PROVIDER_NAME

MAX_CASE_STUDIES = 3

#: The formats a return is exported as.
EXPORT_FORMATS = ("csv", "pdf")


PROBLEM_KINDS = {
    "no_outcome_answers": "Closed cases with no outcome answers",
    "ethnicity_unknown": "Referrals for people whose ethnicity is not known",
    "other_contract_activity": "Activities on cases of another contract",
}


class ReturnService(GuardedService):
    @requires(Permission.RETURNS_READ, what="see the monitoring return")
    def quarters_with_data(self) -> list[Quarter]:
        """Quarters from the first referral to today that have referrals or casework,
        newest first."""
        with self._uow(read_only=True) as uow:
            first = uow.session.scalar(select(func.min(Referral.received_on)))
            if first is None:
                return []
            received = set(uow.session.scalars(select(Referral.received_on).distinct()))
            worked = set(uow.session.scalars(select(Activity.occurred_on).distinct()))
        days = received | worked
        with_data = {Quarter.of(day) for day in days if day <= self._today()}
        return sorted(
            (q for q in quarters_between(first, self._today()) if q in with_data), reverse=True
        )

    @requires(Permission.RETURNS_READ, what="see the monitoring return")
    def contracts(self) -> list[ContractInfo]:
        with self._uow(read_only=True) as uow:
            rows = uow.session.scalars(select(Contract).order_by(Contract.name))
            return [ContractInfo(c.id, c.name, c.commissioner) for c in rows]

    @requires(Permission.RETURNS_READ, what="see the monitoring return")
    def contract_named(self, name: str) -> ContractInfo:
        """The contract called ``name`` (any case), or ``ValidationError`` listing them."""
        contracts = self.contracts()
        for contract in contracts:
            if contract.name.casefold() == name.strip().casefold():
                return contract
        known = "; ".join(c.name for c in contracts) or "none recorded yet"
        raise ValidationError({"contract": f'no contract called "{name}" (contracts: {known})'})

    @requires(Permission.RETURNS_READ, what="see the monitoring return")
    def prepare(self, quarter: Quarter, contract_id: int | None = None) -> ReturnReport:
        """Compute the return for ``quarter`` (and one contract, or all) from the data now."""
        scope = Scope(quarter, contract_id)
        with self._uow(read_only=True) as uow:
            session = uow.session
            contract = None
            if contract_id is not None:
                found = session.get(Contract, contract_id)
                if found is None:
                    raise NotFound(f"no contract with id {contract_id}")
                contract = ContractInfo(found.id, found.name, found.commissioner)
            rows = compute_all(session, scope)
            reasons = {
                status: tuple(
                    (ref, reason)
                    for ref, reason in session.execute(
                        select(Referral.referral_ref, Referral.status_reason)
                        .where(
                            Referral.status == status,
                            Referral.status_on >= quarter.start,
                            Referral.status_on <= quarter.end,
                            *([] if contract_id is None else [Referral.contract_id == contract_id]),
                        )
                        .order_by(Referral.status_on, Referral.referral_ref)
                    )
                )
                for status in ("declined", "withdrawn")
            }
            hours_above, cases_above = self._above_block(session, scope)
            trend = tuple(
                _trend_point(q, rows if q == quarter else compute_all(
                    session, Scope(q, contract_id), TREND_FIGURES))
                for q in previous_quarters(quarter, 4)
            )  # fmt: skip
            provider = self._provider(session)
        return ReturnReport(
            quarter=quarter,
            contract=contract,
            provider=provider,
            generated_at=datetime.now(UTC),
            rows=tuple(rows),
            declined_reasons=reasons["declined"],
            withdrawn_reasons=reasons["withdrawn"],
            hours_above_block=hours_above,
            cases_above_block=cases_above,
            trend=trend,
            definitions=tuple((f.section, f.measure, f.definition) for f in FIGURES),
        )

    @requires(Permission.RETURNS_READ, what="see the monitoring return")
    def problems(self, quarter: Quarter, contract_id: int | None = None) -> list[DataProblem]:
        """Data that would weaken the return: closed cases with no outcome answers,
        referrals whose person's ethnicity is not known, and casework logged on cases of
        another contract than the one the return is for."""
        problems: list[DataProblem] = []
        in_contract = [] if contract_id is None else [Referral.contract_id == contract_id]
        with self._uow(read_only=True) as uow:
            session = uow.session
            unanswered = session.execute(
                select(Case.id, Case.case_ref)
                .join(Referral, Referral.id == Case.referral_id)
                .outerjoin(OutcomeFeedback, OutcomeFeedback.case_id == Case.id)
                .where(Case.closed_on >= quarter.start, Case.closed_on <= quarter.end,
                       *in_contract,
                       (OutcomeFeedback.id.is_(None))
                       | ((OutcomeFeedback.informed == "not_asked")
                          & (OutcomeFeedback.involved == "not_asked")
                          & (OutcomeFeedback.negotiate == "not_asked")
                          & (OutcomeFeedback.personal_outcomes == "not_asked")
                          & (OutcomeFeedback.empowered == "not_asked")))
                .order_by(Case.case_ref)
            )  # fmt: skip
            problems += [
                DataProblem("no_outcome_answers", "case", case_id, ref,
                            f"{ref} closed in {quarter.label} with none of the five outcome "
                            "questions answered.")
                for case_id, ref in unanswered
            ]  # fmt: skip
            unknown = session.execute(
                select(Person.id, Person.person_ref, Referral.referral_ref)
                .join(Referral, Referral.person_id == Person.id)
                .where(Referral.received_on >= quarter.start, Referral.received_on <= quarter.end,
                       Person.ethnicity == "not_known", *in_contract)
                .order_by(Referral.referral_ref)
            )  # fmt: skip
            problems += [
                DataProblem("ethnicity_unknown", "person", person_id, person_ref,
                            f"{person_ref} (referral {referral_ref}): ethnicity not known.")
                for person_id, person_ref, referral_ref in unknown
            ]  # fmt: skip
            if contract_id is not None:
                other = session.execute(
                    select(Case.id, Case.case_ref, func.count(Activity.id))
                    .join(Activity, Activity.case_id == Case.id)
                    .join(Referral, Referral.id == Case.referral_id)
                    .where(Activity.occurred_on >= quarter.start,
                           Activity.occurred_on <= quarter.end,
                           (Referral.contract_id != contract_id) | Referral.contract_id.is_(None))
                    .group_by(Case.id, Case.case_ref)
                    .order_by(Case.case_ref)
                )  # fmt: skip
                problems += [
                    DataProblem("other_contract_activity", "case", case_id, ref,
                                f"{ref}: {n} activities in {quarter.label} on a case that is "
                                "not under this contract.")
                    for case_id, ref, n in other
                ]  # fmt: skip
        return problems

    @requires(Permission.RETURNS_READ, what="see the monitoring return")
    def records_behind(
        self, quarter: Quarter, contract_id: int | None, section: str, measure: str,
        category: str = "total",
    ) -> list[RecordRef]:  # fmt: skip
        """The records a figure counts, for "clicking a figure lists the records"."""
        with self._uow(read_only=True) as uow:
            return records(uow.session, Scope(quarter, contract_id), section, measure, category)

    @requires(Permission.RETURNS_EXPORT, what="check a return's narrative before it is sent")
    def identifying_details(self, narrative: Narrative) -> list[IdentifyingDetail]:
        """Details in the narrative (summary, themes, case studies) that the database
        holds about a recorded person: full names, person, referral and case references,
        full postcodes, dates of birth and street addresses (see
        :mod:`advocacy_desk.domain.identifying`).
        Each kind is one ``IN`` look-up of the candidates found in the text (names,
        references and dates of birth by index), not a scan of the text per person."""
        parts = [("Summary", narrative.summary), ("Themes", narrative.themes)]
        parts += [(f"Case study {n}", text)
                  for n, text in enumerate(narrative.case_studies, start=1)]  # fmt: skip
        found = [(part, candidates(text)) for part, text in parts if text.strip()]
        names = {key for _, c in found for key in c.names}
        refs = {ref for _, c in found for ref in c.references}
        postcodes = {code for _, c in found for code in c.postcodes}
        dates = {day for _, c in found for day in c.dates}
        streets = {key for _, c in found for key in c.streets}
        with self._uow(read_only=True) as uow:
            session = uow.session
            known_names = _held(session, Person.name_key, names)
            known_refs = (_held(session, Person.person_ref, refs)
                          | _held(session, Referral.referral_ref, refs)
                          | _held(session, Case.case_ref, refs))  # fmt: skip
            known_postcodes = _held(session, Person.postcode, postcodes)
            known_dates = _held(session, Person.date_of_birth, dates)
            known_streets = _streets_held(session, streets)
        ref_kinds = {"P": "person_ref", "R": "referral_ref", "C": "case_ref"}
        details: list[IdentifyingDetail] = []
        for part, c in found:
            details += [IdentifyingDetail(part, c.names[k], "name")
                        for k in c.names if k in known_names]  # fmt: skip
            details += [IdentifyingDetail(part, c.references[r], ref_kinds[r[0]])
                        for r in c.references if r in known_refs]  # fmt: skip
            details += [IdentifyingDetail(part, c.postcodes[p], "postcode")
                        for p in c.postcodes if p in known_postcodes]  # fmt: skip
            details += [IdentifyingDetail(part, c.dates[d], "date_of_birth")
                        for d in c.dates if d in known_dates]  # fmt: skip
            details += [IdentifyingDetail(part, c.streets[k], "address")
                        for k in c.streets if k in known_streets]  # fmt: skip
        return details

    @requires(Permission.RETURNS_READ, what="see the monitoring return")
    def narrative_for(self, report: ReturnReport) -> Narrative:
        """The narrative of the newest saved return for the same quarter and contract."""
        contract_id = report.contract.id if report.contract else None
        with self._uow() as uow:
            text = uow.session.scalar(
                select(MonitoringReturn.narrative)
                .where(MonitoringReturn.quarter == report.quarter.code,
                       MonitoringReturn.contract_id.is_(None) if contract_id is None
                       else MonitoringReturn.contract_id == contract_id)
                .order_by(MonitoringReturn.created_at.desc(), MonitoringReturn.id.desc())
                .limit(1)
            )  # fmt: skip
        return Narrative.from_json(text) if text else Narrative()

    # -- saved returns ---------------------------------------------------------------

    @requires(Permission.RETURNS_EXPORT, what="save or export returns")
    def save(self, report: ReturnReport, narrative: Narrative, suppressed: bool,
             confirmed_details: int = 0) -> SavedReturn:  # fmt: skip
        """Keep the return as it is now: what will be sent, by whom, when.
        ``confirmed_details``: how many identifying details (``identifying_details``) the
        user saw named and chose to keep; the audit trail records it."""
        narrative = _clean_narrative(narrative)
        with self._uow() as uow:
            row = MonitoringReturn(
                quarter=report.quarter.code,
                contract_id=report.contract.id if report.contract else None,
                suppressed=suppressed,
                snapshot=report.to_json(),
                narrative=narrative.to_json(),
                created_by=self._user,
            )
            uow.session.add(row)
            uow.session.flush()
            details: dict[str, Any] = {"quarter": report.quarter.code}
            if confirmed_details:
                details["identifying_details_kept"] = confirmed_details
            audit_writer.record(
                uow.session, self._user, "save", "monitoring_return", row.id, details
            )
            uow.session.flush()
            head = witness.head_of(uow.session)  # the trail with this save in it
            row.audit_events, row.audit_head = head.events, head.head
            saved = _saved(row, report)
            uow.commit()
            return saved

    @requires(Permission.RETURNS_READ, what="see the monitoring return")
    def saved(self) -> list[SavedReturn]:
        """Every saved return, newest first."""
        with self._uow(read_only=True) as uow:
            rows = uow.session.scalars(
                select(MonitoringReturn).order_by(MonitoringReturn.created_at.desc(),
                                                  MonitoringReturn.id.desc())
            )  # fmt: skip
            return [_saved(r, ReturnReport.from_json(r.snapshot)) for r in rows]

    @requires(Permission.RETURNS_READ, what="see the monitoring return")
    def load(self, saved_id: int) -> tuple[ReturnReport, Narrative, bool]:
        with self._uow(read_only=True) as uow:
            row = uow.session.get(MonitoringReturn, saved_id)
            if row is None:
                raise NotFound(f"no saved return with id {saved_id}")
            return (ReturnReport.from_json(row.snapshot), Narrative.from_json(row.narrative),
                    row.suppressed)  # fmt: skip

    @requires(Permission.RETURNS_EXPORT, what="export returns")
    def export(self, report: ReturnReport, out: Path, file_format: str, suppressed: bool,
               *, saved_id: int | None = None,
               progress: Callable[[str, float], None] | None = None) -> Path:  # fmt: skip
        """Write the return to ``out`` as "csv" or "pdf", whole or not at all
        (``files.atomic_output``), then record the export in the audit trail; if that
        fails, the file goes, so no export leaves a file the trail does not show. A
        refusal comes before anything is written. The one way a return is exported: the
        command line and the window both come here, so both leave the same trail.

        ``saved_id`` None (the command line): the return as prepared, with the narrative
        of its newest saved return; a PDF prints the trail's head as it stood when the
        export began. ``saved_id`` given (the window, which saves first): exactly that
        saved return (``report`` and ``suppressed`` must be what was saved), with its
        narrative and the head recorded when it was saved; the saved return is marked
        exported in the same step that records the export. ``progress`` is told
        (message, fraction) as the file is written: the window shows it."""
        if file_format not in EXPORT_FORMATS:
            raise AdvocacyDeskError(f"cannot export as {file_format!r}: choose CSV or PDF")
        if saved_id is None:
            narrative = self.narrative_for(report)
            with self._uow(read_only=True) as uow:
                head: Head | None = witness.head_of(uow.session)
        else:
            narrative, head = self._as_saved(saved_id, report, suppressed)
        tell = progress or _quiet
        tell(f"Writing {out.name}…", 0.1)
        with atomic_output(out) as temporary:
            _write(report, narrative, temporary, file_format, suppressed, head)
            tell(f"Saving {out.name}…", 0.9)
        details: dict[str, Any] = {
            "quarter": report.quarter.label, "contract": report.contract_name,
            "format": file_format, "file": out.name, "suppressed": suppressed,
        }  # fmt: skip
        if saved_id is not None:
            details["as"] = str(out)  # as the saved return's row says, in full
        kept_if_recorded(out, lambda: self._record_export(saved_id, details))
        tell(f"Wrote {out.name}", 1.0)
        return out

    def _record_export(self, saved_id: int | None, details: dict[str, Any]) -> None:
        """The export in the audit trail and, for a saved return, on its row (when and
        where it was exported), in one transaction."""
        with self._uow() as uow:
            if saved_id is not None:
                row = uow.session.get(MonitoringReturn, saved_id)
                if row is None:
                    raise NotFound(f"no saved return with id {saved_id}")
                row.exported_at = datetime.now(UTC)
                row.exported_as = str(details["as"])[-200:]
            audit_writer.record(uow.session, self._user, "export", "monitoring_return", saved_id,
                         details)  # fmt: skip
            uow.commit()

    def _as_saved(self, saved_id: int, report: ReturnReport,
                  suppressed: bool) -> tuple[Narrative, Head | None]:  # fmt: skip
        """The saved return's narrative and audit head, once sure ``report`` and
        ``suppressed`` are what it holds (an export says what was kept, exactly)."""
        with self._uow(read_only=True) as uow:
            row = uow.session.get(MonitoringReturn, saved_id)
            if row is None:
                raise NotFound(f"no saved return with id {saved_id}")
            kept = ReturnReport.from_json(row.snapshot)
            if kept != report or row.suppressed != suppressed:
                raise AdvocacyDeskError(
                    f"the return to export is not saved return {saved_id} as it was saved; "
                    "open it from Saved returns and export it from there"
                )
            return Narrative.from_json(row.narrative), _saved(row, kept).audit_head

    # -- helpers -----------------------------------------------------------------------

    def _above_block(self, session: Any, scope: Scope) -> tuple[Decimal | None, int | None]:
        """Hours and cases above the block so far in the contract year (one contract)."""
        if scope.contract_id is None:
            return None, None
        contract = session.get(Contract, scope.contract_id)
        if contract is None:
            return None, None
        year_start, _ = contract_year(contract.starts_on, contract.ends_on, scope.end)
        hours = cases = None
        if contract.hours_per_year:
            minutes = sum(delivered_minutes(session, year_start, scope.end, contract.id).values())
            hours = max(one_decimal(minutes / 60 - contract.hours_per_year), Decimal("0.0"))
        if contract.cases_per_year:
            opened = int(
                session.scalar(
                    select(func.count())
                    .select_from(Case)
                    .join(Referral, Referral.id == Case.referral_id)
                    .where(Referral.contract_id == contract.id, Case.opened_on >= year_start,
                           Case.opened_on <= scope.end)
                ) or 0
            )  # fmt: skip
            cases = max(opened - contract.cases_per_year, 0)
        return hours, cases

    @staticmethod
    def _provider(session: Any) -> str:
        return settings.read(session, PROVIDER_NAME)


#: The figures the four-quarter trend shows, computed by their own definitions.
TREND_FIGURES = tuple(
    f
    for f in FIGURES
    if (f.section, f.measure) in {("referrals", "received"), ("hours", "delivered")}
)


def _write(report: ReturnReport, narrative: Narrative, path: Path, file_format: str,
           suppressed: bool, head: Head | None) -> None:  # fmt: skip
    """The return's bytes into ``path`` (a temporary file ``export`` renames): the PDF
    library loads only for a PDF, and a missing one is a message rather than a crash."""
    if file_format == "csv":
        from advocacy_desk.exports.return_csv import write_csv

        with path.open("w", encoding="utf-8", newline="") as file:
            write_csv(report, file, suppressed)
        return
    try:
        from advocacy_desk.exports.return_pdf import write_pdf
    except ImportError as exc:
        raise AdvocacyDeskError(f"PDF export is not available: {exc}") from None
    write_pdf(report, narrative, path, suppressed, head)


def _quiet(message: str, fraction: float) -> None:
    """No progress to show (the command line's export)."""


def _trend_point(quarter: Quarter, rows: Sequence[FigureRow]) -> TrendPoint:
    by_key = {row.key: row.value for row in rows}
    received = by_key[("referrals", "received", "total")]
    hours = by_key[("hours", "delivered", "total")]
    return TrendPoint(quarter.label, int(received or 0), Decimal(hours or 0))


def _saved(row: MonitoringReturn, report: ReturnReport) -> SavedReturn:
    return SavedReturn(
        id=row.id,
        quarter=report.quarter,
        contract_name=report.contract_name,
        suppressed=row.suppressed,
        created_at=row.created_at,
        created_by=row.created_by,
        exported_at=row.exported_at,
        exported_as=row.exported_as,
        audit_head=(
            Head(row.audit_events, row.audit_head, row.created_at)
            if row.audit_events is not None and row.audit_head
            else None
        ),
    )


#: Values per ``IN`` list: well under every database's limit on bound parameters.
_IN_CHUNK = 500


def _held(session: Any, column: Any, values: set[Any]) -> set[Any]:
    """Which of ``values`` ``column`` holds (an indexed look-up, in chunks)."""
    wanted = sorted(values)
    held: set[Any] = set()
    for start in range(0, len(wanted), _IN_CHUNK):
        chunk = wanted[start : start + _IN_CHUNK]
        held.update(session.scalars(select(column).where(column.in_(chunk)).distinct()))
    return held


def _streets_held(session: Any, streets: set[str]) -> set[str]:
    """Which of the street addresses (``street_key`` form) end a recorded person's
    address line ("68 the avenue" ends "Flat 2, 68 The Avenue"). Only the rows whose
    line holds the house number are read, once for all the streets in the text."""
    if not streets:
        return set()
    numbers = {key.split(" ", 1)[0] for key in streets}
    lines = (Person.address_line_one, Person.address_line_two)
    rows = session.execute(
        select(*lines).where(or_(*(line.contains(n) for n in numbers for line in lines)))
    )
    held: set[str] = set()
    for row in rows:
        for line in row:
            key = street_key(line or "")
            held.update(s for s in streets if key == s or key.endswith(" " + s))
    return held


def _clean_narrative(narrative: Narrative) -> Narrative:
    studies = tuple(s.strip() for s in narrative.case_studies if s.strip())
    if len(studies) > MAX_CASE_STUDIES:
        raise ValidationError(
            {"case_studies": f"Case studies: at most {MAX_CASE_STUDIES}, anonymised."}
        )
    return Narrative(narrative.summary.strip(), narrative.themes.strip(), studies)
