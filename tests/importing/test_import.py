"""Importing a caseload from spreadsheets: everything checked first, then all or nothing,
and importing again changes nothing."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from advocacy_desk.app import Services
from advocacy_desk.db.models import (
    Activity,
    ActivityRevision,
    AuditEvent,
    Case,
    CaseEvent,
    CaseIssue,
    OutcomeFeedback,
    PartnerProfile,
    Partnership,
    Person,
    Referral,
    StaffUser,
    Volunteer,
)
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.importing.report import ImportReport

ROOT = Path(__file__).resolve().parents[2]

Row = Mapping[str, object]


def write_csv(folder: Path, kind: str, rows: Sequence[Row]) -> Path:
    path = folder / f"{kind}.csv"
    columns = list(dict.fromkeys(c for row in rows for c in row))
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def caseload(folder: Path) -> list[Path]:
    """A small, valid caseload: two people, an advocate, two referrals, a closed case with
    its casework, issue and feedback, an open case, a volunteer and a partnership."""
    return [
        write_csv(folder, "contracts", [
            {"name": "Essex Advocacy", "commissioner": "Essex County Council",
             "starts_on": "01/04/2025", "ends_on": "31/03/2028",
             "advocacy_types": "care_act; IMCA", "hours_per_year": "2000"},
        ]),
        write_csv(folder, "people", [
            {"person_ref": "P900001", "given_name": "Ann", "family_name": "Able",
             "date_of_birth": "01/02/1950", "sex": "Female", "ethnicity": "white_british",
             "postcode": "cm1 1aa"},
            {"person_ref": "P900002", "given_name": "Bob", "family_name": "Brown",
             "date_of_birth": "1961-03-04", "sex": "male", "postcode": "CM2 0AA"},
        ]),
        write_csv(folder, "advocates", [
            {"username": "jsmith", "full_name": "Jo Smith", "advocacy_types": "care_act;imca",
             "capacity": "25"},
        ]),
        write_csv(folder, "referrals", [
            {"referral_ref": "R900001", "person_ref": "P900001", "received_on": "01/06/2026",
             "source": "Social worker", "advocacy_type": "care_act",
             "care_act_process": "needs assessment",
             "substantial_difficulty": "understanding;retaining",
             "appropriate_individual": "no", "complexity": "3", "contract": "essex advocacy"},
            {"referral_ref": "R900002", "person_ref": "P900002", "received_on": "02/09/2026",
             "source": "self", "advocacy_type": "imca"},
        ]),
        write_csv(folder, "cases", [
            {"case_ref": "C900001", "referral_ref": "R900001", "advocate": "jsmith",
             "opened_on": "05/06/2026", "closed_on": "30/09/2026",
             "closure_reason": "Issues resolved"},
            {"case_ref": "C900002", "referral_ref": "R900002", "advocate": "Jo Smith",
             "opened_on": "03/09/2026"},
        ]),
        write_csv(folder, "activities", [
            {"case_ref": "C900001", "date": "06/06/2026", "minutes": "1:30", "kind": "visit",
             "note": "=SUM(A1) <b>not html</b>"},
            {"case_ref": "C900001", "date": "07/06/2026", "minutes": "45", "kind": "phone"},
            {"case_ref": "C900002", "date": "04/09/2026", "minutes": "30", "kind": "phone"},
        ]),
        write_csv(folder, "issues", [
            {"case_ref": "C900001", "category": "care_support",
             "description": "Wants to stay at home", "outcome": "achieved"},
        ]),
        write_csv(folder, "feedback", [
            {"case_ref": "C900001", "informed": "yes", "involved": "partly", "negotiate": "yes",
             "personal_outcomes": "yes", "empowered": "no"},
        ]),
        write_csv(folder, "volunteers", [
            {"volunteer_ref": "V900001", "given_name": "Vera", "family_name": "Volunteer",
             "sex": "female", "postcode": "CM1 2AA", "travel_km": "15",
             "available_days": "Monday;wed", "smoker": "n", "pet_allergy": "0",
             "dbs_checked_on": "01/01/2025", "trained_on": "01/02/2025", "status": "active"},
        ]),
        write_csv(folder, "partner_profiles", [
            {"person_ref": "P900002", "interests": "music", "sex_required": "no",
             "has_pets": "yes"},
        ]),
        write_csv(folder, "partnerships", [
            {"volunteer_ref": "V900001", "person_ref": "P900002", "status": "active",
             "started_on": "01/10/2026"},
        ]),
    ]  # fmt: skip


def count(services: Services, model: object) -> int:
    with services.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model)) or 0)  # type: ignore[arg-type]


def everything(services: Services) -> dict[str, int]:
    models = (Person, Referral, Case, Activity, CaseIssue, OutcomeFeedback, StaffUser,
              Volunteer, PartnerProfile, Partnership, CaseEvent)  # fmt: skip
    return {m.__name__: count(services, m) for m in models}


def problems(report: ImportReport) -> list[tuple[str, int | None, str]]:
    return [(p.where, p.row, p.column) for p in report.problems]


def test_a_caseload_imports_whole_with_the_apps_meaning(services: Services, tmp_path: Path) -> None:
    report = services.imports.run(caseload(tmp_path))
    assert report.ok, [str(p) for p in report.problems]
    assert report.written
    assert report.counts["people"].created == 2
    assert report.counts["activities"].created == 3
    with services.uow() as uow:
        s = uow.session
        ann = s.scalars(select(Person).where(Person.person_ref == "P900001")).one()
        assert (ann.sex, ann.postcode, ann.date_of_birth) == ("female", "CM1 1AA", date(1950, 2, 1))
        r1 = s.scalars(select(Referral).where(Referral.referral_ref == "R900001")).one()
        # The Care Act gate is met, so it is statutory; its case allocated it.
        assert r1.statutory
        assert (r1.status, r1.status_on) == ("allocated", date(2026, 6, 5))
        assert r1.contract is not None
        assert r1.contract.name == "Essex Advocacy"
        notes = set(s.scalars(select(Activity.note)))
        assert "=SUM(A1) <b>not html</b>" in notes  # stored as given
        assert sorted(s.scalars(select(Activity.minutes))) == [30, 45, 90]
        events = sorted(s.execute(select(CaseEvent.event, CaseEvent.occurred_on)).all())
        assert ("closed", date(2026, 9, 30)) in events
        feedback = s.scalars(select(OutcomeFeedback)).one()
        assert (feedback.involved, feedback.answered_by) == ("partly", "person")
        vera = s.scalars(select(Volunteer)).one()
        assert (vera.available_days, vera.smoker, vera.dbs_expires_on) == (
            "mon;wed", False, date(2028, 1, 1),
        )  # fmt: skip
    # People search finds them at once.
    assert services.people.search_ids("able")


def test_importing_the_same_files_again_changes_nothing(services: Services, tmp_path: Path) -> None:
    files = caseload(tmp_path)
    assert services.imports.run(files).ok
    before = everything(services)
    again = services.imports.run(list(reversed(files)))  # any order: kinds load in order
    assert again.ok
    assert everything(services) == before
    assert all(c.created == 0 and c.updated == 0 for c in again.counts.values())
    assert again.counts["activities"].unchanged == 3


def test_a_changed_row_updates_its_record_and_the_change_is_audited(
    services: Services, tmp_path: Path
) -> None:
    files = caseload(tmp_path)
    assert services.imports.run(files).ok
    write_csv(tmp_path, "people", [
        {"person_ref": "P900001", "given_name": "Ann", "family_name": "Able-Smith",
         "date_of_birth": "01/02/1950", "sex": "female", "ethnicity": "white_british",
         "postcode": "CM1 1AA"},
    ])  # fmt: skip
    write_csv(tmp_path, "activities", [
        {"case_ref": "C900001", "date": "06/06/2026", "minutes": "2:00", "kind": "visit",
         "note": "=SUM(A1) <b>not html</b>"},
    ])  # fmt: skip
    report = services.imports.run([tmp_path / "people.csv", tmp_path / "activities.csv"])
    assert report.ok
    assert (report.counts["people"].updated, report.counts["activities"].updated) == (1, 1)
    assert count(services, Person) == 2
    assert count(services, Activity) == 3
    with services.uow() as uow:
        s = uow.session
        assert s.scalar(select(Person.family_name).where(Person.person_ref == "P900001")) == (
            "Able-Smith"
        )
        change = s.scalars(
            select(AuditEvent).where(AuditEvent.entity == "person", AuditEvent.action == "update")
        ).one()
        assert json.loads(change.details)["family_name"] == ["Able", "Able-Smith"]
        assert 120 in set(s.scalars(select(Activity.minutes)))
        # The earlier version of the activity is kept, as when an advocate edits one.
        assert s.scalars(select(ActivityRevision.minutes)).one() == 90


def test_peoples_addresses_import_and_a_file_without_them_keeps_them(
    services: Services, tmp_path: Path
) -> None:
    files = caseload(tmp_path)
    with (tmp_path / "people.csv").open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    rows[0].update({"address_line_one": " 12  Mill Lane", "address_line_two": "",
                    "town": "Chelmsford"})  # fmt: skip
    rows[1].update({"address_line_one": "", "address_line_two": "", "town": ""})  # blank allowed
    write_csv(tmp_path, "people", rows)
    assert services.imports.run(files).ok

    def addresses() -> dict[str, tuple[str, str, str, str]]:
        with services.uow() as uow:
            found = uow.session.execute(select(
                Person.person_ref, Person.address_line_one, Person.address_line_two, Person.town,
                Person.postcode))  # fmt: skip
            return {ref: (one, two, town, code) for ref, one, two, town, code in found}

    assert addresses() == {"P900001": ("12 Mill Lane", "", "Chelmsford", "CM1 1AA"),
                           "P900002": ("", "", "", "CM2 0AA")}  # fmt: skip
    # The first spreadsheet, without the address columns, imported again: kept.
    caseload(tmp_path)
    again = services.imports.run([tmp_path / "people.csv"])
    assert again.ok
    assert again.counts["people"].updated == 0
    assert addresses()["P900001"] == ("12 Mill Lane", "", "Chelmsford", "CM1 1AA")
    # A row that gives an address replaces the lines and town.
    rows[0].update({"address_line_one": "3 Oak Road", "town": ""})
    write_csv(tmp_path, "people", rows)
    assert services.imports.run([tmp_path / "people.csv"]).ok
    assert addresses()["P900001"] == ("3 Oak Road", "", "", "CM1 1AA")


def test_any_problem_and_nothing_is_written(services: Services, tmp_path: Path) -> None:
    files = caseload(tmp_path)
    write_csv(tmp_path, "activities", [
        {"case_ref": "C900001", "date": "06/06/2026", "minutes": "45", "kind": "visit"},
        {"case_ref": "C900001", "date": "01/10/2026", "minutes": "45", "kind": "visit"},
    ])  # fmt: skip
    report = services.imports.run(files)
    assert not report.ok
    assert problems(report) == [("activities.csv", 3, "date")]
    assert "after the case closed (30/09/2026)" in report.problems[0].message
    assert everything(services) == dict.fromkeys(everything(services), 0)
    assert "nothing was written" in report.summary()


@pytest.mark.parametrize(
    ("kind", "change", "column", "says"),
    [
        ("people", {"sex": "femal"}, "sex", 'Did you mean "female"?'),
        ("people", {"date_of_birth": "31/02/1950"}, "date_of_birth", "not a real date"),
        ("people", {"date_of_birth": "02/13/1950"}, "date_of_birth", "not a real date"),
        ("people", {"date_of_birth": "01/01/2030"}, "date_of_birth", "in the future"),
        ("people", {"given_name": ""}, "given_name", "required"),
        ("people", {"address_line_one": "1 Mill Lane\nBaddow"}, "address_line_one", "line break"),
        ("people", {"town": "x" * 61}, "town", "too long"),
        ("referrals", {"person_ref": "P999999"}, "person_ref", "no person"),
        ("referrals", {"source": "gp"}, "source", "not a referral source"),
        ("cases", {"closed_on": "01/06/2026"}, "closed_on", "before it opened"),
        ("cases", {"closure_reason": ""}, "closure_reason", "required when the case is closed"),
        ("cases", {"advocate": "nobody"}, "advocate", "no advocate"),
        ("activities", {"minutes": "0"}, "minutes", "more than 0 and under 24 hours"),
        ("activities", {"minutes": "24:00"}, "minutes", "more than 0 and under 24 hours"),
        ("activities", {"date": "01/06/2026"}, "date", "before the case opened"),
        ("activities", {"kind": "chat"}, "kind", "not a"),
        ("issues", {"outcome": ""}, "outcome", "every issue needs an outcome"),
        ("volunteers", {"dbs_expires_on": "01/01/2024"}, "dbs_expires_on", "before the check"),
        ("volunteers", {"travel_km": "-5"}, "travel_km", "out of range"),
        ("volunteers", {"postcode": "not a postcode"}, "postcode", "Postcode"),
        ("partnerships", {"status": "ended"}, "ended_on", "required when the partnership ended"),
    ],
)  # fmt: skip
def test_each_problem_names_the_file_row_column_and_what_to_do(
    services: Services, tmp_path: Path, kind: str, change: dict[str, str], column: str, says: str
) -> None:
    files = caseload(tmp_path)
    with (tmp_path / f"{kind}.csv").open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    rows[0].update(change)
    write_csv(tmp_path, kind, rows)
    report = services.imports.run(files)
    assert (f"{kind}.csv", 2, column) in problems(report), [str(p) for p in report.problems]
    found = next(p for p in report.problems if p.column == column)
    assert says in found.message
    assert found.value == change.get(column, found.value)
    assert count(services, Person) == 0


def test_a_statutory_referral_cannot_be_declined(services: Services, tmp_path: Path) -> None:
    write_csv(tmp_path, "people", [{"person_ref": "P1", "given_name": "A", "family_name": "B"}])
    write_csv(tmp_path, "referrals", [
        {"referral_ref": "R1", "person_ref": "P1", "received_on": "01/09/2026",
         "source": "self", "advocacy_type": "imha", "status": "declined",
         "status_reason": "no capacity"},
    ])  # fmt: skip
    report = services.imports.run([tmp_path / "people.csv", tmp_path / "referrals.csv"])
    assert [(p.column, "statutory" in p.message) for p in report.problems] == [("status", True)]


def test_references_to_what_the_database_holds_already_are_accepted(
    services: Services, tmp_path: Path
) -> None:
    person = services.people.create(PersonDetails("Cy", "Cole", date(1960, 1, 1)))
    write_csv(tmp_path, "referrals", [
        {"referral_ref": "R1", "person_ref": person.person_ref, "received_on": "01/09/2026",
         "source": "self", "advocacy_type": "care_act"},
    ])  # fmt: skip
    report = services.imports.run([tmp_path / "referrals.csv"])
    assert report.ok, [str(p) for p in report.problems]
    assert services.referrals.for_person(person.id)[0].referral_ref == "R1"


def test_duplicates_in_a_file_and_likely_duplicate_people(
    services: Services, tmp_path: Path
) -> None:
    services.people.create(PersonDetails("Ann", "Able", date(1950, 2, 1)))
    write_csv(tmp_path, "people", [
        {"person_ref": "P7", "given_name": "Anne", "family_name": "Able",
         "date_of_birth": "01/02/1950"},
    ])  # fmt: skip
    report = services.imports.run([tmp_path / "people.csv"])
    assert report.ok
    (warning,) = report.warnings
    assert "looks like P000001" in warning.message
    assert count(services, Person) == 2  # imported separately, never merged
    write_csv(tmp_path, "people", [
        {"person_ref": "P8", "given_name": "A", "family_name": "B"},
        {"person_ref": "P8", "given_name": "C", "family_name": "D"},
    ])  # fmt: skip
    twice = services.imports.run([tmp_path / "people.csv"])
    assert problems(twice) == [("people.csv", 3, "person_ref")]
    assert "also row 2" in twice.problems[0].message


def test_a_dry_run_reports_what_would_change_and_writes_nothing(
    services: Services, tmp_path: Path
) -> None:
    report = services.imports.run(caseload(tmp_path), dry_run=True)
    assert report.ok
    assert not report.written
    assert report.counts["referrals"].created == 2
    assert "nothing was written" in report.summary()
    assert count(services, Person) == 0
    [event] = services.audit.events()  # the check itself, and nothing it would write
    assert (event.action, event.entity) == ("import-check", "")
    details = json.loads(event.details)
    assert details["files"] == [p.name for p in caseload(tmp_path)]
    assert (details["rows"], details["problems"]) == (report.rows, 0)
    assert details["referrals"]["created"] == 2
    assert "Ann" not in event.details  # no row contents
    assert "P900001" not in event.details


def test_a_dry_run_that_finds_problems_is_audited_too(services: Services, tmp_path: Path) -> None:
    write_csv(tmp_path, "people", [
        {"person_ref": "P1", "given_name": "Secret", "family_name": "Name",
         "date_of_birth": "31/02/1950"},
    ])  # fmt: skip
    report = services.imports.run([tmp_path / "people.csv"], dry_run=True)
    assert not report.ok
    [event] = services.audit.events(action="import-check")
    details = json.loads(event.details)
    assert (details["files"], details["rows"], details["problems"]) == (["people.csv"], 1, 1)
    assert "Secret" not in event.details


PASSWORD = "correct horse battery"


@pytest.fixture
def jane_recorded(services: Services, tmp_path: Path) -> Path:
    """Jane Doe, born 01/02/1950, recorded; a file naming her again under a new reference;
    accounts for an administrator and a manager."""
    services.people.create(PersonDetails("Jane", "Doe", date(1950, 2, 1)))
    services.accounts.add("anadmin", "An Admin", "administrator", PASSWORD)
    services.accounts.add("amanager", "A Manager", "manager", PASSWORD)
    return write_csv(tmp_path, "people", [
        {"person_ref": "Q1", "given_name": "Jane", "family_name": "Doe",
         "date_of_birth": "01/02/1950"},
    ])  # fmt: skip


def test_an_administrators_dry_run_does_not_say_whether_a_person_is_recorded(
    services: Services, jane_recorded: Path
) -> None:
    services.accounts.sign_in("anadmin", PASSWORD)
    report = services.imports.run([jane_recorded], dry_run=True)
    assert report.ok
    assert report.warnings == []
    summary = report.summary()
    assert "matches an existing record" not in summary
    assert "to check" not in summary
    assert "people: 1 rows (whether each is new is shown only to roles" in summary
    assert vars(report.counts["people"]) == {"created": 0, "updated": 0, "unchanged": 0,
                                             "withheld": 1}  # fmt: skip
    services.accounts.sign_in("amanager", PASSWORD)
    [event] = services.audit.events(action="import-check")
    assert event.username == "anadmin"
    assert json.loads(event.details)["warnings"] == 0


def test_a_managers_dry_run_says_the_person_matches_an_existing_record(
    services: Services, jane_recorded: Path
) -> None:
    services.accounts.sign_in("amanager", PASSWORD)
    report = services.imports.run([jane_recorded], dry_run=True)
    [warning] = report.warnings
    assert "matches an existing record" in warning.message
    assert "P000001" in warning.message
    assert "1 new, 0 changed, 0 unchanged" in report.summary()


def test_a_cancelled_import_leaves_the_database_as_it_was(
    services: Services, tmp_path: Path
) -> None:
    person = services.people.create(PersonDetails("Cy", "Cole", date(1960, 1, 1)))
    write_csv(tmp_path, "people", [
        {"person_ref": f"P{n:06d}X", "given_name": "Name", "family_name": f"N{n}"}
        for n in range(5_000)
    ])  # fmt: skip
    asked: list[int] = []

    def cancel() -> bool:  # asked every 2,000 rows: stop part way through writing
        asked.append(1)
        return len(asked) >= 4

    report = services.imports.run([tmp_path / "people.csv"], cancelled=cancel)
    assert report.cancelled
    assert not report.written
    assert count(services, Person) == 1
    assert services.people.get(person.id).full_name == "Cy Cole"


def test_the_command_line_reports_problems_and_saves_the_report(
    services: Services, database: str, tmp_path: Path
) -> None:
    files = caseload(tmp_path)
    write_csv(tmp_path, "people", [
        {"person_ref": "P900001", "given_name": "Ann", "family_name": "Able",
         "date_of_birth": "1950-02-30"},
    ])  # fmt: skip
    report_path = tmp_path / "report.csv"

    def run(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "--db", database, "import",
             *map(str, files), *extra],
            capture_output=True, text=True, check=False, cwd=ROOT,
        )  # fmt: skip

    done = run("--report", str(report_path))
    assert done.returncode == 1
    assert 'people.csv row 2, date_of_birth "1950-02-30"' in done.stderr
    with report_path.open(encoding="utf-8-sig") as file:
        rows = list(csv.DictReader(file))
    assert next(
        (r["file"], r["row"], r["column"], r["value"]) for r in rows if r["kind"] == "problem"
    ) == ("people.csv", "2", "date_of_birth", "1950-02-30")
    assert count(services, Person) == 0
    files = caseload(tmp_path)
    dry = run("--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "nothing was written" in dry.stdout
    assert count(services, Person) == 0
    done = run()
    assert done.returncode == 0, done.stderr
    assert "people: 2 new" in done.stdout
    assert count(services, Person) == 2


def test_an_excel_workbook_imports_with_typed_cells(services: Services, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "people"
    sheet.append(["person_ref", "given_name", "family_name", "date_of_birth"])
    sheet.append([900001, "Ann", "Able", date(1950, 2, 1)])  # a number and a real date
    referrals = book.create_sheet("Referrals")
    referrals.append(["referral_ref", "person_ref", "received_on", "source", "advocacy_type",
                      "complexity"])  # fmt: skip
    referrals.append(["R1", 900001, date(2026, 9, 1), "Self", "IMCA", 2.0])
    path = tmp_path / "caseload.xlsx"
    book.save(path)
    report = services.imports.run([path])
    assert report.ok, [str(p) for p in report.problems]
    ann = services.people.get_by_ref("900001")
    assert ann.details.date_of_birth == date(1950, 2, 1)
    (referral,) = services.referrals.for_person(ann.id)
    assert (referral.details.advocacy_type, referral.details.complexity) == ("imca", 2)


def test_a_preview_shows_each_files_kind_columns_and_first_rows(
    services: Services, tmp_path: Path
) -> None:
    files = caseload(tmp_path)
    shown = services.imports.preview(list(reversed(files)), rows=1)
    assert [s.kind for s in shown.sheets][:3] == ["contracts", "people", "advocates"]
    people = shown.sheets[1]
    assert people.where == "people.csv"
    assert people.columns[:3] == ("person_ref", "given_name", "family_name")
    assert people.rows == ((2, ("P900001", "Ann", "Able", "01/02/1950", "Female",
                                "white_british", "cm1 1aa")),)  # fmt: skip
    assert shown.problems == ()


def test_an_import_killed_while_writing_leaves_the_database_as_it_was(
    services: Services, db_path: Path, tmp_path: Path
) -> None:
    import os
    import signal
    import sqlite3
    import time

    person = services.people.create(PersonDetails("Cy", "Cole", date(1960, 1, 1)))
    write_csv(tmp_path, "people", [
        {"person_ref": f"K{n:07d}", "given_name": "Name", "family_name": f"Family {n}",
         "date_of_birth": "01/01/1960", "postcode": "CM1 1AA"}
        for n in range(60_000)
    ])  # fmt: skip
    child = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--db", str(db_path), "import",
         str(tmp_path / "people.csv")],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    wal = Path(f"{db_path}-wal")
    deadline = time.monotonic() + 60
    try:  # wait until it is writing (its uncommitted pages fill the write-ahead log)
        while child.poll() is None and time.monotonic() < deadline:
            if wal.exists() and wal.stat().st_size > 2_000_000:
                break
            time.sleep(0.01)
        assert child.poll() is None, "the import finished before it could be interrupted"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
    with sqlite3.connect(db_path) as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert count(services, Person) == 1
    assert services.people.get(person.id).full_name == "Cy Cole"


def test_two_alike_activities_in_different_batches_are_both_kept(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from advocacy_desk.importing import write

    monkeypatch.setattr(write, "BATCH", 1)  # every row its own batch
    files = caseload(tmp_path)
    write_csv(tmp_path, "activities", [
        {"case_ref": "C900002", "date": "04/09/2026", "minutes": "30", "kind": "phone",
         "note": "first call"},
        {"case_ref": "C900002", "date": "04/09/2026", "minutes": "5", "kind": "phone",
         "note": "second call"},
    ])  # fmt: skip
    first = services.imports.run(files)
    assert first.counts["activities"].created == 2
    assert first.counts["activities"].updated == 0
    again = services.imports.run(files)
    assert again.counts["activities"].unchanged == 2
    with services.uow() as uow:
        notes = sorted(uow.session.scalars(select(Activity.note)))
    assert notes == ["first call", "second call"]


def test_a_contract_named_in_other_capitals_is_the_same_contract(
    services: Services, tmp_path: Path
) -> None:
    files = caseload(tmp_path)
    assert services.imports.run(files).ok
    write_csv(tmp_path, "contracts", [
        {"name": "ESSEX ADVOCACY", "commissioner": "Essex County Council",
         "starts_on": "01/04/2025", "ends_on": "31/03/2028",
         "advocacy_types": "care_act; IMCA", "hours_per_year": "2000"},
    ])  # fmt: skip
    again = services.imports.run([tmp_path / "contracts.csv"])
    assert again.ok
    assert again.counts["contracts"].unchanged == 1
    assert [c.name for c in services.contracts.list()] == ["Essex Advocacy"]


def test_an_administrators_check_does_not_print_a_recorded_date_of_birth(
    services: Services, jane_recorded: Path, tmp_path: Path
) -> None:
    write_csv(tmp_path, "referrals", [
        {"referral_ref": "R1", "person_ref": "P000001", "received_on": "01/01/1940",
         "source": "self", "advocacy_type": "imca"},
    ])  # fmt: skip
    services.accounts.sign_in("anadmin", PASSWORD)
    [problem] = services.imports.run([tmp_path / "referrals.csv"], dry_run=True).problems
    assert problem.message == (
        "Received date is before the recorded person's date of birth: check the date"
    )
    services.accounts.sign_in("amanager", PASSWORD)
    [problem] = services.imports.run([tmp_path / "referrals.csv"], dry_run=True).problems
    assert "(01/02/1950)" in problem.message
