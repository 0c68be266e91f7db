"""The Diary section: an advocate's appointments by day or by week, and today's on the
home screen.

An advocate sees their own diary; managers choose whose (or everyone's). Day and Week
switch the view; Previous, Today and Next move through it. The appointments are laid
out in one table, a heading row for each day, a row for each case's next action due
that day, and a row for each appointment, earliest first. Every commit tells the data
bus what it wrote; the page and the home screen's line refresh themselves from the
kinds they watch (:data:`REFRESH_ON`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.app import Services
from advocacy_desk.domain.changes import Changes
from advocacy_desk.domain.dates import format_uk
from advocacy_desk.domain.diary import kind_label, week_of
from advocacy_desk.domain.errors import AdvocacyDeskError
from advocacy_desk.domain.permissions import Permission
from advocacy_desk.records.diary import AppointmentRecord, DueAction
from ui.bus import DataBus
from ui.diary.dialogs import AppointmentDialog, ChooseFile, ExportDialog, may_use_diary
from ui.widgets import run_modal, theme
from ui.widgets.modal import RunModal, ask_yes_no
from ui.widgets.views import heading as make_heading
from ui.widgets.views import read_only_table
from ui.widgets.watching import Watch

ALL_ADVOCATES = "All advocates"
COLUMNS = ("Time", "Case", "Kind", "Person", "Place", "Advocate", "Logged")
ADVOCATE_COLUMN = COLUMNS.index("Advocate")
ID_ROLE = Qt.ItemDataRole.UserRole
#: On a next action's row: the case it is on (activating the row opens the case).
CASE_ROLE = Qt.ItemDataRole.UserRole + 1
#: A next action's row stands apart from the appointments (and says so in words).
#: The kinds of data (tables) whose changes can alter the diary.
REFRESH_ON = frozenset({"appointment", "advocacy_case", "staff_user", "staff_advocacy_type"})
#: Where a next action's row says whose case it is (the diary of all advocates).
ACTION_TIP = "Press Enter or double-click to open the case"

#: Asks a yes/no question: (title, question).
Confirm = Callable[[str, str], bool]


def day_title(day: date, today: date) -> str:
    """ "Tuesday 24/11/2026", with "(today)" after today's."""
    return f"{day:%A} {format_uk(day)}{' (today)' if day == today else ''}"


def times_text(record: AppointmentRecord) -> str:
    """ "10:00-11:00"; "22:00-01:00 Wed" when it ends on another day."""
    span = f"{record.starts_at:%H:%M}-{record.ends_at:%H:%M}"
    return (
        span if record.ends_at.date() == record.starts_at.date() else f"{span} {record.ends_at:%a}"
    )


def period_text(mode: str, on: date) -> str:
    if mode == "day":
        return f"{on:%A} {format_uk(on)}"
    days = week_of(on)
    return f"Week of {format_uk(days[0])} to {format_uk(days[-1])}"


def today_text(records: list[AppointmentRecord], with_advocate: bool = False) -> str:
    """ "Today: 10:00 C000123 Visit, 14:00 C000124 Phone call"."""
    parts = []
    for r in records:
        who = f" ({r.advocate_name})" if with_advocate else ""
        parts.append(f"{r.starts_at:%H:%M} {r.title}{who}")
    return "Today: " + ", ".join(parts)


def action_text(action: DueAction, with_advocate: bool = False) -> str:
    """ "Next action due: Chase the social worker — C000123, Jane Partridge"."""
    who = f" ({action.advocate_name})" if with_advocate else ""
    return f"{action.text}, {action.person_name}{who}"


class DiaryPage(QWidget):
    """The Diary section of the main window.

    Beside each day's appointments it shows the next actions of the advocate's open
    cases that fall due that day, each on a row of its own that says so; activating one
    asks the window to open its case (:attr:`open_record`)."""

    #: ("case", case id): the window opens the case (a next action's row activated).
    open_record = Signal(str, int)

    def __init__(self, services: Services, bus: DataBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.bus = bus
        #: Shows a dialog modally; tests replace it so nothing ever waits for a click.
        self.run_modal: RunModal = run_modal
        #: Asks before deleting; tests replace it.
        self.confirm: Confirm = lambda title, question: ask_yes_no(self, title, question)
        #: Asks where to save a calendar file (None: a file dialog); tests replace it.
        self.choose_file: ChooseFile | None = None
        #: The last dialog opened (for tests to look at).
        self.last_dialog: QDialog | None = None
        self.today: Callable[[], date] = services.today
        self.mode = "week"
        self.on = self.today()
        self.allowed = may_use_diary(services)
        self.me = services.diary.my_diary_id() if self.allowed else None
        self.manager = services.access.sees_all_cases()
        self.may_change = services.access.can(Permission.CASEWORK_ALL, Permission.CASEWORK_OWN)

        title, top = self._heading_row()
        moves = self._moves_row()
        self._make_table()
        actions = self._actions_row()
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(top)
        layout.addLayout(moves)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)

        self._shortcuts()

        self._usernames: dict[int, tuple[str, str]] = {}
        self._headings: list[tuple[int, str]] = []
        self._fill_advocates()
        self.watch = Watch(bus, self, REFRESH_ON, self._data_changed)
        self.refresh()

    # -- building -----------------------------------------------------------------

    def _heading_row(self) -> tuple[QLabel, QHBoxLayout]:
        """The page's heading; the period's title, and whose diary (for a manager)."""
        title = make_heading("Diary", scale=1.5)
        self.title = QLabel()
        self.title.setObjectName("diaryTitle")
        bold = self.title.font()
        bold.setBold(True)
        bold.setPointSizeF(bold.pointSizeF() * 1.15)
        self.title.setFont(bold)
        self.advocate = QComboBox()
        self.advocate.setAccessibleName("Advocate")
        self.advocate.setToolTip("Whose diary to show")
        self.advocate.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.advocate.currentIndexChanged.connect(lambda _i: self.refresh())
        advocate_caption = QLabel("Advocate:")
        advocate_caption.setBuddy(self.advocate)
        advocate_caption.setVisible(self.manager)
        self.advocate.setVisible(self.manager)

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(advocate_caption)
        top.addWidget(self.advocate)
        return title, top

    def _moves_row(self) -> QHBoxLayout:
        """Day or week; previous, today, next; the period shown."""
        self.day_button = QPushButton("Day")
        self.week_button = QPushButton("Week")
        self.views = QButtonGroup(self)
        for button in (self.day_button, self.week_button):
            button.setCheckable(True)
            self.views.addButton(button)
        self.week_button.setChecked(True)
        self.day_button.clicked.connect(lambda: self.show_mode("day"))
        self.week_button.clicked.connect(lambda: self.show_mode("week"))
        self.previous_button = QPushButton("◀ Previous")
        self.previous_button.setAccessibleName("Previous")
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.today_button = QPushButton("Today")
        self.today_button.clicked.connect(self.go_today)
        self.next_button = QPushButton("Next ▶")
        self.next_button.setAccessibleName("Next")
        self.next_button.clicked.connect(lambda: self.step(1))
        self.period = QLabel()
        self.period.setObjectName("diaryPeriod")

        moves = QHBoxLayout()
        moves.addWidget(self.day_button)
        moves.addWidget(self.week_button)
        moves.addSpacing(16)
        moves.addWidget(self.previous_button)
        moves.addWidget(self.today_button)
        moves.addWidget(self.next_button)
        moves.addSpacing(16)
        moves.addWidget(self.period, 1)
        return moves

    def _make_table(self) -> None:
        """The appointments (and next actions due), Enter opening one; a message above."""
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("diaryTable")
        self.table.setAccessibleName("Appointments")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        read_only_table(self.table)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COLUMNS.index("Place"), QHeaderView.ResizeMode.Stretch)
        metrics = self.table.fontMetrics()
        for column, sample in enumerate(
            ("00:00-00:00 Wed", "C0000000", "Best interests meeting",
             "Shannon Morgan-Jones", "", "Shannon Morgan", "Logged")
        ):  # fmt: skip
            if sample:
                self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 24)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda item: self.activate(item.row()))
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            enter = QShortcut(QKeySequence(key), self.table)
            enter.setContext(Qt.ShortcutContext.WidgetShortcut)
            enter.setWhatsThis("Open the chosen appointment, or the case of a next action")
            enter.activated.connect(lambda: self.activate(self.table.currentRow()))
        self.message = QLabel()
        self.message.setObjectName("diaryMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()

    def _actions_row(self) -> QHBoxLayout:
        """New, edit, delete; export at the right."""
        self.new_button = QPushButton("New appointment…")
        self.new_button.clicked.connect(lambda: self.new())
        self.edit_button = QPushButton("Edit…")
        self.edit_button.clicked.connect(lambda: self.edit())
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(lambda: self.delete())
        self.export_button = QPushButton("Export calendar…")
        self.export_button.clicked.connect(lambda: self.export())

        actions = QHBoxLayout()
        actions.addWidget(self.new_button)
        actions.addWidget(self.edit_button)
        actions.addWidget(self.delete_button)
        actions.addStretch(1)
        actions.addWidget(self.export_button)
        return actions

    def _shortcuts(self) -> None:
        """Page Up and Page Down move by the period; F5 reads again."""
        for key, step in ((Qt.Key.Key_PageUp, -1), (Qt.Key.Key_PageDown, 1)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setWhatsThis("The day or week before" if step < 0 else "The day or week after")
            shortcut.activated.connect(lambda step=step: self.step(step))
        refresh = QShortcut(QKeySequence("F5"), self)
        refresh.setWhatsThis("Read the diary again")
        refresh.activated.connect(self.refresh)

    # -- what the user does -------------------------------------------------------

    def advocate_id(self) -> int | None:
        """Whose diary is shown (None: everyone's)."""
        if not self.manager:
            return self.me
        data = self.advocate.currentData()
        return data if isinstance(data, int) else None

    def choose_advocate(self, advocate_id: int | None) -> bool:
        index = self.advocate.findData(advocate_id) if advocate_id is not None else 0
        if index < 0:
            return False
        self.advocate.setCurrentIndex(index)
        self.refresh()
        return True

    def show_mode(self, mode: str) -> None:
        self.mode = mode
        (self.day_button if mode == "day" else self.week_button).setChecked(True)
        self.refresh()

    def step(self, step: int) -> None:
        """Back (-1) or on (1) a day or a week."""
        self.on += timedelta(days=step * (1 if self.mode == "day" else 7))
        self.refresh()

    def go_today(self) -> None:
        self.on = self.today()
        self.refresh()

    def show_day(self, on: date) -> None:
        self.on = on
        self.refresh()

    def refresh(self) -> None:
        self.watch.fresh()
        keep = self.selected_id()
        advocate = self.advocate_id()
        actions: list[DueAction] = []
        try:
            if not self.allowed:
                raise AdvocacyDeskError("your role does not include the diary")
            if self.mode == "day":
                days = {self.on: self.services.diary.day(advocate, self.on)}
            else:
                days = self.services.diary.week(advocate, self.on)
            actions = self.services.diary.actions_due(advocate, min(days), max(days))
        except AdvocacyDeskError as exc:
            self._tell(f"Cannot show the diary: {exc}.", error=True)
            days = {}
        if advocate is None:
            self.title.setText("Everyone's diary")
        elif advocate == self.me:
            self.title.setText("My diary")
        else:
            self.title.setText(f"Diary of {self.advocate.currentText()}")
        self.period.setText(period_text(self.mode, self.on))
        self._fill(days, actions, show_advocate=advocate is None)
        if keep is not None:
            self.select(keep)
        self._update_buttons()

    def selected_id(self) -> int | None:
        row = self.table.currentRow()
        if row < 0 or not self.table.selectionModel().hasSelection():
            return None
        item = self.table.item(row, 0)
        data = item.data(ID_ROLE) if item is not None else None
        return data if isinstance(data, int) else None

    def select(self, appointment_id: int) -> bool:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(ID_ROLE) == appointment_id:
                self.table.selectRow(row)
                return True
        return False

    def appointment_ids(self) -> list[int]:
        """The appointments on show, top to bottom (one over midnight shows twice)."""
        found = []
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            data = item.data(ID_ROLE) if item is not None else None
            if isinstance(data, int):
                found.append(data)
        return found

    def action_rows(self) -> list[str]:
        """The next actions on show, top to bottom, as they read."""
        found = []
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and isinstance(item.data(CASE_ROLE), int):
                found.append(item.text())
        return found

    def activate(self, row: int) -> bool:
        """Enter or a double-click on a row: a next action opens its case (through the
        window, as the Returns page's records do); an appointment opens to edit."""
        item = self.table.item(row, 0) if row >= 0 else None
        case_id = item.data(CASE_ROLE) if item is not None else None
        if isinstance(case_id, int):
            self.open_record.emit("case", case_id)
            return True
        if item is not None and isinstance(item.data(ID_ROLE), int):
            self.table.selectRow(row)
            return self.edit()
        return False

    def headings(self) -> list[str]:
        """The day headings on show, top to bottom."""
        return [text for _row, text in self._headings]

    def new(self) -> bool:
        on = self.on if self.mode == "day" else max(self.today(), week_of(self.on)[0])
        if on > week_of(self.on)[-1]:
            on = week_of(self.on)[0]
        dialog = AppointmentDialog(
            self.services, advocate_id=self.advocate_id(), on=on, parent=self
        )
        return self._after(dialog)

    def edit(self) -> bool:
        appointment_id = self.selected_id()
        if appointment_id is None:
            return False
        try:
            record = self.services.diary.appointment(appointment_id)
        except AdvocacyDeskError as exc:
            self._tell(f"Cannot open the appointment: {exc}.", error=True)
            return False
        if record.logged:
            self._tell("That appointment is logged as casework: change the log entry instead.")
            return False
        dialog = AppointmentDialog(self.services, appointment=record, parent=self)
        return self._after(dialog)

    def delete(self) -> bool:
        appointment_id = self.selected_id()
        if appointment_id is None:
            return False
        record = self.services.diary.appointment(appointment_id)
        question = (
            f"Delete {record.title} on {format_uk(record.starts_at.date())} at "
            f"{record.starts_at:%H:%M} from the diary?"
        )
        if not self.confirm("Delete the appointment", question):
            return False
        try:
            self.services.diary.delete(appointment_id)
        except AdvocacyDeskError as exc:
            self._tell(f"Not deleted: {exc}.", error=True)
            return False
        self._tell(f"Deleted {record.title} of {format_uk(record.starts_at.date())}.")
        return True

    def export(self) -> bool:
        advocate = self.advocate_id()
        if advocate is None or advocate not in self._usernames:
            self._tell("Choose an advocate first: a calendar file holds one diary.", error=True)
            return False
        username, name = self._usernames[advocate]
        dialog = ExportDialog(self.services, username, advocate_name=name, start=self.on,
                              choose_file=self.choose_file, parent=self)  # fmt: skip
        if self._run(dialog) and dialog.written is not None:
            self._tell(f"Calendar saved as {dialog.written}.")
            return True
        return False

    # -- inside -------------------------------------------------------------------

    def _after(self, dialog: AppointmentDialog) -> bool:
        if not self._run(dialog) or dialog.saved is None:
            return False
        saved = dialog.saved
        record = saved.appointment
        self.on = record.starts_at.date() if self.mode == "day" else self.on
        if record.starts_at.date() not in week_of(self.on):
            self.on = record.starts_at.date()
        self.refresh()
        self.select(record.id)
        note = " " + " ".join(saved.warnings) if saved.warnings else ""
        self._tell(f"Saved {record.title} on {format_uk(record.starts_at.date())}.{note}")
        return True

    def _run(self, dialog: QDialog) -> bool:
        self.last_dialog = dialog
        try:
            return self.run_modal(dialog) == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()

    def _tell(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        theme.style(self.message, theme.ERROR if error else "")
        self.message.setVisible(bool(text))

    def _fill_advocates(self) -> None:
        try:
            staff = self.services.staff.list()
        except AdvocacyDeskError:
            staff = []
        self._usernames = {s.id: (s.username, s.full_name) for s in staff}
        keep = self.advocate.currentData() if self.advocate.count() else self.me
        self.advocate.blockSignals(True)
        self.advocate.clear()
        self.advocate.addItem(ALL_ADVOCATES, None)
        for member in staff:
            self.advocate.addItem(member.full_name, member.id)
        index = self.advocate.findData(keep) if keep is not None else 0
        self.advocate.setCurrentIndex(max(index, 0))
        self.advocate.blockSignals(False)

    def _fill(
        self,
        days: dict[date, list[AppointmentRecord]],
        actions: list[DueAction],
        show_advocate: bool,
    ) -> None:
        table = self.table
        table.clearSpans()
        table.setRowCount(0)
        table.setColumnHidden(ADVOCATE_COLUMN, not show_advocate)
        today = self.today()
        self._headings = []
        bold = QFont(table.font())
        bold.setBold(True)
        for day, records in days.items():
            row = table.rowCount()
            table.insertRow(row)
            self._headings.append((row, day_title(day, today)))
            header = QTableWidgetItem(day_title(day, today))
            header.setFont(bold)
            header.setFlags(Qt.ItemFlag.ItemIsEnabled)
            theme.paint(header, None, "today_cell" if day == today else "info_cell")
            table.setItem(row, 0, header)
            table.setSpan(row, 0, 1, len(COLUMNS))
            for action in actions:
                if action.due_on == day:
                    self._add_action_row(action, show_advocate)
            if not records:
                row = table.rowCount()
                table.insertRow(row)
                empty = QTableWidgetItem("No appointments")
                empty.setFlags(Qt.ItemFlag.ItemIsEnabled)
                theme.paint(empty, "table_hint")
                table.setItem(row, 0, empty)
                table.setSpan(row, 0, 1, len(COLUMNS))
            for record in records:
                self._add_row(record)

    def _add_action_row(self, action: DueAction, show_advocate: bool) -> None:
        """A next action on its day: one row across the columns, in italics on its own
        background, that says what it is ("Next action due: …")."""
        row = self.table.rowCount()
        self.table.insertRow(row)
        item = QTableWidgetItem(action_text(action, with_advocate=show_advocate))
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        font = QFont(self.table.font())
        font.setItalic(True)
        item.setFont(font)
        theme.paint(item, None, "warning_cell")
        item.setData(CASE_ROLE, action.case_id)
        item.setToolTip(f"{action.text}, due {format_uk(action.due_on)}. {ACTION_TIP}.")
        self.table.setItem(row, 0, item)
        self.table.setSpan(row, 0, 1, len(COLUMNS))

    def _add_row(self, record: AppointmentRecord) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        cells = (
            times_text(record),
            record.case_ref,
            kind_label(record.kind),
            record.person_name,
            record.place,
            record.advocate_name,
            "Logged" if record.logged else "",
        )
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            tip = "\n".join(
                part for part in (
                    f"Who else attends: {record.attendees}" if record.attendees else "",
                    record.notes,
                ) if part
            )  # fmt: skip
            if tip:
                item.setToolTip(tip)
            if column == 0:
                item.setData(ID_ROLE, record.id)
            self.table.setItem(row, column, item)

    def _update_buttons(self) -> None:
        chosen = self.selected_id() is not None
        self.new_button.setEnabled(self.may_change)
        self.edit_button.setEnabled(chosen and self.may_change)
        self.delete_button.setEnabled(chosen and self.may_change)
        self.export_button.setEnabled(self.allowed and self.advocate_id() is not None)
        self.export_button.setToolTip(
            "" if self.advocate_id() is not None else "Choose an advocate to export their diary"
        )

    def _data_changed(self, changes: Changes | None) -> None:
        if changes is None or changes.touches("staff_user", "staff_advocacy_type"):
            self._fill_advocates()
        self.refresh()


class TodayAppointments(QLabel):
    """ "Today: 10:00 C000123 Visit, 14:00 ..." for the home screen; hidden when there
    are none. Reads the diary afresh on :meth:`refresh` and on ``bus`` changes."""

    def __init__(self, services: Services, bus: DataBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setObjectName("todayAppointments")
        self.setAccessibleName("Today's appointments")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        theme.style(self, theme.notice("info"))
        # Hidden while there are none, so it cannot wait to be shown: it reads at once.
        bus.changed.connect(self._changed)
        self.refresh()

    def _changed(self, changes: Changes) -> None:
        if changes.touches(*REFRESH_ON):
            self.refresh()

    def refresh(self) -> None:
        if not may_use_diary(self.services):
            self.setText("")
            self.hide()
            return
        try:
            records = self.services.diary.today()
            everyone = self.services.diary.my_diary_id() is None
        except AdvocacyDeskError:
            records, everyone = [], False
        self.setText(today_text(records, with_advocate=everyone) if records else "")
        self.setVisible(bool(records))
