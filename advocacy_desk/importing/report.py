"""What an import found and did: problems (which stop it), warnings (which do not),
and how many records of each kind were created, updated or left as they were."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from advocacy_desk.domain.spreadsheet import safe_cell
from advocacy_desk.files import atomic_output

#: Problems beyond this many are counted, not listed (one bad column can fail every row).
MAX_LISTED = 5_000
REPORT_COLUMNS = ("file", "row", "column", "value", "problem")


@dataclass(frozen=True)
class Problem:
    #: The file, or the workbook and sheet: "people.csv", "caseload.xlsx, sheet people".
    where: str
    #: The row number as the spreadsheet shows it (the header is row 1); None for the file.
    row: int | None
    #: The column's name; empty when about the whole row or file.
    column: str
    #: The cell as given (cut to 200 characters).
    value: str
    #: What is wrong and what to do.
    message: str

    def __str__(self) -> str:
        place = self.where if self.row is None else f"{self.where} row {self.row}"
        if self.column:
            place += f", {self.column}"
        shown = f' "{self.value}"' if self.value else ""
        return f"{place}{shown}: {self.message}"


@dataclass
class KindCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    #: Rows whose split into new, changed and unchanged is withheld: for people, from a
    #: role that may not read people's records (it would say who is recorded already).
    withheld: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged + self.withheld

    def withhold(self) -> None:
        """Keep only the number of rows, not whether each is new."""
        self.withheld, self.created, self.updated, self.unchanged = self.total, 0, 0, 0


@dataclass
class ImportReport:
    problems: list[Problem] = field(default_factory=list)
    #: Things to check that do not stop the import (likely duplicate people, for one).
    warnings: list[Problem] = field(default_factory=list)
    #: Problems found beyond the MAX_LISTED listed.
    more_problems: int = 0
    counts: dict[str, KindCounts] = field(default_factory=dict)
    rows: int = 0
    seconds: float = 0.0
    dry_run: bool = False
    #: True once the import is committed (never for a dry run).
    written: bool = False
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems and not self.cancelled

    @property
    def problem_count(self) -> int:
        return len(self.problems) + self.more_problems

    def add(self, problem: Problem) -> None:
        if len(self.problems) < MAX_LISTED:
            self.problems.append(problem)
        else:
            self.more_problems += 1

    def summary(self) -> str:
        """A few lines for a person: what happened, or would happen, or why not."""
        if self.cancelled:
            return "Import cancelled: nothing was written."
        if self.problems:
            count = self.problem_count
            return (
                f"{count:,} {'problem' if count == 1 else 'problems'} found in {self.rows:,} "
                "rows: nothing was written. Correct them and import again."
            )
        lines = [
            (
                "Checked: nothing was written (a dry run). Importing would make these changes:"
                if self.dry_run
                else "Imported:"
            )
        ]
        for kind, counts in self.counts.items():
            if counts.withheld:
                lines.append(
                    f"  {kind}: {counts.total:,} rows (whether each is new is shown only to "
                    "roles that may read people's records)"
                )
            elif counts.total:
                lines.append(
                    f"  {kind}: {counts.created:,} new, {counts.updated:,} changed, "
                    f"{counts.unchanged:,} unchanged"
                )
        if self.warnings:
            lines.append(f"{len(self.warnings):,} to check (see the report).")
        rate = self.rows / self.seconds if self.seconds else 0.0
        lines.append(f"{self.rows:,} rows in {self.seconds:.1f} s ({rate:,.0f} rows a second).")
        return "\n".join(lines)

    def save_csv(self, path: Path) -> None:
        """The problems, then the warnings, as CSV (written whole or not at all). Every
        text field is made safe for a spreadsheet (``safe_cell``): a file, sheet or
        column name, a value and a message can all come from the files imported."""
        with (
            atomic_output(Path(path)) as temporary,
            temporary.open("w", newline="", encoding="utf-8-sig") as file,
        ):
            writer = csv.writer(file)
            writer.writerow(("kind", *REPORT_COLUMNS))
            for kind, found in (("problem", self.problems), ("warning", self.warnings)):
                for p in found:
                    writer.writerow(
                        (
                            kind,
                            safe_cell(p.where),
                            "" if p.row is None else p.row,
                            safe_cell(p.column),
                            safe_cell(p.value),
                            safe_cell(p.message),
                        )
                    )
            if self.more_problems:
                writer.writerow(
                    ("problem", "", "", "", "", f"and {self.more_problems:,} more problems")
                )
