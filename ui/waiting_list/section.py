"""The Waiting list section, as the main window lists it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from advocacy_desk.domain.permissions import Permission
from ui.sections import Section

if TYPE_CHECKING:
    from advocacy_desk.app import Services
    from ui.bus import DataBus
    from ui.waiting_list.page import WaitingListPage


def _build(services: Services, bus: DataBus) -> WaitingListPage:
    from ui.waiting_list.page import WaitingListPage

    return WaitingListPage(services, bus)


SECTION = Section(
    "waiting_list",
    "Waiting list",
    (Permission.WAITING_READ,),
    "waiting-list.md",
    build=_build,
    page="ui.waiting_list.page",
)
