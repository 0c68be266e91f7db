"""The return's figures on a small quarter built by hand, so every number is known."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from advocacy_desk.app import Services
from advocacy_desk.domain.casework import ActivityDetails, Closure, Feedback
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.domain.quarters import Quarter
from advocacy_desk.domain.referrals import ReferralDetails
from advocacy_desk.domain.spreadsheet import safe_cell
from advocacy_desk.domain.vocabulary import ADVOCACY_TYPE, ETHNICITY, SOURCE
from advocacy_desk.exports.return_csv import HEADER, csv_text
from advocacy_desk.records.returns import Narrative
from advocacy_desk.services.contracts import ContractDetails
from advocacy_desk.services.return_figures import FIGURES

ROOT = Path(__file__).resolve().parents[2]
Q2 = Quarter.parse("2026/27-Q2")  # 1 July to 30 September 2026


@pytest.fixture
def quarter(services: Services) -> dict[str, int]:
    """Six referrals: four received in Q2, one before it, one after it."""
    contract = services.contracts.create(
        ContractDetails("Essex Hub", "Essex County Council", date(2026, 4, 1), date(2027, 3, 31),
                        frozenset(), hours_per_year=365.0, cases_per_year=2)
    )  # fmt: skip
    dee = services.staff.add("dee", "Dee Okafor", advocacy_types=ADVOCACY_TYPE.codes)

    def person(given: str, **kw: object) -> int:
        details = PersonDetails(given, "Smith", date(1950, 2, 1), **kw)  # type: ignore[arg-type]
        return services.people.create(details, allow_duplicate=True).id

    def referral(person_id: int, received: date, kind: str = "care_act",
                 source: str = "self") -> int:  # fmt: skip
        details = ReferralDetails(received, source, kind, contract_id=contract.id)
        return services.referrals.create(person_id, details).id

    ann = person("Ann", sex="female", ethnicity="white_british", out_of_area="yes")
    bea = person("Bea", sex="female", ethnicity="not_known")
    col = person("Col", sex="male", ethnicity="asian_indian")
    ids = {
        "before": referral(ann, date(2026, 6, 20)),  # waiting since before Q2
        "a": referral(ann, date(2026, 7, 1), source="social_worker"),
        "b": referral(bea, date(2026, 7, 10), "imca"),
        "c": referral(col, date(2026, 8, 1), "generic", source="health"),
        "d": referral(col, date(2026, 9, 30), "generic"),
        "after": referral(bea, date(2026, 10, 1)),
    }
    services.waiting_list.allocate(ids["a"], dee.id, on=date(2026, 7, 8))  # 7 days
    services.waiting_list.allocate(ids["b"], dee.id, on=date(2026, 7, 30))  # 20 days
    services.waiting_list.decline(ids["c"], "outside remit", on=date(2026, 8, 5))
    services.waiting_list.withdraw(ids["after"], "moved away", on=date(2026, 10, 2))
    cases = {r.person_name: r.case_id for r in services.casework.caseload()}
    case_a = cases["Ann Smith"]
    services.casework.log_activity(case_a, ActivityDetails(date(2026, 7, 9), "visit", 90))
    services.casework.log_activity(case_a, ActivityDetails(date(2026, 9, 30), "phone", 45))
    case_b = cases["Bea Smith"]
    services.casework.log_activity(case_b, ActivityDetails(date(2026, 10, 1), "phone", 600))
    issue = services.casework.add_issue(case_a, "accommodation", "move nearer family")
    services.casework.set_outcome(issue.id, "achieved", date(2026, 9, 1))
    answers = {"informed": "yes", "involved": "partly", "negotiate": "no",
               "personal_outcomes": "yes", "empowered": "declined"}  # fmt: skip
    services.casework.close(case_a, Closure("resolved", date(2026, 9, 30),
                                            Feedback(answers, "person")))  # fmt: skip
    return {**ids, "contract": contract.id, "case_a": case_a}


def _figures(services: Services, contract_id: int | None = None) -> dict[tuple[str, str, str], str]:
    report = services.returns.prepare(Q2, contract_id)
    return {row.key: row.text for row in report.printed(suppressed=False)}


def test_referral_case_and_waiting_figures(services: Services, quarter: dict[str, int]) -> None:
    f = _figures(services)
    assert f["referrals", "received", "total"] == "4"
    assert f["referrals", "received_by_type", "generic"] == "2"
    assert f["referrals", "received_by_type", "peer"] == "0"
    assert f["referrals", "received_by_source", "social_worker"] == "1"
    assert f["referrals", "declined", "total"] == "1"
    assert f["referrals", "withdrawn", "total"] == "0"  # withdrawn in October
    assert f["referrals", "out_of_area", "total"] == "1"
    assert (f["cases", "opened", "total"], f["cases", "closed", "total"]) == ("2", "1")
    assert f["cases", "open_at_end", "total"] == "1"
    # Waiting at 30/09: "before" (102 days) and "d" (0 days); "after" not yet received.
    assert f["waiting", "at_end", "total"] == "2"
    assert f["waiting", "median_days", "total"] == "51"
    assert f["waiting", "longest_days", "total"] == "102"
    assert f["allocation", "median_days", "total"] == "13.5"  # mean of 7 and 20
    assert f["allocation", "within_14_days_pct", "total"] == "50.0"


def test_hours_equality_outcomes_and_issues(services: Services, quarter: dict[str, int]) -> None:
    f = _figures(services, quarter["contract"])
    assert f["hours", "delivered", "care_act"] == "2.3"  # 135 minutes; October's excluded
    assert f["hours", "delivered", "total"] == "2.3"
    assert f["hours", "contracted", "total"] == "92.0"  # 365 a year x 92 days / 365
    assert f["equality", "sex", "female"] == "2"
    assert f["equality", "sex", "male"] == "1"
    assert f["equality", "ethnicity", "not_known"] == "1"
    assert f["equality", "age_band", "75_84"] == "3"
    assert f["outcomes", "informed_yes_pct", "total"] == "100.0"
    assert f["outcomes", "involved_partly_pct", "total"] == "100.0"
    assert f["outcomes", "empowered_yes_pct", "total"] == ""  # declined: base 0
    assert f["issues", "achieved_pct", "total"] == "100.0"
    report = services.returns.prepare(Q2, quarter["contract"])
    assert report.declined_reasons == (("R000004", "outside remit"),)
    assert report.cases_above_block == 0
    assert [t.quarter for t in report.trend] == ["2025/26 Q3", "2025/26 Q4", "2026/27 Q1",
                                                 "2026/27 Q2"]  # fmt: skip


def test_csv_has_every_code_one_row_per_figure_and_suppresses_by_default(
    services: Services, quarter: dict[str, int]
) -> None:
    report = services.returns.prepare(Q2)
    rows = list(csv.reader(io.StringIO(csv_text(report))))
    assert tuple(rows[0]) == HEADER
    assert HEADER == ("section", "measure", "category", "value", "base", "label", "quarter",
                      "provider")  # fmt: skip
    by_key = {(r[0], r[1], r[2]): (r[3], r[4]) for r in rows[1:]}
    words = {(r[0], r[1], r[2]): (r[5], r[6], r[7]) for r in rows[1:]}
    assert words["referrals", "received", "total"] == (
        "Referrals received", "2026/27-Q2", report.provider
    )  # fmt: skip
    assert words["referrals", "received_by_type", "care_act"][0] == (
        "Referrals by advocacy type: Care Act advocacy"
    )
    assert all(label for label, _, _ in words.values())
    assert len(by_key) == len(rows) - 1
    assert {c for s, m, c in by_key if m == "received_by_type"} == set(ADVOCACY_TYPE.codes)
    assert {c for s, m, c in by_key if m == "received_by_source"} == set(SOURCE.codes)
    assert {c for s, m, c in by_key if m == "ethnicity"} == set(ETHNICITY.codes)
    assert by_key["referrals", "received", "total"] == ("<5", "")
    assert by_key["allocation", "within_14_days_pct", "total"] == ("", "2")
    assert {(s, m) for s, m, _ in by_key} == {(f.section, f.measure) for f in FIGURES}
    exact = {(r[0], r[1], r[2]): r[3] for r in csv.reader(io.StringIO(csv_text(report, False)))}
    assert exact["referrals", "received", "total"] == "4"


@pytest.mark.parametrize("text", ["=SUM(A1)", "+1", "-cmd", "@x", "\tx", "\rx"])
def test_cells_that_spreadsheets_would_run_are_made_safe(text: str) -> None:
    assert safe_cell(text) == "'" + text
    assert safe_cell("plain") == "plain"


def test_a_saved_return_exports_unchanged_after_later_edits(
    services: Services, quarter: dict[str, int]
) -> None:
    report = services.returns.prepare(Q2)
    narrative = Narrative("A steady quarter.", "housing", ("Case study one",))
    saved = services.returns.save(report, narrative, suppressed=True)
    before = csv_text(services.returns.load(saved.id)[0])
    person = services.people.create(PersonDetails("Eve", "Jones", date(1960, 1, 1)))
    services.referrals.create(person.id, ReferralDetails(date(2026, 8, 8), "self", "care_act"))
    again, narrative, suppressed = services.returns.load(saved.id)
    assert csv_text(again) == before
    assert (narrative.summary, narrative.case_studies, suppressed) == (
        "A steady quarter.", ("Case study one",), True,
    )  # fmt: skip
    assert _figures(services)["referrals", "received", "total"] == "5"
    assert services.returns.saved()[0].created_by == "tester"
    assert services.returns.narrative_for(again).themes == "housing"


def test_data_problems_name_the_records(services: Services, quarter: dict[str, int]) -> None:
    problems = services.returns.problems(Q2, quarter["contract"])
    kinds = {(p.kind, p.reference) for p in problems}
    assert ("ethnicity_unknown", "P000002") in kinds
    assert not any(p.kind == "no_outcome_answers" for p in problems)


def test_quarters_with_data_newest_first(services: Services, quarter: dict[str, int]) -> None:
    assert [q.code for q in services.returns.quarters_with_data()] == [
        "2026/27-Q3", "2026/27-Q2", "2026/27-Q1",
    ]  # fmt: skip


def test_return_command_writes_csv_and_refuses_bad_input(
    services: Services, quarter: dict[str, int], database: str, tmp_path: Path
) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "--db", str(database), "return", *args],
            capture_output=True, text=True, check=False, cwd=ROOT,
        )  # fmt: skip

    out = tmp_path / "q2.csv"
    done = run("--quarter", "2026/27-Q2", "--contract", "essex hub", "--format", "csv",
               "--out", str(out), "--no-suppress")  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("section,measure,category,value,base,label,quarter,provider\n")
    assert "referrals,received,total,4,,Referrals received,2026/27-Q2," in text
    bad_quarter = run("--quarter", "2026-Q2", "--format", "csv", "--out", str(out))
    assert bad_quarter.returncode != 0
    assert "2026/27-Q2" in bad_quarter.stderr
    bad_contract = run("--quarter", "2026/27-Q2", "--contract", "Nope", "--format", "csv",
                       "--out", str(tmp_path / "x.csv"))  # fmt: skip
    assert bad_contract.returncode == 1
    assert 'no contract called "Nope"' in bad_contract.stderr
    assert not (tmp_path / "x.csv").exists()


def test_each_figure_lists_the_records_it_counts(
    services: Services, quarter: dict[str, int]
) -> None:
    behind = services.returns.records_behind
    assert [r.reference for r in behind(Q2, None, "referrals", "received")] == [
        "R000002", "R000003", "R000004", "R000005",
    ]  # fmt: skip
    assert [r.reference for r in behind(Q2, None, "referrals", "received_by_type", "imca")] == [
        "R000003"
    ]
    assert [r.reference for r in behind(Q2, None, "waiting", "at_end")] == ["R000001", "R000005"]
    assert [r.entity for r in behind(Q2, None, "cases", "closed")] == ["case"]
    assert [r.description for r in behind(Q2, None, "equality", "sex", "male")] == ["Col Smith"]
    assert [r.reference for r in behind(Q2, None, "hours", "delivered", "care_act")] == ["C000001"]
    report = services.returns.prepare(Q2)
    for row in report.rows:  # every figure can say what it counts
        listed = behind(Q2, None, row.section, row.measure, row.category)
        if row.kind == "count" and isinstance(row.value, int):
            assert len(listed) == row.value, row.key
