"""How the Waiting list puts things into words (ranks, days, points, counts), and the
plain labels its page and panels show them in.

Shared by the page (:mod:`ui.waiting_list.page`), the headline figures
(:mod:`ui.waiting_list.headline`) and the referral panel
(:mod:`ui.waiting_list.referral_panel`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
)

from advocacy_desk.records.waiting_list import Breakdown, WaitingRow
from ui.waiting_list.equity import median_text


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 102nd."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def days(value: float | None) -> str:
    """ "1 day", "34 days", "12.5 days", or a dash for none."""
    if value is None:
        return "–"
    return f"{median_text(value)} {'day' if value == 1 else 'days'}"


def signed(points: int) -> str:
    """+10, -5, or 0."""
    return f"{points:+d}" if points else "0"


def rank_sentence(row: WaitingRow, total: int, breakdown: Breakdown) -> str:
    """Ranked 3rd of 50, score 60 (matrix version 1)."""
    return (
        f"Ranked {ordinal(row.rank)} of {total:,}, score {breakdown.score.total} "
        f"(matrix version {breakdown.matrix_version})"
    )


def waiting_count(shown: int, total: int, filtered: bool) -> str:
    """ "50 waiting", or "12 of 50 waiting shown" while filters narrow the list."""
    return f"{shown:,} of {total:,} waiting shown" if filtered else f"{total:,} waiting"


def escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def bold(label: QLabel, scale: float = 1.0) -> QLabel:
    font = label.font()
    font.setBold(True)
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label


def plain_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label
