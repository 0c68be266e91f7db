"""Which return the Returns page shows: the quarter, the contract (or all of them),
whether small numbers are suppressed, Prepare again and the busy bar while it runs.

A row of its own so the page's constructor stays readable; the page answers its
signals and decides when each choice is open to change.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QWidget,
)

from advocacy_desk.domain.quarters import Quarter
from advocacy_desk.records.returns import ContractInfo
from ui.returns.labels import quarter_title
from ui.widgets.flow import FlowRow
from ui.widgets.views import refill_choices

SUPPRESS_TIP = (
    "On: counts of 1 to 4 show as <5 and percentages of fewer than 5 are withheld, so no "
    "one can be identified. This is what commissioners receive.\n"
    "Off: exact figures, small numbers included, for internal use only. Never send or "
    "publish them."
)
ALL_CONTRACTS = "All contracts"


class ReturnChoices(FlowRow):
    """The choices, wrapping onto a second line on a narrow screen (125% text on a
    laptop) rather than push the page wider than the window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.quarter_combo = QComboBox()
        self.quarter_combo.setObjectName("quarterChoice")
        self.quarter_combo.setAccessibleName("Quarter")
        self.quarter_combo.setToolTip("Quarters of the financial year that have data, newest first")
        self.quarter_combo.setMinimumContentsLength(18)
        self.quarter_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.contract_combo = QComboBox()
        self.contract_combo.setObjectName("contractChoice")
        self.contract_combo.setAccessibleName("Contract")
        self.contract_combo.setToolTip("One contract's return, or every contract together")
        self.contract_combo.setMinimumContentsLength(24)
        self.contract_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.contract_combo.addItem(ALL_CONTRACTS, None)
        self.suppress_box = QCheckBox("Suppress small numbers")
        self.suppress_box.setObjectName("suppressSmallNumbers")
        self.suppress_box.setChecked(True)
        self.suppress_box.setToolTip(SUPPRESS_TIP)
        self.prepare_button = QPushButton("Prepare again")
        self.prepare_button.setToolTip("Work the figures out again from the data now (F5)")
        self.busy = QProgressBar()
        self.busy.setObjectName("preparingBar")
        self.busy.setAccessibleName("Preparing the return")
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(140)
        self.busy.setTextVisible(False)
        self.busy.hide()
        for caption, combo in (
            ("&Quarter", self.quarter_combo),
            ("C&ontract", self.contract_combo),
        ):
            pair = QWidget()
            pair_row = QHBoxLayout(pair)
            pair_row.setContentsMargins(0, 0, 8, 0)
            label = QLabel(f"{caption}:")
            label.setBuddy(combo)
            pair_row.addWidget(label)
            pair_row.addWidget(combo)
            self.addWidget(pair)
        self.addWidget(self.suppress_box)
        self.addWidget(self.prepare_button)
        self.addWidget(self.busy)

    def quarter(self) -> Quarter | None:
        data = self.quarter_combo.currentData()
        return Quarter.parse(data) if isinstance(data, str) else None

    def contract_id(self) -> int | None:
        data = self.contract_combo.currentData()
        return data if isinstance(data, int) else None

    def contract_name(self) -> str:
        return self.contract_combo.currentText() or ALL_CONTRACTS

    def fill_quarters(self, quarters: Sequence[Quarter], today: date) -> None:
        """Offer ``quarters`` (newest first), keeping the one chosen if it is still
        there, else the newest that has ended; no signals."""
        combo = self.quarter_combo
        keep = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for quarter in quarters:
            so_far = " (so far)" if quarter.end >= today else ""
            combo.addItem(f"{quarter.label}{so_far}", quarter.code)
            combo.setItemData(
                combo.count() - 1, quarter_title(quarter), Qt.ItemDataRole.ToolTipRole
            )
        index = combo.findData(keep) if isinstance(keep, str) else -1
        if index < 0:
            # The newest quarter that has ended: the one a return is usually due for.
            ended = [i for i, q in enumerate(quarters) if q.end < today]
            index = ended[0] if ended else (0 if quarters else -1)
        combo.setCurrentIndex(index)
        combo.blockSignals(False)

    def fill_contracts(self, contracts: Sequence[ContractInfo]) -> None:
        refill_choices(
            self.contract_combo,
            [(c.name, c.id, f"{c.name}, commissioned by {c.commissioner}") for c in contracts],
        )

    def set_suppressed(self, checked: bool) -> None:
        """Tick or clear the box without asking for the return to be shown afresh."""
        self.suppress_box.blockSignals(True)
        self.suppress_box.setChecked(checked)
        self.suppress_box.blockSignals(False)
