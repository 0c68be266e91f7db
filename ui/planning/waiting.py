"""Will the waiting list clear? The number waiting now, the rate cases are opened (and
more advocates, as a what-if), and the number waiting at the end of each coming month.

Changing the rate or the advocates redraws at once through ``Plan.what_if``: no
forecast is refitted, so nothing runs in the background.
"""

from __future__ import annotations

from PySide6.QtCharts import QChart, QLineSeries
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QPen
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.domain.clearing import RATE_WEEKS
from advocacy_desk.domain.errors import ValidationError
from advocacy_desk.domain.numbers import plural
from advocacy_desk.records.planning import Plan, WaitingProjection
from ui.planning.charts import (
    chart_view,
    count_axis,
    fit_count_axis,
    fit_month_axis,
    mid_month,
    month_axis,
    x_of,
)
from ui.planning.words import (
    cases_text,
    clears_text,
    month_name,
    number,
    rate_text,
    rate_value,
)
from ui.widgets import theme
from ui.widgets.form import ErrorLabel
from ui.widgets.screen import scrolling
from ui.widgets.views import read_only_table

MAX_EXTRA_ADVOCATES = 50
#: The waiting chart is narrow: fewer month labels, so none is cut short.
WAITING_LABELS = 4


class WaitingPanel(QWidget):
    """The what-if: type a rate or add advocates and see when the list clears."""

    #: The projection on show changed (after a what-if, or a new plan).
    projected = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan: Plan | None = None
        self.projection: WaitingProjection | None = None

        self._make_inputs()
        self._make_results()
        self._make_table()
        self._make_chart()
        controls_area = self._controls()

        layout = QHBoxLayout(self)
        layout.addWidget(controls_area)
        layout.addWidget(self.table)
        layout.addWidget(self.view, 1)

        self.rate_edit.textEdited.connect(lambda _text: self.redraw())
        self.advocates_box.valueChanged.connect(lambda _value: self.redraw())
        self.reset_button.clicked.connect(self.reset)
        self.clear()

    # -- building ------------------------------------------------------------------

    def _make_inputs(self) -> None:
        """Waiting now, the rate and more advocates, with their hints and errors."""
        self.now_label = QLabel()
        self.now_label.setObjectName("waitingNow")
        self.now_label.setAccessibleName("Waiting now")

        self.rate_edit = QLineEdit()
        self.rate_edit.setObjectName("allocationRate")
        self.rate_edit.setAccessibleName("Cases opened a week")
        self.rate_edit.setToolTip(
            "How many referrals are allocated to an advocate (cases opened) a week. It starts "
            "at the rate of the last 12 weeks; type another to see what it would do."
        )
        self.rate_edit.setMaximumWidth(120)
        self.rate_hint = _hint()
        self.rate_error = ErrorLabel("Cases opened a week")
        self.advocates_box = QSpinBox()
        self.advocates_box.setObjectName("extraAdvocates")
        self.advocates_box.setAccessibleName("More advocates")
        self.advocates_box.setRange(0, MAX_EXTRA_ADVOCATES)
        self.advocates_box.setPrefix("+ ")
        self.advocates_box.setMaximumWidth(120)
        self.advocates_box.setToolTip(
            "More advocates, each opening cases at the average advocate's rate of the last 12 weeks"
        )
        self.advocates_hint = _hint()
        self.advocates_error = ErrorLabel("More advocates")
        self.reset_button = QPushButton("Reset")
        self.reset_button.setToolTip(
            "Put the rate back to the last 12 weeks' and no more advocates"
        )

    def _make_results(self) -> None:
        """When the list clears, in bold, and the total beneath."""
        self.result_label = QLabel()
        self.result_label.setObjectName("clearsIn")
        self.result_label.setAccessibleName("When the list clears")
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        self.result_label.setWordWrap(True)
        font = self.result_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.result_label.setFont(font)
        self.total_label = _hint()

    def _make_table(self) -> None:
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("waitingTable")
        self.table.setAccessibleName("Projected waiting by month")
        self.table.setHorizontalHeaderLabels(["Month", "Waiting at its end"])
        read_only_table(self.table)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumWidth(180)  # with the rest, fits a 1280x720 laptop at 125%
        self.table.setMaximumWidth(260)

    def _make_chart(self) -> None:
        """The line of the projected waiting, month by month."""
        self.chart = QChart()
        self.chart.legend().hide()
        self.line = QLineSeries()
        self.line.setName("Projected waiting")
        self.line.setPen(QPen(theme.series_colour(self.line, "chart_line"), 2))
        self.line.setPointsVisible(True)
        self.x_axis = month_axis()
        self.y_axis = count_axis("Waiting")
        self.chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(self.y_axis, Qt.AlignmentFlag.AlignLeft)
        self.chart.addSeries(self.line)
        self.line.attachAxis(self.x_axis)
        self.line.attachAxis(self.y_axis)
        self.view = chart_view(
            self.chart,
            "Projected waiting chart",
            "The number waiting now and at the end of each coming month; the same figures "
            "are in the table beside it.",
        )
        self.view.setMinimumSize(220, 180)

    def _controls(self) -> QWidget:
        """The inputs and the result in a column that scrolls when the pane is short."""
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(1, 1)
        grid.addWidget(QLabel("Waiting now:"), 0, 0)
        grid.addWidget(self.now_label, 0, 1, 1, 2)
        grid.addWidget(_caption("Cases &opened a week:", self.rate_edit), 1, 0)
        grid.addWidget(self.rate_edit, 1, 1)
        grid.addWidget(self.rate_hint, 2, 1, 1, 2)
        grid.addWidget(self.rate_error, 3, 1, 1, 2)
        grid.addWidget(_caption("More &advocates:", self.advocates_box), 4, 0)
        grid.addWidget(self.advocates_box, 4, 1)
        grid.addWidget(self.reset_button, 4, 2)
        grid.addWidget(self.advocates_hint, 5, 1, 1, 2)
        grid.addWidget(self.advocates_error, 6, 1, 1, 2)
        controls = QVBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        controls.addLayout(grid)
        controls.addSpacing(8)
        controls.addWidget(self.result_label)
        controls.addWidget(self.total_label)
        controls.addStretch(1)
        controls_widget = QWidget()
        controls_widget.setLayout(controls)
        controls_widget.setMinimumWidth(300)
        controls_widget.setMaximumWidth(440)
        # Scrolls when the pane is short (125% text on a laptop) rather than squeeze
        # the fields and their hints over each other.
        controls_area = scrolling(controls_widget, "waitingControls")
        controls_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        bar = controls_area.verticalScrollBar().sizeHint().width()
        controls_area.setMinimumWidth(300 + bar)
        controls_area.setMaximumWidth(440 + bar)
        return controls_area

    def show_plan(self, plan: Plan, scope: str) -> None:
        """A new plan: the inputs back to its rate and no more advocates, then drawn."""
        self.plan = plan
        self.now_label.setAccessibleDescription(f"Waiting now: {scope}")
        self.now_label.setText(f"{plural(plan.waiting_now, 'referral')}")
        rate = plan.default_allocations_per_week
        advocates = plan.active_advocates
        self.rate_hint.setText(
            f"Last 12 weeks: {rate_text(rate)} a week, by {plural(advocates, 'advocate')}; "
            f"{rate_text(plan.closed_last_12_weeks / RATE_WEEKS)} declined or withdrawn and "
            f"{rate_text(plan.referred_last_12_weeks / RATE_WEEKS)} referred a week."
            if advocates
            else "No cases were opened in the last 12 weeks."
        )
        each = rate / max(advocates, 1)
        self.advocates_hint.setText(
            f"Each would open {rate_text(each)} a week, the average rate."
            if each
            else "No cases opened lately, so no average to add."
        )
        self._enable(True)
        self.reset()

    def reset(self) -> None:
        """The rate of the last 12 weeks and no more advocates."""
        if self.plan is None:
            return
        self.rate_edit.setText(rate_text(self.plan.default_allocations_per_week))
        self.advocates_box.blockSignals(True)
        self.advocates_box.setValue(0)
        self.advocates_box.blockSignals(False)
        self.redraw()

    def clear(self) -> None:
        self.plan = None
        self._enable(False)
        self.projection = None
        for label in (self.now_label, self.rate_hint, self.advocates_hint, self.total_label):
            label.setText("")
        self.result_label.setText("")
        self.rate_edit.clear()
        self.rate_error.set_message("")
        self.advocates_error.set_message("")
        self.table.setRowCount(0)
        self._draw([])

    def redraw(self) -> None:
        """The projection for the rate and advocates as they are now (instant)."""
        plan = self.plan
        if plan is None:
            return
        rate = rate_value(self.rate_edit.text())
        try:
            projection = plan.what_if(rate, self.advocates_box.value())
        except ValidationError as exc:
            self.rate_error.set_message(exc.errors.get("allocations_per_week", ""))
            self.advocates_error.set_message(exc.errors.get("extra_advocates", ""))
            self.rate_edit.setAccessibleDescription(self.rate_error.message)
            self.projection = None
            self.result_label.setText("Correct the figure above to see when the list clears.")
            theme.style(self.result_label, "")
            self.total_label.setText("")
            # No figures for a rate that is not one: stale ones beside the error mislead.
            self.table.setRowCount(0)
            self._draw([])
            self.projected.emit()
            return
        self.rate_error.set_message("")
        self.advocates_error.set_message("")
        self.rate_edit.setAccessibleDescription("")
        self.projection = projection
        self._show(plan, projection)
        self.projected.emit()

    def _draw(self, points: list[QPointF]) -> None:
        """The line, or none: then no axes either (they would count 0 to 0 in 1970)."""
        self.line.replace(points)
        for axis in (self.x_axis, self.y_axis):
            axis.setVisible(bool(points))

    def _enable(self, enabled: bool) -> None:
        for widget in (self.rate_edit, self.advocates_box, self.reset_button):
            widget.setEnabled(enabled)

    def _show(self, plan: Plan, projection: WaitingProjection) -> None:
        self.result_label.setText(clears_text(projection))
        theme.style(
            self.result_label, theme.SUCCESS if projection.clearing.clears else theme.CAUTION
        )
        extra = self.advocates_box.value()
        with_more = f", with {plural(extra, 'more advocate')}" if extra else ""
        self.total_label.setText(
            f"Opening {cases_text(projection.allocations_per_week)} a week in all"
            f"{with_more}. The same answer as the waiting list's, from the same rates."
        )
        self.table.setRowCount(len(projection.months))
        for row, month in enumerate(projection.months):
            name = QTableWidgetItem(month_name(month.month, short=True))
            count = QTableWidgetItem(number(month.projected_waiting, 0))
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, count)
        now = f"{plan.as_of:%Y-%m}"
        points = [QPointF(x_of(mid_month(now)), plan.waiting_now)]
        points += [
            QPointF(x_of(mid_month(m.month)), m.projected_waiting) for m in projection.months
        ]
        self._draw(points)
        last = projection.months[-1].month if projection.months else now
        fit_month_axis(self.x_axis, now, last, labels=WAITING_LABELS)
        top = max([plan.waiting_now, *(m.projected_waiting for m in projection.months)])
        fit_count_axis(self.y_axis, float(top))


def _hint() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    theme.style(label, theme.HINT)
    return label


def _caption(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label
