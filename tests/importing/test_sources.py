"""Opening import files: kinds from names, encodings, header checks, and rows streamed
with the row numbers a spreadsheet shows."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from advocacy_desk.importing.report import Problem
from advocacy_desk.importing.sources import (
    EXTRA,
    MAX_CSV_CELL,
    NOTES_MARK,
    Opened,
    Sheet,
    SourceError,
    open_sheets,
    row_count,
)

PEOPLE_HEADER = "person_ref,given_name,family_name"


def _csv(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = Workbook()
    for sheet in list(book.worksheets):
        book.remove(sheet)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def _only(opened: Opened) -> Sheet:
    assert opened.problems == []
    assert len(opened.sheets) == 1
    return opened.sheets[0]


def _rows(sheet: Sheet) -> list[tuple[int, dict[str, object]]]:
    return list(sheet.rows())


def _messages(problems: list[Problem]) -> str:
    return "\n".join(str(problem) for problem in problems)


# Files and kinds -------------------------------------------------------------------------


def test_kinds_come_from_file_names_and_load_in_dependency_order(tmp_path: Path) -> None:
    referrals = _csv(
        tmp_path,
        "referrals.csv",
        "referral_ref,person_ref,received_on,source,advocacy_type\n",
    )
    people = _csv(tmp_path, "People.csv", PEOPLE_HEADER + "\n")
    contracts = _csv(tmp_path, "contracts.csv", "name,commissioner,starts_on,ends_on\n")

    opened = open_sheets([referrals, people, contracts])

    assert opened.problems == []
    assert [sheet.kind for sheet in opened.sheets] == ["contracts", "people", "referrals"]
    assert [sheet.where for sheet in opened.sheets] == [
        "contracts.csv",
        "People.csv",
        "referrals.csv",
    ]


def test_a_file_not_named_as_a_kind_is_a_problem_listing_the_kinds(tmp_path: Path) -> None:
    opened = open_sheets([_csv(tmp_path, "clients.csv", PEOPLE_HEADER + "\n")])

    assert opened.sheets == []
    [problem] = opened.problems
    assert problem.where == "clients.csv"
    assert problem.row is None
    assert "people.csv" in problem.message
    assert "partnerships.csv" in problem.message


def test_a_near_miss_file_name_is_suggested(tmp_path: Path) -> None:
    [problem] = open_sheets([_csv(tmp_path, "peopel.csv", PEOPLE_HEADER + "\n")]).problems

    assert "(did you mean people.csv?)" in problem.message


def test_other_file_types_are_refused(tmp_path: Path) -> None:
    [problem] = open_sheets([_csv(tmp_path, "people.txt", PEOPLE_HEADER + "\n")]).problems

    assert problem.where == "people.txt"
    assert "use .csv or .xlsx" in problem.message


def test_a_missing_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    [problem] = open_sheets([tmp_path / "people.csv"]).problems

    assert problem.where == "people.csv"
    assert "cannot be opened" in problem.message


# Encodings ---------------------------------------------------------------------------------


def test_windows_1252_text_reads_as_written(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(b"person_ref,given_name,family_name\r\nP1,Ren\xe9e,Smith\r\n")

    sheet = _only(open_sheets([path]))

    assert _rows(sheet) == [
        (2, {"person_ref": "P1", "given_name": "Renée", "family_name": "Smith"})
    ]


def test_a_utf8_byte_order_mark_is_not_part_of_the_first_column(tmp_path: Path) -> None:
    path = _csv(tmp_path, "people.csv", f"{PEOPLE_HEADER}\nP1,Zoë,Ó Sé\n", "utf-8-sig")

    sheet = _only(open_sheets([path]))

    assert sheet.columns == ("person_ref", "given_name", "family_name")
    assert _rows(sheet)[0][1]["given_name"] == "Zoë"


def test_text_in_no_known_encoding_is_a_clear_problem(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(b"person_ref,given_name,family_name\nP1,\x81\x8d,Smith\n")

    opened = open_sheets([path])

    assert opened.sheets == []
    [problem] = opened.problems
    assert problem.where == "people.csv"
    assert "is not UTF-8 or Windows-1252 text: save it again as CSV UTF-8" in problem.message


def test_a_file_with_nul_bytes_is_refused_as_binary(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(b"person_ref,given_name,family_name\nP1,A\x00B,Smith\n")

    [problem] = open_sheets([path]).problems

    assert "looks like a binary file, not CSV" in problem.message


def test_semicolon_separated_files_are_refused(tmp_path: Path) -> None:
    path = _csv(tmp_path, "people.csv", "person_ref;given_name;family_name\nP1;Ann;Lee\n")

    [problem] = open_sheets([path]).problems

    assert problem.row == 1
    assert "separated by semicolons: save as CSV with commas" in problem.message


# Header rows -------------------------------------------------------------------------------


def test_an_unknown_column_suggests_the_nearest_name(tmp_path: Path) -> None:
    path = _csv(tmp_path, "people.csv", "person_ref,Given Name,family_name\n")

    problems = open_sheets([path]).problems

    unknown = next(p for p in problems if p.column == "given name")
    assert (unknown.where, unknown.row, unknown.value) == ("people.csv", 1, "Given Name")
    assert "column B is not a column of people: did you mean given_name?" in unknown.message
    assert "date_of_birth" in unknown.message  # the kind's columns are listed
    missing = next(p for p in problems if p.column == "given_name")
    assert "required" in missing.message
    assert "add it" in missing.message


def test_a_missing_required_column_is_a_problem_per_column(tmp_path: Path) -> None:
    path = _csv(tmp_path, "people.csv", "person_ref,date_of_birth\n")

    problems = open_sheets([path]).problems

    assert sorted(p.column for p in problems) == ["family_name", "given_name"]
    assert all(p.row == 1 and "is required but missing" in p.message for p in problems)


def test_a_column_named_twice_is_a_problem(tmp_path: Path) -> None:
    path = _csv(tmp_path, "people.csv", "person_ref,given_name,family_name,Given_Name\n")

    [problem] = open_sheets([path]).problems

    assert problem.column == "given_name"
    assert "columns B and D" in problem.message


def test_an_empty_file_has_no_header_row(tmp_path: Path) -> None:
    [problem] = open_sheets([_csv(tmp_path, "people.csv", "")]).problems

    assert problem.row == 1
    assert problem.message.startswith("no header row: the first row must name the columns")


def test_data_without_a_header_is_one_problem_not_one_per_cell(tmp_path: Path) -> None:
    path = _csv(tmp_path, "people.csv", "P1,Ann,Lee\nP2,Bob,Ray\n")

    [problem] = open_sheets([path]).problems

    assert problem.message.startswith("no header row")


def test_blank_header_cells_at_the_end_are_ignored(tmp_path: Path) -> None:
    path = _csv(tmp_path, "people.csv", f"{PEOPLE_HEADER},,\nP1,Ann,Lee,,\n")

    sheet = _only(open_sheets([path]))

    assert sheet.columns == ("person_ref", "given_name", "family_name")
    assert _rows(sheet) == [(2, {"person_ref": "P1", "given_name": "Ann", "family_name": "Lee"})]


# Rows ----------------------------------------------------------------------------------------


def test_rows_are_numbered_as_a_spreadsheet_shows_them(tmp_path: Path) -> None:
    text = (
        "person_ref,given_name,family_name\n"
        f'"{NOTES_MARK} your reference",first name,surname\n'
        'P1,Ann,"Lee\nof two lines"\n'
        ",,\n"
        "\n"
        "P2,Bob,Ray\n"
    )
    sheet = _only(open_sheets([_csv(tmp_path, "people.csv", text)]))

    rows = _rows(sheet)

    assert [number for number, _ in rows] == [3, 6]
    assert rows[0][1]["family_name"] == "Lee\nof two lines"
    assert row_count(sheet) == 2


def test_rows_can_be_read_again(tmp_path: Path) -> None:
    sheet = _only(open_sheets([_csv(tmp_path, "people.csv", f"{PEOPLE_HEADER}\nP1,Ann,Lee\n")]))

    assert _rows(sheet) == _rows(sheet)
    assert len(_rows(sheet)) == 1


def test_columns_not_of_the_kind_are_left_out_and_short_rows_filled(tmp_path: Path) -> None:
    path = _csv(tmp_path, "people.csv", f"{PEOPLE_HEADER},postcode\nP1,Ann\n")

    [(_, row)] = _rows(_only(open_sheets([path])))

    assert row == {"person_ref": "P1", "given_name": "Ann", "family_name": "", "postcode": ""}


def test_cells_beyond_the_header_are_passed_on_for_reporting(tmp_path: Path) -> None:
    path = _csv(tmp_path, "people.csv", f"{PEOPLE_HEADER}\nP1,Ann,Lee,, \nP2,Bob,Ray,,stray\n")

    rows = _rows(_only(open_sheets([path])))

    assert EXTRA not in rows[0][1]
    assert rows[1][1][EXTRA] == "stray"


def test_a_cell_over_the_limit_names_the_file_and_row(tmp_path: Path) -> None:
    long = "x" * (MAX_CSV_CELL + 1)
    path = _csv(tmp_path, "people.csv", f"{PEOPLE_HEADER}\nP1,Ann,Lee\nP2,{long},Ray\n")
    sheet = _only(open_sheets([path]))

    with pytest.raises(SourceError) as caught:
        _rows(sheet)

    assert (caught.value.problem.where, caught.value.problem.row) == ("people.csv", 3)
    assert row_count(sheet) == 1  # counting for progress never stops the import


# Workbooks -----------------------------------------------------------------------------------


def test_workbook_sheets_named_as_kinds_are_read(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "caseload.xlsx",
        {
            " People ": [["Person_Ref", "given_name", "family_name"], ["P1", "Ann", "Lee"]],
            "Notes": [["anything at all"]],
            "Summary": [["totals"]],
            "contracts": [["name", "commissioner", "starts_on", "ends_on"]],
        },
    )

    opened = open_sheets([path])

    assert opened.problems == []
    assert [(s.kind, s.where) for s in opened.sheets] == [
        ("contracts", "caseload.xlsx, sheet contracts"),
        ("people", "caseload.xlsx, sheet People"),
    ]
    [warning] = opened.warnings
    assert warning.where == "caseload.xlsx, sheet Summary"
    assert "sheet Summary is not a kind of record and was not read" in warning.message
    assert _rows(opened.sheets[1]) == [
        (2, {"person_ref": "P1", "given_name": "Ann", "family_name": "Lee"})
    ]


def test_workbook_cells_come_through_typed_and_formulas_as_text(tmp_path: Path) -> None:
    born = datetime(1950, 2, 1)  # noqa: DTZ001 (a spreadsheet date has no time zone)
    path = _workbook(
        tmp_path / "caseload.xlsx",
        {
            "people": [
                ["person_ref", "given_name", "family_name", "date_of_birth", "out_of_area"],
                [f"{NOTES_MARK} your reference", "first name", "surname", "", ""],
                ["P1", "Ann", "=A1&B1", born, True],
                [],
                [None, None, None],
                [7, "Bob", "Ray", None, None],
            ]
        },
    )

    rows = _rows(_only(open_sheets([path])))

    assert rows == [
        (
            3,
            {
                "person_ref": "P1",
                "given_name": "Ann",
                "family_name": "=A1&B1",
                "date_of_birth": born,
                "out_of_area": True,
            },
        ),
        (
            6,
            {
                "person_ref": 7,
                "given_name": "Bob",
                "family_name": "Ray",
                "date_of_birth": None,
                "out_of_area": None,
            },
        ),
    ]


def test_two_workbooks_are_refused(tmp_path: Path) -> None:
    sheets: dict[str, list[list[object]]] = {"people": [["person_ref"]]}
    first = _workbook(tmp_path / "a.xlsx", sheets)
    second = _workbook(tmp_path / "b.xlsx", sheets)

    problems = open_sheets([first, second]).problems

    assert [p.where for p in problems if "only one Excel workbook" in p.message] == ["b.xlsx"]


def test_a_damaged_workbook_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "caseload.xlsx"
    path.write_bytes(b"this is not a zip file")

    [problem] = open_sheets([path]).problems

    assert problem.where == "caseload.xlsx"
    assert "cannot be read as an Excel workbook" in problem.message


def test_a_workbook_with_no_kind_of_record_is_a_problem(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "caseload.xlsx", {"Sheet1": [["a", "b"]]})

    opened = open_sheets([path])

    assert "has no sheet named as a kind of record" in _messages(opened.problems)


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to list open files")
def test_workbooks_are_not_left_open(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "caseload.xlsx",
        {"people": [[*PEOPLE_HEADER.split(",")], ["P1", "Ann", "Lee"], ["P2", "Bob", "Ray"]]},
    )

    def open_handles() -> int:
        fds = Path("/proc/self/fd")
        return sum(1 for fd in os.listdir(fds) if _points_to(fds / fd, path))

    sheet = _only(open_sheets([path]))
    assert open_handles() == 0
    for _ in sheet.rows():
        assert open_handles() == 1
        break  # stopped part way, as a cancelled import does
    assert open_handles() == 0


def _points_to(link: Path, path: Path) -> bool:
    try:
        return Path(os.readlink(link)) == path
    except OSError:
        return False
