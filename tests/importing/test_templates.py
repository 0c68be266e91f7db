"""The blank templates match what the importer reads, and explain every column."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import load_workbook

from advocacy_desk.importing.schema import BY_NAME, KINDS
from advocacy_desk.importing.sources import NOTES_MARK, open_sheets
from advocacy_desk.importing.templates import WORKBOOK_NAME, write_templates


def _csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.reader(file))


def test_every_kind_gets_a_csv_with_its_columns_and_notes(tmp_path: Path) -> None:
    folder = tmp_path / "templates"

    written = write_templates(folder)

    assert written == [
        *(folder / f"{kind.name}.csv" for kind in KINDS),
        folder / WORKBOOK_NAME,
    ]
    for kind in KINDS:
        path = folder / f"{kind.name}.csv"
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # so Excel reads it as UTF-8
        header, notes = _csv_rows(path)
        assert tuple(header) == kind.names
        assert len(notes) == len(header)
        assert notes[0].startswith(NOTES_MARK)


def test_notes_say_what_is_required_and_what_is_allowed(tmp_path: Path) -> None:
    write_templates(tmp_path)

    header, notes = _csv_rows(tmp_path / "people.csv")
    by_column = dict(zip(header, notes, strict=True))

    assert by_column["given_name"] == "(required) first name"
    assert by_column["sex"].startswith("sex; one of: ")
    assert BY_NAME["people"].column("sex").allowed() in by_column["sex"]


def test_the_templates_read_back_with_no_problems_and_no_rows(tmp_path: Path) -> None:
    opened = open_sheets(write_templates(tmp_path))

    assert opened.problems == []
    assert opened.warnings == []
    assert len(opened.sheets) == 2 * len(KINDS)
    assert all(list(sheet.rows()) == [] for sheet in opened.sheets)


def test_the_workbook_has_a_sheet_per_kind_and_notes_on_every_column(tmp_path: Path) -> None:
    write_templates(tmp_path)

    book = load_workbook(tmp_path / WORKBOOK_NAME)
    assert book.sheetnames == [*(kind.name for kind in KINDS), "notes"]
    for kind in KINDS:
        sheet = book[kind.name]
        header = next(sheet.iter_rows(max_row=1, values_only=True))
        assert header == kind.names
        assert sheet.freeze_panes == "A2"
        assert sheet["A1"].font.bold
        assert str(sheet["A2"].value).startswith(NOTES_MARK)
        assert sheet["A2"].font.italic
    listed = {(row[0], row[1]) for row in book["notes"].iter_rows(values_only=True) if row[1]}
    assert {(kind.name, column) for kind in KINDS for column in kind.names} <= listed
    guidance = " ".join(
        str(row[0]) for row in book["notes"].iter_rows(max_row=12, values_only=True)
    )
    assert "DD/MM/YYYY" in guidance
    assert "never the US" in guidance


def test_writing_again_replaces_the_files_and_leaves_nothing_else(tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_text("old\n", encoding="utf-8")

    first = write_templates(tmp_path)
    second = write_templates(tmp_path)

    assert first == second
    assert sorted(tmp_path.iterdir()) == sorted(first)
    assert _csv_rows(tmp_path / "people.csv")[0][0] == "person_ref"


def test_the_people_template_takes_the_postal_address_as_optional_columns(
    tmp_path: Path,
) -> None:
    write_templates(tmp_path)
    header, notes = _csv_rows(tmp_path / "people.csv")
    by_column = dict(zip(header, notes, strict=True))
    assert header[header.index("address_line_one") :][:4] == [
        "address_line_one", "address_line_two", "town", "postcode",
    ]  # fmt: skip
    for column in ("address_line_one", "address_line_two", "town"):
        assert not by_column[column].startswith("(required)")
    assert "12 High Street" in by_column["address_line_one"]
    assert "Chelmsford" in by_column["town"]
