"""Connecting to the organisation's PostgreSQL server: type its address, test it, use it.

:class:`ServerDialog` is opened from the welcome screen and from Settings > Database. The
test runs off the GUI thread (it may wait several seconds for a server that does not
answer). The database layer is imported only when a test runs, so that the window's
first imports stay light (``ui.app`` imports this module through ``ui.welcome``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk import paths
from advocacy_desk.domain.errors import AdvocacyDeskError
from ui import tasks
from ui.tasks import Progress
from ui.widgets import theme
from ui.widgets.screen import FittedDialog

#: The colour of a connection that worked.

_PASSWORD = re.compile(r"(://[^/@:]*):[^/@]*@")


def shown_location(location: str) -> str:
    """A server's address as shown on screen: never with its password."""
    from advocacy_desk.services.connection import server_url

    try:
        return server_url(location).render_as_string(hide_password=True)
    except AdvocacyDeskError:
        return _PASSWORD.sub(r"\1:***@", location.strip())


def sentence(message: str) -> str:
    """A message as a sentence: a capital first letter and a full stop."""
    text = message.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def check_in_background(
    location: str, done: Callable[[bool, str], None], owner: QObject
) -> tasks.Task[str]:
    """Check the server at ``location`` on a pool thread; ``done(ok, message)`` follows
    on the GUI thread (unless ``owner``, the page or dialog asking, has closed)."""

    def job(_report: Progress) -> str:
        from advocacy_desk.services.connection import check_server

        return check_server(location).message

    # Free lane: it asks another server, not the database the window works in.
    return tasks.run(
        job,
        owner=owner,
        lane=tasks.Lane.FREE,
        on_done=lambda message: done(True, sentence(message)),
        on_failed=lambda message: done(False, sentence(message)),
    )


def show_result(label: QLabel, ok: bool, message: str) -> None:
    """A test's outcome in ``label``: green when it connected, red when not."""
    label.setText(message)
    theme.style(label, theme.SUCCESS if ok else theme.ERROR)
    label.setVisible(bool(message))


def result_label() -> QLabel:
    label = QLabel()
    label.setAccessibleName("Connection result")
    label.setObjectName("connectionResult")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


class ServerDialog(FittedDialog):
    """Asks for the server's address, tests it, and remembers it for this computer.

    After "Use this server", ``location`` holds the address and this computer opens it
    from its next start (:func:`advocacy_desk.paths.remember_location`).
    """

    def __init__(self, parent: QWidget | None = None, address: str | None = None) -> None:
        from advocacy_desk.services.connection import EXAMPLE

        super().__init__(parent)
        self.setWindowTitle("Connect to a server")
        #: The address chosen with "Use this server"; None until then.
        self.location: str | None = None
        #: The address whose last test succeeded (only that one may be used).
        self._passed: str | None = None
        self._testing: str | None = None

        explanation = QLabel(
            "Teams that share their records keep them in one database on a PostgreSQL "
            "server (version 15 or newer), on your organisation's network. Ask whoever "
            "runs it for the address to type here."
        )
        explanation.setWordWrap(True)
        self.address = QLineEdit(address if address is not None else paths.remembered_location())
        self.address.setAccessibleName("Server address")
        self.address.setPlaceholderText(EXAMPLE)
        self.address.setMinimumWidth(440)
        address_label = QLabel("Server &address:")
        address_label.setBuddy(self.address)
        self.test_button = QPushButton("Test connection")
        self.test_button.setObjectName("testConnection")
        self.outcome = result_label()
        self.buttons = QDialogButtonBox()
        self.use_button = self.buttons.addButton(
            "Use this server", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.use_button.setObjectName("useServer")
        self.use_button.setEnabled(False)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)

        self.test_button.clicked.connect(self.test)
        self.use_button.clicked.connect(self.use)
        self.cancel_button.clicked.connect(self.reject)
        self.address.textChanged.connect(self._edited)

        address_row = QHBoxLayout()
        address_row.addWidget(address_label)
        address_row.addWidget(self.address, 1)
        test_row = QHBoxLayout()
        test_row.addStretch(1)
        test_row.addWidget(self.test_button)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addSpacing(6)
        layout.addLayout(address_row)
        layout.addLayout(test_row)
        layout.addWidget(self.outcome)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self._default(self.test_button)  # Enter in the address tests it

    def _default(self, button: QPushButton) -> None:
        """Make ``button`` the one Enter presses."""
        for each in (self.test_button, self.use_button, self.cancel_button):
            each.setAutoDefault(False)
            each.setDefault(each is button)

    def _edited(self, text: str) -> None:
        ready = text == self._passed
        self.use_button.setEnabled(ready)
        self._default(self.use_button if ready else self.test_button)

    def test(self) -> None:
        """Check the address now in the field, off the GUI thread."""
        if self._testing is not None:
            return
        self._testing = self.address.text()
        self.test_button.setEnabled(False)
        self.test_button.setText("Testing…")
        show_result(self.outcome, True, "")
        check_in_background(self._testing, self._tested, self)

    def _tested(self, ok: bool, message: str) -> None:
        tested, self._testing = self._testing, None
        self.test_button.setText("Test connection")
        self.test_button.setEnabled(True)
        if ok:
            self._passed = tested
        show_result(self.outcome, ok, message)
        self._edited(self.address.text())

    def use(self) -> None:
        """Open this server from the next start, and close the dialog."""
        text = self.address.text()
        if text != self._passed:  # only an address that has just connected
            return
        self.location = text.strip()
        paths.remember_location(self.location)
        self.accept()


def ask_for_server(parent: QWidget) -> str | None:
    """Show the dialog; the address chosen (and now remembered), or None if cancelled."""
    dialog = ServerDialog(parent)
    try:
        dialog.exec()
        return dialog.location
    finally:
        dialog.deleteLater()
