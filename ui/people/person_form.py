"""Add or change a person, with the duplicate check a busy front door needs.

Saving goes through ``services.people``; whatever it rejects is shown under the
field it names and nothing is saved. A possible duplicate is put to the user
(use the existing record, save a new person anyway, or go back) through
:meth:`PersonDialog.confirm_duplicate`, which tests replace.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.app import Services
from advocacy_desk.domain.dates import format_uk
from advocacy_desk.domain.errors import AdvocacyDeskError, ValidationError
from advocacy_desk.domain.people import (
    CODED_FIELDS,
    FIELD_LABELS,
    MAX_ADDRESS_LINE,
    MAX_TOWN,
    PersonDetails,
    clean_person,
)
from advocacy_desk.records.people import PersonRecord, PersonRow
from advocacy_desk.services.people import PossibleDuplicate
from ui.widgets import (
    CodeCombo,
    DateField,
    DateFieldError,
    FieldErrors,
    FieldForm,
    run_modal,
    section,
    views,
)
from ui.widgets.modal import RunModal
from ui.widgets.screen import FittedDialog
from ui.widgets.unsaved import GuardedDialog

#: Field order within each group of the form.
PERSON_FIELDS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "address_line_one",
    "address_line_two",
    "town",
    "postcode",
    "local_authority",
)
NEEDS_FIELDS = (
    "first_language",
    "interpreter_needed",
    "communication_needs",
    "primary_need",
    "out_of_area",
)
EQUALITY_FIELDS = (
    "sex",
    "gender_identity",
    "ethnicity",
    "disability",
    "sexual_orientation",
    "religion",
)

_HINTS = {
    "date_of_birth": "Leave blank if not known.",
    "address_line_one": "Where letters go. Leave blank if not known.",
    "gender_identity": "Is the person's gender the same as the sex registered at birth?",
    "out_of_area": "Placed here by another council, or placed out of this council's area.",
}


class DuplicateChoice(Enum):
    USE_EXISTING = "use_existing"
    SAVE_NEW = "save_new"
    GO_BACK = "go_back"


@dataclass(frozen=True)
class DuplicateAnswer:
    choice: DuplicateChoice
    #: The existing person chosen, for ``USE_EXISTING``.
    person_id: int | None = None


class DuplicateDialog(FittedDialog):
    """ "This person may already be recorded": the matches, and what to do about them."""

    def __init__(self, candidates: Sequence[PersonRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("This person may already be recorded")
        self.candidates = tuple(candidates)
        self.choice = DuplicateChoice.GO_BACK

        count = len(self.candidates)
        intro = QLabel(
            (
                "Someone with a similar name and date of birth is already recorded."
                if count == 1
                else f"{count} people with a similar name and date of birth are already recorded."
            )
            + " Check before adding a new person: a second record splits their history."
        )
        intro.setWordWrap(True)

        self.table = QTableWidget(count, 4)
        self.table.setHorizontalHeaderLabels(["Reference", "Name", "Date of birth", "Postcode"])
        self.table.setAccessibleName("Possible matches")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for row, person in enumerate(self.candidates):
            cells = (person.person_ref, person.full_name, format_uk(person.date_of_birth))
            for column, text in enumerate((*cells, person.postcode)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.selectRow(0)
        rows_height = sum(self.table.rowHeight(r) for r in range(min(count, 6)))
        self.table.setMinimumHeight(header.sizeHint().height() + rows_height + 6)
        self.table.doubleClicked.connect(lambda _index: self.use_existing())

        self.use_existing_button = QPushButton("Use existing record")
        self.use_existing_button.setToolTip("Nothing new is saved; the selected person is used.")
        self.save_new_button = QPushButton("Save as a new person")
        self.go_back_button = QPushButton("Go back")
        self.use_existing_button.setDefault(True)
        self.use_existing_button.clicked.connect(self.use_existing)
        self.save_new_button.clicked.connect(self.save_new)
        self.go_back_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.go_back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_new_button)
        buttons.addWidget(self.use_existing_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.resize(620, self.sizeHint().height())

    def selected_id(self) -> int | None:
        row = self.table.currentRow()
        if 0 <= row < len(self.candidates):
            return self.candidates[row].id
        return self.candidates[0].id if self.candidates else None

    def use_existing(self) -> None:
        self.choice = DuplicateChoice.USE_EXISTING
        self.accept()

    def save_new(self) -> None:
        self.choice = DuplicateChoice.SAVE_NEW
        self.accept()

    def reject(self) -> None:
        self.choice = DuplicateChoice.GO_BACK
        super().reject()

    def answer(self) -> DuplicateAnswer:
        if self.choice is DuplicateChoice.USE_EXISTING:
            return DuplicateAnswer(self.choice, self.selected_id())
        return DuplicateAnswer(self.choice)


class PersonDialog(GuardedDialog):
    """The person form. After ``accept()``, :attr:`person_id` is the saved (or chosen) person."""

    def __init__(
        self,
        services: Services,
        person_id: int | None = None,
        *,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        #: For the checks made before saving (the service checks again with its own).
        self.today = today or services.today()
        #: The person saved, or the existing one chosen instead of a duplicate.
        self.person_id: int | None = person_id
        #: True when this dialog added a new person.
        self.created = False
        #: Shows a modal question; replace it in tests.
        self.run_modal: RunModal = run_modal
        self.duplicate_dialog: DuplicateDialog | None = None
        self._record: PersonRecord | None = (
            services.people.get(person_id) if person_id is not None else None
        )

        self.errors = FieldErrors()
        self._make_fields()
        self.heading = views.heading("", wrap=False)
        columns = self._columns()
        self._build_buttons()

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.errors.general)
        layout.addLayout(columns)
        layout.addWidget(self.buttons)

        if self._record is None:
            self.setWindowTitle("New person")
            self.heading.setText("New person")
        else:
            self.setWindowTitle(f"Edit person {self._record.person_ref}")
            self.heading.setText(f"{self._record.full_name} ({self._record.person_ref})")
            self.load(self._record.details)
        self.given_name.setFocus()

    # -- building ---------------------------------------------------------------

    def _make_fields(self) -> None:
        """Every answer's widget, empty, and :attr:`fields` naming them."""
        self.given_name = QLineEdit()
        self.family_name = QLineEdit()
        self.date_of_birth = DateField(FIELD_LABELS["date_of_birth"])
        self.address_line_one = QLineEdit()
        self.address_line_one.setPlaceholderText("for example 12 High Street")
        self.address_line_one.setMaxLength(MAX_ADDRESS_LINE)
        self.address_line_two = QLineEdit()
        self.address_line_two.setMaxLength(MAX_ADDRESS_LINE)
        self.town = QLineEdit()
        self.town.setPlaceholderText("for example Chelmsford")
        self.town.setMaxLength(MAX_TOWN)
        self.postcode = QLineEdit()
        self.postcode.setPlaceholderText("for example CM1 1AA")
        self.postcode.setMaximumWidth(
            self.postcode.fontMetrics().horizontalAdvance(self.postcode.placeholderText()) + 24
        )
        self.local_authority = QLineEdit()
        self.first_language = QLineEdit()
        self.first_language.setPlaceholderText("for example English")
        self.communication_needs = QPlainTextEdit()
        self.communication_needs.setTabChangesFocus(True)
        self.communication_needs.setPlaceholderText(
            "For example: uses Makaton; needs easy read; hearing aid"
        )
        line = self.communication_needs.fontMetrics().lineSpacing()
        self.communication_needs.setFixedHeight(3 * line + 14)
        self.combos: dict[str, CodeCombo] = {
            name: CodeCombo(vocabulary, label=FIELD_LABELS[name])
            for name, vocabulary in CODED_FIELDS.items()
        }
        self.fields: dict[str, QWidget] = {
            "given_name": self.given_name,
            "family_name": self.family_name,
            "date_of_birth": self.date_of_birth,
            "address_line_one": self.address_line_one,
            "address_line_two": self.address_line_two,
            "town": self.town,
            "postcode": self.postcode,
            "local_authority": self.local_authority,
            "first_language": self.first_language,
            "communication_needs": self.communication_needs,
            **self.combos,
        }

    def _columns(self) -> QHBoxLayout:
        """The person and their needs on the left, equality monitoring on the right."""
        left = QVBoxLayout()
        left.addWidget(self._group("Person", PERSON_FIELDS))
        left.addWidget(self._group("Communication and needs", NEEDS_FIELDS))
        left.addStretch(1)
        right = QVBoxLayout()
        equality = self._group(
            "Equality monitoring",
            EQUALITY_FIELDS,
            intro="For the quarterly return. Ask the person; leave “Not known” if it was not "
            "asked, and choose “Prefer not to say” if they declined.",
        )
        equality.setObjectName("equalityMonitoring")
        right.addWidget(equality)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.setSpacing(12)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        return columns

    def _build_buttons(self) -> None:
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.set_main_button(self.save_button)

    # -- values ---------------------------------------------------------------

    def load(self, details: PersonDetails) -> None:
        self.given_name.setText(details.given_name)
        self.family_name.setText(details.family_name)
        self.date_of_birth.set_value(details.date_of_birth)
        self.address_line_one.setText(details.address_line_one)
        self.address_line_two.setText(details.address_line_two)
        self.town.setText(details.town)
        self.postcode.setText(details.postcode)
        self.local_authority.setText(details.local_authority)
        self.first_language.setText(details.first_language)
        self.communication_needs.setPlainText(details.communication_needs)
        for name, combo in self.combos.items():
            combo.set_code(getattr(details, name))

    def details(self) -> PersonDetails:
        """What the form holds, checked by the person rules before any service is called.

        ``ValidationError`` names every field that is wrong at once: unreadable dates
        here, blanks and out-of-range values by the domain's own rules.
        """
        errors: dict[str, str] = {}
        try:
            born = self.date_of_birth.value()
        except DateFieldError as exc:
            errors["date_of_birth"] = str(exc)
            born = None
        details = PersonDetails(
            given_name=self.given_name.text(),
            family_name=self.family_name.text(),
            date_of_birth=born,
            first_language=self.first_language.text(),
            communication_needs=self.communication_needs.toPlainText(),
            address_line_one=self.address_line_one.text(),
            address_line_two=self.address_line_two.text(),
            town=self.town.text(),
            postcode=self.postcode.text(),
            local_authority=self.local_authority.text(),
            **{name: combo.code() for name, combo in self.combos.items()},
        )
        try:
            clean_person(details, self.today)
        except ValidationError as exc:
            errors = {**exc.errors, **errors}
        if errors:
            raise ValidationError(errors)
        return details

    # -- saving -----------------------------------------------------------------

    def save(self) -> bool:
        """Check and save; on success the dialog is accepted. Nothing is saved otherwise."""
        self.errors.clear()
        try:
            details = self.details()
            if self._record is None:
                saved = self._create(details)
                if saved is None:
                    return False
            else:
                # Refused (EditConflict) if someone else saved them since the form opened.
                self._record = self.services.people.update(
                    self._record.id, details, opened=self._record
                )
                self.person_id = self._record.id
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return False
        except AdvocacyDeskError as exc:
            self.errors.show({"": f"Not saved: {exc}"})
            return False
        # Choosing an existing person instead of a duplicate writes nothing.
        self.accept()
        return True

    def _create(self, details: PersonDetails) -> int | None:
        """The new (or chosen existing) person's id, or ``None`` to stay on the form."""
        try:
            record = self.services.people.create(details)
        except PossibleDuplicate as duplicate:
            answer = self.confirm_duplicate(duplicate.candidates)
            if answer.choice is DuplicateChoice.USE_EXISTING and answer.person_id is not None:
                self.person_id = answer.person_id
                self.created = False
                return answer.person_id
            if answer.choice is not DuplicateChoice.SAVE_NEW:
                self.errors.general.set_message(
                    "Not saved: this person may already be recorded. Check the name and date "
                    "of birth, or save again and choose “Save as a new person”."
                )
                return None
            record = self.services.people.create(details, allow_duplicate=True)
        self.person_id = record.id
        self.created = True
        return record.id

    def confirm_duplicate(self, candidates: Sequence[PersonRow]) -> DuplicateAnswer:
        """Ask what to do about possible duplicates (tests replace :attr:`run_modal`)."""
        self.duplicate_dialog = DuplicateDialog(candidates, self)
        self.run_modal(self.duplicate_dialog)
        return self.duplicate_dialog.answer()

    # -- layout -----------------------------------------------------------------

    def _group(self, title: str, names: Sequence[str], intro: str = "") -> QGroupBox:
        box = section(title)
        column = QVBoxLayout(box)
        if intro:
            note = QLabel(intro)
            note.setWordWrap(True)
            column.addWidget(note)
        form = FieldForm(self.errors)
        for name in names:
            form.add_field(name, FIELD_LABELS[name], self.fields[name], _HINTS.get(name, ""))
        column.addLayout(form)
        return box
