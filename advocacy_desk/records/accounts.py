"""Staff accounts as the services return them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from advocacy_desk.domain.dates import stored_utc
from advocacy_desk.domain.vocabulary import ROLE


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    full_name: str
    role: str
    active: bool
    has_password: bool
    failed_sign_ins: int
    locked_until: datetime | None
    last_sign_in_at: datetime | None

    @property
    def role_label(self) -> str:
        return ROLE.label(self.role)

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and stored_utc(self.locked_until) > now
