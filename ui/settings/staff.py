"""Who takes cases, how many, and of which types (Settings > Advocates).

The waiting list allocates referrals to advocates, showing each one's open caseload
against their capacity and the advocacy types they take. This tab is where a manager
sets those: a table of active staff, and for the person chosen a capacity and a tick
box per advocacy type, saved through ``services.staff.set_caseload``. New staff are
added with :class:`AddStaffDialog` (``services.staff.add``). Whatever the service
refuses is shown next to the field it names, and nothing is saved. After a save the
tab emits ``bus.changed("staff")`` so every view refreshes itself.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.domain.errors import AdvocacyDeskError, ValidationError
from advocacy_desk.domain.vocabulary import ADVOCACY_TYPE, ROLE
from advocacy_desk.services import Services
from advocacy_desk.services.staff import DEFAULT_CAPACITY, MAX_CAPACITY, StaffMember
from advocacy_desk.services.waiting_list import CASE_HOLDING_ROLES, AdvocateLoad
from ui.bus import DataBus
from ui.waiting_list.dialogs import caseload
from ui.waiting_list.model import table_type
from ui.widgets import CodeCombo, ErrorLabel, FieldErrors, FieldForm, RunModal, run_modal
from ui.widgets.form import HINT_COLOUR

#: One person's caseload settings: capacity and advocacy types (in vocabulary order).
Caseload = tuple[int, tuple[str, ...]]

#: What the open-cases column says for staff who are never offered cases.
NOT_OFFERED = "—"

_NEUTRAL = f"color: {HINT_COLOUR};"
#: Dark amber: readable on white (contrast above 4.5:1), for "be aware", not "wrong".
_CAUTION = "color: #7a4100;"

CAPACITY_TIP = (
    f"The most open cases this person should hold, 0 to {MAX_CAPACITY}. The waiting list "
    "shows their open cases against it, and asks before allocating beyond it."
)
TYPES_TIP = (
    "When allocating a referral, the waiting list offers first the people who take its "
    "advocacy type."
)
ROLE_HINT = "Only advocates and managers are offered cases on the waiting list."


def takes(types: Iterable[str]) -> str:
    """The advocacy types as short names: "Care Act, IMCA"; "No types" for none."""
    return ", ".join(table_type(code) for code in types) or "No types"


def open_cases_text(member: StaffMember, load: AdvocateLoad | None) -> str:
    """ "23 / 30" (with "full" or "over"), or a dash for staff who never hold cases."""
    if load is None:
        return f"{NOT_OFFERED} / {member.capacity}"
    return caseload(load)


def _type_boxes(prefix: str) -> dict[str, QCheckBox]:
    """A tick box per advocacy type, labelled in full, named for screen readers."""
    boxes: dict[str, QCheckBox] = {}
    for code in ADVOCACY_TYPE.codes:
        label = ADVOCACY_TYPE.label(code)
        box = QCheckBox(label)
        box.setAccessibleName(f"{prefix}: {label}")
        box.setToolTip(f"Ticked: takes {label} referrals. {TYPES_TIP}")
        boxes[code] = box
    return boxes


def _type_grid(boxes: dict[str, QCheckBox]) -> QWidget:
    """The type tick boxes, one under another in vocabulary order."""
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    for box in boxes.values():
        column.addWidget(box)
    return holder


def _capacity_box(name: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(0, MAX_CAPACITY)
    spin.setSuffix(" open cases")
    spin.setAlignment(Qt.AlignmentFlag.AlignRight)
    spin.setAccessibleName(name)
    spin.setToolTip(CAPACITY_TIP)
    spin.setMinimumWidth(spin.fontMetrics().horizontalAdvance("500 open cases") + 40)
    spin.setMaximumWidth(spin.minimumWidth() + 40)
    return spin


def _checked(boxes: dict[str, QCheckBox]) -> tuple[str, ...]:
    return tuple(code for code, box in boxes.items() if box.isChecked())


def _hint(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setStyleSheet(_NEUTRAL)
    return label


def _heading(text: str, scale: float = 1.2) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    return label


class AddStaffDialog(QDialog):
    """Add a member of staff. After ``accept()``, :attr:`member` is who was added."""

    def __init__(
        self, services: Services, *, bus: DataBus | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.bus = bus
        self.member: StaffMember | None = None
        self.setWindowTitle("Add advocate")

        self.errors = FieldErrors()
        self.username = QLineEdit()
        self.username.setPlaceholderText("for example jsmith")
        self.username.setToolTip("A short name to sign in with; it must not be taken already")
        self.full_name = QLineEdit()
        self.full_name.setPlaceholderText("for example Jane Smith")
        self.full_name.setToolTip("The name colleagues know them by, as the lists show it")
        self.role = CodeCombo(ROLE, label="Role")
        self.role.set_code("advocate")
        self.capacity = _capacity_box("Capacity")
        self.capacity.setValue(DEFAULT_CAPACITY)
        self.type_boxes = _type_boxes("Takes")
        types = _type_grid(self.type_boxes)
        types.setAccessibleName("Advocacy types taken")
        # The accessible description of the first box carries any error about the types.
        first_type = next(iter(self.type_boxes.values()))

        form = FieldForm(self.errors)
        form.add_field("username", "User name", self.username)
        form.add_field("full_name", "Full name", self.full_name)
        form.add_field("role", "Role", self.role, ROLE_HINT)
        form.add_field(
            "capacity",
            "Capacity",
            self.capacity,
            f"{DEFAULT_CAPACITY} open cases unless agreed otherwise.",
        )
        types_error = form.add_field("advocacy_types", "Takes", types, TYPES_TIP)
        # FieldForm registered the holder; move the cursor to a real tick box instead.
        self.errors.register("advocacy_types", first_type, types_error)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = QPushButton("Add")
        self.save_button.setDefault(True)
        self.save_button.setToolTip("Add this person to the staff who can be allocated cases")
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(_heading("Add advocate", 1.25))
        layout.addWidget(
            _hint(
                "Add someone who takes cases, with how many open cases they can hold and "
                "the advocacy types they take. You can change these later."
            )
        )
        layout.addWidget(self.errors.general)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.username.setFocus()

    def save(self) -> bool:
        """Add the person; on success the dialog is accepted. Nothing is saved otherwise."""
        self.errors.clear()
        try:
            member = self.services.staff.add(
                self.username.text(),
                self.full_name.text(),
                role=self.role.code(),
                capacity=self.capacity.value(),
                advocacy_types=_checked(self.type_boxes),
            )
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return False
        except AdvocacyDeskError as exc:
            self.errors.show({"": f"Not added: {exc}"})
            return False
        self.member = member
        if self.bus is not None:
            self.bus.changed.emit("staff")
        self.accept()
        return True


class StaffEditor(QWidget):
    """The Advocates tab: active staff with their caseloads, and the chosen one's editor."""

    COLUMNS = ("Name", "Role", "Open cases / capacity", "Takes")

    def __init__(self, services: Services, bus: DataBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.bus = bus
        #: Shows a dialog modally; tests replace it so nothing ever waits for a click.
        self.run_modal: RunModal = run_modal
        self.staff: list[StaffMember] = []
        self.loads: dict[int, AdvocateLoad] = {}
        #: Unsaved edits, by staff id, kept while someone else is chosen.
        self.drafts: dict[int, Caseload] = {}
        #: Whose caseload the editor shows.
        self.shown_id: int | None = None
        self._loading = False
        self._own_change = False
        self._stale = False

        self.errors = FieldErrors()
        self._build()
        self.refresh()
        bus.changed.connect(self._data_changed)

    # -- layout -------------------------------------------------------------------

    def _build(self) -> None:
        intro = _hint(
            "The waiting list allocates referrals to these people, showing each one's open "
            "cases against their capacity and the advocacy types they take. Choose someone "
            "to change theirs."
        )
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("staffTable")
        self.table.setAccessibleName("Staff who take cases")
        self.table.setToolTip("Active staff; choose someone to change their capacity and types")
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.empty = _hint(
            "No staff are recorded yet. Choose “Add advocate…” to add the first person "
            "who takes cases."
        )
        self.empty.setObjectName("noStaff")
        self.count_label = _hint()
        self.count_label.setObjectName("staffCount")
        self.add_button = QPushButton("Add advocate…")
        self.add_button.setToolTip(
            "Add someone who takes cases, with their capacity and advocacy types"
        )
        self.add_button.clicked.connect(lambda: self.add_staff())
        below = QHBoxLayout()
        below.addWidget(self.count_label, 1)
        below.addWidget(self.add_button)

        listing = QWidget()
        left = QVBoxLayout(listing)
        left.setContentsMargins(0, 0, 8, 0)
        left.addWidget(intro)
        left.addWidget(self.table, 1)
        left.addWidget(self.empty)
        left.addLayout(below)

        # -- the editor for the person chosen
        self.heading = _heading("")
        self.heading.setObjectName("staffHeading")
        self.summary = _hint()
        self.summary.setObjectName("staffSummary")
        self.capacity = _capacity_box("Capacity")
        self.capacity.valueChanged.connect(self._edited)
        self.capacity_note = _hint()
        self.capacity_note.setObjectName("capacityNote")
        self.capacity_error = ErrorLabel("Capacity")
        self.type_boxes = _type_boxes("Takes")
        for box in self.type_boxes.values():
            box.toggled.connect(self._edited)
        self.types_error = ErrorLabel("Advocacy types")
        self.errors.register("capacity", self.capacity, self.capacity_error)
        self.errors.register(
            "advocacy_types", next(iter(self.type_boxes.values())), self.types_error
        )

        capacity_caption = QLabel("Capacity:")
        capacity_caption.setBuddy(self.capacity)
        capacity_caption.setToolTip(CAPACITY_TIP)
        capacity_row = QHBoxLayout()
        capacity_row.addWidget(capacity_caption)
        capacity_row.addWidget(self.capacity)
        capacity_row.addStretch(1)
        types_caption = QLabel("Takes these advocacy types:")
        types_caption.setToolTip(TYPES_TIP)
        types = _type_grid(self.type_boxes)
        types.setAccessibleName("Advocacy types taken")

        self.discard_button = QPushButton("Discard changes")
        self.discard_button.setToolTip("Put back the capacity and types that are saved")
        self.discard_button.clicked.connect(lambda: self.discard_changes())
        self.save_button = QPushButton("Save")
        self.save_button.clicked.connect(lambda: self.save())
        self.changes_label = _hint()
        self.changes_label.setObjectName("unsavedChanges")
        self.changes_label.setWordWrap(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        buttons.addWidget(self.changes_label)
        buttons.addWidget(self.save_button)

        self.fields = QWidget()
        fields = QVBoxLayout(self.fields)
        fields.setContentsMargins(0, 0, 0, 0)
        fields.addLayout(capacity_row)
        fields.addWidget(self.capacity_note)
        fields.addWidget(self.capacity_error)
        fields.addSpacing(8)
        fields.addWidget(types_caption)
        fields.addWidget(types)
        fields.addWidget(self.types_error)
        fields.addSpacing(8)
        fields.addWidget(self.errors.general)
        fields.addLayout(buttons)

        self.status = QLabel()
        self.status.setObjectName("staffStatus")
        self.status.setAccessibleName("Advocates status")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)

        editor = QWidget()
        editor.setObjectName("caseloadEditor")
        right = QVBoxLayout(editor)
        right.setContentsMargins(8, 0, 0, 0)
        right.addWidget(self.heading)
        right.addWidget(self.summary)
        right.addSpacing(4)
        right.addWidget(self.fields)
        right.addWidget(self.status)
        right.addStretch(1)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(listing, 3)
        layout.addWidget(editor, 2)

    # -- what is on show ------------------------------------------------------------

    def refresh(self, keep_edits: bool = True) -> None:
        """Read the staff and their open cases again, keeping who is chosen (and, unless
        ``keep_edits`` is False, what the editor holds for them)."""
        self._stale = False
        keep = self.shown_id
        held = self.edited() if keep_edits and self.has_changes() else None
        if keep is not None:
            self.drafts.pop(keep, None)
        self.staff = self.services.staff.list()
        self.loads = {load.id: load for load in self.services.waiting_list.advocates()}
        known = {member.id for member in self.staff}
        self.drafts = {key: value for key, value in self.drafts.items() if key in known}
        self._fill()
        if keep is not None and self._select_row(keep):
            self._show(self.shown())
            if held is not None:
                self._put(held)
                self._update_state()
            return
        keep = self.staff[0].id if self.staff else None
        if keep is not None:
            self._select_row(keep)
        self.shown_id = keep
        self._show(self.shown())

    def member(self, staff_id: int | None) -> StaffMember | None:
        return next((m for m in self.staff if m.id == staff_id), None)

    def shown(self) -> StaffMember | None:
        """The person whose caseload the editor shows."""
        return self.member(self.shown_id)

    def select(self, staff_id: int) -> bool:
        """Choose the person in the table (and so in the editor); False if not listed."""
        for row in range(self.table.rowCount()):
            if self._row_id(row) == staff_id:
                self.table.selectRow(row)
                return True
        return False

    def _select_row(self, staff_id: int) -> bool:
        """Select the person's row without the editor following (it is loaded after)."""
        blocked = self.table.blockSignals(True)
        try:
            return self.select(staff_id)
        finally:
            self.table.blockSignals(blocked)

    def rows(self) -> list[tuple[str, ...]]:
        """The table as text, row by row (what the user reads)."""
        return [
            tuple(self._cell(row, column) for column in range(self.table.columnCount()))
            for row in range(self.table.rowCount())
        ]

    def edited(self) -> Caseload:
        """What the editor holds."""
        return self.capacity.value(), _checked(self.type_boxes)

    def has_changes(self) -> bool:
        member = self.shown()
        return member is not None and self.edited() != (member.capacity, member.advocacy_types)

    def _fill(self) -> None:
        table = self.table
        with_selection = table.blockSignals(True)
        try:
            table.clearSelection()
            table.setRowCount(len(self.staff))
            for row, member in enumerate(self.staff):
                load = self.loads.get(member.id)
                role = ROLE.label(member.role) if member.role in ROLE else member.role
                cells = (
                    member.full_name,
                    role,
                    open_cases_text(member, load),
                    takes(member.advocacy_types),
                )
                tips = (
                    f"{member.full_name} ({member.username})",
                    role if member.role in CASE_HOLDING_ROLES else f"{role}. {ROLE_HINT}",
                    self._load_tip(member, load),
                    cells[3],
                )
                for column, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    item.setData(Qt.ItemDataRole.UserRole, member.id)
                    item.setToolTip(tips[column])
                    if column == 2:
                        item.setTextAlignment(
                            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                        )
                    table.setItem(row, column, item)
                self._mark_draft(row, member)
        finally:
            table.blockSignals(with_selection)
        table.setVisible(bool(self.staff))
        self.empty.setVisible(not self.staff)
        count = len(self.staff)
        self.count_label.setText(f"{count} active {'person' if count == 1 else 'people'}")

    def _load_tip(self, member: StaffMember, load: AdvocateLoad | None) -> str:
        if load is None:
            return f"Capacity {member.capacity}. {ROLE_HINT}"
        cases = "open case" if load.open_cases == 1 else "open cases"
        text = f"{load.open_cases} {cases}, capacity {load.capacity}"
        if load.open_cases > load.capacity:
            return f"{text}: over capacity."
        if not load.has_room:
            return f"{text}: full."
        return f"{text}."

    def _mark_draft(self, row: int, member: StaffMember) -> None:
        """Italic name, and a tooltip, for someone with changes not saved yet."""
        item = self.table.item(row, 0)
        if item is None:
            return
        draft = member.id in self.drafts
        font = item.font()
        font.setItalic(draft)
        item.setFont(font)
        base = f"{member.full_name} ({member.username})"
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
            said = (
                f"Your changes for {previous.full_name} are not saved yet: choose them "
                "again to save or discard them."
            )
        elif previous is not None:
            self.drafts.pop(previous.id, None)
            self._mark_row(previous.id)
        self.shown_id = chosen
        member = self.shown()
        if member is not None and member.id in self.drafts:
            said = f"{said} Your unsaved changes for {member.full_name} are back.".strip()
        self.status.setStyleSheet(_CAUTION if said else "")
        self.status.setText(said)
        self._show(member)

    def _mark_row(self, staff_id: int) -> None:
        member = self.member(staff_id)
        for row in range(self.table.rowCount()):
            if member is not None and self._row_id(row) == staff_id:
                self._mark_draft(row, member)

    def _show(self, member: StaffMember | None) -> None:
        """Put ``member``'s caseload (or their unsaved draft) in the editor."""
        self.errors.clear()
        self.fields.setEnabled(member is not None)
        if member is None:
            self.heading.setText("No one chosen")
            self.summary.setText(
                "Choose someone in the list to change their capacity and advocacy types."
                if self.staff
                else "Add someone who takes cases to set their capacity and advocacy types."
            )
            self._put((DEFAULT_CAPACITY, ()))
            self._update_state()
            return
        self.heading.setText(member.full_name)
        role = ROLE.label(member.role) if member.role in ROLE else member.role
        load = self.loads.get(member.id)
        if load is None:
            self.summary.setText(f"{role}, user name {member.username}. {ROLE_HINT}")
        else:
            cases = "open case" if load.open_cases == 1 else "open cases"
            self.summary.setText(
                f"{role}, user name {member.username}. Holds {load.open_cases} {cases}."
            )
        self.capacity.setAccessibleName(f"Capacity of {member.full_name}")
        draft = self.drafts.get(member.id)
        self._put(draft or (member.capacity, member.advocacy_types))
        self._update_state()

    def _put(self, values: Caseload) -> None:
        capacity, types = values
        self._loading = True
        try:
            self.capacity.setValue(capacity)
            for code, box in self.type_boxes.items():
                box.setChecked(code in types)
        finally:
            self._loading = False

    def _edited(self, *_args: object) -> None:
        if not self._loading:
            self._update_state()

    def _update_state(self) -> None:
        member = self.shown()
        changed = self.has_changes()
        self.changes_label.setText("Changes not saved yet." if changed else "")
        self.discard_button.setEnabled(changed)
        self.save_button.setEnabled(member is not None)
        self.save_button.setToolTip(
            f"Save the capacity and advocacy types of {member.full_name}"
            if member is not None
            else "Choose someone in the list first"
        )
        self._update_capacity_note()

    def _update_capacity_note(self) -> None:
        member = self.shown()
        load = self.loads.get(member.id) if member is not None else None
        capacity, types = self.edited()
        notes: list[str] = []
        caution = False
        if not 0 <= capacity <= MAX_CAPACITY:
            pass  # the service's message says what is wrong
        elif load is not None and load.open_cases > capacity:
            cases = "open case" if load.open_cases == 1 else "open cases"
            notes.append(
                f"Below the {load.open_cases} {cases} {load.full_name} holds: the waiting "
                "list will ask before allocating them more."
            )
            caution = True
        elif load is not None:
            room = capacity - load.open_cases
            notes.append(
                "Full at this capacity." if room == 0 else f"Room for {room} more at this capacity."
            )
        if member is not None and not types:
            notes.append("With no types ticked, they are not offered any referral first.")
            caution = True
        self.capacity_note.setText(" ".join(notes))
        self.capacity_note.setHidden(not notes)
        self.capacity_note.setStyleSheet(_CAUTION if caution else _NEUTRAL)

    # -- what the user does -----------------------------------------------------------

    def save(self) -> bool:
        """Save the capacity and types of the person shown; True when saved.

        Nothing is saved when the service refuses (the messages appear next to the
        fields they name) or when nothing changed.
        """
        member = self.shown()
        if member is None:
            return False
        self.errors.clear()
        self.status.setStyleSheet("")
        capacity, types = self.edited()
        if (capacity, types) == (member.capacity, member.advocacy_types):
            self.status.setText(
                f"Nothing to save: {member.full_name}'s capacity and types are as saved."
            )
            return False
        try:
            saved = self.services.staff.set_caseload(member.id, capacity, types)
        except ValidationError as exc:
            self.errors.show(exc.errors)
            self.status.setText("")
            self.errors.general.set_message(
                self.errors.general.message
                or f"Not saved: fix what is in red for {member.full_name}, then save again."
            )
            return False
        except AdvocacyDeskError as exc:
            self.errors.general.set_message(f"Not saved: {exc}")
            self.status.setText("")
            return False
        self.drafts.pop(saved.id, None)
        self.shown_id = saved.id
        self._own_change = True
        try:
            self.bus.changed.emit("staff")
        finally:
            self._own_change = False
        self.refresh(keep_edits=False)
        self.status.setText(saved_message(saved))
        return True

    def discard_changes(self) -> None:
        """Put back the saved capacity and types of the person shown."""
        member = self.shown()
        if member is None:
            return
        self.drafts.pop(member.id, None)
        self._mark_row(member.id)
        self._show(member)
        self.status.setStyleSheet("")
        self.status.setText("")

    def add_staff(self) -> StaffMember | None:
        """Ask for a new member of staff (tests replace :attr:`run_modal`); who was added."""
        dialog = AddStaffDialog(self.services, parent=self)
        try:
            accepted = self.run_modal(dialog) == QDialog.DialogCode.Accepted
            member = dialog.member if accepted else None
        finally:
            dialog.deleteLater()
        if member is None:
            return None
        self._own_change = True
        try:
            self.bus.changed.emit("staff")
        finally:
            self._own_change = False
        self.refresh()
        self.select(member.id)
        self.status.setStyleSheet("")
        self.status.setText(added_message(member))
        return member

    # -- staying up to date -----------------------------------------------------------

    def _data_changed(self, _kind: str) -> None:
        """Open cases change with allocations, so any write may change the table."""
        if self._own_change:
            return
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self.refresh()
        super().showEvent(event)


def saved_message(member: StaffMember) -> str:
    """The confirmation after a save."""
    return (
        f"Saved: {member.full_name} can hold {member.capacity} open "
        f"{'case' if member.capacity == 1 else 'cases'} and takes "
        f"{takes(member.advocacy_types) if member.advocacy_types else 'no advocacy types'}."
    )


def added_message(member: StaffMember) -> str:
    role = ROLE.label(member.role) if member.role in ROLE else member.role
    return (
        f"Added {member.full_name} ({member.username}), {role.lower()}, with capacity "
        f"{member.capacity}. "
        + (
            f"Takes {takes(member.advocacy_types)}."
            if member.advocacy_types
            else "Tick the advocacy types they take, then save."
        )
    )
