"""Casework: the rules an activity, an issue and a case's closure must keep."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from advocacy_desk.domain.errors import ValidationError
from advocacy_desk.domain.text import refuse_control_characters
from advocacy_desk.domain.vocabulary import (
    ACTIVITY_KIND,
    CLOSURE_REASON,
    FEEDBACK_ANSWER,
    FEEDBACK_ANSWERED_BY,
    ISSUE_CATEGORY,
    ISSUE_OUTCOME,
    OUTCOME_QUESTION,
)

MINUTES_PER_DAY = 24 * 60
MAX_NOTE_LENGTH = 20_000
MAX_ISSUE_LENGTH = 2_000
MAX_ACTION_LENGTH = 500

_MINUTES = re.compile(r"^\s*(\d{1,5})\s*(?:m|min|mins|minutes)?\s*$", re.IGNORECASE)
_HOURS_MINUTES = re.compile(r"^\s*(\d{1,2})\s*[:h.]\s*(\d{1,2})\s*(?:m|min|mins)?\s*$", re.I)


def parse_duration(text: str) -> int:
    """Minutes from "45", "45m", "1:30" or "1h30". Raises ``ValueError`` saying how
    to write it."""
    if m := _MINUTES.match(text):
        return int(m[1])
    if (m := _HOURS_MINUTES.match(text)) and int(m[2]) < 60:
        return int(m[1]) * 60 + int(m[2])
    raise ValueError(
        f'"{text.strip()}" is not a duration: write minutes (45) or hours:minutes (1:30)'
    )


def format_duration(minutes: int) -> str:
    """1:30 for 90 minutes; 0:45 for 45."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def format_hours(minutes: int) -> str:
    """Hours with one decimal place, as returns give them: 90 minutes is 1.5; halves
    round up (135 minutes is 2.3), as people round by hand."""
    tenths = (Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{tenths:.1f}"


@dataclass(frozen=True)
class ActivityDetails:
    """One entry of the casework log, as the advocate types it."""

    occurred_on: date
    kind: str
    minutes: int
    travel_minutes: int = 0
    note: str = ""


def clean_activity(details: ActivityDetails, opened_on: date, today: date) -> ActivityDetails:
    """The entry tidied, or ``ValidationError`` naming each field that breaks a rule."""
    refuse_control_characters(vars(details), {"note": "Note", "kind": "Kind"})
    errors: dict[str, str] = {}
    if details.occurred_on < opened_on:
        errors["occurred_on"] = (
            f"Date is before the case opened ({opened_on:%d/%m/%Y}): check the date."
        )
    elif details.occurred_on > today:
        errors["occurred_on"] = "Date is in the future: log work once it is done."
    if details.kind not in ACTIVITY_KIND:
        errors["kind"] = f"Kind: choose one of {', '.join(ACTIVITY_KIND.codes)}."
    if not 0 < details.minutes < MINUTES_PER_DAY:
        errors["minutes"] = (
            "Duration must be more than 0 and under 24 hours: write minutes (45) or "
            "hours:minutes (1:30)."
        )
    if not 0 <= details.travel_minutes < MINUTES_PER_DAY:
        errors["travel_minutes"] = "Travel time must be under 24 hours (or blank for none)."
    note = details.note.strip()
    if len(note) > MAX_NOTE_LENGTH:
        errors["note"] = f"The note is too long: at most {MAX_NOTE_LENGTH:,} characters."
    if errors:
        raise ValidationError(errors)
    return ActivityDetails(
        details.occurred_on, details.kind, details.minutes, details.travel_minutes, note
    )


def clean_issue(category: str, description: str) -> tuple[str, str]:
    refuse_control_characters({"category": category, "description": description}, {})
    errors: dict[str, str] = {}
    if category not in ISSUE_CATEGORY:
        errors["category"] = f"Category: choose one of {', '.join(ISSUE_CATEGORY.codes)}."
    text = " ".join(description.split())
    if not text:
        errors["description"] = "Describe the issue in the person's words, briefly."
    elif len(text) > MAX_ISSUE_LENGTH:
        errors["description"] = f"The description is too long: at most {MAX_ISSUE_LENGTH:,}."
    if errors:
        raise ValidationError(errors)
    return category, text


def check_outcome(outcome: str, on: date, opened_on: date, today: date) -> None:
    errors: dict[str, str] = {}
    if outcome not in ISSUE_OUTCOME:
        errors["outcome"] = f"Outcome: choose one of {', '.join(ISSUE_OUTCOME.codes)}."
    if on < opened_on or on > today:
        errors["outcome_on"] = (
            f"Outcome date must be between the case opening ({opened_on:%d/%m/%Y}) and today."
        )
    if errors:
        raise ValidationError(errors)


@dataclass(frozen=True)
class Feedback:
    """The five outcome questions (codes of ``OUTCOME_QUESTION``) and who answered."""

    answers: dict[str, str] = field(
        default_factory=lambda: dict.fromkeys(OUTCOME_QUESTION.codes, "not_asked")
    )
    answered_by: str = "person"


@dataclass(frozen=True)
class Closure:
    """Closing a case: why, when, and the outcome questions where the person can answer."""

    reason: str
    closed_on: date
    feedback: Feedback = field(default_factory=Feedback)


def check_closure(
    closure: Closure, opened_on: date, last_activity_on: date | None, today: date,
    open_issues: list[str],
) -> None:  # fmt: skip
    """``ValidationError`` naming what stops the case closing."""
    errors: dict[str, str] = {}
    if closure.reason not in CLOSURE_REASON:
        errors["reason"] = f"Closure reason: choose one of {', '.join(CLOSURE_REASON.codes)}."
    if closure.closed_on < opened_on:
        errors["closed_on"] = f"Closing date is before the case opened ({opened_on:%d/%m/%Y})."
    elif last_activity_on is not None and closure.closed_on < last_activity_on:
        errors["closed_on"] = (
            f"Closing date is before the last logged activity ({last_activity_on:%d/%m/%Y})."
        )
    elif closure.closed_on > today:
        errors["closed_on"] = "Closing date is in the future."
    if open_issues:
        errors["issues"] = "Give every issue an outcome before closing: still open: " + "; ".join(
            open_issues
        )
    feedback = closure.feedback
    if set(feedback.answers) != set(OUTCOME_QUESTION.codes):
        errors["feedback"] = "Answer all five outcome questions (or mark them not asked)."
    elif any(answer not in FEEDBACK_ANSWER for answer in feedback.answers.values()):
        errors["feedback"] = f"Outcome answers are one of {', '.join(FEEDBACK_ANSWER.codes)}."
    if feedback.answered_by not in FEEDBACK_ANSWERED_BY:
        errors["answered_by"] = (
            f"Who answered: choose one of {', '.join(FEEDBACK_ANSWERED_BY.codes)}."
        )
    if errors:
        raise ValidationError(errors)
