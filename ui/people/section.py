"""The People section, as the main window lists it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from advocacy_desk.domain.permissions import Permission
from ui.sections import Section, Window

if TYPE_CHECKING:
    from advocacy_desk.app import Services
    from ui.bus import DataBus
    from ui.people.page import PeoplePage


def _build(services: Services, bus: DataBus) -> PeoplePage:
    from ui.people.page import PeoplePage

    return PeoplePage(services, bus)


def _link(page: PeoplePage, window: Window) -> None:
    """A person's links open their cases and the planning figures."""
    page.open_casework.connect(lambda: window.show_section("casework"))
    page.open_planning.connect(lambda: window.show_section("planning"))


SECTION = Section(
    "people",
    "People",
    (
        Permission.PEOPLE_ALL,
        Permission.PEOPLE_READ,
        Permission.PEOPLE_OWN,
        Permission.PEOPLE_CITIZEN,
    ),
    "waiting-list.md",
    build=_build,
    link=_link,
    page="ui.people.page",
)
