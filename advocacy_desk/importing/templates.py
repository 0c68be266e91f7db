"""Blank import templates: one CSV file per kind of record, and one Excel workbook.

Each template's first row names the columns and its second row says what each column
holds (the notes row, skipped on import, so it can stay). The workbook has a sheet per
kind and a last "notes" sheet explaining how cells are written and listing every column.
All of it comes from ``schema``, so the templates always match what the importer reads.
"""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from advocacy_desk.files import atomic_output, write_problem
from advocacy_desk.importing.schema import KINDS, Column, Kind
from advocacy_desk.importing.sources import NOTES_MARK, NOTES_SHEET

WORKBOOK_NAME = "advocacy-desk-import.xlsx"
NOTES_HEADER = ("kind", "column", "required", "what it holds", "allowed values")
#: Excel column widths, in characters: never narrower than this, nor wider.
MIN_WIDTH = 12
MAX_WIDTH = 60

_BOLD = Font(bold=True)
_NOTE_FONT = Font(italic=True, color="808080")
_NO_WRAP = Alignment(wrap_text=False)

GUIDANCE = (
    "How to fill in the import templates",
    "Each sheet (or CSV file named after it, e.g. people.csv) holds one kind of record, "
    "one record a row. Row 1 names the columns; they can be in any order, and columns "
    "that are not required can be left out.",
    "Dates: DD/MM/YYYY or YYYY-MM-DD. Day first, in UK order: never the US month-first "
    "order (03/04/2024 is 3 April 2024).",
    "Yes or no: yes, no, y, n, true, false, 1 or 0.",
    'Lists: separate the values with ";" (a semicolon), e.g. Mon; Wed; Fri.',
    "Codes: give the code or its label, in any case (both are listed below).",
    'The grey notes row (row 2, starting "Notes:") can stay: it is skipped on import.',
    "Kinds load in the order of the sheets below, whatever order the files are given in, "
    "so a row can refer to records of the kinds before it.",
    "References (person_ref, referral_ref, case_ref, volunteer_ref) and the other key "
    "columns name each record, so importing the same rows again updates the records "
    "rather than duplicating them. The keys are:",
)


def write_templates(folder: Path) -> list[Path]:
    """Writes the blank templates into ``folder`` (made if missing); the paths written.

    The CSV files come first, in dependency order, then the workbook. Each file is
    written whole or not at all, so a failure never leaves half a template behind.
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_problem(folder, exc) from None
    written = [_write_csv(kind, folder / f"{kind.name}.csv") for kind in KINDS]
    written.append(_write_workbook(folder / WORKBOOK_NAME))
    return written


def column_note(column: Column) -> str:
    """What a column holds, in a few words: required or not, and its allowed values."""
    note = ("(required) " if column.required else "") + column.note
    allowed = column.allowed()
    return f"{note}; {allowed}" if allowed else note


def notes_row(kind: Kind) -> list[str]:
    """The template's second row: each column's note, the first marked as the notes row."""
    notes = [column_note(column) for column in kind.columns]
    notes[0] = f"{NOTES_MARK} {notes[0]}"
    return notes


def _write_csv(kind: Kind, path: Path) -> Path:
    # UTF-8 with a byte order mark: without it, Excel reads accented letters wrongly.
    with (
        atomic_output(path) as temporary,
        temporary.open("w", encoding="utf-8-sig", newline="") as f,
    ):
        writer = csv.writer(f)
        writer.writerow(kind.names)
        writer.writerow(notes_row(kind))
    return path


def _write_workbook(path: Path) -> Path:
    book = Workbook()
    for sheet in list(book.worksheets):
        book.remove(sheet)
    for kind in KINDS:
        _kind_sheet(book.create_sheet(kind.name), kind)
    _notes_sheet(book.create_sheet(NOTES_SHEET))
    with atomic_output(path) as temporary:
        book.save(temporary)
    return path


def _kind_sheet(sheet: Worksheet, kind: Kind) -> None:
    """A kind's sheet: the bold, frozen header, then the grey notes row."""
    sheet.append(list(kind.names))
    sheet.append(notes_row(kind))
    for cell in sheet[1]:
        cell.font = _BOLD
    for cell in sheet[2]:
        cell.font = _NOTE_FONT
        cell.alignment = _NO_WRAP
    sheet.freeze_panes = "A2"
    _set_widths(sheet, [len(name) + 4 for name in kind.names])


def _notes_sheet(sheet: Worksheet) -> None:
    """How to write cells, the kinds in load order with their keys, and every column."""
    for line in GUIDANCE:
        sheet.append([line])
    for kind in KINDS:
        sheet.append([f"  {kind.name}: {', '.join(kind.key)} (one row is {kind.row})"])
    sheet.cell(row=1, column=1).font = _BOLD
    sheet.append([])
    sheet.append(list(NOTES_HEADER))
    for cell in sheet[sheet.max_row]:
        cell.font = _BOLD
    for kind in KINDS:
        for column in kind.columns:
            sheet.append(
                [
                    kind.name,
                    column.name,
                    "yes" if column.required else "no",
                    column.note,
                    column.allowed(),
                ]
            )
    _set_widths(sheet, [18, 24, 10, 60, 60])


def _set_widths(sheet: Worksheet, widths: list[int]) -> None:
    for index, width in enumerate(widths, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(MIN_WIDTH, min(width, MAX_WIDTH))
