"""Opening the files given to an import, and streaming their rows.

An import takes any number of CSV files, each named after the kind of record its rows
are (``people.csv``), and at most one Excel workbook whose sheets are named the same
way. ``open_sheets`` checks what it can before anything is read: the file names, the
text encoding of each CSV, and each header row. ``Sheet.rows`` then streams the data
rows, one at a time, so memory stays flat however large the file; the importer calls it
twice for every sheet, once to check and once to write.

Nothing here interprets a cell: CSV cells come as text and Excel cells as openpyxl gives
them. A formula comes as its text ("=A1+1"), never evaluated.
"""

from __future__ import annotations

import codecs
import csv
import difflib
from collections.abc import Generator, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from advocacy_desk.importing.cells import as_text, is_blank
from advocacy_desk.importing.report import Problem
from advocacy_desk.importing.schema import BY_NAME, KINDS, Kind
from advocacy_desk.zips import unpacked_problem

#: A template's notes row (row 2) starts its first cell with this; it is skipped.
NOTES_MARK = "Notes:"
#: The key ``Sheet.rows`` gives the first non-blank cell beyond the named columns.
EXTRA = "__extra__"
#: The most rows a spreadsheet holds; a sheet is read no further.
MAX_ROWS = 1_048_576
#: The longest CSV cell read; a longer one is a ``SourceError``.
MAX_CSV_CELL = 1_000_000
#: Bytes read at a time when checking a CSV's encoding.
CHUNK = 1 << 16
#: The workbook sheet that explains the templates, skipped without a warning.
NOTES_SHEET = "notes"
#: The most a workbook's parts may hold once unpacked, all together. A workbook is a zip
#: of XML parts; 200 MB of XML is far beyond the largest caseload (a million rows of a
#: dozen short columns), while a crafted 1.5 MB file can unpack to 1.5 GB and take twice
#: that in memory. Read from the zip's directory before anything is unpacked.
MAX_UNPACKED = 200 * 1024 * 1024
#: The most one large part may shrink by when packed (see :mod:`advocacy_desk.zips`).
MAX_RATIO = 500
#: The most columns a sheet can hold (Excel's limit: XFD).
MAX_COLUMNS = 16_384

csv.field_size_limit(MAX_CSV_CELL)

_ORDER = {kind.name: index for index, kind in enumerate(KINDS)}
_TEMPLATES_HINT = "see the blank templates"


class SourceError(Exception):
    """A problem met part way through a file (``Sheet.rows`` raises it): stop and report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass(frozen=True)
class Sheet:
    """One CSV file or one workbook sheet, holding rows of one kind of record."""

    #: A name in ``schema.BY_NAME``.
    kind: str
    #: For messages: "people.csv" or "caseload.xlsx, sheet people" (the file's name only).
    where: str
    path: Path
    #: The header cells, stripped and lower-cased, in file order.
    columns: tuple[str, ...]
    #: The workbook sheet's title as saved; "" for a CSV file.
    sheet_name: str = ""
    #: The CSV file's text encoding, found by ``open_sheets``; "" for a workbook sheet.
    encoding: str = ""

    def rows(self) -> Iterator[tuple[int, dict[str, object]]]:
        """Each data row as (its row number as the spreadsheet shows it, its cells by column).

        Opens the file afresh on every call, so it can be called again. Skips blank rows
        and the template's notes row (row 2, its first cell starting ``NOTES_MARK``). The
        dict holds every column of the kind that the header names, and no other (a short
        row gives "" in a CSV, None in a workbook). A row with a non-blank cell beyond the
        header's columns also has ``EXTRA`` ("__extra__") holding the first such value, so
        the caller can report it; blank cells there are ignored.

        CSV cells are always text; workbook cells are as openpyxl reads them: text, whole
        or decimal numbers, dates and times, booleans or None, and a formula as its text.

        Raises ``SourceError`` for a problem met part way through the file.
        """
        wanted = frozenset(BY_NAME[self.kind].names).intersection(self.columns)
        missing: object = None if self.sheet_name else ""
        for number, values in self._records():
            if _skipped(number, values):
                continue
            yield number, _cells(self.columns, wanted, values, missing)

    def _records(self) -> Iterator[tuple[int, Sequence[object]]]:
        """Every row after the header, numbered as the spreadsheet shows it."""
        if self.sheet_name:
            return _workbook_records(self)
        return _csv_records(self)


@dataclass
class Opened:
    """What ``open_sheets`` found: the sheets to read, and what stops or limits the import."""

    #: In dependency order (``schema.KINDS``), then in the order the files were given.
    sheets: list[Sheet] = field(default_factory=list)
    #: Anything that stops the import.
    problems: list[Problem] = field(default_factory=list)
    #: Things skipped that the user should know about.
    warnings: list[Problem] = field(default_factory=list)


def open_sheets(paths: Sequence[Path]) -> Opened:
    """The sheets in ``paths`` (CSV files and at most one workbook), headers checked."""
    opened = Opened()
    workbook: Path | None = None
    for path in map(Path, paths):
        suffix = path.suffix.lower()
        if suffix == ".csv":
            _open_csv(path, opened)
        elif suffix == ".xlsx" and workbook is None:
            workbook = path
            _open_workbook(path, opened)
        elif suffix == ".xlsx":
            opened.problems.append(_second_workbook(path, workbook))
        else:
            opened.problems.append(_file_problem(path, _NOT_CSV_OR_XLSX))
    opened.sheets.sort(key=lambda sheet: _ORDER[sheet.kind])
    return opened


def estimated_rows(sheet: Sheet) -> int:
    """About how many data rows a sheet has, cheaply, for progress: a CSV's line breaks
    (a cell holding a line break counts twice; fine for a progress bar); a workbook
    sheet's rows, counted."""
    if sheet.sheet_name:
        return row_count(sheet)
    lines = 0
    try:
        with sheet.path.open("rb") as file:
            while chunk := file.read(CHUNK * 16):
                lines += chunk.count(b"\n")
    except OSError:
        return 0
    return max(lines - 1, 0)


def row_count(sheet: Sheet) -> int:
    """How many data rows ``sheet.rows()`` gives, for progress (streams the file).

    Never raises ``SourceError``: a file that cannot be read to the end is counted up to
    the problem, which ``Sheet.rows`` raises again where the importer reports it.
    """
    count = 0
    try:
        for _ in sheet.rows():
            count += 1
    except SourceError:
        pass
    return count


# Finding the files' kinds -------------------------------------------------------------

_NOT_CSV_OR_XLSX = (
    "is not a CSV file or an Excel workbook: use .csv or .xlsx "
    '(in Excel, "Save As" CSV UTF-8 or Excel Workbook)'
)


def _file_problem(path: Path, message: str) -> Problem:
    return Problem(path.name, None, "", "", message)


def _second_workbook(path: Path, first: Path | None) -> Problem:
    first_name = first.name if first else "another workbook"
    return _file_problem(
        path,
        f"only one Excel workbook can be imported at a time and {first_name} is already "
        f"given: import this one on its own, or copy its sheets into {first_name}",
    )


def _kind_of(name: str) -> Kind | None:
    return BY_NAME.get(name.strip().lower())


def _nearest(name: str, choices: Sequence[str]) -> str | None:
    """The choice most like ``name``, if any is close (spaces read as underscores)."""
    guess = name.strip().lower().replace(" ", "_").replace("-", "_")
    found = difflib.get_close_matches(guess, choices, n=1)
    return found[0] if found else None


def _unknown_file_kind(path: Path) -> Problem:
    names = [f"{kind.name}.csv" for kind in KINDS]
    nearest = _nearest(path.stem, [kind.name for kind in KINDS])
    hint = f" (did you mean {nearest}.csv?)" if nearest else ""
    return _file_problem(
        path,
        f"the file's name does not say what its rows are{hint}: name it after the kind of "
        f"record it holds, one of {', '.join(names)}",
    )


# CSV files -----------------------------------------------------------------------------


def _open_csv(path: Path, opened: Opened) -> None:
    kind = _kind_of(path.stem)
    if kind is None:
        opened.problems.append(_unknown_file_kind(path))
        return
    try:
        encoding = _csv_encoding(path)
        header = _csv_header(path, encoding)
    except SourceError as error:
        opened.problems.append(error.problem)
        return
    except OSError as exc:
        opened.problems.append(_file_problem(path, _cannot_open(exc)))
        return
    columns, problems = _check_header(kind, path.name, header)
    opened.problems.extend(problems)
    if not problems:
        opened.sheets.append(Sheet(kind.name, path.name, path, columns, encoding=encoding))


def _cannot_open(exc: OSError) -> str:
    return f"cannot be opened ({exc.strerror or exc}): check it is there and not open elsewhere"


def _csv_encoding(path: Path) -> str:
    """The file's text encoding, checked over every byte before any row is read."""
    with path.open("rb") as file:
        start = file.read(4)
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise SourceError(
            _file_problem(path, "is saved as UTF-16 (Unicode text): save it again as CSV UTF-8")
        )
    if _contains_nul(path):
        raise SourceError(
            _file_problem(path, "looks like a binary file, not CSV: save it again as CSV UTF-8")
        )
    candidates = ("utf-8-sig",) if start.startswith(codecs.BOM_UTF8) else ("utf-8", "cp1252")
    for encoding in candidates:
        if _decodes(path, encoding):
            return encoding
    raise SourceError(
        _file_problem(path, "is not UTF-8 or Windows-1252 text: save it again as CSV UTF-8")
    )


def _contains_nul(path: Path) -> bool:
    with path.open("rb") as file:
        return any(b"\0" in chunk for chunk in iter(lambda: file.read(CHUNK), b""))


def _decodes(path: Path, encoding: str) -> bool:
    """Whether every byte of the file decodes strictly, read a chunk at a time."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        with path.open("rb") as file:
            for chunk in iter(lambda: file.read(CHUNK), b""):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _csv_header(path: Path, encoding: str) -> list[str]:
    with path.open(encoding=encoding, newline="") as file:
        try:
            header = next(csv.reader(file), [])
        except csv.Error as exc:
            raise SourceError(_csv_error(path.name, 1, exc)) from None
    if len(header) == 1 and ";" in header[0] and "," not in header[0]:
        raise SourceError(
            Problem(
                path.name,
                1,
                "",
                header[0][:200],
                "columns are separated by semicolons: save as CSV with commas "
                '(in Excel, "Save As" CSV UTF-8)',
            )
        )
    return header


def _csv_error(where: str, row: int, exc: Exception) -> Problem:
    return Problem(
        where,
        row,
        "",
        "",
        f"cannot be read as CSV ({exc}): open the file in a text editor and look at this row "
        f"for a cell over {MAX_CSV_CELL:,} characters long or a stray quote mark",
    )


def _csv_records(sheet: Sheet) -> Iterator[tuple[int, Sequence[object]]]:
    """Every record after the header; a record is one row, even with line breaks in a cell."""
    number = 1
    try:
        with sheet.path.open(encoding=sheet.encoding, newline="") as file:
            reader = csv.reader(file)
            next(reader, None)
            for number, record in enumerate(reader, start=2):
                if number > MAX_ROWS:
                    raise SourceError(_too_many_rows(sheet))
                if len(record) > MAX_COLUMNS:
                    raise SourceError(_too_many_columns(sheet.where, number, len(record)))
                yield number, record
    except csv.Error as exc:
        raise SourceError(_csv_error(sheet.where, number + 1, exc)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(
            Problem(sheet.where, None, "", "", f"could not be read to the end ({exc}): try again")
        ) from None


def _too_many_columns(where: str, row: int, count: int) -> Problem:
    return Problem(
        where,
        row,
        "",
        "",
        f"has {count:,} columns, more than a sheet can hold ({MAX_COLUMNS:,}): it was not "
        "read. Keep only the template's columns",
    )


def _too_many_rows(sheet: Sheet) -> Problem:
    return Problem(
        sheet.where,
        MAX_ROWS + 1,
        "",
        "",
        f"has more than {MAX_ROWS:,} rows, more than a spreadsheet holds: split it into "
        "files of fewer rows, in separate folders, and import each",
    )


# Excel workbooks -------------------------------------------------------------------------


def _unpacked_problem(path: Path) -> str | None:
    """Why ``path`` must not be unpacked (a zip bomb, or not a zip at all), or None.
    Only the zip's directory is read: nothing is inflated."""
    problem = unpacked_problem(path, MAX_UNPACKED, "workbook", MAX_RATIO)
    if problem is None:
        return None
    if problem.startswith("is not a workbook"):
        return (
            f"cannot be read as an Excel workbook ({problem}). Open it in Excel and save it "
            "again as an Excel Workbook (.xlsx)"
        )
    return (
        f"{problem}: it was not read. Split the records over several files, or save the "
        "sheets as CSV"
    )


def _open_workbook(path: Path, opened: Opened) -> None:
    problem = _unpacked_problem(path)
    if problem is not None:
        opened.problems.append(_file_problem(path, problem))
        return
    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except OSError as exc:
        opened.problems.append(_file_problem(path, _cannot_open(exc)))
        return
    except Exception as exc:  # openpyxl raises many kinds of error for a damaged file
        opened.problems.append(_unreadable(path, exc))
        return
    try:
        found = _workbook_sheets(path, book, opened)
    except Exception as exc:  # a damaged sheet inside a readable workbook
        opened.problems.append(_unreadable(path, exc))
        return
    finally:
        book.close()
    if not found:
        opened.problems.append(
            _file_problem(
                path,
                "has no sheet named as a kind of record: name each sheet after what its rows "
                f"are, one of {', '.join(kind.name for kind in KINDS)} ({_TEMPLATES_HINT})",
            )
        )


def _describe(exc: Exception) -> str:
    return str(exc) or type(exc).__name__


def _unreadable(path: Path, exc: Exception) -> Problem:
    return _file_problem(
        path,
        f"cannot be read as an Excel workbook: {_describe(exc)}. Open it in Excel "
        "and save it again as an Excel Workbook (.xlsx)",
    )


def _workbook_sheets(path: Path, book: Workbook, opened: Opened) -> int:
    """Adds the workbook's sheets of records to ``opened``; how many sheets were kinds."""
    found = 0
    for worksheet in book.worksheets:
        title = worksheet.title
        if title.strip().lower() == NOTES_SHEET:
            continue
        where = f"{path.name}, sheet {title.strip()}"
        kind = _kind_of(title)
        if kind is None:
            opened.warnings.append(_not_a_kind_sheet(where, title))
            continue
        found += 1
        with closing(_values(worksheet)) as values:
            header = next(values, ())
        columns, problems = _check_header(kind, where, header)
        opened.problems.extend(problems)
        if not problems:
            opened.sheets.append(Sheet(kind.name, where, path, columns, sheet_name=title))
    return found


def _not_a_kind_sheet(where: str, title: str) -> Problem:
    return Problem(
        where,
        None,
        "",
        "",
        f"sheet {title} is not a kind of record and was not read: name it one of "
        f"{', '.join(kind.name for kind in KINDS)} to import it",
    )


def _workbook_records(sheet: Sheet) -> Iterator[tuple[int, Sequence[object]]]:
    """Every row after the header with its real row number, up to ``MAX_ROWS``."""
    problem = _unpacked_problem(sheet.path)  # it may have been replaced since it was opened
    if problem is not None:
        raise SourceError(_file_problem(sheet.path, problem))
    try:
        book = load_workbook(sheet.path, read_only=True, data_only=False)
    except Exception as exc:  # the file changed or vanished since it was opened
        raise SourceError(_unreadable_now(sheet, exc)) from None
    try:
        yield from _sheet_records(sheet, book)
    finally:
        book.close()


def _sheet_records(sheet: Sheet, book: Workbook) -> Iterator[tuple[int, Sequence[object]]]:
    try:
        rows = _values(book[sheet.sheet_name])
    except Exception as exc:  # the sheet was renamed or damaged since it was opened
        raise SourceError(_unreadable_now(sheet, exc)) from None
    with closing(rows):  # the sheet's part of the file stays open until closed
        number = 0
        while number < MAX_ROWS:
            number += 1
            try:
                values = next(rows, None)
            except Exception as exc:  # damaged sheet data part way through
                raise SourceError(_unreadable_now(sheet, exc, number)) from None
            if values is None:
                return
            if len(values) > MAX_COLUMNS:
                raise SourceError(_too_many_columns(sheet.where, number, len(values)))
            if number > 1:
                yield number, [_raw(value) for value in values]


def _values(worksheet: object) -> Generator[tuple[object, ...], None, None]:
    """A read-only sheet's rows of values from row 1, every row however the file sizes it.

    A workbook records its own size, and some programs record it wrong; openpyxl would
    then stop early or cut rows short, so the recorded size is dropped first.
    """
    if not isinstance(worksheet, ReadOnlyWorksheet):
        raise TypeError(f"{worksheet!r} is not a sheet of rows")
    worksheet.reset_dimensions()
    return worksheet.values


def _raw(value: object) -> object:
    """A cell's value, with an array formula given as its text like any other formula."""
    if isinstance(value, ArrayFormula):
        return str(value.text or "")
    if isinstance(value, DataTableFormula):
        return "=TABLE()"
    return value


def _unreadable_now(sheet: Sheet, exc: Exception, row: int | None = None) -> Problem:
    return Problem(
        sheet.where,
        row,
        "",
        "",
        f"could not be read ({_describe(exc)}): open the workbook in Excel, save it "
        "again as an Excel Workbook (.xlsx) and import again",
    )


# Header rows ------------------------------------------------------------------------------


def _check_header(
    kind: Kind, where: str, cells: Sequence[object]
) -> tuple[tuple[str, ...], list[Problem]]:
    """The header's column names (trailing blanks dropped), and what is wrong with them."""
    if len(cells) > MAX_COLUMNS:
        return (), [_too_many_columns(where, 1, len(cells))]
    given = [as_text(cell) for cell in cells]
    while given and not given[-1]:
        given.pop()
    columns = tuple(name.lower() for name in given)
    if not set(columns) & set(kind.names):
        return columns, [_no_header(kind, where, columns)]
    problems = [
        *_unnamed_columns(kind, where, columns),
        *_unknown_columns(kind, where, columns, given),
        *_repeated_columns(where, columns),
        *_missing_columns(kind, where, columns),
    ]
    return columns, problems


def _no_header(kind: Kind, where: str, columns: tuple[str, ...]) -> Problem:
    message = "no header row: the first row must name the columns, " + _TEMPLATES_HINT
    if columns:
        message += f". The columns of {kind.name} are: {', '.join(kind.names)}"
    return Problem(where, 1, "", "", message)


def _unnamed_columns(kind: Kind, where: str, columns: tuple[str, ...]) -> Iterator[Problem]:
    for index, name in enumerate(columns):
        if not name:
            yield Problem(
                where,
                1,
                "",
                "",
                f"column {get_column_letter(index + 1)} has no name: name it one of "
                f"{', '.join(kind.names)}, or delete the column",
            )


def _unknown_columns(
    kind: Kind, where: str, columns: tuple[str, ...], given: list[str]
) -> Iterator[Problem]:
    for index, name in enumerate(columns):
        if name and name not in kind.names:
            nearest = _nearest(name, kind.names)
            hint = f"did you mean {nearest}? Rename it" if nearest else "Rename it"
            yield Problem(
                where,
                1,
                name,
                given[index][:200],
                f"column {get_column_letter(index + 1)} is not a column of {kind.name}: {hint} "
                f"or delete the column. The columns of {kind.name} are: {', '.join(kind.names)}",
            )


def _repeated_columns(where: str, columns: tuple[str, ...]) -> Iterator[Problem]:
    for name in dict.fromkeys(columns):
        places = [get_column_letter(i + 1) for i, other in enumerate(columns) if other == name]
        if name and len(places) > 1:
            yield Problem(
                where,
                1,
                name,
                "",
                f"the column is named more than once (columns {' and '.join(places)}): "
                "keep one and delete the others",
            )


def _missing_columns(kind: Kind, where: str, columns: tuple[str, ...]) -> Iterator[Problem]:
    for name in kind.required:
        if name not in columns:
            yield Problem(
                where,
                1,
                name,
                "",
                f"the column {name} is required but missing: add it to row 1 "
                f"({kind.column(name).note})",
            )


# Rows ------------------------------------------------------------------------------------


def _skipped(number: int, values: Sequence[object]) -> bool:
    """Whether a row is blank, or the template's notes row (row 2)."""
    if all(is_blank(value) for value in values):
        return True
    return number == 2 and as_text(values[0]).lower().startswith(NOTES_MARK.lower())


def _cells(
    columns: tuple[str, ...], wanted: frozenset[str], values: Sequence[object], missing: object
) -> dict[str, object]:
    """The row's cells by column name, the kind's columns only, plus any ``EXTRA`` value."""
    row: dict[str, object] = {}
    for index, name in enumerate(columns):
        if name in wanted:
            row[name] = values[index] if index < len(values) else missing
    extra = next((value for value in values[len(columns) :] if not is_blank(value)), None)
    if extra is not None:
        row[EXTRA] = extra
    return row
