"""The return as PDF, read back as a commissioner would read it: through its text.

The text comes from pypdf (tests/pdf_text.py), so no program outside the test
dependencies is needed.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from advocacy_desk.app import Services
from advocacy_desk.cli import main as cli_main
from advocacy_desk.demo import generate
from advocacy_desk.domain.casework import ActivityDetails, Closure, Feedback
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.domain.quarters import Quarter
from advocacy_desk.domain.referrals import ReferralDetails
from advocacy_desk.domain.return_rows import FigureRow
from advocacy_desk.domain.vocabulary import ADVOCACY_TYPE, ETHNICITY, OUTCOME_QUESTION
from advocacy_desk.exports.pdf_house import generated_text
from advocacy_desk.exports.return_pdf import BANNER, measure_label, write_pdf
from advocacy_desk.records.returns import Narrative, ReturnReport
from advocacy_desk.services.contracts import ContractDetails
from advocacy_desk.services.settings import PROVIDER_NAME
from tests.conftest import TODAY
from tests.pdf_text import pdf_created, pdf_pages

Q2 = Quarter.parse("2026/27-Q2")  # 1 July to 30 September 2026
PROVIDER = "Zoë's Advocacy & Partners"
DECLINED = 'Outside <b>remit</b> & "not Care Act" — see R&D'
WITHDRAWN = "Moved to Wales\nwith family"


@pytest.fixture
def report(services: Services) -> ReturnReport:
    """A small quarter for one contract: four referrals, one declined, one withdrawn, one
    case with 2 h 15 min of casework, closed with one outcome answer."""
    services.settings.change(PROVIDER_NAME, PROVIDER)
    contract = services.contracts.create(
        ContractDetails("Essex Hub", "Essex County Council", date(2026, 4, 1), date(2027, 3, 31),
                        frozenset(), hours_per_year=365.0, cases_per_year=2)
    )  # fmt: skip
    dee = services.staff.add("dee", "Dee Okafor", advocacy_types=ADVOCACY_TYPE.codes)

    def referral(given: str, received: date, kind: str) -> int:
        person = services.people.create(
            PersonDetails(given, "Smith", date(1950, 2, 1), ethnicity="white_irish"),
            allow_duplicate=True,
        )
        details = ReferralDetails(received, "self", kind, contract_id=contract.id)
        return services.referrals.create(person.id, details).id

    ann = referral("Ann", date(2026, 7, 1), "care_act")
    referral("Bea", date(2026, 7, 10), "imca")
    col = referral("Col", date(2026, 8, 1), "generic")
    dot = referral("Dot", date(2026, 9, 1), "generic")
    services.waiting_list.allocate(ann, dee.id, on=date(2026, 7, 8))
    services.waiting_list.decline(col, DECLINED, on=date(2026, 8, 5))
    services.waiting_list.withdraw(dot, WITHDRAWN, on=date(2026, 9, 20))
    case = services.casework.caseload()[0].case_id
    services.casework.log_activity(case, ActivityDetails(date(2026, 7, 9), "visit", 90))
    services.casework.log_activity(case, ActivityDetails(date(2026, 9, 30), "phone", 45))
    answers = dict.fromkeys(OUTCOME_QUESTION.codes, "not_asked") | {"informed": "yes"}
    services.casework.close(case, Closure("resolved", date(2026, 9, 30),
                                          Feedback(answers, "person")))  # fmt: skip
    return services.returns.prepare(Q2, contract.id)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _write(report: ReturnReport, tmp_path: Path, suppressed: bool = True,
           narrative: Narrative | None = None) -> Path:  # fmt: skip
    out = tmp_path / ("suppressed.pdf" if suppressed else "exact.pdf")
    write_pdf(report, narrative or Narrative(), out, suppressed)
    return out


def test_writes_a_pdf_and_only_to_the_file_given(report: ReturnReport, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    out = _write(report, folder)
    assert out.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in folder.iterdir()] == ["suppressed.pdf"]


def test_the_same_return_gives_the_same_bytes(report: ReturnReport, tmp_path: Path) -> None:
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    write_pdf(report, Narrative("Same."), first)
    write_pdf(report, Narrative("Same."), second)
    assert first.read_bytes() == second.read_bytes()


def test_the_pdf_carries_the_time_the_return_was_generated(
    report: ReturnReport, tmp_path: Path
) -> None:
    # ReportLab's invariant mode wrote 1 January 2000 into every PDF's CreationDate.
    generated = datetime(2026, 11, 23, 14, 5, 9, tzinfo=UTC)
    out = _write(replace(report, generated_at=generated), tmp_path)
    assert pdf_created(out) == generated
    later = tmp_path / "later.pdf"
    write_pdf(replace(report, generated_at=generated + timedelta(hours=1)), Narrative(), later)
    assert pdf_created(later) == generated + timedelta(hours=1)


def test_cover_names_provider_commissioner_contract_and_quarter(
    report: ReturnReport, tmp_path: Path
) -> None:
    pages = pdf_pages(_write(report, tmp_path))
    cover = _flat(pages[0])
    for expected in (PROVIDER, "Essex County Council", "Essex Hub", "2026/27 Q2",
                     "1 July 2026 to 30 September 2026"):  # fmt: skip
        assert expected in cover
    assert f"Generated {generated_text(report.generated_at)}" in cover
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", generated_text(report.generated_at))
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "Generated " in page


def test_small_numbers_are_suppressed_by_default(report: ReturnReport, tmp_path: Path) -> None:
    pages = pdf_pages(_write(report, tmp_path))
    text = "\n".join(pages)
    assert BANNER not in text
    assert re.search(r"Referrals received\s+<5\n", text)
    # Exact values that are not small numbers are printed, hours and percentages to 0.1.
    assert report.row("hours", "delivered").text == "2.3"  # 135 minutes
    assert re.search(r"Total\s+2\.3\n", text)
    assert re.search(r"Contracted hours \(the block, pro rata to the quarter\)\s+92\.0\n", text)
    assert re.search(r"Hours above the block so far this contract year\s+0\.0\n", text)
    assert re.search(r"Cases above the block so far this contract year\s+0\n", text)
    # One closed case answered: the percentage is withheld, with a note saying so.
    assert re.search(r"I received information readily .*\s+—\s+—\s+1\n", text)
    assert "—: withheld, worked out from fewer than 5" in text


def test_exact_figures_are_marked_for_internal_use_on_every_page(
    report: ReturnReport, tmp_path: Path
) -> None:
    pages = pdf_pages(_write(report, tmp_path, suppressed=False))
    assert all(BANNER in page for page in pages)
    text = "\n".join(pages)
    assert re.search(r"Referrals received\s+4\n", text)
    assert "<5" not in text
    assert re.search(r"I received information readily .*\s+100\.0\s+0\.0\s+1\n", text)
    # Nobody answered the other questions: nothing to work a percentage out from.
    assert re.search(r"I feel empowered to challenge decisions.\W+n/a\s+n/a\s+0\n", text)


def test_reasons_and_narrative_print_as_written(report: ReturnReport, tmp_path: Path) -> None:
    narrative = Narrative(
        summary="A <quiet> quarter & a busy one.\n\nSecond paragraph.",
        themes="Housing; <i>hospital</i> discharge",
        case_studies=("Ms A was heard.", "Mr B moved home."),
    )
    text = _flat("\n".join(pdf_pages(_write(report, tmp_path, narrative=narrative), False)))
    for expected in (DECLINED, "Moved to Wales with family", "A <quiet> quarter & a busy one.",
                     "Second paragraph.", "Housing; <i>hospital</i> discharge",
                     "Case study 1 Ms A was heard.", "Case study 2 Mr B moved home."):  # fmt: skip
        assert expected in text


def test_appendix_defines_every_figure(report: ReturnReport, tmp_path: Path) -> None:
    text = _flat("\n".join(pdf_pages(_write(report, tmp_path), layout=False)))
    appendix = text[text.rindex("Appendix: definitions") :]
    for section, measure, definition in report.definitions:
        assert f"{measure_label(section, measure)} ({section}, {measure}) {definition}" in (
            appendix
        )


def _ethnicity_rows(pages: list[str]) -> tuple[list[tuple[str, str]], list[int]]:
    """The ethnicity table's rows as printed (label, value), and the pages it is on."""
    rows: list[tuple[str, str]] = []
    on: list[int] = []
    inside = False
    for number, page in enumerate(pages, start=1):
        for line in page.splitlines():
            cells = re.split(r"\s{2,}", line.strip())
            if cells[0] == "Ethnic group (ONS 2021)" and cells[-1] == "People":
                inside = True
                on.append(number)
            elif inside and cells[0] == "Disability":
                return rows, on
            elif inside and len(cells) == 2 and not cells[0].startswith("Generated "):
                rows.append((cells[0], cells[1]))
    return rows, on


def test_a_breakdown_split_across_pages_keeps_every_row(services: Services, tmp_path: Path) -> None:
    generate(services, scale="small", seed=1, as_of=TODAY)
    report = services.returns.prepare(Q2)
    expected = [
        (ETHNICITY.label(row.category), row.text)
        for row in report.printed(True)
        if row.measure == "ethnicity"
    ]
    assert len(expected) == 21
    # Push the tables down a line at a time until the ethnicity table breaks across a page.
    for extra in range(40):
        padding = tuple(FigureRow("referrals", f"padding_{i}", "total", 10) for i in range(extra))
        out = tmp_path / f"return-{extra}.pdf"
        write_pdf(replace(report, rows=padding + report.rows), Narrative(), out)
        rows, on = _ethnicity_rows(pdf_pages(out))
        assert rows == expected
        if len(on) == 2:
            assert on[1] == on[0] + 1  # the header row repeats at the top of the next page
            return
        out.unlink()
    pytest.fail("the ethnicity table never broke across a page")


def test_long_lists_of_reasons_run_on_overpdf_pages(report: ReturnReport, tmp_path: Path) -> None:
    reasons = tuple((f"R{n:06d}", f"Reason number {n}") for n in range(1, 121))
    pages = pdf_pages(_write(replace(report, declined_reasons=reasons), tmp_path))
    text = "\n".join(pages)
    for ref, reason in reasons:
        assert len(re.findall(rf"{ref}\s+{reason}\n", text)) == 1
    with_header = [page for page in pages if re.search(r"^\s*Referral\s+Reason$", page, re.M)]
    assert len(with_header) >= 3


def test_return_command_writes_the_pdf(
    report: ReturnReport, database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "q2.pdf"
    code = cli_main(["--db", str(database), "return", "--quarter", "2026/27-Q2", "--contract",
                     "essex hub", "--format", "pdf", "--out", str(out)])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    assert out.read_bytes().startswith(b"%PDF-")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


def test_the_return_command_warns_of_a_saved_narrative_naming_a_recorded_person(
    report: ReturnReport, services: Services, database: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    from advocacy_desk.records.returns import Narrative

    person = services.people.get(1)
    services.returns.save(report, Narrative(case_studies=(f"{person.full_name} moved.",)), True)
    out = tmp_path / "q2.pdf"
    code = cli_main(["--db", str(database), "return", "--quarter", "2026/27-Q2", "--contract",
                     "essex hub", "--format", "pdf", "--out", str(out)])  # fmt: skip
    assert code == 0
    assert capsys.readouterr().err == (
        f"advocacy-desk: warning: the narrative: Case study 1 mentions '{person.full_name}', "
        "a recorded person's name\n"
    )
    assert out.read_bytes().startswith(b"%PDF-")
