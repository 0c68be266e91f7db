"""A case's reports, the "reports due" link, and the provider's logo in Settings.

:class:`ReportsPanel` lists a case's reports with buttons to write, change, mark sent
and save one as Word or PDF. :class:`ReportsDueLink` is a link-style line ("2 reports
due in the next 7 days (1 overdue)"), hidden while none are due. :class:`LogoSetting`
chooses or removes the logo printed on every report's first page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.app import Services
from advocacy_desk.domain.changes import Changes
from advocacy_desk.domain.dates import format_uk
from advocacy_desk.domain.errors import AdvocacyDeskError
from advocacy_desk.domain.file_names import safe_stem
from advocacy_desk.domain.numbers import plural
from advocacy_desk.domain.permissions import Permission
from advocacy_desk.domain.vocabulary import REPORT_KIND, UnknownCode
from advocacy_desk.records.reports import DueReport, ReportCase, ReportRecord
from ui.bus import DataBus
from ui.reports.dialogs import MarkSentDialog, ReportDialog
from ui.widgets import RunModal, run_modal, theme
from ui.widgets.form import ErrorLabel
from ui.widgets.views import heading, plain, read_only_table
from ui.widgets.watching import Watch

#: (title, suggested path, file pattern) -> the path chosen, or None.
ChooseFile = Callable[[str, Path, str], Path | None]
#: () -> a picture file chosen, or None.
ChooseLogo = Callable[[], Path | None]

#: The link counts reports due within this many days (and overdue ones).
DUE_DAYS = 7
FORMATS = {"docx": ("Word document", "Word documents (*.docx)"),
           "pdf": ("PDF", "PDF files (*.pdf)")}  # fmt: skip
COLUMNS = ("No.", "Kind", "About", "Due", "Status")


def kind_label(code: str) -> str:
    try:
        return REPORT_KIND.label(code)
    except UnknownCode:
        return code


def status_text(report: ReportRecord, today: date) -> str:
    """ "Draft", "Draft, overdue", "Sent 21/11/2026 to Sam Jones", "..., changed since"."""
    last = report.last_sent
    if last is None:
        late = report.due_on is not None and report.due_on < today
        return "Draft, overdue" if late else "Draft"
    text = f"Sent {format_uk(last.sent_on)} to {last.sent_to}"
    return f"{text}; changed since" if report.changed_since_sent else text


def suggested_name(report: ReportRecord, fmt: str, today: date) -> str:
    """The case reference (made safe for a file name), report number and date: never
    the person's name."""
    return f"{safe_stem(report.case_ref)}-report-{report.number}-{today.isoformat()}.{fmt}"


def due_text(rows: list[DueReport], days: int = DUE_DAYS) -> str:
    """ "2 reports due in the next 7 days (1 overdue)"; empty when none are due."""
    if not rows:
        return ""
    overdue = sum(r.overdue for r in rows)
    late = f" ({overdue} overdue)" if overdue else ""
    return f"{plural(len(rows), 'report')} due in the next {plural(days, 'day')}{late}"


class ReportsPanel(QWidget):
    """The reports of the case on show (``show_case``)."""

    #: Its reports, and the case they belong to.
    WATCHES = frozenset({"advocate_report", "report_sending", "advocacy_case"})

    def __init__(self, services: Services, bus: DataBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.bus = bus
        self.run_modal: RunModal = run_modal
        self.choose_file: ChooseFile = self._ask_for_file
        self.case: ReportCase | None = None
        self.reports: list[ReportRecord] = []
        #: The folder of the last save, offered for the next one.
        self.folder: Path | None = None

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setAccessibleName("Reports")
        read_only_table(self.table)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.edit_report())
        self.empty = plain("No reports on this case yet.", hint=True)

        self.new_button = self._button("New report…", "newReport", self.new_report)
        self.edit_button = self._button("Edit…", "editReport", self.edit_report)
        self.sent_button = self._button("Mark sent…", "markSent", self.mark_sent)
        self.word_button = self._button("Save as Word…", "saveWord", lambda: self.save_as("docx"))
        self.pdf_button = self._button("Save as PDF…", "savePdf", lambda: self.save_as("pdf"))
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.sent_button, self.word_button,
                       self.pdf_button):  # fmt: skip
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.message = QLabel()
        self.message.setObjectName("reportsMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading("Reports", 1.1))
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        self.watch = Watch(bus, self, self.WATCHES, lambda _changes: self.refresh())
        self._update_buttons()

    def _button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda: slot())
        return button

    # -- what is shown ----------------------------------------------------------------

    def show_case(self, case_id: int) -> None:
        self.watch.fresh()
        self.message.hide()
        try:
            self.case = self.services.reports.case_info(case_id)
            self.reports = self.services.reports.for_case(case_id)
        except AdvocacyDeskError as exc:
            self.case, self.reports = None, []
            self._tell(str(exc), error=True)
        self._fill()

    def refresh(self) -> None:
        if self.case is not None:
            keep = self.selected()
            self.show_case(self.case.case_id)
            if keep is not None:
                self.select(keep.number)

    def _fill(self) -> None:
        today = self.services.today()
        self.table.setRowCount(len(self.reports))
        for row, report in enumerate(self.reports):
            due = format_uk(report.due_on)
            values = (str(report.number), kind_label(report.kind), report.about, due,
                      status_text(report, today))  # fmt: skip
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.setVisible(bool(self.reports))
        self.empty.setVisible(not self.reports)
        if self.reports:
            self.table.selectRow(len(self.reports) - 1)
        self._update_buttons()

    def selected(self) -> ReportRecord | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or not self.reports:
            return None
        index = rows[0].row()
        return self.reports[index] if 0 <= index < len(self.reports) else None

    def select(self, number: int) -> None:
        for row, report in enumerate(self.reports):
            if report.number == number:
                self.table.selectRow(row)

    def _update_buttons(self) -> None:
        case = self.case
        writable = case is not None and case.may_change
        chosen = self.selected() is not None
        self.new_button.setEnabled(writable and case is not None and case.is_open)
        self.edit_button.setEnabled(writable and chosen and case is not None and case.is_open)
        self.sent_button.setEnabled(writable and chosen)
        self.word_button.setEnabled(chosen)
        self.pdf_button.setEnabled(chosen)
        if case is not None and not case.is_open:
            self.new_button.setToolTip("The case is closed: reopen it to write reports")
        else:
            self.new_button.setToolTip("")

    # -- what the user does -------------------------------------------------------------

    def new_report(self) -> bool:
        if self.case is None:
            return False
        dialog = ReportDialog(self.services, self.case, parent=self)
        if not self._run(dialog) or dialog.report is None:
            return False
        self.refresh()
        self.select(dialog.report.number)
        self._tell(f"Report {dialog.report.number} saved as a draft.")
        return True

    def edit_report(self) -> bool:
        report = self.selected()
        if self.case is None or report is None or not self.edit_button.isEnabled():
            return False
        dialog = ReportDialog(self.services, self.case, report, parent=self)
        if not self._run(dialog):
            return False
        self.refresh()
        self._tell(f"Report {report.number} saved.")
        return True

    def mark_sent(self) -> bool:
        report = self.selected()
        if report is None or not self.sent_button.isEnabled():
            return False
        dialog = MarkSentDialog(self.services, report, parent=self)
        if not self._run(dialog):
            return False
        self.refresh()
        last = dialog.report.last_sent
        to = f" to {last.sent_to}" if last is not None else ""
        self._tell(f"Report {report.number} marked sent{to}.")
        return True

    def save_as(self, fmt: str) -> Path | None:
        """Save the chosen report as "docx" or "pdf" where the user says."""
        report = self.selected()
        if report is None:
            return None
        name, pattern = FORMATS[fmt]
        folder = self.folder or Path.home()
        chosen = self.choose_file(
            f"Save report {report.number} on {report.case_ref} as a {name}",
            folder / suggested_name(report, fmt, self.services.today()),
            pattern,
        )
        if chosen is None or not str(chosen):
            return None
        path = (
            chosen
            if chosen.suffix.lower() == f".{fmt}"
            else chosen.with_name(f"{chosen.name}.{fmt}")
        )
        try:
            saved = self.services.reports.export(report.id, path)
        except AdvocacyDeskError as exc:
            self._tell(f"Not saved: {exc}.", error=True)
            return None
        self.folder = saved.parent
        self._tell(f"Report {report.number} saved as {saved}.")
        return saved

    # -- inside -----------------------------------------------------------------------

    def _tell(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        theme.style(self.message, theme.ERROR if error else theme.SUCCESS)
        self.message.show()

    def _run(self, dialog: QDialog) -> bool:
        try:
            return self.run_modal(dialog) == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()

    def _ask_for_file(self, title: str, suggested: Path, pattern: str) -> Path | None:
        chosen, _filter = QFileDialog.getSaveFileName(self, title, str(suggested), pattern)
        return Path(chosen) if chosen else None


class ReportsDueLink(QPushButton):
    """ "2 reports due in the next 7 days (1 overdue)", hidden while none are due: the
    user's own (everyone's, for a manager with no caseload). ``clicked`` is for the
    window to open the caseload."""

    def __init__(self, services: Services, bus: DataBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.rows: list[DueReport] = []
        self.setObjectName("reportsDue")
        self.setAccessibleName("Reports due")
        self.setToolTip("Open Casework to see these reports")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFlat(True)
        # Hidden while none are due, so it cannot wait to be shown: it reads at once.
        bus.changed.connect(self._changed)
        self.refresh()

    def _changed(self, changes: Changes) -> None:
        if changes.touches(*ReportsPanel.WATCHES):
            self.refresh()

    def refresh(self) -> None:
        access = self.services.access
        if not access.can(Permission.CASEWORK_ALL, Permission.CASEWORK_READ,
                          Permission.CASEWORK_OWN):  # fmt: skip
            self.rows = []
        else:
            try:
                advocate_id = self.services.casework.my_advocate_id()
                self.rows = self.services.reports.due(DUE_DAYS, advocate_id)
            except AdvocacyDeskError:
                self.rows = []
        self.setText(due_text(self.rows))
        colour = "error" if any(r.overdue for r in self.rows) else "link"
        theme.style(self, theme.link_button(colour, right=True))
        self.setVisible(bool(self.rows))


class LogoSetting(QWidget):
    """The provider's logo, for Settings: choose a PNG or JPEG (up to 1 MB), or remove it."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.choose_file: ChooseLogo = self._ask_for_logo
        self.preview = QLabel()
        self.preview.setObjectName("logoPreview")
        self.preview.setAccessibleName("The provider's logo")
        self.preview.setMinimumSize(240, 84)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.choose_button = QPushButton("Choose logo…")
        self.choose_button.setObjectName("chooseLogo")
        self.choose_button.clicked.connect(lambda: self.choose())
        self.remove_button = QPushButton("Remove logo")
        self.remove_button.setObjectName("removeLogo")
        self.remove_button.clicked.connect(lambda: self.remove())
        self.error = ErrorLabel("Logo")
        may = services.access.can(Permission.SETTINGS)
        self.choose_button.setEnabled(may)

        buttons = QHBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading("Logo on reports", 1.0))
        layout.addWidget(plain(
            "Printed with the provider's name at the top of the first page of every "
            "report saved as Word or PDF. A PNG or JPEG of at most 1 MB.",
            hint=True,
        ))  # fmt: skip
        layout.addWidget(self.preview)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        self.show_logo()

    def show_logo(self) -> None:
        try:
            data = self.services.reports.logo()
        except AdvocacyDeskError:
            data = None
        pixmap = QPixmap()
        if data and pixmap.loadFromData(data):
            self.preview.setPixmap(
                pixmap.scaled(240, 80, Qt.AspectRatioMode.KeepAspectRatio,
                              Qt.TransformationMode.SmoothTransformation)
            )  # fmt: skip
        else:
            self.preview.clear()
            self.preview.setText("No logo: reports show the provider's name only.")
        self.has_logo = bool(data)
        self.remove_button.setEnabled(self.has_logo and self.choose_button.isEnabled())

    def choose(self) -> bool:
        path = self.choose_file()
        if path is None:
            return False
        return self._set(path)

    def remove(self) -> bool:
        return self._set(None)

    def _set(self, path: Path | None) -> bool:
        self.error.set_message("")
        try:
            self.services.reports.set_logo(path)
        except AdvocacyDeskError as exc:
            errors = getattr(exc, "errors", {})
            self.error.set_message(errors.get("logo") or f"Not saved: {exc}.")
            return False
        self.show_logo()
        return True

    def _ask_for_logo(self) -> Path | None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Choose the provider's logo", str(Path.home()),
            "Pictures (*.png *.jpg *.jpeg)",
        )  # fmt: skip
        return Path(chosen) if chosen else None
