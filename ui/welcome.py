"""The first-run welcome: start empty, explore with demo data, or connect to the
organisation's server."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from advocacy_desk.domain.demo_accounts import DEMO_PASSWORD, demo_accounts_text
from ui.server_dialog import ask_for_server
from ui.widgets import theme
from ui.widgets.screen import FittedDialog


class WelcomeChoice(Enum):
    EMPTY = "empty"
    DEMO = "demo"
    SERVER = "server"


@dataclass(frozen=True)
class WelcomeAnswer:
    """What the person chose on the welcome screen; ``location`` is the server's address
    when they connected to one (``WelcomeChoice.SERVER``)."""

    choice: WelcomeChoice
    location: str | None = None


class WelcomeDialog(FittedDialog):
    """Shown when the database has no people and no referrals yet."""

    def __init__(self, location: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to Advocacy Desk")
        self.choice = WelcomeChoice.EMPTY
        #: The server connected to with "Connect to your organisation's server…".
        self.location: str | None = None
        title = QLabel("<h2>Welcome to Advocacy Desk</h2>")
        intro = QLabel(
            "Your caseload is kept on this computer, in a database file that works "
            "without a connection:<br><code>"
            + location.replace("&", "&amp;").replace("<", "&lt;")
            + "</code><br><br>How would you like to begin?"
        )
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.empty_button = QPushButton("Start with an empty database")
        self.empty_button.setDefault(True)
        self.demo_button = QPushButton("Explore with demo data")
        demo_note = QLabel(
            "Demo data is made up. It goes into a separate demo database, marked DEMO in "
            "the title bar, and never mixes with your own records. It has an account for "
            f"each role: {demo_accounts_text()}, all with the password "
            f"<b>{DEMO_PASSWORD}</b>."
        )
        demo_note.setObjectName("demoAccountsNote")
        demo_note.setWordWrap(True)
        theme.style(demo_note, theme.HINT)
        self.server_button = QPushButton("Connect to your organisation's server…")
        server_note = QLabel(
            "If your team already shares its records on a server, connect to it instead: "
            "ask whoever runs it for the address."
        )
        server_note.setWordWrap(True)
        theme.style(server_note, theme.HINT)
        self.empty_button.clicked.connect(lambda: self._choose(WelcomeChoice.EMPTY))
        self.demo_button.clicked.connect(lambda: self._choose(WelcomeChoice.DEMO))
        self.server_button.clicked.connect(self.connect_server)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addSpacing(8)
        layout.addWidget(self.empty_button)
        layout.addWidget(self.demo_button)
        layout.addWidget(demo_note)
        layout.addSpacing(8)
        layout.addWidget(self.server_button)
        layout.addWidget(server_note)
        self.setMinimumWidth(460)

    @property
    def answer(self) -> WelcomeAnswer:
        return WelcomeAnswer(self.choice, self.location)

    def connect_server(self) -> None:
        """Ask for the server; close the welcome once connected, stay open if cancelled."""
        location = ask_for_server(self)
        if location is None:
            return
        self.location = location
        self._choose(WelcomeChoice.SERVER)

    def _choose(self, choice: WelcomeChoice) -> None:
        self.choice = choice
        self.accept()
