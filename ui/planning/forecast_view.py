"""The referral forecast: a chart of the months so far and the months ahead, with the 80%
likely range shaded, what the method is and how it did when tested, and the figures in
a small table."""

from __future__ import annotations

from PySide6.QtCharts import QAreaSeries, QChart, QLineSeries
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QPen
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.records.planning import MonthForecast, Plan, SeriesSummary
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
    backtest_text,
    history_text,
    method_text,
    month_name,
    number,
    too_little_text,
    type_title,
)
from ui.widgets import theme
from ui.widgets.screen import scrolling
from ui.widgets.views import read_only_table

TABLE_COLUMNS = ("Month", "Forecast", "Lower", "Upper")
BAND_WORDS = "Shaded: the likely range, where the count should fall 8 months in 10."
TABLE_TIP = (
    "Referrals forecast for each month, with the likely range (80%): the count should "
    "fall between Lower and Upper 8 months in 10"
)


class ForecastPanel(QWidget):
    """The chart, the words beside it and the month-by-month table, for one series."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: SeriesSummary | None = None
        self.rows: list[MonthForecast] = []

        self.chart = QChart()
        self.chart.setTitle("Referrals a month")
        self.history_series = QLineSeries()
        self.history_series.setName("Referrals received")
        self.history_series.setPen(
            QPen(theme.series_colour(self.history_series, "chart_history"), 2)
        )
        self.forecast_series = QLineSeries()
        self.forecast_series.setName("Forecast")
        dashed = QPen(theme.series_colour(self.forecast_series, "chart_line"), 2)
        dashed.setStyle(Qt.PenStyle.DashLine)
        self.forecast_series.setPen(dashed)
        # The band's edges: kept here as the area series only borrows them.
        self.upper_series = QLineSeries()
        self.lower_series = QLineSeries()
        self.band = QAreaSeries(self.upper_series, self.lower_series)
        self.band.setName("Likely range (80%)")
        self.band.setBrush(QBrush(theme.series_colour(self.band, "chart_band")))
        self.band.setPen(QPen(Qt.PenStyle.NoPen))
        self.x_axis = month_axis()
        self.y_axis = count_axis("Referrals")
        self.chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(self.y_axis, Qt.AlignmentFlag.AlignLeft)
        for series in (self.band, self.history_series, self.forecast_series):
            self.chart.addSeries(series)
            series.attachAxis(self.x_axis)
            series.attachAxis(self.y_axis)
        self.view = chart_view(
            self.chart,
            "Referral forecast chart",
            "Referrals received each month, then the forecast with its likely range. "
            "The same figures are in the table beside the chart.",
        )
        self.view.setMinimumSize(360, 220)

        self.method_label = _text("Method", bold=True)
        self.history_label = _text("History")
        self.warning_label = _text("Too little history")
        theme.style(self.warning_label, theme.ERROR + " font-weight: bold;")
        self.warning_label.hide()
        self.backtest_label = _text("How the forecast did when tested")
        self.band_label = _text("Likely range")
        theme.style(self.band_label, theme.HINT)
        self.band_label.setText(BAND_WORDS)

        self.table = QTableWidget(0, len(TABLE_COLUMNS))
        self.table.setObjectName("forecastTable")
        self.table.setAccessibleName("Forecast by month")
        self.table.setToolTip(TABLE_TIP)
        self.table.setHorizontalHeaderLabels(list(TABLE_COLUMNS))
        read_only_table(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumWidth(300)

        words = QVBoxLayout()
        words.setSpacing(4)
        for label in (
            self.method_label,
            self.history_label,
            self.warning_label,
            self.backtest_label,
            self.band_label,
        ):
            words.addWidget(label)
        side = QVBoxLayout()
        side.addLayout(words)
        side.addWidget(self.table, 1)
        side_widget = QWidget()
        side_widget.setLayout(side)
        side.setContentsMargins(0, 0, 0, 0)
        side_widget.setMinimumWidth(320)
        side_widget.setMaximumWidth(420)
        side_widget.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        # Scrolls when the pane is short (125% text on a laptop) rather than cut the
        # method's words off.
        side_area = scrolling(side_widget, "forecastSide")
        side_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        bar = side_area.verticalScrollBar().sizeHint().width()
        side_area.setMinimumWidth(320 + bar)
        side_area.setMaximumWidth(420 + bar)
        side_area.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(side_area)
        self.clear()

    def show_series(self, plan: Plan, series: SeriesSummary) -> None:
        """Draw ``series`` of ``plan``: its history, forecast and likely range."""
        self.series = series
        self.rows = [m for m in plan.months if m.type == series.type]
        title = type_title(series.type)
        self.chart.setTitle(f"Referrals a month: {title}")
        self.history_series.replace([QPointF(x_of(mid_month(m)), n) for m, n in series.history])
        self.forecast_series.replace(
            [QPointF(x_of(mid_month(r.month)), r.forecast) for r in self.rows]
        )
        self.upper_series.replace([QPointF(x_of(mid_month(r.month)), r.upper80) for r in self.rows])
        self.lower_series.replace([QPointF(x_of(mid_month(r.month)), r.lower80) for r in self.rows])
        months = [m for m, _ in series.history] + [r.month for r in self.rows]
        if months:
            fit_month_axis(self.x_axis, months[0], months[-1])
        top = max([n for _, n in series.history] + [r.upper80 for r in self.rows] + [1.0])
        fit_count_axis(self.y_axis, float(top))
        for axis in (self.x_axis, self.y_axis):
            axis.show()
        self.chart.legend().show()

        self.method_label.setText(method_text(series))
        self.history_label.setText(history_text(series))
        warning = too_little_text(series)
        self.warning_label.setText(warning)
        self.warning_label.setVisible(bool(warning))
        self.backtest_label.setText(backtest_text(series))
        self.band_label.setText(
            f"{BAND_WORDS} {plan.as_of:%B %Y} is still under way, so it is neither counted "
            "nor forecast."
        )
        self.band_label.show()
        self._fill_table()
        self.view.setAccessibleDescription(
            f"Referrals received each month ({title}), then the forecast for the next "
            f"{len(self.rows)} months with its likely range. The figures are in the table."
        )

    def clear(self, message: str = "") -> None:
        """Nothing to show: no forecast, or one being made for the first time."""
        self.series = None
        self.rows = []
        self.chart.setTitle("Referrals a month")
        for line in (
            self.history_series,
            self.forecast_series,
            self.upper_series,
            self.lower_series,
        ):
            line.clear()
        self.method_label.setText(message)
        for label in (self.history_label, self.backtest_label):
            label.setText("")
        self.warning_label.hide()
        self.band_label.hide()
        self.table.setRowCount(0)
        for axis in (self.x_axis, self.y_axis):
            axis.hide()  # an empty chart's axes would only count from 0 to 0 in 1970
        self.chart.legend().hide()

    def _fill_table(self) -> None:
        self.table.setRowCount(len(self.rows))
        for row, month in enumerate(self.rows):
            cells = (
                month_name(month.month, short=True),
                number(month.forecast),
                number(month.lower80),
                number(month.upper80),
            )
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if column:
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                else:
                    cell.setToolTip(month_name(month.month))
                self.table.setItem(row, column, cell)


def _text(name: str, *, bold: bool = False) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setAccessibleName(name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if bold:
        theme.style(label, "font-weight: bold;")
    return label
