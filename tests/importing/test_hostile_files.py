"""Hostile files are refused in one line, quickly: a workbook that would unpack to
gigabytes, numbers that overflow, more columns than a sheet holds, control characters."""

from __future__ import annotations

import time
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from advocacy_desk.app import Services
from advocacy_desk.domain.casework import ActivityDetails
from advocacy_desk.domain.errors import ValidationError
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.domain.referrals import ReferralDetails
from advocacy_desk.importing import sources
from advocacy_desk.importing.sources import MAX_COLUMNS, MAX_UNPACKED, open_sheets
from tests.importing.test_import import write_csv

MB = 1024 * 1024


def _bomb(path: Path, unpacked: int, level: int) -> Path:
    """A zip like a workbook, with one sheet part of ``unpacked`` zero bytes."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            chunk = bytes(MB)
            for _ in range(unpacked // MB):
                part.write(chunk)
            part.write(bytes(unpacked % MB))
    return path


def test_a_workbook_that_would_unpack_past_200_mb_is_refused_before_reading(
    services: Services, tmp_path: Path
) -> None:
    bomb = _bomb(tmp_path / "caseload.xlsx", MAX_UNPACKED + MB, level=1)
    assert bomb.stat().st_size < 2 * MB  # small on disk
    started = time.perf_counter()
    report = services.imports.run([bomb], dry_run=True)
    assert time.perf_counter() - started < 2
    [problem] = report.problems
    assert problem.where == "caseload.xlsx"
    assert "would unpack to 201 MB" in problem.message
    assert "at most 200 MB" in problem.message
    assert "\n" not in str(problem)


def test_a_workbook_just_under_the_limit_is_not_refused_for_its_size(tmp_path: Path) -> None:
    big = _bomb(tmp_path / "caseload.xlsx", 10 * MB, level=1)  # packs about 230 times
    assert sources._unpacked_problem(big) is None


def test_a_part_packed_a_thousand_times_is_refused_whatever_its_size(tmp_path: Path) -> None:
    dense = _bomb(tmp_path / "caseload.xlsx", 20 * MB, level=9)
    [problem] = open_sheets([dense]).problems
    assert "has a part (xl/worksheets/sheet1.xml) that unpacks to" in problem.message
    assert "times its packed size" in problem.message


def test_a_zip_that_is_not_a_workbook_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "caseload.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    [problem] = open_sheets([path]).problems
    assert problem.message.startswith("cannot be read as an Excel workbook")


def test_the_limit_is_measured_on_the_zip_directory_not_by_unpacking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sources, "MAX_UNPACKED", 4 * MB)
    book = Workbook()
    book.active.title = "people"  # type: ignore[union-attr]
    book.active.append(["person_ref", "given_name", "family_name"])  # type: ignore[union-attr]
    path = tmp_path / "caseload.xlsx"
    book.save(path)
    assert open_sheets([path]).problems == []  # a real workbook under the limit opens
    bomb = _bomb(tmp_path / "big.xlsx", 5 * MB, level=1)
    [problem] = open_sheets([bomb]).problems
    assert "would unpack to 5 MB" in problem.message


def _workbook_with_raw_number(path: Path, kind: str, header: list[str], row: list[object],
                              column: int, raw: str) -> Path:  # fmt: skip
    """A workbook whose cell at ``column`` of row 2 holds the number ``raw`` as written in
    the file (openpyxl would never write 1e400, a crafted file can)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = kind
    sheet.append(header)
    row = list(row)
    row[column] = 123456789
    sheet.append(row)
    book.save(path)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    name = "xl/worksheets/sheet1.xml"
    parts[name] = parts[name].replace(b"<v>123456789</v>", f"<v>{raw}</v>".encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
    return path


@pytest.mark.parametrize("raw", ["1e400", "-1e400", "9" * 400])
def test_numbers_that_overflow_are_a_problem_naming_the_row_and_column(
    services: Services, tmp_path: Path, raw: str
) -> None:
    header = ["case_ref", "date", "kind", "minutes"]
    path = _workbook_with_raw_number(tmp_path / "caseload.xlsx", "activities", header,
                                     ["C1", "01/10/2026", "visit", 0], 3, raw)  # fmt: skip
    report = services.imports.run([path], dry_run=True)
    [problem] = [p for p in report.problems if p.column == "minutes"]
    assert (problem.where, problem.row) == ("caseload.xlsx, sheet activities", 2)
    assert "duration" in problem.message
    assert len(problem.message) < 200


@pytest.mark.parametrize("raw", ["1e400", "9" * 400])
def test_overflowing_counts_and_hours_in_a_csv_are_refused_briefly(
    services: Services, tmp_path: Path, raw: str
) -> None:
    write_csv(tmp_path, "contracts", [
        {"name": "Essex", "commissioner": "Essex County Council", "starts_on": "01/04/2025",
         "ends_on": "31/03/2028", "advocacy_types": "care_act", "hours_per_year": raw,
         "cases_per_year": raw},
    ])  # fmt: skip
    report = services.imports.run([tmp_path / "contracts.csv"], dry_run=True)
    found = {p.column: p.message for p in report.problems}
    assert set(found) == {"hours_per_year", "cases_per_year"}
    assert all(len(message) < 120 for message in found.values()), found


def test_more_columns_than_a_sheet_holds_is_one_problem(tmp_path: Path) -> None:
    header = ["person_ref", "given_name", "family_name"] + [f"x{n}" for n in range(MAX_COLUMNS)]
    path = tmp_path / "people.csv"
    path.write_text(",".join(header) + "\nP1,Ann,Able\n", encoding="utf-8")
    [problem] = open_sheets([path]).problems
    assert (problem.where, problem.row) == ("people.csv", 1)
    assert "has 16,387 columns, more than a sheet can hold (16,384)" in problem.message


def test_a_row_with_more_columns_than_a_sheet_holds_names_the_row(
    services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "people.csv"
    wide = "P2,Bo,Bell" + "," * MAX_COLUMNS + "x"
    path.write_text(f"person_ref,given_name,family_name\nP1,Ann,Able\n{wide}\n", encoding="utf-8")
    report = services.imports.run([path], dry_run=True)
    [problem] = report.problems
    assert (problem.where, problem.row) == ("people.csv", 3)
    assert "more than a sheet can hold" in problem.message


@pytest.mark.parametrize("control", ["\x00", "\x07", "\x1b", "\x7f", "\x0b"])
def test_control_characters_in_imported_text_name_the_row_and_column(
    services: Services, tmp_path: Path, control: str
) -> None:
    if control == "\x00":  # a NUL makes the whole file binary, said once
        path = tmp_path / "people.csv"
        path.write_bytes(b"person_ref,given_name,family_name\nP1,Ann\x00,Able\n")
        [problem] = services.imports.run([path], dry_run=True).problems
        assert "binary" in problem.message
        return
    write_csv(tmp_path, "people", [
        {"person_ref": "P1", "given_name": f"Ann{control}e", "family_name": "Able"},
    ])  # fmt: skip
    report = services.imports.run([tmp_path / "people.csv"], dry_run=True)
    [problem] = report.problems
    assert (problem.where, problem.row, problem.column) == ("people.csv", 2, "given_name")
    assert f"holds a control character (U+{ord(control):04X}) at character 4" in problem.message


def test_tabs_and_line_breaks_in_a_note_are_kept(services: Services, tmp_path: Path) -> None:
    write_csv(tmp_path, "people", [
        {"person_ref": "P1", "given_name": "Ann", "family_name": "Able",
         "first_language": "Welsh\tand\r\nBSL"},
    ])  # fmt: skip
    assert services.imports.run([tmp_path / "people.csv"]).ok


@pytest.mark.parametrize("control", ["\x1b[2J", "\x08", "\x7f"])
def test_forms_refuse_control_characters_naming_the_field(services: Services, control: str) -> None:
    with pytest.raises(ValidationError) as refused:
        services.people.create(PersonDetails(f"Ann{control}", "Able", date(1950, 1, 1)))
    assert list(refused.value.errors) == ["given_name"]
    assert "Given name holds a control character" in refused.value.errors["given_name"]
    person = services.people.create(PersonDetails("Ann", "Able", date(1950, 1, 1)))
    with pytest.raises(ValidationError) as refused:
        services.referrals.create(
            person.id, ReferralDetails(date(2026, 11, 1), "self", "care_act", notes=control)
        )
    assert list(refused.value.errors) == ["notes"]


def test_a_casework_note_may_hold_tabs_and_lines_but_no_other_control(
    services: Services,
) -> None:
    from advocacy_desk.domain.casework import clean_activity

    day = date(2026, 11, 2)
    fine = clean_activity(ActivityDetails(day, "visit", 30, 0, "a\tb\nc\r\n"), day, day)
    assert fine.note == "a\tb\nc"
    with pytest.raises(ValidationError) as refused:
        clean_activity(ActivityDetails(day, "visit", 30, 0, "a\x0cb"), day, day)
    assert refused.value.errors == {
        "note": "Note holds a control character (U+000C) at character 2: retype it without it."
    }


def test_parties_staff_and_reports_refuse_control_characters_too(services: Services) -> None:
    person = services.people.create(PersonDetails("Ann", "Able", date(1950, 1, 1)))
    with pytest.raises(ValidationError) as refused:
        services.consent.add_party(person.id, "Sam\x07 Jones", "social_worker")
    assert list(refused.value.errors) == ["name"]
    with pytest.raises(ValidationError) as refused:
        services.staff.add("jo", "Jo\x1b[31m Smith")
    assert list(refused.value.errors) == ["full_name"]
    assert services.staff.list() == []
