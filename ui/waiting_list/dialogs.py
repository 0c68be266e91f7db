"""The dialogs that take a referral off the waiting list, or change its place on it.

Each checks what it can before calling the service (a date that is not a date, no
advocate chosen), then shows the service's ``ValidationError`` messages under the
fields they name. Nothing is saved unless the dialog is accepted; what each saves is
told to every view by the commit itself (the data bus).
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.app import Services
from advocacy_desk.domain.errors import AdvocacyDeskError, ValidationError
from advocacy_desk.domain.matrix import OVERRIDE_LIMIT
from advocacy_desk.domain.numbers import plural
from advocacy_desk.domain.vocabulary import ADVOCACY_TYPE
from advocacy_desk.records.waiting_list import AdvocateLoad, Breakdown, WaitingRow
from ui.waiting_list.model import table_type
from ui.widgets import DateField, DateFieldError, ErrorLabel, FieldErrors, FieldForm, section, theme
from ui.widgets.unsaved import NOT_WORK, GuardedDialog
from ui.widgets.views import heading as _heading
from ui.widgets.views import plain as _plain
from ui.widgets.views import read_only_table, text_box

#: Pale amber with dark text, for a warning that still lets the user go on.
WARNING_STYLE = theme.notice("warning")
#: Text for advocates who do not take the referral's type (contrast above 4.5:1).


def describe(row: WaitingRow) -> str:
    """One line saying which referral a dialog is about."""
    statutory = ", statutory" if row.statutory else ""
    return (
        f"{row.person_name} ({row.person_ref}), {ADVOCACY_TYPE.label(row.advocacy_type)}"
        f"{statutory}; waiting {plural(row.days_waiting, 'day')}"
    )


def caseload(advocate: AdvocateLoad) -> str:
    """ "23 / 30", with a word when they are full or over."""
    text = f"{advocate.open_cases} / {advocate.capacity}"
    if advocate.has_room:
        return text
    return f"{text} ({'over' if advocate.open_cases > advocate.capacity else 'full'})"


def load_words(advocate: AdvocateLoad) -> str:
    """ "over capacity (21 open cases, capacity 18)"."""
    state = "over" if advocate.open_cases > advocate.capacity else "at"
    return (
        f"{state} capacity ({advocate.open_cases} open "
        f"{'case' if advocate.open_cases == 1 else 'cases'}, capacity {advocate.capacity})"
    )


class AllocateDialog(GuardedDialog):
    """Choose the advocate who takes the case. After ``accept()``, :attr:`case_ref` is
    the new case's reference and :attr:`advocate` who has it."""

    COLUMNS = ("Advocate", "Open cases / capacity", "Takes")

    def __init__(
        self,
        services: Services,
        row: WaitingRow,
        *,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.row = row
        self.today = today or services.today()
        self.case_ref: str | None = None
        self.advocate: AdvocateLoad | None = None
        type_label = ADVOCACY_TYPE.label(row.advocacy_type)
        everyone = services.waiting_list.advocates()
        # Those who take the type first, then those with room, then by name.
        self.advocates: list[AdvocateLoad] = sorted(
            everyone, key=lambda a: (not a.covers(row.advocacy_type), not a.has_room)
        )
        self.setWindowTitle(f"Allocate referral {row.referral_ref}")

        self.errors = FieldErrors()
        self.show_all = QCheckBox(f"Show advocates who do not take {type_label}")
        self.show_all.setProperty(NOT_WORK, True)  # a view of the list, not work
        self.show_all.setToolTip(
            "They are shown greyed; the allocation is refused unless they take this type."
        )
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setAccessibleName("Advocates")
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        read_only_table(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumWidth(self.fontMetrics().averageCharWidth() * 110)
        self.table.setMinimumHeight(self.table.verticalHeader().defaultSectionSize() * 9)
        self.no_advocates = _plain(
            "No advocate who takes this type is recorded. Tick the box above to see everyone, "
            "or add the type to an advocate's record first.",
            hint=True,
        )
        self.capacity_warning = QLabel()
        self.capacity_warning.setObjectName("capacityWarning")
        self.capacity_warning.setWordWrap(True)
        self.capacity_warning.setTextFormat(Qt.TextFormat.PlainText)
        theme.style(self.capacity_warning, WARNING_STYLE)
        self.capacity_warning.setAccessibleName("Capacity warning")
        self.over_capacity = QCheckBox("Allocate to them anyway")
        self.over_capacity.setToolTip("Tick to allocate to an advocate who is at or over capacity")
        advocate_error = ErrorLabel("Advocate")
        self.errors.register("advocate_id", self.table, advocate_error)

        self.allocated_on = DateField("Allocation date", required=True)
        self.allocated_on.set_value(self.today)

        advocates = section("Advocate")
        column = QVBoxLayout(advocates)
        column.addWidget(self.show_all)
        column.addWidget(self.table, 1)
        column.addWidget(self.no_advocates)
        column.addWidget(self.capacity_warning)
        column.addWidget(self.over_capacity)
        column.addWidget(advocate_error)
        form = FieldForm(self.errors)
        form.add_field(
            "allocated_on",
            "Allocation date",
            self.allocated_on,
            "The day the case opens: today unless it was agreed earlier.",
        )

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = QPushButton("Allocate")
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.set_main_button(self.save_button)

        layout = QVBoxLayout(self)
        layout.addWidget(_heading(f"Allocate {row.referral_ref}"))
        layout.addWidget(_plain(describe(row)))
        layout.addWidget(self.errors.general)
        layout.addWidget(advocates, 1)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

        self.show_all.toggled.connect(self._fill)
        self.table.itemSelectionChanged.connect(self._chosen_changed)
        self._fill()
        self.table.setFocus()

    # -- values -------------------------------------------------------------------

    def shown_advocates(self) -> list[AdvocateLoad]:
        if self.show_all.isChecked():
            return list(self.advocates)
        return [a for a in self.advocates if a.covers(self.row.advocacy_type)]

    def chosen(self) -> AdvocateLoad | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        advocate_id = self._advocate_id(rows[0].row())
        return next((a for a in self.advocates if a.id == advocate_id), None)

    def choose(self, advocate_id: int) -> bool:
        """Select the advocate, showing everyone if they are hidden; False if unknown."""
        if not any(a.id == advocate_id for a in self.shown_advocates()):
            if not any(a.id == advocate_id for a in self.advocates):
                return False
            self.show_all.setChecked(True)
        for row in range(self.table.rowCount()):
            if self._advocate_id(row) == advocate_id:
                self.table.selectRow(row)
                return True
        return False

    # -- saving -------------------------------------------------------------------

    def save(self) -> bool:
        """Allocate; on success the dialog is accepted. Nothing is saved otherwise."""
        self.errors.clear()
        errors: dict[str, str] = {}
        advocate = self.chosen()
        if advocate is None:
            errors["advocate_id"] = "Advocate: choose who will take the case from the list."
        elif not advocate.has_room and not self.over_capacity.isChecked():
            errors["advocate_id"] = (
                f"Advocate: {advocate.full_name} is {load_words(advocate)}. "
                f"Tick “{self.over_capacity.text()}” to go ahead, or choose someone with room."
            )
        on: date | None = None
        try:
            on = self.allocated_on.value()
        except DateFieldError as exc:
            errors["allocated_on"] = str(exc)
        if errors or advocate is None:
            self.errors.show(errors)
            return False
        try:
            case_ref = self.services.waiting_list.allocate(self.row.referral_id, advocate.id, on)
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return False
        except AdvocacyDeskError as exc:
            self.errors.show({"": f"Not allocated: {exc}."})
            return False
        self.case_ref = case_ref
        self.advocate = advocate
        self.accept()
        return True

    # -- inside -------------------------------------------------------------------

    def _fill(self) -> None:
        keep = self.chosen()
        shown = self.shown_advocates()
        table = self.table
        table.setRowCount(len(shown))
        wanted = self.row.advocacy_type
        for row, advocate in enumerate(shown):
            suited = advocate.covers(wanted)
            takes = ", ".join(table_type(t) for t in advocate.advocacy_types) or "No types"
            cells = (advocate.full_name, caseload(advocate), takes)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, advocate.id)
                tip = text if column == 2 else ""
                if not suited:
                    theme.paint(item, "table_hint")
                    font = item.font()
                    font.setItalic(True)
                    item.setFont(font)
                    tip = f"Does not take {ADVOCACY_TYPE.label(wanted)}. Takes: {takes}"
                elif column == 1 and not advocate.has_room:
                    tip = f"At or over capacity: {caseload(advocate)}"
                if column == 1:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                item.setToolTip(tip)
                table.setItem(row, column, item)
        self.no_advocates.setVisible(not shown)
        table.setVisible(bool(shown))
        if keep is not None:
            for row in range(table.rowCount()):
                if self._advocate_id(row) == keep.id:
                    table.selectRow(row)
        self._chosen_changed()

    def _advocate_id(self, row: int) -> int | None:
        item = self.table.item(row, 0)
        data = None if item is None else item.data(Qt.ItemDataRole.UserRole)
        return data if isinstance(data, int) else None

    def _chosen_changed(self) -> None:
        advocate = self.chosen()
        full = advocate is not None and not advocate.has_room
        if advocate is not None and full:
            self.capacity_warning.setText(
                f"{advocate.full_name} is {load_words(advocate)}. You can still allocate "
                "to them: tick the box below to confirm."
            )
        else:
            self.over_capacity.setChecked(False)
        self.capacity_warning.setVisible(full)
        self.over_capacity.setVisible(full)


class CloseReferralDialog(GuardedDialog):
    """Decline or withdraw a referral, for a written reason, on a date."""

    WORDS: ClassVar[dict[str, tuple[str, str, str]]] = {
        "decline": (
            "Decline",
            "Turn the referral away: the service cannot take it on. The reason is kept with "
            "the referral and counted in the returns.",
            "Why the referral is declined, for example: outside the contract's area.",
        ),
        "withdraw": (
            "Withdraw",
            "Take the referral off the list because the person no longer wants or needs "
            "advocacy, or it was made in error.",
            "Why the referral is withdrawn, for example: the person moved out of the area.",
        ),
    }

    def __init__(
        self,
        services: Services,
        row: WaitingRow,
        action: str,
        *,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if action not in self.WORDS:
            raise ValueError(f"action must be decline or withdraw, not {action!r}")
        self.services = services
        self.row = row
        self.action = action
        self.today = today or services.today()
        verb, explanation, placeholder = self.WORDS[action]
        self.setWindowTitle(f"{verb} referral {row.referral_ref}")

        self.errors = FieldErrors()
        self.reason = text_box("Reason", placeholder, (4, 8))
        self.status_on = DateField("Date", required=True)
        self.status_on.set_value(self.today)
        form = FieldForm(self.errors)
        form.add_field("reason", "Reason", self.reason)
        form.add_field("status_on", "Date", self.status_on, "The day the decision was made.")

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = QPushButton(verb)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.set_main_button(self.save_button)

        layout = QVBoxLayout(self)
        layout.addWidget(_heading(f"{verb} {row.referral_ref}"))
        layout.addWidget(_plain(describe(row)))
        layout.addWidget(_plain(explanation, hint=True))
        layout.addWidget(self.errors.general)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 90)
        self.reason.setFocus()

    def save(self) -> bool:
        """Decline or withdraw; on success the dialog is accepted, else nothing is saved."""
        self.errors.clear()
        try:
            on = self.status_on.value()
        except DateFieldError as exc:
            self.errors.show({"status_on": str(exc)})
            return False
        service = self.services.waiting_list
        close = service.decline if self.action == "decline" else service.withdraw
        if not self.errors.attempt(
            lambda: close(self.row.referral_id, self.reason.toPlainText(), on)
        ):
            return False
        self.accept()
        return True


class SignedSpinBox(QSpinBox):
    """A whole number shown with its sign (+10, -5), typed with or without one."""

    def textFromValue(self, val: int) -> str:
        return f"{val:+d}" if val else "0"

    def valueFromText(self, text: str) -> int:
        try:
            return int(text.strip().replace("\u2212", "-"))
        except ValueError:
            return self.value()

    def validate(self, input: str, pos: int) -> tuple[QValidator.State, str, int]:
        body = input.strip().replace("\u2212", "-")
        if body in ("", "+", "-"):
            return QValidator.State.Intermediate, input, pos
        try:
            value = int(body)
        except ValueError:
            return QValidator.State.Invalid, input, pos
        if self.minimum() <= value <= self.maximum():
            return QValidator.State.Acceptable, input, pos
        return QValidator.State.Invalid, input, pos


class OverrideDialog(GuardedDialog):
    """Add or take away points from the matrix score, for a written reason; or remove
    the override. After ``accept()``, :attr:`breakdown` is the referral's new score."""

    def __init__(
        self,
        services: Services,
        breakdown: Breakdown,
        *,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.breakdown = breakdown
        current = breakdown.override_points
        self.setWindowTitle(f"Override the score of {breakdown.referral_ref}")

        matrix_points = breakdown.score.total - (current or 0)
        if current:
            now = (
                f"Score now {breakdown.score.total}: {matrix_points} from the matrix and "
                f"{current:+d} override, because: {breakdown.override_reason or 'no reason given'}"
            )
        else:
            now = f"Score now {breakdown.score.total}, all from the matrix; no override."

        self.errors = FieldErrors()
        self.points = SignedSpinBox()
        self.points.setRange(-OVERRIDE_LIMIT, OVERRIDE_LIMIT)
        self.points.setValue(current or 0)
        self.points.setAccessibleName("Override points")
        self.points.setToolTip(
            f"A whole number to add to the matrix score (up to {OVERRIDE_LIMIT}), "
            "or to take away with a minus sign"
        )
        self.points.setMaximumWidth(self.fontMetrics().horizontalAdvance("-00000") + 48)
        self.reason = text_box(
            "Reason", "Why the matrix score does not reflect this person's priority", (4, 8)
        )
        form = FieldForm(self.errors)
        form.add_field(
            "override_points",
            "Points (+ or -)",
            self.points,
            "Added to the matrix score: +10 moves the referral up, -10 down. 0 removes it.",
        )
        form.add_field(
            "override_reason",
            "Reason",
            self.reason,
            "Required, also to remove an override: it is kept in the score history.",
        )

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = QPushButton("Save override")
        self.remove_button = QPushButton("Remove override")
        self.remove_button.setEnabled(bool(current))
        self.remove_button.setToolTip(
            "Take the override away, so the score is the matrix's alone (a reason is still needed)"
            if current
            else "There is no override to remove"
        )
        self.buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.clicked.connect(lambda: self.save())
        self.remove_button.clicked.connect(lambda: self.remove())
        self.buttons.rejected.connect(self.reject)
        self.set_main_button(self.save_button)

        layout = QVBoxLayout(self)
        layout.addWidget(_heading(f"Override the score of {breakdown.referral_ref}"))
        layout.addWidget(_plain(breakdown.person_name))
        layout.addWidget(_plain(now, hint=True))
        layout.addWidget(self.errors.general)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 90)
        self.points.setFocus()
        self.points.selectAll()

    def save(self) -> bool:
        """Set the override to the points given (0 removes it)."""
        return self._set(self.points.value())

    def remove(self) -> bool:
        """Remove the override, for the reason written."""
        return self._set(None)

    def _set(self, points: int | None) -> bool:
        def save() -> None:
            self.breakdown = self.services.waiting_list.set_override(
                self.breakdown.referral_id, points, self.reason.toPlainText()
            )

        if not self.errors.attempt(save):
            return False
        self.accept()
        return True
