"""The Casework section, as the main window lists it: the caseload, and for those who
see every case, the hours delivered, each in its own tab."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QTabWidget

from advocacy_desk.domain.permissions import Permission
from ui.sections import Section
from ui.widgets import screen

if TYPE_CHECKING:
    from advocacy_desk.app import Services
    from ui.bus import DataBus
    from ui.casework.page import CaseworkPage


class CaseworkTabs(QTabWidget):
    """The section's tabs; :attr:`caseload` is where another section opens a case."""

    def __init__(self, services: Services, bus: DataBus) -> None:
        super().__init__()
        from ui.casework.hours import HoursView
        from ui.casework.page import CaseworkPage

        self.setObjectName("caseworkTabs")
        self.caseload: CaseworkPage = CaseworkPage(services, bus)
        self.addTab(self.caseload, "Caseload")
        if services.access.can(Permission.CASEWORK_ALL, Permission.CASEWORK_READ):
            # In its own scroll area, so its wide filters do not widen the caseload's
            # tab too.
            self.addTab(screen.scrolling(HoursView(services), "hoursScroll"), "Hours delivered")


SECTION = Section(
    "casework",
    "Casework",
    (Permission.CASEWORK_ALL, Permission.CASEWORK_READ, Permission.CASEWORK_OWN),
    "reports.md",
    build=CaseworkTabs,
    lazy=True,
    page="ui.casework.page",
)
