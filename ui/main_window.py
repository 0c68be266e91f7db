"""The main window: a navigation pane on the left, the chosen section on the right."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk import about
from ui.bus import DataBus
from ui.widgets.modal import RunModal, run_modal

if TYPE_CHECKING:  # the database layer loads after the window first paints
    from advocacy_desk.services import Services
    from ui.casework import CaseworkPage
    from ui.people.page import PeoplePage

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


@dataclass(frozen=True)
class Section:
    key: str
    title: str


SECTIONS: tuple[Section, ...] = (
    Section("people", "People"),
    Section("waiting_list", "Waiting list"),
    Section("casework", "Casework"),
    Section("citizen_advocacy", "Citizen advocacy"),
    Section("returns", "Returns"),
    Section("settings", "Settings"),
)


def window_title(location: str, demo: bool = False) -> str:
    title = f"{about.NAME} — {location}"
    return f"DEMO — {title}" if demo else title


class OpeningPage(QWidget):
    """What a section shows in the moment between the window appearing and its data."""

    def __init__(self, location: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = QLabel(f"Opening {escape(location)}…")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)


class MainWindow(QMainWindow):
    """The window; it can appear before its database is open, as :func:`ui.app.launch`
    does, and fills its sections when :meth:`attach` hands it the services."""

    #: Emitted once the database is open and every section shows real data.
    ready = Signal()

    def __init__(
        self, services: Services | None = None, bus: DataBus | None = None, *, location: str = ""
    ) -> None:
        super().__init__()
        self.services: Services | None = None
        self.bus = bus or DataBus(self)
        self._people_page: PeoplePage | None = None
        self._casework_page: CaseworkPage | None = None
        self._casework_tabs: QTabWidget | None = None
        self._after_first_paint: list[Callable[[], None]] = []
        #: Dialogs and message boxes go through these; tests replace them.
        self.run_modal: RunModal = run_modal
        self.choose_folder: ChooseFolder = self._ask_for_folder
        self.inform: Tell = self._inform
        self.warn: Tell = self._warn
        self.confirm: Confirm = self._ask
        self._templates_folder: Path | None = None
        location = services.location if services is not None else location
        self.setWindowTitle(window_title(location))
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
        for section in SECTIONS:
            QListWidgetItem(section.title, self.navigation)
            page = OpeningPage(location)
            self.pages.addWidget(page)
        self.navigation.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.navigation.setCurrentRow(0)

        central = QWidget()
        self._outer = QVBoxLayout(central)
        self._outer.setContentsMargins(0, 0, 0, 0)
        self._outer.setSpacing(0)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.navigation)
        body.addWidget(self.pages, 1)
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
        """Show ``services``' data in every section (once, after the window appears)."""
        from ui.casework import CaseworkPage
        from ui.casework.hours import HoursView
        from ui.citizen import CitizenPage
        from ui.people.page import PeoplePage
        from ui.returns import ReturnsPage
        from ui.settings.page import SettingsPage
        from ui.waiting_list import WaitingListPage

        self.services = services
        demo = services.settings.is_demo
        self.setWindowTitle(window_title(services.location, demo))
        self._people_page = PeoplePage(services, self.bus)
        self._people_page.open_casework.connect(lambda: self.show_section("casework"))
        for index, section in enumerate(SECTIONS):
            if section.key == "people":
                self._replace_page(index, self._people_page)
            elif section.key == "casework":
                self._casework_page = CaseworkPage(services, self.bus)
                tabs = QTabWidget()
                tabs.setObjectName("caseworkTabs")
                tabs.addTab(self._casework_page, "Caseload")
                tabs.addTab(HoursView(services), "Hours delivered")
                self._casework_tabs = tabs
                self._replace_page(index, tabs)
            elif section.key == "citizen_advocacy":
                self._replace_page(index, CitizenPage(services, self.bus))
            elif section.key == "returns":
                returns_page = ReturnsPage(services, self.bus)
                returns_page.open_record.connect(self.open_record)
                self._replace_page(index, returns_page)
            elif section.key == "waiting_list":
                self._replace_page(index, WaitingListPage(services, self.bus))
            elif section.key == "settings":
                self._replace_page(index, SettingsPage(services, demo, self.bus))
        if demo:
            banner = QLabel("DEMO DATA: made-up people for exploring. Nothing here is real.")
            banner.setObjectName("demoBanner")
            banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
            banner.setStyleSheet(
                "background: #fff3cd; color: #664d03; padding: 4px; font-weight: bold;"
            )
            self._outer.insertWidget(0, banner)
        self.import_action.setEnabled(True)
        self.import_action.setToolTip("")
        self.statusBar().showMessage(services.location)
        self.ready.emit()

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

    def closeEvent(self, event: QCloseEvent) -> None:
        # A half-typed casework log entry is kept as a draft, never lost.
        if self._casework_page is not None:
            self._casework_page.save_draft()
        super().closeEvent(event)

    def _replace_page(self, index: int, page: QWidget) -> None:
        old = self.pages.widget(index)
        current = self.pages.currentIndex()
        self.pages.insertWidget(index, page)
        if old is not None:
            self.pages.removeWidget(old)
            old.deleteLater()
        self.pages.setCurrentIndex(current)

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
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu("&Help")
        about_action = QAction(f"&About {about.NAME}", self)
        about_action.triggered.connect(self.show_about)
        help_menu.addAction(about_action)

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
        except OSError as exc:
            self.warn(
                "Templates not saved",
                f"Could not write the templates in {folder}: {exc.strerror or exc}.\n\n"
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
        answer = QMessageBox.question(
            self,
            title,
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def show_about(self) -> None:
        QMessageBox.about(self, f"About {about.NAME}", about.about_text())


def _listed(names: list[str]) -> str:
    """ "a.csv", "a.csv and b.csv", "a.csv, b.csv and c.csv"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
