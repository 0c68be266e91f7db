"""The monitoring return as CSV: one row per figure,
``section,measure,category,value,base,label,quarter,provider``.

The first five columns are the codes and the figure; ``label`` is the figure's words as the
PDF prints them (with the category's, for a breakdown), and ``quarter`` (its code, as
``--quarter`` takes it) and ``provider`` repeat on every row, so that rows copied into a
commissioner's own workbook still say what they are and whose they are. The last three
came after the first five, which keep their order for spreadsheets built on them.

UTF-8 with a header row. Every code of a breakdown appears, with 0 where there is none,
so the layout never changes between quarters. Commissioners load this into their own
spreadsheets, so any text cell that a spreadsheet would read as a formula (starting with
=, +, -, @, a tab or a carriage return) is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
from typing import TextIO

from advocacy_desk.domain.return_rows import FigureRow
from advocacy_desk.domain.spreadsheet import safe_cell
from advocacy_desk.exports.return_pdf import category_label, measure_label
from advocacy_desk.records.returns import ReturnReport

HEADER = ("section", "measure", "category", "value", "base", "label", "quarter", "provider")


def write_csv(report: ReturnReport, out: TextIO, suppressed: bool = True) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    quarter, provider = safe_cell(report.quarter.code), safe_cell(report.provider)
    for row in report.printed(suppressed):
        writer.writerow(
            [safe_cell(row.section), safe_cell(row.measure), safe_cell(row.category),
             _value_cell(row.text), row.base_text, safe_cell(figure_label(row)), quarter,
             provider]
        )  # fmt: skip


def figure_label(row: FigureRow) -> str:
    """The figure's words as printed ("Referrals by advocacy type: Care Act advocacy")."""
    label = measure_label(row.section, row.measure)
    if row.category == "total":
        return label
    return f"{label}: {category_label(row.section, row.measure, row.category)}"


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
