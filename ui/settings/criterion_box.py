"""One criterion of the prioritisation matrix as the matrix editor shows it: a points
box per answer (ticked to count it), its parameters, and its error message.

Kept apart from :mod:`ui.settings.matrix_editor` because it changes with the matrix's
criteria and answers (``advocacy_desk.domain.matrix``), not with how versions are saved.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.domain.matrix import (
    ANSWERS,
    LEVEL_MEANINGS,
    PARAMETERS,
    POINTS_LIMIT,
    answer_label,
    level_scale,
)
from ui.widgets import ErrorLabel, theme

#: A matrix as plain data, as ``Matrix.to_dict()`` gives it and the service takes it.
Definition = dict[str, Any]

#: The largest number a parameter may hold (the service's own limit).
PARAMETER_LIMIT = 3650

PARAMETER_LABELS: dict[str, str] = {
    "near_days": "Near: within",
    "soon_days": "Soon: within",
    "max_points": "At most",
}
PARAMETER_SUFFIXES: dict[str, str] = {
    "near_days": " days",
    "soon_days": " days",
    "max_points": " points",
}
PARAMETER_TIPS: dict[str, str] = {
    "near_days": "A decision date that has passed, or is at most this many days away, "
    "counts as near.",
    "soon_days": "A decision date at most this many days away (and not near) counts as soon. "
    "It must be at least the near days.",
    "max_points": "However long the wait, time waited never scores more than this.",
}
CRITERION_HINTS: dict[str, str] = {
    **{
        key: f"Answered on the referral: {level_scale(key)}. Unanswered scores 0."
        for key in LEVEL_MEANINGS
    },
    "safeguarding": "The safeguarding level recorded on the referral.",
    "decision_date": "The decision or meeting date on the referral; a date already "
    "passed counts as near.",
    "statutory": "Yes when the Care Act gate is met, or the type is IMCA, IMHA or RPR.",
    "time_waited": "For each full 7 days since the referral was received.",
}


_NEUTRAL = theme.HINT


class CriterionBox(QFrame):
    """One criterion: its label, a points box per answer, its parameters, its error."""

    #: Any points, answer or parameter changed by the user.
    changed = Signal()
    #: The user asked to take this criterion (its key) out of the matrix.
    remove_requested = Signal(str)

    def __init__(self, key: str, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.label = label
        self.read_only = False
        self.setObjectName("criterion")
        self.setFrameShape(QFrame.Shape.StyledPanel)

        self.title = QLabel(label)
        self.title.setObjectName("criterionTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self.key))
        self.hint = QLabel(CRITERION_HINTS.get(key, ""))
        self.hint.setWordWrap(True)
        theme.style(self.hint, _NEUTRAL)
        self.hint.setHidden(not self.hint.text())

        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(0, 1)
        self.answers: dict[str, QCheckBox] = {}
        self.points: dict[str, QSpinBox] = {}
        for row, answer in enumerate(ANSWERS[key]):
            check = QCheckBox(answer_label(key, answer))
            spin = QSpinBox()
            spin.setRange(-POINTS_LIMIT, POINTS_LIMIT)
            spin.setSuffix(" points")
            spin.setAlignment(Qt.AlignmentFlag.AlignRight)
            spin.setMinimumWidth(spin.fontMetrics().horizontalAdvance("-1000 points") + 36)
            check.toggled.connect(spin.setEnabled)
            check.toggled.connect(self._emit_changed)
            spin.valueChanged.connect(self._emit_changed)
            grid.addWidget(check, row, 0)
            grid.addWidget(spin, row, 1)
            self.answers[answer] = check
            self.points[answer] = spin
        self.parameters: dict[str, QSpinBox] = {}
        for offset, name in enumerate(PARAMETERS.get(key, {})):
            caption = QLabel(PARAMETER_LABELS.get(name, name.replace("_", " ").capitalize()))
            spin = QSpinBox()
            spin.setRange(0, PARAMETER_LIMIT)
            spin.setSuffix(PARAMETER_SUFFIXES.get(name, ""))
            spin.setAlignment(Qt.AlignmentFlag.AlignRight)
            spin.setToolTip(PARAMETER_TIPS.get(name, ""))
            caption.setToolTip(spin.toolTip())
            caption.setBuddy(spin)
            spin.valueChanged.connect(self._emit_changed)
            grid.addWidget(caption, len(ANSWERS[key]) + offset, 0)
            grid.addWidget(spin, len(ANSWERS[key]) + offset, 1)
            self.parameters[name] = spin
        self.error = ErrorLabel(label)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addLayout(grid)
        layout.addWidget(self.error)
        # A box beside a taller one keeps its contents at the top.
        layout.addStretch(1)
        self._name_widgets()

    def _name_widgets(self) -> None:
        """Accessible names and tooltips that say which criterion each box belongs to."""
        label = self.label
        self.title.setText(label)
        self.setAccessibleName(label)
        self.error.setAccessibleName(f"{label} error")
        self.remove_button.setAccessibleName(f"Remove {label}")
        self.remove_button.setToolTip(
            f"Take “{label}” out of the matrix; it then scores nothing. "
            "You can add it back below until you save."
        )
        for answer, check in self.answers.items():
            text = answer_label(self.key, answer)
            check.setAccessibleName(f"{label}: count the answer {text}")
            check.setToolTip(
                "Ticked: this answer earns the points beside it. "
                "Unticked: the answer is left out of the matrix and scores 0."
            )
            spin = self.points[answer]
            spin.setAccessibleName(f"{label}: points for {text}")
            spin.setToolTip(
                f"Points for “{text}”, from -{POINTS_LIMIT} to {POINTS_LIMIT}. "
                "Tick the answer to change them."
            )
        for name, spin in self.parameters.items():
            words = PARAMETER_LABELS.get(name, name).rstrip(":")
            spin.setAccessibleName(f"{label}: {name.replace('_', ' ')} ({words})")

    def _emit_changed(self, *_args: object) -> None:
        self.changed.emit()

    @property
    def first_field(self) -> QWidget:
        """Where the cursor goes when this criterion has something wrong."""
        return next(iter(self.answers.values()))

    def load(self, item: Mapping[str, Any]) -> None:
        """Show ``item`` (one entry of a definition's ``criterion`` list)."""
        self.label = str(item.get("label") or self.label)
        self._name_widgets()
        given = item.get("answers")
        answers: Mapping[str, Any] = given if isinstance(given, Mapping) else {}
        for answer, check in self.answers.items():
            present = answer in answers
            check.setChecked(present)
            spin = self.points[answer]
            spin.setValue(int(answers[answer]) if present else 0)
            spin.setEnabled(present)
        for name, spin in self.parameters.items():
            spin.setValue(int(item.get(name, PARAMETERS[self.key][name])))
        self.error.set_message("")

    def definition(self) -> Definition:
        """This criterion as the service takes it."""
        item: Definition = {
            "key": self.key,
            "label": self.label,
            "answers": {
                answer: self.points[answer].value()
                for answer, check in self.answers.items()
                if check.isChecked()
            },
        }
        for name, spin in self.parameters.items():
            item[name] = spin.value()
        return item

    def set_read_only(self, read_only: bool) -> None:
        symbols = (
            QAbstractSpinBox.ButtonSymbols.NoButtons
            if read_only
            else QAbstractSpinBox.ButtonSymbols.UpDownArrows
        )
        for spin in (*self.points.values(), *self.parameters.values()):
            spin.setReadOnly(read_only)
            spin.setButtonSymbols(symbols)
        for check in self.answers.values():
            # Inert rather than disabled, so the answers stay as readable as the points.
            check.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, read_only)
            check.setFocusPolicy(
                Qt.FocusPolicy.NoFocus if read_only else Qt.FocusPolicy.StrongFocus
            )
        self.read_only = read_only
        self.remove_button.setHidden(read_only)
