"""The questions asked before a return leaves the page: data problems that weaken it,
and details in its narrative that could identify a recorded person. Each names what
it found; the safe choice (go back and put it right) is the default button, so a
return is sent with known problems only when someone chooses to."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.domain.identifying import IdentifyingDetail
from advocacy_desk.domain.numbers import plural
from advocacy_desk.records.returns import DataProblem
from advocacy_desk.services.returns import PROBLEM_KINDS
from ui.widgets.screen import FittedDialog

#: At most this many lines are listed; the rest are counted.
LISTED = 12


def problems_question(problems: Sequence[DataProblem]) -> str:
    """ "This return has 3 data problems: Closed cases with no outcome answers (2); ..." """
    kinds = Counter(p.kind for p in problems)
    parts = "; ".join(f"{PROBLEM_KINDS.get(kind, kind)} ({n:,})" for kind, n in kinds.items())
    return (
        f"This return has {plural(len(problems), 'data problem')}: {parts}. They may make "
        "its figures wrong or incomplete. Review them first, or export it as it is?"
    )


class _Question(FittedDialog):
    def _safe_default(self, go: QPushButton, back: QPushButton) -> None:
        """Enter goes back: the button to go on never becomes the default, even when it
        has the focus (a dialog's buttons otherwise take the default with the focus)."""
        go.setAutoDefault(False)
        back.setDefault(True)
        back.setFocus(Qt.FocusReason.OtherFocusReason)


class DataProblemsDialog(_Question):
    """Asks before a return with data problems is exported."""

    def __init__(self, problems: Sequence[DataProblem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export with data problems?")
        self.message = QLabel(problems_question(problems))
        self.message.setObjectName("problemsQuestion")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QDialogButtonBox()
        self.export_button = buttons.addButton(
            "Export anyway", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.review_button = buttons.addButton(
            "Review data problems", QDialogButtonBox.ButtonRole.RejectRole
        )
        self._safe_default(self.export_button, self.review_button)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(480, self.sizeHint().height())


class IdentifyingDetailsDialog(_Question):
    """Names each detail in the narrative that the database holds about a recorded
    person, and asks whether to go back and edit it or keep it as written."""

    def __init__(
        self,
        details: Sequence[IdentifyingDetail],
        action: str,
        editable: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Identifying details in the narrative")
        count = plural(len(details), "detail")
        self.message = QLabel(
            f"The narrative mentions {count} held about recorded people. Returns are "
            "published: case studies must not identify anyone. "
            + (
                "Edit the narrative, or keep it as written if each is not about the "
                "person recorded (the choice is recorded)."
                if editable
                else "This saved return cannot be changed: export it only if each is not "
                "about the person recorded."
            )
        )
        self.message.setObjectName("identifyingQuestion")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.list = QListWidget()
        self.list.setObjectName("identifyingDetails")
        self.list.setAccessibleName("Identifying details found")
        for detail in details[:LISTED]:
            self.list.addItem(detail.message)
        if len(details) > LISTED:
            self.list.addItem(f"… and {plural(len(details) - LISTED, 'more')}")
        self.list.setMaximumHeight(self.list.sizeHintForRow(0) * min(len(details), LISTED) + 8)
        buttons = QDialogButtonBox()
        self.keep_button = buttons.addButton(
            f"{action} anyway", QDialogButtonBox.ButtonRole.AcceptRole
        )
        back = "Edit the narrative" if editable else "Cancel"
        self.back_button = buttons.addButton(back, QDialogButtonBox.ButtonRole.RejectRole)
        self._safe_default(self.keep_button, self.back_button)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def lines(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]


class ExactFiguresDialog(FittedDialog):
    """Asks before exact figures, small numbers included, are written to a file."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export exact figures?")
        message = QLabel(
            "Small numbers are not suppressed: the file will show counts of 1 to 4, and "
            "percentages of fewer than 5, which could identify people.\n\n"
            "Exact figures are for internal use only. Never send or publish them."
        )
        message.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.export_button = buttons.addButton(
            "Export exact figures", QDialogButtonBox.ButtonRole.AcceptRole
        )
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(buttons)
        self.resize(440, self.sizeHint().height())
