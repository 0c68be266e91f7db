"""The People list as a Qt table model that never loads everyone at once.

The model holds only the ordered ids that match the filter (a list of ints, cheap
even for 100,000 people) and fetches rows a page at a time when the view asks
for them, keeping a bounded number of pages. Sorting re-queries the service in
the chosen order, as Anki's browser does, instead of sorting rows in Python.
"""

from __future__ import annotations

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

from advocacy_desk.domain.dates import format_uk
from advocacy_desk.records.people import PersonRow
from advocacy_desk.services.people import PAGE_SIZE, PeopleService, PersonSort

#: How many pages of rows stay cached; older ones are dropped first.
MAX_CACHED_PAGES = 20

#: The person's id, for any cell of their row.
PERSON_ID_ROLE = Qt.ItemDataRole.UserRole + 1

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    title: str
    sort: PersonSort
    text: Callable[[PersonRow], str]


COLUMNS: tuple[Column, ...] = (
    Column("Reference", PersonSort.REFERENCE, lambda r: r.person_ref),
    Column("Family name", PersonSort.NAME, lambda r: r.family_name),
    Column("Given name", PersonSort.GIVEN_NAME, lambda r: r.given_name),
    Column("Date of birth", PersonSort.DATE_OF_BIRTH, lambda r: format_uk(r.date_of_birth)),
    Column("Postcode", PersonSort.POSTCODE, lambda r: r.postcode),
    Column("Local authority", PersonSort.LOCAL_AUTHORITY, lambda r: r.local_authority),
)


class PeopleTableModel(QAbstractTableModel):
    """People matching a filter, in a service-side order, fetched a page at a time."""

    def __init__(
        self,
        people: PeopleService,
        parent: QObject | None = None,
        *,
        page_size: int = PAGE_SIZE,
        max_pages: int = MAX_CACHED_PAGES,
    ) -> None:
        super().__init__(parent)
        self._people = people
        self._page_size = max(1, page_size)
        self._max_pages = max(1, max_pages)
        self._filter = ""
        self._sort_column = 1
        self._order = Qt.SortOrder.AscendingOrder
        self._ids: list[int] = []
        self._rows_of: dict[int, int] | None = None
        self._pages: OrderedDict[int, dict[int, PersonRow]] = OrderedDict()
        self.pages_fetched = 0
        self._ids = self._query()

    # -- what the page asks ---------------------------------------------------

    @property
    def filter_text(self) -> str:
        return self._filter

    @property
    def sort_column(self) -> int:
        return self._sort_column

    @property
    def sort_order(self) -> Qt.SortOrder:
        return self._order

    @property
    def cached_pages(self) -> int:
        return len(self._pages)

    def person_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, person_id: int) -> int | None:
        """The row showing ``person_id``, or ``None`` if the filter hides them."""
        if self._rows_of is None:
            self._rows_of = {pid: row for row, pid in enumerate(self._ids)}
        return self._rows_of.get(person_id)

    def person_row(self, row: int) -> PersonRow | None:
        """The row's data, fetching its page if need be."""
        person_id = self.person_id(row)
        if person_id is None:
            return None
        return self._page(row // self._page_size).get(person_id)

    def set_filter(self, text: str) -> None:
        """Show only the people matching ``text`` (every word must match)."""
        text = " ".join(text.split())
        if text == self._filter:
            return
        self._filter = text
        self.refresh()

    def refresh(self) -> None:
        """Re-read the list after a change elsewhere (new, edited or removed people)."""
        self.beginResetModel()
        self._set_ids(self._query())
        self.endResetModel()

    # -- QAbstractTableModel ----------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < len(self._ids) and 0 <= column < len(COLUMNS)):
            return None
        if role == PERSON_ID_ROLE:
            return self._ids[row]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            person = self.person_row(row)
            return "" if person is None else COLUMNS[column].text(person)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            person = self.person_row(row)
            if person is None:
                return ""
            return f"{COLUMNS[column].title}: {COLUMNS[column].text(person) or 'blank'}"
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section].title
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"Sort by {COLUMNS[section].title.lower()}"
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Re-query in the column's order; selections follow their people."""
        if not 0 <= column < len(COLUMNS):
            return
        if (column, order) == (self._sort_column, self._order):
            return  # already in this order (a view calls this when sorting is switched on)
        self._sort_column, self._order = column, order
        new_ids = self._query()
        if len(new_ids) != len(self._ids):
            # Someone was added or removed meanwhile: only a reset can say so.
            self.beginResetModel()
            self._set_ids(new_ids)
            self.endResetModel()
            return
        # (Emitting with the parents list and sort hint crashes PySide6 6.12: emit bare.)
        self.layoutAboutToBeChanged.emit()
        old_ids = self._ids
        persistent = self.persistentIndexList()
        self._set_ids(new_ids)
        moved: list[QModelIndex] = []
        for index in persistent:
            new_row = self.row_of(old_ids[index.row()]) if 0 <= index.row() < len(old_ids) else None
            moved.append(QModelIndex() if new_row is None else self.index(new_row, index.column()))
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    # -- inside -------------------------------------------------------------------

    def _query(self) -> list[int]:
        return self._people.search_ids(
            self._filter,
            COLUMNS[self._sort_column].sort,
            self._order == Qt.SortOrder.DescendingOrder,
        )

    def _set_ids(self, ids: list[int]) -> None:
        self._ids = ids
        self._rows_of = None
        self._pages.clear()

    def _page(self, number: int) -> dict[int, PersonRow]:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        start = number * self._page_size
        ids = self._ids[start : start + self._page_size]
        page = {row.id: row for row in self._people.rows(ids)}
        self.pages_fetched += 1
        self._pages[number] = page
        while len(self._pages) > self._max_pages:
            self._pages.popitem(last=False)
        return page
