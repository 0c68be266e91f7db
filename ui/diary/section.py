"""The Diary section, as the main window lists it."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
    "diary", "Diary", ("casework_all", "casework_read", "casework_own"), "diary.md",
    build=_build, link=_link, lazy=True,
)  # fmt: skip
