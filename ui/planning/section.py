"""The Planning section, as the main window lists it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from advocacy_desk.domain.permissions import Permission
from ui.sections import Section

if TYPE_CHECKING:
    from advocacy_desk.app import Services
    from ui.bus import DataBus
    from ui.planning.page import PlanningPage


def _build(services: Services, bus: DataBus) -> PlanningPage:
    from ui.planning.page import PlanningPage

    return PlanningPage(services, bus)


SECTION = Section(
    "planning",
    "Planning",
    (Permission.PLANNING,),
    "planning.md",
    build=_build,
    lazy=True,
    page="ui.planning.page",
)
