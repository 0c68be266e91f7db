"""The first pass of an import: read every row, apply the same rules as the app's forms,
and check every reference against the files and the database. Nothing is written.

Only what later kinds need is kept from each row (a person's date of birth, a case's
dates), so memory grows with the number of people, referrals and cases, never with
the number of activities.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from advocacy_desk.db.models import (
    Case,
    Contract,
    Person,
    Referral,
    StaffUser,
    Volunteer,
)
from advocacy_desk.domain.casework import ActivityDetails, clean_activity, clean_issue
from advocacy_desk.domain.contracts import clean_contract
from advocacy_desk.domain.eligibility import is_statutory
from advocacy_desk.domain.errors import ValidationError
from advocacy_desk.domain.names import dates_nearly_equal, names_match, normalise_name
from advocacy_desk.domain.people import clean_person
from advocacy_desk.domain.referrals import clean_referral
from advocacy_desk.domain.volunteers import clean_profile, clean_volunteer
from advocacy_desk.importing import cells
from advocacy_desk.importing.records import (
    contract_details,
    person_details,
    profile_details,
    referral_details,
    volunteer_details,
)
from advocacy_desk.importing.report import ImportReport, Problem
from advocacy_desk.importing.schema import BY_NAME, Kind

Values = dict[str, Any]
#: Domain field names that a column of another name holds.
FIELD_COLUMNS = {
    "occurred_on": "date",
    "difficulties": "substantial_difficulty",
    "contract_id": "contract",
}
#: How many new people are compared with the database at once.
DUPLICATE_BATCH = 500


@dataclass(frozen=True)
class ReferralInfo:
    person_ref: str
    received_on: date
    advocacy_type: str
    status: str
    statutory: bool


@dataclass(frozen=True)
class CaseInfo:
    opened_on: date
    closed_on: date | None


@dataclass
class Known:
    """What the database holds already, by natural key (read once, before checking)."""

    contracts: set[str] = field(default_factory=set)
    people: dict[str, date | None] = field(default_factory=dict)
    staff: set[str] = field(default_factory=set)
    referrals: dict[str, ReferralInfo] = field(default_factory=dict)
    #: referral ref -> the case ref that has it
    case_of_referral: dict[str, str] = field(default_factory=dict)
    cases: dict[str, CaseInfo] = field(default_factory=dict)
    volunteers: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, session: Session) -> Known:
        known = cls()
        known.contracts = {n.casefold() for n in session.scalars(select(Contract.name))}
        known.people = dict(session.execute(select(Person.person_ref, Person.date_of_birth)).all())
        for username, full_name in session.execute(select(StaffUser.username, StaffUser.full_name)):
            known.staff |= {username.casefold(), full_name.casefold()}
        rows = session.execute(
            select(
                Referral.referral_ref,
                Person.person_ref,
                Referral.received_on,
                Referral.advocacy_type,
                Referral.status,
                Referral.statutory,
            ).join(Person, Person.id == Referral.person_id)
        )
        for ref, person_ref, received, kind, status, statutory in rows:
            known.referrals[ref] = ReferralInfo(person_ref, received, kind, status, statutory)
        for case_ref, referral_ref, opened, closed in session.execute(
            select(Case.case_ref, Referral.referral_ref, Case.opened_on, Case.closed_on).join(
                Referral, Referral.id == Case.referral_id
            )
        ):
            known.cases[case_ref] = CaseInfo(opened, closed)
            known.case_of_referral[referral_ref] = case_ref
        known.volunteers = set(session.scalars(select(Volunteer.volunteer_ref)))
        return known


class Checker:
    """Checks rows kind by kind, in dependency order, reporting into ``report``."""

    def __init__(
        self, session: Session, today: date, report: ImportReport, sees_people: bool = True
    ) -> None:
        self.session = session
        #: Whether the caller may read people's records: only then are new people compared
        #: with those recorded (a warning would say who is recorded already).
        self.sees_people = sees_people
        self.today = today
        self.report = report
        self.known = Known.read(session)
        # What the files hold, by natural key: the row that first gave each key.
        self.seen: dict[str, dict[tuple[Any, ...], int]] = {}
        self.contracts: set[str] = set()
        self.people: dict[str, date | None] = {}
        self.staff: set[str] = set()
        self.referrals: dict[str, ReferralInfo] = {}
        self.case_of_referral: dict[str, str] = {}
        self.cases: dict[str, CaseInfo] = {}
        self.volunteers: set[str] = set()
        self.feedback: set[str] = set()
        self._raw: dict[str, object] = {}
        #: (kind, key) of rows that failed their checks.
        self.broken: set[tuple[str, str]] = set()
        self._new_people: list[tuple[str, int, str, str, date | None]] = []
        self._checks: dict[str, Callable[[str, int, Values], None]] = {
            "contracts": self._contract,
            "people": self._person,
            "advocates": self._advocate,
            "referrals": self._referral,
            "cases": self._case,
            "activities": self._activity,
            "issues": self._issue,
            "feedback": self._feedback,
            "volunteers": self._volunteer,
            "partner_profiles": self._profile,
            "partnerships": self._partnership,
        }

    # -- rows ------------------------------------------------------------------------

    def row(self, kind: Kind, where: str, number: int, raw: dict[str, object]) -> None:
        """Check one row: its cells, then its kind's rules."""
        self._raw = raw
        values = read_cells(kind, where, number, raw, self.report)
        if values is None:
            self._broken(kind, raw)
            return
        if (
            kind.key
            and all(values.get(k) is not None for k in kind.key)
            and kind.name
            not in (
                "activities",
                "issues",
                "partnerships",
            )
        ):
            key = tuple(_fold(values[k]) for k in kind.key)
            first = self.seen.setdefault(kind.name, {}).setdefault(key, number)
            if first != number:
                self._problem(
                    where,
                    number,
                    kind.key[0],
                    values[kind.key[0]],
                    f"appears twice in {kind.name} (also row {first}): keep one row per record",
                )
                return
        self._checks[kind.name](where, number, values)

    def _broken(self, kind: Kind, raw: dict[str, object]) -> None:
        """Remember the key of a row that failed, so rows referring to it are not also
        reported as referring to nothing."""
        if len(kind.key) == 1:
            self.broken.add((kind.name, cells.as_text(raw.get(kind.key[0]))))

    def finish(self) -> None:
        """Checks that wait for a batch to fill (likely duplicate people)."""
        self._flush_people()

    # -- helpers -------------------------------------------------------------------

    def _problem(self, where: str, number: int, column: str, value: object, message: str) -> None:
        """Report a problem, showing the cell as the file gives it where there is one."""
        shown = self._raw.get(column, value) if column else value
        self.report.add(Problem(where, number, column, cells.as_text(shown)[:200], message))

    def _refused(self, where: str, number: int, values: Values, error: ValidationError) -> None:
        for name, message in error.errors.items():
            column = FIELD_COLUMNS.get(name, name)
            self._problem(where, number, column, values.get(column), message)

    def _person_known(self, ref: str) -> bool:
        return ref in self.people or ref in self.known.people

    def _dob(self, ref: str) -> date | None:
        return self.people[ref] if ref in self.people else self.known.people.get(ref)

    def _missing(self, where: str, number: int, column: str, value: str, kind: str) -> None:
        if (kind, value) in self.broken:
            return  # that row's own problems are reported already
        self._problem(
            where,
            number,
            column,
            value,
            f"no {BY_NAME[kind].row.split(' ', 1)[1]} with this reference in "
            f"{kind} or already recorded: add it to {kind} or check the reference",
        )

    def _case(self, where: str, number: int, v: Values) -> None:
        ref, referral_ref = v["case_ref"], v["referral_ref"]
        referral = self.referrals.get(referral_ref) or self.known.referrals.get(referral_ref)
        if referral is None:
            self._missing(where, number, "referral_ref", referral_ref, "referrals")
            self.broken.add(("cases", ref))
            return
        advocate = v["advocate"].casefold()
        if advocate not in self.staff and advocate not in self.known.staff:
            self._problem(
                where,
                number,
                "advocate",
                v["advocate"],
                "no advocate with this user name or name in advocates or already "
                "recorded: add them to advocates or check the spelling",
            )
        other = self.case_of_referral.get(referral_ref) or self.known.case_of_referral.get(
            referral_ref
        )
        if other is not None and other != ref:
            self._problem(
                where,
                number,
                "referral_ref",
                referral_ref,
                f"this referral already has case {other}: a referral has one case",
            )
            return
        if referral.status in ("declined", "withdrawn"):
            self._problem(
                where,
                number,
                "referral_ref",
                referral_ref,
                f"this referral is {referral.status}: a case needs a referral "
                "that was allocated (or is waiting)",
            )
        opened, closed = v["opened_on"], v["closed_on"]
        if opened < referral.received_on:
            self._problem(
                where,
                number,
                "opened_on",
                opened,
                f"the case opens before its referral arrived "
                f"({referral.received_on:%d/%m/%Y}): check both dates",
            )
        elif opened > self.today:
            self._problem(where, number, "opened_on", opened, "is in the future")
        if closed is not None:
            if closed < opened:
                self._problem(
                    where,
                    number,
                    "closed_on",
                    closed,
                    "the case closes before it opened: check both dates",
                )
            elif closed > self.today:
                self._problem(where, number, "closed_on", closed, "is in the future")
            if v["closure_reason"] is None:
                self._problem(
                    where,
                    number,
                    "closure_reason",
                    "",
                    "required when the case is closed: say why it closed",
                )
        elif v["closure_reason"] is not None:
            self._problem(
                where,
                number,
                "closed_on",
                "",
                "a closure reason is given but no closing date: give closed_on, "
                "or leave the reason blank for an open case",
            )
        self.case_of_referral[referral_ref] = ref
        self.cases[ref] = CaseInfo(opened, closed)

    def _case_info(self, where: str, number: int, ref: str) -> CaseInfo | None:
        info = self.cases.get(ref) or self.known.cases.get(ref)
        if info is None:
            self._missing(where, number, "case_ref", ref, "cases")
        return info

    # -- kinds ---------------------------------------------------------------------

    def _contract(self, where: str, number: int, v: Values) -> None:
        try:
            clean_contract(contract_details(v))
        except ValidationError as error:
            self._refused(where, number, v, error)
        self.contracts.add(v["name"].casefold())

    def _person(self, where: str, number: int, v: Values) -> None:
        ref = v["person_ref"]
        try:
            clean = clean_person(person_details(v), self.today)
        except ValidationError as error:
            self._refused(where, number, v, error)
            self.broken.add(("people", ref))
            return
        self.people[ref] = clean.date_of_birth
        if ref not in self.known.people:
            self._new_people.append(
                (
                    where,
                    number,
                    ref,
                    normalise_name(clean.given_name, clean.family_name),
                    clean.date_of_birth,
                )
            )
            if len(self._new_people) >= DUPLICATE_BATCH:
                self._flush_people()

    def _flush_people(self) -> None:
        """Warn of new people who look like someone already recorded (same name and date
        of birth, allowing small typos): never merged, for a person to confirm."""
        batch, self._new_people = self._new_people, []
        if not batch or not self.sees_people:
            return
        keys = {name for _, _, _, name, _ in batch if name}
        births = {born for _, _, _, _, born in batch if born is not None}
        rows = self.session.execute(
            select(Person.person_ref, Person.name_key, Person.date_of_birth).where(
                Person.name_key.in_(keys) | Person.date_of_birth.in_(births)
            )
        ).all()
        for where, number, ref, name, born in batch:
            alike = [
                other
                for other, other_name, other_born in rows
                if other != ref
                and (
                    (
                        other_name == name
                        and (
                            born is None
                            or other_born is None
                            or dates_nearly_equal(born.isoformat(), other_born.isoformat())
                        )
                    )
                    or (born is not None and other_born == born and names_match(name, other_name))
                )
            ]
            if alike:
                self.report.warnings.append(
                    Problem(
                        where,
                        number,
                        "person_ref",
                        ref,
                        f"matches an existing record: looks like {', '.join(sorted(alike))} "
                        "already recorded (same name and date of birth): imported as a "
                        "separate person; if they are the same, merge them by hand",
                    )
                )

    def _advocate(self, where: str, number: int, v: Values) -> None:
        self.staff |= {v["username"].casefold(), v["full_name"].casefold()}

    def _referral(self, where: str, number: int, v: Values) -> None:
        ref, person_ref = v["referral_ref"], v["person_ref"]
        if not self._person_known(person_ref):
            self._missing(where, number, "person_ref", person_ref, "people")
            self.broken.add(("referrals", ref))
            return
        existing = self.known.referrals.get(ref)
        if existing is not None and existing.person_ref != person_ref:
            self._problem(
                where,
                number,
                "person_ref",
                person_ref,
                f"referral {ref} is recorded for {existing.person_ref}: a referral "
                "cannot move to another person; check the references",
            )
            return
        contract = v["contract"]
        if contract and contract.casefold() not in self.contracts | self.known.contracts:
            self._problem(
                where,
                number,
                "contract",
                contract,
                "no contract of this name in contracts or already recorded: add it "
                "to contracts or check the spelling",
            )
        try:
            details = clean_referral(referral_details(v, None), self._dob(person_ref), self.today)
        except ValidationError as error:
            if not self.sees_people and person_ref not in self.people \
                    and "date of birth" in error.errors.get("received_on", ""):  # fmt: skip
                error.errors["received_on"] = (  # the recorded date is not theirs to see
                    "Received date is before the recorded person's date of birth: check the date"
                )
            self._refused(where, number, v, error)
            self.broken.add(("referrals", ref))
            return
        statutory = is_statutory(details.advocacy_type, details.gate)
        status = v["status"] or (existing.status if existing else "waiting")
        if status in ("declined", "withdrawn") and not v["status_reason"]:
            self._problem(
                where,
                number,
                "status_reason",
                "",
                f"required when the referral is {status}: say why",
            )
        if status == "declined" and statutory:
            self._problem(
                where,
                number,
                "status",
                v["status"],
                "a statutory referral cannot be declined (the duty to provide "
                "advocacy applies): withdraw it with a reason, or allocate it",
            )
        status_on = v["status_on"]
        if status_on is not None and status_on < details.received_on:
            self._problem(
                where,
                number,
                "status_on",
                status_on,
                "is before the referral arrived: check both dates",
            )
        elif status_on is not None and status_on > self.today:
            self._problem(where, number, "status_on", status_on, "is in the future")
        self.referrals[ref] = ReferralInfo(
            person_ref, details.received_on, details.advocacy_type, status, statutory
        )

    def _activity(self, where: str, number: int, v: Values) -> None:
        info = self._case_info(where, number, v["case_ref"])
        if info is None:
            return
        advocate = v["advocate"]
        if advocate and advocate.casefold() not in self.staff | self.known.staff:
            self._problem(
                where,
                number,
                "advocate",
                advocate,
                "no advocate with this user name or name in advocates or already "
                "recorded: add them, or leave blank for the case's advocate",
            )
        details = ActivityDetails(
            v["date"], v["kind"], v["minutes"], v["travel_minutes"] or 0, v["note"] or ""
        )
        try:
            clean_activity(details, info.opened_on, self.today)
        except ValidationError as error:
            self._refused(where, number, v, error)
            return
        if info.closed_on is not None and details.occurred_on > info.closed_on:
            self._problem(
                where,
                number,
                "date",
                details.occurred_on,
                f"is after the case closed ({info.closed_on:%d/%m/%Y}): check the "
                "date, or the case's closing date",
            )

    def _issue(self, where: str, number: int, v: Values) -> None:
        info = self._case_info(where, number, v["case_ref"])
        if info is None:
            return
        try:
            clean_issue(v["category"], v["description"])
        except ValidationError as error:
            self._refused(where, number, v, error)
        if info.closed_on is not None and v["outcome"] is None:
            self._problem(
                where,
                number,
                "outcome",
                "",
                f"the case closed on {info.closed_on:%d/%m/%Y}, so every issue needs "
                "an outcome: give one",
            )

    def _feedback(self, where: str, number: int, v: Values) -> None:
        info = self._case_info(where, number, v["case_ref"])
        if info is not None and info.closed_on is None:
            self._problem(
                where,
                number,
                "case_ref",
                v["case_ref"],
                "the case is still open: outcome questions are answered when a case "
                "closes; give the case a closed_on or remove this row",
            )

    def _volunteer(self, where: str, number: int, v: Values) -> None:
        try:
            clean_volunteer(volunteer_details(v), self.today)
        except ValidationError as error:
            self._refused(where, number, v, error)
        self.volunteers.add(v["volunteer_ref"])

    def _profile(self, where: str, number: int, v: Values) -> None:
        if not self._person_known(v["person_ref"]):
            self._missing(where, number, "person_ref", v["person_ref"], "people")
            return
        try:
            clean_profile(profile_details(v))
        except ValidationError as error:
            self._refused(where, number, v, error)

    def _partnership(self, where: str, number: int, v: Values) -> None:
        ref = v["volunteer_ref"]
        if ref not in self.volunteers and ref not in self.known.volunteers:
            self._missing(where, number, "volunteer_ref", ref, "volunteers")
        if not self._person_known(v["person_ref"]):
            self._missing(where, number, "person_ref", v["person_ref"], "people")
        status, started, ended = v["status"], v["started_on"], v["ended_on"]
        if status in ("active", "ended") and started is None:
            self._problem(
                where,
                number,
                "started_on",
                "",
                f"required for an {status} partnership: the day it became active",
            )
        for column, day in (("started_on", started), ("ended_on", ended)):
            if day is not None and day > self.today:
                self._problem(where, number, column, day, "is in the future")
        if status == "ended":
            if ended is None:
                self._problem(where, number, "ended_on", "", "required when the partnership ended")
            elif started is not None and ended < started:
                self._problem(
                    where, number, "ended_on", ended, "is before it started: check both dates"
                )
            if v["end_reason"] is None:
                self._problem(
                    where, number, "end_reason", "", "required when the partnership ended: say why"
                )
        elif ended is not None or v["end_reason"] is not None:
            self._problem(
                where,
                number,
                "status",
                status,
                "an end date or reason is given but the status is not ended: "
                "set status to ended, or clear them",
            )


def read_cells(
    kind: Kind, where: str, number: int, raw: dict[str, object], report: ImportReport | None
) -> Values | None:
    """The row's cells read to values (None for blank), or None after reporting the cells
    that cannot be read (``report`` None: the row is known good, from the second pass)."""
    values: Values = {}
    ok = True
    for column in kind.columns:
        value = raw.get(column.name)
        if type(value) is str:  # a CSV cell: read it stripped, once
            value = value.strip()
        if value is None or value == "" or cells.is_blank(value):
            values[column.name] = None
            if column.required:
                ok = False
                if report is not None:
                    report.add(Problem(where, number, column.name, "", f"required: {column.note}"))
            continue
        try:
            values[column.name] = column.reader(value)
        except cells.CellError as exc:
            ok = False
            if report is not None:
                report.add(
                    Problem(where, number, column.name, cells.as_text(value)[:200], str(exc))
                )
    extra = raw.get("__extra__")
    if extra is not None and report is not None:
        ok = False
        report.add(
            Problem(
                where,
                number,
                "",
                cells.as_text(extra)[:200],
                "more cells than the header has columns: check for a stray comma "
                "or a missing column name",
            )
        )
    return values if ok else None


def _fold(value: object) -> object:
    return value.casefold() if isinstance(value, str) else value


def kinds_in(names: Iterable[str]) -> list[Kind]:
    return [BY_NAME[name] for name in names]
