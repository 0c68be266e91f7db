"""The People page: find anyone fast, see their referrals and cases, add and change records.

The list is a :class:`PeopleTableModel` (ids only, rows fetched a page at a time),
so it stays quick with 100,000 people. Every commit tells the data bus what it wrote;
the page refreshes itself from what it watches (:attr:`PeoplePage.WATCHES`), as do the
others.

It is the first screen, so it also carries a one-line reminder of the next actions
due soon, which opens Casework when clicked (:attr:`PeoplePage.open_casework`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.app import Services
from advocacy_desk.domain.changes import Changes
from advocacy_desk.domain.errors import NotFound
from advocacy_desk.domain.permissions import Permission as Can
from advocacy_desk.records.planning import PRO_RATA_WARNING, ContractProjection
from ui.bus import DataBus
from ui.consent import ConsentDialog
from ui.people.model import COLUMNS, PeopleTableModel
from ui.people.person_form import PersonDialog
from ui.people.person_panel import PANEL_LEAST, PANEL_WIDTH, PersonPanel
from ui.people.texts import (
    case_html,
    cases_total_text,
    citizen_text,
    contracts_warning_text,
    next_actions_count_text,
    next_actions_text,
    outcomes_text,
    people_count,
)
from ui.referrals.referral_form import ReferralDialog
from ui.widgets import run_modal, theme, views
from ui.widgets.flow import FlowRow
from ui.widgets.modal import RunModal
from ui.widgets.watching import Watch

# The panel and the words moved to their own modules; their names still import from here.
__all__ = [
    "NEXT_ACTION_DAYS",
    "PANEL_LEAST",
    "PANEL_WIDTH",
    "SEARCH_DELAY_MS",
    "SEARCH_PLACEHOLDER",
    "PeoplePage",
    "PersonPanel",
    "case_html",
    "cases_total_text",
    "citizen_text",
    "contracts_warning_text",
    "next_actions_text",
    "outcomes_text",
    "people_count",
]

#: Wait this long after the last keystroke before filtering (type-ahead).
SEARCH_DELAY_MS = 120

SEARCH_PLACEHOLDER = "Search name, reference, postcode or date of birth"

_WIDTHS = {
    "Reference": 9,
    "Family name": 14,
    "Given name": 12,
    "Date of birth": 12,
    "Postcode": 11,
}


#: The next-actions line counts actions due within this many days (and overdue ones).
NEXT_ACTION_DAYS = 14


class PeoplePage(QWidget):
    """The People section of the main window."""

    #: The next-actions line was clicked: the main window shows Casework.
    open_casework = Signal()
    #: The contracts warning was clicked: show Planning.
    open_planning = Signal()
    #: What it shows: the people listed; the chosen one's referrals, cases, partnerships
    #: and consent; the next actions due; the contracts warning.
    WATCHES = frozenset({
        "person", "referral", "advocacy_case", "case_event", "case_issue", "activity",
        "partnership", "partner_profile", "consent", "party", "contract", "contract_advocacy_type",
    })  # fmt: skip

    def __init__(self, services: Services, bus: DataBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.bus = bus
        #: Shows a dialog modally; tests replace it so nothing ever waits for a click.
        self.run_modal: RunModal = run_modal
        #: Today's date for the forms' defaults and checks.
        self.today: Callable[[], date] = services.today

        self.model = PeopleTableModel(services.people, self)
        self._build_search()
        self._build_buttons()
        self._build_table()
        self._build_panel()
        top = self._build_splitter()
        self._build_links()
        self._role_buttons(services)
        self._lay_out(top)
        self._build_shortcuts()
        self.watch = Watch(bus, self, self.WATCHES, self._data_changed)
        self._update_count()
        self._update_buttons()
        self._show_selected()
        self.update_next_actions()
        #: The next actions were counted by the constructor: a show in the same turn of
        #: the event loop (the window attaching its sections) need not count them again.
        self._counted_on_build = True
        QTimer.singleShot(0, self, self._forget_build_count)

    # -- building -----------------------------------------------------------------

    def _build_search(self) -> None:
        """The search box (filtering as the user types, after a pause) and the count."""
        self.search = QLineEdit()
        self.search.setPlaceholderText(SEARCH_PLACEHOLDER)
        self.search.setAccessibleName("Search people")
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip(f"{SEARCH_PLACEHOLDER} (Ctrl+F)")
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self._search_entered)

        self.count_label = QLabel()
        self.count_label.setObjectName("peopleCount")
        self.count_label.setAccessibleName("Number of people")

    def _build_buttons(self) -> None:
        """The buttons over the list; the user's role decides which show."""
        self.new_person_button = QPushButton("New person…")
        self.new_person_button.setToolTip("Add a person (Ctrl+N)")
        self.edit_person_button = QPushButton("Edit person…")
        self.edit_person_button.setToolTip("Change the selected person's details (Enter)")
        self.new_referral_button = QPushButton("New referral…")
        self.new_referral_button.setToolTip(
            "Record a referral for the selected person; with nobody selected, add the person first"
        )
        self.new_person_button.clicked.connect(lambda: self.new_person())
        self.edit_person_button.clicked.connect(lambda: self.edit_person())
        self.new_referral_button.clicked.connect(lambda: self.new_referral())
        self.profile_button = QPushButton("Matching profile…")
        self.profile_button.setToolTip(
            "What this person needs of a citizen advocate: they wait for a match once it is made"
        )
        self.profile_button.clicked.connect(lambda: self.edit_matching_profile())
        from ui.data_protection import SubjectAccessButton

        self.subject_access_button = SubjectAccessButton(self.services)
        self.erase_button = QPushButton("Erase on request…")
        self.erase_button.setObjectName("eraseButton")
        self.erase_button.setToolTip(
            "Anonymise this person's record because they asked for their details to be erased"
        )
        self.erase_button.clicked.connect(lambda: self.erase_person())

    def _build_table(self) -> None:
        """The list of people: fixed row heights, so 100,000 rows never need measuring."""
        self.table = QTableView()
        self.table.setObjectName("peopleTable")
        self.table.setAccessibleName("People")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        # Fixed row heights: the view never has to measure 100,000 rows.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        char = self.table.fontMetrics().averageCharWidth()
        for column, spec in enumerate(COLUMNS):
            if spec.title in _WIDTHS:
                self.table.setColumnWidth(column, _WIDTHS[spec.title] * char + 16)
        header.setSortIndicator(self.model.sort_column, self.model.sort_order)
        self.table.setSortingEnabled(True)
        self.table.doubleClicked.connect(
            lambda index: self.edit_person(self.model.person_id(index.row()))
        )
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

    def _build_panel(self) -> None:
        """The selected person's panel, its buttons answered by this page."""
        self.panel = PersonPanel()
        self.panel.today = self.services.today
        self.panel.edit_referral_button.clicked.connect(lambda: self.edit_referral())
        self.panel.referral_table.doubleClicked.connect(lambda _index: self.edit_referral())
        self.panel.consent_button.clicked.connect(lambda: self.edit_consent())

    def _build_splitter(self) -> QHBoxLayout:
        """The list and its buttons beside the panel; returns the search row above them."""
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        # The buttons wrap onto a second line when the list is narrow (a 1280x720
        # laptop, text at 125%) rather than push the person panel off the screen.
        buttons = FlowRow()
        buttons.addWidget(self.new_person_button)
        buttons.addWidget(self.edit_person_button)
        buttons.addWidget(self.new_referral_button)
        buttons.addWidget(self.profile_button)
        buttons.addWidget(self.subject_access_button)
        buttons.addWidget(self.erase_button)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(buttons)
        left_column.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 1)
        self.panel.setMinimumWidth(PANEL_LEAST)
        self._sized = False
        return top

    def _build_links(self) -> None:
        """The home screen's links: next actions due, contracts past pro rata, reports
        falling due and today's appointments."""
        self.next_actions = QPushButton()
        self.next_actions.setObjectName("nextActions")
        self.next_actions.setAccessibleName("Next actions due")
        self.next_actions.setToolTip("Open Casework to see these next actions")
        self.next_actions.setCursor(Qt.CursorShape.PointingHandCursor)
        self.next_actions.setFlat(True)
        self.next_actions.clicked.connect(lambda: self.open_casework.emit())
        self.contracts_warning = QPushButton()
        self.contracts_warning.setObjectName("contractsWarning")
        self.contracts_warning.setAccessibleName("Contract hours used against pro rata")
        self.contracts_warning.setToolTip(
            f"Shown when a contract has used more than {PRO_RATA_WARNING:.0%} of its hours pro "
            "rata to date. Open Planning to see each contract's year."
        )
        self.contracts_warning.setCursor(Qt.CursorShape.PointingHandCursor)
        self.contracts_warning.setFlat(True)
        theme.style(
            self.contracts_warning,
            theme.link_button("error"),
        )
        self.contracts_warning.clicked.connect(lambda: self.open_planning.emit())
        self.contracts_warning.hide()
        # The home screen's day: reports falling due and today's appointments.
        from ui.diary import TodayAppointments
        from ui.reports import ReportsDueLink

        self.reports_due = ReportsDueLink(self.services, self.bus)
        self.reports_due.clicked.connect(lambda: self.open_casework.emit())
        self.today_appointments = TodayAppointments(self.services, self.bus)

    def _lay_out(self, top: QHBoxLayout) -> None:
        """The heading and its links, the day's row, the search row, then the list."""
        heading = views.heading("People", views.PAGE_TITLE, wrap=False)
        heading_row = QHBoxLayout()
        heading_row.addWidget(heading)
        heading_row.addStretch(1)
        # The two links wrap, one above the other, on a narrow window (text at 125%).
        links = FlowRow()
        links.addWidget(self.contracts_warning)
        links.addWidget(self.next_actions)
        heading_row.addWidget(links)
        layout = QVBoxLayout(self)
        layout.addLayout(heading_row)
        day_row = QHBoxLayout()  # today's appointments, and reports falling due
        day_row.addWidget(self.today_appointments, 1)
        day_row.addStretch(0)
        day_row.addWidget(self.reports_due, 0, Qt.AlignmentFlag.AlignRight)
        layout.addLayout(day_row)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

    def _build_shortcuts(self) -> None:
        """Ctrl+F, Ctrl+N, and Enter to open what is selected in either list."""
        self._shortcut("Ctrl+F", self.focus_search, "Search people")
        self._shortcut("Ctrl+N", self.new_person, "Add a new person")
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            for widget, slot, what in (
                (self.table, self.edit_person, "Open the selected person (in the list)"),
                (self.panel.referral_table, self.edit_referral,
                 "Open the selected referral (in a person's referrals)"),
            ):  # fmt: skip
                enter = QShortcut(QKeySequence(key), widget)
                enter.setContext(Qt.ShortcutContext.WidgetShortcut)
                enter.setWhatsThis(what)
                enter.activated.connect(slot)

    # -- what the user does -------------------------------------------------------

    def update_contracts_warning(self) -> None:
        """Name the contracts whose hours so far are past 90% of their pro-rata block
        (worked out in the background: it reads the year's casework)."""
        from ui import tasks

        if not self._sees_planning:
            return
        planning = self.services.planning
        # Keyed: asked again (the data changed), the newer answer is the one shown.
        tasks.run(
            lambda _progress: planning.contracts_past_pro_rata(),
            owner=self,
            key="people-contracts-warning",
            on_done=self._show_contracts_warning,
        )

    def _show_contracts_warning(self, warned: list[ContractProjection]) -> None:
        contracts = list(warned)
        self.contracts_warning.setText(contracts_warning_text(contracts))
        self.contracts_warning.setVisible(bool(contracts))

    def update_next_actions(self) -> None:
        self.update_contracts_warning()
        self._update_next_actions()

    def _update_next_actions(self) -> None:
        """Count the user's next actions due soon (everyone's, if they have no caseload)."""
        if not self._sees_casework:
            return
        casework = self.services.casework
        advocate_id = casework.my_advocate_id()
        due, overdue = casework.next_actions_due(advocate_id, NEXT_ACTION_DAYS)
        everyone = advocate_id is None
        self.next_actions.setText(next_actions_count_text(due, overdue, NEXT_ACTION_DAYS, everyone))
        colour = "error" if overdue else "link"
        theme.style(self.next_actions, theme.link_button(colour, right=True))

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def apply_filter(self) -> None:
        """Filter the list to what is typed in the search box."""
        self._search_timer.stop()
        keep = self.selected_person_id()
        self.model.set_filter(self.search.text())
        self._after_reset(keep)

    def selected_person_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.person_id(rows[0].row()) if rows else None

    def select_person(self, person_id: int) -> bool:
        """Select and show ``person_id`` if the list shows them."""
        row = self.model.row_of(person_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

    def new_person(self) -> int | None:
        """Add a person; returns their id (or the existing person chosen instead)."""
        dialog = PersonDialog(self.services, today=self.today(), parent=self)
        if not self._run(dialog) or dialog.person_id is None:
            return None
        self._reveal(dialog.person_id)
        return dialog.person_id

    def edit_person(self, person_id: int | None = None) -> bool:
        person_id = person_id if person_id is not None else self.selected_person_id()
        if person_id is None:
            return False
        dialog = PersonDialog(self.services, person_id, today=self.today(), parent=self)
        return self._run(dialog)

    def new_referral(self, person_id: int | None = None) -> int | None:
        """Record a referral for the selected person, or for a new person if none is."""
        person_id = person_id if person_id is not None else self.selected_person_id()
        if person_id is None:
            person_id = self.new_person()
            if person_id is None:
                return None
        dialog = ReferralDialog(self.services, person_id, today=self.today(), parent=self)
        if not self._run(dialog):
            return None
        if dialog.referral_id is not None:
            self.panel.select_referral(dialog.referral_id)
        return dialog.referral_id

    def edit_referral(self, referral_id: int | None = None) -> bool:
        referral_id = referral_id if referral_id is not None else self.panel.selected_referral_id()
        person = self.panel.person
        if referral_id is None or person is None:
            return False
        dialog = ReferralDialog(
            self.services, person.id, referral_id, today=self.today(), parent=self
        )
        return self._run(dialog)

    def edit_consent(self, person_id: int | None = None) -> bool:
        """The selected person's consents and parties; True if any was recorded."""
        person_id = person_id if person_id is not None else self.selected_person_id()
        if person_id is None:
            return False
        person = self.panel.person
        name = person.full_name if person is not None and person.id == person_id else ""
        dialog = ConsentDialog(
            self.services, person_id, person_name=name, today=self.today(),
            parent=self,
        )  # fmt: skip
        try:
            self.run_modal(dialog)
            return dialog.changed
        finally:
            dialog.deleteLater()

    # -- inside -------------------------------------------------------------------

    def edit_matching_profile(self, person_id: int | None = None) -> bool:
        """Make or change the selected person's citizen advocacy matching profile."""
        from ui.citizen.profile import PartnerProfileDialog

        person_id = person_id if person_id is not None else self.selected_person_id()
        if person_id is None:
            return False
        name = self.services.people.get(person_id).full_name
        dialog = PartnerProfileDialog(self.services, person_id, person_name=name, parent=self)
        return self._run(dialog)

    def _run(self, dialog: QDialog) -> bool:
        try:
            return self.run_modal(dialog) == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()

    def _reveal(self, person_id: int) -> None:
        """Show a person just added, clearing a search that would hide them."""
        self.watch.catch_up()
        if self._search_timer.isActive():
            self.apply_filter()
        if self.model.row_of(person_id) is None and self.search.text():
            self.search.clear()
            self.apply_filter()
        self.select_person(person_id)

    def _search_entered(self) -> None:
        self.apply_filter()
        first = self.model.person_id(0)
        if first is not None and self.selected_person_id() is None:
            self.select_person(first)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _data_changed(self, changes: Changes | None) -> None:
        if changes is not None and not changes.touches("person"):
            self._show_selected()  # the list shows people only: the rest is the panel's
            self.update_next_actions()
        else:
            self._refresh()

    def _refresh(self) -> None:
        self.watch.fresh()
        keep = self.selected_person_id()
        self.model.refresh()
        self._after_reset(keep)
        self.update_next_actions()

    def _after_reset(self, keep: int | None) -> None:
        if keep is None or not self.select_person(keep):
            self._show_selected()
        self._update_count()
        self._update_buttons()

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_selected()
        self._update_buttons()

    def _show_selected(self) -> None:
        person_id = self.selected_person_id()
        if person_id is None:
            if self.services.people.count() == 0:
                self.panel.show_nobody(
                    "No one is recorded yet. Add someone with New person… (Ctrl+N)."
                )
            elif self.model.rowCount() == 0:
                self.panel.show_nobody("No one matches the search. Check the spelling.")
            else:
                self.panel.show_nobody(
                    "Choose a person in the list to see their details, referrals and cases."
                )
            return
        try:
            person = self.services.people.get(person_id)
        except NotFound:
            self.panel.show_nobody("This person's record is no longer there.")
            return
        self.panel.show_person(
            person,
            self.services.referrals.for_person(person_id),
            self.services.casework.person_cases(person_id),
            self.services.citizen.for_person(person_id),
        )
        self.panel.consent_banner.show_for(self.services, person_id)

    def _update_count(self) -> None:
        total = self.services.people.count()
        self.count_label.setText(
            people_count(self.model.rowCount(), total, bool(self.model.filter_text))
        )

    def _role_buttons(self, services: Services) -> None:
        """Show only what the signed-in user's role may do (the services refuse the rest)."""
        can = services.access.can
        self.new_person_button.setVisible(can(Can.PEOPLE_ALL))
        self.edit_person_button.setVisible(can(Can.PEOPLE_ALL, Can.PEOPLE_OWN, Can.PEOPLE_CITIZEN))
        self.new_referral_button.setVisible(can(Can.WAITING_MANAGE))
        self.panel.edit_referral_button.setVisible(can(Can.WAITING_MANAGE))
        self.profile_button.setVisible(can(Can.CITIZEN_MANAGE))
        self.subject_access_button.setVisible(can(Can.DATA_PROTECTION))
        self.erase_button.setVisible(can(Can.DATA_PROTECTION))
        self.panel.consent_button.setVisible(
            can(Can.PEOPLE_ALL, Can.PEOPLE_OWN, Can.PEOPLE_CITIZEN)
        )
        self._sees_casework = can(Can.CASEWORK_ALL, Can.CASEWORK_READ, Can.CASEWORK_OWN)
        self._sees_planning = can(Can.PLANNING)
        self.next_actions.setVisible(self._sees_casework)

    def _update_buttons(self) -> None:
        person_id = self.selected_person_id()
        chosen = person_id is not None
        self.edit_person_button.setEnabled(chosen)
        self.profile_button.setEnabled(chosen)
        self.subject_access_button.set_person(person_id)
        self.erase_button.setEnabled(chosen)

    def erase_person(self) -> bool:
        """Anonymise the selected person on their request (a reason is asked for)."""
        person_id = self.selected_person_id()
        if person_id is None:
            return False
        from ui.data_protection import AnonymiseDialog

        dialog = AnonymiseDialog(self.services, person_id, parent=self)
        try:
            done = self.run_modal(dialog) == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()
        return done

    def _shortcut(self, keys: str, slot: Callable[[], object], what: str) -> None:
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setWhatsThis(what)  # for Help > Keyboard shortcuts
        # A hidden page's shortcuts are inactive, so the main window's other pages
        # never see these.
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(slot)

    def _forget_build_count(self) -> None:
        self._counted_on_build = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:
            # Room for the panel's referrals table (reference, date, type, status,
            # statutory) side by side; the list takes the rest, and never less than half.
            self._sized = True
            total = max(sum(self.splitter.sizes()), self.splitter.width())
            if total > 0:
                panel = min(max(PANEL_WIDTH, total * 2 // 5), total // 2, 560)
                self.splitter.setSizes([total - panel, max(panel, PANEL_LEAST)])
        # (The Show event caught up first if it was stale: the watch's event filter.)
        if not self.watch.catch_up() and not self._counted_on_build:
            self.update_next_actions()  # overdue as the days pass, even with no writes
