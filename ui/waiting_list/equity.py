"""The equity view: how long people waited, by ethnic group, sex, age band or need.

Shows the service's :meth:`WaitingListService.equity` for a chosen grouping and
period, so a manager can see whether some groups wait longer than others.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
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
from advocacy_desk.domain.changes import Changes
from advocacy_desk.domain.dates import format_uk
from advocacy_desk.domain.errors import ValidationError
from advocacy_desk.records.waiting_list import EquityRow
from advocacy_desk.services.waiting_list import EQUITY_DIMENSIONS
from ui.bus import DataBus
from ui.widgets import DateField, ErrorLabel, FieldErrors, theme
from ui.widgets.fields import read_period
from ui.widgets.views import read_only_table
from ui.widgets.watching import Watch


def year_before(day: date) -> date:
    """The same day a year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def median_text(days: float | None) -> str:
    """A median wait as a person reads it: 12, 12.5, or a dash for none."""
    if days is None:
        return "–"
    return str(int(days)) if float(days).is_integer() else f"{days:.1f}"


class EquityView(QWidget):
    """Median waits by group for a period; computed when first shown, and on request."""

    COLUMNS = ("Referrals", "Median wait (days)")
    #: What the waits are worked out from: referrals, when they were allocated, and
    #: the people's details they are grouped by.
    WATCHES = frozenset({"referral", "advocacy_case", "person"})

    def __init__(self, services: Services, bus: DataBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        #: Today's date, for the default period.
        self.today: Callable[[], date] = services.today
        self.rows: list[EquityRow] = []
        self.watch = Watch(bus, self, self.WATCHES, self._data_changed, stale=True)

        self.errors = FieldErrors()
        self.dimension = QComboBox()
        self.dimension.setAccessibleName("Group by")
        self.dimension.setToolTip("What to compare waits by")
        for key, (title, _vocabulary) in EQUITY_DIMENSIONS.items():
            self.dimension.addItem(title, key)
        today = self.today()
        self.start = DateField("From", required=True)
        self.start.setToolTip("The first day of the period (DD/MM/YYYY)")
        self.start.set_value(year_before(today))
        self.end = DateField("To", required=True)
        self.end.setToolTip("The last day of the period (DD/MM/YYYY)")
        self.end.set_value(today)
        self.show_button = QPushButton("Show")
        self.show_button.setToolTip("Work out the waits for this grouping and period (Enter)")
        self.last_year_button = QPushButton("Last 12 months")
        self.last_year_button.setToolTip("Set the period to the 12 months up to today")

        bar = QHBoxLayout()
        bar.setSpacing(8)
        # The messages sit in a column under the bar: each is a short line that names
        # its field, and only the ones with something to say are shown.
        messages = QVBoxLayout()
        messages.setSpacing(2)
        fields: tuple[tuple[str, str, QWidget], ...] = (
            ("dimension", "Group by", self.dimension),
            ("start", "From", self.start),
            ("end", "To", self.end),
        )
        for name, label, field in fields:
            caption = QLabel(f"{label}:")
            caption.setBuddy(field)
            bar.addWidget(caption)
            bar.addWidget(field)
            bar.addSpacing(8)
            error = ErrorLabel(label)
            messages.addWidget(error)
            self.errors.register(name, field, error)
        bar.addWidget(self.show_button)
        bar.addWidget(self.last_year_button)
        bar.addStretch(1)

        self.summary = QLabel()
        self.summary.setObjectName("equitySummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        theme.style(self.summary, theme.HINT)

        self.table = QTableWidget(0, 1 + len(self.COLUMNS))
        self.table.setObjectName("equityTable")
        self.table.setAccessibleName("Waits by group")
        read_only_table(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 1 + len(self.COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # Kept narrow enough that each median sits near its group's name.
        self.table.setMaximumWidth(self.fontMetrics().averageCharWidth() * 110)
        self.empty = QLabel("No referrals were waiting in this period.")
        theme.style(self.empty, theme.HINT)
        self.empty.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(bar)
        layout.addLayout(messages)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)

        self.show_button.clicked.connect(lambda: self.refresh())
        self.last_year_button.clicked.connect(self.last_twelve_months)
        self.dimension.currentIndexChanged.connect(lambda _index: self.refresh())
        self.start.returnPressed.connect(lambda: self.refresh())
        self.end.returnPressed.connect(lambda: self.refresh())

    def _data_changed(self, _changes: Changes | None) -> None:
        self.refresh()

    def dimension_key(self) -> str:
        data = self.dimension.currentData()
        return data if isinstance(data, str) else ""

    def set_dimension(self, key: str) -> None:
        index = self.dimension.findData(key)
        if index < 0:
            raise ValueError(f"no grouping {key!r}; use one of {', '.join(EQUITY_DIMENSIONS)}")
        self.dimension.setCurrentIndex(index)

    def last_twelve_months(self) -> None:
        today = self.today()
        self.start.set_value(year_before(today))
        self.end.set_value(today)
        self.refresh()

    def refresh(self) -> bool:
        """Work out the waits for the grouping and period chosen; False if they are wrong."""
        self.watch.fresh()
        self.errors.clear()
        start, end, errors = read_period(self.start, self.end)
        if errors or start is None or end is None:
            self.errors.show(errors)
            return False
        key = self.dimension_key()
        try:
            rows = self.services.waiting_list.equity(key, start, end)
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return False
        self._show(key, start, end, rows)
        return True

    # -- inside -------------------------------------------------------------------

    def _show(self, key: str, start: date, end: date, rows: list[EquityRow]) -> None:
        self.rows = rows
        title = EQUITY_DIMENSIONS[key][0]
        self.table.setHorizontalHeaderLabels([title, *self.COLUMNS])
        self.summary.setText(
            f"Referrals on the waiting list at any time from {format_uk(start)} to "
            f"{format_uk(end)}, by {title.lower()}. A wait runs from the day the referral "
            "was received to its allocation, decline or withdrawal, or to the end of the "
            "period if it was still waiting then."
        )
        self.table.setRowCount(len(rows))
        for row, found in enumerate(rows):
            cells = (found.label, f"{found.referrals:,}", median_text(found.median_wait_days))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, found.group)
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                else:
                    item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
