"""Table models for the caseload and the casework log.

Both hold the service's frozen rows in a list and format a cell only when the view
asks for it, so a log of thousands of entries costs one list, not thousands of
widgets. The caseload keeps the service's order (overdue next actions first).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QFont

from advocacy_desk.domain.casework import format_duration, format_hours
from advocacy_desk.domain.dates import format_uk
from advocacy_desk.domain.numbers import plural
from advocacy_desk.domain.vocabulary import ACTIVITY_KIND, ADVOCACY_TYPE
from advocacy_desk.exports.waiting_list_output import short_type
from advocacy_desk.records.casework import ActivityRow, CaseloadRow
from ui.widgets import theme

AnyIndex = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")

#: The row's id (case id or activity id), for any cell of the row.
ID_ROLE = Qt.ItemDataRole.UserRole + 1

#: Overdue next actions: dark red text on pale red (contrast above 4.5:1).
#: The "edited" marker in the log.


@dataclass(frozen=True)
class Column(Generic[Row]):
    title: str
    text: Callable[[Row], str]
    tip: Callable[[Row], str] | None = None
    numeric: bool = False


def _label(vocabulary_label: Callable[[str], str], code: str) -> str:
    try:
        return vocabulary_label(code)
    except ValueError:
        return code


def kind_label(code: str) -> str:
    return _label(ACTIVITY_KIND.label, code)


def type_short(code: str) -> str:
    """The type as short as it can be said: IMCA, Care Act, NHS complaints."""
    try:
        text = short_type(code)
    except ValueError:
        return code
    return text.removesuffix(" advocacy")


def first_line(text: str, limit: int = 200) -> str:
    """The note as one line for a table cell (the tooltip has all of it)."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def due_text(row: CaseloadRow) -> str:
    if row.next_action_on is None:
        return ""
    text = format_uk(row.next_action_on)
    return f"{text} (overdue)" if row.overdue else text


CASELOAD_COLUMNS: tuple[Column[CaseloadRow], ...] = (
    Column("Case", lambda r: r.case_ref, lambda r: f"Case {r.case_ref}, {r.advocate_name}"),
    Column("Person", lambda r: r.person_name, lambda r: f"{r.person_name} ({r.person_ref})"),
    Column(
        "Type",
        lambda r: type_short(r.advocacy_type),
        lambda r: _label(ADVOCACY_TYPE.label, r.advocacy_type),
    ),
    Column("Opened", lambda r: format_uk(r.opened_on)),
    Column(
        "Hours",
        lambda r: format_hours(r.minutes),
        lambda r: f"{format_duration(r.minutes)} (hours:minutes) logged so far",
        numeric=True,
    ),
    Column("Next action", lambda r: first_line(r.next_action), lambda r: r.next_action),
    Column("Due", due_text),
    Column("Advocate", lambda r: r.advocate_name),
)


def _travel(row: ActivityRow) -> str:
    return format_duration(row.travel_minutes) if row.travel_minutes else ""


LOG_COLUMNS: tuple[Column[ActivityRow], ...] = (
    Column("Date", lambda r: format_uk(r.occurred_on)),
    Column("Kind", lambda r: kind_label(r.kind)),
    Column(
        "Time",
        lambda r: format_duration(r.minutes),
        lambda r: plural(r.minutes, "minute"),
        numeric=True,
    ),
    Column(
        "Travel",
        _travel,
        lambda r: (
            f"{plural(r.travel_minutes, 'minute')} travelling" if r.travel_minutes else "No travel"
        ),
        numeric=True,
    ),
    Column("Note", lambda r: first_line(r.note), lambda r: r.note),
    Column("By", lambda r: r.advocate_name),
    Column(
        "Edited",
        lambda r: "edited" if r.revisions else "",
        lambda r: (
            f"Edited {r.revisions} {'time' if r.revisions == 1 else 'times'}: double-click to "
            "see what it said before"
            if r.revisions
            else ""
        ),
    ),
)


class RowsModel(QAbstractTableModel, Generic[Row]):
    """A read-only table of frozen rows, formatted cell by cell as the view asks."""

    def __init__(
        self,
        columns: Sequence[Column[Row]],
        row_id: Callable[[Row], int],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._row_id = row_id
        self._rows: list[Row] = []

    @property
    def rows(self) -> list[Row]:
        return self._rows

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Row | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, row_id: int) -> int | None:
        for number, row in enumerate(self._rows):
            if self._row_id(row) == row_id:
                return number
        return None

    # -- QAbstractTableModel ----------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        if row is None or not 0 <= index.column() < len(self._columns):
            return None
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == ID_ROLE:
            return self._row_id(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tip(row) if column.tip else column.text(row)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            title = column.title or "Marker"
            return f"{title}: {column.text(row) or 'blank'}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return self.decorate(row, index.column(), role)

    def decorate(self, row: Row, column: int, role: int) -> Any:
        """Colours and fonts for a cell; none unless a subclass says."""
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        column = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )


class CaseloadModel(RowsModel[CaseloadRow]):
    """Open cases, overdue next actions first (the service's order)."""

    DUE_COLUMN = 6

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(CASELOAD_COLUMNS, lambda r: r.case_id, parent)

    def decorate(self, row: CaseloadRow, column: int, role: int) -> Any:
        if not row.overdue:
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(theme.colour("error_cell"))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(theme.colour("error_ink"))
        if role == Qt.ItemDataRole.FontRole and column == self.DUE_COLUMN:
            font = QFont()
            font.setBold(True)
            return font
        return None


class ActivityLogModel(RowsModel[ActivityRow]):
    """The casework log, oldest first, as it happened."""

    EDITED_COLUMN = 6

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(LOG_COLUMNS, lambda r: r.id, parent)

    def decorate(self, row: ActivityRow, column: int, role: int) -> Any:
        if column == self.EDITED_COLUMN and row.revisions:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(theme.colour("table_warning"))
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setItalic(True)
                return font
        return None
