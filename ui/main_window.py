"""The main window: a navigation pane on the left, the chosen section on the right."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk import about
from advocacy_desk.services import Services
from ui.bus import DataBus
from ui.people.page import PeoplePage


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    coming_soon: str = ""


SECTIONS: tuple[Section, ...] = (
    Section("people", "People"),
    Section(
        "waiting_list",
        "Waiting list",
        "The waiting list, ranked by a prioritisation matrix you can read, tune and "
        "override, with allocation to advocates.",
    ),
    Section(
        "casework",
        "Casework",
        "Caseloads, the casework log with time and travel, issues and outcomes, "
        "and case closure with the five outcome questions.",
    ),
    Section(
        "citizen_advocacy",
        "Citizen advocacy",
        "Volunteer citizen advocates, partner profiles, explained matching and "
        "long-term partnerships.",
    ),
    Section(
        "returns",
        "Returns",
        "The quarterly monitoring return to the commissioner, as PDF and CSV.",
    ),
    Section("settings", "Settings"),
)


def window_title(services: Services) -> str:
    title = f"{about.NAME} — {services.location}"
    return f"DEMO — {title}" if services.settings.is_demo else title


class ComingSoonPage(QWidget):
    def __init__(self, section: Section, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel(f"<h2>{section.title}</h2>")
        self.message = QLabel(f"<p><b>Coming soon.</b></p><p>{section.coming_soon}</p>")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.message)
        layout.addStretch(1)


class SettingsPage(QWidget):
    """For now: where the data is, and the licences of what the app ships."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        database = QLabel(
            "<h2>Settings</h2><h3>Database</h3>"
            f"<p>{_escape(services.location)}"
            + (" <b>(demo data)</b>" if services.settings.is_demo else "")
            + "</p><h3>About and licences</h3>"
            f"<p>{_escape(about.SUMMARY)}</p><p>{_escape(about.DATA_ATTRIBUTION)}</p>"
        )
        database.setWordWrap(True)
        database.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(database)
        layout.addStretch(1)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class MainWindow(QMainWindow):
    def __init__(self, services: Services, bus: DataBus | None = None) -> None:
        super().__init__()
        self.services = services
        self.bus = bus or DataBus(self)
        self.setWindowTitle(window_title(services))
        self.resize(1200, 760)

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(180)
        self.navigation.setIconSize(QSize(20, 20))
        self.navigation.setFrameShape(QFrame.Shape.NoFrame)
        self.navigation.setStyleSheet(
            "QListWidget#navigation { background: palette(window); font-size: 11pt; }"
            "QListWidget#navigation::item { padding: 8px 10px; }"
        )
        self.pages = QStackedWidget()
        self.people_page = PeoplePage(services, self.bus)
        for section in SECTIONS:
            QListWidgetItem(section.title, self.navigation)
            self.pages.addWidget(self._page_for(section))
        self.navigation.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.navigation.setCurrentRow(0)

        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        if services.settings.is_demo:
            banner = QLabel("DEMO DATA: made-up people for exploring. Nothing here is real.")
            banner.setObjectName("demoBanner")
            banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
            banner.setStyleSheet(
                "background: #fff3cd; color: #664d03; padding: 4px; font-weight: bold;"
            )
            outer.addWidget(banner)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.navigation)
        body.addWidget(self.pages, 1)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)
        self.statusBar().showMessage(services.location)
        self._build_menus()

    def _page_for(self, section: Section) -> QWidget:
        if section.key == "people":
            return self.people_page
        if section.key == "settings":
            return SettingsPage(self.services)
        return ComingSoonPage(section)

    def show_section(self, key: str) -> None:
        index = next(i for i, s in enumerate(SECTIONS) if s.key == key)
        self.navigation.setCurrentRow(index)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu("&Help")
        about_action = QAction(f"&About {about.NAME}", self)
        about_action.triggered.connect(self.show_about)
        help_menu.addAction(about_action)

    def show_about(self) -> None:
        QMessageBox.about(self, f"About {about.NAME}", about.about_text())
