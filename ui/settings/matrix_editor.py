"""Read and tune the waiting-list prioritisation matrix (Settings > Prioritisation matrix).

Every criterion shows its points per answer and its parameters; a criterion can be
removed and added back, and an answer left out (it then scores 0). Saving goes
through ``services.matrix.save``, which makes a new version (or none, when nothing
changed); whatever it refuses is shown next to the criterion it names, and nothing is
saved. A new version changes the order people are seen in, so saving asks why (the
reason is kept with the version) and first shows what it would do to today's waiting
list: how many referrals move up or down in rank, and the ten biggest moves. Old
versions can be read but not changed. After a new version, every waiting
referral's score is recorded again in its history, on a pool thread, with progress on
the page so the window never freezes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.app import Services
from advocacy_desk.domain.errors import AdvocacyDeskError, NotFound, ValidationError
from advocacy_desk.domain.matrix import (
    ANSWERS,
    CRITERIA,
    LEVEL_MEANINGS,
    PARAMETERS,
    POINTS_LIMIT,
    Matrix,
    answer_label,
    default_matrix,
    level_scale,
)
from advocacy_desk.domain.numbers import plural
from advocacy_desk.services.matrix import REASON_REQUIRED, MatrixPreview, MatrixVersion
from ui.bus import DataBus
from ui.widgets import ErrorLabel, FieldErrors, theme
from ui.widgets.views import table_text
from ui.worker import Progress, Worker, start

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
_PROBLEM = theme.ERROR


def rescored_message(count: int, version: int) -> str:
    """What the page says once the waiting list has been scored with a new version."""
    noun = "waiting referral" if count == 1 else "waiting referrals"
    return f"Rescored {count:,} {noun} with matrix version {version}."


def preview_text(preview: MatrixPreview, reason: str) -> str:
    """What saving would do, in words, for the question asked before saving."""
    changes = preview.changes
    if not changes.waiting:
        effect = "No one is waiting today, so no one's place changes."
    elif not (changes.moved_up or changes.moved_down):
        effect = f"All {plural(changes.waiting, 'waiting referral')} keep their places."
    else:
        effect = (
            f"Of the {plural(changes.waiting, 'referral')} waiting today, "
            f"{changes.moved_up:,} would move up in rank, {changes.moved_down:,} down and "
            f"{changes.unchanged:,} not at all."
        )
    lines = [f"Save this matrix as version {preview.version}?", "", effect]
    if changes.biggest:
        lines += ["", f"The {plural(len(changes.biggest), 'biggest move')}:"]
        lines += [
            f"{move.referral_ref}: rank {move.old_rank:,} → {move.new_rank:,}"
            for move in changes.biggest
        ]
    lines += ["", f"Why: {reason}"]
    return "\n".join(lines)


def ask_to_save(parent: QWidget, question: str) -> bool:
    """Save the new version or go back to the editor (Save the default)."""
    box = QMessageBox(QMessageBox.Icon.Question, "Save the new matrix?", question,
                      QMessageBox.StandardButton.NoButton, parent)  # fmt: skip
    save = box.addButton("Save new version", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Back to the editor", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.exec()
    return box.clickedButton() is save


def local_time(value: datetime, with_time: bool = True) -> str:
    """A stored time (UTC, naive from SQLite) as the local clock showed it."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    local = aware.astimezone()
    return f"{local:%d/%m/%Y %H:%M}" if with_time else f"{local:%d/%m/%Y}"


def version_summary(version: MatrixVersion) -> str:
    """One version in a sentence: when, by whom (if recorded), and why."""
    by = version_author(version)
    text = f"Version {version.version}, saved {local_time(version.created_at)}" + (
        f" by {by}." if by != NOBODY else "."
    )
    return f"{text} {version.note}" if version.note else text


#: The "By" of a version saved with no user name (the app does not ask for one yet).
NOBODY = "—"


def version_author(version: MatrixVersion) -> str:
    if version.created_by:
        return version.created_by
    return "Advocacy Desk" if version.version == 1 else NOBODY


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


class MatrixEditor(QWidget):
    """The matrix page of Settings: the editor on the left, its versions on the right."""

    #: A save made a new version (its number).
    saved = Signal(int)
    #: The waiting list was scored with the new version (how many referrals).
    rescored = Signal(int)
    #: Rescoring stopped with this message (the new version is still saved).
    rescore_failed = Signal(str)

    VERSION_COLUMNS = ("Version", "Date", "By", "Note")

    def __init__(self, services: Services, bus: DataBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.bus = bus
        self.current: Matrix = services.matrix.current()
        #: The version whose points are on show (``None`` for the shipped default).
        self.shown_version: int | None = self.current.version
        self.read_only = False
        #: Unsaved edits put aside while an old version is viewed.
        self._draft: Definition | None = None
        self._worker: Worker | None = None
        self._rescoring_version = 0
        self._loading = False
        self._starting_point = ""
        self._defaults: dict[str, Definition] = {
            item["key"]: item for item in default_matrix().to_dict()["criterion"]
        }
        self._present: set[str] = set()
        self._history: dict[int, MatrixVersion] = {}
        self._order: list[str] = list(CRITERIA)

        self.errors = FieldErrors()
        #: Asks before a new version is saved (tests replace it).
        self.ask_to_save: Callable[[QWidget, str], bool] = ask_to_save
        self.boxes: dict[str, CriterionBox] = {}
        for key in CRITERIA:
            box = CriterionBox(key, self._defaults.get(key, {}).get("label") or key)
            box.changed.connect(self._edited)
            box.remove_requested.connect(self.remove_criterion)
            self.errors.register(key, box.first_field, box.error)
            self.boxes[key] = box

        self._build()
        self._load(self.current.to_dict(), read_only=False)
        self._fill_versions()

    # -- layout -------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = QLabel()
        self.heading.setObjectName("matrixVersion")
        self.heading.setAccessibleName("Matrix version")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.heading.setFont(font)
        self.explanation = QLabel()
        self.explanation.setObjectName("matrixExplanation")
        self.explanation.setWordWrap(True)

        self.banner = QFrame()
        self.banner.setObjectName("readOnlyBanner")
        theme.style(
            self.banner,
            "QFrame#readOnlyBanner { background: $info_panel; border: 1px solid $info_edge; }",
        )
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        self.start_from_button = QPushButton("Start from this version")
        self.start_from_button.setToolTip(
            "Copy these points into the editor; saving them makes a new version"
        )
        self.start_from_button.clicked.connect(lambda: self.start_from_shown())
        self.back_button = QPushButton("Back to the current version")
        self.back_button.setToolTip("Leave this old version and edit the current one")
        self.back_button.clicked.connect(lambda: self.show_current())
        banner_row = QHBoxLayout(self.banner)
        banner_row.addWidget(self.banner_text, 1)
        banner_row.addWidget(self.start_from_button)
        banner_row.addWidget(self.back_button)

        self.criteria_area = QWidget()
        self.criteria_grid = QGridLayout(self.criteria_area)
        self.criteria_grid.setContentsMargins(0, 0, 4, 0)
        self.criteria_grid.setSpacing(8)
        self.criteria_grid.setColumnStretch(0, 1)
        self.criteria_grid.setColumnStretch(1, 1)
        self.no_criteria = QLabel(
            "No criteria left: every referral would score only its override. "
            "Add a criterion back below before saving."
        )
        self.no_criteria.setWordWrap(True)
        theme.style(self.no_criteria, _NEUTRAL)
        self.criteria_scroll = QScrollArea()
        self.criteria_scroll.setObjectName("criteria")
        self.criteria_scroll.setAccessibleName("Criteria")
        self.criteria_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its fields take the focus
        self.criteria_scroll.setWidgetResizable(True)
        self.criteria_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.criteria_scroll.setWidget(self.criteria_area)

        self.add_back_combo = QComboBox()
        self.add_back_combo.setAccessibleName("Removed criterion to add back")
        self.add_back_combo.setToolTip("The criteria taken out of the matrix")
        self.add_back_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.add_back_combo.setMinimumContentsLength(24)
        self.add_back_button = QPushButton("Add back")
        self.add_back_button.setToolTip(
            "Put the chosen criterion back in the matrix, with the points it had"
        )
        self.add_back_button.clicked.connect(lambda: self.add_back())
        self.add_back_row = QWidget()
        add_back = QHBoxLayout(self.add_back_row)
        add_back.setContentsMargins(0, 0, 0, 0)
        add_back_caption = QLabel("Removed criteria:")
        add_back_caption.setBuddy(self.add_back_combo)
        add_back.addWidget(add_back_caption)
        add_back.addWidget(self.add_back_combo, 1)
        add_back.addWidget(self.add_back_button)

        self.note = QLineEdit()
        self.note.setAccessibleName("Why this change")
        self.note.setPlaceholderText(
            "Why this change, for example: more weight on safeguarding after the audit"
        )
        self.note.setToolTip(
            "Required: kept with the new version and in each referral's score history"
        )
        self.note_error = ErrorLabel("Why this change")
        self.errors.register("reason", self.note, self.note_error)
        self.note.textEdited.connect(self._reason_edited)
        self.note_row = QWidget()
        note_row = QGridLayout(self.note_row)
        note_row.setContentsMargins(0, 0, 0, 0)
        note_caption = QLabel("Why this change:")
        note_caption.setBuddy(self.note)
        note_row.addWidget(note_caption, 0, 0)
        note_row.addWidget(self.note, 0, 1)
        note_row.addWidget(self.note_error, 1, 1)
        note_row.setColumnStretch(1, 1)

        self.restore_default_button = QPushButton("Restore default")
        self.restore_default_button.setToolTip(
            "Load the matrix shipped with Advocacy Desk into the editor; "
            "saving it makes a new version"
        )
        self.restore_default_button.clicked.connect(lambda: self.restore_default())
        self.discard_button = QPushButton("Discard changes")
        self.discard_button.setToolTip("Put back the points of the current version")
        self.discard_button.clicked.connect(lambda: self.discard_changes())
        self.save_button = QPushButton("Save as new version")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(lambda: self.save())
        self.changes_label = QLabel()
        self.changes_label.setObjectName("unsavedChanges")
        theme.style(self.changes_label, _NEUTRAL)
        self.buttons_row = QWidget()
        buttons = QHBoxLayout(self.buttons_row)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.restore_default_button)
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        buttons.addWidget(self.changes_label)
        buttons.addWidget(self.save_button)

        self.status = QLabel()
        self.status.setObjectName("matrixStatus")
        self.status.setAccessibleName("Matrix status")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Rescoring progress")
        self.progress.setRange(0, 100)
        self.progress.setHidden(True)
        self.retry_button = QPushButton("Rescore again")
        self.retry_button.setToolTip(
            "Record every waiting referral's score with the current version again"
        )
        self.retry_button.setHidden(True)
        self.retry_button.clicked.connect(lambda: self.rescore())
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.retry_button)

        editor = QWidget()
        left = QVBoxLayout(editor)
        left.setContentsMargins(0, 0, 8, 0)
        left.addWidget(self.heading)
        left.addWidget(self.explanation)
        left.addWidget(self.banner)
        left.addWidget(self.criteria_scroll, 1)
        left.addWidget(self.add_back_row)
        left.addWidget(self.note_row)
        left.addWidget(self.errors.general)
        left.addWidget(self.buttons_row)
        left.addWidget(self.progress)
        left.addLayout(status_row)

        versions_heading = QLabel("Versions")
        versions_font = versions_heading.font()
        versions_font.setBold(True)
        versions_heading.setFont(versions_font)
        self.versions = QTableWidget(0, len(self.VERSION_COLUMNS))
        self.versions.setObjectName("matrixVersions")
        self.versions.setAccessibleName("Matrix versions")
        self.versions.setToolTip("Every version of the matrix, newest first; double-click to view")
        self.versions.setHorizontalHeaderLabels(list(self.VERSION_COLUMNS))
        self.versions.verticalHeader().hide()
        self.versions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.versions.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.versions.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.versions.setTabKeyNavigation(False)
        self.versions.setAlternatingRowColors(True)
        self.versions.setWordWrap(False)
        header = self.versions.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.versions.doubleClicked.connect(lambda _index: self.view_selected())
        self.versions.itemSelectionChanged.connect(self._update_view_button)
        self.view_button = QPushButton("View version")
        self.view_button.setToolTip("Show the chosen version's points (old versions read only)")
        self.view_button.clicked.connect(lambda: self.view_selected())
        self.version_details = QLabel()
        self.version_details.setObjectName("versionDetails")
        self.version_details.setAccessibleName("Chosen version")
        self.version_details.setTextFormat(Qt.TextFormat.PlainText)
        self.version_details.setWordWrap(True)
        self.version_details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        view_row = QHBoxLayout()
        view_row.addStretch(1)
        view_row.addWidget(self.view_button)

        history = QWidget()
        right = QVBoxLayout(history)
        right.setContentsMargins(8, 0, 0, 0)
        right.addWidget(versions_heading)
        right.addWidget(self.versions, 1)
        right.addWidget(self.version_details)
        right.addLayout(view_row)
        history.setMinimumWidth(300)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(editor)
        self.splitter.addWidget(history)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([700, 340])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    # -- what is on show ------------------------------------------------------------

    def present_keys(self) -> list[str]:
        """The criteria in the matrix being edited, in order."""
        return [key for key in self._order if key in self._present]

    def removed_keys(self) -> list[str]:
        return [key for key in self._order if key not in self._present]

    def definition(self) -> Definition:
        """What the editor holds, as ``services.matrix.save`` takes it."""
        return {"criterion": [self.boxes[key].definition() for key in self.present_keys()]}

    def has_changes(self) -> bool:
        """True when saving would make a new version."""
        return not self.read_only and self.definition() != self.current.to_dict()

    @property
    def rescoring(self) -> bool:
        return self._worker is not None

    def _load(self, definition: Mapping[str, Any], *, read_only: bool) -> None:
        items: dict[str, Mapping[str, Any]] = {
            str(item["key"]): item for item in definition.get("criterion", [])
        }
        self._loading = True
        try:
            self._order = [*items, *(key for key in CRITERIA if key not in items)]
            self._present = set(items)
            for key, box in self.boxes.items():
                box.load(items.get(key) or self._defaults.get(key, {"key": key}))
                box.set_read_only(read_only)
            self.read_only = read_only
        finally:
            self._loading = False
        self.errors.clear()
        self._place_boxes()
        self._update_state()

    def _place_boxes(self) -> None:
        """Lay the criteria still in the matrix out in two columns, in order."""
        grid = self.criteria_grid
        for box in self.boxes.values():
            grid.removeWidget(box)
            box.setHidden(True)
        grid.removeWidget(self.no_criteria)
        for row in range(grid.rowCount()):
            grid.setRowStretch(row, 0)
        present = self.present_keys()
        for index, key in enumerate(present):
            box = self.boxes[key]
            grid.addWidget(box, index // 2, index % 2)
            box.setHidden(False)
        if not present:
            grid.addWidget(self.no_criteria, 0, 0, 1, 2)
        # After addWidget: taking a new parent hides a widget.
        self.no_criteria.setHidden(bool(present))
        grid.setRowStretch((len(present) + 1) // 2 + 1, 1)

    def _update_state(self) -> None:
        version = self.current.version
        next_version = version + 1
        if self.read_only:
            self.heading.setText(f"Version {self.shown_version} (read only)")
            self.explanation.setText(
                "An old version, kept so that every recorded score can say which points "
                "it was computed with."
            )
            self.banner_text.setText(
                f"You are looking at version {self.shown_version}. The current version is "
                f"{version}. To use these points again, start from this version and save."
            )
        else:
            self.heading.setText(f"Version {version} (current)")
            self.explanation.setText(
                self._starting_point
                or "Each waiting referral scores the points of its answer on every criterion "
                "below, plus any manager override; the list is ranked highest first. "
                f"Change the points, then save: that makes version {next_version} and "
                "records every waiting referral's new score in its history."
            )
        self.banner.setVisible(self.read_only)
        for widget in (self.note_row, self.buttons_row):
            widget.setHidden(self.read_only)
        removed = self.removed_keys()
        self.add_back_row.setHidden(self.read_only or not removed)
        keep = self.add_back_combo.currentData()
        self.add_back_combo.clear()
        for key in removed:
            self.add_back_combo.addItem(self.boxes[key].label, key)
        if keep in removed:
            self.add_back_combo.setCurrentIndex(removed.index(keep))
        changed = self.has_changes()
        self.changes_label.setText("Changes not saved yet." if changed else "")
        self.discard_button.setEnabled(changed)
        self.save_button.setEnabled(not self.read_only and not self.rescoring)
        self.save_button.setToolTip(
            "Wait for the waiting list to finish rescoring"
            if self.rescoring
            else f"Save these points as version {next_version} and rescore the waiting list"
        )

    def _edited(self) -> None:
        if not self._loading:
            self._update_state()

    # -- versions ---------------------------------------------------------------------

    def _fill_versions(self) -> None:
        history = self.services.matrix.versions()
        self._history = {entry.version: entry for entry in history}
        table = self.versions
        table.setRowCount(len(history))
        for row, entry in enumerate(history):
            number = str(entry.version)
            if entry.version == self.current.version:
                number += " (current)"
            cells = (
                number,
                local_time(entry.created_at, with_time=False),
                version_author(entry),
                entry.note,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, entry.version)
                item.setToolTip(version_summary(entry))
                table.setItem(row, column, item)
        self._select_version(self.shown_version)
        self._update_view_button()

    def version_rows(self) -> list[tuple[str, ...]]:
        """The versions table as text, row by row (what the user reads)."""
        return table_text(self.versions)

    def _select_version(self, version: int | None) -> None:
        for row in range(self.versions.rowCount()):
            item = self.versions.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == version:
                self.versions.selectRow(row)
                return
        self.versions.clearSelection()

    def selected_version(self) -> int | None:
        items = self.versions.selectedItems()
        if not items:
            return None
        version = items[0].data(Qt.ItemDataRole.UserRole)
        return version if isinstance(version, int) else None

    def _update_view_button(self) -> None:
        version = self.selected_version()
        self.view_button.setEnabled(version is not None)
        entry = self._history.get(version) if version is not None else None
        self.version_details.setText(version_summary(entry) if entry else "")
        if version == self.current.version:
            self.view_button.setText("Edit current version")
        else:
            self.view_button.setText("View version")

    def view_selected(self) -> None:
        version = self.selected_version()
        if version is not None:
            self.view_version(version)

    def view_version(self, version: int) -> None:
        """Show ``version``: the current one to edit, an older one read only."""
        if version == self.current.version:
            self.show_current()
            return
        try:
            matrix = self.services.matrix.get(version)
        except NotFound:
            self.status.setText(f"Version {version} is not in the database any more.")
            return
        if self.has_changes():
            self._draft = self.definition()
        self.shown_version = version
        self._load(matrix.to_dict(), read_only=True)
        self._select_version(version)
        self.status.setText("")

    def show_current(self) -> None:
        """Edit the current version again (with any unsaved changes put back)."""
        draft, self._draft = self._draft, None
        self.shown_version = self.current.version
        self._starting_point = ""
        self._load(draft or self.current.to_dict(), read_only=False)
        self._select_version(self.current.version)
        self.status.setText("Your unsaved changes are back." if draft else "")

    def start_from_shown(self) -> None:
        """Copy the old version on show into the editor, to save as a new version."""
        if not self.read_only or self.shown_version is None:
            return
        old = self.shown_version
        self._draft = None
        self._starting_point = (
            f"Started from version {old}. Saving makes these points version "
            f"{self.current.version + 1}; until then version {self.current.version} "
            "stays in use."
        )
        self._load(self.definition(), read_only=False)
        self.status.setText("")

    def restore_default(self) -> None:
        """Load the matrix shipped with Advocacy Desk into the editor (not saved yet)."""
        self._draft = None
        self.shown_version = None
        default = default_matrix().to_dict()
        self._starting_point = (
            "The default matrix shipped with Advocacy Desk is loaded. Saving makes it "
            f"version {self.current.version + 1}; until then version "
            f"{self.current.version} stays in use."
        )
        self._load(default, read_only=False)
        self._select_version(None)
        self.status.setText(
            ""
            if self.has_changes()
            else f"The default matrix is the same as version {self.current.version}, "
            "so there is nothing to save."
        )

    def discard_changes(self) -> None:
        self._draft = None
        self.show_current()

    # -- unsaved work, asked about before the window closes (HoldsUnsavedWork) -------

    def unsaved_work(self) -> list[str]:
        if self.has_changes() or self._draft is not None:
            return ["Prioritisation matrix: a new version not saved"]
        return []

    def save_unsaved_work(self) -> bool:
        """Save the changes as a new version (put back first if an old version is on
        show); False, with the reasons shown, when the service refuses."""
        if self._draft is not None:
            self.show_current()
        return self.save()

    def discard_unsaved_work(self) -> None:
        self.discard_changes()

    # -- editing --------------------------------------------------------------------

    def remove_criterion(self, key: str) -> None:
        if self.read_only or key not in self._present:
            return
        self._present.discard(key)
        self._place_boxes()
        self._update_state()
        label = self.boxes[key].label
        self.status.setText(f"Removed “{label}”. Add it back below, or save to make it so.")
        self.add_back_combo.setCurrentIndex(self.removed_keys().index(key))
        self.add_back_combo.setFocus(Qt.FocusReason.OtherFocusReason)

    def add_back(self, key: str | None = None) -> None:
        """Put a removed criterion back, in its place, with the points it had."""
        data = self.add_back_combo.currentData()
        key = key if key is not None else (data if isinstance(data, str) else None)
        if self.read_only or key is None or key in self._present or key not in self.boxes:
            return
        self._present.add(key)
        self._place_boxes()
        self._update_state()
        box = self.boxes[key]
        box.error.set_message("")
        self.status.setText(f"Added back “{box.label}”.")
        self.criteria_scroll.ensureWidgetVisible(box)
        box.first_field.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- saving -----------------------------------------------------------------------

    def save(self) -> bool:
        """Save what the editor holds as a new version; True when one was made.

        Nothing is saved when the service refuses the matrix (the messages appear next
        to the criteria they name) or when nothing changed.
        """
        if self.read_only or self.rescoring:
            return False
        self.errors.clear()
        before = self.current.version
        present = self.present_keys()
        definition = self.definition()
        reason = self.note.text().strip()
        try:
            preview = self.services.matrix.preview(definition)
            if preview.same_as_current:
                self.status.setText(
                    f"Nothing to save: the criteria and points are the same as version "
                    f"{before}, so no new version was made."
                )
                return False
            if not reason:
                raise ValidationError({"reason": REASON_REQUIRED})
            if not self.ask_to_save(self, preview_text(preview, reason)):
                self.status.setText("Not saved: the changes are still in the editor.")
                return False
            saved = self.services.matrix.save(definition, reason)
        except ValidationError as exc:
            self._show_errors(exc.errors, present)
            self.status.setText("")
            return False
        except AdvocacyDeskError as exc:
            self.errors.general.set_message(f"Not saved: {exc}")
            return False
        if saved.version <= before:
            self.status.setText(
                f"Nothing to save: the criteria and points are the same as version {before}, "
                "so no new version was made."
            )
            return False
        note = reason
        self.current = saved
        self.shown_version = saved.version
        self._draft = None
        self._starting_point = ""
        self.note.clear()
        self._load(saved.to_dict(), read_only=False)
        self._fill_versions()
        self.saved.emit(saved.version)
        self.rescore(note)
        return True

    def _reason_edited(self, text: str) -> None:
        """The "reason needed" message goes as soon as there is one."""
        if text.strip():
            self.note_error.set_message("")

    def _show_errors(self, errors: Mapping[str, str], present: Sequence[str]) -> None:
        """Each message next to the criterion it names ("criterion 3" is the third)."""
        placed: dict[str, str] = {}
        for name, message in errors.items():
            where = name
            number = name.removeprefix("criterion ")
            if number.isdigit() and 1 <= int(number) <= len(present):
                where = present[int(number) - 1]
            placed[where] = message
        self.errors.show(placed)
        named = [self.boxes[key].label for key in present if key in placed]
        if named and not self.errors.general.message:
            which = "; ".join(f"“{label}”" for label in named)
            self.errors.general.set_message(
                f"Not saved: fix {which} (the message in red), then save again."
            )
        if named:
            first = next(key for key in present if key in placed)
            self.criteria_scroll.ensureWidgetVisible(self.boxes[first])

    # -- rescoring --------------------------------------------------------------------

    def rescore(self, note: str = "") -> None:
        """Record every waiting referral's score with the current version, on a pool
        thread; progress shows on the page."""
        if self.rescoring:
            return
        version = self.current.version
        waiting_list = self.services.waiting_list
        text = note or f"Matrix changed to version {version}."

        def job(report: Progress) -> int:
            return waiting_list.rescore_all(note=text, progress=report)

        worker = Worker(job)
        worker.signals.progress.connect(self._rescore_progress)
        worker.signals.finished.connect(self._rescore_finished)
        worker.signals.failed.connect(self._rescore_failed)
        self._worker = worker
        self._rescoring_version = version
        self.retry_button.setHidden(True)
        self.progress.setValue(0)
        self.progress.setHidden(False)
        theme.style(self.status, "")
        self.status.setText(f"Saved as version {version}. Rescoring the waiting list…")
        self._update_state()
        start(worker)

    def _rescore_progress(self, message: str, fraction: float) -> None:
        self.progress.setValue(round(max(0.0, min(fraction, 1.0)) * 100))
        self.status.setText(f"Saved as version {self._rescoring_version}. {message}")

    def _rescore_finished(self, result: object) -> None:
        count = result if isinstance(result, int) else 0
        self._worker = None
        self.progress.setValue(100)
        self.progress.setHidden(True)
        theme.style(self.status, "")
        self.status.setText(rescored_message(count, self._rescoring_version))
        self._update_state()
        self.bus.changed.emit("referral")
        self.rescored.emit(count)

    def _rescore_failed(self, message: str) -> None:
        self._worker = None
        self.progress.setHidden(True)
        theme.style(self.status, _PROBLEM)
        self.status.setText(
            f"Version {self._rescoring_version} is saved and the waiting list ranks by it, "
            f"but recording the new scores in each referral's history stopped: {message}. "
            "Choose Rescore again to finish."
        )
        self.retry_button.setHidden(False)
        self._update_state()
        # The ranking changed with the new version even though the history is unfinished.
        self.bus.changed.emit("referral")
        self.rescore_failed.emit(message)
