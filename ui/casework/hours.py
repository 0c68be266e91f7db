"""Hours delivered, per advocate or per advocacy type, for any period, on screen.

Shows the service's :meth:`CaseworkService.hours` for a chosen grouping and period,
with a total row, so a manager can answer "how many hours did we deliver this
quarter?" without an export. Periods default to the UK financial-year quarter so far
(Q1 April–June, Q2 July–September, Q3 October–December, Q4 January–March).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.app import Services
from advocacy_desk.domain.casework import format_hours
from advocacy_desk.domain.dates import format_uk
from advocacy_desk.domain.errors import ValidationError
from advocacy_desk.records.casework import HoursRow
from ui.widgets import DateField, ErrorLabel, FieldErrors, theme
from ui.widgets.fields import read_period
from ui.widgets.views import read_only_table

#: The groupings offered, as the service names them, with the first column's title.
GROUPINGS = {"advocate": "Advocate", "advocacy_type": "Advocacy type"}

#: What an activity logged without an advocate is grouped under.
NO_ADVOCATE = "(no advocate recorded)"


def quarter_start(day: date) -> date:
    """The first day of the financial quarter ``day`` falls in (UK quarters start on
    1 April, 1 July, 1 October and 1 January)."""
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def quarter_name(day: date) -> str:
    """The financial quarter ``day`` falls in, as returns name it: "Q3 2026/27"."""
    year = day.year if day.month >= 4 else day.year - 1
    quarter = (day.month - 4) % 12 // 3 + 1
    return f"Q{quarter} {year}/{(year + 1) % 100:02d}"


def this_quarter(today: date) -> tuple[date, date]:
    """The current financial quarter so far."""
    return quarter_start(today), today


def last_quarter(today: date) -> tuple[date, date]:
    """The whole of the financial quarter before the current one."""
    end = quarter_start(today) - timedelta(days=1)
    return quarter_start(end), end


def last_twelve_months(today: date) -> tuple[date, date]:
    """The twelve months ending today: 24/11/2025 to 23/11/2026 for 23/11/2026."""
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_ago = today.replace(year=today.year - 1, day=28)
    return year_ago + timedelta(days=1), today


def hours_text(minutes: int) -> str:
    """Hours to one decimal place, as :func:`format_hours` gives them, with thousands
    separated so a year's total reads at a glance: 1,943.8."""
    return f"{float(format_hours(minutes)):,.1f}"


def period_name(start: date, end: date, today: date) -> str:
    """A quarter's name when the period is one (or the current one so far), else ""."""
    if start == quarter_start(start):
        if end == today and quarter_start(today) == start:
            return f"{quarter_name(start)} so far"
        if (start, end) == last_quarter(end + timedelta(days=1)):
            return quarter_name(start)
    return ""


class HoursView(QWidget):
    """Hours, travel, activities and cases by advocate or advocacy type for a period.

    Worked out each time the view is shown (so it is never stale), and whenever the
    grouping or period changes. The total sits in a row of its own under the table,
    so it stays in sight however many advocates there are.
    """

    COLUMNS = ("Hours", "Travel hours", "Activities", "Cases")

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        #: Today's date, for the default period and the quick buttons.
        self.today: Callable[[], date] = services.today
        self.rows: list[HoursRow] = []

        self.errors = FieldErrors()
        self._make_inputs()
        bar, messages = self._bar()
        self._make_tables()

        tables = QVBoxLayout()
        tables.setSpacing(0)
        tables.addWidget(self.table, 1)
        tables.addWidget(self.total)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(bar)
        layout.addLayout(messages)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.summary)
        layout.addLayout(tables, 1)
        layout.addWidget(self.empty)
        layout.addStretch(0)

        self._connect()

    # -- building ---------------------------------------------------------------

    def _make_inputs(self) -> None:
        """The period (this quarter at first), its quick buttons, the grouping, Show."""
        self.start = DateField("From", required=True)
        self.start.setToolTip("The first day of the period (DD/MM/YYYY)")
        self.end = DateField("To", required=True)
        self.end.setToolTip("The last day of the period, included (DD/MM/YYYY)")
        start, end = this_quarter(self.today())
        self.start.set_value(start)
        self.end.set_value(end)
        self.this_quarter_button = QPushButton("This quarter")
        self.this_quarter_button.setToolTip("The current financial quarter, up to today")
        self.last_quarter_button = QPushButton("Last quarter")
        self.last_quarter_button.setToolTip("The whole of the previous financial quarter")
        self.last_year_button = QPushButton("Last 12 months")
        self.last_year_button.setToolTip("The twelve months up to today")
        self.grouping = QComboBox()
        self.grouping.setAccessibleName("Group by")
        self.grouping.setToolTip("Show hours per advocate or per advocacy type")
        for key, title in GROUPINGS.items():
            self.grouping.addItem(title, key)
        self.show_button = QPushButton("Show")
        self.show_button.setToolTip("Work out the hours for this period and grouping (Enter)")

    def _bar(self) -> tuple[QHBoxLayout, QVBoxLayout]:
        """The inputs in a row, and beneath it their messages."""
        # The period first, so a message about it sits under the dates.
        bar = QHBoxLayout()
        bar.setSpacing(8)
        messages = QVBoxLayout()
        messages.setSpacing(2)
        fields: tuple[tuple[str, str, QWidget], ...] = (
            ("start", "From", self.start),
            ("end", "To", self.end),
            ("by", "Group by", self.grouping),
        )
        for name, label, field in fields:
            caption = QLabel(f"{label}:")
            caption.setBuddy(field)
            if name == "by":
                bar.addSpacing(16)
            bar.addWidget(caption)
            bar.addWidget(field)
            if name == "end":
                for button in (
                    self.this_quarter_button,
                    self.last_quarter_button,
                    self.last_year_button,
                ):
                    bar.addWidget(button)
            error = ErrorLabel(label)
            messages.addWidget(error)
            self.errors.register(name, field, error)
        bar.addWidget(self.show_button)
        bar.addStretch(1)
        return bar, messages

    def _make_tables(self) -> None:
        """The summary, the table and its total row beneath, and the empty note."""
        self.summary = QLabel()
        self.summary.setObjectName("hoursSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        theme.style(self.summary, theme.HINT)

        self.table = self._table("hoursTable", "Hours delivered")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setHorizontalHeaderLabels([GROUPINGS["advocate"], *self.COLUMNS])
        self.table.horizontalHeader().sectionResized.connect(self._line_up_total)
        self.total = self._table("hoursTotal", "Total")
        self.total.horizontalHeader().hide()
        # Its name column follows the table's, whatever the table's scroll bar takes.
        self.total.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        self.total.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.total.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.total.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.total.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.total.setRowCount(1)
        self.total.setFixedHeight(
            self.total.verticalHeader().defaultSectionSize() + 2 * self.total.frameWidth()
        )
        self.empty = QLabel("No time was logged in this period.")
        self.empty.setObjectName("hoursEmpty")
        theme.style(self.empty, theme.HINT)
        self.empty.hide()
        self.table.hide()
        self.total.hide()

    def _connect(self) -> None:
        self.show_button.clicked.connect(lambda: self.refresh())
        self.this_quarter_button.clicked.connect(
            lambda: self.set_period(*this_quarter(self.today()))
        )
        self.last_quarter_button.clicked.connect(
            lambda: self.set_period(*last_quarter(self.today()))
        )
        self.last_year_button.clicked.connect(
            lambda: self.set_period(*last_twelve_months(self.today()))
        )
        self.grouping.currentIndexChanged.connect(lambda _index: self.refresh())
        self.start.returnPressed.connect(lambda: self.refresh())
        self.end.returnPressed.connect(lambda: self.refresh())

    def grouping_key(self) -> str:
        data = self.grouping.currentData()
        return data if isinstance(data, str) else "advocate"

    def set_grouping(self, key: str) -> None:
        """Group by ``key`` ("advocate" or "advocacy_type"); refreshes the table."""
        index = self.grouping.findData(key)
        if index < 0:
            raise ValueError(f"no grouping {key!r}; use one of {', '.join(GROUPINGS)}")
        self.grouping.setCurrentIndex(index)

    def set_period(self, start: date, end: date) -> bool:
        self.start.set_value(start)
        self.end.set_value(end)
        return self.refresh()

    def refresh(self) -> bool:
        """Work out the hours for the grouping and period chosen; False if the period
        is wrong (the message shows under the dates and no figures are left on show)."""
        self.errors.clear()
        start, end, errors = read_period(self.start, self.end)
        if errors or start is None or end is None:
            self._fail(errors)
            return False
        key = self.grouping_key()
        try:
            rows = self.services.casework.hours(start, end, by=key)
            # Each case has one advocacy type, so the per-type counts add up to the
            # cases worked on; per advocate, a shared case would be counted twice.
            by_type = (
                rows
                if key == "advocacy_type"
                else self.services.casework.hours(start, end, by="advocacy_type")
            )
        except ValidationError as exc:
            self._fail(exc.errors)
            return False
        self._show(key, start, end, rows, sum(r.cases for r in by_type))
        return True

    # -- inside -------------------------------------------------------------------

    def _table(self, name: str, accessible: str) -> QTableWidget:
        table = QTableWidget(0, 1 + len(self.COLUMNS))
        table.setObjectName(name)
        table.setAccessibleName(accessible)
        read_only_table(table)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Kept narrow enough that each figure sits near its group's name.
        table.setMaximumWidth(self.fontMetrics().averageCharWidth() * 110)
        return table

    def _fail(self, errors: dict[str, str]) -> None:
        """Say what is wrong, and show no figures that belong to another period."""
        self.rows = []
        self.table.setRowCount(0)
        for widget in (self.table, self.total, self.empty):
            widget.hide()
        self.summary.clear()
        self.errors.show(errors)

    def _show(
        self, key: str, start: date, end: date, rows: list[HoursRow], total_cases: int
    ) -> None:
        self.rows = rows
        title = GROUPINGS[key]
        self.table.setHorizontalHeaderLabels([title, *self.COLUMNS])
        named = period_name(start, end, self.today())
        self.summary.setText(
            f"Time logged from {format_uk(start)} to {format_uk(end)}"
            + (f" ({named})" if named else "")
            + f", by {title.lower()}. Travel is counted apart from hours; cases are "
            "those with time logged in the period"
            + (
                ", and a case two advocates worked on counts once in the total."
                if key == "advocate"
                else "."
            )
        )
        self.table.setRowCount(len(rows))
        for row, found in enumerate(rows):
            self._fill(self.table, row, found.label or NO_ADVOCATE, found, found.group)
        total = HoursRow(
            group="",
            label="Total",
            minutes=sum(r.minutes for r in rows),
            travel_minutes=sum(r.travel_minutes for r in rows),
            activities=sum(r.activities for r in rows),
            cases=total_cases,
        )
        self._fill(self.total, 0, "Total", total, None)
        bold = QFont(self.total.font())
        bold.setBold(True)
        shade = self.palette().window().color()
        for column in range(self.total.columnCount()):
            item = self.total.item(0, column)
            if item is not None:
                item.setFont(bold)
                item.setBackground(shade)
        self._fit_columns(bold)
        self._fit_height()
        for widget in (self.table, self.total):
            widget.setVisible(bool(rows))
        self.empty.setVisible(not rows)

    @staticmethod
    def _fill(table: QTableWidget, row: int, label: str, found: HoursRow, key: object) -> None:
        cells = (
            label,
            hours_text(found.minutes),
            hours_text(found.travel_minutes),
            f"{found.activities:,}",
            f"{found.cases:,}",
        )
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, key)
            if column:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            else:
                item.setToolTip(text)
            table.setItem(row, column, item)

    def _fit_columns(self, bold: QFont) -> None:
        """Give each figure column room for its widest figure, the total included, and
        the same width in both tables so the total sits under its column."""
        plain = QFontMetrics(self.table.font())
        heavy = QFontMetrics(bold)
        heading = QFontMetrics(self.table.horizontalHeader().font())
        for column in range(1, self.table.columnCount()):
            texts = [self.table.item(r, column) for r in range(self.table.rowCount())]
            widths = [plain.horizontalAdvance(i.text()) for i in texts if i is not None]
            title = self.table.horizontalHeaderItem(column)
            if title is not None:
                widths.append(heading.horizontalAdvance(title.text()))
            total = self.total.item(0, column)
            if total is not None:
                widths.append(heavy.horizontalAdvance(total.text()))
            width = max(widths) + 20
            self.table.setColumnWidth(column, width)
            self.total.setColumnWidth(column, width)
        self._line_up_total(0, 0, self.table.columnWidth(0))

    def _fit_height(self) -> None:
        """No taller than its rows, so the total sits right under the last of them."""
        table = self.table
        rows = table.rowCount() * table.verticalHeader().defaultSectionSize()
        table.setMaximumHeight(
            table.horizontalHeader().sizeHint().height() + rows + 2 * table.frameWidth()
        )

    def _line_up_total(self, column: int, _old: int, new: int) -> None:
        if column == 0:
            self.total.setColumnWidth(0, new)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
