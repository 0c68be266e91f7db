"""Will the block run out? Each contract's year so far and projected to its end, its
status the share of its pro-rata hours used ("110% of pro rata"), the ones past 90%
marked (in colour and with a sign as well as the figure), and the
hours each advocacy type has taken, to discuss moving hours between types."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QSplitter,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.domain.dates import format_uk
from advocacy_desk.domain.vocabulary import ADVOCACY_TYPE
from advocacy_desk.exports.waiting_list_output import short_type
from advocacy_desk.records.planning import PRO_RATA_WARNING, ContractProjection
from ui.planning.words import DASH, number
from ui.widgets import theme
from ui.widgets.views import read_only_table

#: Dark amber on pale amber, as elsewhere in the app: contrast above 4.5:1.
COLUMNS = (
    "Contract",
    "Contract year",
    "Block\nhours",
    "Used\nso far",
    "Pro rata\nto date",
    "Projected\nfor the year",
    "Runs out\non",
    "Cases used\n/ block",
    "Status",
)
STATUS_COLUMN = len(COLUMNS) - 1
KEY = (
    "Status: the hours used so far as a share of the block pro rata to date (the block "
    f"shared evenly over the year). Marked when past {PRO_RATA_WARNING:.0%}. Choose a "
    "contract to see its hours by type."
)

NUMERIC = {2, 3, 4, 5}


def status(contract: ContractProjection) -> str:
    """What the status measures, as a figure: "110% of pro rata" (or no block)."""
    return contract.pro_rata_text


def reason(contract: ContractProjection, as_of: date) -> str:
    """Why the contract is marked (or not), in a sentence or two."""
    block = contract.block_hours
    runs_out = (
        f" At the forecast pace the block runs out on {format_uk(contract.exhausted_on)}, "
        f"before the year ends on {format_uk(contract.year_end)}."
        if contract.exhausted_on is not None
        else ""
    )
    if block is None or not contract.pro_rata_hours:
        return "This contract has no block of hours to measure against."
    share = contract.hours_used / contract.pro_rata_hours
    measured = (
        f"{number(contract.hours_used)} hours used so far: {share:.0%} of the "
        f"{number(contract.pro_rata_hours)} hours pro rata to {format_uk(as_of)} "
        f"(a block of {hours_text(block)} hours a year)."
    )
    if contract.past_pro_rata_warning:
        return (
            f"{measured} Past {PRO_RATA_WARNING:.0%} of pro rata is an early warning that the "
            f"hours may run out before the year ends.{runs_out}"
        )
    return f"{measured}{runs_out}"


class ContractsPanel(QWidget):
    """The contracts table, and the hours by type of the one chosen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.contracts: tuple[ContractProjection, ...] = ()
        self.as_of: date | None = None

        self.heading = QLabel("Contracts")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        theme.style(self.heading, "font-weight: bold;")
        self.key = QLabel(KEY)
        self.key.setWordWrap(True)
        theme.style(self.key, theme.HINT)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("contractsTable")
        self.table.setAccessibleName("Contracts this year")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        read_only_table(self.table)
        # Two lines a row (the name, the year and the status wrap), so that the table
        # and the hours by type fit side by side in a 1280-pixel window.
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        metrics = self.table.fontMetrics()
        for column, widest in ((1, "01/04/2026 to"), (STATUS_COLUMN, "1000% of pro")):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            extra = 40 if column == STATUS_COLUMN else 20  # the warning sign, the margins
            header.resizeSection(column, metrics.horizontalAdvance(widest) + extra)
        self.table.setMinimumWidth(520)  # narrower, it scrolls sideways (125% text)

        self.by_type_heading = QLabel()
        self.by_type_heading.setTextFormat(Qt.TextFormat.PlainText)
        self.by_type_heading.setWordWrap(True)
        theme.style(self.by_type_heading, "font-weight: bold;")
        self.by_type = QTableWidget(0, 3)
        self.by_type.setObjectName("hoursByType")
        self.by_type.setAccessibleName("Hours by advocacy type")
        self.by_type.setHorizontalHeaderLabels(["Type", "Hours", "Share"])
        read_only_table(self.by_type)
        types_header = self.by_type.horizontalHeader()
        types_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        types_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

        left = QWidget()
        table_side = QVBoxLayout(left)
        table_side.setContentsMargins(0, 0, 0, 0)
        table_side.addWidget(self.heading)
        table_side.addWidget(self.table, 1)
        table_side.addWidget(self.key)
        right = QWidget()
        types_side = QVBoxLayout(right)
        types_side.setContentsMargins(0, 0, 0, 0)
        types_side.addWidget(self.by_type_heading)
        types_side.addWidget(self.by_type, 1)
        right.setMinimumWidth(220)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        self.table.itemSelectionChanged.connect(self._chosen)

    def show_contracts(self, contracts: tuple[ContractProjection, ...], as_of: date) -> None:
        self.contracts = contracts
        self.as_of = as_of
        self.heading.setText(
            f"Contracts running on {format_uk(as_of)}"
            if contracts
            else f"No contract is running on {format_uk(as_of)}."
        )
        self.table.setRowCount(len(contracts))
        warning_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        bold = QFont(self.table.font())
        bold.setBold(True)
        for row, contract in enumerate(contracts):
            why = reason(contract, as_of)
            for column, text in enumerate(_cells(contract)):
                cell = QTableWidgetItem(text)
                cell.setToolTip(why)
                if column in NUMERIC:
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if contract.past_pro_rata_warning:
                    theme.paint(cell, "warning_ink", "warning_cell")
                    if column == STATUS_COLUMN:
                        cell.setFont(bold)
                        cell.setIcon(warning_icon)
                self.table.setItem(row, column, cell)
        if contracts:
            self.table.selectRow(0)
        else:
            self._show_types(None)

    def clear(self) -> None:
        self.contracts = ()
        self.heading.setText("Contracts")
        self.table.setRowCount(0)
        self._show_types(None)

    def status_of(self, name: str) -> str:
        """The status column's words for the contract called ``name``."""
        row = next(i for i, c in enumerate(self.contracts) if c.name == name)
        cell = self.table.item(row, STATUS_COLUMN)
        return cell.text() if cell is not None else ""

    def choose(self, name: str) -> None:
        """Select the contract called ``name``, as a click would."""
        row = next(i for i, c in enumerate(self.contracts) if c.name == name)
        self.table.selectRow(row)

    def _chosen(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        row = rows[0].row() if rows else -1
        self._show_types(self.contracts[row] if 0 <= row < len(self.contracts) else None)

    def _show_types(self, contract: ContractProjection | None) -> None:
        if contract is None:
            self.by_type_heading.setText("Hours by advocacy type")
            self.by_type.setRowCount(0)
            return
        year = f"{format_uk(contract.year_start)} to {format_uk(self.as_of)}"
        self.by_type_heading.setText(
            f"Hours by advocacy type, {contract.name} ({year})"
            if contract.by_type
            else f"{contract.name}: no casework hours yet this contract year."
        )
        self.by_type.setRowCount(len(contract.by_type))
        for row, part in enumerate(contract.by_type):
            cells = (short_type(part.type), number(part.hours_used), f"{part.share:.0%}")
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if column:
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                else:
                    cell.setToolTip(ADVOCACY_TYPE.label(part.type))
                self.by_type.setItem(row, column, cell)


def hours_text(hours: float | None) -> str:
    """A block of hours: 16,900 (a decimal only when it has one), or a dash for none."""
    if hours is None:
        return DASH
    return number(hours, 0 if hours == int(hours) else 1)


def _cells(contract: ContractProjection) -> tuple[str, ...]:
    block = contract.block_hours
    cases = (
        f"{contract.cases_used:,} / {contract.block_cases:,}"
        if contract.block_cases is not None
        else f"{contract.cases_used:,} / {DASH}"
    )
    return (
        contract.name,
        f"{format_uk(contract.year_start)} to {format_uk(contract.year_end)}",
        hours_text(block),
        number(contract.hours_used),
        number(contract.pro_rata_hours) if contract.pro_rata_hours is not None else DASH,
        number(contract.projected_hours),
        format_uk(contract.exhausted_on) if contract.exhausted_on is not None else DASH,
        cases,
        status(contract),
    )
