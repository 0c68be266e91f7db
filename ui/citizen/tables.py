"""The tables of the citizen advocacy matching view: :class:`ScoreTable` (names never cut
short, each column of points as wide as its widest figure), and the helpers that set a
table up, fill it, and find a row again by the key kept on its first cell.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
)

from ui.widgets.views import read_only_table

#: After every column whose figure is points (the score and each of its parts).
POINTS = " (points)"


def plain_table(name: str, columns: Sequence[str]) -> QTableWidget:
    """A read-only table named ``name``, its columns fitted to their text, the last
    stretching."""
    table = QTableWidget(0, len(columns))
    set_up(table, name, columns)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


def score_table(name: str, columns: Sequence[str], numbers_from: int) -> ScoreTable:
    """A :class:`ScoreTable` named ``name``: names up to ``numbers_from``, then points."""
    table = ScoreTable(len(columns), numbers_from)
    set_up(table, name, columns)
    wrap_rows(table)
    table.fit_columns()
    return table


def set_up(table: QTableWidget, name: str, columns: Sequence[str]) -> None:
    """Name ``table``, head its columns, and make it read only."""
    table.setAccessibleName(name)
    # "Interests (points)" on two lines, so a column of points stays narrow.
    table.setHorizontalHeaderLabels([c.replace(POINTS, "\n" + POINTS.strip()) for c in columns])
    read_only_table(table)


def wrap_rows(table: QTableWidget) -> None:
    """Text wraps at its spaces, never cut short with "…"; each row as tall as its text
    (``read_only_table`` makes one line per row, for long lists: these are short)."""
    table.setWordWrap(True)
    table.setTextElideMode(Qt.TextElideMode.ElideNone)
    rows = table.verticalHeader()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    rows.setMinimumSectionSize(table.fontMetrics().height() + 10)  # as other tables' rows


#: The most a name column asks for before its names wrap at their spaces instead.
NAME_AT_MOST = 230
#: Room beside a column's text (its margins, a sort arrow).
CELL_PADDING = 12
#: ... beside a column of points (figures sit right, a header word fills it).
NUMBER_PADDING = 8


class ScoreTable(QTableWidget):
    """Names, then columns of points. Names are never cut short: a row is as tall as its
    text, a name wraps before its reference, and when the table is too narrow for even
    that (1280 x 720, the splitter dragged), the names keep their width and the table
    scrolls sideways. Each column of points is as wide as its header's widest line or its
    widest figure ("0.0" above "(no postcode)"); a rule spanning them does not widen
    them."""

    def __init__(self, columns: int, numbers_from: int) -> None:
        super().__init__(0, columns)
        self.numbers_from = numbers_from
        self.horizontalHeader().setStretchLastSection(False)

    def fit_columns(self) -> None:
        header = self.horizontalHeader()
        plain_metrics = self.fontMetrics()
        bold = QFont(self.font())
        bold.setBold(True)
        bold_metrics = QFontMetrics(bold)  # the proposed volunteer is in bold
        numbers = 0
        for column in range(self.numbers_from, self.columnCount()):
            item = self.horizontalHeaderItem(column)
            lines = (item.text() if item is not None else "").split("\n")
            widest = max(header.fontMetrics().horizontalAdvance(line) for line in lines)
            widest = max(widest, plain_metrics.horizontalAdvance("100.0"))
            for row in range(self.rowCount()):
                cell = self.item(row, column)
                if cell is not None and self.columnSpan(row, column) == 1:
                    for line in cell.text().replace(" (", "\n(").split("\n"):
                        widest = max(widest, bold_metrics.horizontalAdvance(line))
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, widest + NUMBER_PADDING)
            numbers += widest + NUMBER_PADDING
        # What each name column needs: its longest line ("Rita Harris" above
        # "(V000011)"), or at the least its longest word (the name over more lines).
        line_needs: list[int] = []
        word_needs: list[int] = []
        for column in range(self.numbers_from):
            item = self.horizontalHeaderItem(column)
            line_px = word_px = header.fontMetrics().horizontalAdvance(item.text() if item else "")
            for row in range(self.rowCount()):
                cell = self.item(row, column)
                text = cell.text() if cell is not None else ""
                for part in text.replace(" (", "\n(").split("\n"):
                    line_px = max(line_px, bold_metrics.horizontalAdvance(part))
                for part in text.split():
                    word_px = max(word_px, bold_metrics.horizontalAdvance(part))
            line_needs.append(min(line_px, NAME_AT_MOST) + CELL_PADDING)
            word_needs.append(word_px + CELL_PADDING)
        share = (self.viewport().width() - numbers) / max(self.numbers_from, 1)
        roomy = all(need <= share for need in word_needs)
        for column, need in enumerate(line_needs):
            if roomy:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            else:  # too narrow even for a word a line: scroll sideways, cut nothing
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(column, need)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()


def fill_rows(table: QTableWidget, rows: Sequence[Sequence[str]], keys: Sequence[object]) -> None:
    """Replace the rows; ``keys[i]`` is kept on the first cell of row ``i``."""
    table.setRowCount(0)
    table.setRowCount(len(rows))
    for number, (cells, key) in enumerate(zip(rows, keys, strict=True)):
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if column == 0:
                item.setData(Qt.ItemDataRole.UserRole, key)
            table.setItem(number, column, item)


def selected_key(table: QTableWidget) -> object:
    """The key on the chosen row's first cell (``None`` when no row is chosen)."""
    rows = table.selectionModel().selectedRows()
    if not rows:
        return None
    item = table.item(rows[0].row(), 0)
    return None if item is None else item.data(Qt.ItemDataRole.UserRole)


def select_key(table: QTableWidget, key: object) -> bool:
    """Choose the row whose first cell keeps ``key``; False when there is none."""
    for row in range(table.rowCount()):
        item = table.item(row, 0)
        if item is not None and item.data(Qt.ItemDataRole.UserRole) == key:
            table.selectRow(row)
            return True
    return False
