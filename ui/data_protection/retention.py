"""The retention page: how long records are kept, the records past that time, and for
each, anonymising it or keeping it (with a reason and a review date).

Every change goes through ``services.data_protection`` (which audits it); the list is
read again after each one. Dialogs run through :attr:`RetentionPage.run_modal`, which
tests replace.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
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
from advocacy_desk.domain.data_protection import MAX_RETENTION_YEARS, MIN_RETENTION_YEARS
from advocacy_desk.domain.dates import format_uk
from advocacy_desk.domain.errors import AdvocacyDeskError, ValidationError
from advocacy_desk.domain.numbers import plural
from advocacy_desk.records.data_protection import RetentionRow
from ui.bus import DataBus
from ui.data_protection.dialogs import AnonymiseDialog, KeepDialog
from ui.widgets import ErrorLabel, RunModal, run_modal, theme
from ui.widgets.views import heading, plain, read_only_table, table_text
from ui.widgets.watching import Watch

COLUMNS = ("Reference", "Name", "Involvement ended", "Years since", "Kept before because")

INTRO = (
    "Records are kept for a number of whole years after the person's involvement ended: "
    "their last case closed, a referral that never became a case was declined or "
    "withdrawn, or a citizen advocacy partnership ended. After that they are listed here "
    "to be anonymised, or kept for a reason until a review date. Nobody with a case open, "
    "a referral waiting or a partnership going is listed."
)

ENDED_WORDS = {
    "case closed": "case closed",
    "referral declined": "referral declined",
    "referral withdrawn": "referral withdrawn",
    "partnership ended": "partnership ended",
    "record made": "record made (nothing since)",
}


class RetentionPage(QWidget):
    """Retention: the period, the records due, and anonymising or keeping each."""

    #: What the records due are worked out from: the people, how their referrals, cases
    #: and partnerships ended, and the records kept on purpose.
    WATCHES = frozenset({"person", "retention_hold", "referral", "advocacy_case", "partnership"})

    def __init__(self, services: Services, bus: DataBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.bus = bus
        #: Shows a dialog modally and returns its result; tests replace it.
        self.run_modal: RunModal = run_modal
        self._rows: list[RetentionRow] = []
        self.setObjectName("retentionPage")

        self.years = QSpinBox()
        self.years.setObjectName("retentionYears")
        self.years.setAccessibleName("Retention period in years")
        self.years.setRange(MIN_RETENTION_YEARS, MAX_RETENTION_YEARS)
        self.years.setSuffix(" years")
        self.save_years_button = QPushButton("Save")
        self.save_years_button.setObjectName("saveRetentionYears")
        self.save_years_button.setAccessibleName("Save the retention period")
        self.save_years_button.clicked.connect(self.save_years)
        self.years_error = ErrorLabel("Retention period")
        self.years_status = QLabel()
        self.years_status.setObjectName("retentionYearsStatus")
        self.years_status.setHidden(True)
        period = QGroupBox("Retention period")
        theme.style(period, "QGroupBox { font-weight: bold; }")
        row = QHBoxLayout()
        caption = QLabel("Keep records for")
        caption.setBuddy(self.years)
        row.addWidget(caption)
        row.addWidget(self.years)
        row.addWidget(QLabel("after the person's involvement ended"))
        row.addWidget(self.save_years_button)
        row.addStretch(1)
        period_layout = QVBoxLayout(period)
        period_layout.addLayout(row)
        period_layout.addWidget(self.years_error)
        period_layout.addWidget(self.years_status)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("retentionDue")
        self.table.setAccessibleName("Records due for anonymising")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        read_only_table(self.table)
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.count_label = QLabel()
        self.count_label.setObjectName("retentionCount")
        self.anonymise_button = QPushButton("Anonymise…")
        self.anonymise_button.setObjectName("anonymiseButton")
        self.anonymise_button.setAccessibleName("Anonymise the chosen record")
        self.anonymise_button.setToolTip("Replace the chosen person's details for good")
        self.anonymise_button.clicked.connect(self.anonymise_selected)
        self.keep_button = QPushButton("Keep…")
        self.keep_button.setObjectName("keepButton")
        self.keep_button.setAccessibleName("Keep the chosen record")
        self.keep_button.setToolTip("Keep the chosen record past the period, for a reason")
        self.keep_button.clicked.connect(self.keep_selected)
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.setObjectName("retentionRefresh")
        self.refresh_button.clicked.connect(self.refresh)
        buttons = QHBoxLayout()
        buttons.addWidget(self.anonymise_button)
        buttons.addWidget(self.keep_button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        self.status = QLabel()
        self.status.setObjectName("retentionStatus")
        self.status.setWordWrap(True)
        self.status.setHidden(True)
        self.error = ErrorLabel("Records due")
        due = QGroupBox("Records due for anonymising")
        theme.style(due, "QGroupBox { font-weight: bold; }")
        due_layout = QVBoxLayout(due)
        due_layout.addWidget(self.count_label)
        due_layout.addWidget(self.table, 1)
        due_layout.addLayout(buttons)
        due_layout.addWidget(self.status)
        due_layout.addWidget(self.error)

        intro = plain(INTRO, hint=True)
        intro.setMaximumWidth(820)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Retention"))
        layout.addWidget(intro)
        layout.addWidget(period)
        layout.addWidget(due, 1)
        self.watch = Watch(bus, self, self.WATCHES, lambda _changes: self.refresh())
        self.refresh()

    # -- what it shows ----------------------------------------------------------------

    def refresh(self) -> None:
        """Read the period and the records due again."""
        self.watch.fresh()
        chosen = self.selected()
        self.error.set_message("")
        try:
            self.years.setValue(self.services.data_protection.retention_years())
            self._rows = self.services.data_protection.due()
        except AdvocacyDeskError as exc:
            self._rows = []
            self.error.set_message(f"Cannot show the records due: {exc}.")
        self.table.setRowCount(len(self._rows))
        for index, due in enumerate(self._rows):
            cells = (
                due.person_ref,
                due.name,
                f"{format_uk(due.last_closed_on)}, {ENDED_WORDS.get(due.ended_by, due.ended_by)}",
                str(due.years_since),
                _kept_text(due),
            )
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if column == 3:
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(index, column, cell)
            if chosen is not None and due.person_id == chosen.person_id:
                self.table.selectRow(index)
        today = format_uk(self.services.today())
        count = len(self._rows)
        self.count_label.setText(
            f"No records are past the retention period on {today}."
            if not count
            else f"{count} record{'s' if count != 1 else ''} past the retention period on {today}."
        )
        self._update_buttons()

    def rows(self) -> list[tuple[str, ...]]:
        """The table as shown, row by row (for tests and screen readers)."""
        return table_text(self.table)

    def selected(self) -> RetentionRow | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        if len(rows) != 1:
            return None
        row = rows.pop()
        return self._rows[row] if row < len(self._rows) else None

    def select(self, person_ref: str) -> bool:
        """Choose the row of ``person_ref``; whether it is listed."""
        for index, due in enumerate(self._rows):
            if due.person_ref == person_ref:
                self.table.selectRow(index)
                return True
        return False

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.anonymise_button.setEnabled(chosen)
        self.keep_button.setEnabled(chosen)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()  # records fall due with the days

    # -- changing it -------------------------------------------------------------------

    def save_years(self) -> bool:
        """Save the period shown (audited by the service); the list follows it."""
        self.years_error.set_message("")
        years = self.years.value()
        try:
            before = self.services.data_protection.retention_years()
            saved = self.services.data_protection.set_retention_years(years)
        except ValidationError as exc:
            self.years_error.set_message("\n".join(exc.errors.values()))
            return False
        except AdvocacyDeskError as exc:
            self.years_error.set_message(f"Not saved: {exc}.")
            return False
        self.years_status.setText(
            f"Records are kept for {plural(saved, 'year')}." if saved != before
            else f"Records are already kept for {plural(saved, 'year')}."
        )  # fmt: skip
        self.years_status.setHidden(False)
        self.refresh()
        return True

    def anonymise_selected(self) -> bool:
        """Ask for the reason and anonymise the chosen record; whether it was done."""
        chosen = self.selected()
        if chosen is None:
            return False
        dialog = AnonymiseDialog(
            self.services, chosen.person_id, label=f"{chosen.person_ref} {chosen.name}",
            parent=self,
        )  # fmt: skip
        if not self._run(dialog):
            return False
        self._say(f"{chosen.person_ref} was anonymised: the name, date of birth, postcode "
                  "and notes were replaced.")  # fmt: skip
        self.refresh()
        return True

    def keep_selected(self) -> bool:
        """Ask for the reason (and a review date) and keep the chosen record."""
        chosen = self.selected()
        if chosen is None:
            return False
        dialog = KeepDialog(
            self.services, chosen.person_id, label=f"{chosen.person_ref} {chosen.name}",
            held_reason=chosen.held_reason, parent=self,
        )  # fmt: skip
        if not self._run(dialog) or dialog.hold is None:
            return False
        until = (f"until {format_uk(dialog.hold.review_on)}" if dialog.hold.review_on
                 else "until someone decides otherwise")  # fmt: skip
        self._say(f"{chosen.person_ref} is kept {until}.")
        self.refresh()
        return True

    def _run(self, dialog: QDialog) -> bool:
        try:
            return self.run_modal(dialog) == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setHidden(not text)


def _kept_text(due: RetentionRow) -> str:
    if due.held_reason is None:
        return ""
    review = f" (review date {format_uk(due.review_on)})" if due.review_on else ""
    return f"{due.held_reason}{review}"
