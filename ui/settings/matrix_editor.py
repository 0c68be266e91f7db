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

Each criterion's box is :class:`~ui.settings.criterion_box.CriterionBox`; the versions
list beside the editor is :class:`~ui.settings.matrix_versions.VersionsPanel`. Both are
importable from here too, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.app import Services
from advocacy_desk.domain.errors import AdvocacyDeskError, NotFound, ValidationError
from advocacy_desk.domain.matrix import CRITERIA, Matrix, default_matrix
from advocacy_desk.domain.numbers import plural
from advocacy_desk.records.matrix import MatrixPreview
from advocacy_desk.services.matrix import REASON_REQUIRED
from ui import tasks
from ui.bus import DataBus
from ui.settings.criterion_box import (
    CRITERION_HINTS,
    PARAMETER_LABELS,
    PARAMETER_LIMIT,
    PARAMETER_SUFFIXES,
    PARAMETER_TIPS,
    CriterionBox,
    Definition,
)
from ui.settings.matrix_versions import (
    NOBODY,
    VERSION_COLUMNS,
    VersionsPanel,
    local_time,
    version_author,
    version_summary,
)
from ui.tasks import Progress
from ui.widgets import ErrorLabel, FieldErrors, theme

__all__ = [
    "CRITERION_HINTS",
    "NOBODY",
    "PARAMETER_LABELS",
    "PARAMETER_LIMIT",
    "PARAMETER_SUFFIXES",
    "PARAMETER_TIPS",
    "VERSION_COLUMNS",
    "CriterionBox",
    "Definition",
    "MatrixEditor",
    "VersionsPanel",
    "ask_to_save",
    "local_time",
    "preview_text",
    "rescored_message",
    "version_author",
    "version_summary",
]

_NEUTRAL = theme.HINT
_PROBLEM = theme.ERROR


#: Why the history stopped, when the user stopped it (read after "stopped: ").
STOPPED = "you stopped it"


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


class MatrixEditor(QWidget):
    """The matrix page of Settings: the editor on the left, its versions on the right."""

    #: A save made a new version (its number).
    saved = Signal(int)
    #: The waiting list was scored with the new version (how many referrals).
    rescored = Signal(int)
    #: Rescoring stopped with this message (the new version is still saved).
    rescore_failed = Signal(str)

    VERSION_COLUMNS = VERSION_COLUMNS

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
        #: The rescoring under way, to cancel.
        self._rescore_task: tasks.Task[int] | None = None
        self._rescoring_version = 0
        self._loading = False
        self._starting_point = ""
        self._defaults: dict[str, Definition] = {
            item["key"]: item for item in default_matrix().to_dict()["criterion"]
        }
        self._present: set[str] = set()
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
        """The editor on the left (criteria, reason, buttons, progress), the versions on
        the right; built in this order, which is the Tab order."""
        self._build_heading()
        self._build_banner()
        self._build_criteria()
        self._build_add_back()
        self._build_note()
        self._build_buttons()
        editor = self._build_editor(self._build_status())
        self.versions_panel = history = VersionsPanel()
        self.versions = history.versions
        self.view_button = history.view_button
        self.version_details = history.version_details
        self.versions.doubleClicked.connect(lambda _index: self.view_selected())
        self.versions.itemSelectionChanged.connect(self._update_view_button)
        self.view_button.clicked.connect(lambda: self.view_selected())

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

    def _build_heading(self) -> None:
        """Which version is on show, and what editing it does."""
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

    def _build_banner(self) -> None:
        """The banner over an old version: read only, start from it, or go back."""
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

    def _build_criteria(self) -> None:
        """The criteria in two columns, scrolling; a note when none are left."""
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

    def _build_add_back(self) -> None:
        """The row that puts a removed criterion back (hidden while none is removed)."""
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

    def _build_note(self) -> None:
        """Why this change: required, kept with the version and in each history."""
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

    def _build_buttons(self) -> None:
        """Restore default, Discard changes, and Save as new version."""
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

    def _build_status(self) -> QHBoxLayout:
        """What happened, rescoring progress, and Rescore again; the row they sit in."""
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
        self.cancel_rescore_button = QPushButton("Stop rescoring")
        self.cancel_rescore_button.setToolTip(
            "Stop recording the new scores after the batch under way; the new version stays "
            "saved and ranks the list, and Rescore again finishes the history later"
        )
        self.cancel_rescore_button.setHidden(True)
        self.cancel_rescore_button.clicked.connect(self.cancel_rescore)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.cancel_rescore_button)
        status_row.addWidget(self.retry_button)
        return status_row

    def _build_editor(self, status_row: QHBoxLayout) -> QWidget:
        """The left-hand column: everything built so far, top to bottom."""
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
        return editor

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
        return self._rescore_task is not None

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
        self.versions_panel.fill(self.services.matrix.versions(), self.current.version)
        self._select_version(self.shown_version)
        self._update_view_button()

    def version_rows(self) -> list[tuple[str, ...]]:
        """The versions table as text, row by row (what the user reads)."""
        return self.versions_panel.rows()

    def _select_version(self, version: int | None) -> None:
        self.versions_panel.select(version)

    def selected_version(self) -> int | None:
        return self.versions_panel.selected()

    def _update_view_button(self) -> None:
        self.versions_panel.update_view_button(self.current.version)

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

        self._rescore_task = tasks.run(
            job,
            owner=self,
            on_done=self._rescore_finished,
            on_failed=self._rescore_failed,
            on_progress=self._rescore_progress,
            # Each batch is its own transaction: stopped, the history is whole up to it.
            on_cancelled=lambda: self._rescore_failed(STOPPED),
        )
        self._rescoring_version = version
        self.retry_button.setHidden(True)
        self.cancel_rescore_button.setEnabled(True)
        self.cancel_rescore_button.setHidden(False)
        self.progress.setValue(0)
        self.progress.setHidden(False)
        theme.style(self.status, "")
        self.status.setText(f"Saved as version {version}. Rescoring the waiting list…")
        self._update_state()

    def cancel_rescore(self) -> None:
        """Stop the rescoring under way once the batch being written is whole."""
        if self._rescore_task is not None:
            self._rescore_task.cancel()
            self.cancel_rescore_button.setEnabled(False)

    def _rescore_ended(self) -> None:
        self._rescore_task = None
        self.cancel_rescore_button.setHidden(True)
        self.progress.setHidden(True)

    def _rescore_progress(self, message: str, fraction: float) -> None:
        self.progress.setValue(round(max(0.0, min(fraction, 1.0)) * 100))
        self.status.setText(f"Saved as version {self._rescoring_version}. {message}")

    def _rescore_finished(self, count: int) -> None:
        self._rescore_ended()
        self.progress.setValue(100)
        theme.style(self.status, "")
        self.status.setText(rescored_message(count, self._rescoring_version))
        self._update_state()
        self.rescored.emit(count)

    def _rescore_failed(self, message: str) -> None:
        self._rescore_ended()
        theme.style(self.status, _PROBLEM)
        self.status.setText(
            f"Version {self._rescoring_version} is saved and the waiting list ranks by it, "
            f"but recording the new scores in each referral's history stopped: {message}. "
            "Choose Rescore again to finish."
        )
        self.retry_button.setHidden(False)
        self._update_state()
        self.rescore_failed.emit(message)
