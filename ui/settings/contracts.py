"""The commissioners' contracts, as referrals and returns need them (Settings > Contracts).

The quarterly monitoring return is reported per contract, and each referral carries
the contract it falls under. This tab is where a manager records them: a table of
contracts, and for the one chosen an editor (name, commissioner, dates, the advocacy
types it covers, and its block of hours and cases a year) saved through
``services.contracts.update``. New contracts are added with :class:`AddContractDialog`
(``services.contracts.create``). Whatever the service refuses is shown next to the
field it names, and nothing is saved. After a save the tab emits
``bus.changed("contract")`` so the referral form and the returns refresh themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.domain.dates import format_uk
from advocacy_desk.domain.errors import AdvocacyDeskError, ValidationError
from advocacy_desk.domain.vocabulary import ADVOCACY_TYPE
from advocacy_desk.services import Services
from advocacy_desk.services.contracts import ContractDetails, ContractRecord
from advocacy_desk.waiting_list_output import short_type
from ui.bus import DataBus
from ui.widgets import DateField, DateFieldError, FieldErrors, FieldForm, RunModal, run_modal
from ui.widgets.form import HINT_COLOUR

_NEUTRAL = f"color: {HINT_COLOUR};"
#: Dark amber: readable on white (contrast above 4.5:1), for "be aware", not "wrong".
_CAUTION = "color: #7a4100;"

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


def _hint(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setStyleSheet(_NEUTRAL)
    return label


def _heading(text: str, scale: float = 1.2) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    return label


class AddContractDialog(QDialog):
    """Add a contract. After ``accept()``, :attr:`contract` is what was added."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.contract: ContractRecord | None = None
        self.setWindowTitle("Add contract")
        self.fields = ContractFields()
        self.errors = self.fields.errors

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = QPushButton("Add")
        self.save_button.setDefault(True)
        self.save_button.setToolTip("Add this contract, so referrals can be recorded under it")
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(_heading("Add contract", 1.25))
        layout.addWidget(
            _hint(
                "A contract with a commissioner: the quarterly return is reported per "
                "contract. You can change these details later."
            )
        )
        layout.addWidget(self.errors.general)
        layout.addWidget(self.fields)
        layout.addWidget(self.buttons)
        self.fields.name.setFocus()

    def save(self) -> bool:
        """Add the contract; on success the dialog is accepted. Nothing is saved otherwise."""
        self.errors.clear()
        try:
            contract = self.services.contracts.create(self.fields.details())
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return False
        except AdvocacyDeskError as exc:
            self.errors.show({"": f"Not added: {exc}"})
            return False
        self.contract = contract
        self.accept()
        return True


# -- the tab ---------------------------------------------------------------------------


class ContractsEditor(QWidget):
    """The Contracts tab: the contracts in a table, and the chosen one's editor."""

    COLUMNS = ("Name", "Commissioner", "Runs", "Covers", "Block")

    def __init__(self, services: Services, bus: DataBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.bus = bus
        #: Shows a dialog modally; tests replace it so nothing ever waits for a click.
        self.run_modal: RunModal = run_modal
        self.contracts: list[ContractRecord] = []
        #: Unsaved edits, by contract id, kept while another contract is chosen.
        self.drafts: dict[int, Draft] = {}
        #: Which contract the editor shows.
        self.shown_id: int | None = None
        self._loading = False
        self._own_change = False
        self._stale = False

        self._build()
        self.errors = self.fields.errors
        self.refresh()
        bus.changed.connect(self._data_changed)

    # -- layout -------------------------------------------------------------------

    def _build(self) -> None:
        intro = _hint(
            "The quarterly monitoring return is reported per contract, and each referral "
            "records the contract it falls under. Choose a contract to change it."
        )
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("contractsTable")
        self.table.setAccessibleName("Contracts")
        self.table.setToolTip("The contracts with commissioners; choose one to change it")
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The types can be a long list: that column takes what is left and cuts it short
        # (its tooltip lists them all), so the block always shows.
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.empty = _hint(
            "No contracts are recorded yet. Choose “Add contract…” to add the first, so "
            "referrals and returns can name it."
        )
        self.empty.setObjectName("noContracts")
        self.count_label = _hint()
        self.count_label.setObjectName("contractCount")
        self.add_button = QPushButton("Add contract…")
        self.add_button.setToolTip(
            "Add a contract with a commissioner: its dates, types covered and block"
        )
        self.add_button.clicked.connect(lambda: self.add_contract())
        below = QHBoxLayout()
        below.addWidget(self.count_label, 1)
        below.addWidget(self.add_button)

        listing = QWidget()
        left = QVBoxLayout(listing)
        left.setContentsMargins(0, 0, 8, 0)
        left.addWidget(intro)
        left.addWidget(self.table, 1)
        left.addWidget(self.empty)
        left.addLayout(below)

        # -- the editor for the contract chosen
        self.heading = _heading("")
        self.heading.setObjectName("contractHeading")
        self.summary = _hint()
        self.summary.setObjectName("contractSummary")
        self.fields = ContractFields(short_labels=True)
        self.fields.edited.connect(self._edited)

        self.discard_button = QPushButton("Discard changes")
        self.discard_button.setToolTip("Put back the contract's details as saved")
        self.discard_button.clicked.connect(lambda: self.discard_changes())
        self.save_button = QPushButton("Save")
        self.save_button.clicked.connect(lambda: self.save())
        self.changes_label = _hint()
        self.changes_label.setObjectName("unsavedChanges")
        self.changes_label.setWordWrap(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        buttons.addWidget(self.changes_label)
        buttons.addWidget(self.save_button)

        self.form = QWidget()
        form = QVBoxLayout(self.form)
        form.setContentsMargins(0, 0, 0, 0)
        form.addWidget(self.fields)
        form.addWidget(self.fields.errors.general)
        form.addLayout(buttons)

        self.status = QLabel()
        self.status.setObjectName("contractStatus")
        self.status.setAccessibleName("Contracts status")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)

        editor = QWidget()
        editor.setObjectName("contractEditor")
        editor.setFixedWidth(400)  # steady: the table does not jump as messages come and go
        right = QVBoxLayout(editor)
        right.setContentsMargins(8, 0, 0, 0)
        right.addWidget(self.heading)
        right.addWidget(self.summary)
        right.addSpacing(4)
        right.addWidget(self.form)
        right.addWidget(self.status)
        right.addStretch(1)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(listing, 1)
        layout.addWidget(editor)

    # -- what is on show ------------------------------------------------------------

    def refresh(self, keep_edits: bool = True) -> None:
        """Read the contracts again, keeping the one chosen (and, unless ``keep_edits``
        is False, what the editor holds for it)."""
        self._stale = False
        keep = self.shown_id
        held = self.fields.draft() if keep_edits and self.has_changes() else None
        if keep is not None:
            self.drafts.pop(keep, None)
        self.contracts = self.services.contracts.list()
        known = {contract.id for contract in self.contracts}
        self.drafts = {key: value for key, value in self.drafts.items() if key in known}
        self._fill()
        if keep is not None and self._select_row(keep):
            self._show(self.shown())
            if held is not None:
                self._put(held)
                self._update_state()
            return
        keep = self.contracts[0].id if self.contracts else None
        if keep is not None:
            self._select_row(keep)
        self.shown_id = keep
        self._show(self.shown())

    def contract(self, contract_id: int | None) -> ContractRecord | None:
        return next((c for c in self.contracts if c.id == contract_id), None)

    def shown(self) -> ContractRecord | None:
        """The contract the editor shows."""
        return self.contract(self.shown_id)

    def select(self, contract_id: int) -> bool:
        """Choose the contract in the table (and so in the editor); False if not listed."""
        for row in range(self.table.rowCount()):
            if self._row_id(row) == contract_id:
                self.table.selectRow(row)
                return True
        return False

    def _select_row(self, contract_id: int) -> bool:
        """Select the contract's row without the editor following (it is loaded after)."""
        blocked = self.table.blockSignals(True)
        try:
            return self.select(contract_id)
        finally:
            self.table.blockSignals(blocked)

    def rows(self) -> list[tuple[str, ...]]:
        """The table as text, row by row (what the user reads)."""
        return [
            tuple(self._cell(row, column) for column in range(self.table.columnCount()))
            for row in range(self.table.rowCount())
        ]

    def has_changes(self) -> bool:
        contract = self.shown()
        return contract is not None and self.fields.draft() != Draft.of(contract)

    def _fill(self) -> None:
        table = self.table
        today = self.services.today()
        with_selection = table.blockSignals(True)
        try:
            table.clearSelection()
            table.setRowCount(len(self.contracts))
            for row, contract in enumerate(self.contracts):
                cells = (
                    contract.name,
                    contract.commissioner,
                    runs_text(contract),
                    covers_text(contract.advocacy_types),
                    block_text(contract.hours_per_year, contract.cases_per_year),
                )
                runs_tip = (
                    f"Ended on {format_uk(contract.ends_on)}"
                    if contract.ends_on < today
                    else f"Starts on {format_uk(contract.starts_on)}"
                    if contract.starts_on > today
                    else f"Running until {format_uk(contract.ends_on)}"
                )
                covers_tip = (
                    "Covers every advocacy type"
                    if not contract.advocacy_types
                    else "Covers "
                    + ", ".join(
                        ADVOCACY_TYPE.label(c)
                        for c in ADVOCACY_TYPE.codes
                        if c in contract.advocacy_types
                    )
                )
                tips = (contract.name, contract.commissioner, runs_tip, covers_tip, cells[4])
                for column, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    item.setData(Qt.ItemDataRole.UserRole, contract.id)
                    item.setToolTip(tips[column])
                    table.setItem(row, column, item)
                self._mark_draft(row, contract)
        finally:
            table.blockSignals(with_selection)
        for column, widest in ((0, 240), (1, 200), (2, 0), (4, 0)):
            table.resizeColumnToContents(column)
            if widest:
                table.setColumnWidth(column, min(table.columnWidth(column), widest))
        table.setVisible(bool(self.contracts))
        self.empty.setVisible(not self.contracts)
        count = len(self.contracts)
        self.count_label.setText(f"{count} {'contract' if count == 1 else 'contracts'}")

    def _mark_draft(self, row: int, contract: ContractRecord) -> None:
        """Italic name, and a tooltip, for a contract with changes not saved yet."""
        item = self.table.item(row, 0)
        if item is None:
            return
        draft = contract.id in self.drafts
        font = item.font()
        font.setItalic(draft)
        item.setFont(font)
        item.setToolTip(f"{contract.name}: changes not saved yet" if draft else contract.name)

    def _row_id(self, row: int) -> int | None:
        item = self.table.item(row, 0)
        data = None if item is None else item.data(Qt.ItemDataRole.UserRole)
        return data if isinstance(data, int) else None

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def _selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self._row_id(rows[0].row()) if rows else None

    def _selection_changed(self) -> None:
        chosen = self._selected_id()
        if chosen == self.shown_id:
            return
        previous = self.shown()
        said = ""
        if previous is not None and self.has_changes():
            self.drafts[previous.id] = self.fields.draft()
            self._mark_row(previous.id)
            said = (
                f"Your changes to {previous.name} are not saved yet: choose it again to "
                "save or discard them."
            )
        elif previous is not None:
            self.drafts.pop(previous.id, None)
            self._mark_row(previous.id)
        self.shown_id = chosen
        contract = self.shown()
        if contract is not None and contract.id in self.drafts:
            said = f"{said} Your unsaved changes to {contract.name} are back.".strip()
        self.status.setStyleSheet(_CAUTION if said else "")
        self.status.setText(said)
        self._show(contract)

    def _mark_row(self, contract_id: int) -> None:
        contract = self.contract(contract_id)
        for row in range(self.table.rowCount()):
            if contract is not None and self._row_id(row) == contract_id:
                self._mark_draft(row, contract)

    def _show(self, contract: ContractRecord | None) -> None:
        """Put ``contract`` (or its unsaved draft) in the editor."""
        self.errors.clear()
        self.form.setEnabled(contract is not None)
        if contract is None:
            self.heading.setText("No contract chosen")
            self.summary.setText(
                "Choose a contract in the list to change it."
                if self.contracts
                else "Add a contract to record its dates, types covered and block."
            )
            self._put(Draft())
            self._update_state()
            return
        self.heading.setText(contract.name)
        self.summary.setText(f"{contract.commissioner}, {runs_text(contract)}.")
        self._put(self.drafts.get(contract.id) or Draft.of(contract))
        self._update_state()

    def _put(self, draft: Draft) -> None:
        self._loading = True
        try:
            self.fields.put(draft)
        finally:
            self._loading = False

    def _edited(self) -> None:
        if not self._loading:
            self._update_state()

    def _update_state(self) -> None:
        contract = self.shown()
        changed = self.has_changes()
        self.changes_label.setText("Changes not saved yet." if changed else "")
        self.discard_button.setEnabled(changed)
        self.save_button.setEnabled(contract is not None)
        self.save_button.setToolTip(
            f"Save the changes to {contract.name}"
            if contract is not None
            else "Choose a contract in the list first"
        )

    # -- what the user does -----------------------------------------------------------

    def save(self) -> bool:
        """Save the contract shown; True when saved.

        Nothing is saved when the service refuses (the messages appear next to the
        fields they name) or when nothing changed.
        """
        contract = self.shown()
        if contract is None:
            return False
        self.errors.clear()
        self.status.setStyleSheet("")
        if not self.has_changes():
            self.status.setText(f"Nothing to save: {contract.name} is as saved.")
            return False
        try:
            saved = self.services.contracts.update(contract.id, self.fields.details())
        except ValidationError as exc:
            self.errors.show(exc.errors)
            self.status.setText("")
            self.errors.general.set_message(
                self.errors.general.message
                or f"Not saved: fix what is in red for {contract.name}, then save again."
            )
            return False
        except AdvocacyDeskError as exc:
            self.errors.general.set_message(f"Not saved: {exc}")
            self.status.setText("")
            return False
        self.drafts.pop(saved.id, None)
        self.shown_id = saved.id
        self._announce()
        self.refresh(keep_edits=False)
        self.status.setText(saved_message(saved))
        return True

    def discard_changes(self) -> None:
        """Put back the saved details of the contract shown."""
        contract = self.shown()
        if contract is None:
            return
        self.drafts.pop(contract.id, None)
        self._mark_row(contract.id)
        self._show(contract)
        self.status.setStyleSheet("")
        self.status.setText("")

    def add_contract(self) -> ContractRecord | None:
        """Ask for a new contract (tests replace :attr:`run_modal`); what was added."""
        dialog = AddContractDialog(self.services, parent=self)
        try:
            accepted = self.run_modal(dialog) == QDialog.DialogCode.Accepted
            contract = dialog.contract if accepted else None
        finally:
            dialog.deleteLater()
        if contract is None:
            return None
        self._announce()
        self.refresh()
        self.select(contract.id)
        self.status.setStyleSheet("")
        self.status.setText(added_message(contract))
        return contract

    def _announce(self) -> None:
        self._own_change = True
        try:
            self.bus.changed.emit("contract")
        finally:
            self._own_change = False

    # -- staying up to date -----------------------------------------------------------

    def _data_changed(self, kind: str) -> None:
        if self._own_change or kind != "contract":
            return
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self.refresh()
        super().showEvent(event)
