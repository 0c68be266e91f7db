"""The words sent with the figures: a summary, themes, and up to three anonymised case
studies. Kept with the return when it is saved."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.records.returns import Narrative
from advocacy_desk.services.returns import MAX_CASE_STUDIES
from ui.widgets import theme

ANONYMISED_HINT = (
    "Case studies must be anonymised: no names, initials, dates of birth, addresses, "
    "places or anything else that could identify the person or those around them."
)


def _box(name: str, tip: str, lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setAccessibleName(name)
    box.setToolTip(tip)
    box.setTabChangesFocus(True)
    box.setMinimumHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


class NarrativeEditor(QWidget):
    """Three kinds of text box; :meth:`narrative` reads them, :meth:`set_narrative` fills."""

    #: The user typed in a box (not when the boxes are filled for them).
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._filling = False
        self.summary = _box(
            "Summary",
            "How the quarter went: demand, waits, capacity, anything the figures need explaining",
            4,
        )
        self.themes = _box(
            "Themes",
            "What advocates kept meeting this quarter: issues, barriers, gaps in services",
            4,
        )
        self.case_studies = [
            _box(
                f"Case study {number}",
                f"Case study {number} of up to {MAX_CASE_STUDIES}, anonymised",
                4,
            )
            for number in range(1, MAX_CASE_STUDIES + 1)
        ]
        self.hint = QLabel(ANONYMISED_HINT)
        self.hint.setWordWrap(True)
        theme.style(self.hint, theme.HINT)
        self.read_only_note = QLabel(
            "The narrative of a saved return, as it was saved: it cannot be changed."
        )
        self.read_only_note.setWordWrap(True)
        theme.style(self.read_only_note, theme.HINT)
        self.read_only_note.hide()

        content = QWidget()
        grid = QGridLayout(content)
        grid.setContentsMargins(0, 0, 8, 0)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        row = 0
        grid.addWidget(self.read_only_note, row, 0, 1, 4)
        row += 1
        for text, box, column in (("&Summary", self.summary, 0), ("T&hemes", self.themes, 2)):
            grid.addWidget(self._caption(text, box), row, column, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(box, row, column + 1)
        row += 1
        grid.addWidget(self.hint, row, 0, 1, 4)
        row += 1
        for number, box in enumerate(self.case_studies):
            place = row + number // 2
            column = (number % 2) * 2
            caption = self._caption(f"Case study &{number + 1}", box)
            grid.addWidget(caption, place, column, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(box, place, column + 1)
        scroll = QScrollArea()
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its fields take the focus, not it
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(scroll)
        for box in self.boxes():
            box.textChanged.connect(self._changed)

    @staticmethod
    def _caption(text: str, box: QPlainTextEdit) -> QLabel:
        caption = QLabel(f"{text}:")
        caption.setBuddy(box)
        return caption

    def boxes(self) -> list[QPlainTextEdit]:
        return [self.summary, self.themes, *self.case_studies]

    def narrative(self) -> Narrative:
        return Narrative(
            self.summary.toPlainText(),
            self.themes.toPlainText(),
            tuple(box.toPlainText() for box in self.case_studies if box.toPlainText().strip()),
        )

    def set_narrative(self, narrative: Narrative) -> None:
        """Fill the boxes (this is not an edit: :attr:`edited` is not emitted)."""
        self._filling = True
        try:
            self.summary.setPlainText(narrative.summary)
            self.themes.setPlainText(narrative.themes)
            for number, box in enumerate(self.case_studies):
                studies = narrative.case_studies
                box.setPlainText(studies[number] if number < len(studies) else "")
        finally:
            self._filling = False

    def show_part(self, part: str) -> None:
        """Put the cursor in the box a check named: "Summary", "Themes" or "Case study 2"
        (the second case study written, as :meth:`narrative` numbers them)."""
        written = [box for box in self.case_studies if box.toPlainText().strip()]
        number = part.removeprefix("Case study ")
        box = {"Summary": self.summary, "Themes": self.themes}.get(part)
        if box is None and number.isdigit() and 1 <= int(number) <= len(written):
            box = written[int(number) - 1]
        if box is not None:
            box.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_read_only(self, read_only: bool) -> None:
        for box in self.boxes():
            box.setReadOnly(read_only)
        self.read_only_note.setVisible(read_only)

    def _changed(self) -> None:
        if not self._filling:
            self.edited.emit()
