"""The demo data generator: realistic rules hold, it is deterministic, and it only
ever fills an empty database."""

from __future__ import annotations

import csv
import hashlib
import sqlite3
import statistics
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Row, func, select

from advocacy_desk.app import Services, open_services
from advocacy_desk.db.models import (
    Activity,
    AuditEvent,
    Base,
    Case,
    CaseIssue,
    Contract,
    ContractAdvocacyType,
    OutcomeFeedback,
    Partnership,
    Person,
    Referral,
    StaffAdvocacyType,
    StaffUser,
    Volunteer,
)
from advocacy_desk.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, generate
from advocacy_desk.demo.places import DISTRICTS, OUT_OF_AREA, POST_TOWNS
from advocacy_desk.domain import people as person_rules
from advocacy_desk.domain import referrals as referral_rules
from advocacy_desk.domain.ages import age_on
from advocacy_desk.domain.eligibility import care_act_gate, is_statutory
from advocacy_desk.domain.errors import AdvocacyDeskError
from advocacy_desk.domain.names import normalise_name
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.domain.postcodes import normalise_postcode, outward_code
from advocacy_desk.domain.vocabulary import (
    ACTIVITY_KIND,
    ADVOCACY_TYPE,
    CLOSURE_REASON,
    DAY,
    FEEDBACK_ANSWER,
    FEEDBACK_ANSWERED_BY,
    ISSUE_CATEGORY,
    ISSUE_OUTCOME,
    OUTCOME_QUESTION,
    PARTNERSHIP_END_REASON,
    PARTNERSHIP_STATUS,
    REFERRAL_STATUS,
    ROLE,
    SUBSTANTIAL_DIFFICULTY,
    TIME_OF_DAY,
    VOLUNTEER_STATUS,
)
from advocacy_desk.paths import RESOURCES
from advocacy_desk.services.people import search_text
from tests.conftest import TODAY

ROOT = Path(__file__).resolve().parents[2]
AS_OF = TODAY
YEAR_AGO = AS_OF - timedelta(days=365)


@dataclass(frozen=True)
class Demo:
    """One generated database, read back whole."""

    scale: str
    summary: dict[str, int]
    rows: dict[str, list[Row[Any]]]

    def __getitem__(self, table: str) -> list[Row[Any]]:
        return self.rows[table]


def _read_all(services: Services) -> dict[str, list[Row[Any]]]:
    with services.engine.connect() as connection:
        return {
            table.name: list(connection.execute(select(table)).all())
            for table in Base.metadata.sorted_tables
        }


@pytest.fixture(scope="module", params=["small", "essex"])
def demo(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Demo]:
    scale: str = request.param
    services = open_services(tmp_path_factory.mktemp(scale) / "demo.sqlite", today=lambda: TODAY)
    try:
        summary = generate(services, scale=scale, seed=1, as_of=AS_OF)
        yield Demo(scale, summary, _read_all(services))
    finally:
        services.close()


def _by_id(rows: list[Row[Any]]) -> dict[int, Row[Any]]:
    return {row.id: row for row in rows}


def _difficulties(referral: Row[Any]) -> set[str]:
    return {c for c in SUBSTANTIAL_DIFFICULTY.codes if getattr(referral, f"difficulty_{c}")}


def _digest(path: Path) -> str:
    """A digest of every row of every table in the file, in a stable order."""
    digest = hashlib.sha256()
    connection = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        for table in tables:
            digest.update(table.encode())
            for row in connection.execute(f'SELECT * FROM "{table}" ORDER BY rowid'):
                digest.update(repr(row).encode())
    finally:
        connection.close()
    return digest.hexdigest()


def _generate_file(path: Path, seed: int, scale: str = "small") -> str:
    services = open_services(path, today=lambda: TODAY)
    try:
        generate(services, scale=scale, seed=seed, as_of=AS_OF)
    finally:
        services.close()
    return _digest(path)


# -- the summary and the sizes of each scale -------------------------------------------


def test_summary_matches_the_tables(demo: Demo) -> None:
    tables = {
        "contracts": "contract",
        "staff": "staff_user",
        "people": "person",
        "referrals": "referral",
        "cases": "advocacy_case",
        "activities": "activity",
        "issues": "case_issue",
        "outcome_feedback": "outcome_feedback",
        "volunteers": "volunteer",
        "partnerships": "partnership",
    }
    for name, table in tables.items():
        assert demo.summary[name] == len(demo[table]), name
    added = {account.username for account in DEMO_ACCOUNTS if account.full_name}
    roles = Counter(s.role for s in demo["staff_user"] if s.username not in added)
    assert demo.summary["advocates"] == roles["advocate"]
    waiting = sum(r.status == "waiting" for r in demo["referral"])
    assert demo.summary["waiting"] == waiting


#: (lowest, highest) expected of each scale.
_SIZES: dict[str, dict[str, tuple[int, int]]] = {
    "small": {
        "people": (180, 220), "received in the last year": (220, 280), "advocates": (8, 8),
        "managers": (1, 1), "coordinators": (1, 1), "volunteers": (20, 20),
        "waiting": (15, 25), "activities": (1_500, 6_000), "active partnerships": (3, 20),
    },
    "essex": {
        "people": (1_400, 1_800), "received in the last year": (1_700, 2_100),
        "advocates": (40, 40), "managers": (1, 3), "coordinators": (1, 2),
        "volunteers": (150, 150), "waiting": (35, 70), "activities": (15_000, 30_000),
        "active partnerships": (50, 150),
    },
}  # fmt: skip


def test_scale_sizes(demo: Demo) -> None:
    added = {account.username for account in DEMO_ACCOUNTS if account.full_name}
    roles = Counter(s.role for s in demo["staff_user"] if s.username not in added)
    recent = [r for r in demo["referral"] if r.received_on > YEAR_AGO]
    measured = {
        "people": len(demo["person"]),
        "received in the last year": len(recent),
        "advocates": roles["advocate"],
        "managers": roles["manager"],
        "coordinators": roles["volunteer_coordinator"],
        "volunteers": len(demo["volunteer"]),
        "waiting": sum(r.status == "waiting" for r in demo["referral"]),
        "activities": len(demo["activity"]),
        "active partnerships": sum(p.status == "active" for p in demo["partnership"]),
    }
    for name, (lowest, highest) in _SIZES[demo.scale].items():
        assert lowest <= measured[name] <= highest, (name, measured[name])
    assert {r.advocacy_type for r in recent} == set(ADVOCACY_TYPE.codes)


def test_essex_contracts(demo: Demo) -> None:
    contracts = {c.name: c for c in demo["contract"]}
    names = ("Essex Advocacy Hub 2025-28", "Essex IMHA 2025-28", "Essex Citizen Advocacy 2025-28")
    assert set(names) <= set(contracts)
    name_of = {c.id: c.name for c in demo["contract"]}
    covered: defaultdict[str, set[str]] = defaultdict(set)
    for row in demo["contract_advocacy_type"]:
        covered[name_of[row.contract_id]].add(row.advocacy_type)
    assert covered["Essex IMHA 2025-28"] == {"imha"}
    assert covered["Essex Citizen Advocacy 2025-28"] == {"citizen"}
    assert covered["Essex Advocacy Hub 2025-28"] == set(ADVOCACY_TYPE.codes) - {"imha", "citizen"}
    hub = contracts[names[0]]
    assert hub.commissioner == "Essex County Council"
    assert hub.starts_on == date(2025, 4, 1)
    assert hub.ends_on == date(2028, 3, 31)
    assert hub.hours_per_year is not None
    assert hub.hours_per_year > 100
    assert contracts[names[1]].cases_per_year


# -- people ---------------------------------------------------------------------------


def test_people_are_indexed_as_the_people_service_does(demo: Demo) -> None:
    for person in demo["person"]:
        details = PersonDetails(
            person.given_name,
            person.family_name,
            date_of_birth=person.date_of_birth,
            postcode=person.postcode,
        )
        assert person.name_key == normalise_name(person.given_name, person.family_name)
        assert person.search_text == search_text(person.person_ref, details)


def test_referrals_carry_the_statutory_flag_the_domain_gives(demo: Demo) -> None:
    referrals = demo["referral"]
    for referral in referrals:
        difficulties = {
            code for code in SUBSTANTIAL_DIFFICULTY.codes if getattr(referral, f"difficulty_{code}")
        }
        gate = care_act_gate(
            referral.care_act_process,
            difficulties,
            referral.appropriate_individual,
            referral.gate_exception,
        )
        assert referral.statutory == is_statutory(referral.advocacy_type, gate), referral.id
    assert any(r.statutory for r in referrals)
    assert not all(r.statutory for r in referrals)


def test_people_have_unique_references_and_valid_codes(demo: Demo) -> None:
    people = demo["person"]
    refs = [p.person_ref for p in people]
    assert len(set(refs)) == len(refs)
    assert refs[0] == "P000001"
    for person in people:
        for field, vocabulary in person_rules.CODED_FIELDS.items():
            assert getattr(person, field) in vocabulary, (field, getattr(person, field))
        assert person.given_name.strip() == person.given_name != ""
        assert person.local_authority


def test_equality_answers_include_not_known_and_prefer_not_to_say(demo: Demo) -> None:
    people = demo["person"]
    for field in ("sex", "ethnicity", "religion", "sexual_orientation", "disability"):
        answers = Counter(getattr(p, field) for p in people)
        assert answers.most_common(1)[0][1] < len(people), field
        assert answers["not_known"] > 0, field
    prefer_not = sum(
        getattr(p, field) == "prefer_not_to_say"
        for p in people
        for field in ("sex", "ethnicity", "religion", "sexual_orientation", "gender_identity")
    )
    assert prefer_not > 0
    ethnicity = Counter(p.ethnicity for p in people)
    assert 0.6 < ethnicity["white_british"] / len(people) < 0.95
    assert len(ethnicity) >= 8


def test_postcodes_are_normalised_real_districts(demo: Demo) -> None:
    with (RESOURCES / "data" / "postcode_districts.csv").open(encoding="utf-8") as handle:
        real = {row["outcode"] for row in csv.DictReader(handle)}
    postcodes = [p.postcode for p in demo["person"]] + [v.postcode for v in demo["volunteer"]]
    recorded = [p for p in postcodes if p]
    assert len(recorded) > 0.95 * len(postcodes)
    for postcode in recorded:
        assert normalise_postcode(postcode) == postcode
        assert " " in postcode
        assert outward_code(postcode) in real, postcode
    away = [p for p in demo["person"] if p.out_of_area == "yes"]
    assert away
    assert all(outward_code(p.postcode) in OUT_OF_AREA for p in away if p.postcode)


def test_demo_districts_are_in_the_shipped_list() -> None:
    with (RESOURCES / "data" / "postcode_districts.csv").open(encoding="utf-8") as handle:
        real = {row["outcode"] for row in csv.DictReader(handle)}
    ours = {d for districts in DISTRICTS.values() for d, _ in districts} | set(OUT_OF_AREA)
    assert ours <= real, ours - real


def test_ages_are_mostly_older_adults_with_a_few_unknown(demo: Demo) -> None:
    people = demo["person"]
    births = [p.date_of_birth for p in people if p.date_of_birth is not None]
    unknown = len(people) - len(births)
    assert 0 < unknown < 0.08 * len(people)
    ages = [age_on(b, AS_OF) for b in births]
    assert all(0 < age <= 105 for age in ages)
    adults = sum(18 <= age <= 100 for age in ages)
    assert adults > 0.9 * len(ages)
    assert statistics.median(ages) > 45
    assert sum(age >= 65 for age in ages) > 0.3 * len(ages)


def test_referrals_are_never_before_birth(demo: Demo) -> None:
    people = _by_id(demo["person"])
    for referral in demo["referral"]:
        born = people[referral.person_id].date_of_birth
        assert born is None or referral.received_on >= born
        if born is not None and age_on(born, referral.received_on) < 18:
            assert referral.advocacy_type == "care_act"
            assert referral.care_act_process in (
                "child_transition_assessment",
                "young_carers_assessment",
            )


# -- referrals ------------------------------------------------------------------------


def test_referral_answers_use_the_vocabulary(demo: Demo) -> None:
    refs = [r.referral_ref for r in demo["referral"]]
    assert len(set(refs)) == len(refs)
    assert refs[0] == "R000001"
    for referral in demo["referral"]:
        for field, vocabulary in referral_rules.CODED_FIELDS.items():
            assert getattr(referral, field) in vocabulary, (field, getattr(referral, field))
        assert referral.status in REFERRAL_STATUS
        assert referral.received_on <= AS_OF
        if referral.decision_due_on is not None:
            assert referral.decision_due_on >= referral.received_on


def test_matrix_is_mostly_answered(demo: Demo) -> None:
    referrals = demo["referral"]
    for referral in referrals:
        for field in referral_rules.MATRIX_FIELDS:
            assert getattr(referral, field) in (None, 1, 2, 3, 4)
    complete = sum(
        all(getattr(r, f) is not None for f in referral_rules.MATRIX_FIELDS) for r in referrals
    )
    assert 0.75 * len(referrals) < complete < len(referrals)
    assert len({r.complexity for r in referrals}) == 5


def test_safeguarding_is_mostly_none(demo: Demo) -> None:
    levels = Counter(r.safeguarding for r in demo["referral"])
    assert levels["none"] > 0.7 * sum(levels.values())
    assert levels["concern"] > 0
    assert levels["enquiry"] > 0


def test_care_act_referrals_are_mostly_in_a_process_with_difficulty(demo: Demo) -> None:
    care_act = [r for r in demo["referral"] if r.advocacy_type == "care_act"]
    gated = [r for r in care_act if r.care_act_process != "none" and _difficulties(r)]
    assert len(gated) > 0.8 * len(care_act)
    met = [r for r in care_act if care_act_gate(
        r.care_act_process, _difficulties(r), r.appropriate_individual, r.gate_exception
    ).met]  # fmt: skip
    assert 0.4 * len(care_act) < len(met) < len(care_act)


def test_statutory_referrals_are_never_declined(demo: Demo) -> None:
    declined = [r for r in demo["referral"] if r.status == "declined"]
    assert declined
    for referral in declined:
        gate = care_act_gate(
            referral.care_act_process,
            _difficulties(referral),
            referral.appropriate_individual,
            referral.gate_exception,
        )
        assert not is_statutory(referral.advocacy_type, gate), referral.referral_ref


def test_statuses_have_dates_and_reasons(demo: Demo) -> None:
    statuses = Counter(r.status for r in demo["referral"])
    assert set(statuses) == set(REFERRAL_STATUS.codes)
    assert statuses["allocated"] > 0.75 * sum(statuses.values())
    for referral in demo["referral"]:
        if referral.status == "waiting":
            assert referral.status_on is None
        else:
            assert referral.received_on <= referral.status_on <= AS_OF
        if referral.status in ("declined", "withdrawn"):
            assert referral.status_reason
        else:
            assert referral.status_reason == ""


def test_waiting_list_has_a_realistic_spread_of_waits(demo: Demo) -> None:
    waits = [(AS_OF - r.received_on).days for r in demo["referral"] if r.status == "waiting"]
    assert min(waits) <= 7
    assert max(waits) >= 30
    assert 3 <= statistics.median(waits) <= 60


def test_referrals_point_to_the_contract_covering_them(demo: Demo) -> None:
    contracts = _by_id(demo["contract"])
    covers: defaultdict[int, set[str]] = defaultdict(set)
    for row in demo["contract_advocacy_type"]:
        covers[row.contract_id].add(row.advocacy_type)
    for referral in demo["referral"]:
        contract = contracts[referral.contract_id]
        assert referral.advocacy_type in covers[contract.id]
        assert contract.starts_on <= referral.received_on <= contract.ends_on


# -- cases and casework ---------------------------------------------------------------


def test_every_allocated_referral_has_exactly_one_case(demo: Demo) -> None:
    referrals = _by_id(demo["referral"])
    per_referral = Counter(c.referral_id for c in demo["advocacy_case"])
    allocated = {r.id for r in demo["referral"] if r.status == "allocated"}
    assert set(per_referral) == allocated
    assert set(per_referral.values()) == {1}
    quick = 0
    for case in demo["advocacy_case"]:
        referral = referrals[case.referral_id]
        assert case.opened_on == referral.status_on
        assert referral.received_on <= case.opened_on <= AS_OF
        quick += (case.opened_on - referral.received_on).days <= 30
    assert quick > 0.6 * len(demo["advocacy_case"])


def test_cases_close_after_they_open_with_a_reason(demo: Demo) -> None:
    refs = [c.case_ref for c in demo["advocacy_case"]]
    assert len(set(refs)) == len(refs)
    assert refs[0] == "C000001"
    closed = 0
    for case in demo["advocacy_case"]:
        if case.closed_on is None:
            assert case.closure_reason is None
        else:
            closed += 1
            assert case.opened_on <= case.closed_on <= AS_OF
            assert case.closure_reason in CLOSURE_REASON
    assert 0 < closed < len(demo["advocacy_case"])


def test_cases_go_to_staff_qualified_for_the_type(demo: Demo) -> None:
    staff = _by_id(demo["staff_user"])
    qualified = {(q.staff_id, q.advocacy_type) for q in demo["staff_advocacy_type"]}
    referrals = _by_id(demo["referral"])
    for case in demo["advocacy_case"]:
        advocacy_type = referrals[case.referral_id].advocacy_type
        assert (case.advocate_id, advocacy_type) in qualified
        expected_role = "volunteer_coordinator" if advocacy_type == "citizen" else "advocate"
        assert staff[case.advocate_id].role == expected_role
    assert {s.role for s in demo["staff_user"]} <= set(ROLE.codes)


def test_activities_fall_within_the_case_and_by_its_advocate(demo: Demo) -> None:
    cases = _by_id(demo["advocacy_case"])
    activities = demo["activity"]
    assert {a.case_id for a in activities} == set(cases)
    for activity in activities:
        case = cases[activity.case_id]
        assert case.opened_on <= activity.occurred_on <= (case.closed_on or AS_OF)
        assert 0 < activity.minutes < 1440
        assert 0 <= activity.travel_minutes < 1440
        assert activity.kind in ACTIVITY_KIND
        assert activity.advocate_id == case.advocate_id
        assert activity.created_at.date() == activity.occurred_on
    kinds = Counter(a.kind for a in activities)
    assert set(kinds) == set(ACTIVITY_KIND.codes)


def test_closed_cases_have_issue_outcomes_and_open_ones_mostly_not(demo: Demo) -> None:
    cases = _by_id(demo["advocacy_case"])
    issues_per_case = Counter(i.case_id for i in demo["case_issue"])
    assert set(issues_per_case) == set(cases)
    open_issues = decided_open = 0
    for issue in demo["case_issue"]:
        case = cases[issue.case_id]
        assert issue.category in ISSUE_CATEGORY
        assert issue.description
        if case.closed_on is not None:
            assert issue.outcome in ISSUE_OUTCOME
            assert case.opened_on <= issue.outcome_on <= case.closed_on
        else:
            open_issues += 1
            if issue.outcome is not None:
                decided_open += 1
                assert issue.outcome in ISSUE_OUTCOME
                assert case.opened_on <= issue.outcome_on <= AS_OF
            else:
                assert issue.outcome_on is None
    assert decided_open < 0.4 * open_issues


def test_most_closed_cases_have_outcome_feedback(demo: Demo) -> None:
    cases = _by_id(demo["advocacy_case"])
    closed = [c for c in cases.values() if c.closed_on is not None]
    feedback = demo["outcome_feedback"]
    assert 0.6 * len(closed) < len(feedback) <= len(closed)
    for row in feedback:
        case = cases[row.case_id]
        assert case.closed_on is not None
        assert case.closure_reason != "died"
        assert row.recorded_on == case.closed_on
        assert row.answered_by in FEEDBACK_ANSWERED_BY
        for question in OUTCOME_QUESTION.codes:
            assert getattr(row, question) in FEEDBACK_ANSWER
    yes = sum(row.informed == "yes" for row in feedback)
    assert yes > 0.4 * len(feedback)


# -- volunteers and partnerships ------------------------------------------------------


def test_volunteers_are_mostly_active_with_dbs_and_training(demo: Demo) -> None:
    volunteers = demo["volunteer"]
    statuses = Counter(v.status for v in volunteers)
    assert set(statuses) <= set(VOLUNTEER_STATUS.codes)
    assert statuses["active"] > 0.5 * len(volunteers)
    assert sum(v.max_partners == 1 for v in volunteers) >= 0.6 * len(volunteers)
    days = set(DAY.codes)
    for volunteer in volunteers:
        assert volunteer.volunteer_ref.startswith("V")
        if volunteer.dbs_checked_on is not None:
            assert volunteer.dbs_checked_on <= AS_OF
            checked = volunteer.dbs_checked_on
            try:
                due = checked.replace(year=checked.year + 3)
            except ValueError:  # 29 February
                due = date(checked.year + 3, 2, 28)
            assert volunteer.dbs_expires_on == due
        else:
            assert volunteer.dbs_expires_on is None
        if volunteer.status == "active":
            assert volunteer.trained_on is not None
            assert volunteer.trained_on <= AS_OF
            assert volunteer.dbs_checked_on is not None
            assert volunteer.travel_km is not None
            assert volunteer.travel_km > 0
        assert volunteer.available_days
        assert set(volunteer.available_days.split(";")) <= days
        assert set(volunteer.available_times.split(";")) <= set(TIME_OF_DAY.codes)
        assert volunteer.available_times
        assert volunteer.languages
        assert " " not in volunteer.languages
        assert len(volunteer.interests.split(";")) >= 2


def test_partnerships_follow_citizen_advocacy_referrals(demo: Demo) -> None:
    citizens = {r.person_id for r in demo["referral"] if r.advocacy_type == "citizen"}
    volunteers = _by_id(demo["volunteer"])
    partnerships = demo["partnership"]
    assert partnerships
    current: Counter[int] = Counter()
    for p in partnerships:
        assert p.person_id in citizens
        assert p.status in PARTNERSHIP_STATUS
        dates = [p.proposed_on, p.introduced_on, p.started_on, p.ended_on]
        present = [d for d in dates if d is not None]
        assert present == sorted(present)
        assert max(present) <= AS_OF
        volunteer = volunteers[p.volunteer_id]
        assert volunteer.trained_on is not None
        assert volunteer.trained_on <= p.proposed_on
        if p.status == "ended":
            assert p.ended_on is not None
            assert p.end_reason in PARTNERSHIP_END_REASON
        else:
            assert p.ended_on is None
            assert p.end_reason is None
            assert volunteer.status in ("active", "paused")
            current[p.volunteer_id] += 1
        if p.status == "active":
            assert p.started_on is not None
    for volunteer_id, count in current.items():
        assert count <= volunteers[volunteer_id].max_partners


# -- dates, determinism and the empty-database rule -----------------------------------


_EVENT_DATES = {
    "referral": ("received_on", "status_on"),
    "advocacy_case": ("opened_on", "closed_on"),
    "activity": ("occurred_on",),
    "case_issue": ("outcome_on",),
    "outcome_feedback": ("recorded_on",),
    "volunteer": ("reference_1_on", "reference_2_on", "dbs_checked_on", "trained_on"),
    "partnership": ("proposed_on", "introduced_on", "started_on", "ended_on"),
}
_TIMESTAMPS = {
    "person": ("created_at", "updated_at"),
    "referral": ("created_at", "updated_at"),
    "activity": ("created_at",),
    "staff_user": ("created_at",),
}


def test_nothing_happens_after_the_as_of_date(demo: Demo) -> None:
    for table, columns in _EVENT_DATES.items():
        for column in columns:
            values = [getattr(r, column) for r in demo[table] if getattr(r, column) is not None]
            assert values, (table, column)
            assert max(values) <= AS_OF, (table, column)
    for table, columns in _TIMESTAMPS.items():
        for column in columns:
            latest = max(getattr(r, column) for r in demo[table])
            assert latest.date() <= AS_OF, (table, column)
    for person in demo["person"]:
        assert person.created_at <= person.updated_at


def test_same_seed_same_data_and_another_seed_differs(tmp_path: Path) -> None:
    first = _generate_file(tmp_path / "first.sqlite", seed=7)
    second = _generate_file(tmp_path / "second.sqlite", seed=7)
    other = _generate_file(tmp_path / "other.sqlite", seed=8)
    assert first == second
    assert other != first


def test_demo_is_marked_and_audited(services: Services) -> None:
    assert services.settings.get("demo") == ""
    generate(services, scale="small", seed=2, as_of=AS_OF)
    assert services.settings.is_demo
    with services.uow() as uow:
        events = [
            (e.action, e.username, e.details) for e in uow.session.scalars(select(AuditEvent))
        ]
    assert [(action, user) for action, user, _ in events] == [
        ("demo_data", "demo"),
        *[("create", "demo")] * len(DEMO_ACCOUNTS),
    ]
    assert '"scale": "small"' in events[0][2]
    assert services.audit.verify() == (1 + len(DEMO_ACCOUNTS), None)


def test_demo_accounts_sign_in_with_the_documented_password(services: Services) -> None:
    generate(services, scale="small", seed=2, as_of=AS_OF)
    roles = {}
    for username, _, role, _ in DEMO_ACCOUNTS:
        roles[username] = services.accounts.sign_in(username, DEMO_PASSWORD).role
        assert roles[username] == role
    assert roles == {
        "demo": "manager",
        "demo-admin": "administrator",
        "demo-advocate": "advocate",
        "demo-coordinator": "volunteer_coordinator",
        "demo-viewer": "read_only",
    }


def test_the_demo_advocate_has_a_caseload_and_the_coordinator_partners_to_match(
    services: Services,
) -> None:
    generate(services, scale="small", seed=2, as_of=AS_OF)
    services.accounts.sign_in("demo-advocate", DEMO_PASSWORD)
    caseload = services.casework.caseload()
    assert len(caseload) >= 5
    services.accounts.sign_out()
    services.accounts.sign_in("demo-coordinator", DEMO_PASSWORD)
    assert services.citizen.volunteers()


def _count_all(services: Services) -> dict[str, int]:
    models = (Person, Referral, StaffUser, Contract, ContractAdvocacyType, StaffAdvocacyType)
    more = (Case, Activity, CaseIssue, OutcomeFeedback, Volunteer, Partnership)
    with services.uow() as uow:
        return {
            m.__tablename__: uow.session.scalar(select(func.count()).select_from(m)) or 0
            for m in (*models, *more)
        }


def test_refuses_a_database_that_has_people(services: Services) -> None:
    services.people.create(PersonDetails("Jane", "Smith", date(1950, 2, 1)))
    before = _count_all(services)
    with pytest.raises(AdvocacyDeskError, match="already holds data"):
        generate(services, scale="small", as_of=AS_OF)
    assert _count_all(services) == before
    assert not services.settings.is_demo


def test_refuses_a_database_that_has_staff(services: Services) -> None:
    with services.uow() as uow:
        uow.session.add(StaffUser(username="admin", full_name="Admin", role="administrator"))
        uow.commit()
    with pytest.raises(AdvocacyDeskError, match="already holds data"):
        generate(services, scale="small", as_of=AS_OF)
    assert _count_all(services)["person"] == 0
    assert not services.settings.is_demo


def test_unknown_scale_is_an_error(services: Services) -> None:
    with pytest.raises(AdvocacyDeskError, match="unknown demo scale"):
        generate(services, scale="huge", as_of=AS_OF)


def test_progress_is_reported_up_to_done(services: Services) -> None:
    reported: list[tuple[str, float]] = []
    generate(services, scale="small", as_of=AS_OF, progress=lambda m, f: reported.append((m, f)))
    fractions = [f for _, f in reported]
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0
    assert any("activities" in message for message, _ in reported)


def test_command_line_demo_then_refuses_a_second_time(tmp_path: Path) -> None:
    path = tmp_path / "cli-demo.sqlite"
    command = [sys.executable, "main.py", "--db", str(path), "demo", "--scale", "small"]
    command += ["--seed", "3"]
    first = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    assert "people: 200" in first.stdout
    second = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert second.returncode == 1
    lines = second.stderr.strip().splitlines()
    assert len(lines) == 1, second.stderr
    assert lines[0].startswith("advocacy-desk: error:")
    assert "Traceback" not in second.stderr


def test_people_referred_for_citizen_advocacy_without_a_partner_wait_with_a_profile(
    demo: Demo,
) -> None:
    partnered = {p.person_id for p in demo["partnership"]}
    citizen = {r.person_id for r in demo["referral"] if r.advocacy_type == "citizen"}
    profiled = {p.person_id for p in demo["partner_profile"]}
    assert profiled == citizen - partnered
    assert all(p.waiting_since <= AS_OF for p in demo["partner_profile"])
    active = [v for v in demo["volunteer"] if v.status == "active"]
    assert all(v.supervised_on is not None and v.supervised_on <= AS_OF for v in active)


def test_everyone_with_a_case_has_consent_to_advocacy(services: Services) -> None:
    """So the demo's records do not all carry the no-consent banner: verbal consent the
    day the first case opened, or the advocate's decision for non-instructed work."""
    generate(services, scale="small", seed=2, as_of=AS_OF)
    with services.uow(read_only=True) as uow:
        with_cases = set(uow.session.scalars(
            select(Referral.person_id).join(Case, Case.referral_id == Referral.id)
        ))  # fmt: skip
    assert with_cases
    for person_id in sorted(with_cases)[:40]:
        status = services.consent.advocacy_status(person_id, AS_OF)
        assert status.standing, person_id
        assert status.how in {"verbal", "non_instructed"}
    without = next(p for p in range(1, 400) if p not in with_cases and _exists(services, p))
    assert not services.consent.advocacy_status(without, AS_OF).standing


def _exists(services: Services, person_id: int) -> bool:
    with services.uow(read_only=True) as uow:
        return uow.session.get(Person, person_id) is not None


def test_demo_people_have_addresses_in_the_town_of_their_postcode(demo: Demo) -> None:
    """So that demo letters look as real ones would."""
    people = demo["person"]
    with_address = [p for p in people if p.address_line_one]
    assert len(with_address) > 0.9 * len(people)
    for person in with_address:
        assert person.postcode, person.person_ref  # an address always has its postcode
        assert person.town == POST_TOWNS[outward_code(person.postcode)]
        first = person.address_line_one
        assert first[0].isdigit() or first.startswith("Flat ") or person.out_of_area == "yes"
    assert all(not p.address_line_one for p in people if not p.postcode)
    districts = {d for listed in DISTRICTS.values() for d, _ in listed} | set(OUT_OF_AREA)
    assert districts <= set(POST_TOWNS)


def test_the_demo_provider_has_contact_details_that_reach_no_one(services: Services) -> None:
    services.settings.change("provider_telephone", "01245 000123")  # typed before: kept
    generate(services, scale="small", seed=2, as_of=AS_OF)
    assert services.settings.get("provider_telephone") == "01245 000123"
    assert services.settings.get("provider_postcode") == "CM2 9ZZ"
    assert services.settings.get("provider_email") == "hello@essex-advocacy.example"
    assert services.settings.get("provider_website") == "www.essex-advocacy.example"
