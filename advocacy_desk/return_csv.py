"""The monitoring return as CSV: one row per figure, ``section,measure,category,value,base``.

UTF-8 with a header row. Every code of a breakdown appears, with 0 where there is none,
so the layout never changes between quarters. Commissioners load this into their own
spreadsheets, so any text cell that a spreadsheet would read as a formula (starting with
=, +, -, @, a tab or a carriage return) is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
from typing import TextIO

from advocacy_desk.domain.spreadsheet import safe_cell
from advocacy_desk.services.returns import ReturnReport

HEADER = ("section", "measure", "category", "value", "base")


def write_csv(report: ReturnReport, out: TextIO, suppressed: bool = True) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for row in report.printed(suppressed):
        writer.writerow(
            [safe_cell(row.section), safe_cell(row.measure), safe_cell(row.category),
             _value_cell(row.text), row.base_text]
        )  # fmt: skip


def _value_cell(text: str) -> str:
    # A negative number is a number, not a formula; anything else is made safe.
    try:
        float(text)
    except ValueError:
        return safe_cell(text)
    return text


def csv_text(report: ReturnReport, suppressed: bool = True) -> str:
    buffer = io.StringIO()
    write_csv(report, buffer, suppressed)
    return buffer.getvalue()
