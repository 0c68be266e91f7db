"""The Citizen advocacy section: Matching and partnerships, and Volunteers."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from advocacy_desk.app import Services
from ui.bus import DataBus
from ui.citizen.matching import MatchingView
from ui.citizen.volunteers import VolunteersView
from ui.widgets.views import heading


class CitizenPage(QWidget):
    def __init__(self, services: Services, bus: DataBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.matching = MatchingView(services, bus)
        self.volunteers = VolunteersView(services, bus)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.matching, "Matching and partnerships")
        self.tabs.addTab(self.volunteers, "Volunteers")
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Citizen advocacy", 1.5))
        layout.addWidget(self.tabs, 1)
