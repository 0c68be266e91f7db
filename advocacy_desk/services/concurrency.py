"""Optimistic locking: two people editing the same record at once.

Records that people edit in forms (a person, a referral, an advocate's report, an
appointment) carry a version number that every save increases (SQLAlchemy's
``version_id_col``). A form remembers the version it opened; saving from an older version
is refused with an :class:`EditConflict` naming who saved in between, when, and which
fields they changed, so nothing is overwritten silently. Two saves racing past that check
at the same instant are still caught by the version in the UPDATE's WHERE clause (see
:class:`~advocacy_desk.services.uow.UnitOfWork`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from advocacy_desk.db.models import AuditEvent
from advocacy_desk.domain.dates import stored_utc
from advocacy_desk.domain.errors import EditConflict
from advocacy_desk.domain.vocabulary import Vocabulary
from advocacy_desk.services import audit_writer

#: Times are shown as the users' clocks show them.
LONDON = ZoneInfo("Europe/London")

#: Shown for a save that lost a race the version check could not see coming.
RACE = (
    "someone else saved this record at the same moment, so nothing of yours was saved: "
    "close it, open it again to see their changes, then make yours"
)


#: Audit entries that change nothing (reading, exporting): not "who last saved".
_NOT_SAVES = ("view", "export", "refused")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?")


def _label(field: str, labels: Mapping[str, str]) -> str:
    """The field as its form names it, in the middle of a sentence."""
    label = labels.get(field) or field.replace("_", " ")
    return label[:1].lower() + label[1:] if not label[:2].isupper() else label


def _text(value: Any) -> str:
    """A value as the audit trail keeps it, the way the forms show it: dates as
    25/11/2026, times as 25/11/2026 14:05, lists joined with commas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(_text(item) for item in value)
    text = str(value)
    try:
        if _ISO_DATE.fullmatch(text):
            return date.fromisoformat(text).strftime("%d/%m/%Y")
        if _ISO_MOMENT.fullmatch(text):
            return datetime.fromisoformat(text).strftime("%d/%m/%Y %H:%M")
    except ValueError:  # typed text that only looks like a date
        pass
    return text


def _shown(value: Any, vocabulary: Vocabulary | None = None) -> str:
    if vocabulary is not None and isinstance(value, str) and value in vocabulary:
        value = vocabulary.label(value)  # as the form shows it, not the stored code
    text = _text(value)
    if not text:
        return "blank"
    return f'"{text}"' if len(text) <= 40 else f'"{text[:37]}..."'


def describe_changes(
    changed: Mapping[str, list[Any]],
    labels: Mapping[str, str] | None = None,
    codes: Mapping[str, Vocabulary] | None = None,
) -> str:
    """``family name ("Able" to "Able-Smith"), postcode ("CM1 1AA" to blank)``: fields
    named as ``labels`` has them, coded values as their ``codes`` vocabulary's labels."""
    labels, codes = labels or {}, codes or {}
    return ", ".join(
        f"{_label(field, labels)} ({_shown(old, codes.get(field))} to "
        f"{_shown(new, codes.get(field))})"
        for field, (old, new) in changed.items()
    )


def refuse_if_changed(
    session: Session,
    *,
    what: str,
    entity: str,
    entity_id: int,
    opened_version: int | None,
    current_version: int,
    opened: Mapping[str, Any],
    current: Mapping[str, Any],
    labels: Mapping[str, str] | None = None,
    codes: Mapping[str, Vocabulary] | None = None,
) -> None:
    """Raise :class:`EditConflict` when the record is no longer the version the form
    opened (``opened_version``; ``None`` skips the check, for callers with no form)."""
    if opened_version is None or opened_version == current_version:
        return
    last = session.scalars(
        select(AuditEvent)
        .where(
            AuditEvent.entity == entity,
            AuditEvent.entity_id == entity_id,
            AuditEvent.action.not_in(_NOT_SAVES),
        )
        .order_by(AuditEvent.id.desc())
        .limit(1)
    ).first()
    who = ""
    if last is not None:
        when = stored_utc(last.occurred_at).astimezone(LONDON).strftime("%H:%M on %d/%m/%Y")
        who = f" ({last.username} at {when})"
    changed = audit_writer.changes(opened, current)
    fields = f"; they changed {describe_changes(changed, labels, codes)}" if changed else ""
    raise EditConflict(
        f"someone else saved {what} while you had it open{who}{fields}. Nothing of yours "
        "was saved: copy anything you need, close it and open it again to see their "
        "changes, then make yours"
    )
