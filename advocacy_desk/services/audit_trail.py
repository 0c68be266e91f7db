"""The audit trail for the people allowed to read it: listing and verifying."""

from __future__ import annotations

from datetime import date

from advocacy_desk.services import audit
from advocacy_desk.services.access import GuardedService, Permission, requires


class AuditService(GuardedService):
    @requires(Permission.AUDIT, what="read the audit trail")
    def events(self, since: date | None = None, user: str | None = None,
               action: str | None = None) -> list[audit.EventRow]:  # fmt: skip
        """The trail, oldest first, from a day on, by one user and/or of one action."""
        with self._uow(read_only=True) as uow:
            rows = audit.events(uow.session, since, user)
        return [r for r in rows if not action or r.action == action]

    @requires(Permission.AUDIT, what="check the audit trail")
    def verify(self) -> tuple[int, audit.Broken | None]:
        """(events checked, the first broken link or None)."""
        with self._uow(read_only=True) as uow:
            return audit.verify(uow.session)

    @requires(Permission.AUDIT, what="read the audit trail")
    def users(self) -> list[str]:
        """Every user name in the trail, for the filter."""
        from sqlalchemy import select

        from advocacy_desk.db.models import AuditEvent

        with self._uow(read_only=True) as uow:
            query = select(AuditEvent.username).distinct().order_by(AuditEvent.username)
            return [u for u in uow.session.scalars(query) if u]
