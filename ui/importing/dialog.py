"""The import dialog: choose spreadsheets, see what they hold, check them, import them.

Choosing files shows at once what each holds (its kind, columns and first rows, in the
order they will load) and any problem with the files themselves. "Check (dry run)"
reads every row and writes nothing; "Import" checks first when the files have not been
checked since they were chosen, asks before importing people who look like someone
already recorded, then writes everything in one go, or nothing. Both run on a pool
thread with a progress bar and a Cancel button; closing the dialog during a run
cancels it and closes once the run has stopped, so no thread is ever left writing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.app import Services
from advocacy_desk.domain.errors import AdvocacyDeskError
from advocacy_desk.importing.report import ImportReport, Problem
from advocacy_desk.importing.schema import KINDS
from ui import tasks
from ui.widgets import theme
from ui.widgets.modal import ask_yes_no
from ui.widgets.screen import FittedDialog
from ui.widgets.views import heading, plain, read_only_table

if TYPE_CHECKING:
    from advocacy_desk.importing.run import ImportPreview, SheetPreview

#: Rows of each file shown before anything is checked.
PREVIEW_ROWS = 8
FILE_FILTER = "Spreadsheets (*.csv *.xlsx)"
REPORT_NAME = "import-report.csv"
RESULT_COLUMNS = ("Kind", "File", "Row", "Column", "Value", "Problem")
#: The progress bar's steps (a fraction of 1 shows as this many).
PROGRESS_STEPS = 1000
#: Results rows are grown to fit their wrapped text up to this many rows.
FIT_ROWS = 500
ROW_PADDING = 6
#: The widest a preview column starts, in pixels (drag it wider to read more).
PREVIEW_COLUMN_WIDTH = 220

HINT = (
    "Choose CSV files named after the kind of record each holds (people.csv, "
    "referrals.csv…), or one Excel workbook with a sheet for each kind: "
    + ", ".join(kind.name for kind in KINDS)
    + ". They load in the order listed below. Blank templates, with notes on every "
    "column: File > Import > Save blank templates."
)
CHOOSE_FIRST = "Choose the spreadsheets to import: nothing is written until you choose Import."
READY = (
    "Ready. Check (dry run) reads every row and writes nothing. Import checks the rows "
    "again, then writes them all, or nothing if any row has a problem."
)

NOTICE_STYLE = theme.notice("success")
WARNING_STYLE = theme.notice("warning")
ERROR_STYLE = theme.notice("error")

#: Asks which files to import; an empty list if the user cancelled.
ChooseFiles = Callable[[], list[Path]]
#: Asks where to save the report, given a suggested path; None if the user cancelled.
ChooseReportFile = Callable[[Path], Path | None]
#: Asks a yes-or-no question: (title, question) -> whether the answer was Yes.
Confirm = Callable[[str, str], bool]


def rows_shown(count: int) -> str:
    if count == 0:
        return "no rows"
    return "1 row shown" if count == 1 else f"{count:,} rows shown"


def sheet_label(sheet: SheetPreview) -> str:
    """ "people.csv — people, 2 rows shown"."""
    return f"{sheet.where} — {sheet.kind}, {rows_shown(len(sheet.rows))}"


def likely_duplicates(report: ImportReport) -> list[Problem]:
    """The warnings that are about new people like someone already recorded (the other
    warnings are about the files, such as a workbook sheet not read)."""
    return [w for w in report.warnings if w.row is not None and w.column == "person_ref"]


def duplicates_question(count: int) -> str:
    if count == 1:
        return (
            "1 person looks like someone already recorded. Import them as a separate "
            "person? You can merge them by hand later."
        )
    return (
        f"{count:,} people look like someone already recorded. Import them as separate "
        "people? You can merge them by hand later."
    )


def _item(text: str, colour: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if text:
        item.setToolTip(text)
    if colour:
        theme.paint(item, colour)
    return item


class ImportDialog(FittedDialog):
    """File > Import > Import from spreadsheets."""

    #: A real import wrote to the database: every view should read its data again.
    imported = Signal()
    #: What the user asked for (a check, or an import with the check before it) has
    #: ended, however it ended: the outcome is in :attr:`report`.
    run_finished = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        #: Ask for files, a report file and a yes or no: tests replace them.
        self.choose_files: ChooseFiles = self._ask_for_files
        self.choose_report_file: ChooseReportFile = self._ask_for_report_file
        self.confirm: Confirm = self._ask
        #: The files chosen, as chosen.
        self.paths: list[Path] = []
        #: What the files hold, before anything is checked.
        self.previewed: ImportPreview | None = None
        #: The last check or import (what the results show), if any since files were chosen.
        self.report: ImportReport | None = None
        #: A check without problems since the files were chosen: an Import goes by it.
        self._checked: ImportReport | None = None
        #: The files were imported: Import waits for files to be chosen again.
        self._done = False
        #: "check" or "import" while a run is under way.
        self._running = ""
        #: The check running is the first step of an Import.
        self._then_import = False
        self._close_when_stopped = False
        #: The run under way (its Cancel is the task's).
        self._task: tasks.Task[ImportReport] | None = None
        self._folder: Path | None = None

        self.setWindowTitle("Import from spreadsheets")
        self.setSizeGripEnabled(True)
        self._build()
        self.resize(900, 640)
        self._show_sheets()
        self._show_problems([], [])
        self._set_summary("")
        self._tell(CHOOSE_FIRST)
        self._update_state()

    # -- building -------------------------------------------------------------------------

    def _build(self) -> None:
        top = self._top()
        files = self._files()
        actions = self._actions()
        results = self._results(actions)
        parts = QSplitter(Qt.Orientation.Vertical)
        parts.setChildrenCollapsible(False)
        parts.addWidget(files)
        parts.addWidget(results)
        parts.setSizes([300, 260])

        bottom = self._bottom()

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(parts, 1)
        layout.addLayout(bottom)

    def _top(self) -> QHBoxLayout:
        """Choose files, the files chosen, and (below) which files to choose."""
        self.choose_button = QPushButton("Choose files…")
        self.choose_button.setAccessibleName("Choose files to import")
        self.choose_button.setToolTip("Choose CSV files or one Excel workbook")
        self.choose_button.clicked.connect(self.choose)
        self.files_label = plain("No files chosen yet.")
        self.files_label.setAccessibleName("Files chosen")
        top = QHBoxLayout()
        top.addWidget(self.choose_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.files_label, 1)
        self.hint = plain(HINT, hint=True)
        self.hint.setAccessibleName("Which files to choose")
        return top

    def _files(self) -> QSplitter:
        """The files and sheets found, in load order, beside the first rows of the one chosen."""
        self.sheet_list = QListWidget()
        self.sheet_list.setAccessibleName("Files and sheets found, in the order they load")
        self.sheet_list.currentRowChanged.connect(self._show_rows)
        self.preview_caption = plain("")
        self.preview_table = QTableWidget()
        self.preview_table.setAccessibleName("First rows of the file chosen")
        read_only_table(self.preview_table)
        self.preview_table.verticalHeader().show()  # the spreadsheet's own row numbers
        self.preview_table.horizontalHeader().setStretchLastSection(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(heading("Found, in load order", 1.0))
        left_layout.addWidget(self.sheet_list)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.preview_caption)
        right_layout.addWidget(self.preview_table)
        files = QSplitter(Qt.Orientation.Horizontal)
        files.setChildrenCollapsible(False)
        files.addWidget(left)
        files.addWidget(right)
        files.setStretchFactor(1, 1)
        files.setSizes([280, 600])
        return files

    def _actions(self) -> QHBoxLayout:
        """Check, Import, the progress and Cancel."""
        self.check_button = QPushButton("Check (dry run)")
        self.check_button.setAccessibleName("Check every row without writing anything")
        self.check_button.setToolTip("Read every row and report problems; nothing is written")
        self.check_button.clicked.connect(self.check)
        self.import_button = QPushButton("Import")
        self.import_button.setAccessibleName("Import the files")
        self.import_button.setToolTip(
            "Write every row to the database, or nothing if any row has a problem"
        )
        self.import_button.clicked.connect(self.import_files)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress")
        self.progress.setRange(0, PROGRESS_STEPS)
        self.progress.setMaximumWidth(220)
        self.progress_label = plain("")
        self.progress_label.setAccessibleName("What is happening")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel the run")
        self.cancel_button.setToolTip("Stop: nothing is written")
        self.cancel_button.clicked.connect(self.cancel)
        actions = QHBoxLayout()
        actions.addWidget(self.check_button)
        actions.addWidget(self.import_button)
        actions.addSpacing(12)
        actions.addWidget(self.progress)
        actions.addWidget(self.progress_label, 1)
        actions.addWidget(self.cancel_button)
        actions.addStretch(0)  # keeps the buttons their own size while nothing runs
        return actions

    def _results(self, actions: QHBoxLayout) -> QWidget:
        """The actions above the message, the summary and the problems found."""
        self.message = plain("")
        self.message.setAccessibleName("Message")
        self.summary = plain("")
        self.summary.setAccessibleName("Summary")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.results = QTableWidget(0, len(RESULT_COLUMNS))
        self.results.setAccessibleName("Problems and things to check")
        self.results.setHorizontalHeaderLabels(RESULT_COLUMNS)
        read_only_table(self.results)
        self.results.setWordWrap(True)  # a problem says what to do: all of it shows
        header = self.results.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in enumerate((70, 130, 50, 120, 110)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.results.setColumnWidth(column, width)
        # Rows grow to fit their wrapped text, measured again (once) after a resize.
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(50)
        self._fit_timer.timeout.connect(self._fit_rows)
        header.sectionResized.connect(lambda *_args: self._fit_timer.start())
        results = QWidget()
        results_layout = QVBoxLayout(results)
        results_layout.setContentsMargins(0, 0, 0, 0)
        results_layout.addLayout(actions)
        results_layout.addWidget(self.message)
        results_layout.addWidget(self.summary)
        results_layout.addWidget(self.results, 1)
        return results

    def _bottom(self) -> QHBoxLayout:
        """Save report and Close; Enter presses none of the dialog's buttons."""
        self.save_button = QPushButton("Save report…")
        self.save_button.setAccessibleName("Save the problems as a CSV file")
        self.save_button.setToolTip("Save the problems and things to check, to correct them")
        self.save_button.clicked.connect(self.save_report)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setAccessibleName("Close")
        bottom = QHBoxLayout()
        bottom.addWidget(self.save_button)
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        # Enter never starts an import by accident: only a click or Space does.
        for button in (
            self.choose_button,
            self.check_button,
            self.import_button,
            self.cancel_button,
            self.save_button,
            self.close_button,
        ):
            button.setAutoDefault(False)
            button.setDefault(False)
        return bottom

    # -- what the user does ---------------------------------------------------------------

    @property
    def running(self) -> bool:
        """A check or an import is under way."""
        return bool(self._running)

    def choose(self) -> None:
        """Ask for the files (through :attr:`choose_files`) and show what they hold."""
        if self.running:
            return
        paths = self.choose_files()
        if paths:
            self.set_files(paths)

    def set_files(self, paths: Sequence[Path | str]) -> None:
        """Take ``paths`` as the files to import: show each file's kind and first rows,
        in load order, and any problem with the files themselves."""
        if self.running:
            return
        self.paths = [Path(p) for p in paths]
        self.previewed = None
        self.report = None
        self._checked = None
        self._done = False
        if self.paths:
            self._folder = self.paths[0].parent
        names = ", ".join(p.name for p in self.paths)
        count = len(self.paths)
        self.files_label.setText(
            f"{count:,} {'file' if count == 1 else 'files'} chosen: {names}"
            if count
            else "No files chosen yet."
        )
        self._set_summary("")
        problems: list[Problem] = []
        warnings: list[Problem] = []
        if self.paths:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                self.previewed = self.services.imports.preview(self.paths, PREVIEW_ROWS)
            except Exception as exc:  # a bug or an odd file: say so rather than crash
                self._tell(
                    f"Could not read the files ({exc}). Check they are CSV files or an Excel "
                    "workbook, saved and closed, then choose them again.",
                    ERROR_STYLE,
                )
            finally:
                QGuiApplication.restoreOverrideCursor()
        found = self.previewed
        if found is not None:
            problems, warnings = list(found.problems), list(found.warnings)
            if problems:
                count = len(problems)
                self._tell(
                    f"{count:,} {'problem' if count == 1 else 'problems'} with the files "
                    "themselves (listed below): nothing can be checked or imported until "
                    "they are put right. Correct them, then choose the files again.",
                    ERROR_STYLE,
                )
            elif not found.sheets:
                self._tell(
                    "Those files hold nothing to import: choose CSV files or a workbook "
                    "named after the kinds of record (see above).",
                    ERROR_STYLE,
                )
            elif warnings:
                self._tell(f"{READY} First look at the things to check below.", WARNING_STYLE)
            else:
                self._tell(READY)
        elif not self.paths:
            self._tell(CHOOSE_FIRST)
        self._show_sheets()
        self._show_problems(problems, warnings)
        self._update_state()

    def check(self) -> bool:
        """Check every row on a pool thread, writing nothing; False if none was started."""
        if not self._can_run():
            return False
        return self._start(dry_run=True)

    def import_files(self) -> bool:
        """Import the files: check them first unless they were checked (cleanly) since
        they were chosen, and ask before importing likely duplicate people. False if
        nothing was started."""
        if not self._can_run() or self._done:
            return False
        checked = self._checked
        if checked is None:
            return self._start(dry_run=True, then_import=True)
        return self._import_after(checked)

    def cancel(self) -> None:
        """Stop the run under way: it ends having written nothing."""
        if not self.running:
            return
        if self._task is not None:
            self._task.cancel()
        self.cancel_button.setEnabled(False)
        self.progress_label.setText("Stopping… nothing will be written.")

    def save_report(self) -> Path | None:
        """Save the problems and things to check as CSV where the user chooses."""
        report = self._report_to_save()
        if report is None:
            return None
        chosen = self.choose_report_file((self._folder or Path.home()) / REPORT_NAME)
        if chosen is None or not str(chosen):
            return None
        path = Path(chosen)
        if path.suffix.casefold() != ".csv":
            path = path.with_name(f"{path.name}.csv")
        try:
            report.save_csv(path)
            self.services.imports.record_report_saved(path.name)
        except (OSError, AdvocacyDeskError) as exc:
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self._tell(
                f"Could not save the report to {path}: {why}. Choose a folder "
                "you can save files in and try again.",
                ERROR_STYLE,
            )
            return None
        self._tell(f"Saved the report to {path}. Open it in a spreadsheet to work through it.")
        return path

    def done(self, result: int) -> None:
        # Closing during a run stops it first: the dialog closes once the thread has
        # finished (having written nothing), so nothing is ever left writing.
        if self.running:
            self._close_when_stopped = True
            self.cancel()
            self._tell(
                "Stopping the run: the window closes once it has stopped. Nothing will be written.",
                WARNING_STYLE,
            )
            return
        super().done(result)

    # -- inside: running ------------------------------------------------------------------

    def _can_run(self) -> bool:
        found = self.previewed
        return not self.running and found is not None and bool(found.sheets) and not found.problems

    def _import_after(self, checked: ImportReport) -> bool:
        alike = likely_duplicates(checked)
        if alike and not self.confirm("Import likely duplicates?", duplicates_question(len(alike))):
            self._tell(
                "Nothing was imported. The people who look like someone already recorded are "
                'listed below as "Check": correct the files, or choose Import again to import '
                "them as separate people.",
                WARNING_STYLE,
            )
            self.run_finished.emit()
            return False
        return self._start(dry_run=False)

    def _start(self, *, dry_run: bool, then_import: bool = False) -> bool:
        paths = list(self.paths)
        imports = self.services.imports

        def job(progress: tasks.Reporter) -> ImportReport:
            # The import stops by itself when cancelled, and says so in its report (and
            # its audit trail): its progress reports never stop it half-way.
            return imports.run(
                paths, dry_run=dry_run, progress=progress.tell, cancelled=progress.is_cancelled
            )

        self._task = tasks.run(
            job,
            owner=self,
            on_done=self._finished,
            on_failed=self._failed,
            on_progress=self._progress,
            # Cancelled before it began: it read nothing, and says so as a run would.
            on_cancelled=lambda: self._finished(ImportReport(dry_run=dry_run, cancelled=True)),
        )
        self._running = "check" if dry_run else "import"
        self._then_import = then_import
        self.progress.setRange(0, 0)  # busy until the first rows are counted
        self.progress_label.setText(
            "Checking: reading the files…" if dry_run else "Importing: reading the files…"
        )
        self._tell("")
        self._set_summary("")
        found = self.previewed
        self._show_problems([], found.warnings if found is not None else [])
        self._update_state()
        return True

    def _progress(self, message: str, fraction: float) -> None:
        if not self.running:
            return
        self.progress.setRange(0, PROGRESS_STEPS)
        self.progress.setValue(round(max(0.0, min(fraction, 1.0)) * PROGRESS_STEPS))
        if self._task is not None and self._task.cancel_requested:
            return  # keep saying it is stopping
        self.progress_label.setText(f"{message}…")
        if fraction >= 1.0:  # committing: too late to stop
            self.cancel_button.setEnabled(False)

    def _finished(self, report: ImportReport) -> None:
        if not self.running:
            return
        then_import = self._then_import and report.ok
        self._stopped()
        self.report = report
        if report.dry_run:
            self._checked = report if report.ok else None
        self._show_report(report)
        if report.written:
            self._done = True
            self._tell(
                "Imported. Every section now shows the imported records. To import more, "
                "choose the files again.",
            )
            self.imported.emit()
        elif report.ok and report.dry_run and not then_import:
            self._tell(
                "No problems found. Look at the things to check below, then choose Import to "
                "make these changes."
                if report.warnings
                else "No problems found: choose Import to make these changes."
            )
        self._update_state()
        if self._close_when_stopped:
            self._close_when_stopped = False
            if report.written:  # too late to stop: say what happened before closing
                self._tell(
                    "The import had already been saved when you closed the window: it is "
                    "complete, as the summary says. Close the window again when you have read it.",
                    WARNING_STYLE,
                )
                self.run_finished.emit()
                return
            self.run_finished.emit()
            super().done(QDialog.DialogCode.Rejected.value)
            return
        if then_import:
            self._import_after(report)
            return
        self.run_finished.emit()

    def _failed(self, message: str) -> None:
        if not self.running:
            return
        what = "check" if self._running == "check" else "import"
        self._stopped()
        self._tell(
            f"Could not {what} the files: {message}. Nothing was written. Try again; if it "
            "happens again, save the report of a check and ask for help.",
            ERROR_STYLE,
        )
        self._update_state()
        self.run_finished.emit()
        if self._close_when_stopped:
            self._close_when_stopped = False
            super().done(QDialog.DialogCode.Rejected.value)

    def _stopped(self) -> None:
        self._running = ""
        self._then_import = False
        self.progress.setRange(0, PROGRESS_STEPS)
        self.progress.setValue(0)
        self.progress_label.setText("")

    # -- inside: showing ------------------------------------------------------------------

    def _show_sheets(self) -> None:
        found = self.previewed
        sheets = found.sheets if found is not None else ()
        self.sheet_list.clear()
        for sheet in sheets:
            item = QListWidgetItem(sheet_label(sheet))
            item.setToolTip(", ".join(sheet.columns))
            self.sheet_list.addItem(item)
        if sheets:
            self.sheet_list.setCurrentRow(0)
        else:
            self._show_rows(-1)

    def _show_rows(self, index: int) -> None:
        found = self.previewed
        table = self.preview_table
        table.clear()
        if found is None or not 0 <= index < len(found.sheets):
            table.setRowCount(0)
            table.setColumnCount(0)
            self.preview_caption.setText(
                "The first rows of each file show here once files are chosen."
                if not self.paths
                else "No file to show."
            )
            return
        sheet = found.sheets[index]
        self.preview_caption.setText(
            f"The first rows of {sheet.where}, as read (row numbers as the spreadsheet shows them):"
            if sheet.rows
            else f"{sheet.where} has no rows below its header."
        )
        table.setColumnCount(len(sheet.columns))
        table.setHorizontalHeaderLabels(sheet.columns)
        table.setRowCount(len(sheet.rows))
        table.setVerticalHeaderLabels([str(number) for number, _cells in sheet.rows])
        for row, (_number, cells) in enumerate(sheet.rows):
            for column, text in enumerate(cells):
                table.setItem(row, column, _item(text))
        table.resizeColumnsToContents()
        for column in range(table.columnCount()):
            table.setColumnWidth(column, min(table.columnWidth(column), PREVIEW_COLUMN_WIDTH))

    def _show_report(self, report: ImportReport) -> None:
        summary = report.summary()
        if report.cancelled:
            what = "Check" if report.dry_run else "Import"
            summary = (
                f"{what} cancelled: nothing was written. Choose Check or Import to start again."
            )
        self._set_summary(summary)
        colour = (
            theme.ERROR if report.problems else theme.CAUTION if report.cancelled else theme.SUCCESS
        )
        theme.style(self.summary, colour)
        self._show_problems(report.problems, report.warnings, report.more_problems)

    def _show_problems(
        self, problems: Sequence[Problem], warnings: Sequence[Problem], more: int = 0
    ) -> None:
        table = self.results
        table.clearContents()
        rows: list[tuple[str, str, Problem | None]] = [
            *(("Problem", "table_error", p) for p in problems),
            *(("Check", "table_warning", w) for w in warnings),
        ]
        if more:
            rows.append(("Problem", "table_error", None))
        table.setRowCount(len(rows))
        for row, (kind, colour, found) in enumerate(rows):
            table.setItem(row, 0, _item(kind, colour))
            if found is None:
                table.setItem(
                    row, 5, _item(f"and {more:,} more problems, not listed: correct these first")
                )
                continue
            number = "" if found.row is None else str(found.row)
            for column, text in enumerate(
                (found.where, number, found.column, found.value, found.message), start=1
            ):
                table.setItem(row, column, _item(text))
        if rows:
            table.scrollToTop()
        self._fit_rows()

    def _fit_rows(self) -> None:
        """Rows as tall as their wrapped text; a very long list keeps one line a row (every
        word is in its tooltip and the saved report)."""
        table = self.results
        if table.rowCount() > FIT_ROWS:
            return
        table.resizeRowsToContents()
        for row in range(table.rowCount()):
            table.setRowHeight(row, table.rowHeight(row) + ROW_PADDING)

    def _report_to_save(self) -> ImportReport | None:
        """What Save report saves: the last run's report, or the files' own problems."""
        report = self.report
        if report is None and self.previewed is not None:
            report = ImportReport(
                problems=list(self.previewed.problems), warnings=list(self.previewed.warnings)
            )
        if report is None or not (report.problems or report.warnings or report.more_problems):
            return None
        return report

    def _set_summary(self, text: str) -> None:
        self.summary.setText(text)
        self.summary.setVisible(bool(text))

    def _tell(self, text: str, style: str = NOTICE_STYLE) -> None:
        theme.style(self.message, style)
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _update_state(self) -> None:
        running = self.running
        can_run = self._can_run()
        self.choose_button.setEnabled(not running)
        self.check_button.setEnabled(can_run)
        self.import_button.setEnabled(can_run and not self._done)
        self.save_button.setEnabled(not running and self._report_to_save() is not None)
        self.progress.setVisible(running)
        self.progress_label.setVisible(running)
        self.cancel_button.setVisible(running)
        stopping = self._task is not None and self._task.cancel_requested
        self.cancel_button.setEnabled(running and not stopping)

    # -- inside: asking -------------------------------------------------------------------

    def _ask_for_files(self) -> list[Path]:
        chosen, _filter = QFileDialog.getOpenFileNames(
            self,
            "Choose the spreadsheets to import",
            str(self._folder or Path.home()),
            FILE_FILTER,
        )
        return [Path(p) for p in chosen]

    def _ask_for_report_file(self, suggested: Path) -> Path | None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Save the import report", str(suggested), "CSV files (*.csv)"
        )
        return Path(chosen) if chosen else None

    def _ask(self, title: str, question: str) -> bool:
        return ask_yes_no(self, title, question)
