"""Running an import: open the files, check everything, then write everything in one
transaction, or nothing at all.

1. Open: the kind of each CSV from its name, each workbook sheet from its name; headers
   checked against the kind's columns.
2. Check: every row of every kind, in dependency order (see ``check``). Any problem and
   the import stops here, having written nothing.
3. Write: every row again, in the same order, inside one transaction (see ``write``),
   committed at the end. A dry run rolls it back instead, so it reports exactly what
   would be created, changed or left alone. A killed process or a power cut leaves the
   database as it was: the transaction never committed.

Files are streamed twice rather than held: memory stays flat however many rows.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path

from advocacy_desk.domain.progress import Progress as Progress
from advocacy_desk.importing.cells import as_text
from advocacy_desk.importing.check import Checker, Values, read_cells
from advocacy_desk.importing.report import ImportReport, KindCounts, Problem
from advocacy_desk.importing.schema import BY_NAME, KINDS
from advocacy_desk.importing.sources import Sheet, SourceError, estimated_rows, open_sheets
from advocacy_desk.importing.write import Writer
from advocacy_desk.services import audit_writer
from advocacy_desk.services.uow import UnitOfWorkFactory

#: How often (in rows) progress is told and a cancel is noticed.
EVERY = 2_000


class Cancelled(Exception):
    pass


def run_import(
    uow: UnitOfWorkFactory,
    paths: Sequence[Path],
    today: date,
    user: str,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    sees_people: bool = True,
) -> ImportReport:
    """Check and (unless ``dry_run`` or a problem is found) import ``paths``. A dry run is
    audited as an import check (the files and the counts, never a row's contents), found
    problems or not. For a caller who may not read people's records (``sees_people``
    false: an administrator) nothing says whether a person in the files is recorded
    already: no likely-duplicate warnings, and people's rows counted without saying
    which are new."""
    report = _run(uow, paths, today, user, dry_run=dry_run, progress=progress,
                  cancelled=cancelled, sees_people=sees_people)  # fmt: skip
    if not sees_people:
        report.counts["people"].withhold()
    if dry_run:
        with uow() as unit:
            audit_writer.record(
                unit.session, user, "import-check", "", None, _counts(paths, report)
            )
            unit.commit()
    return report


def _counts(paths: Sequence[Path], report: ImportReport) -> dict[str, object]:
    """What the trail records of an import: the files and the counts, no row's contents."""
    return {
        "files": [Path(p).name for p in paths],
        "dry_run": report.dry_run,
        "rows": report.rows,
        "problems": report.problem_count,
        "warnings": len(report.warnings),
        **({"cancelled": True} if report.cancelled else {}),
        **{k: vars(c) for k, c in report.counts.items() if c.total},
    }


def _run(
    uow: UnitOfWorkFactory,
    paths: Sequence[Path],
    today: date,
    user: str,
    *,
    dry_run: bool,
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
    sees_people: bool,
) -> ImportReport:
    started = time.perf_counter()
    report = ImportReport(dry_run=dry_run)
    report.counts = {kind.name: KindCounts() for kind in KINDS}
    opened = open_sheets([Path(p) for p in paths])
    report.warnings.extend(opened.warnings)
    for problem in opened.problems:
        report.add(problem)
    if report.problems:
        report.seconds = time.perf_counter() - started
        return report
    sheets = opened.sheets
    total = max(sum(estimated_rows(sheet) for sheet in sheets), 1)
    tell = progress or (lambda _message, _fraction: None)
    stop = cancelled or (lambda: False)
    done = 0

    def stream(sheet: Sheet, phase: str, offset: float) -> Iterator[tuple[int, dict[str, object]]]:
        nonlocal done
        try:
            for number, raw in sheet.rows():
                done += 1
                if done % EVERY == 0:
                    if stop():
                        raise Cancelled
                    fraction = offset + 0.5 * min(done / total, 1.0)
                    tell(f"{phase} {sheet.where}: row {number:,}", fraction)
                yield number, raw
        except SourceError as exc:
            report.add(exc.problem)

    try:
        # Checking only reads: it leaves the database free for others to write.
        with uow(read_only=True) as unit:
            checker = Checker(unit.session, today, report, sees_people)
            for sheet in sheets:
                kind = BY_NAME[sheet.kind]
                for number, raw in stream(sheet, "Checking", 0.0):
                    checker.row(kind, sheet.where, number, raw)
            checker.finish()
        report.rows = done
        if report.problems:
            return report
        done = 0
        with uow() as unit:
            writer = Writer(unit.session, today, user)
            for sheet in sheets:
                kind = BY_NAME[sheet.kind]
                rows = (
                    _values(kind.name, sheet.where, number, raw)
                    for number, raw in stream(sheet, "Importing", 0.5)
                )
                try:
                    writer.write(kind.name, rows, report.counts[kind.name])
                except SourceError as exc:
                    report.add(exc.problem)
                    return report
            if report.problems:  # a file changed between the passes
                return report
            if not dry_run:
                if not sees_people:
                    report.counts["people"].withhold()
                audit_writer.record(unit.session, user, "import", "", None, _counts(paths, report))
                tell("Saving", 1.0)
                unit.commit()
                report.written = True
    except Cancelled:
        report.cancelled = True
    finally:
        report.seconds = time.perf_counter() - started
    return report


def _values(kind: str, where: str, number: int, raw: dict[str, object]) -> Values:
    values = read_cells(BY_NAME[kind], where, number, raw, None)
    if values is None:  # checked on the first pass; only a file changed since fails here
        raise SourceError(Problem(where, number, "", "", "changed while importing: try again"))
    return values


@dataclass(frozen=True)
class SheetPreview:
    kind: str
    where: str
    #: The kind's columns the file has, in the file's order.
    columns: tuple[str, ...]
    #: The first rows, each cell as text, with their row numbers.
    rows: tuple[tuple[int, tuple[str, ...]], ...]


@dataclass(frozen=True)
class ImportPreview:
    sheets: tuple[SheetPreview, ...]
    #: Problems with the files themselves (unknown kind, missing columns...).
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...]


def preview(paths: Sequence[Path], rows: int = 8) -> ImportPreview:
    """What each file holds, at a glance: its kind, its columns and its first rows (in
    the order they will load). Nothing is checked beyond the headers."""
    opened = open_sheets([Path(p) for p in paths])
    sheets = []
    problems = list(opened.problems)
    for sheet in opened.sheets:
        names = set(BY_NAME[sheet.kind].names)
        columns = tuple(c for c in sheet.columns if c in names)
        first: list[tuple[int, tuple[str, ...]]] = []
        try:
            for number, raw in islice(sheet.rows(), rows):
                first.append((number, tuple(as_text(raw.get(c)) for c in columns)))
        except SourceError as exc:
            problems.append(exc.problem)
        sheets.append(SheetPreview(sheet.kind, sheet.where, columns, tuple(first)))
    return ImportPreview(tuple(sheets), tuple(problems), tuple(opened.warnings))
