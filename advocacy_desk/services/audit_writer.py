"""Writing to the audit trail from inside a unit of work: every service that changes
something calls ``audit_writer.record(session, ...)`` before it commits. Reading the
trail back (listing, walking the chain, checking witnesses) is ``services.audit``."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from advocacy_desk.db.models import AuditEvent, utcnow
from advocacy_desk.domain.audit_chain import GENESIS, event_hash

__all__ = ["changes", "created", "record", "recorded_in"]

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
