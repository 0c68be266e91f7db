"""The waiting list as text for the command line: a table, CSV or JSON.

The JSON and CSV layouts are a contract for other programs: JSON is a list of objects
with ``rank``, ``referral_ref``, ``person_ref``, ``score``, ``points`` (one number per
criterion and the override), ``days_waiting``, ``statutory`` and ``incomplete``; CSV
has the same columns with the points flattened as ``points_complexity`` and so on.
"""

from __future__ import annotations

import csv
import json
from typing import TextIO

from advocacy_desk.domain.dates import format_uk
from advocacy_desk.domain.matrix import POINT_KEYS
from advocacy_desk.domain.terminal import terminal_text
from advocacy_desk.domain.vocabulary import ADVOCACY_TYPE
from advocacy_desk.records.waiting_list import WaitingList

CSV_COLUMNS = (
    "rank",
    "referral_ref",
    "person_ref",
    "score",
    *(f"points_{key}" for key in POINT_KEYS),
    "days_waiting",
    "statutory",
    "incomplete",
)


def write_waiting_list(ranked: WaitingList, form: str, out: TextIO) -> None:
    if form == "json":
        json.dump([row.as_dict() for row in ranked], out, indent=2)
        out.write("\n")
    elif form == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for row in ranked:
            writer.writerow(
                [row.rank, row.referral_ref, row.person_ref, row.score,
                 *(row.points[key] for key in POINT_KEYS), row.days_waiting,
                 _flag(row.statutory), _flag(row.incomplete)]
            )  # fmt: skip
    else:
        _table(ranked, out)


def short_type(code: str) -> str:
    """An advocacy type's abbreviation where it has one (IMCA), else its label."""
    label = ADVOCACY_TYPE.label(code)
    return label[label.index("(") + 1 : -1] if label.endswith(")") else label


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _table(ranked: WaitingList, out: TextIO) -> None:
    out.write(
        f"Waiting list on {format_uk(ranked.as_of)}: {len(ranked)} waiting "
        f"(prioritisation matrix version {ranked.matrix_version})\n"
    )
    if not len(ranked):
        return
    headings = ("Rank", "Score", "Referral", "Person", "Type", "Days", "Decision", "Statutory",
                "Matrix", "Area")  # fmt: skip
    lines = [headings]
    for row in ranked:
        # Names and references as people typed them: printed without control characters.
        lines.append(
            (str(row.rank), str(row.score), terminal_text(row.referral_ref),
             terminal_text(f"{row.person_ref} {row.person_name}"),
             short_type(row.advocacy_type), str(row.days_waiting),
             format_uk(row.decision_due_on), "yes" if row.statutory else "no",
             "incomplete" if row.incomplete else "", terminal_text(row.area))
        )  # fmt: skip
    widths = [max(len(line[i]) for line in lines) for i in range(len(headings))]
    numeric = {0, 1, 5}
    for line in lines:
        cells = [
            cell.rjust(width) if i in numeric else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        ]
        out.write("  ".join(cells).rstrip() + "\n")
