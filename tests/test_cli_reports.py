"""``advocacy-desk report --case REF [--report N] --out FILE``: the report saved as .docx
or .pdf; an unknown case or report is one line and exit 1, with nothing written."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document

from advocacy_desk.app import Services
from advocacy_desk.cli import main as cli_main
from tests.pdf_text import pdf_text
from tests.services.test_reports import DETAILS, case_ref, open_case


@pytest.fixture
def with_reports(services: Services) -> str:
    """A case with two reports; its reference."""
    case_id = open_case(services)
    services.reports.create(case_id, DETAILS)
    services.reports.create(case_id, replace(DETAILS, about="Where Jane lives next"))
    return case_ref(services, case_id)


def _run(database: str, *args: str) -> int:
    return cli_main(["--db", str(database), "report", *args])


def test_the_latest_report_is_saved_as_word(
    database: str, with_reports: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.docx"
    assert _run(database, "--case", with_reports, "--out", str(out)) == 0
    assert capsys.readouterr().out.strip() == f"report 2 of {with_reports} saved as {out}"
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "Where Jane lives next" not in text  # it is in the table
    cells = [c.text for t in Document(str(out)).tables for r in t.rows for c in r.cells]
    assert "Where Jane lives next" in cells
    assert "Jane Partridge" in cells
    assert "{{" not in text


def test_a_numbered_report_is_saved_as_pdf(
    database: str, with_reports: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.pdf"
    assert _run(database, "--case", with_reports, "--report", "1", "--out", str(out)) == 0
    assert "report 1 of" in capsys.readouterr().out
    text = pdf_text(out, layout=False)
    assert DETAILS.about in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--case", "C000999"), "no case C000999"),
        (("--report", "5"), "has no report 5; it has reports 1 to 2"),
    ],
)
def test_an_unknown_case_or_report_is_one_line_and_exit_1(
    database: str,
    with_reports: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    message: str,
) -> None:
    out = tmp_path / "report.docx"
    full = ("--case", with_reports, *args) if args[0] == "--report" else args
    assert _run(database, *full, "--out", str(out)) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("advocacy-desk: error: ")
    assert message in err
    assert not out.exists()
    assert not list(tmp_path.glob(".*.partial"))


def test_a_case_without_reports_says_so(
    database: str, services: Services, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ref = case_ref(services, open_case(services))
    assert _run(database, "--case", ref, "--out", str(tmp_path / "r.pdf")) == 1
    assert capsys.readouterr().err == f"advocacy-desk: error: {ref} has no reports yet\n"
