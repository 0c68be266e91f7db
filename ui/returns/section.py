"""The Returns section, as the main window lists it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from advocacy_desk.domain.permissions import Permission
from ui.sections import Section, Window

if TYPE_CHECKING:
    from advocacy_desk.app import Services
    from ui.bus import DataBus
    from ui.returns.page import ReturnsPage


def _build(services: Services, bus: DataBus) -> ReturnsPage:
    from ui.returns.page import ReturnsPage

    return ReturnsPage(services, bus)


def _link(page: ReturnsPage, window: Window) -> None:
    """A data problem's row opens the record it is about."""
    page.open_record.connect(window.open_record)


SECTION = Section(
    "returns",
    "Returns",
    (Permission.RETURNS_READ,),
    "returns.md",
    build=_build,
    link=_link,
    lazy=True,
    page="ui.returns.page",
)
