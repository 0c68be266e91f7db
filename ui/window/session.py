"""Signing in and out while the window stays open (people share laptops): the idle
lock, File > Lock now, File > Sign out, the lock screen's "Sign in as someone else", and
changing one's own password."""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from shiboken6 import isValid

from advocacy_desk import about
from advocacy_desk.domain.numbers import plural
from ui.sections import STATUS_MS
from ui.widgets import unsaved

if TYPE_CHECKING:
    from advocacy_desk.app import Services
    from ui.main_window import MainWindow


def window_title(location: str, demo: bool = False) -> str:
    """The window's title: where its data is, and whether it is the demo's."""
    title = f"{about.NAME} — {location}"
    return f"DEMO — {title}" if demo else title


class WindowSession(QObject):
    """Who is signed in to the window, and the lock that covers it when they are away."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._signing_out = False

    def start_idle_lock(self, services: Services) -> None:
        """Lock after the provider's idle minutes when someone is signed in (a database
        with no accounts has no password to unlock with)."""
        from advocacy_desk.services.settings import LOCK_MINUTES
        from ui.lock import IdleLock

        if self.window.idle_lock is not None:
            self.window.idle_lock.stop()
            self.window.idle_lock.deleteLater()
            self.window.idle_lock = None
        identity = services.access.identity
        signed_in = identity is not None and bool(identity.role)
        self.window.password_action.setEnabled(signed_in)
        self.window.lock_action.setEnabled(signed_in)
        self.window.sign_out_action.setEnabled(signed_in)
        if not signed_in or identity is None:
            return
        minutes = services.settings.whole(LOCK_MINUTES)
        self.window.idle_lock = IdleLock(
            self.window, identity.full_name or identity.username, services.accounts.unlock, minutes
        )
        self.window.idle_lock.switch_user.connect(
            self.sign_in_as_someone_else, Qt.ConnectionType.QueuedConnection
        )

    def set_lock_minutes(self, minutes: int) -> None:
        if self.window.idle_lock is not None:
            self.window.idle_lock.set_minutes(minutes)

    def lock_now(self) -> None:
        """File > Lock now: cover every window at once, saying it was asked for."""
        if self.window.idle_lock is not None:
            from ui.lock import LOCKED_NOW

            self.window.idle_lock.lock(LOCKED_NOW)

    # -- signing out: people share laptops ------------------------------------------------

    def open_windows(self) -> list[QWidget]:
        """The app's other windows open now (dialogs and the like; not the user guide,
        which holds nobody's data)."""
        kinds = {Qt.WindowType.Window, Qt.WindowType.Dialog, Qt.WindowType.Sheet}
        return [
            w for w in QApplication.topLevelWidgets()
            if w is not self.window and w is not self.window.help_window and w.isVisible()
            and w.windowType() in kinds  # not a menu, a tooltip or a splash
        ]  # fmt: skip

    def sign_out(self, *, from_lock: bool = False) -> bool:
        """File > Sign out (and the lock screen's "Sign in as someone else",
        ``from_lock``): the person signed in stops being so, their open windows close,
        and the next person signs in without the app restarting; the sections are built
        again for their role. A half-written casework log entry is kept as a draft, as
        when the app closes. False when the user chose not to sign out.

        Unsaved work asks first. The person signing themselves out is asked Save,
        Discard or Cancel about each change, as when the window closes. At the lock
        screen it is someone else asking, so they are told only how many windows are
        open and whether they hold changes, never what: the changes are the first
        person's, and may name the people they are about."""
        services = self.window.services
        if services is None or self._signing_out:
            return False
        identity = services.access.identity
        if identity is None or not identity.role:
            return False
        if from_lock:
            open_now, changed = self.open_windows(), unsaved.unsaved_holders(self.window)
            if (open_now or changed) and not self.window.confirm(
                "Sign in as someone else?",
                _switch_warning(identity.username, len(open_now), bool(changed)),
            ):
                return False
        elif unsaved.unsaved_holders(self.window):
            if not self.window.confirm_unsaved_work():
                return False
        else:
            open_now = self.open_windows()
            if open_now and not self.window.confirm(
                "Sign out?",
                f"Sign {identity.username} out? Unsaved changes in open windows will be lost "
                f"({listed([_title(w) for w in open_now])}).",
            ):
                return False
        windows = self.open_windows()
        self._signing_out = True
        if self.window._casework_page is not None:
            with suppress(Exception):  # the draft matters less than signing out
                self.window._casework_page.save_draft()
        for window in windows:
            if isinstance(window, QDialog):
                window.done(QDialog.DialogCode.Rejected.value)  # as Cancel, without asking
            else:
                window.close()
        # A dialog's own event loop ends only once this returns: carry on after it.
        QTimer.singleShot(0, self.window, self._finish_sign_out)
        return True

    def sign_out_chosen(self) -> None:
        self.sign_out()

    def sign_in_as_someone_else(self) -> None:
        self.sign_out(from_lock=True)

    def _finish_sign_out(self) -> None:
        if QApplication.activeModalWidget() is not None:  # a dialog's loop is still ending
            QTimer.singleShot(10, self.window, self._finish_sign_out)
            return
        services = self.window.services
        assert services is not None
        self.window._detach("Signed out. The next person signs in…")  # said in place of the data
        lock, self.window.idle_lock = self.window.idle_lock, None
        if lock is not None:  # the sections hold nothing now: the covers may go
            lock.stop()
            for cover in lock.covers:
                if isValid(cover):  # a closed dialog took its own cover with it
                    cover.hide()
                    cover.deleteLater()
            lock.deleteLater()
        self.window.password_action.setEnabled(False)
        self.window.lock_action.setEnabled(False)
        self.window.sign_out_action.setEnabled(False)
        for row in range(self.window.navigation.count()):
            self.window.navigation.item(row).setHidden(True)
        self.window.setWindowTitle(window_title(services.location, services.settings.is_demo))
        services.accounts.sign_out()
        self.window._built_for = None
        self.window.statusBar().showMessage("Signed out.")
        from ui.signin import sign_in

        self._signing_out = False
        if not sign_in(services, self.window, self.window.run_modal):
            self.window.services = services  # closed with the window, as at any other quit
            self.window.close()
            return
        self.window.attach(services)
        self.window.signed_in_again.emit()

    def change_password(self) -> int:
        """The signed-in user's own password (through :attr:`run_modal`)."""
        if self.window.services is None:
            return QDialog.DialogCode.Rejected.value
        from ui.accounts.password import ChangePasswordDialog

        dialog = ChangePasswordDialog(self.window.services, self.window)
        try:
            result = self.window.run_modal(dialog)
        finally:
            dialog.deleteLater()
        if result == QDialog.DialogCode.Accepted:
            self.window.statusBar().showMessage("Your password is changed.", STATUS_MS)
        return result


def _title(window: QWidget) -> str:
    return f"“{window.windowTitle()}”" if window.windowTitle() else "a window"


def listed(names: list[str]) -> str:
    """ "a.csv", "a.csv and b.csv", "a.csv, b.csv and c.csv"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _switch_warning(username: str, windows: int, changed: bool) -> str:
    """What someone at the lock screen is told before signing in in another's place:
    counts only, nothing of what the windows hold."""
    held = (f"{username} has {plural(windows, 'window')} open" if windows
            else f"{username} has work open")  # fmt: skip
    if changed:
        return f"{held}, with changes not saved. Signing in as someone else loses them."
    return f"{held}. Signing in as someone else closes {'it' if windows == 1 else 'them'}."
