"""The first-run welcome: start empty, or explore with demo data."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget


class WelcomeChoice(Enum):
    EMPTY = "empty"
    DEMO = "demo"


class WelcomeDialog(QDialog):
    """Shown when the database has no people and no referrals yet."""

    def __init__(self, location: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to Advocacy Desk")
        self.choice = WelcomeChoice.EMPTY
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
            "the title bar, and never mixes with your own records."
        )
        demo_note.setWordWrap(True)
        demo_note.setStyleSheet("color: palette(mid);")
        self.empty_button.clicked.connect(lambda: self._choose(WelcomeChoice.EMPTY))
        self.demo_button.clicked.connect(lambda: self._choose(WelcomeChoice.DEMO))

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addSpacing(8)
        layout.addWidget(self.empty_button)
        layout.addWidget(self.demo_button)
        layout.addWidget(demo_note)
        self.setMinimumWidth(460)

    def _choose(self, choice: WelcomeChoice) -> None:
        self.choice = choice
        self.accept()
