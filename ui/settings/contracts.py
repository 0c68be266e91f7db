"""The commissioners' contracts, as referrals and returns need them (Settings > Contracts).

The quarterly monitoring return is reported per contract, and each referral carries
the contract it falls under. This tab is where a manager records them: a table of
contracts, and for the one chosen an editor (name, commissioner, dates, the advocacy
types it covers, and its block of hours and cases a year) saved through
``services.contracts.update``. New contracts are added with :class:`AddContractDialog`
(``services.contracts.create``). Whatever the service refuses is shown next to the
field it names, and nothing is saved. A save's commit tells every view what it wrote
(the data bus), so the referral form and the returns refresh themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHeaderView,
    QLineEdit,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.app import Services
from advocacy_desk.domain.contracts import ContractDetails
from advocacy_desk.domain.dates import format_uk
from advocacy_desk.domain.errors import ValidationError
from advocacy_desk.domain.vocabulary import ADVOCACY_TYPE
from advocacy_desk.exports.waiting_list_output import short_type
from advocacy_desk.records.contracts import ContractRecord
from ui.bus import DataBus
from ui.settings.record_editor import AddDialog, RecordEditor, Wording, item
from ui.widgets import DateField, DateFieldError, FieldErrors, FieldForm

#: What the types column says for a contract that names no types (it covers them all).
ALL_TYPES = "All types"

TYPES_TIP = (
    "The advocacy types this contract pays for; the referral form offers it for "
    "referrals of these types. Tick none for a contract that covers every type."
)
HOURS_TIP = "The hours a year the contract's block pays for; leave blank if it has none."
CASES_TIP = "The cases a year the contract's block pays for; leave blank if it has none."


# -- how a contract reads ---------------------------------------------------------------


def _number(value: float, grouped: bool = True) -> str:
    """1,200 or 1,200.5: no trailing zeros."""
    text = f"{value:,.2f}" if grouped else f"{value:.2f}"
    return text.rstrip("0").rstrip(".")


def covers_text(types: frozenset[str]) -> str:
    """The types as short names in vocabulary order: "Care Act advocacy, IMCA"."""
    return ", ".join(short_type(code) for code in ADVOCACY_TYPE.codes if code in types) or (
        ALL_TYPES
    )


def runs_text(contract: ContractRecord) -> str:
    """ "01/04/2026 – 31/03/2027"."""
    return f"{format_uk(contract.starts_on)} – {format_uk(contract.ends_on)}"


def block_text(hours: float | None, cases: int | None) -> str:
    """ "1,200 hours, 90 cases a year"; "No block" when neither is set."""
    parts: list[str] = []
    if hours is not None:
        parts.append(f"{_number(hours)} {'hour' if hours == 1 else 'hours'}")
    if cases is not None:
        parts.append(f"{cases:,} {'case' if cases == 1 else 'cases'}")
    return f"{', '.join(parts)} a year" if parts else "No block"


def saved_message(contract: ContractRecord) -> str:
    """The confirmation after a save."""
    return (
        f"Saved: {contract.name} ({contract.commissioner}), {runs_text(contract)}, covers "
        f"{covers_text(contract.advocacy_types) if contract.advocacy_types else 'all types'}; "
        f"{block_text(contract.hours_per_year, contract.cases_per_year).lower()}."
    )


def added_message(contract: ContractRecord) -> str:
    return (
        f"Added {contract.name} ({contract.commissioner}), {runs_text(contract)}. "
        "Referrals can now be recorded under it."
    )


# -- the fields, shared by the editor and the add dialog -----------------------------------


@dataclass(frozen=True)
class Draft:
    """What the contract fields hold, as typed (so unsaved text is never lost)."""

    name: str = ""
    commissioner: str = ""
    starts_on: str = ""
    ends_on: str = ""
    advocacy_types: frozenset[str] = frozenset()
    hours_per_year: str = ""
    cases_per_year: str = ""

    @classmethod
    def of(cls, contract: ContractRecord) -> Draft:
        return cls(
            name=contract.name,
            commissioner=contract.commissioner,
            starts_on=format_uk(contract.starts_on),
            ends_on=format_uk(contract.ends_on),
            advocacy_types=contract.advocacy_types,
            hours_per_year=(
                "" if contract.hours_per_year is None else _number(contract.hours_per_year, False)
            ),
            cases_per_year="" if contract.cases_per_year is None else str(contract.cases_per_year),
        )


def _number_field(name: str, tip: str, placeholder: str) -> QLineEdit:
    field = QLineEdit()
    field.setAccessibleName(name)
    field.setToolTip(tip)
    field.setPlaceholderText(placeholder)
    field.setMaxLength(12)
    field.setAlignment(Qt.AlignmentFlag.AlignRight)
    field.setMaximumWidth(field.fontMetrics().horizontalAdvance("000,000.00") + 60)
    return field


class ContractFields(QWidget):
    """Name, commissioner, dates, advocacy types and block, with errors under each."""

    edited = Signal()

    def __init__(self, *, short_labels: bool = False, parent: QWidget | None = None) -> None:
        """``short_labels`` names the types IMCA, RPR… (for the narrow editor beside the
        table); the full name is always in the tooltip and the accessible name."""
        super().__init__(parent)
        self.errors = FieldErrors()
        self.name = QLineEdit()
        self.name.setMaxLength(200)
        self.name.setPlaceholderText("for example Essex Care Act advocacy 2026–29")
        self.name.setToolTip(
            "The contract's name as the commissioner knows it; each contract's must differ"
        )
        self.commissioner = QLineEdit()
        self.commissioner.setMaxLength(200)
        self.commissioner.setPlaceholderText("for example Essex County Council")
        self.commissioner.setToolTip("Who pays for the contract and receives its returns")
        self.starts_on = DateField("Start date", required=True)
        self.starts_on.setToolTip("The first day of the contract, as DD/MM/YYYY")
        self.ends_on = DateField("End date", required=True)
        self.ends_on.setToolTip("The last day of the contract, as DD/MM/YYYY")
        self.type_boxes: dict[str, QCheckBox] = {}
        types = QWidget()
        types.setAccessibleName("Advocacy types covered")
        column = QVBoxLayout(types)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        for code in ADVOCACY_TYPE.codes:
            label = ADVOCACY_TYPE.label(code)
            box = QCheckBox(short_type(code) if short_labels else label)
            box.setAccessibleName(f"Covers: {label}")
            box.setToolTip(f"Ticked: the contract covers {label} referrals.")
            self.type_boxes[code] = box
            column.addWidget(box)
        self.hours = _number_field("Hours per year", HOURS_TIP, "none")
        self.cases = _number_field("Cases per year", CASES_TIP, "none")

        form = FieldForm(self.errors)
        form.setContentsMargins(0, 0, 0, 0)
        form.add_field("name", "Name", self.name)
        form.add_field("commissioner", "Commissioner", self.commissioner)
        form.add_field("starts_on", "Start date", self.starts_on)
        form.add_field("ends_on", "End date", self.ends_on)
        types_error = form.add_field("advocacy_types", "Covers", types, "None ticked: every type.")
        # FieldForm registered the holder; move the cursor to a real tick box instead.
        self.errors.register("advocacy_types", next(iter(self.type_boxes.values())), types_error)
        form.add_field("hours_per_year", "Hours per year", self.hours)
        form.add_field("cases_per_year", "Cases per year", self.cases)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)

        for line in (self.name, self.commissioner, self.starts_on, self.ends_on):
            line.textChanged.connect(self.edited)
        for line in (self.hours, self.cases):
            line.textChanged.connect(self.edited)
        for box in self.type_boxes.values():
            box.toggled.connect(self.edited)

    def draft(self) -> Draft:
        return Draft(
            name=self.name.text(),
            commissioner=self.commissioner.text(),
            starts_on=self.starts_on.text(),
            ends_on=self.ends_on.text(),
            advocacy_types=frozenset(c for c, box in self.type_boxes.items() if box.isChecked()),
            hours_per_year=self.hours.text(),
            cases_per_year=self.cases.text(),
        )

    def put(self, draft: Draft) -> None:
        """Fill the fields (without ``edited`` firing for each one)."""
        blocked = self.blockSignals(True)
        try:
            self.name.setText(draft.name)
            self.commissioner.setText(draft.commissioner)
            self.starts_on.setText(draft.starts_on)
            self.ends_on.setText(draft.ends_on)
            for code, box in self.type_boxes.items():
                box.setChecked(code in draft.advocacy_types)
            self.hours.setText(draft.hours_per_year)
            self.cases.setText(draft.cases_per_year)
        finally:
            self.blockSignals(blocked)

    def details(self) -> ContractDetails:
        """What is typed, for the service; ``ValidationError`` for dates and numbers
        that cannot be read (the service checks the rest)."""
        errors: dict[str, str] = {}
        dates = {}
        for key, field in (("starts_on", self.starts_on), ("ends_on", self.ends_on)):
            try:
                dates[key] = field.value()
            except DateFieldError as exc:
                errors[key] = str(exc)
        hours: float | None = None
        text = self.hours.text().replace(",", "").strip()
        if text:
            try:
                hours = float(text)
            except ValueError:
                errors["hours_per_year"] = (
                    "Hours per year: write a number, for example 1200, or leave it blank."
                )
        cases: int | None = None
        text = self.cases.text().replace(",", "").strip()
        if text:
            try:
                cases = int(text)
            except ValueError:
                errors["cases_per_year"] = (
                    "Cases per year: write a whole number, for example 90, or leave it blank."
                )
        starts_on, ends_on = dates.get("starts_on"), dates.get("ends_on")
        if errors or starts_on is None or ends_on is None:
            raise ValidationError(errors)
        return ContractDetails(
            name=self.name.text(),
            commissioner=self.commissioner.text(),
            starts_on=starts_on,
            ends_on=ends_on,
            advocacy_types=self.draft().advocacy_types,
            hours_per_year=hours,
            cases_per_year=cases,
        )


class AddContractDialog(AddDialog[ContractRecord]):
    """Add a contract. After ``accept()``, :attr:`contract` is what was added."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, "Add contract", parent=parent)
        self.fields = ContractFields()
        self._lay_out(
            self.fields.errors,
            "A contract with a commissioner: the quarterly return is reported per contract. "
            "You can change these details later.",
            self.fields,
            "Add this contract, so referrals can be recorded under it",
        )
        self.fields.name.setFocus()

    @property
    def contract(self) -> ContractRecord | None:
        return self.added

    def _create(self) -> ContractRecord:
        return self.services.contracts.create(self.fields.details())


# -- the tab ---------------------------------------------------------------------------


class ContractsEditor(RecordEditor[ContractRecord, Draft]):
    """The Contracts tab: the contracts in a table, and the chosen one's editor."""

    NOUN = "Contract"

    COLUMNS = ("Name", "Commissioner", "Runs", "Covers", "Block")
    WATCHES = frozenset({"contract", "contract_advocacy_type"})
    STRETCH = (1, 0)
    WORDING = Wording(
        table="contractsTable",
        table_name="Contracts",
        table_tip="The contracts with commissioners; choose one to change it",
        intro=(
            "The quarterly monitoring return is reported per contract, and each referral "
            "records the contract it falls under. Choose a contract to change it."
        ),
        empty=(
            "No contracts are recorded yet. Choose “Add contract…” to add the first, so "
            "referrals and returns can name it."
        ),
        empty_name="noContracts",
        count_name="contractCount",
        count=("contract", "contracts"),
        add="Add contract…",
        add_tip="Add a contract with a commissioner: its dates, types covered and block",
        heading_name="contractHeading",
        summary_name="contractSummary",
        discard_tip="Put back the contract's details as saved",
        status_name="contractStatus",
        status_accessible="Contracts status",
        editor_name="contractEditor",
        none_heading="No contract chosen",
        none_summary="Choose a contract in the list to change it.",
        none_summary_empty="Add a contract to record its dates, types covered and block.",
        save_tip="Save the changes to {name}",
        save_tip_none="Choose a contract in the list first",
        nothing_to_save="Nothing to save: {name} is as saved.",
        held=("Your changes to {name} are not saved yet: choose it again to save or discard them."),
        back="Your unsaved changes to {name} are back.",
    )

    def __init__(self, services: Services, bus: DataBus, parent: QWidget | None = None) -> None:
        super().__init__(services, bus, parent)
        self.add_button.clicked.connect(lambda: self.add_contract())

    @property
    def contracts(self) -> list[ContractRecord]:
        return self.records

    @property
    def form(self) -> QWidget:
        """The fields and buttons (disabled while no contract is chosen)."""
        return self.editing

    def contract(self, contract_id: int | None) -> ContractRecord | None:
        return self.record(contract_id)

    # -- layout -------------------------------------------------------------------

    def _build(self) -> None:
        super()._build()
        self.editor.setFixedWidth(400)  # steady: the table does not jump as messages come and go

    def _set_up_columns(self, header: QHeaderView) -> None:
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The types can be a long list: that column takes what is left and cuts it short
        # (its tooltip lists them all), so the block always shows.
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)

    def _build_fields(self, column: QVBoxLayout) -> FieldErrors:
        self.fields = ContractFields(short_labels=True)
        self.fields.edited.connect(self._edited)
        column.addWidget(self.fields)
        return self.fields.errors

    # -- the table ------------------------------------------------------------------

    def _load(self) -> list[ContractRecord]:
        self.today = self.services.today()
        return self.services.contracts.list()

    def _items(self, record: ContractRecord) -> list[QTableWidgetItem]:
        today = self.today
        runs_tip = (
            f"Ended on {format_uk(record.ends_on)}"
            if record.ends_on < today
            else f"Starts on {format_uk(record.starts_on)}"
            if record.starts_on > today
            else f"Running until {format_uk(record.ends_on)}"
        )
        covers_tip = (
            "Covers every advocacy type"
            if not record.advocacy_types
            else "Covers "
            + ", ".join(
                ADVOCACY_TYPE.label(c) for c in ADVOCACY_TYPE.codes if c in record.advocacy_types
            )
        )
        block = block_text(record.hours_per_year, record.cases_per_year)
        return [
            item(record.name, record.name),
            item(record.commissioner, record.commissioner),
            item(runs_text(record), runs_tip),
            item(covers_text(record.advocacy_types), covers_tip),
            item(block, block),
        ]

    def _filled(self) -> None:
        for column, widest in ((0, 240), (1, 200), (2, 0), (4, 0)):
            self.table.resizeColumnToContents(column)
            if widest:
                self.table.setColumnWidth(column, min(self.table.columnWidth(column), widest))

    def name(self, record: ContractRecord) -> str:
        return record.name

    # -- the editor -----------------------------------------------------------------

    def _summary(self, record: ContractRecord) -> str:
        return f"{record.commissioner}, {runs_text(record)}."

    def edited(self) -> Draft:
        """What the editor holds."""
        return self.fields.draft()

    def _as_saved(self, record: ContractRecord) -> Draft:
        return Draft.of(record)

    def _blank(self) -> Draft:
        return Draft()

    def _put_fields(self, values: Draft) -> None:
        self.fields.put(values)

    # -- what the user does -----------------------------------------------------------

    def _store(self, record: ContractRecord) -> ContractRecord:
        return self.services.contracts.update(record.id, self.fields.details())

    def _saved_message(self, record: ContractRecord) -> str:
        return saved_message(record)

    def _added_message(self, record: ContractRecord) -> str:
        return added_message(record)

    def add_contract(self) -> ContractRecord | None:
        """Ask for a new contract (tests replace :attr:`run_modal`); what was added."""
        return self._add(AddContractDialog(self.services, parent=self))
