"""The main window: a navigation pane on the left, the chosen section on the right."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    QSize,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from advocacy_desk import about
from advocacy_desk.domain.errors import AdvocacyDeskError
from advocacy_desk.domain.numbers import plural
from ui.backups import DamagedDatabaseDialog, network_banner, taken_text
from ui.bus import DataBus
from ui.widgets import arrange, screen, theme, unsaved
from ui.widgets.modal import RunModal, ask_yes_no, run_modal
from ui.worker import Worker, finish_background_work, start

if TYPE_CHECKING:  # the database layer loads after the window first paints
    from advocacy_desk.app import Services
    from advocacy_desk.services.backups import BackupService
    from ui.casework import CaseworkPage
    from ui.help import HelpWindow, Shortcut
    from ui.lock import IdleLock
    from ui.people.page import PeoplePage
    from ui.settings.page import SettingsPage

#: What an import may have written, as the data bus names them: each is told after an
#: import, so every section reads its data again.
IMPORTED_KINDS = ("contract", "staff", "person", "referral", "case", "volunteer", "partnership")

#: Asks for a folder, given the dialog's title; None if the user cancelled.
ChooseFolder = Callable[[str], Path | None]
#: Shows a message: (title, text).
Tell = Callable[[str, str], None]
#: Asks a yes-or-no question: (title, question) -> whether the answer was Yes.
Confirm = Callable[[str, str], bool]

#: If the window is never painted (started minimised, say), open the data anyway.
OPEN_WITHOUT_PAINT_MS = 500
#: How long a passing message stays in the status bar.
STATUS_MS = 10_000


@dataclass(frozen=True)
class Damage:
    """What the start-up check found: the damage in SQLite's words, and the newest
    backup that passes its check (None when there is none)."""

    database: Path
    damage: str
    newest_path: Path | None
    newest_taken: datetime | None
    folder: Path | None


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    #: The permissions (``services.access.Permission`` values) any one of which shows
    #: the section; none: everyone signed in.
    needs: tuple[str, ...] = ()
    #: Its page of the user guide (F1), "page.md" or "page.md#heading".
    help: str = "user-guide.md"


SECTIONS: tuple[Section, ...] = (
    Section("people", "People",
            ("people_all", "people_read", "people_own", "people_citizen"), "waiting-list.md"),
    Section("waiting_list", "Waiting list", ("waiting_read",), "waiting-list.md"),
    Section("casework", "Casework", ("casework_all", "casework_read", "casework_own"),
            "reports.md"),
    Section("diary", "Diary", ("casework_all", "casework_read", "casework_own"), "diary.md"),
    Section("citizen_advocacy", "Citizen advocacy", ("citizen_read",), "citizen-advocacy.md"),
    Section("returns", "Returns", ("returns_read",), "returns.md"),
    Section("planning", "Planning", ("planning",), "planning.md"),
    Section("audit", "Audit trail", ("audit",), "accounts.md#the-audit-trail"),
    Section("data_protection", "Data protection", ("data_protection",), "data-protection.md"),
    Section("settings", "Settings"),
)  # fmt: skip

#: The guide's page for each tab of Settings (by the tab's key).
SETTINGS_HELP = {
    "database": "server.md",
    "organisation": "letters.md",
    "accounts": "accounts.md",
    "backups": "data-safety.md#backups",
    "matrix": "waiting-list.md#tuning-it",
    "advocates": "waiting-list.md",
    "contracts": "planning.md#contract-monitoring",
    "letters": "letters.md#templates",
}

#: Where each role starts after signing in: its own work (the People list for a role
#: not named here, or when its section is not shown).
LANDING = {
    "advocate": "casework",
    "volunteer_coordinator": "citizen_advocacy",
    "manager": "waiting_list",
    "administrator": "settings",
    "read_only": "people",
}


def window_title(location: str, demo: bool = False) -> str:
    title = f"{about.NAME} — {location}"
    return f"DEMO — {title}" if demo else title


class OpeningPage(QWidget):
    """What a section shows in the moment between the window appearing and its data."""

    def __init__(self, location: str, parent: QWidget | None = None, *, said: str = "") -> None:
        super().__init__(parent)
        self.message = QLabel(said or f"Opening {location}…")
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # a URL's & is an ampersand
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)


class MainWindow(QMainWindow):
    """The window; it can appear before its database is open, as :func:`ui.app.launch`
    does, and fills its sections when :meth:`attach` hands it the services."""

    #: Emitted once the database is open and every section shows real data.
    ready = Signal()
    #: Emitted after an automatic backup is made (its path).
    backed_up = Signal(object)
    #: Emitted after a backup has been restored and opened (where the previous file went,
    #: or None when there was none).
    restored = Signal(object)
    #: Emitted once someone has signed in after the previous person signed out.
    signed_in_again = Signal()

    def __init__(
        self, services: Services | None = None, bus: DataBus | None = None, *, location: str = ""
    ) -> None:
        super().__init__()
        self.services: Services | None = None
        self.bus = bus or DataBus(self)
        self._people_page: PeoplePage | None = None
        self._casework_page: CaseworkPage | None = None
        self._casework_tabs: QTabWidget | None = None
        self._settings_page: SettingsPage | None = None
        self._demo_banner: QLabel | None = None
        #: Shown once a session when the database is on a network drive.
        self.network_banner: QLabel | None = None
        self._after_first_paint: list[Callable[[], None]] = []
        #: Dialogs and message boxes go through these; tests replace them.
        self.run_modal: RunModal = run_modal
        self.choose_folder: ChooseFolder = self._ask_for_folder
        self.inform: Tell = self._inform
        self.warn: Tell = self._warn
        self.confirm: Confirm = self._ask
        self._templates_folder: Path | None = None
        #: Automatic backups: every AUTO_EVERY_MINUTES unless a test sets this first.
        self.auto_backup_interval_ms: int | None = None
        self.backup_timer = QTimer(self)
        self.backup_timer.timeout.connect(self.back_up_automatically)
        self._auto_backup_running = False
        self._health_checks = 0
        #: Covers the window after some idle minutes while someone is signed in.
        self.idle_lock: IdleLock | None = None
        #: The user guide's window, made the first time help is asked for.
        self.help_window: HelpWindow | None = None
        #: Who the sections were last built for: a new person lands on their own work.
        self._built_for: str | None = None
        self._signing_out = False
        location = services.location if services is not None else location
        self.setWindowTitle(window_title(location))
        # As big as suits a desktop, but never bigger than the screen it opens on (a
        # 1280x720 laptop leaves about 1264x680 once the taskbar and title bar are counted).
        screen.fit_window(self, QSize(1200, 760))

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName("Sections")
        self.navigation.setAccessibleDescription(
            "The parts of Advocacy Desk: choose one to show it beside this list"
        )
        # As wide as the longest section's name needs (at its 11pt, with the item's
        # padding), not a fixed 180 pixels: on a small laptop every pixel goes to the page.
        font = QFont(self.navigation.font())
        font.setPointSize(11)
        widest = max(QFontMetrics(font).horizontalAdvance(s.title) for s in SECTIONS)
        self.navigation.setFixedWidth(max(140, widest + 2 * 10 + 12))
        self.navigation.setIconSize(QSize(20, 20))
        self.navigation.setFrameShape(QFrame.Shape.NoFrame)
        theme.style(
            self.navigation,
            "QListWidget#navigation { background: palette(window); font-size: 11pt; }"
            "QListWidget#navigation::item { padding: 8px 10px; }",
        )
        self.pages = screen.PageStack()
        for section in SECTIONS:
            QListWidgetItem(section.title, self.navigation)
            page = OpeningPage(location)
            self.pages.addWidget(page)
        #: Sections built the first time they are shown (their data takes a while).
        self._lazy: dict[int, Callable[[], QWidget]] = {}
        self.navigation.currentRowChanged.connect(self._show_page)
        self.navigation.setCurrentRow(0)

        central = QWidget()
        self._outer = QVBoxLayout(central)
        self._outer.setContentsMargins(0, 0, 0, 0)
        self._outer.setSpacing(0)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.navigation)
        # A page that needs more room than the screen has (text at 125% on a small
        # laptop) scrolls, rather than the window growing past the screen's edge.
        self.page_scroll = screen.scrolling(self.pages, "pageScroll")
        body.addWidget(self.page_scroll, 1)
        self._outer.addLayout(body, 1)
        self.setCentralWidget(central)
        self.statusBar().showMessage(f"Opening {location}…")
        self._build_menus()
        if services is not None:
            self.attach(services)

    @property
    def people_page(self) -> PeoplePage:
        assert self._people_page is not None, "the window has no database yet"
        return self._people_page

    def attach(self, services: Services) -> None:
        """Show ``services``' data in every section (after the window appears). Called
        again, as after a restore, it replaces every section and closes the services it
        had; the backup timer and the banners are not doubled."""
        from advocacy_desk.services.access import Permission
        from ui.casework import CaseworkPage
        from ui.casework.hours import HoursView
        from ui.citizen import CitizenPage
        from ui.people.page import PeoplePage
        from ui.planning import PlanningPage
        from ui.returns import ReturnsPage
        from ui.settings.page import SettingsPage
        from ui.waiting_list import WaitingListPage

        previous = self.services
        if previous is not None and previous is not services:
            self.backup_timer.stop()
            finish_background_work()
            previous.close()
        self.services = services
        demo = services.settings.is_demo
        self.setWindowTitle(window_title(services.location, demo))
        shown = self._sections_for(services)
        if "people" in shown:
            self._people_page = PeoplePage(services, self.bus)
            self._people_page.open_casework.connect(lambda: self.show_section("casework"))
            self._people_page.open_planning.connect(lambda: self.show_section("planning"))
        else:
            self._people_page = None
        self._casework_page = self._casework_tabs = None
        for index, section in enumerate(SECTIONS):
            self.navigation.item(index).setHidden(section.key not in shown)
            if section.key not in shown:
                self._lazy.pop(index, None)
                self._replace_page(index, QWidget())  # nothing of it is read
            elif section.key == "people":
                assert self._people_page is not None
                self._replace_page(index, self._people_page)
            elif section.key == "casework":
                self._casework_page = CaseworkPage(services, self.bus)
                tabs = QTabWidget()
                tabs.setObjectName("caseworkTabs")
                tabs.addTab(self._casework_page, "Caseload")
                if services.access.can(Permission.CASEWORK_ALL, Permission.CASEWORK_READ):
                    # In its own scroll area, so its wide filters do not widen the
                    # caseload's tab too.
                    hours = screen.scrolling(HoursView(services), "hoursScroll")
                    tabs.addTab(hours, "Hours delivered")
                self._casework_tabs = tabs
                self._replace_page(index, tabs)
            elif section.key == "citizen_advocacy":
                # Built when first shown: its partnerships and volunteers take a second
                # to read on a large database, and the People list should not wait.
                self._later(index, lambda: CitizenPage(services, self.bus))
            elif section.key == "returns":
                returns_page = ReturnsPage(services, self.bus)
                returns_page.open_record.connect(self.open_record)
                self._replace_page(index, returns_page)
            elif section.key == "planning":
                self._replace_page(index, PlanningPage(services, self.bus))
            elif section.key == "diary":
                self._later(index, lambda: self._diary_page(services))
            elif section.key == "audit":
                from ui.audit.page import AuditPage

                self._later(index, lambda: AuditPage(services))
            elif section.key == "data_protection":
                from ui.data_protection import RetentionPage

                self._later(index, lambda: RetentionPage(services))
            elif section.key == "waiting_list":
                self._replace_page(index, WaitingListPage(services, self.bus))
            elif section.key == "settings":

                def settings(services: Services = services) -> QWidget:
                    page = SettingsPage(services, demo, self.bus)
                    if page.backups_tab is not None:
                        page.backups_tab.restore_requested.connect(
                            self._restore_requested, Qt.ConnectionType.QueuedConnection
                        )
                        self.backed_up.connect(page.backups_tab.refresh)
                    page.lock_minutes_changed.connect(self._lock_minutes_changed)
                    self._settings_page = page
                    return page

                self._settings_page = None
                self._later(index, settings)
        if self._demo_banner is not None and not demo:
            self._outer.removeWidget(self._demo_banner)
            self._demo_banner.setParent(None)
            self._demo_banner.deleteLater()
            self._demo_banner = None
        if demo and self._demo_banner is None:
            banner = QLabel("DEMO DATA: made-up people for exploring. Nothing here is real.")
            banner.setObjectName("demoBanner")
            banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
            theme.style(
                banner,
                "background: $warning_panel; color: $warning_ink; padding: 4px; font-weight: bold;",
            )
            self._outer.insertWidget(0, banner)
            self._demo_banner = banner
        can_import = services.access.can(Permission.IMPORT)
        self.import_action.setEnabled(can_import)
        self.import_action.setToolTip("" if can_import else "Your role does not import records")
        identity = services.access.identity
        who = identity.username if identity is not None and identity.role else None
        if who is not None and identity is not None and who != self._built_for:
            self._land(shown, identity.role)  # someone new: their own work first
        else:
            self._show_current_or_first(shown)
        self._built_for = who
        self._start_idle_lock(services)
        if "diary" in shown:
            QTimer.singleShot(0, self.offer_to_log_appointments)
        signed = (
            f" — signed in as {identity.username} ({identity.role_label})"
            if identity is not None and identity.role
            else ""
        )
        self.statusBar().showMessage(services.location + signed)
        self._watch_backups(services)
        self.ready.emit()

    @staticmethod
    def _sections_for(services: Services) -> set[str]:
        """The sections the signed-in user's role may see."""
        from advocacy_desk.services.access import Permission

        return {
            s.key for s in SECTIONS
            if not s.needs or services.access.can(*(Permission(code) for code in s.needs))
        }  # fmt: skip

    def _land(self, shown: set[str], role: str) -> None:
        """Show the section a role works in most (see :data:`LANDING`)."""
        key = LANDING.get(role, "people")
        if key in shown:
            self.show_section(key)
        else:
            self._show_current_or_first(shown)

    def _show_current_or_first(self, shown: set[str]) -> None:
        current = self.navigation.currentRow()
        if current < 0 or SECTIONS[current].key not in shown:
            first = next(i for i, s in enumerate(SECTIONS) if s.key in shown)
            self.navigation.setCurrentRow(first)

    # -- signing in, the idle lock ------------------------------------------------------

    def _start_idle_lock(self, services: Services) -> None:
        """Lock after the provider's idle minutes when someone is signed in (a database
        with no accounts has no password to unlock with)."""
        from advocacy_desk.services.settings import LOCK_MINUTES
        from ui.lock import IdleLock

        if self.idle_lock is not None:
            self.idle_lock.stop()
            self.idle_lock.deleteLater()
            self.idle_lock = None
        identity = services.access.identity
        signed_in = identity is not None and bool(identity.role)
        self.password_action.setEnabled(signed_in)
        self.lock_action.setEnabled(signed_in)
        self.sign_out_action.setEnabled(signed_in)
        if not signed_in or identity is None:
            return
        minutes = services.settings.whole(LOCK_MINUTES)
        self.idle_lock = IdleLock(
            self, identity.full_name or identity.username, services.accounts.unlock, minutes
        )
        self.idle_lock.switch_user.connect(
            self._sign_in_as_someone_else, Qt.ConnectionType.QueuedConnection
        )

    def offer_to_log_appointments(self) -> int:
        """Appointments of the user's that have ended and are not in the casework log
        yet: offer to log them (through :attr:`run_modal`), once as the window opens."""
        if self.services is None:
            return QDialog.DialogCode.Rejected.value
        from ui.diary import LogAppointmentsDialog

        dialog = LogAppointmentsDialog(self.services, bus=self.bus, parent=self)
        try:
            return self.run_modal(dialog) if dialog.has_any else QDialog.DialogCode.Rejected.value
        finally:
            dialog.deleteLater()

    def _lock_minutes_changed(self, minutes: int) -> None:
        if self.idle_lock is not None:
            self.idle_lock.set_minutes(minutes)

    def lock_now(self) -> None:
        """File > Lock now: cover every window at once, saying it was asked for."""
        if self.idle_lock is not None:
            from ui.lock import LOCKED_NOW

            self.idle_lock.lock(LOCKED_NOW)

    # -- signing out: people share laptops ------------------------------------------------

    def open_windows(self) -> list[QWidget]:
        """The app's other windows open now (dialogs and the like; not the user guide,
        which holds nobody's data)."""
        kinds = {Qt.WindowType.Window, Qt.WindowType.Dialog, Qt.WindowType.Sheet}
        return [
            w for w in QApplication.topLevelWidgets()
            if w is not self and w is not self.help_window and w.isVisible()
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
        services = self.services
        if services is None or self._signing_out:
            return False
        identity = services.access.identity
        if identity is None or not identity.role:
            return False
        if from_lock:
            open_now, changed = self.open_windows(), unsaved.unsaved_holders(self)
            if (open_now or changed) and not self.confirm(
                "Sign in as someone else?",
                _switch_warning(identity.username, len(open_now), bool(changed)),
            ):
                return False
        elif unsaved.unsaved_holders(self):
            if not self.confirm_unsaved_work():
                return False
        else:
            open_now = self.open_windows()
            if open_now and not self.confirm(
                "Sign out?",
                f"Sign {identity.username} out? Unsaved changes in open windows will be lost "
                f"({_listed([_title(w) for w in open_now])}).",
            ):
                return False
        windows = self.open_windows()
        self._signing_out = True
        if self._casework_page is not None:
            with suppress(Exception):  # the draft matters less than signing out
                self._casework_page.save_draft()
        for window in windows:
            if isinstance(window, QDialog):
                window.done(QDialog.DialogCode.Rejected.value)  # as Cancel, without asking
            else:
                window.close()
        # A dialog's own event loop ends only once this returns: carry on after it.
        QTimer.singleShot(0, self, self._finish_sign_out)
        return True

    def _sign_out_chosen(self) -> None:
        self.sign_out()

    def _sign_in_as_someone_else(self) -> None:
        self.sign_out(from_lock=True)

    def _finish_sign_out(self) -> None:
        if QApplication.activeModalWidget() is not None:  # a dialog's loop is still ending
            QTimer.singleShot(10, self, self._finish_sign_out)
            return
        services = self.services
        assert services is not None
        self._detach("Signed out. The next person signs in…")  # said in place of the data
        lock, self.idle_lock = self.idle_lock, None
        if lock is not None:  # the sections hold nothing now: the covers may go
            lock.stop()
            for cover in lock.covers:
                if isValid(cover):  # a closed dialog took its own cover with it
                    cover.hide()
                    cover.deleteLater()
            lock.deleteLater()
        self.password_action.setEnabled(False)
        self.lock_action.setEnabled(False)
        self.sign_out_action.setEnabled(False)
        for row in range(self.navigation.count()):
            self.navigation.item(row).setHidden(True)
        self.setWindowTitle(window_title(services.location, services.settings.is_demo))
        services.accounts.sign_out()
        self._built_for = None
        self.statusBar().showMessage("Signed out.")
        from ui.signin import sign_in

        self._signing_out = False
        if not sign_in(services, self, self.run_modal):
            self.services = services  # closed with the window, as at any other quit
            self.close()
            return
        self.attach(services)
        self.signed_in_again.emit()

    def change_password(self) -> int:
        """The signed-in user's own password (through :attr:`run_modal`)."""
        if self.services is None:
            return QDialog.DialogCode.Rejected.value
        from ui.accounts.password import ChangePasswordDialog

        dialog = ChangePasswordDialog(self.services, self)
        try:
            result = self.run_modal(dialog)
        finally:
            dialog.deleteLater()
        if result == QDialog.DialogCode.Accepted:
            self.statusBar().showMessage("Your password is changed.", STATUS_MS)
        return result

    @property
    def settings_page(self) -> SettingsPage:
        if self._settings_page is None:
            self._build(next(i for i, s in enumerate(SECTIONS) if s.key == "settings"))
        assert self._settings_page is not None, "the window has no database yet"
        return self._settings_page

    # -- backups ----------------------------------------------------------------------

    def _watch_backups(self, services: Services) -> None:
        """Start what keeps the data safe: the damage check, the network-drive warning and
        automatic backups (none of them for a server database)."""
        from advocacy_desk.services.backups import AUTO_EVERY_MINUTES

        backups = services.backups
        self.backup_timer.stop()
        if not backups.available:
            return
        backups.back_up_if_changed()  # the first call only notes the data as opened
        self.backup_timer.start(self.auto_backup_interval_ms or AUTO_EVERY_MINUTES * 60_000)
        if self.network_banner is None and backups.on_network_share():
            self.network_banner = network_banner()
            self._outer.insertWidget(0, self.network_banner)
        self._check_health(services)

    @property
    def checking_health(self) -> bool:
        """Whether the start-up check for damage is still running."""
        return self._health_checks > 0

    def _check_health(self, services: Services) -> None:
        backups = services.backups

        def job(_report: object) -> tuple[Services, Damage | None]:
            damage = backups.health()
            return services, None if damage is None else _damage_found(backups, damage)

        worker = Worker(job)
        worker.signals.finished.connect(self._health_checked)
        worker.signals.failed.connect(self._health_failed)
        self._health_checks += 1
        start(worker)

    def _health_checked(self, outcome: object) -> None:
        self._health_checks -= 1
        assert isinstance(outcome, tuple)
        services, result = outcome
        if services is not self.services or not isinstance(result, Damage):
            return  # sound, or a database no longer open
        dialog = DamagedDatabaseDialog(
            result.database, result.damage, result.newest_taken, result.folder, self
        )
        try:
            self.run_modal(dialog)
            wants_restore = dialog.wants_restore
        finally:
            dialog.deleteLater()
        if wants_restore and result.newest_path is not None:
            self.restore_backup(result.newest_path, why="damaged")

    def _health_failed(self, message: str) -> None:
        self._health_checks -= 1
        if self.services is not None:
            self.statusBar().showMessage(
                f"Could not check the database for damage: {message}. Your data is as it "
                "was; if this happens again, restart Advocacy Desk."
            )

    def back_up_automatically(self) -> None:
        """The timer's job: a backup on a pool thread if the data changed since the last
        one (never two at once). A problem shows in the status bar."""
        services = self.services
        if services is None or not services.backups.available or self._auto_backup_running:
            return
        backups = services.backups
        worker = Worker(lambda _report: backups.back_up_if_changed("auto"))
        worker.signals.finished.connect(self._auto_backed_up)
        worker.signals.failed.connect(self._auto_backup_failed)
        self._auto_backup_running = True
        start(worker)

    @property
    def auto_backup_running(self) -> bool:
        return self._auto_backup_running

    def _auto_backed_up(self, result: object) -> None:
        self._auto_backup_running = False
        if isinstance(result, Path):
            self.statusBar().showMessage(f"Backed up automatically to {result.name}.", STATUS_MS)
            self.backed_up.emit(result)

    def _auto_backup_failed(self, message: str) -> None:
        self._auto_backup_running = False
        self.statusBar().showMessage(
            f"Automatic backup failed: {message}. Your records are still saved; "
            + (
                "choose Settings > Backups to back up now or pick another backups folder."
                if self._sees_settings_tab("backups")
                else "tell an administrator, who can back up now or choose another backups folder."
            )
        )

    def _back_up_on_close(self) -> None:
        """A backup as the window closes, if the data changed; a failure is said, and the
        window closes anyway."""
        self.backup_timer.stop()
        services = self.services
        if services is None or not services.backups.available:
            return
        QThreadPool.globalInstance().waitForDone()  # never two backups at once
        problem = ""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            services.backups.back_up_if_changed("on-close")
        except AdvocacyDeskError as exc:
            problem = str(exc)
        except Exception as exc:  # a bug: still say so, and still close
            problem = f"unexpected error: {exc!r}"
        finally:
            QGuiApplication.restoreOverrideCursor()
        if problem:
            self.warn(
                "Backup not made",
                f"Advocacy Desk could not back up the database as it closed: {problem}.\n\n"
                "Your records are still saved in the database; only the backup is missing. "
                + (
                    "Next time, open Settings > Backups, check the backups folder can be "
                    "written to (or choose another), and press Back up now."
                    if self._sees_settings_tab("backups")
                    else "Tell an administrator, who can check the backups folder can be "
                    "written to (or choose another) and back up now."
                ),
            )

    def _sees_settings_tab(self, key: str) -> bool:
        """Whether the person signed in has that tab of Settings: a message never sends
        anyone to a tab their role does not show them."""
        from ui.settings.tabs import shows

        return self.services is not None and shows(self.services.access, key)

    def _restore_requested(self, path: object) -> None:
        assert isinstance(path, Path)
        self.restore_backup(path)

    def restore_backup(self, path: Path, why: str = "replaced") -> Path | None:
        """Close the database, put the backup at ``path`` in its place (the current file
        kept aside, its new name saying ``why``), and open it again. Says how it went;
        returns where the previous file was kept (None if not restored)."""
        services = self.services
        if services is None or not services.backups.available:
            return None
        from advocacy_desk.app import open_services
        from advocacy_desk.services.backups import restore_backup
        from advocacy_desk.whoami import current_user

        database = services.backups.database
        restorer = services.access.user or None
        taken = _taken(services.backups, path)
        on_backups_tab = (
            self._settings_page is not None
            and self.pages.currentWidget() is self._settings_page
            and self._settings_page.current_tab() == "backups"
        )
        aside: Path | None = None
        problem = ""
        reopened: Services | None = None
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.statusBar().showMessage(f"Restoring {path.name}…")
            if self._casework_page is not None:
                # This stops its timer too: nothing may write once the file is swapped. A
                # damaged database may refuse the draft; the restore matters more.
                with suppress(Exception):
                    self._casework_page.save_draft()
            self._detach(f"Restoring {path.name}…")
            finish_background_work()
            services.close()
            try:
                # The restored trail names the signed-in administrator who restored it.
                aside = restore_backup(path, database, why=why, user=restorer)
            except AdvocacyDeskError as exc:
                problem = str(exc)
            if database.exists():  # never open an empty database in its place
                reopened = open_services(services.url, today=services.today, user=current_user())
        except AdvocacyDeskError as exc:
            problem = problem or str(exc)
        finally:
            QGuiApplication.restoreOverrideCursor()
        if reopened is not None and reopened.access.identity is None:
            # The restored file has accounts: whoever carries on signs in to it.
            from ui.signin import sign_in

            if not sign_in(reopened, self, self.run_modal):
                reopened.close()
                self.close()
                return None
        if reopened is not None:
            self.attach(reopened)
            start(Worker(lambda _report: reopened.people.prepare_search()))
            if on_backups_tab:
                self.settings_page.show_tab("backups")
        self._tell_restored(path, taken, database, why, aside, problem, reopened is not None)
        if reopened is not None and not problem:
            self.restored.emit(aside)
            return aside
        return None

    def _tell_restored(
        self,
        path: Path,
        taken: datetime | None,
        database: Path,
        why: str,
        aside: Path | None,
        problem: str,
        reopened: bool,
    ) -> None:
        when = f"taken {taken_text(taken)}" if taken is not None else path.name
        if not problem:
            kept = (
                f"The {'damaged' if why == 'damaged' else 'previous'} database is kept aside, "
                f"not deleted, as:\n{aside}"
                if aside is not None
                else "There was no database file to keep aside."
            )
            self.inform(
                "Backup restored",
                f"Restored the backup {when}. {kept}\n\n"
                "Anything recorded after the backup was taken is not in the restored data: "
                "check your recent work and record it again.",
            )
        elif reopened:
            self.warn(
                "Backup not restored",
                f"Could not restore the backup {when}: {problem}.\n\n"
                f"Nothing was changed: Advocacy Desk has opened {database} again, as it was.",
            )
        else:
            self.warn(
                "Backup not restored",
                f"Could not restore the backup {when}: {problem}.\n\n"
                f"Advocacy Desk could not open {database} again. Your records are not lost: "
                f"the file may have been kept aside in {database.parent}, under a name "
                f"starting {database.stem}.{why}-. Close Advocacy Desk, copy that folder "
                "somewhere safe, and ask for help before starting it again.",
            )

    def _detach(self, message: str) -> None:
        """Show ``message`` in every section in place of the data (before the database
        closes), and delete the old sections now so nothing in them reads or writes."""
        self.backup_timer.stop()
        if self.idle_lock is not None:
            self.idle_lock.stop()
        for index in range(len(SECTIONS)):
            self._replace_page(index, OpeningPage("", said=message))
        self._people_page = None
        self._casework_page = None
        self._casework_tabs = None
        self._settings_page = None
        self.import_action.setEnabled(False)
        self.services = None
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def _diary_page(self, services: Services) -> QWidget:
        """The Diary section; a next action's row opens its case in Casework."""
        from ui.diary import DiaryPage

        page = DiaryPage(services, self.bus)
        page.open_record.connect(self.open_record)
        return page

    def open_record(self, entity: str, record_id: int) -> None:
        """Show a record another section points at: a case, a person or a referral."""
        if self.services is None:
            return
        if entity == "case" and self._casework_page is not None:
            self.show_section("casework")
            if self._casework_tabs is not None:
                self._casework_tabs.setCurrentWidget(self._casework_page)
            self._casework_page.open_case(record_id)
            return
        person_id = record_id
        if entity == "referral":
            person_id = self.services.referrals.get(record_id).person_id
        elif entity != "person":
            self.statusBar().showMessage(
                f"{entity.capitalize()} records open in their own section, still to come.", 8000
            )
            return
        self.show_section("people")
        if not self.people_page.select_person(person_id):  # hidden by a search: clear it
            self.people_page.search.clear()
            self.people_page.apply_filter()
            self.people_page.select_person(person_id)

    def confirm_unsaved_work(self) -> bool:
        """Before the window closes (or someone signs out): if an editor or an open
        dialog holds changes not saved, list them and ask Save, Discard or Cancel. True
        to go on; False to stay (Cancel, or a save refused, shown where it was typed).

        Casework log entries are not asked about: they are kept as drafts anyway.
        """
        holders = unsaved.unsaved_holders(self)
        if not holders:
            return True
        lines = [line for holder in holders for line in holder.unsaved_work()]
        answer = unsaved.ask_save_discard_cancel(
            self,
            "Changes not saved",
            "These changes are not saved yet:\n" + "\n".join(f"• {line}" for line in lines),
        )
        if answer is unsaved.Answer.CANCEL:
            return False
        if answer is unsaved.Answer.DISCARD:
            for holder in holders:
                holder.discard_unsaved_work()
            return True
        for holder in holders:
            if not holder.save_unsaved_work():
                if isinstance(holder, QWidget):
                    self._reveal(holder)
                self.statusBar().showMessage(
                    "Not saved: see what is in red, then save or discard it.", 10000
                )
                return False
        return True

    def _reveal(self, widget: QWidget) -> None:
        """Bring the section and tab holding ``widget`` into view."""
        ancestor = widget.parentWidget()
        while ancestor is not None and ancestor is not self:
            if isinstance(ancestor, QTabWidget):
                for index in range(ancestor.count()):
                    tab = ancestor.widget(index)
                    if tab is not None and tab.isAncestorOf(widget):
                        ancestor.setCurrentIndex(index)
            ancestor = ancestor.parentWidget()
        for index in range(self.pages.count()):
            page = self.pages.widget(index)
            if page is not None and page.isAncestorOf(widget):
                self.navigation.setCurrentRow(index)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.confirm_unsaved_work():
            event.ignore()
            return
        # A half-typed casework log entry is kept as a draft, never lost.
        if self._casework_page is not None:
            self._casework_page.save_draft()
        self._back_up_on_close()
        super().closeEvent(event)

    def _replace_page(self, index: int, page: QWidget) -> None:
        old = self.pages.widget(index)
        current = self.pages.currentIndex()
        self.pages.insertWidget(index, page)
        if old is not None:
            self.pages.removeWidget(old)
            old.deleteLater()
        self.pages.setCurrentIndex(current)
        self.pages.updateGeometry()

    def after_first_paint(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` once the window has painted (or soon, if it never does)."""
        self._after_first_paint.append(callback)
        QTimer.singleShot(OPEN_WITHOUT_PAINT_MS, self._run_after_first_paint)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.Paint and self._after_first_paint:
            QTimer.singleShot(0, self._run_after_first_paint)
        return handled

    def _run_after_first_paint(self) -> None:
        callbacks, self._after_first_paint = self._after_first_paint, []
        for callback in callbacks:
            callback()

    def _later(self, index: int, factory: Callable[[], QWidget]) -> None:
        """Build a section the first time it is shown (or asked for), not at start: the
        People list should not wait for pages no one has opened yet."""
        self._lazy[index] = factory
        if self.pages.currentIndex() == index:
            self._build(index)
        else:
            self._replace_page(index, QWidget())

    def _build(self, index: int) -> None:
        factory = self._lazy.pop(index, None)
        if factory is not None:
            self._replace_page(index, factory())

    def _show_page(self, index: int) -> None:
        self._build(index)
        self.pages.setCurrentIndex(index)
        # Once laid out: the pane sizes "Reset pane sizes" goes back to.
        QTimer.singleShot(0, self, self._remember_pane_sizes)

    def _remember_pane_sizes(self) -> None:
        page = self.pages.currentWidget()
        if page is not None:
            arrange.remember_sizes(page)

    def show_section(self, key: str) -> None:
        index = next(i for i, s in enumerate(SECTIONS) if s.key == key)
        self.navigation.setCurrentRow(index)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.import_menu = file_menu.addMenu("&Import")
        self.import_action = QAction("Import from &spreadsheets…", self)
        self.import_action.setStatusTip("Bring records in from CSV files or an Excel workbook")
        self.import_action.setToolTip("Available once the database is open")
        self.import_action.setEnabled(False)  # until attach() opens the database
        self.import_action.triggered.connect(self.open_import)
        self.import_menu.addAction(self.import_action)
        self.templates_action = QAction("Save blank &templates…", self)
        self.templates_action.setStatusTip(
            "Save a blank CSV file for each kind of record, and a workbook with them all"
        )
        self.templates_action.triggered.connect(self.save_templates)
        self.import_menu.addAction(self.templates_action)
        file_menu.addSeparator()
        self.password_action = QAction("Change my &password…", self)
        self.password_action.setEnabled(False)  # until someone signs in
        self.password_action.triggered.connect(self.change_password)
        file_menu.addAction(self.password_action)
        self.lock_action = QAction("&Lock now", self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setStatusTip(
            "Lock the window now: everything is hidden until your password is typed again"
        )
        self.lock_action.setToolTip("Lock the window now (Ctrl+L)")
        self.lock_action.setEnabled(False)
        self.lock_action.triggered.connect(self.lock_now)
        file_menu.addAction(self.lock_action)
        self.sign_out_action = QAction("Sign &out…", self)
        self.sign_out_action.setStatusTip(
            "Sign out, so that someone else can sign in without closing Advocacy Desk"
        )
        self.sign_out_action.setEnabled(False)  # until someone signs in
        self.sign_out_action.triggered.connect(self._sign_out_chosen)
        file_menu.addAction(self.sign_out_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self._build_view_menu()
        help_menu = self.menuBar().addMenu("&Help")
        self.help_action = QAction("&User guide", self)
        self.help_action.setShortcut(QKeySequence("F1"))
        self.help_action.setStatusTip("Open the user guide at the page for this section")
        self.help_action.triggered.connect(self.show_help)
        help_menu.addAction(self.help_action)
        self.shortcuts_action = QAction("&Keyboard shortcuts", self)
        self.shortcuts_action.setStatusTip("List the keys that work in each section")
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        help_menu.addAction(self.shortcuts_action)
        help_menu.addSeparator()
        about_action = QAction(f"&About {about.NAME}", self)
        about_action.triggered.connect(self.show_about)
        help_menu.addAction(about_action)

    def _build_view_menu(self) -> None:
        """Sorting and pane sizes from the keyboard (see :mod:`ui.widgets.arrange`)."""
        view_menu = self.menuBar().addMenu("&View")
        self.sort_action = QAction("&Sort by…", self)
        self.sort_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.sort_action.setStatusTip("Sort the table you are in by one of its columns")
        self.sort_action.triggered.connect(self.choose_sort)
        view_menu.addAction(self.sort_action)
        view_menu.addSeparator()
        self.wider_list_action = QAction("Wider &list", self)
        self.wider_list_action.setShortcut(QKeySequence("Ctrl+]"))
        self.wider_list_action.setStatusTip(
            "Move the divider so the list (left, or top) takes more room"
        )
        self.wider_list_action.triggered.connect(lambda: self.move_divider(arrange.STEP))
        view_menu.addAction(self.wider_list_action)
        self.wider_details_action = QAction("Wider &details", self)
        self.wider_details_action.setShortcut(QKeySequence("Ctrl+["))
        self.wider_details_action.setStatusTip(
            "Move the divider so the details (right, or below) take more room"
        )
        self.wider_details_action.triggered.connect(lambda: self.move_divider(-arrange.STEP))
        view_menu.addAction(self.wider_details_action)
        self.reset_panes_action = QAction("&Reset pane sizes", self)
        self.reset_panes_action.setStatusTip("Put this section's dividers back where they were")
        self.reset_panes_action.triggered.connect(self.reset_panes)
        view_menu.addAction(self.reset_panes_action)

    def open_import(self) -> int:
        """Open the import dialog (through :attr:`run_modal`); its result code, or
        Rejected when no database is open yet."""
        if self.services is None:
            return QDialog.DialogCode.Rejected.value
        from ui.importing import ImportDialog

        dialog = ImportDialog(self.services, self)
        dialog.imported.connect(self._imported)
        try:
            return self.run_modal(dialog)
        finally:
            dialog.deleteLater()

    def _imported(self) -> None:
        for kind in IMPORTED_KINDS:
            self.bus.changed.emit(kind)

    def save_templates(self) -> list[Path]:
        """Ask for a folder and write the blank import templates there; what was written."""
        folder = self.choose_folder("Save blank import templates in")
        if folder is None or not str(folder):
            return []
        from advocacy_desk.importing.schema import KINDS
        from advocacy_desk.importing.templates import WORKBOOK_NAME

        names = [f"{kind.name}.csv" for kind in KINDS] + [WORKBOOK_NAME]
        there = [name for name in names if (folder / name).exists()]
        if there and not self.confirm(
            "Replace files?",
            f"{folder} already has {_listed(there)}. Replace "
            f"{'it' if len(there) == 1 else 'them'} with blank templates? Anything in "
            f"{'it' if len(there) == 1 else 'them'} will be lost. To keep "
            f"{'it' if len(there) == 1 else 'them'}, choose No and pick another folder.",
        ):
            return []
        if self.services is not None:
            write_templates = self.services.imports.write_templates
        else:  # the window is still opening its database: the templates do not need it
            from advocacy_desk.services.imports import ImportService

            write_templates = ImportService.write_templates
        try:
            written = write_templates(folder)
        except (OSError, AdvocacyDeskError) as exc:
            why = str(exc) if isinstance(exc, AdvocacyDeskError) else exc.strerror or str(exc)
            self.warn(
                "Templates not saved",
                f"Could not write the templates in {folder}: {why}.\n\n"
                "Choose a folder you can save files in (and close any template open in "
                "Excel), then try again.",
            )
            return []
        self._templates_folder = folder
        self.inform(
            "Templates saved",
            f"Saved {len(written)} blank templates in {folder}: a CSV file for each kind of "
            f"record, and {WORKBOOK_NAME} with a sheet for each.\n\n"
            "Fill in the ones you need (the second row of each notes what every column "
            "takes), then choose File > Import > Import from spreadsheets.",
        )
        return written

    def _ask_for_folder(self, title: str) -> Path | None:
        chosen = QFileDialog.getExistingDirectory(
            self, title, str(self._templates_folder or Path.home())
        )
        return Path(chosen) if chosen else None

    def _inform(self, title: str, text: str) -> None:
        QMessageBox.information(self, title, text)

    def _warn(self, title: str, text: str) -> None:
        QMessageBox.warning(self, title, text)

    def _ask(self, title: str, question: str) -> bool:
        return ask_yes_no(self, title, question)

    def show_about(self) -> None:
        QMessageBox.about(self, f"About {about.NAME}", about.about_text())

    # -- help -------------------------------------------------------------------------

    def help_page(self) -> str:
        """The guide's page for what is shown ("returns.md", "data-safety.md#backups")."""
        index = self.pages.currentIndex()
        if index < 0:
            return SECTIONS[0].help
        section = SECTIONS[index]
        if section.key == "settings" and self._settings_page is not None:
            return SETTINGS_HELP.get(self._settings_page.current_tab(), section.help)
        return section.help

    def show_help(self) -> HelpWindow:
        """Help > User guide (F1): the guide, in its own window, at this section's page."""
        from ui.help import HelpWindow

        if self.help_window is None:
            self.help_window = HelpWindow()
            self.help_window.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
            self.destroyed.connect(self.help_window.close)
        page, _, heading = self.help_page().partition("#")
        self.help_window.show_page(page, heading)
        self.help_window.show()
        self.help_window.raise_()
        self.help_window.activateWindow()
        return self.help_window

    def shortcuts(self) -> list[Shortcut]:
        """Every key the window answers to, read from its menus' actions and its
        sections' shortcuts (each section built first, so all of them are there)."""
        from ui.help import Shortcut, key_text, merged

        for index in list(self._lazy):
            self._build(index)
        found: list[Shortcut] = []
        for menu_action in self.menuBar().actions():
            menu = menu_action.menu()
            if not isinstance(menu, QMenu):
                continue
            where = f"{_plain(menu.title())} menu"
            for action in _actions(menu):
                for keys in action.shortcuts():
                    found.append(Shortcut(key_text(keys), _plain(action.text()), where))
        titles = {id(self.pages.widget(i)): SECTIONS[i].title for i in range(len(SECTIONS))}
        for row in range(self.navigation.count()):
            if self.navigation.item(row).isHidden():
                titles.pop(id(self.pages.widget(row)), None)
        for shortcut in self.findChildren(QShortcut):
            where = _section_of(shortcut.parent(), titles)
            if where and shortcut.isEnabled():
                what = shortcut.whatsThis() or "(not described)"
                found.append(Shortcut(key_text(shortcut.key()), what, where))
        return merged(found)

    def show_shortcuts(self) -> int:
        """Help > Keyboard shortcuts (through :attr:`run_modal`)."""
        from ui.help import ShortcutsDialog

        dialog = ShortcutsDialog(self.shortcuts(), self)
        try:
            return self.run_modal(dialog)
        finally:
            dialog.deleteLater()

    # -- the View menu: sorting and panes from the keyboard -----------------------------

    def sort_menu(self) -> QMenu | None:
        """The "Sort by" menu for the table in use; None (said in the status bar) when
        the section has no table that sorts."""
        page = self.pages.currentWidget()
        if page is None:
            return None
        view, any_table = arrange.table_to_sort(page)
        if view is None:
            self.statusBar().showMessage(
                "This list keeps an order of its own (the waiting list is ranked by the "
                "prioritisation matrix, say): it does not sort by column."
                if any_table
                else "There is no table here to sort.",
                STATUS_MS,
            )
            return None
        return arrange.sort_menu(view, self)

    def choose_sort(self) -> None:
        """View > Sort by: a menu of the table's columns, under the table."""
        menu = self.sort_menu()
        if menu is None:
            return
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        focus = QApplication.focusWidget()
        place = focus.mapToGlobal(focus.rect().topLeft()) if focus is not None else self.pos()
        menu.popup(place)
        actions = menu.actions()
        if actions:
            menu.setActiveAction(next((a for a in actions if a.isChecked()), actions[0]))

    def move_divider(self, step: float) -> list[int]:
        """View > Wider list / Wider details: move the divider of the panes in use."""
        page = self.pages.currentWidget()
        splitter = arrange.panes_to_move(page) if page is not None else None
        if splitter is None:
            self.statusBar().showMessage("This section has no panes to resize.", STATUS_MS)
            return []
        return arrange.widen_first(splitter, step)

    def reset_panes(self) -> None:
        """View > Reset pane sizes: every divider of the section as it was first shown."""
        page = self.pages.currentWidget()
        if page is None:
            return
        for splitter in page.findChildren(QSplitter):
            arrange.reset_sizes(splitter)


def _damage_found(backups: BackupService, damage: str) -> Damage:
    """The damage, with the newest good backup (looking for it may itself fail on a
    damaged database: the folder setting is in it)."""
    try:
        folder: Path | None = backups.folder()
        newest = backups.newest_good()
    except Exception:
        folder, newest = None, None
    return Damage(
        database=backups.database,
        damage=damage,
        newest_path=newest.path if newest is not None else None,
        newest_taken=newest.taken_at if newest is not None else None,
        folder=folder,
    )


def _taken(backups: BackupService, path: Path) -> datetime | None:
    """When the backup at ``path`` was taken, if it is one of the database's backups."""
    try:
        found = next((b for b in backups.backups() if b.path == path), None)
    except Exception:
        return None
    return found.taken_at if found is not None else None


def _plain(text: str) -> str:
    """A menu entry's text as read: no & marking its key, no "…"."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")


def _actions(menu: QMenu) -> list[QAction]:
    """A menu's actions, its submenus' among them."""
    found: list[QAction] = []
    for action in menu.actions():
        sub = action.menu()
        if isinstance(sub, QMenu):
            found.extend(_actions(sub))
        elif not action.isSeparator():
            found.append(action)
    return found


def _title(window: QWidget) -> str:
    return f"“{window.windowTitle()}”" if window.windowTitle() else "a window"


def _section_of(owner: QObject | None, titles: dict[int, str]) -> str:
    """The title of the section ``owner`` belongs to ("" if none: a closed dialog's)."""
    while owner is not None:
        if id(owner) in titles:
            return titles[id(owner)]
        if isinstance(owner, QDialog):
            return ""
        owner = owner.parent()
    return ""


def _listed(names: list[str]) -> str:
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
