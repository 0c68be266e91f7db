"""The Audit trail section, as the main window lists it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from advocacy_desk.domain.permissions import Permission
from ui.sections import Section

if TYPE_CHECKING:
    from advocacy_desk.app import Services
    from ui.audit.page import AuditPage
    from ui.bus import DataBus


def _build(services: Services, bus: DataBus) -> AuditPage:
    from ui.audit.page import AuditPage

    return AuditPage(services, bus)


SECTION = Section(
    "audit",
    "Audit trail",
    (Permission.AUDIT,),
    "accounts.md#the-audit-trail",
    build=_build,
    lazy=True,
)
