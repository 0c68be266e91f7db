"""One case: who it is for, where it came from, its log, next action and issues.

The log is an :class:`ActivityLogModel` (rows formatted only as they are shown), so a
case with thousands of entries opens as fast as one with ten. New work is typed in
the form under the log; what is typed and not yet logged is kept as a draft per case
in the settings store, so closing the window or opening another case never loses it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.app import Services
from advocacy_desk.domain.changes import Changes
from advocacy_desk.domain.dates import format_uk
from advocacy_desk.domain.errors import AdvocacyDeskError, NotFound, ValidationError
from advocacy_desk.domain.vocabulary import (
    ACTIVITY_KIND,
)
from advocacy_desk.records.casework import ActivityRow, CaseView, IssueRow
from ui.bus import DataBus
from ui.casework.activity_form import DEFAULT_KIND, ActivityForm, minutes_text
from ui.casework.case_side import CaseSide
from ui.casework.case_texts import (
    bold,
    case_facts,
    event_text,
    hours_text,
    issue_outcome_text,
    person_facts,
    referral_facts,
    rich,
    status_text,
    totals_text,
)
from ui.casework.dialogs import (
    WARNING_STYLE,
    AddIssueDialog,
    CloseCaseDialog,
    EditActivityDialog,
    OutcomeDialog,
    ReopenCaseDialog,
)
from ui.casework.models import ActivityLogModel, kind_label
from ui.consent import ConsentBanner
from ui.letters import LettersPanel
from ui.reports import ReportsPanel
from ui.widgets import DateFieldError, theme
from ui.widgets.views import read_only_table
from ui.widgets.watching import Watch

# The words and the side pane moved to their own modules; their names still import from here.
__all__ = [
    "CLOSED_STYLE",
    "DRAFT_DELAY_MS",
    "NOTICE_STYLE",
    "CasePanel",
    "CaseSide",
    "RunDialog",
    "event_text",
    "hours_text",
    "issue_outcome_text",
    "status_text",
    "totals_text",
]

#: Where a case's unfinished log entry is kept in the settings store.
#: Keep the draft this long after the last keystroke (and at once on leaving the case).
DRAFT_DELAY_MS = 600

NOTICE_STYLE = theme.notice("success")
CLOSED_STYLE = WARNING_STYLE

#: A dialog shown modally, answering whether it was accepted.
RunDialog = Callable[[QDialog], bool]


class CasePanel(QWidget):
    """The case screen. ``back`` asks to return to the caseload."""

    back = Signal()

    ISSUE_COLUMNS = CaseSide.ISSUE_COLUMNS
    #: What it shows of the case open: its log, issues, outcomes, person and consent.
    WATCHES = frozenset({
        "advocacy_case", "activity", "case_event", "case_issue", "outcome_feedback",
        "referral", "person", "consent", "party", "staff_user",
    })  # fmt: skip

    def __init__(
        self,
        services: Services,
        bus: DataBus,
        run: RunDialog,
        today: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.bus = bus
        self._run = run
        self._today = today
        self.case: CaseView | None = None
        #: What was last kept for each case's draft, so unchanged drafts are not rewritten.
        self._kept: dict[int, str] = {}

        top = self._build_top()
        summary = self._build_summary()
        log_top = self._build_log()
        entry = self._build_entry()
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addLayout(log_top)
        left_column.addWidget(self.log, 1)
        left_column.addWidget(self.closed_line)
        left_column.addWidget(entry)
        self._build_side()
        self._build_tabs(left)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(summary)
        layout.addWidget(self.consent_banner)
        layout.addWidget(self.notice)
        layout.addWidget(self.splitter, 1)

        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft)
        self._build_shortcuts()
        self.log.selectionModel().selectionChanged.connect(self._update_buttons)
        self.watch = Watch(bus, self, self.WATCHES, self._data_changed)
        self._update_buttons()

    # -- building -------------------------------------------------------------------------

    def _build_top(self) -> QHBoxLayout:
        """The top row: back, which case and its status, close or reopen."""
        self.back_button = QPushButton("← Caseload")
        self.back_button.setToolTip("Back to the caseload (Alt+Left)")
        self.back_button.clicked.connect(self.back)
        self.title = bold(QLabel(), 1.5)
        self.title.setObjectName("caseTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label = QLabel()
        self.status_label.setObjectName("caseStatus")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.close_button = QPushButton("Close case…")
        self.close_button.setToolTip(
            "Close the case with its reason and the five outcome questions"
        )
        self.reopen_button = QPushButton("Reopen case…")
        self.reopen_button.setToolTip("Reopen the closed case, for a written reason")
        self.close_button.clicked.connect(lambda: self.close_case())
        self.reopen_button.clicked.connect(lambda: self.reopen_case())
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addSpacing(8)
        top.addWidget(self.title)
        top.addSpacing(8)
        top.addWidget(self.status_label)
        top.addStretch(1)
        top.addWidget(self.close_button)
        top.addWidget(self.reopen_button)
        return top

    def _build_summary(self) -> QHBoxLayout:
        """The person, referral and case side by side (returned), the notice line and
        the consent banner."""
        self.person_label = rich("casePerson")
        self.referral_label = rich("caseReferral")
        self.case_label = rich("caseSummary")
        summary = QHBoxLayout()
        summary.setSpacing(24)
        summary.addWidget(self.person_label, 1)
        summary.addWidget(self.referral_label, 1)
        summary.addWidget(self.case_label, 1)

        self.notice = QLabel()
        self.notice.setObjectName("caseNotice")
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setWordWrap(True)
        theme.style(self.notice, NOTICE_STYLE)
        self.notice.setAccessibleName("Notice")
        self.notice.hide()
        #: Shown while the person has no consent to advocacy (or non-instructed reason).
        self.consent_banner = ConsentBanner("Use Consent… on their record in People.")
        return summary

    def _build_log(self) -> QHBoxLayout:
        """The casework log (a model formatting rows only as shown); returns the row of
        its heading, count and Edit entry button."""
        self.log_model = ActivityLogModel(self)
        self.log = QTableView()
        self.log.setObjectName("caseLog")
        self.log.setAccessibleName("Casework log")
        self.log.setModel(self.log_model)
        read_only_table(self.log, fixed_rows=True)
        header = self.log.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        metrics = self.log.fontMetrics()
        for column, sample in enumerate(
            ("00/00/00000", "Meeting attended", "00:00", "Travel", "", "Shannon Morgan", "edited")
        ):
            if sample:
                self.log.setColumnWidth(column, metrics.horizontalAdvance(sample) + 24)
        self.log.doubleClicked.connect(lambda index: self.edit_activity(self._log_id(index.row())))
        self.log_heading = bold(QLabel("Casework log"))
        self.log_count = QLabel()
        theme.style(self.log_count, theme.HINT)
        self.edit_button = QPushButton("Edit entry…")
        self.edit_button.setToolTip("Change the selected entry; what it said before is kept")
        self.edit_button.clicked.connect(lambda: self.edit_activity())
        log_top = QHBoxLayout()
        log_top.addWidget(self.log_heading)
        log_top.addWidget(self.log_count)
        log_top.addStretch(1)
        log_top.addWidget(self.edit_button)
        return log_top

    def _build_entry(self) -> QWidget:
        """The line saying a closed case takes no work, and the box to log work in."""
        self.closed_line = QLabel()
        self.closed_line.setObjectName("closedLine")
        self.closed_line.setTextFormat(Qt.TextFormat.PlainText)
        self.closed_line.setWordWrap(True)
        theme.style(self.closed_line, CLOSED_STYLE)
        self.closed_line.hide()
        self.form = ActivityForm(with_timer=True)
        self.form.today = lambda: self._today()
        self.form.submitted.connect(self.log_entry)
        self.form.edited.connect(self._draft_edited)
        self.log_button = QPushButton("Log activity")
        self.log_button.setToolTip("Add the entry to the log (Enter, or Ctrl+Enter in the note)")
        self.log_button.clicked.connect(lambda: self.log_entry())
        self.draft_label = QLabel()
        self.draft_label.setObjectName("draftLabel")
        theme.style(self.draft_label, theme.HINT)
        entry_buttons = QHBoxLayout()
        entry_buttons.addWidget(self.draft_label, 1)
        entry_buttons.addWidget(self.log_button)
        entry = QWidget()
        entry.setObjectName("entryBox")
        theme.style(
            entry,
            "#entryBox { " + theme.PANEL + " }",
        )
        entry_column = QVBoxLayout(entry)
        entry_column.setContentsMargins(8, 6, 8, 6)
        entry_column.addWidget(bold(QLabel("Log work")))
        entry_column.addWidget(self.form)
        entry_column.addLayout(entry_buttons)
        self.entry_box = entry
        return entry

    def _build_side(self) -> None:
        """The side pane (next action, issues, history), its buttons answered here; its
        widgets are also this panel's attributes, as callers and tests know them."""
        self.side = side = CaseSide()
        self.action_errors = side.action_errors
        self.next_action = side.next_action
        self.next_action_on = side.next_action_on
        self.save_action_button = side.save_action_button
        self.issues = side.issues
        self.no_issues = side.no_issues
        self.add_issue_button = side.add_issue_button
        self.outcome_button = side.outcome_button
        self.reopen_issue_button = side.reopen_issue_button
        self.history = side.history
        self.save_action_button.clicked.connect(lambda: self.save_next_action())
        self.next_action.returnPressed.connect(self.save_next_action)
        self.next_action_on.returnPressed.connect(self.save_next_action)
        self.issues.itemSelectionChanged.connect(self._update_buttons)
        self.issues.doubleClicked.connect(lambda _index: self.set_outcome())
        self.add_issue_button.clicked.connect(lambda: self.add_issue())
        self.outcome_button.clicked.connect(lambda: self.set_outcome())
        self.reopen_issue_button.clicked.connect(lambda: self.reopen_issue())

    def _build_tabs(self, left: QWidget) -> None:
        """The log's tab beside the reports' and letters', split from the side pane."""
        # The log is the case's main page; its reports and letters sit beside it.
        self.reports_panel = ReportsPanel(self.services, self.bus)
        self.work_tabs = QTabWidget()
        self.work_tabs.setObjectName("caseWorkTabs")
        self.work_tabs.setDocumentMode(True)
        self.work_tabs.addTab(left, "Casework log")
        self.work_tabs.addTab(self.reports_panel, "Reports")
        self.letters_panel = LettersPanel(self.services, self.bus)
        self.work_tabs.addTab(self.letters_panel, "Letters")

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.work_tabs)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        # No minimum width of its own: its buttons wrap, and its layout says what it needs.
        self._sized = False

    def _build_shortcuts(self) -> None:
        """Alt+Left back to the caseload; Enter in the log changes the selected entry."""
        back = QShortcut(QKeySequence("Alt+Left"), self)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.setWhatsThis("Back from a case to the caseload")
        back.activated.connect(self.back)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            enter = QShortcut(QKeySequence(key), self.log)
            enter.setContext(Qt.ShortcutContext.WidgetShortcut)
            enter.setWhatsThis("Change the selected entry (in a case's log)")
            enter.activated.connect(lambda: self.edit_activity())

    # -- which case -------------------------------------------------------------------

    @property
    def case_id(self) -> int | None:
        return None if self.case is None else self.case.id

    def show_case(self, case_id: int) -> bool:
        """Show ``case_id``, keeping the draft of the case shown before."""
        if self.case is not None and self.case.id != case_id:
            self.save_draft()
        try:
            case = self.services.casework.case(case_id)
        except NotFound:
            return False
        changed = self.case is None or self.case.id != case_id
        self.case = case
        self.form.opened_on = case.opened_on
        self._tell("")
        self._show(case, scroll_to_end=True)
        if changed:
            self.reports_panel.show_case(case.id)
            self.letters_panel.show_case(case.id)
            self._restore_draft(case)
            self.next_action.setText(case.next_action)
            self.next_action_on.set_value(case.next_action_on)
            self.action_errors.clear()
        return True

    def reload(self) -> None:
        """Read the case shown afresh (the entry form is left as typed)."""
        self.watch.fresh()
        if self.case is None:
            return
        try:
            case = self.services.casework.case(self.case.id)
        except NotFound:
            return
        old = self.case
        self.case = case
        self.form.opened_on = case.opened_on
        self._show(case, scroll_to_end=False)
        if (old.next_action, old.next_action_on) != (case.next_action, case.next_action_on):
            self.next_action.setText(case.next_action)
            self.next_action_on.set_value(case.next_action_on)

    # -- the log ----------------------------------------------------------------------

    def log_entry(self) -> bool:
        """Add what the form holds to the log; on any problem nothing is saved."""
        case = self.case
        if case is None or not case.is_open:
            return False
        details = self.form.read()
        if details is None:
            return False
        try:
            row = self.services.casework.log_activity(case.id, details)
        except ValidationError as exc:
            self.form.show_errors(exc.errors)
            return False
        except AdvocacyDeskError as exc:
            self.form.show_errors({"": f"Not logged: {exc}."})
            return False
        self.form.reset(self._today(), row.kind)
        self._forget_draft(case.id)
        self._tell(
            f"Logged {minutes_text(row.minutes)} "
            f"{'minutes' if row.minutes < 60 else 'hours'} ({kind_label(row.kind).lower()}) "
            f"on {format_uk(row.occurred_on)}."
        )
        self._select_activity(row.id)
        self.form.kind.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def selected_activity(self) -> ActivityRow | None:
        rows = self.log.selectionModel().selectedRows()
        return self.log_model.row_at(rows[0].row()) if rows else None

    def edit_activity(self, activity_id: int | None = None) -> bool:
        """Open an entry to change it; its earlier versions show beneath."""
        if activity_id is None:
            chosen = self.selected_activity()
        else:
            found = self.log_model.row_of(activity_id)
            chosen = None if found is None else self.log_model.row_at(found)
        if chosen is None or self.case is None:
            return False
        dialog = EditActivityDialog(
            self.services,
            chosen,
            case_open=self.case.is_open,
            today=self._today(),
            parent=self,
        )
        if not self._run(dialog):
            return False
        self._tell(f"Changed the entry of {format_uk(dialog.activity.occurred_on)}.")
        self._select_activity(chosen.id)
        return True

    # -- next action and issues ---------------------------------------------------------

    def save_next_action(self) -> bool:
        case = self.case
        if case is None:
            return False
        self.action_errors.clear()
        try:
            on = self.next_action_on.value()
        except DateFieldError as exc:
            self.action_errors.show({"next_action_on": str(exc)})
            return False
        try:
            self.services.casework.set_next_action(case.id, self.next_action.text(), on)
        except ValidationError as exc:
            self.action_errors.show(exc.errors)
            return False
        except AdvocacyDeskError as exc:
            self.action_errors.show({"": f"Not saved: {exc}."})
            return False
        self._tell("Saved the next action." if self.next_action.text().strip() else "")
        return True

    # -- unsaved work, asked about before the window closes (HoldsUnsavedWork) -------
    # The log entry is not: it is kept as a draft. The next action is not a draft.

    def unsaved_work(self) -> list[str]:
        case = self.case
        if case is None or not self.next_action.isEnabled() or self.next_action.isReadOnly():
            return []
        try:
            on = self.next_action_on.value()
        except DateFieldError:
            changed = True  # a date that does not read is a change
        else:
            changed = on != case.next_action_on
        changed = changed or self.next_action.text().strip() != case.next_action.strip()
        return [f"Next action for case {case.case_ref}"] if changed else []

    def save_unsaved_work(self) -> bool:
        return self.save_next_action()

    def discard_unsaved_work(self) -> None:
        if self.case is not None:
            self.next_action.setText(self.case.next_action)
            self.next_action_on.set_value(self.case.next_action_on)
            self.action_errors.clear()

    def selected_issue(self) -> IssueRow | None:
        if self.case is None:
            return None
        rows = self.issues.selectionModel().selectedRows()
        if not rows or not 0 <= rows[0].row() < len(self.case.issues):
            return None
        return self.case.issues[rows[0].row()]

    def add_issue(self) -> bool:
        if self.case is None:
            return False
        dialog = AddIssueDialog(self.services, self.case, today=self._today(), parent=self)
        if not self._run(dialog):
            return False
        if dialog.issue is not None:
            self._select_issue(dialog.issue.id)
        return True

    def set_outcome(self, issue_id: int | None = None) -> bool:
        issue = self._issue(issue_id)
        if issue is None or self.case is None or not self.case.is_open:
            return False
        dialog = OutcomeDialog(self.services, issue, today=self._today(), parent=self)
        if not self._run(dialog):
            return False
        self._select_issue(issue.id)
        return True

    def reopen_issue(self, issue_id: int | None = None) -> bool:
        """Take the issue's outcome away, so it is open again."""
        issue = self._issue(issue_id)
        if issue is None or issue.outcome is None:
            return False
        try:
            self.services.casework.set_outcome(issue.id, None)
        except AdvocacyDeskError as exc:
            self._tell(f"Not changed: {exc}.")
            return False
        self._tell(f"The issue “{issue.description}” is open again.")
        self._select_issue(issue.id)
        return True

    # -- closing and reopening --------------------------------------------------------------

    def close_case(self) -> bool:
        case = self.case
        if case is None or not case.is_open:
            return False
        dialog = CloseCaseDialog(self.services, case, today=self._today(), parent=self)
        if not self._run(dialog):
            return False
        self._tell(f"Closed {case.case_ref}. Reopen it (Reopen case…) if more work is needed.")
        return True

    def reopen_case(self) -> bool:
        case = self.case
        if case is None or case.is_open:
            return False
        dialog = ReopenCaseDialog(self.services, case, today=self._today(), parent=self)
        if not self._run(dialog):
            return False
        self._tell(f"Reopened {case.case_ref}.")
        return True

    # -- drafts -----------------------------------------------------------------------------

    def has_unsaved_entry(self) -> bool:
        """The form holds typed work (or a running timer) not yet in the log."""
        return self.case is not None and self.form.has_entry()

    def save_draft(self) -> None:
        """Keep what the form holds for the case shown (or forget it, if nothing)."""
        self._draft_timer.stop()
        case = self.case
        if case is None:
            return
        value = json.dumps(self.form.draft(), sort_keys=True) if self.form.has_entry() else ""
        if self._kept.get(case.id) == value:
            return
        try:
            self.services.casework.keep_draft(case.id, value)
        except AdvocacyDeskError:
            return  # too long to keep, say: the form still holds it
        self._kept[case.id] = value
        self._show_draft_state()

    def _restore_draft(self, case: CaseView) -> None:
        stored = self.services.casework.draft(case.id)
        self._kept[case.id] = stored
        draft: dict[str, Any] | None = None
        if stored:
            try:
                loaded = json.loads(stored)
            except ValueError:
                loaded = None
            draft = loaded if isinstance(loaded, dict) else None
        if draft is not None:
            self.form.load_draft(draft)
        else:
            self.form.reset(self._today(), self._last_kind())
        self._show_draft_state()

    def _forget_draft(self, case_id: int) -> None:
        self._draft_timer.stop()
        if self._kept.get(case_id, "x") != "":
            self.services.casework.keep_draft(case_id, "")
        self._kept[case_id] = ""
        self._show_draft_state()

    def _draft_edited(self) -> None:
        self._draft_timer.start()
        self._show_draft_state()

    def _show_draft_state(self) -> None:
        case = self.case
        if case is not None and self.form.has_entry() and self._kept.get(case.id):
            self.draft_label.setText("Draft kept: it waits here until you log it.")
        else:
            self.draft_label.setText("")

    def _last_kind(self) -> str:
        rows = self.log_model.rows
        kind = rows[-1].kind if rows else DEFAULT_KIND
        return kind if kind in ACTIVITY_KIND else DEFAULT_KIND

    # -- inside -------------------------------------------------------------------------------

    def _show(self, case: CaseView, *, scroll_to_end: bool) -> None:
        keep = self.selected_activity()
        self._show_summary(case)
        self.consent_banner.show_for(self.services, case.person_id)
        self.log_model.set_rows(self.services.casework.activities(case.id))
        self.log_count.setText(
            f"{case.activities:,} {'entry' if case.activities == 1 else 'entries'}, oldest first"
        )
        if scroll_to_end:
            self.log.scrollToBottom()
            # Once laid out, too: a case just switched to has no height yet.
            QTimer.singleShot(0, self.log.scrollToBottom)
        elif keep is not None:
            self._select_activity(keep.id)

        keep_issue = self.selected_issue()
        self.side.show_issues(case.issues)
        if keep_issue is not None:
            self._select_issue(keep_issue.id)

        self.history.setText(
            "\n".join(event_text(e) for e in case.events) or f"{format_uk(case.opened_on)} Opened"
        )
        self._show_controls(case)

    def _show_summary(self, case: CaseView) -> None:
        """The title, status, and the person, referral and case blocks."""
        self.title.setText(f"{case.case_ref}  {case.person_name}")
        self.status_label.setText(status_text(case))
        theme.style(
            self.status_label,
            theme.SUCCESS + " font-weight: bold;" if case.is_open else theme.ERROR,
        )
        self.person_label.setText(person_facts(case, self._today()))
        self.referral_label.setText(referral_facts(case))
        self.referral_label.setToolTip(case.referral_notes)
        self.case_label.setText(case_facts(case))

    def _show_controls(self, case: CaseView) -> None:
        """What may be changed: nothing for read-only users, no new work on a closed case."""
        open_ = case.is_open
        # Read-only users (and anyone not holding this case) see the casework, not the
        # means to change it; the service refuses the change anyway.
        changes = self.services.access.may_change_case(case.advocate_id)
        self.close_button.setVisible(open_ and changes)
        self.reopen_button.setVisible(not open_ and changes)
        self.form.setVisible(changes)
        for button in (self.log_button, self.edit_button, self.add_issue_button,
                       self.outcome_button, self.reopen_issue_button):  # fmt: skip
            button.setVisible(changes)
        self.form.setEnabled(open_)
        self.log_button.setEnabled(open_)
        self.closed_line.setText(
            ""
            if open_
            else f"This case was closed on {format_uk(case.closed_on)}. Reopen it "
            "(Reopen case…, with a reason) before logging more work."
        )
        self.closed_line.setVisible(not open_)
        for widget in (self.next_action, self.next_action_on, self.save_action_button):
            widget.setEnabled(open_ and changes)
        self._update_buttons()

    def _data_changed(self, _changes: Changes | None) -> None:
        if self.case is not None:
            self.reload()

    def _issue(self, issue_id: int | None) -> IssueRow | None:
        if issue_id is None:
            return self.selected_issue()
        if self.case is None:
            return None
        return next((i for i in self.case.issues if i.id == issue_id), None)

    def _select_issue(self, issue_id: int) -> None:
        if self.case is None:
            return
        for row, issue in enumerate(self.case.issues):
            if issue.id == issue_id:
                self.issues.selectRow(row)
                return

    def _select_activity(self, activity_id: int) -> None:
        row = self.log_model.row_of(activity_id)
        if row is None:
            return
        index = self.log_model.index(row, 0)
        self.log.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.log.scrollTo(index)

    def _log_id(self, row: int) -> int | None:
        activity = self.log_model.row_at(row)
        return None if activity is None else activity.id

    def _tell(self, message: str) -> None:
        self.notice.setText(message)
        self.notice.setVisible(bool(message))

    def _update_buttons(self, *_args: object) -> None:
        case = self.case
        open_ = case is not None and case.is_open
        issue = self.selected_issue()
        self.edit_button.setEnabled(self.selected_activity() is not None)
        self.add_issue_button.setEnabled(open_)
        self.outcome_button.setEnabled(open_ and issue is not None)
        self.reopen_issue_button.setEnabled(
            open_ and issue is not None and issue.outcome is not None
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            total = max(self.splitter.width(), 800)
            side = min(max(300, total * 3 // 10), 420)
            self.splitter.setSizes([total - side, side])

    def hideEvent(self, event: QHideEvent) -> None:
        self.save_draft()
        super().hideEvent(event)
