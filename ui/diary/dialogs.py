"""The diary's dialogs: an appointment (new or changed), exporting a calendar file, and
logging ended appointments as casework.

Each reads what it can before calling the service (a date that is not a date, "25:00"
as a time) and shows each problem under its field; the service's ``ValidationError``
lands in the same places. An overlap with another appointment is shown as a warning
and the save button becomes "Save anyway": a second press saves it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.app import Services
from advocacy_desk.domain.casework import format_duration, parse_duration
from advocacy_desk.domain.dates import format_uk
from advocacy_desk.domain.diary import (
    AppointmentDetails,
    activity_kind,
    parse_time,
    time_span,
)
from advocacy_desk.domain.errors import AdvocacyDeskError
from advocacy_desk.domain.permissions import Permission
from advocacy_desk.domain.vocabulary import ACTIVITY_KIND, APPOINTMENT_KIND
from advocacy_desk.files import write_text
from advocacy_desk.records.casework import CaseloadRow
from advocacy_desk.records.diary import AppointmentRecord, Saved
from ui.widgets import CodeCombo, DateField, DateFieldError, FieldErrors, FieldForm, theme
from ui.widgets.fields import read_period
from ui.widgets.saving import SavingDialog
from ui.widgets.views import heading, plain, text_box

#: Pale amber with dark text, for a warning that still lets the user go on.
WARNING_STYLE = theme.notice("warning")
CHOOSE = "Choose…"
#: Days an export covers unless the user says otherwise.
EXPORT_DAYS = 28


def may_use_diary(services: Services) -> bool:
    """Whether the signed-in user's role reaches the diary at all (coordinators and
    administrators do not), so nothing asks the service only to be refused."""
    return services.access.can(
        Permission.CASEWORK_ALL, Permission.CASEWORK_READ, Permission.CASEWORK_OWN
    )


#: Asks where to save: (title, suggested path, file pattern); None if cancelled.
ChooseFile = Callable[[str, Path, str], Path | None]


class TimeField(QLineEdit):
    """A time of day typed as 14:30 (9, 2pm and 2:30pm are read too)."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label
        self.setPlaceholderText("HH:MM")
        self.setAccessibleName(label)
        self.setMaxLength(8)
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("00:00 pm00") + 24)
        self.editingFinished.connect(self._tidy)

    def value(self) -> tuple[int, int]:
        """(hour, minute); ``ValueError`` naming the field for anything else."""
        if not self.text().strip():
            raise ValueError(f"{self.label}: give the time, for example 14:30.")
        try:
            moment = parse_time(self.text())
        except ValueError as exc:
            raise ValueError(f"{self.label}: {exc}.") from None
        return moment.hour, moment.minute

    def set_value(self, moment: datetime) -> None:
        self.setText(f"{moment:%H:%M}")

    def _tidy(self) -> None:
        try:
            hour, minute = self.value()
        except ValueError:
            return
        self.setText(f"{hour:02d}:{minute:02d}")


def case_text(row: CaseloadRow) -> str:
    return f"{row.case_ref}  {row.person_name}"


def appointment_line(record: AppointmentRecord) -> str:
    """ "Tue 24/11/2026 10:00-11:00, C000001 Visit (Jane Partridge), at Oak House"."""
    place = f", at {record.place}" if record.place else ""
    return (
        f"{record.starts_at:%a} {format_uk(record.starts_at.date())} "
        f"{time_span(record.starts_at, record.ends_at)}, {record.title} "
        f"({record.person_name}){place}"
    )


class AppointmentDialog(SavingDialog):
    """A new appointment (``appointment`` None) or a change to one."""

    def __init__(
        self,
        services: Services,
        *,
        advocate_id: int | None = None,
        appointment: AppointmentRecord | None = None,
        on: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.appointment = appointment
        self.advocate_id = appointment.advocate_id if appointment else advocate_id
        #: What the service said on saving (the appointment and any overlaps).
        self.saved: Saved | None = None
        #: The overlaps shown for these details: saving them again goes ahead.
        self._acknowledged: tuple[AppointmentDetails, tuple[str, ...]] | None = None
        title = "Change the appointment" if appointment else "New appointment"
        self.setWindowTitle(title)

        self.case = QComboBox()
        self.case.setAccessibleName("Case")
        self.case.addItem(CHOOSE, None)
        for case in services.casework.caseload(self.advocate_id):
            self.case.addItem(case_text(case), case.case_id)
        self.kind = CodeCombo(APPOINTMENT_KIND, label="Kind", placeholder=CHOOSE)
        self.day = DateField("Date", required=True)
        self.starts = TimeField("Starts")
        self.ends = TimeField("Ends")
        self.end_day = DateField("Ends on")
        self.place = QLineEdit()
        self.place.setMaxLength(300)
        self.place.setPlaceholderText("Where: a care home's name, a ward, 'phone'")
        self.attendees = text_box("Who else attends", "Names and roles", lines=(2, 4))
        self.notes = text_box("Notes", "Anything to remember", lines=(2, 5))

        times = QWidget()
        row = QHBoxLayout(times)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.starts)
        row.addWidget(QLabel("to"))
        row.addWidget(self.ends)
        row.addStretch(1)

        form = FieldForm(self.errors)
        form.add_field("case_id", "Case", self.case)
        form.add_field("kind", "Kind", self.kind)
        form.add_field("date", "Date", self.day)
        form.add_field("starts_at", "Starts", self.starts)
        form.add_field("ends_at", "Ends", self.ends)
        form.add_field("end_date", "Ends on", self.end_day,
                       hint="Only if it ends on a later day.")  # fmt: skip
        form.add_field("place", "Place", self.place)
        form.add_field("attendees", "Who else attends", self.attendees)
        form.add_field("notes", "Notes", self.notes)

        self.warning = QLabel()
        self.warning.setObjectName("overlapWarning")
        self.warning.setAccessibleName("Overlap warning")
        self.warning.setWordWrap(True)
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        theme.style(self.warning, WARNING_STYLE)
        self.warning.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(heading(title))
        layout.addWidget(self.errors.general)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(self._buttons("Save" if appointment else "Add appointment"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)

        if appointment is not None:
            self._show(appointment)
        else:
            self.day.set_value(on or services.today())
        self.case.setFocus()

    def _show(self, record: AppointmentRecord) -> None:
        index = self.case.findData(record.case_id)
        if index < 0:
            self.case.addItem(f"{record.case_ref}  {record.person_name}", record.case_id)
            index = self.case.count() - 1
        self.case.setCurrentIndex(index)
        self.kind.set_code(record.kind)
        self.day.set_value(record.starts_at.date())
        self.starts.set_value(record.starts_at)
        self.ends.set_value(record.ends_at)
        if record.ends_at.date() != record.starts_at.date():
            self.end_day.set_value(record.ends_at.date())
        self.place.setText(record.place)
        self.attendees.setPlainText(record.attendees)
        self.notes.setPlainText(record.notes)

    def read(self) -> AppointmentDetails | None:
        """The details typed, or None with each problem shown under its field."""
        errors: dict[str, str] = {}
        case_id = self.case.currentData()
        if not isinstance(case_id, int):
            errors["case_id"] = "Case: choose the case the appointment is for."
        if not self.kind.code():
            errors["kind"] = "Kind: choose what kind of appointment it is."
        day = end_day = None
        try:
            day = self.day.value()
        except DateFieldError as exc:
            errors["date"] = str(exc)
        try:
            end_day = self.end_day.value()
        except DateFieldError as exc:
            errors["end_date"] = str(exc)
        starts = ends = (0, 0)
        try:
            starts = self.starts.value()
        except ValueError as exc:
            errors["starts_at"] = str(exc)
        try:
            ends = self.ends.value()
        except ValueError as exc:
            errors["ends_at"] = str(exc)
        if errors or day is None or not isinstance(case_id, int):
            self.errors.show(errors)
            return None
        starts_at = datetime(day.year, day.month, day.day, *starts)  # noqa: DTZ001 local time
        last = end_day or day
        ends_at = datetime(last.year, last.month, last.day, *ends)  # noqa: DTZ001 local time
        return AppointmentDetails(case_id, self.kind.code(), starts_at, ends_at,
                                  self.place.text(), self.attendees.toPlainText(),
                                  self.notes.toPlainText())  # fmt: skip

    def save(self) -> bool:
        self.errors.clear()
        details = self.read()
        if details is None:
            return False
        diary = self.services.diary
        existing = self.appointment.id if self.appointment else None
        try:
            warnings = diary.check(details, self.advocate_id, existing)
            if warnings and self._acknowledged != (details, warnings):
                self._warn(details, warnings)
                return False
            if self.appointment is None:
                self.saved = diary.add(details, self.advocate_id)
            else:
                # Refused (EditConflict) if someone else saved it since the form opened.
                self.saved = diary.update(self.appointment.id, details, opened=self.appointment)
                self.appointment = self.saved.appointment
        except AdvocacyDeskError as exc:
            self._clear_warning()
            return self._failed(exc)
        return self._saved()

    def _warn(self, details: AppointmentDetails, warnings: tuple[str, ...]) -> None:
        self._acknowledged = (details, warnings)
        self.warning.setText("\n".join(warnings) + "\nSave it anyway, or change the times.")
        self.warning.show()
        self.save_button.setText("Save anyway")
        self.save_button.setAccessibleName("Save anyway")

    def _clear_warning(self) -> None:
        self._acknowledged = None
        self.warning.hide()
        verb = "Save" if self.appointment else "Add appointment"
        self.save_button.setText(verb)
        self.save_button.setAccessibleName(verb)


class ExportDialog(SavingDialog):
    """An advocate's appointments as a calendar file (.ics) for Outlook and phones."""

    #: Its fields are choices for one export, not work to keep: Escape just closes.
    GUARDS_UNSAVED = False

    def __init__(
        self,
        services: Services,
        advocate_username: str,
        *,
        advocate_name: str = "",
        start: date | None = None,
        choose_file: ChooseFile | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.advocate_username = advocate_username
        #: Asks where to save; tests replace it so no file dialog ever opens.
        self.choose_file: ChooseFile = choose_file or self._ask_for_file
        #: The file written, once it has been.
        self.written: Path | None = None
        whose = advocate_name or advocate_username
        self.setWindowTitle(f"Export the diary of {whose}")
        first = start or services.today()
        self.start = DateField("From", required=True)
        self.start.set_value(first)
        self.end = DateField("To", required=True)
        self.end.set_value(first + timedelta(days=EXPORT_DAYS - 1))
        self.with_names = QCheckBox("Include names, who else attends and the notes")
        self.with_names.setChecked(False)
        form = FieldForm(self.errors)
        form.add_field("start", "From", self.start)
        form.add_field("end", "To", self.end)
        form.add_field(
            "with_names", "Personal details", self.with_names,
            hint="Off: each event says only the case reference and the kind (C000123 "
            "Visit) and where. A calendar on a phone or shared with colleagues may be "
            "seen by others: leave names out unless you need them.",
        )  # fmt: skip
        layout = QVBoxLayout(self)
        layout.addWidget(heading(f"Export the diary of {whose}"))
        layout.addWidget(plain("An iCalendar file (.ics) that Outlook, Google Calendar and "
                               "phone calendars import.", hint=True))  # fmt: skip
        layout.addWidget(self.errors.general)
        layout.addLayout(form)
        layout.addWidget(self._buttons("Save calendar…"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)

    def save(self) -> bool:
        self.errors.clear()
        start, end, errors = read_period(self.start, self.end)
        if errors or start is None or end is None:
            self.errors.show(errors)
            return False
        try:
            text = self.services.diary.export(
                self.advocate_username, start, end, "ics", self.with_names.isChecked()
            )
        except AdvocacyDeskError as exc:
            return self._failed(exc)
        suggested = Path.home() / f"diary-{self.advocate_username}-{start.isoformat()}.ics"
        chosen = self.choose_file("Save the calendar as", suggested, "iCalendar (*.ics)")
        if chosen is None or not str(chosen):
            return False
        path = chosen if chosen.suffix.lower() == ".ics" else chosen.with_suffix(".ics")
        try:
            write_text(path, text)
        except AdvocacyDeskError as exc:
            self.errors.show({"": f"Not saved: {exc}."})
            return False
        self.written = path
        return self._saved()

    def _ask_for_file(self, title: str, suggested: Path, pattern: str) -> Path | None:
        chosen, _filter = QFileDialog.getSaveFileName(self, title, str(suggested), pattern)
        return Path(chosen) if chosen else None


class _LogRow(QGroupBox):
    """One ended appointment: what it will be logged as, the duration, a note, and
    "Log it" / "Not now"."""

    def __init__(self, dialog: LogAppointmentsDialog, record: AppointmentRecord) -> None:
        super().__init__()
        self.dialog = dialog
        self.record = record
        self.errors = FieldErrors()
        self.heading = heading(appointment_line(record), scale=1.0)
        kind = ACTIVITY_KIND.label(activity_kind(record.kind))
        self.summary = plain(
            f"To log as: {format_uk(record.starts_at.date())}, {kind}, "
            f"{format_duration(record.minutes)}."
        )
        self.duration = QLineEdit(format_duration(record.minutes))
        self.duration.setAccessibleName("Duration")
        self.duration.setMaximumWidth(self.fontMetrics().horizontalAdvance("000:000") + 24)
        self.note = text_box("Note", "What happened, briefly (optional)", lines=(2, 4))
        form = FieldForm(self.errors)
        form.add_field("minutes", "Duration", self.duration, hint="45 or 1:30")
        form.add_field("note", "Note", self.note)
        self.log_button = QPushButton("Log it")
        self.log_button.setAccessibleName(f"Log {record.title}")
        self.log_button.clicked.connect(self.log)
        self.skip_button = QPushButton("Not now")
        self.skip_button.setAccessibleName(f"Not now: {record.title}")
        self.skip_button.clicked.connect(self.skip)
        self.done = plain("")
        self.done.hide()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.log_button)
        for button in (self.log_button, self.skip_button):
            button.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.errors.general)
        layout.addLayout(form)
        layout.addWidget(self.done)
        layout.addLayout(buttons)
        self.outcome = ""

    def log(self) -> bool:
        self.errors.clear()
        try:
            minutes = parse_duration(self.duration.text())
        except ValueError as exc:
            self.errors.show({"minutes": f"Duration: {exc}."})
            return False
        try:
            self.dialog.services.diary.log_as_activity(
                self.record.id, self.note.toPlainText(), minutes
            )
        except AdvocacyDeskError as exc:
            self.errors.refused(exc)
            return False
        self._finish("logged", f"Logged as casework on {self.record.case_ref}.")
        return True

    def skip(self) -> None:
        self._finish("skipped", "Not logged now: it will be offered again.")

    def _finish(self, outcome: str, message: str) -> None:
        self.outcome = outcome
        for widget in (self.duration, self.note, self.log_button, self.skip_button):
            widget.setEnabled(False)
        self.done.setText(message)
        self.done.show()
        self.dialog.row_done(self)


class LogAppointmentsDialog(SavingDialog):
    """The signed-in advocate's ended appointments not yet logged, each to log as a
    casework activity (date, kind and duration filled in) or leave for now."""

    #: Each appointment is logged (or left) by its own buttons; Close only closes.
    GUARDS_UNSAVED = False

    def __init__(
        self,
        services: Services,
        *,
        now: datetime | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle("Log ended appointments")
        self.records = services.diary.to_log(now) if may_use_diary(services) else []
        self.rows = [_LogRow(self, r) for r in self.records]
        self.logged = 0
        count = len(self.records)
        noun = "appointment has" if count == 1 else "appointments have"
        self.intro = plain(
            f"{count} {noun} ended and not been logged as casework. Log each, with "
            "its date, kind and duration filled in, or leave it for now."
            if count
            else "Every ended appointment has been logged."
        )
        column = QWidget()
        rows = QVBoxLayout(column)
        for row in self.rows:
            rows.addWidget(row)
        rows.addStretch(1)
        scroll = QScrollArea()
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its fields take the focus, not it
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(column)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self._close)
        self.buttons.accepted.connect(self._close)
        self.set_main_button(self.buttons.button(QDialogButtonBox.StandardButton.Close))
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Log ended appointments"))
        layout.addWidget(self.intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 100)
        self.resize(self.minimumWidth(), 480 if len(self.rows) < 2 else 640)

    @property
    def has_any(self) -> bool:
        """Anything to offer (the window shows the dialog only then)."""
        return bool(self.records)

    def row_done(self, row: _LogRow) -> None:
        if row.outcome == "logged":
            self.logged += 1
        if all(r.outcome for r in self.rows):
            self.intro.setText("All done: close this window to go on.")

    def save(self) -> bool:
        return False

    def _close(self) -> None:
        if self.logged:
            self.accept()
        else:
            self.reject()
