"""A Settings tab that edits records one at a time: a table on the left, an editor on
the right (Settings > Advocates and Settings > Contracts).

:class:`RecordEditor` holds what such tabs share. The table lists the records, keyed by
id; choosing one puts it in the editor. Edits not saved yet are kept per record in
:attr:`RecordEditor.drafts` while another is chosen (the row's name goes italic) and
come back when it is chosen again. Save stores the record through the service (its
commit tells every view, through the data bus); Discard changes puts back what is saved.
The tab reads its records again when what it watches (``WATCHES``) changes elsewhere,
or when it is next shown if it was hidden then.

A subclass says what is specific to it: its wording (:class:`Wording`), its columns
and cell text, its fields (how to read, fill and compare them) and how it loads, saves
and adds records through its service. :class:`AddDialog` is the dialog that adds one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.app import Services
from advocacy_desk.domain.errors import AdvocacyDeskError, ValidationError
from ui.bus import DataBus
from ui.widgets import FieldErrors, RunModal, run_modal, theme
from ui.widgets.screen import scrolling
from ui.widgets.unsaved import GuardedDialog
from ui.widgets.watching import Watch

NEUTRAL = theme.HINT
#: Dark amber: readable on white (contrast above 4.5:1), for "be aware", not "wrong".
CAUTION = theme.CAUTION


def hint(text: str = "") -> QLabel:
    """Grey explanatory text."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    theme.style(label, NEUTRAL)
    return label


def heading(text: str, scale: float = 1.2) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    return label


def item(text: str, tip: str) -> QTableWidgetItem:
    """A table cell."""
    cell = QTableWidgetItem(text)
    cell.setToolTip(tip)
    return cell


class Record(Protocol):
    @property
    def id(self) -> int: ...


R = TypeVar("R", bound=Record)
#: What the editor's fields hold for a record (compared with ``!=`` to find changes).
D = TypeVar("D")


@dataclass(frozen=True)
class Wording:
    """A tab's object names, accessible names and texts. ``{name}`` in a text is the
    record's name (:meth:`RecordEditor.name`)."""

    table: str  #: the table's object name
    table_name: str  #: ... its accessible name
    table_tip: str
    intro: str
    empty: str  #: said instead of the table when there are no records
    empty_name: str
    count_name: str
    count: tuple[str, str]  #: the count below the table: "1 {one}", "2 {many}"
    add: str  #: the add button
    add_tip: str
    heading_name: str
    summary_name: str
    discard_tip: str
    status_name: str
    status_accessible: str
    editor_name: str
    none_heading: str  #: the editor's heading when nothing is chosen
    none_summary: str  #: ... and what it says when there are records to choose
    none_summary_empty: str  #: ... and when there are none
    save_tip: str
    save_tip_none: str
    nothing_to_save: str
    held: str  #: said when leaving a record with changes not saved yet
    back: str  #: said when coming back to it


class AddDialog(GuardedDialog, Generic[R]):
    """Add a record. After ``accept()``, :attr:`added` is what was added.

    A subclass builds its fields, then calls :meth:`_lay_out`; it says how the record
    is created in :meth:`_create`.
    """

    def __init__(self, services: Services, title: str, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.added: R | None = None
        self.setWindowTitle(title)

    def _lay_out(
        self, errors: FieldErrors, intro: str, body: QWidget | QLayout, save_tip: str
    ) -> None:
        """Heading, ``intro``, general errors, ``body``, then Cancel and Add."""
        self.errors = errors
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = QPushButton("Add")
        self.save_button.setToolTip(save_tip)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.set_main_button(self.save_button)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.windowTitle(), 1.25))
        layout.addWidget(hint(intro))
        layout.addWidget(errors.general)
        if isinstance(body, QLayout):
            layout.addLayout(body)
        else:
            layout.addWidget(body)
        layout.addWidget(self.buttons)

    def _create(self) -> R:
        """Add the record through the service, from what the fields hold."""
        raise NotImplementedError

    def save(self) -> bool:
        """Add the record; on success the dialog is accepted. Nothing is saved otherwise."""
        self.errors.clear()
        try:
            # The tab that opened it chooses what was added once it closes.
            with DataBus.initiated_by(self.parent()):
                added = self._create()
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return False
        except AdvocacyDeskError as exc:
            self.errors.show({"": f"Not added: {exc}"})
            return False
        self.added = added
        self.accept()
        return True


class RecordEditor(QWidget, Generic[R, D]):
    """A table of records of type ``R`` and an editor whose fields hold a ``D``."""

    COLUMNS: tuple[str, ...] = ()
    #: What it shows (table names): a change to them made elsewhere reads it again.
    WATCHES: frozenset[str] = frozenset()
    WORDING: Wording
    #: Stretch factors of the table and the editor.
    STRETCH = (3, 2)
    #: What one record is called when the app lists unsaved work ("Contract", ...).
    NOUN = "Record"

    def __init__(self, services: Services, bus: DataBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.bus = bus
        #: Shows a dialog modally; tests replace it so nothing ever waits for a click.
        self.run_modal: RunModal = run_modal
        self.records: list[R] = []
        #: Unsaved edits, by record id, kept while another record is chosen.
        self.drafts: dict[int, D] = {}
        #: Which record the editor shows.
        self.shown_id: int | None = None
        self._loading = False
        self._build()
        #: Its own saves and adds it shows itself.
        self.watch = Watch(bus, self, self.WATCHES, lambda _changes: self.refresh(), ignore=self)
        self.refresh()

    # -- what a subclass says -------------------------------------------------------

    def _load(self) -> list[R]:
        """Read the records from the service (and anything else the table shows)."""
        raise NotImplementedError

    def _items(self, record: R) -> Sequence[QTableWidgetItem]:
        """The record's row, a cell per column (see :func:`item`)."""
        raise NotImplementedError

    def _set_up_columns(self, header: QHeaderView) -> None:
        """How the columns are sized."""

    def _filled(self) -> None:
        """After the rows are put in the table."""

    def _build_fields(self, column: QVBoxLayout) -> FieldErrors:
        """Add the editor's fields to ``column``; the errors they report into."""
        raise NotImplementedError

    def name(self, record: R) -> str:
        """What the user calls the record."""
        raise NotImplementedError

    def _row_tip(self, record: R) -> str:
        """The tooltip of the record's name in the table."""
        return self.name(record)

    def _summary(self, record: R) -> str:
        """The line under the editor's heading."""
        raise NotImplementedError

    def edited(self) -> D:
        """What the editor holds."""
        raise NotImplementedError

    def _as_saved(self, record: R) -> D:
        """What the editor holds for the record as saved."""
        raise NotImplementedError

    def _blank(self) -> D:
        """What the editor holds when nothing is chosen."""
        raise NotImplementedError

    def _put_fields(self, values: D) -> None:
        """Fill the fields."""
        raise NotImplementedError

    def _store(self, record: R) -> R:
        """Save what the editor holds for ``record`` through the service; the saved
        record. ``ValidationError`` names the fields it refuses."""
        raise NotImplementedError

    def _saved_message(self, record: R) -> str:
        raise NotImplementedError

    def _added_message(self, record: R) -> str:
        raise NotImplementedError

    # -- layout -------------------------------------------------------------------

    def _build(self) -> None:
        words = self.WORDING
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName(words.table)
        self.table.setAccessibleName(words.table_name)
        self.table.setToolTip(words.table_tip)
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self._set_up_columns(self.table.horizontalHeader())
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.empty = hint(words.empty)
        self.empty.setObjectName(words.empty_name)
        self.count_label = hint()
        self.count_label.setObjectName(words.count_name)
        self.add_button = QPushButton(words.add)
        self.add_button.setToolTip(words.add_tip)
        below = QHBoxLayout()
        below.addWidget(self.count_label, 1)
        below.addWidget(self.add_button)

        listing = QWidget()
        left = QVBoxLayout(listing)
        left.setContentsMargins(0, 0, 8, 0)
        left.addWidget(hint(words.intro))
        left.addWidget(self.table, 1)
        left.addWidget(self.empty)
        left.addLayout(below)

        # -- the editor for the record chosen
        self.heading = heading("")
        self.heading.setObjectName(words.heading_name)
        self.summary = hint()
        self.summary.setObjectName(words.summary_name)

        self.discard_button = QPushButton("Discard changes")
        self.discard_button.setToolTip(words.discard_tip)
        self.discard_button.clicked.connect(lambda: self.discard_changes())
        self.save_button = QPushButton("Save")
        self.save_button.clicked.connect(lambda: self.save())
        self.changes_label = hint()
        self.changes_label.setObjectName("unsavedChanges")
        self.changes_label.setWordWrap(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        buttons.addWidget(self.changes_label)
        buttons.addWidget(self.save_button)

        #: The fields and buttons, disabled while nothing is chosen.
        self.editing = QWidget()
        column = QVBoxLayout(self.editing)
        column.setContentsMargins(0, 0, 0, 0)
        self.errors = self._build_fields(column)
        column.addWidget(self.errors.general)
        column.addLayout(buttons)

        self.status = QLabel()
        self.status.setObjectName(words.status_name)
        self.status.setAccessibleName(words.status_accessible)
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)

        self.editor = QWidget()
        self.editor.setObjectName(words.editor_name)
        right = QVBoxLayout(self.editor)
        right.setContentsMargins(8, 0, 0, 0)
        right.addWidget(self.heading)
        right.addWidget(self.summary)
        right.addSpacing(4)
        right.addWidget(self.editing)
        right.addWidget(self.status)
        right.addStretch(1)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(listing, self.STRETCH[0])
        #: The editor scrolls up and down on its own when the window is short.
        self.editor_area = scrolling(self.editor, f"{words.editor_name}Scroll", sideways=False)
        layout.addWidget(self.editor_area, self.STRETCH[1])

    # -- what is on show ------------------------------------------------------------

    def refresh(self, keep_edits: bool = True) -> None:
        """Read the records again, keeping the one chosen (and, unless ``keep_edits``
        is False, what the editor holds for it)."""
        self.watch.fresh()
        keep = self.shown_id
        held = self.edited() if keep_edits and self.has_changes() else None
        if keep is not None:
            self.drafts.pop(keep, None)
        self.records = self._load()
        known = {record.id for record in self.records}
        self.drafts = {key: value for key, value in self.drafts.items() if key in known}
        self._fill()
        if keep is not None and self._select_row(keep):
            self._show(self.shown())
            if held is not None:
                self._put(held)
                self._update_state()
            return
        keep = self.records[0].id if self.records else None
        if keep is not None:
            self._select_row(keep)
        self.shown_id = keep
        self._show(self.shown())

    def record(self, record_id: int | None) -> R | None:
        return next((r for r in self.records if r.id == record_id), None)

    def shown(self) -> R | None:
        """The record the editor shows."""
        return self.record(self.shown_id)

    def select(self, record_id: int) -> bool:
        """Choose the record in the table (and so in the editor); False if not listed."""
        for row in range(self.table.rowCount()):
            if self._row_id(row) == record_id:
                self.table.selectRow(row)
                return True
        return False

    def _select_row(self, record_id: int) -> bool:
        """Select the record's row without the editor following (it is loaded after)."""
        blocked = self.table.blockSignals(True)
        try:
            return self.select(record_id)
        finally:
            self.table.blockSignals(blocked)

    def rows(self) -> list[tuple[str, ...]]:
        """The table as text, row by row (what the user reads)."""
        return [
            tuple(self._cell(row, column) for column in range(self.table.columnCount()))
            for row in range(self.table.rowCount())
        ]

    def has_changes(self) -> bool:
        record = self.shown()
        return record is not None and self.edited() != self._as_saved(record)

    def _fill(self) -> None:
        table = self.table
        with_selection = table.blockSignals(True)
        try:
            table.clearSelection()
            table.setRowCount(len(self.records))
            for row, record in enumerate(self.records):
                for column, item in enumerate(self._items(record)):
                    item.setData(Qt.ItemDataRole.UserRole, record.id)
                    table.setItem(row, column, item)
                self._mark_draft(row, record)
        finally:
            table.blockSignals(with_selection)
        self._filled()
        table.setVisible(bool(self.records))
        self.empty.setVisible(not self.records)
        count = len(self.records)
        one, many = self.WORDING.count
        self.count_label.setText(f"{count} {one if count == 1 else many}")

    def _mark_draft(self, row: int, record: R) -> None:
        """Italic name, and a tooltip, for a record with changes not saved yet."""
        item = self.table.item(row, 0)
        if item is None:
            return
        draft = record.id in self.drafts
        font = item.font()
        font.setItalic(draft)
        item.setFont(font)
        base = self._row_tip(record)
        item.setToolTip(f"{base}: changes not saved yet" if draft else base)

    def _row_id(self, row: int) -> int | None:
        item = self.table.item(row, 0)
        data = None if item is None else item.data(Qt.ItemDataRole.UserRole)
        return data if isinstance(data, int) else None

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def _selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self._row_id(rows[0].row()) if rows else None

    def _selection_changed(self) -> None:
        chosen = self._selected_id()
        if chosen == self.shown_id:
            return
        previous = self.shown()
        said = ""
        if previous is not None and self.has_changes():
            self.drafts[previous.id] = self.edited()
            self._mark_row(previous.id)
            said = self.WORDING.held.format(name=self.name(previous))
        elif previous is not None:
            self.drafts.pop(previous.id, None)
            self._mark_row(previous.id)
        self.shown_id = chosen
        record = self.shown()
        if record is not None and record.id in self.drafts:
            back = self.WORDING.back.format(name=self.name(record))
            said = f"{said} {back}".strip()
        theme.style(self.status, CAUTION if said else "")
        self.status.setText(said)
        self._show(record)

    def _mark_row(self, record_id: int) -> None:
        record = self.record(record_id)
        for row in range(self.table.rowCount()):
            if record is not None and self._row_id(row) == record_id:
                self._mark_draft(row, record)

    def _show(self, record: R | None) -> None:
        """Put ``record`` (or its unsaved draft) in the editor."""
        self.errors.clear()
        self.editing.setEnabled(record is not None)
        if record is None:
            self.heading.setText(self.WORDING.none_heading)
            self.summary.setText(
                self.WORDING.none_summary if self.records else self.WORDING.none_summary_empty
            )
            self._put(self._blank())
        else:
            self.heading.setText(self.name(record))
            self.summary.setText(self._summary(record))
            draft = self.drafts.get(record.id)
            self._put(self._as_saved(record) if draft is None else draft)
        self._update_state()

    def _put(self, values: D) -> None:
        self._loading = True
        try:
            self._put_fields(values)
        finally:
            self._loading = False

    def _edited(self, *_args: object) -> None:
        if not self._loading:
            self._update_state()

    def _update_state(self) -> None:
        record = self.shown()
        changed = self.has_changes()
        self.changes_label.setText("Changes not saved yet." if changed else "")
        self.discard_button.setEnabled(changed)
        self.save_button.setEnabled(record is not None)
        self.save_button.setToolTip(
            self.WORDING.save_tip.format(name=self.name(record))
            if record is not None
            else self.WORDING.save_tip_none
        )

    # -- what the user does -----------------------------------------------------------

    def save(self) -> bool:
        """Save the record shown; True when saved.

        Nothing is saved when the service refuses (the messages appear next to the
        fields they name) or when nothing changed.
        """
        record = self.shown()
        if record is None:
            return False
        self.errors.clear()
        theme.style(self.status, "")
        name = self.name(record)
        if not self.has_changes():
            self.status.setText(self.WORDING.nothing_to_save.format(name=name))
            return False
        try:
            with self.bus.initiated_by(self):
                saved = self._store(record)
        except ValidationError as exc:
            self.errors.show(exc.errors)
            self.status.setText("")
            self.errors.general.set_message(
                self.errors.general.message
                or f"Not saved: fix what is in red for {name}, then save again."
            )
            return False
        except AdvocacyDeskError as exc:
            self.errors.general.set_message(f"Not saved: {exc}")
            self.status.setText("")
            return False
        self.drafts.pop(saved.id, None)
        self.shown_id = saved.id
        self.refresh(keep_edits=False)
        self.status.setText(self._saved_message(saved))
        return True

    # -- unsaved work, asked about before the window closes (HoldsUnsavedWork) -------

    def unsaved_work(self) -> list[str]:
        """Each record with changes not saved: the one shown, and those held aside."""
        changed = set(self.drafts)
        if self.has_changes() and self.shown_id is not None:
            changed.add(self.shown_id)
        return [f"{self.NOUN} {self.name(r)}" for r in self.records if r.id in changed]

    def save_unsaved_work(self) -> bool:
        """Save the record shown, then each held aside; stop at the first refused (it
        is left on show with the reasons under its fields)."""
        if self.has_changes() and not self.save():
            return False
        for record_id in list(self.drafts):
            if not self.select(record_id) or not self.save():
                return False
        return True

    def discard_unsaved_work(self) -> None:
        self.drafts.clear()
        self.discard_changes()
        self._fill()

    def discard_changes(self) -> None:
        """Put back the saved record shown."""
        record = self.shown()
        if record is None:
            return
        self.drafts.pop(record.id, None)
        self._mark_row(record.id)
        self._show(record)
        theme.style(self.status, "")
        self.status.setText("")

    def _add(self, dialog: AddDialog[R]) -> R | None:
        """Run the add ``dialog`` (tests replace :attr:`run_modal`), then choose what
        was added."""
        try:
            accepted = self.run_modal(dialog) == QDialog.DialogCode.Accepted
            record = dialog.added if accepted else None
        finally:
            dialog.deleteLater()
        if record is None:
            return None
        self.refresh()
        self.select(record.id)
        theme.style(self.status, "")
        self.status.setText(self._added_message(record))
        return record
