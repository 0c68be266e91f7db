"""The case's dialogs: edit a log entry, add an issue, record its outcome, close and
reopen the case.

Each checks what it can before calling the service, then shows the service's
``ValidationError`` messages under the fields they name (any other message at the
top). Nothing is saved unless the dialog is accepted; what each saves is told to every
view by the commit itself (the data bus).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.app import Services
from advocacy_desk.domain.casework import ActivityDetails, Closure, Feedback, format_duration
from advocacy_desk.domain.dates import format_uk
from advocacy_desk.domain.errors import AdvocacyDeskError
from advocacy_desk.domain.vocabulary import (
    ADVOCACY_TYPE,
    CLOSURE_REASON,
    FEEDBACK_ANSWER,
    FEEDBACK_ANSWERED_BY,
    ISSUE_CATEGORY,
    ISSUE_OUTCOME,
    OUTCOME_QUESTION,
)
from advocacy_desk.records.casework import ActivityRow, ActivityVersion, CaseView, IssueRow
from ui.casework.activity_form import ActivityForm
from ui.casework.models import kind_label
from ui.widgets import CodeCombo, DateField, DateFieldError, ErrorLabel, FieldForm, theme
from ui.widgets import section as titled_section
from ui.widgets.saving import SavingDialog
from ui.widgets.views import heading, plain, text_box

#: Pale amber with dark text, for a warning that still lets the user go on.
WARNING_STYLE = theme.notice("warning")
CHOOSE = "Choose…"

#: Types where the person usually cannot answer for themselves.
OBSERVED_TYPES = frozenset({"non_instructed", "imca"})


def default_answered_by(advocacy_type: str) -> str:
    """Who answers the outcome questions unless the advocate says otherwise."""
    return "advocate_observation" if advocacy_type in OBSERVED_TYPES else "person"


def local_time(value: datetime) -> str:
    """A stored time (UTC, naive from SQLite) as the local clock showed it."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return f"{aware.astimezone():%d/%m/%Y %H:%M}"


def describe_case(case: CaseView) -> str:
    """One line saying which case a dialog is about."""
    try:
        kind = ADVOCACY_TYPE.label(case.advocacy_type)
    except ValueError:
        kind = case.advocacy_type
    return (
        f"{case.person_name} ({case.person_ref}), {kind}; opened {format_uk(case.opened_on)}, "
        f"advocate {case.advocate_name}"
    )


def version_html(version: ActivityVersion) -> str:
    """An earlier version of an entry, as the edit dialog lists it."""
    travel = f", travel {format_duration(version.travel_minutes)}" if version.travel_minutes else ""
    by = f" by {escape(version.replaced_by)}" if version.replaced_by else ""
    note = escape(version.note).replace("\n", "<br>") or "<i>no note</i>"
    return (
        f"<p style='margin-bottom:2px'><b>Until {local_time(version.replaced_at)}</b>{by}: "
        f"{format_uk(version.occurred_on)}, {escape(kind_label(version.kind))}, "
        f"{format_duration(version.minutes)}{travel}</p>"
        f"<p style='margin-top:0; margin-left:12px'>{note}</p>"
    )


class _Dialog(SavingDialog):
    """What every casework dialog has: the services, today, and errors."""

    def __init__(
        self,
        services: Services,
        *,
        today: date | None,
        parent: QWidget | None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.today = today or services.today()


class EditActivityDialog(_Dialog):
    """Change an entry of the log. What it said before is kept, and shown here."""

    def __init__(
        self,
        services: Services,
        activity: ActivityRow,
        *,
        case_open: bool = True,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services, today=today, parent=parent)
        self.activity = activity
        self.setWindowTitle(f"Edit entry of {format_uk(activity.occurred_on)}")
        self.form = ActivityForm(submit_on_enter=False)
        self.errors = self.form.errors
        self.form.set_details(
            ActivityDetails(
                activity.occurred_on,
                activity.kind,
                activity.minutes,
                activity.travel_minutes,
                activity.note,
            )
        )
        self.form.submitted.connect(self.save)
        self.versions = services.casework.activity_versions(activity.id)
        self.history = QTextBrowser()
        self.history.setAccessibleName("Earlier versions")
        self.history.setOpenLinks(False)
        if self.versions:
            self.history.setHtml("".join(version_html(v) for v in self.versions))
        else:
            self.history.setPlainText("Not changed since it was logged.")
        lines = self.history.fontMetrics().lineSpacing()
        self.history.setMinimumHeight(4 * lines + 14)
        earlier = titled_section(
            f"Earlier versions ({len(self.versions)}, newest first)"
            if self.versions
            else "Earlier versions"
        )
        QVBoxLayout(earlier).addWidget(self.history)

        self.closed_line = plain(
            "The case is closed: reopen it, with a reason, before changing its log.", hint=True
        )
        theme.style(self.closed_line, WARNING_STYLE)
        self.closed_line.setVisible(not case_open)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(f"Entry of {format_uk(activity.occurred_on)}"))
        by = f"Logged by {activity.advocate_name}. " if activity.advocate_name else ""
        layout.addWidget(plain(f"{by}Saving keeps what it said before, shown below.", hint=True))
        layout.addWidget(self.closed_line)
        layout.addWidget(self.form)
        layout.addWidget(earlier, 1)
        layout.addWidget(self._buttons("Save changes"))
        self.form.setEnabled(case_open)
        self.save_button.setEnabled(case_open)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 100)
        self.form.note.setFocus()

    def save(self) -> bool:
        if not self.save_button.isEnabled():
            return False
        details = self.form.read()
        if details is None:
            return False
        try:
            self.activity = self.services.casework.edit_activity(self.activity.id, details)
        except AdvocacyDeskError as exc:
            return self._failed(exc)
        return self._saved()


class AddIssueDialog(_Dialog):
    """An issue the person wants help with: a category and a few words."""

    def __init__(
        self,
        services: Services,
        case: CaseView,
        *,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services, today=today, parent=parent)
        self.case = case
        self.issue: IssueRow | None = None
        self.setWindowTitle(f"Add an issue to {case.case_ref}")
        self.category = CodeCombo(ISSUE_CATEGORY, label="Category", placeholder=CHOOSE)
        self.description = text_box(
            "Description", "The issue in the person's words, briefly", lines=(3, 6)
        )
        form = FieldForm(self.errors)
        form.add_field("category", "Category", self.category)
        form.add_field("description", "Description", self.description)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(f"Add an issue to {case.case_ref}"))
        layout.addWidget(plain(describe_case(case), hint=True))
        layout.addWidget(self.errors.general)
        layout.addLayout(form)
        layout.addWidget(self._buttons("Add issue"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)
        self.category.setFocus()

    def save(self) -> bool:
        self.errors.clear()
        try:
            self.issue = self.services.casework.add_issue(
                self.case.id, self.category.code(), self.description.toPlainText()
            )
        except AdvocacyDeskError as exc:
            return self._failed(exc)
        return self._saved()


class OutcomeDialog(_Dialog):
    """How an issue ended: achieved, partly achieved, not achieved or withdrawn."""

    def __init__(
        self,
        services: Services,
        issue: IssueRow,
        *,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services, today=today, parent=parent)
        self.issue = issue
        self.setWindowTitle("Issue outcome")
        self.outcome = CodeCombo(ISSUE_OUTCOME, label="Outcome", placeholder=CHOOSE)
        if issue.outcome:
            self.outcome.set_code(issue.outcome)
        self.outcome_on = DateField("Outcome date", required=True)
        self.outcome_on.set_value(issue.outcome_on or self.today)
        form = FieldForm(self.errors)
        form.add_field("outcome", "Outcome", self.outcome)
        form.add_field("outcome_on", "Date", self.outcome_on, "When it was settled: usually today.")
        try:
            category = ISSUE_CATEGORY.label(issue.category)
        except ValueError:
            category = issue.category
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Issue outcome"))
        layout.addWidget(plain(f"{category}: {issue.description}"))
        layout.addWidget(self.errors.general)
        layout.addLayout(form)
        layout.addWidget(self._buttons("Save outcome"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)
        self.outcome.setFocus()

    def save(self) -> bool:
        self.errors.clear()
        errors: dict[str, str] = {}
        if not self.outcome.code():
            errors["outcome"] = "Outcome: choose how the issue ended."
        on: date | None = None
        try:
            on = self.outcome_on.value()
        except DateFieldError as exc:
            errors["outcome_on"] = str(exc)
        if errors:
            self.errors.show(errors)
            return False
        try:
            self.issue = self.services.casework.set_outcome(self.issue.id, self.outcome.code(), on)
        except AdvocacyDeskError as exc:
            return self._failed(exc)
        return self._saved()


class CloseCaseDialog(_Dialog):
    """Close the case: why, when, and the five outcome questions."""

    def __init__(
        self,
        services: Services,
        case: CaseView,
        *,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services, today=today, parent=parent)
        self.case = case
        self.setWindowTitle(f"Close case {case.case_ref}")
        self.reason = CodeCombo(CLOSURE_REASON, label="Closure reason", placeholder=CHOOSE)
        self.closed_on = DateField("Closing date", required=True)
        self.closed_on.set_value(self.today)
        form = FieldForm(self.errors)
        form.add_field("reason", "Closure reason", self.reason)
        form.add_field("closed_on", "Closing date", self.closed_on)

        open_issues = [i.description for i in case.issues if i.outcome is None]
        self.issues_warning = plain(
            "Still without an outcome: "
            + "; ".join(open_issues)
            + ". Give each issue an outcome before closing.",
        )
        self.issues_warning.setObjectName("issuesWarning")
        theme.style(self.issues_warning, WARNING_STYLE)
        self.issues_warning.setVisible(bool(open_issues))

        questions = titled_section("Outcome questions")
        grid = QGridLayout()
        grid.setColumnStretch(0, 1)
        grid.setHorizontalSpacing(12)
        self.answers: dict[str, CodeCombo] = {}
        for row, code in enumerate(OUTCOME_QUESTION.codes):
            text = OUTCOME_QUESTION.label(code)
            label = plain(f"{row + 1}. {text}")
            combo = CodeCombo(FEEDBACK_ANSWER, label=text, placeholder=CHOOSE)
            combo.setMinimumContentsLength(18)
            label.setBuddy(combo)
            grid.addWidget(label, row, 0)
            grid.addWidget(combo, row, 1, Qt.AlignmentFlag.AlignTop)
            self.answers[code] = combo
        self.not_asked_button = QPushButton("Mark the rest not asked")
        self.not_asked_button.setToolTip(
            "Answer every question still unanswered with Not asked, for example when the "
            "person died or could not be reached"
        )
        self.not_asked_button.clicked.connect(self.mark_rest_not_asked)
        feedback_error = ErrorLabel("Outcome questions")
        self.errors.register("feedback", self.answers[OUTCOME_QUESTION.codes[0]], feedback_error)
        self.answered_by = CodeCombo(FEEDBACK_ANSWERED_BY, label="Who answered")
        self.answered_by.set_code(default_answered_by(case.advocacy_type))
        answered = FieldForm(self.errors)
        answered.add_field(
            "answered_by",
            "Who answered",
            self.answered_by,
            "For non-instructed advocacy and IMCA, the advocate's observation unless the "
            "person could answer.",
        )
        column = QVBoxLayout(questions)
        column.addWidget(
            plain("Ask the person, or record your observation if they cannot say.", hint=True)
        )
        column.addLayout(grid)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self.not_asked_button)
        buttons_row.addStretch(1)
        column.addLayout(buttons_row)
        column.addWidget(feedback_error)
        column.addLayout(answered)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(f"Close case {case.case_ref}"))
        layout.addWidget(plain(describe_case(case), hint=True))
        layout.addWidget(self.issues_warning)
        layout.addWidget(self.errors.general)
        layout.addLayout(form)
        layout.addWidget(questions)
        layout.addWidget(self._buttons("Close case"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 110)
        self.reason.setFocus()

    def mark_rest_not_asked(self) -> None:
        for combo in self.answers.values():
            if not combo.code():
                combo.set_code("not_asked")

    def feedback(self) -> Feedback:
        return Feedback(
            {code: combo.code() for code, combo in self.answers.items()},
            self.answered_by.code(),
        )

    def save(self) -> bool:
        self.errors.clear()
        errors: dict[str, str] = {}
        if not self.reason.code():
            errors["reason"] = "Closure reason: choose why the case is closing."
        on: date | None = None
        try:
            on = self.closed_on.value()
        except DateFieldError as exc:
            errors["closed_on"] = str(exc)
        unanswered = [n + 1 for n, c in enumerate(self.answers.values()) if not c.code()]
        if unanswered:
            which = ", ".join(str(n) for n in unanswered)
            errors["feedback"] = (
                f"Answer question {which}, or choose Not asked "
                "(Mark the rest not asked does it for all of them)."
                if len(unanswered) == 1
                else f"Answer questions {which}, or choose Not asked "
                "(Mark the rest not asked does it for all of them)."
            )
        if errors or on is None:
            self.errors.show(errors)
            return False
        try:
            self.case = self.services.casework.close(
                self.case.id, Closure(self.reason.code(), on, self.feedback())
            )
        except AdvocacyDeskError as exc:
            return self._failed(exc)
        return self._saved()


class ReopenCaseDialog(_Dialog):
    """Reopen a closed case, for a written reason."""

    def __init__(
        self,
        services: Services,
        case: CaseView,
        *,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services, today=today, parent=parent)
        self.case = case
        self.setWindowTitle(f"Reopen case {case.case_ref}")
        self.reason = text_box(
            "Reason",
            "Why the case is reopened, for example: the person asked for help again",
            (4, 8),
        )
        form = FieldForm(self.errors)
        form.add_field("reason", "Reason", self.reason, "Required: it is kept in the case history.")
        closed = ""
        if case.closed_on is not None:
            try:
                why = CLOSURE_REASON.label(case.closure_reason or "")
            except ValueError:
                why = case.closure_reason or ""
            closed = f"Closed on {format_uk(case.closed_on)}" + (f": {why}." if why else ".")
        layout = QVBoxLayout(self)
        layout.addWidget(heading(f"Reopen case {case.case_ref}"))
        layout.addWidget(plain(describe_case(case), hint=True))
        layout.addWidget(plain(closed))
        layout.addWidget(self.errors.general)
        layout.addLayout(form)
        layout.addWidget(self._buttons("Reopen case"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)
        self.reason.setFocus()

    def save(self) -> bool:
        self.errors.clear()
        try:
            self.case = self.services.casework.reopen(self.case.id, self.reason.toPlainText())
        except AdvocacyDeskError as exc:
            return self._failed(exc)
        return self._saved()
