"""The audit trail's chain: each event carries a hash of itself and of the event before,
so changing, removing or inserting any event breaks every link after it."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

#: The "previous hash" of the first event.
GENESIS = "0" * 64


def stamp(moment: datetime) -> str:
    """A moment as the chain hashes it: UTC, to the microsecond, without a zone (as the
    database gives it back)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(sep=" ", timespec="microseconds")


def event_hash(
    previous: str,
    occurred_at: datetime,
    username: str,
    action: str,
    entity: str,
    entity_id: int | None,
    details: str,
) -> str:
    """The SHA-256 of the previous event's hash and this event's every field."""
    payload = json.dumps(
        [previous, stamp(occurred_at), username, action, entity, entity_id, details],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
