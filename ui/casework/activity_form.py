"""The casework log entry: date, kind, duration, travel and a note, in a few keystrokes.

The same form logs a new entry under the case's log (with a running timer) and
changes one in the edit dialog. It reads what can be read before any service is
called (a date that is not a date, "1:75" as a duration) and shows each problem
under its field; the service's ``ValidationError`` lands in the same places.

Its fields can be taken as a draft (:meth:`ActivityForm.draft`) and put back
(:meth:`ActivityForm.load_draft`), so half-typed work is never lost.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.domain.casework import (
    ActivityDetails,
    clean_activity,
    format_duration,
    parse_duration,
)
from advocacy_desk.domain.dates import format_uk
from advocacy_desk.domain.errors import ValidationError
from advocacy_desk.domain.vocabulary import ACTIVITY_KIND
from ui.widgets import CodeCombo, DateField, DateFieldError, ErrorLabel, FieldErrors, theme

#: The kind a new entry starts with when the case has no entries to copy from.
DEFAULT_KIND = "visit"

DURATION_HINT = "45 or 1:30"

#: The fields a draft keeps, as text (the timer's start as seconds since the epoch).
DRAFT_FIELDS = ("occurred_on", "kind", "duration", "travel", "note", "timer_started")

#: The form's fields in the order their errors are shown.
_ORDER = ("occurred_on", "kind", "minutes", "travel_minutes", "note")


def minutes_text(minutes: int) -> str:
    """How the form writes a duration: 45 under an hour, 1:30 from an hour on."""
    return str(minutes) if minutes < 60 else format_duration(minutes)


def elapsed_minutes(seconds: float) -> int:
    """Whole minutes for a timed stretch, rounded up and never less than one."""
    return max(1, math.ceil(max(0.0, seconds) / 60))


class ActivityForm(QWidget):
    """Date, kind, duration, travel and note, with each field's error beneath it.

    ``submitted`` is emitted on Enter in a one-line field (when ``submit_on_enter``)
    and on Ctrl+Enter anywhere in the form; ``edited`` on every change a user makes.
    """

    submitted = Signal()
    edited = Signal()

    def __init__(
        self,
        *,
        with_timer: bool = False,
        submit_on_enter: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        #: Seconds now, for the timer; tests replace it to run the clock by hand.
        self.clock: Callable[[], float] = time.time
        self.timer_started: float | None = None
        #: The case's opening date and today, for checking an entry before it is saved.
        self.opened_on: date | None = None
        self.today: Callable[[], date] = date.today
        self._loading = False

        self.errors = FieldErrors()
        self._make_fields()
        grid = self._fields_grid()
        timer = self._timer(with_timer)
        note_row, note_error = self._note_row(timer)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.errors.general)
        layout.addLayout(grid)
        layout.addLayout(note_row)
        layout.addWidget(self.note)
        layout.addWidget(note_error)

        self._connect(submit_on_enter)
        self._update_timer()

    # -- building ---------------------------------------------------------------

    def _make_fields(self) -> None:
        self.occurred_on = DateField("Date", required=True)
        self.kind = CodeCombo(ACTIVITY_KIND, label="Kind")
        self.kind.setMinimumContentsLength(14)
        self.duration = QLineEdit()
        self.duration.setAccessibleName("Duration")
        self.duration.setPlaceholderText(DURATION_HINT)
        self.duration.setToolTip(
            "Time spent: minutes (45) or hours:minutes (1:30). Travel goes in its own box."
        )
        self.travel = QLineEdit()
        self.travel.setAccessibleName("Travel")
        self.travel.setPlaceholderText("none")
        self.travel.setToolTip("Travel time, if any: minutes (20) or hours:minutes (1:10)")
        char = self.fontMetrics().horizontalAdvance("0")
        for box in (self.duration, self.travel):
            box.setMaxLength(12)
            box.setFixedWidth(char * 10 + 16)
        self.note = QPlainTextEdit()
        self.note.setAccessibleName("Note")
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText(
            "What was done and what was agreed, in plain words (Ctrl+Enter to save)"
        )
        lines = self.note.fontMetrics().lineSpacing()
        self.note.setMinimumHeight(2 * lines + 14)
        self.note.setMaximumHeight(3 * lines + 14)

    def _fields_grid(self) -> QGridLayout:
        """Date, kind, duration and travel side by side, each error beneath its field."""
        fields: list[tuple[str, str, QWidget]] = [
            ("occurred_on", "Date", self.occurred_on),
            ("kind", "Kind", self.kind),
            ("minutes", "Duration", self.duration),
            ("travel_minutes", "Travel", self.travel),
        ]
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        last = len(fields)  # the column after the fields, which takes what is left
        for column, (name, label, field) in enumerate(fields):
            caption = QLabel(f"{label}:")
            caption.setBuddy(field)
            grid.addWidget(caption, 0, column)
            grid.addWidget(field, 1, column)
            error = ErrorLabel(label)
            # Beneath its field, running on to the right so a long message stays readable.
            grid.addWidget(error, 2 + column, column, 1, last + 1 - column)
            self.errors.register(name, field, error)

        grid.setColumnStretch(last, 1)
        return grid

    def _timer(self, with_timer: bool) -> QWidget:
        """Start, Stop and the time so far (shown in a case, not in the edit dialog)."""
        self.start_button = QPushButton("Start timer")
        self.start_button.setToolTip("Time the work as it happens; Stop fills in the duration")
        self.stop_button = QPushButton("Stop")
        self.stop_button.setToolTip("Stop the timer and put the minutes in Duration")
        self.timer_label = QLabel()
        self.timer_label.setObjectName("timerLabel")
        self.timer_label.setAccessibleName("Timer")
        theme.style(self.timer_label, theme.HINT)
        self.start_button.clicked.connect(self.start_timer)
        self.stop_button.clicked.connect(self.stop_timer)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._show_timer)
        timer = QWidget()
        timer_row = QHBoxLayout(timer)
        timer_row.setContentsMargins(8, 0, 0, 0)
        timer_row.addWidget(self.start_button)
        timer_row.addWidget(self.stop_button)
        timer_row.addWidget(self.timer_label)
        timer_row.addStretch(1)
        timer.setVisible(with_timer)

        return timer

    def _note_row(self, timer: QWidget) -> tuple[QHBoxLayout, ErrorLabel]:
        """The note's caption with the timer at its right, and the note's error."""
        note_caption = QLabel("Note:")
        note_caption.setBuddy(self.note)
        # The timer sits above the note, at the right, not after the fields: the row of
        # fields then fits a side-by-side case on a laptop with text at 125%.
        note_row = QHBoxLayout()
        note_row.setContentsMargins(0, 0, 0, 0)
        note_row.addWidget(note_caption, 0, Qt.AlignmentFlag.AlignBottom)
        note_row.addStretch(1)
        note_row.addWidget(timer)
        note_error = ErrorLabel("Note")
        self.errors.register("note", self.note, note_error)

        return note_row, note_error

    def _connect(self, submit_on_enter: bool) -> None:
        """Enter (in a field) and Ctrl+Enter (anywhere) log the entry; any change is an edit."""
        if submit_on_enter:
            for box in (self.occurred_on, self.duration, self.travel):
                box.returnPressed.connect(self.submitted)
            for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                enter = QShortcut(QKeySequence(key), self.kind)
                enter.setContext(Qt.ShortcutContext.WidgetShortcut)
                enter.setWhatsThis("Log the entry (in a case's log form)")
                enter.activated.connect(self.submitted)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.setWhatsThis("Log the entry (in a case's log form)")
            shortcut.activated.connect(self.submitted)

        for box in (self.occurred_on, self.duration, self.travel):
            box.textEdited.connect(self._edited)
        self.kind.activated.connect(self._edited)
        self.note.textChanged.connect(self._edited)

    # -- values -----------------------------------------------------------------

    def reset(self, today: date, kind: str = DEFAULT_KIND) -> None:
        """Empty the form for a new entry: today's date, ``kind``, nothing typed."""
        self.load_draft({"occurred_on": format_uk(today), "kind": kind})

    def set_details(self, details: ActivityDetails) -> None:
        """Show an existing entry."""
        self.load_draft(
            {
                "occurred_on": format_uk(details.occurred_on),
                "kind": details.kind,
                "duration": minutes_text(details.minutes),
                "travel": minutes_text(details.travel_minutes) if details.travel_minutes else "",
                "note": details.note,
            }
        )

    def read(self) -> ActivityDetails | None:
        """The entry typed, or ``None`` after showing each problem under its field.

        With :attr:`opened_on` set, the log's rules (no future dates, none before the
        case opened, more than 0 minutes) are checked here too, so every problem shows
        at once; the service checks them again when saving.
        """
        self.errors.clear()
        errors: dict[str, str] = {}
        on: date | None = None
        try:
            on = self.occurred_on.value()
        except DateFieldError as exc:
            errors["occurred_on"] = str(exc)
        minutes: int | None = None
        text = self.duration.text().strip()
        if not text:
            errors["minutes"] = (
                "Duration: how long did it take? Write minutes (45) or hours:minutes (1:30)."
            )
        else:
            try:
                minutes = parse_duration(text)
            except ValueError as exc:
                errors["minutes"] = f"Duration: {exc}."
        travel: int | None = 0
        if self.travel.text().strip():
            try:
                travel = parse_duration(self.travel.text())
            except ValueError as exc:
                errors["travel_minutes"] = f"Travel: {exc}, or leave it blank."
                travel = None
        if on is not None and self.opened_on is not None:
            try:
                clean_activity(
                    ActivityDetails(
                        on,
                        self.kind.code(),
                        1 if minutes is None else minutes,
                        0 if travel is None else travel,
                        "",
                    ),
                    self.opened_on,
                    self.today(),
                )
            except ValidationError as exc:
                errors = {**exc.errors, **errors}  # what could not be read comes first
        if errors or on is None or minutes is None or travel is None:
            self.errors.show({name: errors[name] for name in _ORDER if name in errors})
            return None
        return ActivityDetails(on, self.kind.code(), minutes, travel, self.note.toPlainText())

    def show_errors(self, errors: Mapping[str, str]) -> None:
        self.errors.show(errors)

    def draft(self) -> dict[str, Any]:
        """The fields as typed, for keeping while the entry is unfinished."""
        return {
            "occurred_on": self.occurred_on.text(),
            "kind": self.kind.code(),
            "duration": self.duration.text(),
            "travel": self.travel.text(),
            "note": self.note.toPlainText(),
            "timer_started": self.timer_started,
        }

    def load_draft(self, draft: Mapping[str, Any]) -> None:
        """Put a draft back (unknown or missing fields are left empty)."""
        self._loading = True
        try:
            self.errors.clear()
            self.occurred_on.setText(str(draft.get("occurred_on") or ""))
            kind = draft.get("kind")
            self.kind.set_code(
                kind if isinstance(kind, str) and kind in ACTIVITY_KIND else DEFAULT_KIND
            )
            self.duration.setText(str(draft.get("duration") or ""))
            self.travel.setText(str(draft.get("travel") or ""))
            self.note.setPlainText(str(draft.get("note") or ""))
            self.note.moveCursor(QTextCursor.MoveOperation.End)  # carry on where it stopped
            started = draft.get("timer_started")
            self.timer_started = float(started) if isinstance(started, int | float) else None
            self.timer_label.setText("")
        finally:
            self._loading = False
        self._update_timer()

    def has_entry(self) -> bool:
        """Something is typed (or being timed) that has not been logged."""
        return bool(
            self.duration.text().strip()
            or self.travel.text().strip()
            or self.note.toPlainText().strip()
            or self.timer_started is not None
        )

    # -- the timer --------------------------------------------------------------

    @property
    def timing(self) -> bool:
        return self.timer_started is not None

    def start_timer(self) -> None:
        if self.timer_started is None:
            self.timer_started = self.clock()
            self._update_timer()
            self.edited.emit()

    def stop_timer(self) -> int | None:
        """Stop timing and put the minutes in Duration; returns them."""
        if self.timer_started is None:
            return None
        minutes = elapsed_minutes(self.clock() - self.timer_started)
        self.timer_started = None
        self.duration.setText(minutes_text(minutes))
        self._update_timer()
        self.timer_label.setText(f"Timed {minutes_text(minutes)}")
        self.edited.emit()
        return minutes

    def timer_text(self) -> str:
        if self.timer_started is None:
            return ""
        seconds = max(0, int(self.clock() - self.timer_started))
        started = datetime.fromtimestamp(self.timer_started, UTC).astimezone().strftime("%H:%M")
        return f"Timing since {started}: {seconds // 3600}:{seconds // 60 % 60:02d}"

    # -- inside -------------------------------------------------------------------

    def _update_timer(self) -> None:
        running = self.timer_started is not None
        self.start_button.setEnabled(not running)
        self.stop_button.setEnabled(running)
        if running:
            self._tick.start()
        else:
            self._tick.stop()
        self._show_timer()

    def _show_timer(self) -> None:
        if self.timer_started is not None:
            self.timer_label.setText(self.timer_text())
        elif not self.timer_label.text().startswith("Timed"):
            self.timer_label.setText("")

    def _edited(self, *_args: object) -> None:
        if not self._loading:
            self.edited.emit()
