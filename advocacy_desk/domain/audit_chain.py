"""The audit trail's chain: each event carries a hash of itself and of the event before,
so changing, removing or inserting any event breaks every link after it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

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


@dataclass(frozen=True)
class Head:
    """The audit trail's head: how many events it holds and the hash of the last one
    (``GENESIS``, all zeros, for an empty trail), as seen ``at`` a moment."""

    events: int
    head: str
    at: datetime

    def as_dict(self) -> dict[str, Any]:
        return {"events": self.events, "head": self.head, "at": self.at.isoformat()}

    def to_json(self) -> str:
        return json.dumps(self.as_dict())

    @property
    def short(self) -> str:
        """The hash as people quote it: its first and last four characters."""
        return f"{self.head[:4]}\u2026{self.head[-4:]}"

    def describe(self) -> str:
        """``12,345 events, head 3f9a…c21e``."""
        return f"{self.events:,} events, head {self.short}"
