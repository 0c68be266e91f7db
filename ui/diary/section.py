"""The Diary section, as the main window lists it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from advocacy_desk.domain.permissions import Permission
from ui.sections import Section, Window

if TYPE_CHECKING:
    from advocacy_desk.app import Services
    from ui.bus import DataBus
    from ui.diary.page import DiaryPage


def _build(services: Services, bus: DataBus) -> DiaryPage:
    from ui.diary.page import DiaryPage

    return DiaryPage(services, bus)


def _link(page: DiaryPage, window: Window) -> None:
    """A next action's row opens its case in Casework."""
    page.open_record.connect(window.open_record)


SECTION = Section(
    "diary",
    "Diary",
    (Permission.CASEWORK_ALL, Permission.CASEWORK_READ, Permission.CASEWORK_OWN),
    "diary.md",
    build=_build,
    link=_link,
    lazy=True,
)
