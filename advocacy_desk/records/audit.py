"""The audit trail as the services return it: its events, and the chain and witnesses checked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True)
class Broken:
    """The first event whose hash does not follow: the trail was changed there or after."""

    event_id: int
    occurred_at: datetime
    action: str
    entity: str
    why: str


@dataclass(frozen=True)
class EventRow:
    id: int
    occurred_at: datetime
    username: str
    action: str
    entity: str
    entity_id: int | None
    details: str


@dataclass(frozen=True)
class WitnessCheck:
    """One witness checked against the trail: ``message`` says how it went, starting
    ``witness NAME:``."""

    path: Path
    ok: bool
    message: str


@dataclass(frozen=True)
class Verification:
    """The chain walked and every witness checked. ``found`` says which witnesses were
    found and used when none were given."""

    checked: int
    broken: Broken | None
    total: int
    witnesses: list[WitnessCheck]
    found: list[str]

    @property
    def ok(self) -> bool:
        return self.broken is None and all(w.ok for w in self.witnesses)
