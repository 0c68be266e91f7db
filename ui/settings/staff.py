"""Who takes cases, how many, and of which types (Settings > Advocates).

The waiting list allocates referrals to advocates, showing each one's open caseload
against their capacity and the advocacy types they take. This tab is where a manager
sets those: a table of active staff, and for the person chosen a capacity and a tick
box per advocacy type, saved through ``services.staff.set_caseload``. New staff are
added with :class:`AddStaffDialog` (``services.staff.add``). Whatever the service
refuses is shown next to the field it names, and nothing is saved. A save's commit
tells every view what it wrote (the data bus), so each refreshes itself.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.app import Services
from advocacy_desk.domain.vocabulary import ADVOCACY_TYPE, ROLE
from advocacy_desk.records.staff import StaffMember
from advocacy_desk.records.waiting_list import AdvocateLoad
from advocacy_desk.services.staff import DEFAULT_CAPACITY, MAX_CAPACITY
from advocacy_desk.services.waiting_list import CASE_HOLDING_ROLES
from ui.bus import DataBus
from ui.settings.record_editor import (
    CAUTION,
    NEUTRAL,
    AddDialog,
    RecordEditor,
    Wording,
    hint,
    item,
)
from ui.waiting_list.dialogs import caseload
from ui.waiting_list.model import table_type
from ui.widgets import CodeCombo, ErrorLabel, FieldErrors, FieldForm, theme

#: One person's caseload settings: capacity and advocacy types (in vocabulary order).
Caseload = tuple[int, tuple[str, ...]]

#: What the open-cases column says for staff who are never offered cases.
NOT_OFFERED = "—"

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


class AddStaffDialog(AddDialog[StaffMember]):
    """Add a member of staff. After ``accept()``, :attr:`member` is who was added."""

    def __init__(self, services: Services, *, parent: QWidget | None = None) -> None:
        super().__init__(services, "Add advocate", parent=parent)
        errors = FieldErrors()
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

        form = FieldForm(errors)
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
        errors.register("advocacy_types", first_type, types_error)
        self._lay_out(
            errors,
            "Add someone who takes cases, with how many open cases they can hold and the "
            "advocacy types they take. You can change these later.",
            form,
            "Add this person to the staff who can be allocated cases",
        )
        self.username.setFocus()

    @property
    def member(self) -> StaffMember | None:
        return self.added

    def _create(self) -> StaffMember:
        return self.services.staff.add(
            self.username.text(),
            self.full_name.text(),
            role=self.role.code(),
            capacity=self.capacity.value(),
            advocacy_types=_checked(self.type_boxes),
        )


class StaffEditor(RecordEditor[StaffMember, Caseload]):
    """The Advocates tab: active staff with their caseloads, and the chosen one's editor."""

    NOUN = "Advocate"

    COLUMNS = ("Name", "Role", "Open cases / capacity", "Takes")
    #: Open cases change with allocations (and closing cases), so those change the table.
    WATCHES = frozenset({"staff_user", "staff_advocacy_type", "advocacy_case", "referral"})
    WORDING = Wording(
        table="staffTable",
        table_name="Staff who take cases",
        table_tip="Active staff; choose someone to change their capacity and types",
        intro=(
            "The waiting list allocates referrals to these people, showing each one's open "
            "cases against their capacity and the advocacy types they take. Choose someone "
            "to change theirs."
        ),
        empty=(
            "No staff are recorded yet. Choose “Add advocate…” to add the first person "
            "who takes cases."
        ),
        empty_name="noStaff",
        count_name="staffCount",
        count=("active person", "active people"),
        add="Add advocate…",
        add_tip="Add someone who takes cases, with their capacity and advocacy types",
        heading_name="staffHeading",
        summary_name="staffSummary",
        discard_tip="Put back the capacity and types that are saved",
        status_name="staffStatus",
        status_accessible="Advocates status",
        editor_name="caseloadEditor",
        none_heading="No one chosen",
        none_summary="Choose someone in the list to change their capacity and advocacy types.",
        none_summary_empty=(
            "Add someone who takes cases to set their capacity and advocacy types."
        ),
        save_tip="Save the capacity and advocacy types of {name}",
        save_tip_none="Choose someone in the list first",
        nothing_to_save="Nothing to save: {name}'s capacity and types are as saved.",
        held=(
            "Your changes for {name} are not saved yet: choose them again to save or discard them."
        ),
        back="Your unsaved changes for {name} are back.",
    )

    def __init__(self, services: Services, bus: DataBus, parent: QWidget | None = None) -> None:
        self.loads: dict[int, AdvocateLoad] = {}
        super().__init__(services, bus, parent)
        self.add_button.clicked.connect(lambda: self.add_staff())

    @property
    def staff(self) -> list[StaffMember]:
        return self.records

    @property
    def fields(self) -> QWidget:
        """The capacity, types and buttons (disabled while no one is chosen)."""
        return self.editing

    def member(self, staff_id: int | None) -> StaffMember | None:
        return self.record(staff_id)

    # -- layout -------------------------------------------------------------------

    def _set_up_columns(self, header: QHeaderView) -> None:
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)

    def _build_fields(self, column: QVBoxLayout) -> FieldErrors:
        errors = FieldErrors()
        self.capacity = _capacity_box("Capacity")
        self.capacity.valueChanged.connect(self._edited)
        self.capacity_note = hint()
        self.capacity_note.setObjectName("capacityNote")
        self.capacity_error = ErrorLabel("Capacity")
        self.type_boxes = _type_boxes("Takes")
        for box in self.type_boxes.values():
            box.toggled.connect(self._edited)
        self.types_error = ErrorLabel("Advocacy types")
        errors.register("capacity", self.capacity, self.capacity_error)
        errors.register("advocacy_types", next(iter(self.type_boxes.values())), self.types_error)

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

        column.addLayout(capacity_row)
        column.addWidget(self.capacity_note)
        column.addWidget(self.capacity_error)
        column.addSpacing(8)
        column.addWidget(types_caption)
        column.addWidget(types)
        column.addWidget(self.types_error)
        column.addSpacing(8)
        return errors

    # -- the table ------------------------------------------------------------------

    def _load(self) -> list[StaffMember]:
        staff = self.services.staff.list()
        self.loads = {load.id: load for load in self.services.waiting_list.advocates()}
        return staff

    def _items(self, record: StaffMember) -> list[QTableWidgetItem]:
        load = self.loads.get(record.id)
        role = _role(record)
        shown = takes(record.advocacy_types)
        items = [
            item(record.full_name, self._row_tip(record)),
            item(role, role if record.role in CASE_HOLDING_ROLES else f"{role}. {ROLE_HINT}"),
            item(open_cases_text(record, load), self._load_tip(record, load)),
            item(shown, shown),
        ]
        items[2].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return items

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

    def name(self, record: StaffMember) -> str:
        return record.full_name

    def _row_tip(self, record: StaffMember) -> str:
        return f"{record.full_name} ({record.username})"

    # -- the editor -----------------------------------------------------------------

    def _summary(self, record: StaffMember) -> str:
        load = self.loads.get(record.id)
        if load is None:
            return f"{_role(record)}, user name {record.username}. {ROLE_HINT}"
        cases = "open case" if load.open_cases == 1 else "open cases"
        return f"{_role(record)}, user name {record.username}. Holds {load.open_cases} {cases}."

    def _show(self, record: StaffMember | None) -> None:
        if record is not None:
            self.capacity.setAccessibleName(f"Capacity of {record.full_name}")
        super()._show(record)

    def edited(self) -> Caseload:
        """What the editor holds."""
        return self.capacity.value(), _checked(self.type_boxes)

    def _as_saved(self, record: StaffMember) -> Caseload:
        return record.capacity, record.advocacy_types

    def _blank(self) -> Caseload:
        return DEFAULT_CAPACITY, ()

    def _put_fields(self, values: Caseload) -> None:
        capacity, types = values
        self.capacity.setValue(capacity)
        for code, box in self.type_boxes.items():
            box.setChecked(code in types)

    def _update_state(self) -> None:
        super()._update_state()
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
        theme.style(self.capacity_note, CAUTION if caution else NEUTRAL)

    # -- what the user does -----------------------------------------------------------

    def _store(self, record: StaffMember) -> StaffMember:
        capacity, types = self.edited()
        return self.services.staff.set_caseload(record.id, capacity, types)

    def _saved_message(self, record: StaffMember) -> str:
        return saved_message(record)

    def _added_message(self, record: StaffMember) -> str:
        return added_message(record)

    def add_staff(self) -> StaffMember | None:
        """Ask for a new member of staff (tests replace :attr:`run_modal`); who was added."""
        return self._add(AddStaffDialog(self.services, parent=self))


def _role(member: StaffMember) -> str:
    return ROLE.label(member.role) if member.role in ROLE else member.role


def saved_message(member: StaffMember) -> str:
    """The confirmation after a save."""
    return (
        f"Saved: {member.full_name} can hold {member.capacity} open "
        f"{'case' if member.capacity == 1 else 'cases'} and takes "
        f"{takes(member.advocacy_types) if member.advocacy_types else 'no advocacy types'}."
    )


def added_message(member: StaffMember) -> str:
    role = _role(member)
    return (
        f"Added {member.full_name} ({member.username}), {role.lower()}, with capacity "
        f"{member.capacity}. "
        + (
            f"Takes {takes(member.advocacy_types)}."
            if member.advocacy_types
            else "Tick the advocacy types they take, then save."
        )
    )
