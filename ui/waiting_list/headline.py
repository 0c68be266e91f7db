"""The figures above the waiting list: how many wait, the median and longest waits, how
many of them are statutory, and when the list would clear at today's pace.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.records.waiting_list import Headline
from ui.waiting_list.text import bold, days, plain_label
from ui.widgets import theme


class Figure(QFrame):
    """One headline number with what it counts beneath it."""

    def __init__(self, caption: str, tip: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("headlineFigure")
        theme.style(
            self,
            "#headlineFigure { background: $panel; border: 1px solid $panel_edge;"
            " border-radius: 4px; } #headlineFigure QLabel { color: $panel_text; }",
        )
        self.value = bold(QLabel("–"), 1.5)
        self.value.setAccessibleName(caption)
        self.value.setTextFormat(Qt.TextFormat.PlainText)
        self.caption = QLabel(caption)
        theme.style(self.caption, "color: $panel_hint;")
        self.setToolTip(tip)
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 6, 12, 6)
        column.setSpacing(0)
        column.addWidget(self.value)
        column.addWidget(self.caption)

    def set_value(self, text: str) -> None:
        self.value.setText(text)
        self.value.setAccessibleDescription(text)


class HeadlineBar(QWidget):
    """The figures above the list: how many wait, for how long, and when it would clear."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headline: Headline | None = None
        self.waiting = Figure("waiting", "Referrals on the waiting list today")
        self.median = Figure("median wait", "Half have waited longer than this, half less")
        self.longest = Figure("longest wait", "The longest anyone on the list has waited")
        self.statutory = Figure(
            "statutory waiting",
            "Referrals the service has a duty to take: Care Act gate met, or IMCA, IMHA, RPR",
        )
        self.clearing = plain_label("clearingText")
        self.clearing.setAccessibleName("When the list would clear")
        self.clearing.setToolTip(
            "When the list clears if allocations and new referrals both keep the pace of "
            "the last 12 weeks; Planning gives the same answer and lets you try other rates"
        )
        self.clearing.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for figure in (self.waiting, self.median, self.longest, self.statutory):
            row.addWidget(figure)
        row.addSpacing(8)
        row.addWidget(self.clearing, 1)

    def show_headline(self, headline: Headline) -> None:
        self.headline = headline
        self.waiting.set_value(f"{headline.waiting:,}")
        self.median.set_value(days(headline.median_wait_days))
        self.longest.set_value(days(headline.longest_wait_days))
        self.statutory.set_value(f"{headline.statutory_waiting:,}")
        self.clearing.setText(headline.clearing_text)
