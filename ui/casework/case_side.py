"""The side of the case screen: the next action, the issues and the case's history.

Its own widget so the case panel's constructor stays readable; the panel answers its
buttons (saving the next action, adding issues, setting outcomes), since those change
the case the panel holds.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.domain.vocabulary import ISSUE_CATEGORY
from advocacy_desk.records.casework import IssueRow
from ui.casework.case_texts import bold, issue_outcome_text, label_of
from ui.widgets import DateField, ErrorLabel, FieldErrors, theme
from ui.widgets.flow import FlowRow
from ui.widgets.views import read_only_table


class CaseSide(QWidget):
    """The next action and its date, the issues with their outcomes, and the history."""

    ISSUE_COLUMNS = ("Category", "Issue", "Outcome")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        action_box = self._build_next_action()
        issue_buttons = self._build_issues()

        self.history = QLabel()
        self.history.setObjectName("caseHistory")
        self.history.setTextFormat(Qt.TextFormat.PlainText)
        self.history.setWordWrap(True)
        self.history.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        right_column = QVBoxLayout(self)
        right_column.setContentsMargins(8, 0, 0, 0)
        right_column.addWidget(action_box)
        right_column.addSpacing(8)
        right_column.addWidget(bold(QLabel("Issues")))
        right_column.addWidget(self.issues, 1)
        right_column.addWidget(self.no_issues)
        right_column.addWidget(issue_buttons)
        right_column.addSpacing(8)
        right_column.addWidget(bold(QLabel("History")))
        right_column.addWidget(self.history)

    def _build_next_action(self) -> QWidget:
        """The next action, its date and Save, with their error lines."""
        self.action_errors = FieldErrors()
        self.next_action = QLineEdit()
        self.next_action.setAccessibleName("Next action")
        self.next_action.setPlaceholderText("What is to be done next")
        self.next_action_on = DateField("Next action date")
        self.save_action_button = QPushButton("Save")
        self.save_action_button.setToolTip("Save the next action and its date (Enter)")
        action_error = ErrorLabel("Next action")
        date_error = ErrorLabel("Next action date")
        self.action_errors.register("next_action", self.next_action, action_error)
        self.action_errors.register("next_action_on", self.next_action_on, date_error)
        action_box = QWidget()
        action_grid = QGridLayout(action_box)
        action_grid.setContentsMargins(0, 0, 0, 0)
        action_grid.setVerticalSpacing(2)
        action_grid.addWidget(bold(QLabel("Next action")), 0, 0, 1, 3)
        action_grid.addWidget(self.next_action, 1, 0, 1, 3)
        action_grid.addWidget(action_error, 2, 0, 1, 3)
        due = QLabel("Due:")
        due.setBuddy(self.next_action_on)
        action_grid.addWidget(due, 3, 0)
        action_grid.addWidget(self.next_action_on, 3, 1, Qt.AlignmentFlag.AlignLeft)
        action_grid.addWidget(self.save_action_button, 3, 2, Qt.AlignmentFlag.AlignRight)
        action_grid.addWidget(date_error, 4, 0, 1, 3)
        action_grid.addWidget(self.action_errors.general, 5, 0, 1, 3)
        action_grid.setColumnStretch(1, 1)
        return action_box

    def _build_issues(self) -> FlowRow:
        """The issues table and its buttons; returns the row of buttons."""
        self.issues = QTableWidget(0, len(self.ISSUE_COLUMNS))
        self.issues.setObjectName("caseIssues")
        self.issues.setAccessibleName("Issues")
        self.issues.setHorizontalHeaderLabels(list(self.ISSUE_COLUMNS))
        read_only_table(self.issues)
        self.issues.setWordWrap(True)
        issue_header = self.issues.horizontalHeader()
        # Category and outcome wrap in narrow columns, so the issue itself has the room.
        issue_header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        issue_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        issue_metrics = self.issues.fontMetrics()
        self.issues.setColumnWidth(0, issue_metrics.horizontalAdvance("Care and support") + 16)
        self.issues.setColumnWidth(2, issue_metrics.horizontalAdvance("Partly achieved") + 16)
        self.issues.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.no_issues = QLabel("No issues recorded yet.")
        theme.style(self.no_issues, theme.HINT)
        self.add_issue_button = QPushButton("Add issue…")
        self.outcome_button = QPushButton("Set outcome…")
        self.outcome_button.setToolTip(
            "Record how the selected issue ended: achieved, partly, not achieved or withdrawn"
        )
        self.reopen_issue_button = QPushButton("Reopen issue")
        self.reopen_issue_button.setToolTip("Take the selected issue's outcome away: it is open")
        issue_buttons = FlowRow()  # wraps in a narrow side pane rather than squeeze
        issue_buttons.addWidget(self.add_issue_button)
        issue_buttons.addWidget(self.outcome_button)
        issue_buttons.addWidget(self.reopen_issue_button)
        return issue_buttons

    def show_issues(self, issues: tuple[IssueRow, ...]) -> None:
        """Fill the issues table (or say there are none)."""
        table = self.issues
        table.setRowCount(len(issues))
        for row, issue in enumerate(issues):
            cells = (
                label_of(ISSUE_CATEGORY.label, issue.category),
                issue.description,
                issue_outcome_text(issue),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, issue.id)
                item.setToolTip(text)
                table.setItem(row, column, item)
        table.setVisible(bool(issues))
        self.no_issues.setVisible(not issues)
