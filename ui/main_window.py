"""The main window: a navigation pane on the left, the chosen section on the right.

Each feature package declares its section (``ui/<feature>/section.py``); the window lists
them in :data:`SECTIONS` and builds each for the signed-in user's role. Its menus, its
backups and signing in and out are helpers of their own (:mod:`ui.window`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFont, QFontMetrics
from PySide6.QtWidgets import (
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
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk import about
from advocacy_desk.domain.errors import AdvocacyDeskError
from advocacy_desk.domain.permissions import Permission
from ui.audit.section import SECTION as AUDIT
from ui.bus import DataBus
from ui.casework.section import SECTION as CASEWORK
from ui.casework.section import CaseworkTabs
from ui.citizen.section import SECTION as CITIZEN_ADVOCACY
from ui.data_protection.section import SECTION as DATA_PROTECTION
from ui.diary.section import SECTION as DIARY
from ui.people.section import SECTION as PEOPLE
from ui.planning.section import SECTION as PLANNING
from ui.returns.section import SECTION as RETURNS
from ui.sections import STATUS_MS, AnySection, Section, shown_to
from ui.settings.section import SECTION as SETTINGS
from ui.settings.section import SETTINGS_HELP
from ui.tasks import finish_background_work
from ui.waiting_list.section import SECTION as WAITING_LIST
from ui.widgets import arrange, screen, theme, unsaved
from ui.widgets.modal import RunModal, ask_yes_no, run_modal
from ui.window import menus
from ui.window.backups import WindowBackups
from ui.window.session import WindowSession, listed, window_title

if TYPE_CHECKING:  # the database layer loads after the window first paints
    from advocacy_desk.app import Services
    from ui.casework import CaseworkPage
    from ui.help import HelpWindow, Shortcut
    from ui.lock import IdleLock
    from ui.people.page import PeoplePage
    from ui.settings.page import SettingsPage

__all__ = [
    "LANDING",
    "SECTIONS",
    "SETTINGS_HELP",
    "STATUS_MS",
    "MainWindow",
    "OpeningPage",
    "Section",
    "window_title",
]

#: Asks for a folder, given the dialog's title; None if the user cancelled.
ChooseFolder = Callable[[str], Path | None]
#: Shows a message: (title, text).
Tell = Callable[[str, str], None]
#: Asks a yes-or-no question: (title, question) -> whether the answer was Yes.
Confirm = Callable[[str, str], bool]

#: If the window is never painted (started minimised, say), open the data anyway.
OPEN_WITHOUT_PAINT_MS = 500

#: The sections, in the navigation's order; each is declared in its feature package.
SECTIONS: tuple[AnySection, ...] = (
    PEOPLE, WAITING_LIST, CASEWORK, DIARY, CITIZEN_ADVOCACY, RETURNS, PLANNING, AUDIT,
    DATA_PROTECTION, SETTINGS,
)  # fmt: skip

#: Where each role starts after signing in: its own work (the People list for a role
#: not named here, or when its section is not shown).
LANDING = {
    "advocate": "casework",
    "volunteer_coordinator": "citizen_advocacy",
    "manager": "waiting_list",
    "administrator": "settings",
    "read_only": "people",
}


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
    #: Its sections, in the navigation's order (the helper modules read them here).
    sections: tuple[AnySection, ...] = SECTIONS

    # The menus' actions (see :func:`ui.window.menus.build_menus`).
    import_menu: QMenu
    import_action: QAction
    templates_action: QAction
    password_action: QAction
    lock_action: QAction
    sign_out_action: QAction
    help_action: QAction
    shortcuts_action: QAction
    sort_action: QAction
    wider_list_action: QAction
    wider_details_action: QAction
    reset_panes_action: QAction

    def __init__(self, services: Services | None = None, *, location: str = "") -> None:
        super().__init__()
        self.services: Services | None = None
        #: Every commit's changes, for the pages: it follows the open database's feed.
        self.bus = DataBus(parent=self)
        #: The pages built for the signed-in user, by their section's key.
        self._built: dict[str, QWidget] = {}
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
        self.backups = WindowBackups(self)
        self.backup_timer = self.backups.timer
        #: Covers the window after some idle minutes while someone is signed in.
        self.idle_lock: IdleLock | None = None
        #: The user guide's window, made the first time help is asked for.
        self.help_window: HelpWindow | None = None
        #: Who the sections were last built for: a new person lands on their own work.
        self._built_for: str | None = None
        self.session = WindowSession(self)
        location = services.location if services is not None else location
        self.setWindowTitle(window_title(location))
        # As big as suits a desktop, but never bigger than the screen it opens on (a
        # 1280x720 laptop leaves about 1264x680 once the taskbar and title bar are counted).
        screen.fit_window(self, QSize(1200, 760))
        self._build_navigation(location)
        self._build_body()
        self.statusBar().showMessage(f"Opening {location}…")
        menus.build_menus(self)
        if services is not None:
            self.attach(services)

    def _build_navigation(self, location: str) -> None:
        """The list of sections, and a page for each saying the data is on its way."""
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

    def _build_body(self) -> None:
        """The navigation beside the pages, under any banner the window shows."""
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

    @property
    def people_page(self) -> PeoplePage:
        assert self._people_page is not None, "the window has no database yet"
        return self._people_page

    @property
    def _people_page(self) -> PeoplePage | None:
        return cast("PeoplePage | None", self._built.get("people"))

    @property
    def _casework_tabs(self) -> CaseworkTabs | None:
        tabs = self._built.get("casework")
        return tabs if isinstance(tabs, CaseworkTabs) else None

    @property
    def _casework_page(self) -> CaseworkPage | None:
        tabs = self._casework_tabs
        return tabs.caseload if tabs is not None else None

    @property
    def _settings_page(self) -> SettingsPage | None:
        """Settings once it is built (it is built the first time it is shown)."""
        return cast("SettingsPage | None", self._built.get("settings"))

    @property
    def settings_page(self) -> SettingsPage:
        if self._settings_page is None:
            self._build(next(i for i, s in enumerate(SECTIONS) if s.key == "settings"))
        assert self._settings_page is not None, "the window has no database yet"
        return self._settings_page

    def attach(self, services: Services) -> None:
        """Show ``services``' data in every section (after the window appears). Called
        again, as after a restore, it replaces every section and closes the services it
        had; the backup timer and the banners are not doubled."""
        previous = self.services
        if previous is not None and previous is not services:
            self.backup_timer.stop()
            finish_background_work()
            self.bus.follow(None)  # what closing writes is no page's business
            previous.close()
        self.services = services
        self.bus.follow(services)
        demo = services.settings.is_demo
        self.setWindowTitle(window_title(services.location, demo))
        shown = shown_to(services, SECTIONS)
        self._build_sections(services, shown)
        self._show_demo_banner(demo)
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
        self.session.start_idle_lock(services)
        if "diary" in shown:
            QTimer.singleShot(0, self.offer_to_log_appointments)
        signed = (
            f" — signed in as {identity.username} ({identity.role_label})"
            if identity is not None and identity.role
            else ""
        )
        self.statusBar().showMessage(services.location + signed)
        self.backups.watch(services)
        self.ready.emit()

    def _build_sections(self, services: Services, shown: set[str]) -> None:
        """A page for each section the user's role shows (a lazy one once it is first
        shown), and nothing of the others."""
        self._built.clear()
        for index, section in enumerate(SECTIONS):
            self.navigation.item(index).setHidden(section.key not in shown)
            self._lazy.pop(index, None)
            if section.key not in shown:
                self._replace_page(index, QWidget())  # nothing of it is read
            elif section.lazy:
                self._later(index, partial(self._make, section, services))
            else:
                self._replace_page(index, self._make(section, services))

    def _make(self, section: AnySection, services: Services) -> QWidget:
        """The section's page, linked to the window, for the services' user."""
        page: QWidget = section.build(services, self.bus)
        if section.link is not None:
            section.link(page, self)
        self._built[section.key] = page
        return page

    def _show_demo_banner(self, demo: bool) -> None:
        """A banner across the top while the data is the demo's (and only then)."""
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

    def offer_to_log_appointments(self) -> int:
        """Appointments of the user's that have ended and are not in the casework log
        yet: offer to log them (through :attr:`run_modal`), once as the window opens."""
        if self.services is None:
            return QDialog.DialogCode.Rejected.value
        from ui.diary import LogAppointmentsDialog

        dialog = LogAppointmentsDialog(self.services, parent=self)
        try:
            return self.run_modal(dialog) if dialog.has_any else QDialog.DialogCode.Rejected.value
        finally:
            dialog.deleteLater()

    # -- signing in and out, the idle lock (see :mod:`ui.window.session`) ---------------

    def lock_now(self) -> None:
        """File > Lock now: cover every window at once, saying it was asked for."""
        self.session.lock_now()

    def set_lock_minutes(self, minutes: int) -> None:
        self.session.set_lock_minutes(minutes)

    def open_windows(self) -> list[QWidget]:
        """The app's other windows open now (not the user guide's)."""
        return self.session.open_windows()

    def sign_out(self, *, from_lock: bool = False) -> bool:
        """File > Sign out (or, ``from_lock``, the lock screen's "Sign in as someone
        else"); False when the user chose not to sign out."""
        return self.session.sign_out(from_lock=from_lock)

    def change_password(self) -> int:
        """The signed-in user's own password (through :attr:`run_modal`)."""
        return self.session.change_password()

    # -- backups (see :mod:`ui.window.backups`) ------------------------------------------

    @property
    def checking_health(self) -> bool:
        """Whether the start-up check for damage is still running."""
        return self.backups.checking_health

    def back_up_automatically(self) -> None:
        """The backup timer's job: a backup if the data changed since the last one."""
        self.backups.back_up_automatically()

    @property
    def auto_backup_running(self) -> bool:
        return self.backups.running

    def _auto_backup_failed(self, message: str) -> None:
        self.backups.auto_backup_failed(message)

    def ask_to_restore(self, path: object) -> None:
        self.backups.ask_to_restore(path)

    def restore_backup(self, path: Path, why: str = "replaced") -> Path | None:
        """Put the backup at ``path`` in place of the database and open it again; where
        the previous file was kept (None if not restored)."""
        return self.backups.restore(path, why)

    def _detach(self, message: str) -> None:
        """Show ``message`` in every section in place of the data (before the database
        closes), and delete the old sections now so nothing in them reads or writes."""
        self.backup_timer.stop()
        if self.idle_lock is not None:
            self.idle_lock.stop()
        for index in range(len(SECTIONS)):
            self._replace_page(index, OpeningPage("", said=message))
        self._built.clear()
        self.import_action.setEnabled(False)
        self.services = None
        self.bus.follow(None)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def open_record(self, entity: str, record_id: int) -> None:
        """Show a record another section points at: a case, a person or a referral."""
        if self.services is None:
            return
        if entity == "case" and self._shows("casework"):
            self.show_section("casework")  # built now if it was not yet
            tabs, page = self._casework_tabs, self._casework_page
            if tabs is not None and page is not None:
                tabs.setCurrentWidget(page)
                page.open_case(record_id)
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
        self.backups.back_up_on_close()
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

    def _shows(self, key: str) -> bool:
        """Whether the section ``key`` is shown to the signed-in user (built or not)."""
        index = next(i for i, s in enumerate(SECTIONS) if s.key == key)
        return key in self._built or index in self._lazy

    def show_section(self, key: str) -> None:
        index = next(i for i, s in enumerate(SECTIONS) if s.key == key)
        self.navigation.setCurrentRow(index)

    def open_import(self) -> int:
        """Open the import dialog (through :attr:`run_modal`); its result code, or
        Rejected when no database is open yet."""
        if self.services is None:
            return QDialog.DialogCode.Rejected.value
        from ui.importing import ImportDialog

        dialog = ImportDialog(self.services, self)
        try:
            return self.run_modal(dialog)
        finally:
            dialog.deleteLater()

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
            f"{folder} already has {listed(there)}. Replace "
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

    # -- help, and the View menu (see :mod:`ui.window.menus`) -----------------------------

    def help_page(self) -> str:
        """The guide's page for what is shown ("returns.md", "data-safety.md#backups")."""
        return menus.help_page(self)

    def show_help(self) -> HelpWindow:
        """Help > User guide (F1): the guide, in its own window, at this section's page."""
        return menus.show_help(self)

    def shortcuts(self) -> list[Shortcut]:
        """Every key the window answers to, in its menus and its sections."""
        return menus.shortcuts(self)

    def show_shortcuts(self) -> int:
        """Help > Keyboard shortcuts (through :attr:`run_modal`)."""
        return menus.show_shortcuts(self)

    def sort_menu(self) -> QMenu | None:
        """The "Sort by" menu for the table in use; None when there is none."""
        return menus.sort_menu(self)

    def choose_sort(self) -> None:
        """View > Sort by: a menu of the table's columns, under the table."""
        menus.choose_sort(self)

    def move_divider(self, step: float) -> list[int]:
        """View > Wider list / Wider details: move the divider of the panes in use."""
        return menus.move_divider(self, step)

    def reset_panes(self) -> None:
        """View > Reset pane sizes: every divider of the section as it was first shown."""
        menus.reset_panes(self)
