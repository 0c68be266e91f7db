"""The Casework section: the advocate's caseload, and each case opened from it.

"My caseload" lists the open cases of whoever is signed in (everyone's until sign-in
exists), overdue next actions first, with a picker for managers to see any advocate's.
Double-click or Enter opens the case (:class:`CasePanel`) in place of the list. Every
commit tells the data bus what it wrote; the list refreshes itself from what it watches
(:data:`REFRESH_ON`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.app import Services
from advocacy_desk.domain.changes import Changes
from advocacy_desk.domain.dates import format_uk
from advocacy_desk.domain.numbers import plural
from advocacy_desk.records.casework import CaseloadRow
from ui.bus import DataBus
from ui.casework.case_view import CasePanel
from ui.casework.models import ID_ROLE, CaseloadModel, first_line
from ui.widgets import run_modal, theme, views
from ui.widgets.modal import RunModal
from ui.widgets.screen import PageStack
from ui.widgets.views import read_only_table
from ui.widgets.watching import Watch

#: Next actions due within this many days count as due soon.
DUE_SOON_DAYS = 14
ALL_ADVOCATES = "All advocates"

_WIDTHS = {
    "Case": "C0000000",
    "Person": "Shannon Morgan-Jones",
    "Type": "Community / generic",
    "Opened": "00/00/00000",
    "Hours": "Hours00",
    "Due": "00/00/0000 (overdue)",
    "Advocate": "Shannon Morgan",
}

#: The kinds of data (tables) whose changes can alter a caseload.
REFRESH_ON = frozenset({
    "advocacy_case", "case_event", "case_issue", "activity", "referral", "person",
    "staff_user", "staff_advocacy_type",
})  # fmt: skip


def cases_count(count: int) -> str:
    return plural(count, "open case")


def due_soon_text(due: list[CaseloadRow], days: int = DUE_SOON_DAYS) -> str:
    """ "Due soon: 4 next actions in the next 14 days, 1 overdue"."""
    if not due:
        return f"Due soon: no next actions in the next {plural(days, 'day')}."
    overdue = sum(1 for r in due if r.overdue)
    late = f", {overdue} overdue" if overdue else ""
    return f"Due soon: {plural(len(due), 'next action')} in the next {plural(days, 'day')}{late}."


def due_soon_tip(due: list[CaseloadRow]) -> str:
    lines = [
        f"{format_uk(r.next_action_on)}{' (overdue)' if r.overdue else ''}: {r.case_ref} "
        f"{r.person_name}: {first_line(r.next_action, 80)}"
        for r in due[:20]
    ]
    if len(due) > 20:
        lines.append(f"…and {len(due) - 20} more")
    return "\n".join(lines)


class CaseworkPage(QWidget):
    """The Casework section of the main window."""

    def __init__(self, services: Services, bus: DataBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.bus = bus
        #: Shows a dialog modally; tests replace it so nothing ever waits for a click.
        self.run_modal: RunModal = run_modal
        #: Today's date for the forms' defaults and checks.
        self.today: Callable[[], date] = services.today
        self.me = services.casework.my_advocate_id()

        heading = views.heading("Casework", views.PAGE_TITLE, wrap=False)
        self.heading = heading

        self.caseload = self._caseload()

        # -- one case
        self.panel = CasePanel(
            services, bus, run=self._run, today=lambda: self.today(), parent=self
        )
        self.panel.back.connect(self.show_caseload)

        # Sized by what is on show: the caseload needs less room than an open case.
        self.stack = PageStack()
        self.stack.addWidget(self.caseload)
        self.stack.addWidget(self.panel)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.stack, 1)

        self._shortcuts()

        self._fill_advocates()
        #: Read when the caseload is shown (not while a case is), and not before.
        self.watch = Watch(bus, self.caseload, REFRESH_ON, self._data_changed, stale=True)
        self._update_buttons()

    # -- building -----------------------------------------------------------------

    def _caseload(self) -> QWidget:
        """The caseload: whose, how many, what is due, and the table of cases."""
        advocate_caption = self._make_caseload_labels()
        self._make_table()
        picker = QHBoxLayout()
        picker.addWidget(self.caseload_title)
        picker.addSpacing(12)
        picker.addWidget(self.count_label)
        picker.addStretch(1)
        picker.addWidget(advocate_caption)
        picker.addWidget(self.advocate)
        from ui.reports import ReportsDueLink

        #: Reports falling due in the next 7 days: opens the soonest one's case.
        self.reports_due = ReportsDueLink(self.services, self.bus)
        self.reports_due.clicked.connect(self.open_due_report)
        under = QHBoxLayout()
        under.addWidget(self.due_label, 1)
        under.addWidget(self.reports_due)
        under.addWidget(self.open_button)
        caseload = QWidget()
        caseload_column = QVBoxLayout(caseload)
        caseload_column.setContentsMargins(0, 0, 0, 0)
        caseload_column.addLayout(picker)
        caseload_column.addLayout(under)
        caseload_column.addWidget(self.table, 1)
        caseload_column.addWidget(self.empty_label, 1)
        return caseload

    def _make_caseload_labels(self) -> QLabel:
        """The caseload's title and count, whose it is (its caption returned), what is
        due soon, Open case."""
        self.caseload_title = QLabel()
        self.caseload_title.setObjectName("caseloadTitle")
        font = self.caseload_title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.caseload_title.setFont(font)
        self.advocate = QComboBox()
        self.advocate.setAccessibleName("Advocate")
        self.advocate.setToolTip("Whose caseload to show")
        self.advocate.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.advocate.currentIndexChanged.connect(lambda _i: self.refresh())
        advocate_caption = QLabel("Advocate:")
        advocate_caption.setBuddy(self.advocate)
        self.count_label = QLabel()
        self.count_label.setObjectName("caseloadCount")
        theme.style(self.count_label, theme.HINT)
        self.due_label = QLabel()
        self.due_label.setObjectName("dueSoon")
        self.due_label.setAccessibleName("Due soon")
        self.due_label.setTextFormat(Qt.TextFormat.PlainText)
        self.open_button = QPushButton("Open case")
        self.open_button.setToolTip("Open the selected case (Enter)")
        self.open_button.clicked.connect(lambda: self.open_case())
        return advocate_caption

    def _make_table(self) -> None:
        """The open cases, wide enough for their dates (overdue ones in bold)."""
        self.model = CaseloadModel(self)
        self.table = QTableView()
        self.table.setObjectName("caseloadTable")
        self.table.setAccessibleName("Caseload")
        self.table.setModel(self.model)
        read_only_table(self.table, fixed_rows=True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        bold = self.table.font()
        bold.setBold(True)  # overdue dates are bold
        metrics = QFontMetrics(bold)
        for column in range(self.model.columnCount()):
            sample = _WIDTHS.get(str(self.model.headerData(column, Qt.Orientation.Horizontal)))
            if sample:
                self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 20)
        self.table.doubleClicked.connect(self._open_index)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        theme.style(self.empty_label, theme.HINT + " padding: 24px;")

    def _shortcuts(self) -> None:
        """Enter in the caseload opens the case; F5 reads the caseload again."""
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            enter = QShortcut(QKeySequence(key), self.table)
            enter.setContext(Qt.ShortcutContext.WidgetShortcut)
            enter.setWhatsThis("Open the selected case (in the caseload)")
            enter.activated.connect(lambda: self.open_case())
        refresh = QShortcut(QKeySequence("F5"), self)
        refresh.setContext(Qt.ShortcutContext.WindowShortcut)
        refresh.setWhatsThis("Read the caseload again")
        refresh.activated.connect(self.refresh)

    # -- what the user does -------------------------------------------------------

    def advocate_id(self) -> int | None:
        """Whose caseload is shown (``None`` for everyone's)."""
        data = self.advocate.currentData()
        return data if isinstance(data, int) else None

    def choose_advocate(self, advocate_id: int | None) -> bool:
        index = self.advocate.findData(advocate_id) if advocate_id is not None else 0
        if index < 0:
            return False
        self.advocate.setCurrentIndex(index)
        self.refresh()
        return True

    def refresh(self) -> None:
        """Read the caseload afresh, keeping the case selected."""
        self.watch.fresh()
        keep = self.selected_case_id()
        advocate = self.advocate_id()
        rows = self.services.casework.caseload(advocate)
        self.model.set_rows(rows)
        self.table.setColumnHidden(7, advocate is not None)
        if advocate is None:
            self.caseload_title.setText("All open cases")
        elif advocate == self.me:
            self.caseload_title.setText("My caseload")
        else:
            self.caseload_title.setText(f"Caseload of {self.advocate.currentText()}")
        self.count_label.setText(cases_count(len(rows)))
        due = self.services.casework.next_actions(advocate, DUE_SOON_DAYS)
        self.due_label.setText(due_soon_text(due))
        self.due_label.setToolTip(due_soon_tip(due))
        overdue = any(r.overdue for r in due)
        theme.style(self.due_label, theme.ERROR + " font-weight: bold;" if overdue else "")
        self.table.setVisible(bool(rows))
        self.empty_label.setVisible(not rows)
        self.empty_label.setText(
            "No open cases here. Cases open when a referral is allocated from the waiting list."
        )
        if keep is not None:
            self.select_case(keep)
        elif rows and not self.table.selectionModel().hasSelection():
            self.select_case(rows[0].case_id)
        self._update_buttons()

    def selected_case_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ID_ROLE) if rows else None

    def select_case(self, case_id: int) -> bool:
        row = self.model.row_of(case_id)
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

    def open_due_report(self) -> bool:
        """Open the case whose report falls due soonest, at its Reports tab."""
        due = sorted(self.reports_due.rows, key=lambda r: (r.due_on, r.case_ref))
        if not due or not self.open_case(due[0].case_id):
            return False
        self.panel.work_tabs.setCurrentWidget(self.panel.reports_panel)
        return True

    def open_case(self, case_id: int | None = None) -> bool:
        """Show the case (the selected one unless ``case_id`` says which)."""
        case_id = case_id if case_id is not None else self.selected_case_id()
        if case_id is None or not self.panel.show_case(case_id):
            return False
        self.stack.setCurrentWidget(self.panel)
        self.panel.form.kind.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def show_caseload(self) -> None:
        """Back from a case to the list, with the case still selected."""
        self.panel.save_draft()
        self.watch.catch_up()
        if self.panel.case_id is not None:
            self.select_case(self.panel.case_id)
        self.stack.setCurrentWidget(self.caseload)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def has_unsaved_entry(self) -> bool:
        """A log entry is typed and not logged (the main window asks before closing)."""
        return self.panel.has_unsaved_entry()

    def save_draft(self) -> None:
        """Keep the unfinished log entry now (it is kept as typed anyway, shortly after)."""
        self.panel.save_draft()

    # -- inside -------------------------------------------------------------------

    def _run(self, dialog: QDialog) -> bool:
        try:
            return self.run_modal(dialog) == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()

    def _fill_advocates(self) -> None:
        keep = self.advocate.currentData() if self.advocate.count() else self.me
        self.advocate.blockSignals(True)
        self.advocate.clear()
        self.advocate.addItem(ALL_ADVOCATES, None)
        for member in self.services.staff.list():
            self.advocate.addItem(member.full_name, member.id)
        index = self.advocate.findData(keep) if keep is not None else 0
        self.advocate.setCurrentIndex(max(index, 0))
        self.advocate.blockSignals(False)

    def _open_index(self, index: QModelIndex) -> None:
        case_id = index.data(ID_ROLE)
        if isinstance(case_id, int):
            self.open_case(case_id)

    def _data_changed(self, changes: Changes | None) -> None:
        if changes is None or changes.touches("staff_user", "staff_advocacy_type"):
            self._fill_advocates()
        self.refresh()

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.selected_case_id() is not None)
