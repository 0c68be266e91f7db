"""Record or change a referral, showing the Care Act gate as the answers change.

The gate label reads the same domain rule the services and the return use
(``ReferralDetails.gate``), so what the form says is what the return counts.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.app import Services
from advocacy_desk.domain.dates import format_uk
from advocacy_desk.domain.errors import AdvocacyDeskError, ValidationError
from advocacy_desk.domain.referrals import (
    FIELD_LABELS,
    MATRIX_FIELDS,
    ReferralDetails,
    clean_referral,
)
from advocacy_desk.domain.vocabulary import (
    ADVOCACY_TYPE,
    CARE_ACT_PROCESS,
    GATE_EXCEPTION,
    SAFEGUARDING,
    SOURCE,
    SUBSTANTIAL_DIFFICULTY,
    YES_NO,
)
from advocacy_desk.records.contracts import ContractRecord
from advocacy_desk.records.referrals import ReferralRecord
from ui.widgets import (
    CodeCombo,
    DateField,
    DateFieldError,
    ErrorLabel,
    FieldErrors,
    FieldForm,
    LevelCombo,
    grow_to_fit,
    section,
    theme,
    views,
)
from ui.widgets.unsaved import GuardedDialog

GATE_MET_STYLE = theme.notice("success")
GATE_NOT_MET_STYLE = theme.notice("neutral")

_HINTS = {
    "decision_due_on": "A meeting or decision the advocate must be ready for. Leave blank if none.",
    "contract_id": "The commissioner's contract that pays for this referral.",
}

#: The placeholder shown in a combo that must be answered.
CHOOSE = "Choose…"


class ReferralDialog(GuardedDialog):
    """The referral form. After ``accept()``, :attr:`referral_id` is the saved referral."""

    def __init__(
        self,
        services: Services,
        person_id: int,
        referral_id: int | None = None,
        *,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.person = services.people.get(person_id)
        self._record: ReferralRecord | None = (
            services.referrals.get(referral_id) if referral_id is not None else None
        )
        #: The referral saved.
        self.referral_id: int | None = referral_id
        self.today = today or services.today()
        self.gate_met = False
        self.contracts: list[ContractRecord] = services.contracts.list()

        self.errors = FieldErrors()
        self._make_fields()
        columns = self._build_columns()
        self._build_heading()
        self._build_buttons()

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.about_person)
        layout.addWidget(self.errors.general)
        layout.addLayout(columns, 1)
        layout.addWidget(self.buttons)

        if self._record is None:
            self.setWindowTitle("New referral")
            self.heading.setText("New referral")
            self.received_on.set_value(self.today)
        else:
            self.setWindowTitle(f"Edit referral {self._record.referral_ref}")
            self.heading.setText(f"Referral {self._record.referral_ref}")
            self.load(self._record.details)
        self._connect()
        self.received_on.setFocus()

    # -- building -------------------------------------------------------------

    def _make_fields(self) -> None:
        """Every answer's widget, empty."""
        self.received_on = DateField(FIELD_LABELS["received_on"], required=True)
        self.source = CodeCombo(SOURCE, label=FIELD_LABELS["source"], placeholder=CHOOSE)
        self.advocacy_type = CodeCombo(
            ADVOCACY_TYPE, label=FIELD_LABELS["advocacy_type"], placeholder=CHOOSE
        )
        self.decision_due_on = DateField(FIELD_LABELS["decision_due_on"])
        self.safeguarding = CodeCombo(SAFEGUARDING, label=FIELD_LABELS["safeguarding"])
        self.care_act_process = CodeCombo(CARE_ACT_PROCESS, label=FIELD_LABELS["care_act_process"])
        self.care_act_process.set_code("none")
        self.difficulties: dict[str, QCheckBox] = {
            code: QCheckBox(SUBSTANTIAL_DIFFICULTY.label(code))
            for code in SUBSTANTIAL_DIFFICULTY.codes
        }
        self.appropriate_individual = CodeCombo(
            YES_NO, label=FIELD_LABELS["appropriate_individual"]
        )
        self.gate_exception = CodeCombo(GATE_EXCEPTION, label=FIELD_LABELS["gate_exception"])
        self.gate_label = QLabel()
        self.gate_label.setObjectName("gateLabel")
        self.gate_label.setWordWrap(True)
        self.gate_label.setTextFormat(Qt.TextFormat.PlainText)
        self.gate_label.setAccessibleName("Care Act gate")
        self.contract = self._contract_combo()
        self.matrix: dict[str, LevelCombo] = {
            name: LevelCombo(FIELD_LABELS[name], name) for name in MATRIX_FIELDS
        }
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setAccessibleName(FIELD_LABELS["notes"])
        self.notes.setPlaceholderText("What the referrer said the person needs help with")
        self.notes.setMinimumHeight(4 * self.notes.fontMetrics().lineSpacing() + 14)

    def _contract_combo(self) -> QComboBox:
        """The contracts to choose from, "None" first."""
        contract = QComboBox()
        contract.setAccessibleName(FIELD_LABELS["contract_id"])
        contract.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        contract.setMinimumContentsLength(22)
        contract.addItem("None", None)
        for known in self.contracts:
            contract.addItem(known.name, known.id)
        return contract

    def _difficulty_group(self) -> QGroupBox:
        """The substantial-difficulty boxes in a group (untitled: the form's caption
        names it), so that a screen reader says which question each box answers."""
        difficulty_box = QGroupBox()
        difficulty_box.setObjectName("difficultyGroup")
        difficulty_box.setFlat(True)
        difficulty_box.setAccessibleName(FIELD_LABELS["difficulties"])
        theme.style(
            difficulty_box, "QGroupBox#difficultyGroup { border: none; margin: 0; padding: 0; }"
        )
        difficulty_column = QVBoxLayout(difficulty_box)
        difficulty_column.setContentsMargins(0, 0, 0, 0)
        difficulty_column.setSpacing(2)
        for box in self.difficulties.values():
            box.setAccessibleDescription(f"{FIELD_LABELS['difficulties']}: tick each that applies")
            difficulty_column.addWidget(box)
        return difficulty_box

    def _build_columns(self) -> QHBoxLayout:
        """The referral and its notes on the left; eligibility and the matrix on the right."""
        referral = section("Referral")
        form = FieldForm(self.errors)
        referral.setLayout(form)
        self._add(form, "received_on", self.received_on)
        self._add(form, "source", self.source)
        self._add(form, "advocacy_type", self.advocacy_type)
        self._add(form, "decision_due_on", self.decision_due_on)
        self._add(form, "safeguarding", self.safeguarding)
        self._add(form, "contract_id", self.contract)

        eligibility = section("Care Act eligibility")
        eligibility_column = QVBoxLayout(eligibility)
        form = FieldForm(self.errors)
        self._add(form, "care_act_process", self.care_act_process)
        self._add(form, "difficulties", self._difficulty_group())
        self._add(form, "appropriate_individual", self.appropriate_individual)
        self._add(form, "gate_exception", self.gate_exception)
        eligibility_column.addLayout(form)
        eligibility_column.addWidget(self.gate_label)

        matrix = section("Prioritisation matrix")
        form = FieldForm(self.errors)
        matrix.setLayout(form)
        for name, combo in self.matrix.items():
            self._add(form, name, combo)

        notes = section(FIELD_LABELS["notes"])
        notes_column = QVBoxLayout(notes)
        notes_column.addWidget(self.notes)
        notes_error = ErrorLabel(FIELD_LABELS["notes"])
        self.errors.register("notes", self.notes, notes_error)
        notes_column.addWidget(notes_error)

        left = QVBoxLayout()
        left.addWidget(referral)
        left.addWidget(notes, 1)
        right = QVBoxLayout()
        right.addWidget(eligibility)
        right.addWidget(matrix)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.setSpacing(12)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        return columns

    def _build_heading(self) -> None:
        """The form's title and the person it is for."""
        self.heading = views.heading("", wrap=False)
        born = format_uk(self.person.details.date_of_birth) or "date of birth not known"
        self.about_person = QLabel(
            f"{self.person.full_name} ({self.person.person_ref}), born {born}"
        )
        self.about_person.setTextFormat(Qt.TextFormat.PlainText)

    def _build_buttons(self) -> None:
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.set_main_button(self.save_button)

    def _connect(self) -> None:
        """The gate and the contracts follow the answers they depend on."""
        for coded in (self.care_act_process, self.appropriate_individual, self.gate_exception):
            coded.currentIndexChanged.connect(self.update_gate)
        for box in self.difficulties.values():
            box.toggled.connect(self.update_gate)
        self.advocacy_type.currentIndexChanged.connect(self.update_contracts)
        self.contract.currentIndexChanged.connect(self.update_contracts)
        self.update_gate()
        self.update_contracts()

    # -- values ---------------------------------------------------------------

    def load(self, details: ReferralDetails) -> None:
        self.received_on.set_value(details.received_on)
        self.source.set_code(details.source)
        self.advocacy_type.set_code(details.advocacy_type)
        self.care_act_process.set_code(details.care_act_process)
        self.decision_due_on.set_value(details.decision_due_on)
        self.safeguarding.set_code(details.safeguarding)
        for code, box in self.difficulties.items():
            box.setChecked(code in details.difficulties)
        self.appropriate_individual.set_code(details.appropriate_individual)
        self.gate_exception.set_code(details.gate_exception)
        index = self.contract.findData(details.contract_id) if details.contract_id else 0
        self.contract.setCurrentIndex(max(index, 0))
        for name, combo in self.matrix.items():
            combo.set_level(getattr(details, name))
        self.notes.setPlainText(details.notes)

    def checked_difficulties(self) -> frozenset[str]:
        return frozenset(code for code, box in self.difficulties.items() if box.isChecked())

    def contract_id(self) -> int | None:
        data = self.contract.currentData()
        return data if isinstance(data, int) else None

    def details(self) -> ReferralDetails:
        """What the form holds, checked by the referral rules before any service is called.

        ``ValidationError`` names every field that is wrong at once: blanks and
        unreadable dates here, dates out of order by the domain's own rules.
        """
        errors: dict[str, str] = {}
        received: date | None = None
        decision: date | None = None
        try:
            received = self.received_on.value()
        except DateFieldError as exc:
            errors["received_on"] = str(exc)
        try:
            decision = self.decision_due_on.value()
        except DateFieldError as exc:
            errors["decision_due_on"] = str(exc)
        if not self.source.code():
            errors["source"] = "Source is required: choose who made the referral."
        if not self.advocacy_type.code():
            errors["advocacy_type"] = "Advocacy type is required: choose the kind of advocacy."
        if problem := self.contract_problem():
            errors["contract_id"] = problem
        if received is None:
            raise ValidationError(errors)
        details = ReferralDetails(
            received_on=received,
            source=self.source.code(),
            advocacy_type=self.advocacy_type.code(),
            care_act_process=self.care_act_process.code(),
            decision_due_on=decision,
            safeguarding=self.safeguarding.code(),
            difficulties=self.checked_difficulties(),
            appropriate_individual=self.appropriate_individual.code(),
            gate_exception=self.gate_exception.code(),
            contract_id=self.contract_id(),
            notes=self.notes.toPlainText().strip(),
            **{name: combo.level() for name, combo in self.matrix.items()},
        )
        try:
            clean_referral(details, self.person.details.date_of_birth, self.today)
        except ValidationError as exc:
            errors = {**exc.errors, **errors}
        if errors:
            raise ValidationError(errors)
        return details

    # -- live feedback ------------------------------------------------------------

    def update_gate(self) -> None:
        """Say whether the Care Act gate is met, and why, from the answers as they stand."""
        gate = ReferralDetails(
            received_on=self.today,
            source="",
            advocacy_type="",
            care_act_process=self.care_act_process.code(),
            difficulties=self.checked_difficulties(),
            appropriate_individual=self.appropriate_individual.code(),
            gate_exception=self.gate_exception.code(),
        ).gate
        self.gate_label.setText(gate.summary)
        theme.style(self.gate_label, GATE_MET_STYLE if gate.met else GATE_NOT_MET_STYLE)
        self.gate_met = gate.met

    def contract_problem(self) -> str:
        contract = self._contract(self.contract_id())
        advocacy_type = self.advocacy_type.code()
        if contract is None or not advocacy_type or contract.covers(advocacy_type):
            return ""
        return (
            f"Contract: {contract.name} does not cover {ADVOCACY_TYPE.label(advocacy_type)}; "
            "choose another contract or None."
        )

    def update_contracts(self) -> None:
        """Offer only the contracts that cover the chosen type; say so if the choice does not."""
        advocacy_type = self.advocacy_type.code()
        model = self.contract.model()
        if isinstance(model, QStandardItemModel):
            for row, contract in enumerate(self.contracts, start=1):
                item = model.item(row)
                covers = not advocacy_type or contract.covers(advocacy_type)
                item.setEnabled(covers)
                item.setToolTip(
                    "" if covers else f"Does not cover {ADVOCACY_TYPE.label(advocacy_type)}"
                )
        self.errors.label("contract_id").set_message(self.contract_problem())
        grow_to_fit(self)

    # -- saving -------------------------------------------------------------------

    def save(self) -> bool:
        """Check and save; on success the dialog is accepted. Nothing is saved otherwise."""
        self.errors.clear()
        try:
            details = self.details()
            if self._record is None:
                record = self.services.referrals.create(self.person.id, details)
            else:
                # Refused (EditConflict) if someone else saved it since the form opened.
                record = self.services.referrals.update(
                    self._record.id, details, opened=self._record
                )
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return False
        except AdvocacyDeskError as exc:
            self.errors.show({"": f"Not saved: {exc}"})
            return False
        self.referral_id = record.id
        self._record = record
        self.accept()
        return True

    # -- layout -------------------------------------------------------------------

    def _add(self, form: FieldForm, name: str, field: QWidget) -> None:
        form.add_field(name, FIELD_LABELS[name], field, _HINTS.get(name, ""))

    def _contract(self, contract_id: int | None) -> ContractRecord | None:
        return next((c for c in self.contracts if c.id == contract_id), None)
