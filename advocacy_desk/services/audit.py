"""Writing to the audit trail from inside a unit of work."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from advocacy_desk.db.models import AuditEvent


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


def record(
    session: Session,
    user: str,
    action: str,
    entity: str,
    entity_id: int | None,
    details: Mapping[str, Any] | None = None,
) -> None:
    session.add(
        AuditEvent(
            username=user,
            action=action,
            entity=entity,
            entity_id=entity_id,
            details=json.dumps(details or {}, sort_keys=True, default=str),
        )
    )
