"""The idle lock: after some minutes without a key press or a click, every window of
the app is covered and its personal data hidden until the password is typed again.

Nothing is closed or cleared: a cover is laid over each window (the main window and
any dialog open on it), so a half-written note is still there after unlocking. Each
cover has its own password field, because a modal dialog takes the keyboard from the
windows beneath it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.domain.errors import AdvocacyDeskError
from advocacy_desk.services.settings import DEFAULT_LOCK_MINUTES, LONGEST_LOCK_MINUTES
from ui.widgets import theme

#: How long without input before the window locks, unless the provider sets otherwise
#: (the setting, its default and its range are declared with the other settings).
DEFAULT_MINUTES = DEFAULT_LOCK_MINUTES
LONGEST_MINUTES = LONGEST_LOCK_MINUTES
#: What the cover says when the window locked itself, and when someone chose Lock now.
AFTER_IDLE = (
    "Advocacy Desk locked itself after a while without use, to keep people's details private."
)
LOCKED_NOW = "Advocacy Desk is locked, as you asked, to keep people's details private."

_INPUT = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin,
})  # fmt: skip


class Cover(QWidget):
    """What a locked window shows in place of its contents."""

    def __init__(
        self,
        who: str,
        unlock: Callable[[str], str | None],
        parent: QWidget,
        switch_user: Callable[[], None] | None = None,
        why: str = "",
    ) -> None:
        super().__init__(parent)
        self._unlock = unlock
        self.setObjectName("lockCover")
        self.setAutoFillBackground(True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        theme.style(self, "QWidget#lockCover { background: palette(window); }")
        title = QLabel("Locked")
        theme.style(title, "font-size: 16pt; font-weight: bold;")
        said = QLabel(
            f"{why or AFTER_IDLE} Type {who}'s password to carry on; nothing you were "
            "writing is lost."
        )
        said.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setObjectName("unlockPassword")
        self.password.setAccessibleName("Password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self.try_unlock)
        self.button = QPushButton("Unlock")
        self.button.setObjectName("unlockButton")
        self.button.clicked.connect(self.try_unlock)
        self.error = QLabel()
        self.error.setObjectName("unlockError")
        self.error.setWordWrap(True)
        theme.style(self.error, theme.ERROR)
        box = QWidget()
        box.setFixedWidth(480)
        column = QVBoxLayout(box)
        column.setSpacing(10)
        column.addWidget(title)
        column.addWidget(said)
        caption = QLabel(f"{who}'s password:")
        caption.setBuddy(self.password)
        column.addWidget(caption)
        row = QHBoxLayout()
        row.addWidget(self.password, 1)
        row.addWidget(self.button)
        column.addLayout(row)
        column.addWidget(self.error)
        #: Someone else at the computer signs in, without restarting the app.
        self.switch_button = QPushButton("Sign in as someone else…")
        self.switch_button.setObjectName("switchUserButton")
        self.switch_button.setToolTip(
            f"Sign {who} out (anything unsaved in open windows is lost) and let another "
            "person sign in"
        )
        self.switch_button.setVisible(switch_user is not None)
        if switch_user is not None:
            self.switch_button.clicked.connect(switch_user)
        other = QHBoxLayout()
        other.addStretch(1)
        other.addWidget(self.switch_button)
        column.addLayout(other)
        middle = QHBoxLayout()
        middle.addStretch(1)
        middle.addWidget(box)
        middle.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(middle)
        layout.addStretch(2)
        # A wrapped label in a fixed width: tell it its height, which layouts centring
        # a widget do not ask for.
        margins = column.contentsMargins()
        width = box.width() - margins.left() - margins.right()
        for label in (said, self.error):
            label.setMinimumWidth(width)
        said.setMinimumHeight(said.heightForWidth(width))

    def try_unlock(self) -> None:
        problem = self._unlock(self.password.text())
        self.password.clear()
        self.error.setText(problem or "")

    def cover(self) -> None:
        parent = self.parentWidget()
        assert parent is not None
        self.setGeometry(parent.rect())
        self.raise_()
        self.show()
        self.password.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        parent = self.parentWidget()
        if parent is not None and watched is parent and event.type() == QEvent.Type.Resize:
            self.setGeometry(parent.rect())
        return False


class IdleLock(QObject):
    """Watches the app's input and locks ``window`` (and its dialogs) when idle."""

    locked = Signal()
    unlocked = Signal()
    #: "Sign in as someone else" was pressed on a cover.
    switch_user = Signal()

    def __init__(
        self,
        window: QWidget,
        who: str,
        check_password: Callable[[str], None],
        minutes: int = DEFAULT_MINUTES,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.who = who
        self._check = check_password
        self._covers: list[Cover] = []
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self.set_minutes(minutes)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    @property
    def is_locked(self) -> bool:
        return bool(self._covers)

    @property
    def covers(self) -> list[Cover]:
        return list(self._covers)

    def set_minutes(self, minutes: int) -> None:
        self.timer.setInterval(max(1, min(minutes, LONGEST_MINUTES)) * 60_000)
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT and not self.is_locked:
            self.timer.start()
        return False

    def lock(self, why: str = "") -> None:
        """Cover the main window and every other window of the app that is open; the
        covers say ``why`` (by default, that it locked itself)."""
        if self.is_locked:
            return
        windows = [self.window] + [
            w
            for w in QApplication.topLevelWidgets()
            if w is not self.window and w.isVisible() and isinstance(w, QWidget)
        ]
        for window in windows:
            cover = Cover(self.who, self._try, window, self.switch_user.emit, why)
            window.installEventFilter(cover)
            self._covers.append(cover)
            cover.cover()
        self.locked.emit()

    def _try(self, password: str) -> str | None:
        try:
            self._check(password)
        except AdvocacyDeskError as exc:
            return str(exc)
        self.unlock()
        return None

    def unlock(self) -> None:
        for cover in self._covers:
            parent = cover.parentWidget()
            if parent is not None:
                parent.removeEventFilter(cover)
            cover.hide()
            cover.deleteLater()
        self._covers = []
        self.timer.start()
        self.unlocked.emit()
