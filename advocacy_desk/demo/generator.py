"""Fill an empty database with a realistic, deterministic caseload.

The whole dataset is built in memory as numpy columns first (fast and
vectorised), then written in one transaction with Core bulk inserts, so an
interrupted run leaves the database exactly as it was. Nothing reads the clock:
every timestamp is derived from the generated dates, so the same seed, scale and
as-of date give byte-identical databases.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

import numpy as np
from sqlalchemy import Connection, case, delete, func, insert, select, update

from advocacy_desk.app import Services
from advocacy_desk.db.models import (
    Activity,
    AuditEvent,
    Case,
    CaseIssue,
    Consent,
    Contract,
    ContractAdvocacyType,
    OutcomeFeedback,
    PartnerProfile,
    Partnership,
    Person,
    Referral,
    Setting,
    StaffAdvocacyType,
    StaffUser,
    Volunteer,
)
from advocacy_desk.demo.casework import (
    Activities,
    Cases,
    build_activities,
    build_cases,
    build_feedback,
    build_issues,
)
from advocacy_desk.demo.contracts import Contracts, build_contracts
from advocacy_desk.demo.people import build_people
from advocacy_desk.demo.plan import plan_referrals
from advocacy_desk.demo.referrals import WAITING, Referrals, build_referrals
from advocacy_desk.demo.scales import SCALES, Scale
from advocacy_desk.demo.staff import build_staff
from advocacy_desk.demo.volunteers import (
    available_times,
    build_partnerships,
    build_profiles,
    build_volunteers,
    supervision_dates,
)
from advocacy_desk.demo.writer import Progress, TableRows, write_all
from advocacy_desk.domain import passwords
from advocacy_desk.domain.audit_chain import GENESIS, event_hash
from advocacy_desk.domain.demo_accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from advocacy_desk.domain.errors import AdvocacyDeskError
from advocacy_desk.services.settings import (
    DEMO,
    PROVIDER_ADDRESS_LINE_ONE,
    PROVIDER_ADDRESS_LINE_TWO,
    PROVIDER_EMAIL,
    PROVIDER_POSTCODE,
    PROVIDER_TELEPHONE,
    PROVIDER_TOWN,
    PROVIDER_WEBSITE,
)

#: Why a demo advocate acts without instructions (non-instructed advocacy).
NON_INSTRUCTED_REASON = (
    "Lacks capacity to instruct an advocate about this decision (assessment on file); "
    "advocating on a non-instructed basis."
)

#: Independent random streams, one per part, so tuning one part leaves the others alone.
_STREAMS = ("staff", "plan", "people", "referrals", "cases", "activities", "issues", "volunteers",
            "profiles")  # fmt: skip
#: Any of these holding a row means the database is in use.
_IN_USE = (Person, Referral, StaffUser, Contract, Volunteer)
#: The share of the run spent building data in memory (the rest is writing it).
BUILD_SHARE = 0.15
ALREADY_HOLDS_DATA = (
    "the database already holds data: demo data only goes into an empty database; "
    "choose another --db"
)


@dataclass(frozen=True)
class DemoData:
    tables: tuple[TableRows, ...]
    summary: dict[str, int]


def generate(
    services: Services,
    scale: str = "small",
    seed: int = 1,
    progress: Callable[[str, float], None] | None = None,
    as_of: date | None = None,
) -> dict[str, int]:
    """Write a demo caseload dated up to ``as_of`` (default today) and mark the database
    as a demo; returns the number of rows of each kind. Refuses a database in use."""
    plan = SCALES.get(scale)
    if plan is None:
        raise AdvocacyDeskError(f'unknown demo scale "{scale}": choose {", ".join(SCALES)}')
    report: Progress = progress or _quiet
    day = as_of or datetime.now(UTC).astimezone().date()  # today, in local time
    # Checked before the (possibly long) build to fail fast, and again in the transaction.
    with services.engine.connect() as connection:
        _refuse_unless_empty(connection)
    report("generating demo data", 0.0)
    data = build(plan, seed, day)
    report("generating demo data", BUILD_SHARE)
    with services.engine.begin() as connection:
        _refuse_unless_empty(connection)
        write_all(connection, data.tables, _share(report, BUILD_SHARE, 0.99))
        _mark_as_demo(connection, plan, seed, day)
        _add_demo_accounts(connection, day)
        _add_consents(connection)
    report("demo data written", 1.0)
    added = sum(1 for account in DEMO_ACCOUNTS if account.full_name)
    return {**data.summary, "staff": data.summary["staff"] + added}


def _quiet(message: str, fraction: float) -> None:
    """No progress to show."""


def _share(report: Progress, low: float, high: float) -> Progress:
    """Progress of one stage, mapped onto its part of the whole run."""

    def scaled(message: str, fraction: float) -> None:
        report(message, low + (high - low) * fraction)

    return scaled


def _refuse_unless_empty(connection: Connection) -> None:
    for model in _IN_USE:
        if connection.execute(select(model.id).limit(1)).first() is not None:
            raise AdvocacyDeskError(ALREADY_HOLDS_DATA)


#: The demo provider's contact details, which its letters print: a made-up address, a
#: number from Ofcom's range kept for drama (01632 960xxx) and the reserved ".example"
#: domain, so no real office, phone or mailbox is ever named.
DEMO_CONTACT: dict[str, str] = {
    PROVIDER_ADDRESS_LINE_ONE: "Unit 4, Riverside Business Park",
    PROVIDER_ADDRESS_LINE_TWO: "Wharf Road",
    PROVIDER_TOWN: "Chelmsford",
    PROVIDER_POSTCODE: "CM2 9ZZ",
    PROVIDER_TELEPHONE: "01632 960123",
    PROVIDER_EMAIL: "hello@essex-advocacy.example",
    PROVIDER_WEBSITE: "www.essex-advocacy.example",
}


def _mark_as_demo(connection: Connection, scale: Scale, seed: int, as_of: date) -> None:
    """The demo flag (the title bar says DEMO) and an audit entry, in the data's transaction."""
    connection.execute(delete(Setting).where(Setting.key == DEMO))
    connection.execute(insert(Setting), [{"key": DEMO, "value": "yes"}])
    given = set(connection.scalars(select(Setting.key).where(Setting.key.in_(DEMO_CONTACT))))
    contact = [{"key": k, "value": v} for k, v in DEMO_CONTACT.items() if k not in given]
    if contact:  # a provider's own details, typed before the demo was made, stay
        connection.execute(insert(Setting), contact)
    details = {"scale": scale.name, "seed": seed, "as_of": as_of.isoformat()}
    _audit(connection, _midnight(as_of), "demo_data", "database", None, details)


def _add_consents(connection: Connection) -> None:
    """Consent to advocacy for everyone with a case, given the day their first case
    opened (the advocate's decision, with the reason, for non-instructed advocacy), so
    that the demo's records do not all carry the no-consent banner."""
    first = (
        select(
            Referral.person_id,
            func.min(Case.opened_on).label("opened"),
            func.max(case((Referral.advocacy_type == "non_instructed", 1), else_=0)).label(
                "non_instructed"
            ),
        )
        .join(Case, Case.referral_id == Referral.id)
        .group_by(Referral.person_id)
        .order_by(Referral.person_id)
    )
    rows = [
        {
            "person_id": person_id, "kind": "advocacy", "party_id": None, "given_on": opened,
            "how": "non_instructed" if non_instructed else "verbal",
            "reason": NON_INSTRUCTED_REASON if non_instructed else "",
            "recorded_by": "demo", "recorded_at": _midnight(opened), "withdrawn_on": None,
            "withdrawn_reason": "", "withdrawn_by": "",
        }
        for person_id, opened, non_instructed in connection.execute(first)
    ]  # fmt: skip
    if rows:
        connection.execute(insert(Consent), rows)


def _add_demo_accounts(connection: Connection, as_of: date) -> None:
    """The published demo accounts, with the published password (hashed with a fixed
    salt, so that the same seed still gives the same database: the password is public).

    The advocate's and the coordinator's accounts go to one of the demo's own staff, so
    that they have work to find: the advocate with the most open cases, the first
    coordinator."""
    hashed = passwords.hash_password(DEMO_PASSWORD, salt=b"advocacy-desk-demo")
    for account in DEMO_ACCOUNTS:
        values = {"username": account.username, "password_hash": hashed}
        if account.full_name:
            staff_id = connection.execute(
                insert(StaffUser).returning(StaffUser.id),
                {**values, "full_name": account.full_name, "role": account.role, "capacity": 0,
                 "active": True, "created_at": _midnight(as_of)},
            ).scalar_one()  # fmt: skip
        else:
            staff_id = _busiest(connection, account.role)
            connection.execute(update(StaffUser).where(StaffUser.id == staff_id), values)
        _audit(connection, _midnight(as_of), "create", "account", staff_id,
               {"username": account.username, "role": account.role})  # fmt: skip


def _busiest(connection: Connection, role: str) -> int:
    """The member of staff in ``role`` with the most open cases (the earliest on a tie)."""
    open_cases = (
        select(func.count(Case.id))
        .where(Case.advocate_id == StaffUser.id, Case.closed_on.is_(None))
        .scalar_subquery()
    )
    query = (
        select(StaffUser.id)
        .where(StaffUser.role == role, StaffUser.active.is_(True))
        .order_by(open_cases.desc(), StaffUser.id)
        .limit(1)
    )
    staff_id = connection.scalar(query)
    if staff_id is None:  # pragma: no cover - every scale has advocates and a coordinator
        raise AdvocacyDeskError(f"the demo has no {role} to give the demo account to")
    return staff_id


def _audit(connection: Connection, moment: datetime, action: str, entity: str,
           entity_id: int | None, details: dict[str, object]) -> None:  # fmt: skip
    """An audit event by "demo", chained to the one before (see domain.audit_chain)."""
    text = json.dumps(details, sort_keys=True)
    previous = (
        connection.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
        or GENESIS
    )
    digest = event_hash(previous, moment, "demo", action, entity, entity_id, text)
    connection.execute(insert(AuditEvent), [{
        "occurred_at": moment, "username": "demo", "action": action, "entity": entity,
        "entity_id": entity_id, "details": text, "prev_hash": previous, "hash": digest,
    }])  # fmt: skip


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def build(scale: Scale, seed: int, as_of: date) -> DemoData:
    """The whole demo dataset in memory, in the order its tables must be written."""
    rngs = dict(zip(_STREAMS, np.random.default_rng(seed).spawn(len(_STREAMS)), strict=True))
    end = as_of.toordinal()
    start = end - scale.days + 1
    staff = build_staff(rngs["staff"], scale, start, end)
    plan = plan_referrals(rngs["plan"], scale, start, end)
    people = build_people(rngs["people"], scale, plan, end)
    referrals = build_referrals(rngs["referrals"], plan, people, end, scale.waiting)
    contracts = _contracts_for(scale, people.council[referrals.person], referrals, end)
    cases = build_cases(rngs["cases"], referrals, staff, end)
    activities = build_activities(rngs["activities"], cases, scale.activities, end)
    issues = build_issues(rngs["issues"], cases, end)
    feedback = build_feedback(rngs["issues"], cases)
    volunteers = build_volunteers(rngs["volunteers"], scale, end)
    partnerships = build_partnerships(rngs["volunteers"], volunteers, cases, people.postcode, end)
    volunteers.columns["supervised_on"] = supervision_dates(rngs["profiles"], volunteers, end)
    profiles = build_profiles(rngs["profiles"], referrals, partnerships, end)
    volunteers.columns["available_times"] = available_times(rngs["profiles"], volunteers)
    contracts = _set_blocks(contracts, people.council, cases, activities, end)
    tables = {
        "contracts": TableRows(Contract, contracts.columns, "contracts"),
        "contract types": TableRows(ContractAdvocacyType, contracts.type_columns, "contracts"),
        "staff": TableRows(StaffUser, staff.columns, "staff"),
        "staff types": TableRows(StaffAdvocacyType, staff.type_columns, "staff"),
        "people": TableRows(Person, people.columns, "people"),
        "referrals": TableRows(Referral, referrals.columns, "referrals"),
        "cases": TableRows(Case, cases.columns, "cases"),
        "activities": TableRows(Activity, activities.columns, "activities"),
        "issues": TableRows(CaseIssue, issues, "issues"),
        "outcome_feedback": TableRows(OutcomeFeedback, feedback, "outcome feedback"),
        "volunteers": TableRows(Volunteer, volunteers.columns, "volunteers"),
        "partnerships": TableRows(Partnership, partnerships, "partnerships"),
        "partner_profiles": TableRows(PartnerProfile, profiles, "partner profiles"),
    }
    counts = {name: len(rows) for name, rows in tables.items()}
    summary = {
        "people": counts["people"],
        "referrals": counts["referrals"],
        "waiting": int((referrals.status == WAITING).sum()),
        "cases": counts["cases"],
        "activities": counts["activities"],
        "issues": counts["issues"],
        "outcome_feedback": counts["outcome_feedback"],
        "staff": counts["staff"],
        "advocates": int((staff.columns["role"] == "advocate").sum()),
        "volunteers": counts["volunteers"],
        "partnerships": counts["partnerships"],
        "contracts": counts["contracts"],
    }
    return DemoData(tuple(tables.values()), summary)


def _contracts_for(scale: Scale, council: np.ndarray, referrals: Referrals, end: int) -> Contracts:
    """The councils' contracts since the earliest referral of each type, and the contract
    covering each referral."""
    types = referrals.types
    earliest = {str(t): int(referrals.received[types == t].min()) for t in np.unique(types)}
    contracts = build_contracts(tuple(c for c, _ in scale.councils), earliest, end)
    referrals.columns["contract_id"] = contracts.covering(council, types, referrals.received)
    return contracts


def _set_blocks(
    contracts: Contracts, council: np.ndarray, cases: Cases, activities: Activities, end: int
) -> Contracts:
    """Each contract family's block from what it delivered in the last twelve months."""
    family = contracts.family_of(council[cases.person], cases.types)
    count = len(contracts.families)
    recent_case = (cases.opened > end - 365) & (family >= 0)
    cases_per_family = np.bincount(family[recent_case], minlength=count)
    activity_family = family[activities.case]
    recent = (activities.day > end - 365) & (activity_family >= 0)
    minutes = np.bincount(
        activity_family[recent], weights=activities.minutes[recent], minlength=count
    )
    return contracts.with_blocks(minutes / 60, cases_per_family)
