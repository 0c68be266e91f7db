"""The ranked waiting list as a Qt table model that makes rows only as they are shown.

The model holds the service's :class:`WaitingList` (columns, cheap even for 100,000
referrals) and the positions the filters keep, in rank order. A row is built from
the columns when the view first asks for one of its cells, and a bounded number are
kept, so scrolling a long list never builds everything at once.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QFont

from advocacy_desk.domain.dates import format_uk
from advocacy_desk.domain.vocabulary import ADVOCACY_TYPE
from advocacy_desk.exports.waiting_list_output import short_type
from advocacy_desk.records.waiting_list import WaitingFilter, WaitingList, WaitingRow
from ui.widgets import theme

#: How many built rows stay cached; the oldest are dropped first.
MAX_CACHED_ROWS = 2000

#: The referral's id, for any cell of its row.
REFERRAL_ID_ROLE = Qt.ItemDataRole.UserRole + 1

#: What the Matrix column says when some matrix questions are unanswered.
INCOMPLETE = "incomplete"
INCOMPLETE_TIP = (
    "Some matrix questions are not answered, so they score 0 and the rank may be too low. "
    "Answer them with Edit referral…"
)
#: Dark amber text on pale amber: the contrast is above 4.5:1.

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[WaitingRow], str]
    tip: Callable[[WaitingRow], str]
    #: Numbers line up on the right.
    numeric: bool = False


def table_type(code: str) -> str:
    """The type as short as it can be said: IMCA, Care Act, NHS complaints."""
    text = short_type(code)
    return text.removesuffix(" advocacy") if text.endswith(" advocacy") else text


def _type_label(code: str) -> str:
    try:
        return ADVOCACY_TYPE.label(code)
    except ValueError:
        return code


def _decision_tip(row: WaitingRow) -> str:
    if row.decision_due_on is None:
        return "No decision or meeting date recorded"
    return f"Decision or meeting date {format_uk(row.decision_due_on)}"


COLUMNS: tuple[Column, ...] = (
    Column(
        "Rank",
        lambda r: str(r.rank),
        lambda r: f"Ranked {r.rank} in the whole list",
        numeric=True,
    ),
    Column(
        "Score",
        lambda r: str(r.score),
        lambda r: "Matrix score: select the row to see how it is made up",
        numeric=True,
    ),
    Column("Reference", lambda r: r.referral_ref, lambda r: f"Referral {r.referral_ref}"),
    Column("Person", lambda r: r.person_name, lambda r: f"{r.person_name} ({r.person_ref})"),
    Column("Type", lambda r: table_type(r.advocacy_type), lambda r: _type_label(r.advocacy_type)),
    Column(
        "Days waiting",
        lambda r: str(r.days_waiting),
        lambda r: f"Received {format_uk(r.received_on)}",
        numeric=True,
    ),
    Column("Decision date", lambda r: format_uk(r.decision_due_on), _decision_tip),
    Column(
        "Statutory",
        lambda r: "Yes" if r.statutory else "No",
        lambda r: (
            "Statutory: the duty to provide advocacy applies, so it cannot be declined"
            if r.statutory
            else "Not statutory"
        ),
    ),
    Column(
        "Matrix",
        lambda r: INCOMPLETE if r.incomplete else "",
        lambda r: INCOMPLETE_TIP if r.incomplete else "Every matrix question is answered",
    ),
    Column(
        "Area",
        lambda r: r.area,
        lambda r: r.area or "No local authority recorded for the person",
    ),
)
#: Titles shown on two lines, so their columns need be no wider than their contents.
TWO_LINE_TITLES = frozenset({"Days waiting", "Decision date"})
COLUMN_NUMBER = {column.title: number for number, column in enumerate(COLUMNS)}
_MATRIX = COLUMN_NUMBER["Matrix"]


class WaitingTableModel(QAbstractTableModel):
    """The waiting referrals the filters keep, in rank order, built a row at a time."""

    def __init__(
        self,
        waiting: WaitingList | None = None,
        parent: QObject | None = None,
        *,
        max_rows: int = MAX_CACHED_ROWS,
    ) -> None:
        super().__init__(parent)
        self._waiting = waiting
        self._filter = WaitingFilter()
        self._positions: list[int] = [] if waiting is None else waiting.positions(self._filter)
        self._rows: OrderedDict[int, WaitingRow] = OrderedDict()
        self._max_rows = max(1, max_rows)
        #: How many rows have been built (tests check that a long list is not built whole).
        self.rows_built = 0

    # -- what the page asks -------------------------------------------------------

    @property
    def waiting(self) -> WaitingList | None:
        """The ranked list shown; ``None`` until the page first ranks it."""
        return self._waiting

    @property
    def filter(self) -> WaitingFilter:
        return self._filter

    @property
    def filtered(self) -> bool:
        return self._filter != WaitingFilter()

    @property
    def total(self) -> int:
        """How many are waiting in all, whatever the filters hide."""
        return 0 if self._waiting is None else len(self._waiting)

    def waiting_row(self, row: int) -> WaitingRow | None:
        """The referral shown in ``row`` (building it if need be)."""
        if self._waiting is None or not 0 <= row < len(self._positions):
            return None
        position = self._positions[row]
        built = self._rows.get(position)
        if built is not None:
            self._rows.move_to_end(position)
            return built
        built = self._waiting.row(position)
        self.rows_built += 1
        self._rows[position] = built
        while len(self._rows) > self._max_rows:
            self._rows.popitem(last=False)
        return built

    def referral_id(self, row: int) -> int | None:
        found = self.waiting_row(row)
        return None if found is None else found.referral_id

    def row_of(self, referral_id: int) -> int | None:
        """The row showing ``referral_id``, or ``None`` if it is not waiting or is hidden."""
        position = self._waiting.position_of(referral_id) if self._waiting else None
        return None if position is None else self._row_of_position(position)

    def set_list(self, waiting: WaitingList, wanted: WaitingFilter | None = None) -> None:
        """Show a freshly ranked list, with the same filters unless ``wanted`` is given."""
        self.beginResetModel()
        self._waiting = waiting
        if wanted is not None:
            self._filter = wanted
        self._rows.clear()
        self._positions = waiting.positions(self._filter)
        self.endResetModel()

    def set_filter(self, wanted: WaitingFilter) -> None:
        """Show only the referrals ``wanted`` keeps; ranks stay those of the whole list."""
        if wanted == self._filter:
            return
        self.beginResetModel()
        self._filter = wanted
        self._positions = [] if self._waiting is None else self._waiting.positions(wanted)
        self.endResetModel()

    # -- QAbstractTableModel --------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._positions)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < len(self._positions) and 0 <= column < len(COLUMNS)):
            return None
        spec = COLUMNS[column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if spec.numeric else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.FontRole,
            REFERRAL_ID_ROLE,
        ):
            return None
        found = self.waiting_row(row)
        if found is None:
            return None
        if role == REFERRAL_ID_ROLE:
            return found.referral_id
        if role == Qt.ItemDataRole.DisplayRole:
            return spec.text(found)
        if role == Qt.ItemDataRole.ToolTipRole:
            return spec.tip(found)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if column == _MATRIX:
                return f"Matrix: {INCOMPLETE if found.incomplete else 'complete'}"
            return f"{spec.title}: {spec.text(found) or 'blank'}"
        flagged = column == _MATRIX and found.incomplete
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(theme.colour("warning_ink")) if flagged else None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(theme.colour("warning_cell")) if flagged else None
        if role == Qt.ItemDataRole.FontRole and flagged:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            title = COLUMNS[section].title
            if role == Qt.ItemDataRole.DisplayRole:
                # Two-word titles over narrow columns go on two lines (Days / waiting).
                return title.replace(" ", "\n") if title in TWO_LINE_TITLES else title
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return title
            if role == Qt.ItemDataRole.TextAlignmentRole and COLUMNS[section].numeric:
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

    # -- inside -------------------------------------------------------------------

    def _row_of_position(self, position: int) -> int | None:
        row = bisect_left(self._positions, position)
        if row < len(self._positions) and self._positions[row] == position:
            return row
        return None
