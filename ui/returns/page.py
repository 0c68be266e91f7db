"""The Returns page: prepare the quarterly monitoring return, check the data behind it,
write its narrative, save what will be sent, and export it as CSV or PDF.

Preparing runs on a pool thread (:mod:`ui.tasks`) with a busy bar, and so does writing
a file; the window stays usable throughout. Exporting always saves first and writes the
return as saved, so what was sent is kept; a saved return opens read-only and exports
again unchanged, whatever has changed in the data since.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.app import Services
from advocacy_desk.domain.changes import Changes
from advocacy_desk.domain.errors import AdvocacyDeskError
from advocacy_desk.domain.permissions import Permission
from advocacy_desk.domain.quarters import Quarter
from advocacy_desk.records.returns import DataProblem, Narrative, ReturnReport, SavedReturn
from ui import tasks
from ui.bus import DataBus
from ui.returns.checks import DataProblemsDialog, ExactFiguresDialog, IdentifyingDetailsDialog
from ui.returns.choices import ALL_CONTRACTS, SUPPRESS_TIP, ReturnChoices
from ui.returns.export import FORMATS, suggested_name, with_extension
from ui.returns.narrative import NarrativeEditor
from ui.returns.preview import ReturnPreview, local_time
from ui.returns.problems import ProblemsPanel, problems_title
from ui.returns.saved import BANNER_STYLE, SavedBanner, SavedReturnsList
from ui.tasks import Progress
from ui.widgets import run_modal, theme, views
from ui.widgets.modal import RunModal
from ui.widgets.watching import Watch

# The choices row, the exact-figures question and the saved-return banner moved next to
# their kin; their names still import from here.
__all__ = [
    "ALL_CONTRACTS",
    "BANNER_STYLE",
    "CHOOSING",
    "ERROR_STYLE",
    "NOTICE_STYLE",
    "NO_DATA",
    "SUPPRESS_TIP",
    "ChooseFile",
    "ExactFiguresDialog",
    "Prepared",
    "ReturnsPage",
    "Viewing",
    "scope_text",
]

#: Asks where to write an export: (dialog title, suggested path, file filter) -> the path
#: chosen, or ``None`` if the user cancelled. Tests replace it so no real dialog opens.
ChooseFile = Callable[[str, Path, str], Path | None]

NOTICE_STYLE = theme.notice("success")
ERROR_STYLE = theme.notice("error")
NO_DATA = (
    "No referrals or casework are recorded yet. A return can be prepared once a quarter has some."
)
CHOOSING = "Choose a quarter to prepare its return."
#: The prepare's task: another return asked for drops an earlier one still under way.
PREPARE = "returns-prepare"


@dataclass(frozen=True)
class Prepared:
    """What a prepare job brings back to the GUI thread."""

    report: ReturnReport
    problems: list[DataProblem]
    narrative: Narrative


@dataclass(frozen=True)
class Viewing:
    """A saved return on show, read-only, as it was saved."""

    saved: SavedReturn
    report: ReturnReport
    narrative: Narrative
    suppressed: bool


def scope_text(report: ReturnReport) -> str:
    """ "the 2026/27 Q2 return (All contracts)"."""
    return f"the {report.quarter.label} return ({report.contract_name})"


class ReturnsPage(QWidget):
    """The Returns section of the main window."""

    #: Open a record named by a data problem: ("case" or "person", its id).
    open_record = Signal(str, int)
    #: A return is on show: freshly prepared, or a saved one opened.
    prepared = Signal()
    #: An export was written: the path.
    exported = Signal(str)
    #: An export failed: the message shown.
    export_failed = Signal(str)
    #: The export under way was cancelled: nothing was written.
    export_cancelled = Signal()
    #: What a return is prepared from (the returns it saves itself it lists itself).
    WATCHES = frozenset({
        "referral", "advocacy_case", "case_issue", "activity", "outcome_feedback", "person",
        "partnership", "contract", "contract_advocacy_type",
    })  # fmt: skip

    def __init__(self, services: Services, bus: DataBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.bus = bus
        #: Shows a dialog modally; tests replace it so nothing ever waits for a click.
        self.run_modal: RunModal = run_modal
        #: Asks where to export to; tests replace it so no file dialog ever opens.
        self.choose_file: ChooseFile = self._ask_for_file
        self.today: Callable[[], date] = services.today
        #: The folder of the last export, offered for the next one.
        self.export_folder: Path | None = None

        #: The return prepared from the data now (``None`` until one is ready).
        self.report: ReturnReport | None = None
        self.problems: list[DataProblem] = []
        #: A saved return on show instead, read-only.
        self.viewing: Viewing | None = None
        #: Offered and prepared when first shown.
        self.watch = Watch(bus, self, self.WATCHES, self._data_changed, stale=True)
        self._preparing = False
        self._exporting = False
        #: The export under way, to cancel.
        self._export_task: tasks.Task[Path] | None = None
        #: The last return saved from the page, to save it only once however often exported.
        self._last_saved: tuple[ReturnReport, Narrative, bool, SavedReturn] | None = None
        #: The quarter and contract the narrative boxes were filled for, and whether the
        #: user has typed in them since (then a fresh prepare leaves them be).
        self._narrative_for: tuple[str, int | None] | None = None
        self._narrative_edited = False
        #: Narratives typed and not saved, by quarter and contract, kept while another
        #: return is on show so that choosing a different quarter loses no words.
        self._drafts: dict[tuple[str, int | None], Narrative] = {}
        #: The live narrative and suppression, kept while a saved return is on show.
        self._kept: tuple[Narrative, bool, bool] | None = None

        self._build()
        self.preview.clear(CHOOSING)
        self._update_state()

    # -- building -----------------------------------------------------------------------

    def _build(self) -> None:
        """The page's parts, then their layout (and so the Tab order), then its wiring."""
        self._build_choices()
        self._build_banner()
        self._build_tabs()
        self._build_actions()
        self._lay_out()
        self._connect()

    def _build_choices(self) -> None:
        """Which quarter and contract, suppression, Prepare again, and the busy bar."""
        self.choices = ReturnChoices()
        self.quarter_combo = self.choices.quarter_combo
        self.contract_combo = self.choices.contract_combo
        self.suppress_box = self.choices.suppress_box
        self.prepare_button = self.choices.prepare_button
        self.busy = self.choices.busy
        self.status = QLabel()
        self.status.setObjectName("returnStatus")
        theme.style(self.status, theme.HINT)
        # Never widens the page: the section is narrower than the window.
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def _build_banner(self) -> None:
        """The banner over a saved return on show, and the line saying what happened."""
        self.banner = SavedBanner()
        self.banner_text = self.banner.text_label
        self.back_button = self.banner.back_button

        self.message = QLabel()
        self.message.setObjectName("returnMessage")
        self.message.setAccessibleName("What happened")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()

    def _build_tabs(self) -> None:
        """The preview, the data problems, the narrative and the saved returns."""
        self.preview = ReturnPreview()
        self.preview.open_record.connect(self.open_record)
        self.problems_panel = ProblemsPanel()
        self.narrative = NarrativeEditor()
        self.saved_list = SavedReturnsList()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.preview, "Preview")
        self.tabs.addTab(self.problems_panel, problems_title(0))
        self.tabs.addTab(self.narrative, "Narrative")
        self.tabs.addTab(self.saved_list, "Saved returns")
        self.tabs.setTabToolTip(0, "The figures as the return gives them, section by section")
        self.tabs.setTabToolTip(1, "Things in the data that would weaken the return")
        self.tabs.setTabToolTip(2, "Summary, themes and up to three anonymised case studies")
        self.tabs.setTabToolTip(3, "Returns saved so far: open one to read or export it again")

    def _build_actions(self) -> None:
        """The data problems line and the save and export buttons under the tabs."""
        self.problems_hint = QLabel()
        self.problems_hint.setObjectName("problemsHint")
        self.problems_hint.setWordWrap(True)
        self.review_button = QPushButton("Review data problems")
        self.review_button.setToolTip("See the data problems and open their records")
        self.save_button = QPushButton("Save return")
        self.save_button.setToolTip(
            "Keep this return, its narrative and its suppression exactly as they are now: "
            "what will be sent (Ctrl+S)"
        )
        self.csv_button = QPushButton("Export CSV…")
        self.csv_button.setToolTip(
            "Save the return, then write it as CSV: one row per figure, for spreadsheets"
        )
        self.pdf_button = QPushButton("Export PDF…")
        self.pdf_button.setToolTip(
            "Save the return, then write it as PDF, with its narrative, to send"
        )
        self.export_progress = QProgressBar()
        self.export_progress.setObjectName("exportProgress")
        self.export_progress.setAccessibleName("Export progress")
        self.export_progress.setRange(0, 100)
        self.export_progress.setMaximumWidth(160)
        self.export_progress.hide()
        self.cancel_export_button = QPushButton("Cancel export")
        self.cancel_export_button.setObjectName("cancelExport")
        self.cancel_export_button.setToolTip(
            "Stop writing the file: nothing is written, and the saved return stays saved"
        )
        self.cancel_export_button.hide()
        exports = self.services.access.can(Permission.RETURNS_EXPORT)
        for button in (self.save_button, self.csv_button, self.pdf_button):
            button.setVisible(exports)  # read-only users read the return, not export it

    def _lay_out(self) -> None:
        """Heading, choices, banner, message, tabs and actions, top to bottom."""
        heading = views.heading("Returns", views.PAGE_TITLE, wrap=False)
        self.intro = QLabel("The quarterly monitoring return to the commissioner.")
        theme.style(self.intro, theme.HINT)
        choices = QHBoxLayout()
        choices.addWidget(self.choices, 3)
        choices.addWidget(self.status, 1)

        top = QHBoxLayout()
        top.addWidget(heading)
        top.addSpacing(12)
        top.addWidget(self.intro, 0, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)

        actions = QHBoxLayout()
        actions.addWidget(self.problems_hint, 1)
        actions.addWidget(self.review_button)
        actions.addSpacing(12)
        actions.addWidget(self.export_progress)
        actions.addWidget(self.cancel_export_button)
        actions.addWidget(self.save_button)
        actions.addWidget(self.csv_button)
        actions.addWidget(self.pdf_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(choices)
        layout.addWidget(self.banner)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(actions)

    def _connect(self) -> None:
        """The buttons, lists and shortcuts to what they do."""
        self.quarter_combo.currentIndexChanged.connect(lambda _index: self._choice_changed())
        self.contract_combo.currentIndexChanged.connect(lambda _index: self._choice_changed())
        self.suppress_box.toggled.connect(self._suppression_changed)
        self.prepare_button.clicked.connect(lambda: self.prepare())
        self.back_button.clicked.connect(self.back_to_current)
        self.review_button.clicked.connect(lambda: self.tabs.setCurrentWidget(self.problems_panel))
        self.save_button.clicked.connect(lambda: self.save_return())
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.cancel_export_button.clicked.connect(self.cancel_export)
        self.problems_panel.open_record.connect(self.open_record)
        self.saved_list.open_saved.connect(lambda saved_id: self.open_saved(saved_id))
        self.narrative.edited.connect(self._narrative_typed)
        for keys, slot, what in (
            ("F5", self.prepare, "Work the return out again"),
            ("Ctrl+S", self.save_return, "Save the return"),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            # A hidden page's shortcuts are inactive, so other pages never see these.
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.setWhatsThis(what)  # for Help > Keyboard shortcuts
            shortcut.activated.connect(slot)

    # -- what the user does -------------------------------------------------------------

    @property
    def preparing(self) -> bool:
        """A return is being prepared off the GUI thread."""
        return self._preparing

    @property
    def exporting(self) -> bool:
        """An export is being written off the GUI thread."""
        return self._exporting

    @property
    def suppressed(self) -> bool:
        return self.suppress_box.isChecked()

    def quarter(self) -> Quarter | None:
        return self.choices.quarter()

    def contract_id(self) -> int | None:
        return self.choices.contract_id()

    def quarter_choices(self) -> list[str]:
        """The quarters offered, as the list shows them."""
        return [self.quarter_combo.itemText(i) for i in range(self.quarter_combo.count())]

    def choose(self, quarter: Quarter | str, contract_id: int | None = None) -> None:
        """Choose a quarter (and a contract, or all), as the user would; prepares it."""
        code = quarter.code if isinstance(quarter, Quarter) else Quarter.parse(quarter).code
        index = self.quarter_combo.findData(code)
        if index < 0:
            raise ValueError(f"{code} has no data, so it is not offered")
        contract = self.contract_combo.findData(contract_id)
        if contract < 0:
            raise ValueError(f"no contract with id {contract_id} is offered")
        changed = (
            index != self.quarter_combo.currentIndex()
            or contract != self.contract_combo.currentIndex()
        )
        for combo, place in ((self.quarter_combo, index), (self.contract_combo, contract)):
            combo.blockSignals(True)
            combo.setCurrentIndex(place)
            combo.blockSignals(False)
        if changed or self.report is None:
            self._choice_changed()

    def refresh(self) -> None:
        """Offer the quarters with data and the contracts afresh, list the saved returns,
        and prepare the return chosen (unless a saved one is on show)."""
        self.watch.fresh()
        self.choices.fill_quarters(self.services.returns.quarters_with_data(), self.today())
        self.choices.fill_contracts(self.services.returns.contracts())
        self._show_saved_list()
        if self.viewing is None:
            self.prepare()

    def prepare(self) -> None:
        """Work the chosen return out from the data now, on a pool thread."""
        if self.viewing is not None:
            return
        quarter = self.quarter()
        if quarter is None:
            tasks.drop(self, PREPARE)  # nothing chosen: a prepare under way no longer shows
            self._preparing = False
            self.busy.hide()
            self.report = None
            self.problems = []
            empty = self.quarter_combo.count() == 0
            self.preview.clear(NO_DATA if empty else CHOOSING)
            self.problems_panel.show_message("")
            self.status.setText("")
            self._update_state()
            return
        contract_id = self.contract_id()
        returns = self.services.returns

        def job(_progress: Progress) -> Prepared:
            report = returns.prepare(quarter, contract_id)
            return Prepared(
                report, returns.problems(quarter, contract_id), returns.narrative_for(report)
            )

        # Keyed: another return asked for meanwhile drops this one; only the latest shows.
        tasks.run(
            job, owner=self, key=PREPARE, on_done=self._prepared, on_failed=self._prepare_failed
        )
        self._preparing = True
        self.busy.show()
        self.status.setText(
            f"Preparing the {quarter.label} return ({self.choices.contract_name()})…"
        )
        self._update_state()

    def save_return(self) -> SavedReturn | None:
        """Keep the return on show with its narrative and suppression; what was saved."""
        report = self.report
        saved = self._save()
        if saved is not None and report is not None:
            self._tell(
                f"Saved {scope_text(report)}"
                f"{'' if saved.suppressed else ', with exact figures (internal)'}: "
                "it is in Saved returns."
            )
        return saved

    def export(self, fmt: str) -> bool:
        """Save the return, then write it as ``fmt`` ("csv" or "pdf") where the user
        chooses, on a pool thread. False if nothing was started (cancelled, say)."""
        if self._exporting or self._preparing or fmt not in FORMATS:
            return False
        if self.viewing is not None:
            report, suppressed = self.viewing.report, self.viewing.suppressed
        elif self.report is not None:
            report, suppressed = self.report, self.suppressed
        else:
            return False
        if not suppressed and not self._run(ExactFiguresDialog(self)):
            return False
        if self.viewing is None and self.problems:
            if not self._run(DataProblemsDialog(self.problems, self)):
                self.tabs.setCurrentWidget(self.problems_panel)
                self._tell("Not exported: the data problems are listed here to put right.")
                return False
        elif self.viewing is not None and not self._narrative_checked(
            self.viewing.narrative, "Export", editable=False
        ):
            return False
        name, pattern = FORMATS[fmt]
        folder = self.export_folder or Path.home()
        chosen = self.choose_file(
            f"Export {scope_text(report)} as {name}",
            folder / suggested_name(report, fmt, suppressed),
            pattern,
        )
        if chosen is None or not str(chosen):
            return False
        path = with_extension(Path(chosen), fmt)
        if self.viewing is not None:
            saved_id = self.viewing.saved.id
        else:
            saved = self._save("Export")
            if saved is None:
                return False
            saved_id = saved.id
        try:
            # Exactly what was kept: the saved return, not the one on screen.
            kept, _narrative, kept_suppressed = self.services.returns.load(saved_id)
        except AdvocacyDeskError as exc:
            self._tell(f"Could not export: {exc}", error=True)
            return False
        returns = self.services.returns

        def job(progress: Progress) -> Path:
            # The command line's path too: written whole, then audited and marked
            # exported, or no file at all; a PDF prints the saved return's audit head.
            return returns.export(
                kept, path, fmt, kept_suppressed, saved_id=saved_id, progress=progress
            )

        what = scope_text(kept)
        # The database lane: the export is audited, and the saved return marked exported.
        self._export_task = tasks.run(
            job,
            owner=self,
            lane=tasks.Lane.DATABASE,
            on_done=lambda _result: self._exported(saved_id, path, what, name),
            on_failed=lambda message: self._export_failed(path, name, message),
            on_progress=self._export_progress,
            on_cancelled=lambda: self._export_cancelled(path, name),
        )
        self._exporting = True
        self.export_folder = path.parent
        self.export_progress.setValue(0)
        self.export_progress.show()
        self.cancel_export_button.setEnabled(True)
        self.cancel_export_button.show()
        self._tell(f"Exporting {scope_text(kept)} as {name} to {path}…")
        self._update_state()
        return True

    def cancel_export(self) -> None:
        """Stop the export under way at its next step: nothing is written (the file being
        written is removed). Once the file is complete it is too late: it is kept."""
        if self._export_task is None:
            return
        self._export_task.cancel()
        self.cancel_export_button.setEnabled(False)
        self._tell("Stopping the export…")

    def open_saved(self, saved_id: int) -> bool:
        """Show a saved return read-only, exactly as saved, to read or export again."""
        try:
            report, narrative, suppressed = self.services.returns.load(saved_id)
        except AdvocacyDeskError as exc:
            self._tell(f"Could not open the saved return: {exc}", error=True)
            return False
        entry = next((s for s in self.services.returns.saved() if s.id == saved_id), None)
        if entry is None:
            self._tell("That saved return is no longer there.", error=True)
            return False
        if self.viewing is None:
            self._kept = (self.narrative.narrative(), self._narrative_edited, self.suppressed)
        self.viewing = Viewing(entry, report, narrative, suppressed)
        tasks.drop(self, PREPARE)  # a prepare under way no longer shows when it ends
        self._preparing = False
        self.busy.hide()
        self.status.setText("")
        self.preview.records_for = None  # the data has moved on since it was saved
        self.preview.show_report(report, suppressed, f"saved {local_time(entry.created_at)}")
        self.narrative.set_narrative(narrative)
        self.narrative.set_read_only(True)
        self.choices.set_suppressed(suppressed)
        self.problems_panel.show_message(
            "Data problems are checked while a return is prepared. This saved return is "
            "kept exactly as it was saved."
        )
        self._show_viewing_banner()
        self.tabs.setTabText(1, problems_title(0))
        self.tabs.setCurrentWidget(self.preview)
        self._tell("")
        self._update_state()
        self.prepared.emit()
        return True

    def back_to_current(self) -> None:
        """Leave the saved return on show and prepare the chosen return from the data now."""
        if self.viewing is None:
            return
        self.viewing = None
        self.banner.hide()
        self.narrative.set_read_only(False)
        if self._kept is not None:
            narrative, edited, suppressed = self._kept
            self.narrative.set_narrative(narrative)
            self._narrative_edited = edited
            self.choices.set_suppressed(suppressed)
            self._kept = None
        self._tell("")
        if not self.watch.catch_up():
            self.prepare()

    # -- inside: preparing ----------------------------------------------------------------

    def _prepared(self, result: Prepared) -> None:
        self._preparing = False
        self.busy.hide()
        report = result.report
        self.report = report
        self.problems = result.problems
        contract_id = report.contract.id if report.contract else None
        self.preview.records_for = lambda section, measure, category: (
            self.services.returns.records_behind(
                report.quarter, contract_id, section, measure, category
            )
        )
        self.preview.show_report(report, self.suppressed)
        what = f"{report.quarter.label} ({report.contract_name})"
        self.problems_panel.show_problems(result.problems, what)
        self.tabs.setTabText(1, problems_title(len(result.problems)))
        key = (report.quarter.code, report.contract.id if report.contract else None)
        if key != self._narrative_for:
            if self._narrative_for is not None and self._narrative_edited:
                self._drafts[self._narrative_for] = self.narrative.narrative()
            draft = self._drafts.pop(key, None)
            self.narrative.set_narrative(draft or result.narrative)
            self._narrative_for = key
            self._narrative_edited = draft is not None
        elif not self._narrative_edited:
            self.narrative.set_narrative(result.narrative)
        self.status.setText("")
        self._update_state()
        self.prepared.emit()

    def _prepare_failed(self, message: str) -> None:
        self._preparing = False
        self.busy.hide()
        self.status.setText("")
        self._tell(f"Could not prepare the return: {message}. Try Prepare again (F5).", True)
        self._update_state()

    def _choice_changed(self) -> None:
        self._tell("")
        self.prepare()

    def _suppression_changed(self, _checked: bool) -> None:
        if self.viewing is None and self.report is not None:
            self.preview.show_report(self.report, self.suppressed)
            self._update_state()

    def _narrative_typed(self) -> None:
        if self.viewing is None:
            self._narrative_edited = True

    # -- inside: saving and exporting -----------------------------------------------------

    def _narrative_checked(self, narrative: Narrative, action: str, editable: bool) -> bool | int:
        """Check the narrative for details identifying recorded people; name any found
        and ask. False to go back (the box named first gets the cursor); else how many
        were found and kept (0 or True when none)."""
        try:
            details = self.services.returns.identifying_details(narrative)
        except AdvocacyDeskError as exc:
            self._tell(f"Could not check the narrative: {exc}", error=True)
            return False
        if not details:
            return True
        if self._run(IdentifyingDetailsDialog(details, action, editable, self)):
            return len(details)
        if editable:
            self.tabs.setCurrentWidget(self.narrative)
            self.narrative.show_part(details[0].part)
            what = "saved" if action == "Save" else "exported"
            self._tell(f"Not {what}: edit the narrative where it names a recorded person.")
        return False

    def _save(self, action: str = "Save") -> SavedReturn | None:
        if self.viewing is not None or self.report is None or self._preparing:
            return None
        narrative = self.narrative.narrative()
        suppressed = self.suppressed
        last = self._last_saved
        if last is not None and last[0] is self.report and last[1:3] == (narrative, suppressed):
            return last[3]  # saved already, unchanged: keep one copy of what was sent
        checked = self._narrative_checked(narrative, action, editable=True)
        if checked is False:
            return None
        kept = 0 if checked is True else int(checked)
        try:
            saved = self.services.returns.save(self.report, narrative, suppressed, kept)
        except AdvocacyDeskError as exc:
            self._tell(f"Could not save the return: {exc}", error=True)
            if "case_studies" in getattr(exc, "errors", {}):
                self.tabs.setCurrentWidget(self.narrative)
            return None
        self._last_saved = (self.report, narrative, suppressed, saved)
        self._narrative_edited = False
        self._show_saved_list()
        return saved

    def _export_progress(self, message: str, fraction: float) -> None:
        self.export_progress.setValue(round(max(0.0, min(fraction, 1.0)) * 100))
        self.export_progress.setToolTip(message)

    def _export_ended(self) -> None:
        self._exporting = False
        self._export_task = None
        self.export_progress.hide()
        self.cancel_export_button.hide()

    def _exported(self, saved_id: int, path: Path, what: str, name: str) -> None:
        self._export_ended()
        self.export_progress.setValue(100)
        self._tell(f"Exported {what} as {name} to {path}. It is kept in Saved returns.")
        self._show_saved_list()
        if self.viewing is not None and self.viewing.saved.id == saved_id:
            entry = next((s for s in self.saved_list.saved if s.id == saved_id), None)
            if entry is not None:
                self.viewing = Viewing(
                    entry, self.viewing.report, self.viewing.narrative, self.viewing.suppressed
                )
                self._show_viewing_banner()
        self._update_state()
        self.exported.emit(str(path))

    def _export_cancelled(self, path: Path, name: str) -> None:
        self._export_ended()
        self._tell(
            f"Export cancelled: nothing was written to {path}. The return is saved (see "
            f"Saved returns), so it can be exported as {name} later unchanged."
        )
        self._update_state()
        self.export_cancelled.emit()

    def _export_failed(self, path: Path, name: str, message: str) -> None:
        self._export_ended()
        self._tell(
            f"Could not export the {name}: {message}. Nothing was written to {path}. "
            "The return is saved (see Saved returns), so it can be exported later unchanged.",
            error=True,
        )
        self._update_state()
        self.export_failed.emit(message)

    def _ask_for_file(self, title: str, suggested: Path, pattern: str) -> Path | None:
        chosen, _filter = QFileDialog.getSaveFileName(self, title, str(suggested), pattern)
        return Path(chosen) if chosen else None

    def _run(self, dialog: QDialog) -> bool:
        try:
            return self.run_modal(dialog) == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()

    # -- inside: the lists and the state of the page ---------------------------------------

    def _show_saved_list(self) -> None:
        saved = self.services.returns.saved()
        self.saved_list.show_saved(saved)
        self.tabs.setTabText(3, f"Saved returns ({len(saved)})" if saved else "Saved returns")

    def _show_viewing_banner(self) -> None:
        if self.viewing is not None:
            self.banner.show_saved(self.viewing.saved)

    def _tell(self, message: str, error: bool = False) -> None:
        theme.style(self.message, ERROR_STYLE if error else NOTICE_STYLE)
        self.message.setText(message)
        self.message.setVisible(bool(message))

    def _update_state(self) -> None:
        viewing = self.viewing is not None
        ready = viewing or (self.report is not None and not self._preparing)
        for widget in (self.quarter_combo, self.contract_combo, self.suppress_box):
            widget.setEnabled(not viewing)
        self.prepare_button.setEnabled(not viewing and self.quarter() is not None)
        self.save_button.setEnabled(not viewing and ready and not self._exporting)
        self.save_button.setToolTip(
            "A saved return is on show: it is kept already"
            if viewing
            else "Keep this return, its narrative and its suppression exactly as they are "
            "now: what will be sent (Ctrl+S)"
        )
        for button in (self.csv_button, self.pdf_button):
            button.setEnabled(ready and not self._exporting)
        count = len(self.problems)
        if viewing or self.report is None:
            self.problems_hint.setText("")
            self.review_button.hide()
        elif count:
            noun = "data problem" if count == 1 else "data problems"
            self.problems_hint.setText(f"{count:,} {noun} found: check them before you export.")
            theme.style(self.problems_hint, theme.ERROR)
            self.review_button.show()
        else:
            self.problems_hint.setText("No data problems found.")
            theme.style(self.problems_hint, theme.SUCCESS)
            self.review_button.hide()

    def _data_changed(self, changes: Changes | None) -> None:
        if self.viewing is None:
            self.refresh()
            return
        self.watch.mark_stale()  # offered afresh when back from the saved return
        if changes is None:
            self._show_saved_list()
