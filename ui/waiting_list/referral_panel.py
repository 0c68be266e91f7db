"""The panel beside the waiting list: the chosen referral's rank, its score criterion by
criterion (the answer to "why is this person 3rd?"), any manager override, unanswered
matrix questions, and the history of its scores.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.domain.dates import format_uk
from advocacy_desk.domain.referrals import FIELD_LABELS
from advocacy_desk.domain.vocabulary import ADVOCACY_TYPE
from advocacy_desk.records.waiting_list import Breakdown, ScoreHistoryEntry, WaitingRow
from ui.waiting_list.dialogs import WARNING_STYLE
from ui.waiting_list.text import bold, days, escaped, ordinal, plain_label, rank_sentence, signed
from ui.widgets import theme

#: How many score-history entries the panel lists, newest first.
HISTORY_SHOWN = 30

NO_SELECTION = "Choose a referral in the list to see why it is ranked where it is."


class ReferralPanel(QWidget):
    """The selected referral: its rank, its score part by part, overrides and history."""

    HISTORY_COLUMNS = ("Date", "Event", "Score", "Matrix", "By")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row: WaitingRow | None = None
        self.breakdown: Breakdown | None = None
        self.history: list[ScoreHistoryEntry] = []

        self.placeholder = QLabel()
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        theme.style(self.placeholder, theme.HINT + " padding: 24px;")

        self.title = bold(plain_label("referralTitle"), 1.35)
        self.rank = bold(plain_label("rankSentence"))
        self.rank.setAccessibleName("Rank and score")
        self.facts = plain_label("referralFacts")
        theme.style(self.facts, "color: $text;")

        self.breakdown_heading = bold(QLabel("How the score is made up"))
        self.lines = QLabel()
        self.lines.setObjectName("breakdownLines")
        self.lines.setAccessibleName("How the score is made up")
        self.lines.setTextFormat(Qt.TextFormat.RichText)
        self.lines.setWordWrap(True)
        self.lines.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.unanswered = plain_label("unansweredQuestions")
        self.unanswered.setAccessibleName("Unanswered matrix questions")
        theme.style(self.unanswered, WARNING_STYLE)
        self.override = plain_label("overrideText")
        self.override.setAccessibleName("Manager override")

        self.history_heading = bold(QLabel("Score history"))
        # A rich-text table: each note wraps on the line under its entry, which a
        # narrow panel could not fit in a column of its own.
        self.history_lines = QLabel()
        self.history_lines.setObjectName("scoreHistory")
        self.history_lines.setAccessibleName("Score history")
        self.history_lines.setTextFormat(Qt.TextFormat.RichText)
        self.history_lines.setWordWrap(True)
        self.history_lines.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.no_history = QLabel("No scores recorded for this referral yet.")
        theme.style(self.no_history, theme.HINT)

        details = QWidget()
        column = QVBoxLayout(details)
        column.setContentsMargins(0, 0, 4, 0)
        column.addWidget(self.title)
        column.addWidget(self.rank)
        column.addWidget(self.facts)
        column.addSpacing(6)
        column.addWidget(self.breakdown_heading)
        column.addWidget(self.lines)
        column.addWidget(self.unanswered)
        column.addWidget(self.override)
        column.addSpacing(6)
        column.addWidget(self.history_heading)
        column.addWidget(self.history_lines)
        column.addWidget(self.no_history)
        column.addStretch(0)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(details)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.stack)
        self.show_nothing(NO_SELECTION)

    def show_nothing(self, message: str) -> None:
        self.row = None
        self.breakdown = None
        self.history = []
        self.placeholder.setText(message)
        self.history_lines.clear()
        self.stack.setCurrentIndex(0)

    def show_referral(
        self,
        row: WaitingRow,
        total: int,
        breakdown: Breakdown,
        history: list[ScoreHistoryEntry],
        shown_at: int | None = None,
        shown: int | None = None,
    ) -> None:
        """Show ``row``; ``shown_at`` of ``shown`` is its place while filters narrow the list."""
        self.row, self.breakdown, self.history = row, breakdown, history
        self.title.setText(f"{row.referral_ref}: {row.person_name}")
        sentence = rank_sentence(row, total, breakdown)
        if shown_at is not None and shown is not None and shown != total:
            sentence += f"; {ordinal(shown_at)} of the {shown:,} the filters show"
        self.rank.setText(sentence)
        facts = [
            ADVOCACY_TYPE.label(row.advocacy_type) + (", statutory" if row.statutory else ""),
            f"received {format_uk(row.received_on)}, waiting {days(row.days_waiting)}",
        ]
        if row.decision_due_on is not None:
            facts.append(f"decision or meeting date {format_uk(row.decision_due_on)}")
        facts.append(f"{row.person_ref}, {row.area or 'area not recorded'}")
        self.facts.setText("; ".join(facts) + ".")

        hint = theme.hex_of("hint")
        cells = "".join(
            "<tr>"
            f"<td style='padding:3px 8px 3px 0'>{escaped(line.criterion)}</td>"
            f"<td style='padding:3px 8px 3px 0; color:{hint}'>{escaped(line.why)}</td>"
            f"<td align='right' style='padding:3px 0'>{signed(line.points)}</td>"
            "</tr>"
            for line in breakdown.lines
        )
        rule = f"border-top:1px solid {theme.hex_of('hint')}"
        total_row = (
            f"<tr><td style='padding:5px 8px 3px 0; {rule}'><b>Total</b></td>"
            f"<td style='{rule}'></td>"
            f"<td align='right' style='padding:5px 0 3px 0; {rule}'>"
            f"<b>{breakdown.score.total}</b></td></tr>"
        )
        self.lines.setText(
            "<table width='100%' cellspacing='0'>"
            f"<tr style='color:{theme.hex_of('hint')}'><td>Criterion</td><td>Answer</td>"
            "<td align='right'>Points</td></tr>"
            f"{cells}{total_row}</table>"
        )
        if breakdown.unanswered:
            names = ", ".join(FIELD_LABELS.get(name, name) for name in breakdown.unanswered)
            self.unanswered.setText(
                f"Matrix incomplete. Not answered yet: {names}. Each scores 0 until it is "
                "answered, so the rank may be too low: answer them with Edit referral…"
            )
        self.unanswered.setVisible(bool(breakdown.unanswered))
        if breakdown.override_points:
            self.override.setText(
                f"Manager override: {breakdown.override_points:+d} points. "
                f"Reason: {breakdown.override_reason or 'none recorded'}"
            )
        else:
            self.override.setText("No manager override.")
        self._show_history(history)
        self.stack.setCurrentIndex(1)

    def _show_history(self, history: list[ScoreHistoryEntry]) -> None:
        cell = "padding:2px 8px 2px 0"
        heads = "".join(
            f"<td align='right' style='{cell}'>{title}</td>"
            if title == "Score"
            else f"<td style='{cell}'>{title}</td>"
            for title in self.HISTORY_COLUMNS
        )
        hint = theme.hex_of("hint")
        rows = [f"<tr style='color:{hint}'>{heads}</tr>"]
        for entry in history[:HISTORY_SHOWN]:
            score = f"{entry.score}{' (incomplete)' if entry.incomplete else ''}"
            rows.append(
                "<tr>"
                f"<td style='{cell}; white-space:nowrap'>{format_uk(entry.scored_on)}</td>"
                f"<td style='{cell}; white-space:nowrap'>{escaped(entry.event_label)}</td>"
                f"<td align='right' style='{cell}'>{score}</td>"
                f"<td style='{cell}'>v{entry.matrix_version}</td>"
                f"<td style='padding:2px 0'>{escaped(entry.username or '–')}</td>"
                "</tr>"
            )
            if entry.note:
                rows.append(
                    f"<tr><td></td><td colspan='4' style='padding:0 0 4px 0; color:{hint}'>"
                    f"<i>{escaped(entry.note)}</i></td></tr>"
                )
        if len(history) > HISTORY_SHOWN:
            rows.append(
                f"<tr><td colspan='5' style='color:{hint}'>and "
                f"{len(history) - HISTORY_SHOWN:,} earlier</td></tr>"
            )
        self.history_lines.setText(f"<table cellspacing='0'>{''.join(rows)}</table>")
        self.history_lines.setVisible(bool(history))
        self.no_history.setVisible(not history)
