"""The Citizen advocacy section, as the main window lists it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from advocacy_desk.domain.permissions import Permission
from ui.sections import Section

if TYPE_CHECKING:
    from advocacy_desk.app import Services
    from ui.bus import DataBus
    from ui.citizen.page import CitizenPage


def _build(services: Services, bus: DataBus) -> CitizenPage:
    from ui.citizen.page import CitizenPage

    return CitizenPage(services, bus)


#: Built when first shown: its partnerships and volunteers take a second to read on a
#: large database.
SECTION = Section(
    "citizen_advocacy",
    "Citizen advocacy",
    (Permission.CITIZEN_READ,),
    "citizen-advocacy.md",
    build=_build,
    lazy=True,
)
