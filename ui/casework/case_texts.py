"""The case screen's words and labels: its status, hours and history lines, the small
fact tables of its summary, and the bold and rich labels it is built of. Kept apart
from the panel so the words read (and are tested) without a case on screen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from advocacy_desk.domain.ages import age_on
from advocacy_desk.domain.casework import format_duration, format_hours
from advocacy_desk.domain.dates import format_uk
from advocacy_desk.domain.vocabulary import ADVOCACY_TYPE, CLOSURE_REASON, ISSUE_OUTCOME
from advocacy_desk.records.casework import CaseEventRow, CaseView, IssueRow
from ui.widgets import theme
from ui.widgets.views import WrappedLabel


def label_of(label: Callable[[str], str], code: str | None) -> str:
    """A code's label, or the code itself when the vocabulary no longer knows it (an old
    record), so a case always shows."""
    try:
        return label(code or "")
    except ValueError:
        return code or ""


def bold(label: QLabel, scale: float = 1.0) -> QLabel:
    """``label`` in bold (and ``scale`` times larger): the case screen's headings."""
    font = label.font()
    font.setBold(True)
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label


def rich(name: str) -> QLabel:
    """A selectable rich-text label named ``name`` that wraps: one block of the summary."""
    label = WrappedLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def facts_html(title: str, lines: list[tuple[str, str]]) -> str:
    """A small titled table of facts, for the summary above the log."""
    rows = "".join(
        f"<tr><td style='color:{theme.hex_of('hint')}; padding-right:10px'>{escape(k)}</td>"
        f"<td>{escape(v)}</td></tr>"
        for k, v in lines
    )
    return f"<b>{escape(title)}</b><table cellspacing='0' cellpadding='1'>{rows}</table>"


def status_text(case: CaseView) -> str:
    """ "Open" or "Closed on 20/11/2026: Issues resolved"."""
    if case.closed_on is None:
        return "Open"
    why = label_of(CLOSURE_REASON.label, case.closure_reason)
    return f"Closed on {format_uk(case.closed_on)}" + (f": {why}" if why else "")


def hours_text(minutes: int) -> str:
    """ "1.5 hours (1:30)"; long totals in hours alone: "1518.9 hours"."""
    hours = f"{format_hours(minutes)} {'hour' if minutes == 60 else 'hours'}"
    return hours if minutes >= 100 * 60 else f"{hours} ({format_duration(minutes)})"


def totals_text(case: CaseView) -> str:
    """ "1.5 hours (1:30) in 2 entries"."""
    entries = f"{case.activities:,} {'entry' if case.activities == 1 else 'entries'}"
    return f"{hours_text(case.minutes)} in {entries}"


def event_text(event: CaseEventRow) -> str:
    """ "20/11/2026 Closed: Issues resolved", "24/11/2026 Reopened: asked again"."""
    reason = event.reason
    if event.event == "closed":
        reason = label_of(CLOSURE_REASON.label, reason)
    text = f"{format_uk(event.occurred_on)} {event.event.capitalize()}"
    return f"{text}: {reason}" if reason else text


def issue_outcome_text(issue: IssueRow) -> str:
    """ "Open", or "Achieved (20/11/2026)"."""
    if issue.outcome is None:
        return "Open"
    return f"{label_of(ISSUE_OUTCOME.label, issue.outcome)} ({format_uk(issue.outcome_on)})"


def person_facts(case: CaseView, today: date) -> str:
    """The summary's block on the person: name, reference, and born when (aged what)."""
    if case.person_born is not None:
        born = f"{format_uk(case.person_born)} (aged {age_on(case.person_born, today)})"
    else:
        born = "not known"
    return facts_html(
        "Person",
        [("Name", case.person_name), ("Reference", case.person_ref), ("Born", born)],
    )


def referral_facts(case: CaseView) -> str:
    """The summary's block on the referral the case came from."""
    return facts_html(
        "Referral",
        [
            ("Reference", case.referral_ref),
            ("Type", label_of(ADVOCACY_TYPE.label, case.advocacy_type)),
            ("Received", format_uk(case.referral_received_on)),
        ],
    )


def case_facts(case: CaseView) -> str:
    """The summary's block on the case: its advocate, when opened, time and travel."""
    return facts_html(
        "Case",
        [
            ("Advocate", case.advocate_name),
            ("Opened", format_uk(case.opened_on)),
            ("Time", totals_text(case)),
            ("Travel", hours_text(case.travel_minutes) if case.travel_minutes else "none"),
        ],
    )
