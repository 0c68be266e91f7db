"""Chart pieces for the Planning section: months on the x axis, counts from 0 up."""

from __future__ import annotations

import math
from datetime import date

from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QValueAxis
from PySide6.QtCore import QDate, QDateTime, QMargins, Qt, QTime
from PySide6.QtGui import QPainter

from ui.widgets import theme

#: Month labels on the x axis, at most this many.
MAX_MONTH_LABELS = 7
MONTH_STEPS = (1, 2, 3, 4, 6, 12, 24)


def month_index(code: str) -> int:
    """ "2026-11" as a count of months, so months can be subtracted."""
    return int(code[:4]) * 12 + int(code[5:7]) - 1


def month_code(index: int) -> str:
    year, zero_based = divmod(index, 12)
    return f"{year:04d}-{zero_based + 1:02d}"


def mid_month(code: str) -> QDateTime:
    """The middle of a month, where its count is drawn (so a month's label, wherever the
    axis puts it within the month, is the month of the point beside it)."""
    return QDateTime(QDate(int(code[:4]), int(code[5:7]), 15), QTime(12, 0))


def day_time(day: date) -> QDateTime:
    return QDateTime(QDate(day.year, day.month, day.day), QTime(12, 0))


def x_of(moment: QDateTime) -> float:
    return float(moment.toMSecsSinceEpoch())


def fit_month_axis(
    axis: QDateTimeAxis, first: str, last: str, labels: int = MAX_MONTH_LABELS
) -> None:
    """Span ``first`` to ``last`` (mid-month), labelled every 1, 2, 3... months, with at
    most ``labels`` labels."""
    start = month_index(first)
    span = max(month_index(last) - start, 1)
    step = next((s for s in MONTH_STEPS if span / s <= labels - 1), MONTH_STEPS[-1])
    ticks = math.ceil(span / step)
    axis.setRange(mid_month(first), mid_month(month_code(start + ticks * step)))
    axis.setTickCount(ticks + 1)


def nice_step(raw: float) -> float:
    """1, 2, 5, 10, 20, 50... at least ``raw`` and at least 1 (counts are whole)."""
    if raw <= 1:
        return 1.0
    magnitude = 10.0 ** math.floor(math.log10(raw))
    return next(float(m * magnitude) for m in (1, 2, 5, 10) if m * magnitude >= raw)


def fit_count_axis(axis: QValueAxis, top: float, ticks: int = 5) -> None:
    """From 0 (never below) to a round number above ``top``."""
    step = nice_step(max(top, 1.0) * 1.05 / ticks)
    count = max(math.ceil(max(top, 1.0) * 1.05 / step), 1)
    axis.setRange(0.0, step * count)
    axis.setTickCount(count + 1)


def month_axis() -> QDateTimeAxis:
    axis = QDateTimeAxis()
    axis.setFormat("MMM yyyy")
    return axis


def count_axis(title: str) -> QValueAxis:
    axis = QValueAxis()
    axis.setLabelFormat("%.0f")
    axis.setTitleText(title)
    axis.setMinorTickCount(0)
    return axis


def chart_view(chart: QChart, name: str, description: str) -> QChartView:
    """A view of ``chart`` with tight margins, smooth lines and a name for screen readers."""
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(0)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    theme.colour_chart(chart)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setAccessibleName(name)
    view.setAccessibleDescription(description)
    return view
