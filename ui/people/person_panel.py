"""The person panel beside the People list: who the selected person is, their
referrals, and their cases over time. The page fills it and answers its buttons."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.domain.dates import format_uk
from advocacy_desk.domain.vocabulary import ADVOCACY_TYPE, REFERRAL_STATUS
from advocacy_desk.records.casework import PersonCase
from advocacy_desk.records.citizen import PersonCitizen
from advocacy_desk.records.people import PersonRecord
from advocacy_desk.records.referrals import ReferralRecord
from ui.consent import ConsentBanner
from ui.people.texts import case_html, cases_total_text, citizen_text, escaped
from ui.widgets import theme

#: How many referral rows the panel shows before the list scrolls.
_REFERRAL_ROWS = 5

#: The person panel's width to begin with: its referrals table's five columns readable.
PANEL_WIDTH = 440
#: The narrowest the panel goes (its heading and buttons still whole).
PANEL_LEAST = 320


class PersonPanel(QWidget):
    """The selected person: who they are, their referrals, and their cases over time."""

    REFERRAL_COLUMNS = ("Reference", "Received", "Type", "Status", "Statutory")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.person: PersonRecord | None = None
        self.referrals: list[ReferralRecord] = []
        self.cases: list[PersonCase] = []
        self.citizen: PersonCitizen | None = None
        self.today: Callable[[], date] = date.today
        self._build_person()
        referrals_heading, buttons = self._build_referrals()
        cases_top = self._build_cases(referrals_heading.font())
        details = self._lay_out_details(referrals_heading, buttons, cases_top)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(details)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.stack)
        self.show_nobody("Choose a person in the list to see their details, referrals and cases.")

    def _build_person(self) -> None:
        """The placeholder shown with nobody chosen, and who the person is."""
        self.placeholder = QLabel()
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        theme.style(self.placeholder, theme.HINT + " padding: 24px;")

        self.name = QLabel()
        self.name.setObjectName("personName")
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        self.name.setWordWrap(True)
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.name.setFont(font)
        #: Shown while no consent to advocacy (or non-instructed reason) is recorded.
        self.consent_banner = ConsentBanner()
        self.consent_button = QPushButton("Consent…")
        self.consent_button.setObjectName("consentButton")
        self.consent_button.setToolTip(
            "Consent to advocacy and to sharing information, and who it may be shared with"
        )
        self.summary = QLabel()
        self.summary.setObjectName("personSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def _build_referrals(self) -> tuple[QLabel, QHBoxLayout]:
        """The referrals table, kept just tall enough for its rows; returns its heading
        and the row of its button."""
        referrals_heading = QLabel("Referrals")
        heading_font = referrals_heading.font()
        heading_font.setBold(True)
        referrals_heading.setFont(heading_font)
        self.referral_table = QTableWidget(0, len(self.REFERRAL_COLUMNS))
        self.referral_table.setAccessibleName("Referrals")
        self.referral_table.setHorizontalHeaderLabels(list(self.REFERRAL_COLUMNS))
        self.referral_table.verticalHeader().hide()
        self.referral_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.referral_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.referral_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.referral_table.setTabKeyNavigation(False)
        self.referral_table.setAlternatingRowColors(True)
        self.referral_table.setWordWrap(False)
        self.referral_table.verticalHeader().setDefaultSectionSize(
            self.referral_table.fontMetrics().height() + 10
        )
        header = self.referral_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.no_referrals = QLabel("No referrals yet. Record one with New referral… above.")
        self.no_referrals.setWordWrap(True)
        theme.style(self.no_referrals, theme.HINT)
        self.edit_referral_button = QPushButton("Edit referral…")
        self.edit_referral_button.setEnabled(False)
        self.referral_table.itemSelectionChanged.connect(self._selection_changed)
        # The sideways scroll bar comes and goes with the panel's width.
        self.referral_table.horizontalScrollBar().rangeChanged.connect(
            lambda _low, _high: self._fit_referrals()
        )
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.edit_referral_button)
        return referrals_heading, buttons

    def _build_cases(self, heading_font: QFont) -> QHBoxLayout:
        """The person's cases over time; returns the row of their heading and total."""
        cases_heading = QLabel("Cases")
        cases_heading.setFont(heading_font)
        self.cases_total = QLabel()
        self.cases_total.setObjectName("personCasesTotal")
        self.cases_total.setAccessibleName("Cases in all")
        theme.style(self.cases_total, theme.HINT)
        cases_top = QHBoxLayout()
        cases_top.addWidget(cases_heading)
        cases_top.addStretch(1)
        cases_top.addWidget(self.cases_total)
        self.case_list = QTextBrowser()
        self.case_list.setObjectName("personCases")
        self.case_list.setAccessibleName("Cases")
        self.case_list.setOpenLinks(False)
        self.case_list.setTabChangesFocus(True)
        self.no_cases = QLabel("No cases yet: a case opens when a referral is allocated.")
        self.no_cases.setWordWrap(True)
        theme.style(self.no_cases, theme.HINT)
        return cases_top

    def _lay_out_details(
        self, referrals_heading: QLabel, buttons: QHBoxLayout, cases_top: QHBoxLayout
    ) -> QWidget:
        """The person's page of the panel, top to bottom (and so in Tab order)."""
        details = QWidget()
        column = QVBoxLayout(details)
        column.setContentsMargins(0, 0, 0, 0)
        name_row = QHBoxLayout()
        name_row.addWidget(self.name, 1)
        name_row.addWidget(self.consent_button, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(name_row)
        column.addWidget(self.consent_banner)
        column.addWidget(self.summary)
        column.addSpacing(8)
        column.addWidget(referrals_heading)
        column.addWidget(self.referral_table)
        column.addWidget(self.no_referrals)
        column.addLayout(buttons)
        column.addSpacing(4)
        column.addLayout(cases_top)
        column.addWidget(self.case_list, 1)
        column.addWidget(self.no_cases)
        column.addStretch(0)
        return details

    def show_nobody(self, message: str) -> None:
        self.person = None
        self.referrals = []
        self.cases = []
        self.placeholder.setText(message)
        self.referral_table.setRowCount(0)
        self.case_list.clear()
        self.cases_total.clear()
        self.consent_banner.clear_banner()
        self.stack.setCurrentIndex(0)
        self.edit_referral_button.setEnabled(False)

    def show_person(
        self,
        person: PersonRecord,
        referrals: list[ReferralRecord],
        cases: list[PersonCase] | None = None,
        citizen: PersonCitizen | None = None,
    ) -> None:
        keep = self.selected_referral_id()
        self.person = person
        self.referrals = referrals
        self.cases = cases or []
        self.citizen = citizen
        details = person.details
        self.name.setText(person.full_name)
        lines = [
            ("Reference", person.person_ref),
            ("Date of birth", format_uk(details.date_of_birth) or "not known"),
            ("Postcode", details.postcode or "not known"),
            ("Local authority", details.local_authority or "not known"),
        ]
        citizen_line = citizen_text(citizen, self.today())
        if citizen_line:
            lines.append(("Citizen advocacy", citizen_line))
        hint = theme.hex_of("hint")
        self.summary.setText(
            "<table cellspacing='0' cellpadding='2'>"
            + "".join(
                f"<tr><td style='color:{hint}; padding-right:12px'>{escaped(k)}</td>"
                f"<td>{escaped(v)}</td></tr>"
                for k, v in lines
            )
            + "</table>"
        )
        table = self.referral_table
        table.setRowCount(len(referrals))
        for row, referral in enumerate(referrals):
            cells = (
                referral.referral_ref,
                format_uk(referral.details.received_on),
                ADVOCACY_TYPE.label(referral.details.advocacy_type),
                REFERRAL_STATUS.label(referral.status),
                "Yes" if referral.statutory else "No",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, referral.id)
                if column == 2:
                    item.setToolTip(text)
                table.setItem(row, column, item)
        table.setVisible(bool(referrals))
        self.no_referrals.setVisible(not referrals)
        self._fit_referrals()
        self._show_cases()
        self.stack.setCurrentIndex(1)
        if keep is not None:
            self.select_referral(keep)
        elif referrals:
            table.selectRow(0)
        self._selection_changed()

    def selected_referral_id(self) -> int | None:
        row = self.referral_table.currentRow()
        if not self.referral_table.selectedItems() or not 0 <= row < len(self.referrals):
            return None
        return self.referrals[row].id

    def select_referral(self, referral_id: int) -> None:
        for row, referral in enumerate(self.referrals):
            if referral.id == referral_id:
                self.referral_table.selectRow(row)
                return

    def _selection_changed(self) -> None:
        self.edit_referral_button.setEnabled(self.selected_referral_id() is not None)

    def _fit_referrals(self) -> None:
        """Make the referral list just tall enough for its rows (up to a few), so the
        cases below get the rest of the panel."""
        table = self.referral_table
        rows = min(max(table.rowCount(), 1), _REFERRAL_ROWS)
        height = (
            table.horizontalHeader().sizeHint().height()
            + rows * table.verticalHeader().defaultSectionSize()
            + 2 * table.frameWidth()
        )
        if table.rowCount() > _REFERRAL_ROWS:
            height += table.verticalHeader().defaultSectionSize() // 2  # a hint to scroll
        if table.horizontalScrollBar().maximum() > 0:  # too narrow: it scrolls sideways
            height += table.horizontalScrollBar().sizeHint().height()
        table.setFixedHeight(height)

    def _show_cases(self) -> None:
        cases = self.cases
        self.cases_total.setText(cases_total_text(cases) if cases else "")
        theme.set_html(self.case_list, "".join(case_html(case) for case in cases))
        self.case_list.setVisible(bool(cases))
        self.no_cases.setVisible(not cases)
