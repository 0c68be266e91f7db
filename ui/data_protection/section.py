"""The Data protection section (the retention page), as the main window lists it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from advocacy_desk.domain.permissions import Permission
from ui.sections import Section

if TYPE_CHECKING:
    from advocacy_desk.app import Services
    from ui.bus import DataBus
    from ui.data_protection.retention import RetentionPage


def _build(services: Services, bus: DataBus) -> RetentionPage:
    from ui.data_protection.retention import RetentionPage

    return RetentionPage(services, bus)


SECTION = Section(
    "data_protection",
    "Data protection",
    (Permission.DATA_PROTECTION,),
    "data-protection.md",
    build=_build,
    lazy=True,
)
