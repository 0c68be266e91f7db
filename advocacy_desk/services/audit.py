"""Writing to the audit trail from inside a unit of work."""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from advocacy_desk.db.models import AuditEvent, utcnow
from advocacy_desk.domain.audit_chain import GENESIS, event_hash

#: Where a session keeps the hash of the last event it recorded, with its transaction
#: (another writer may add events between this session's transactions).
_LAST = "audit_last_hash"


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        return sorted(value)
    return value


def changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, list[Any]]:
    """The fields whose value differs, as ``{field: [old, new]}``."""
    return {
        key: [_plain(old.get(key)), _plain(value)]
        for key, value in new.items()
        if _plain(old.get(key)) != _plain(value)
    }


def created(new: Mapping[str, Any]) -> dict[str, list[Any]]:
    """A new record's fields that hold something, as changes from nothing."""
    return {key: [None, _plain(value)] for key, value in new.items()
            if value is not None and value != "" and value != ()}  # fmt: skip


def record(
    session: Session,
    user: str,
    action: str,
    entity: str,
    entity_id: int | None,
    details: Mapping[str, Any] | None = None,
) -> None:
    """Add an event to the trail, chained to the one before it (in this transaction or
    the last one recorded; writers take the write lock first, on SQLite and on a server
    alike (``db.engine``), so the chain has one end)."""
    transaction = id(session.get_transaction())
    kept = session.info.get(_LAST)
    previous = kept[1] if kept and kept[0] == transaction else None  # this transaction's
    if previous is None:
        previous = (
            session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
            or GENESIS
        )
    moment = utcnow()
    text = json.dumps(details or {}, sort_keys=True, default=str)
    digest = event_hash(previous, moment, user, action, entity, entity_id, text)
    session.add(
        AuditEvent(
            occurred_at=moment, username=user, action=action, entity=entity,
            entity_id=entity_id, details=text, prev_hash=previous, hash=digest,
        )
    )  # fmt: skip
    session.info[_LAST] = (transaction, digest)


def recorded_in(session: Session) -> bool:
    """Whether events were recorded in the session's current transaction."""
    kept = session.info.get(_LAST)
    return kept is not None and kept[0] == id(session.get_transaction())


@dataclass(frozen=True)
class Broken:
    """The first event whose hash does not follow: the trail was changed there or after."""

    event_id: int
    occurred_at: datetime
    action: str
    entity: str
    why: str


def verify(session: Session) -> tuple[int, Broken | None]:
    """Walk the whole trail in order: (events checked, the first broken link or None)."""
    walked = walk(session)
    return walked.checked, walked.broken


@dataclass(frozen=True)
class Walk:
    """The whole trail walked once: the events before the first broken link, that
    link, how many events there are, and the hash at each position asked for."""

    checked: int
    broken: Broken | None
    total: int
    hashes: dict[int, str]


def walk(session: Session, positions: Collection[int] = ()) -> Walk:
    """Walk the whole trail in order, checking every link, and keep the hash of the
    events at ``positions`` (1 is the first event) for the witnesses."""
    previous = GENESIS
    checked = 0
    total = 0
    broken: Broken | None = None
    wanted = set(positions)
    hashes: dict[int, str] = {}
    rows = session.execute(
        select(AuditEvent.id, AuditEvent.occurred_at, AuditEvent.username, AuditEvent.action,
               AuditEvent.entity, AuditEvent.entity_id, AuditEvent.details,
               AuditEvent.prev_hash, AuditEvent.hash).order_by(AuditEvent.id)
    ).yield_per(5_000)  # fmt: skip
    for row in rows:
        event_id, moment, user, action, entity, entity_id, text, prev, digest = row
        total += 1
        if total in wanted:
            hashes[total] = digest
        if broken is None:
            why = ""
            if prev != previous:
                why = "it does not point at the event before it (one was removed or inserted)"
            elif event_hash(prev, moment, user, action, entity, entity_id, text) != digest:
                why = "its contents do not match its hash (it was changed)"
            if why:
                broken = Broken(event_id, moment, action, entity, why)
            else:
                checked += 1
        previous = digest
    return Walk(checked, broken, total, hashes)


@dataclass(frozen=True)
class EventRow:
    id: int
    occurred_at: datetime
    username: str
    action: str
    entity: str
    entity_id: int | None
    details: str


def events(session: Session, since: date | None = None, user: str | None = None
           ) -> list[EventRow]:  # fmt: skip
    """The trail, oldest first, from a day on and/or by one user (any case)."""

    query = select(AuditEvent).order_by(AuditEvent.id)
    if since is not None:
        start = datetime(since.year, since.month, since.day, tzinfo=UTC)
        query = query.where(AuditEvent.occurred_at >= start)
    if user:
        query = query.where(func.lower(AuditEvent.username) == user.lower())
    return [
        EventRow(e.id, e.occurred_at, e.username, e.action, e.entity, e.entity_id, e.details)
        for e in session.scalars(query)
    ]
