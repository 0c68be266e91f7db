"""Citizen advocacy > Volunteers: who volunteers, their checks, and what falls due.

At the top, what falls due in the next 30 days (DBS renewals, preparation training,
supervision), soonest first, overdue ones marked. Below, the volunteers in a table and
the chosen one's editor (:class:`VolunteersEditor`, a
:class:`~ui.settings.record_editor.RecordEditor`), saved through
``services.citizen.update_volunteer``; new volunteers are added with
:class:`AddVolunteerDialog` (``services.citizen.add_volunteer``). Whatever the service
refuses is shown next to the field it names and nothing is saved; what it warns about
(an unknown postcode district, say) is shown after the save. A save's or an add's commit
tells every view what it wrote (the data bus).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.app import Services
from advocacy_desk.domain.dates import format_uk
from advocacy_desk.domain.errors import ValidationError
from advocacy_desk.domain.vocabulary import DAY, SEX, TIME_OF_DAY, VOLUNTEER_STATUS
from advocacy_desk.domain.volunteers import DBS_RENEWAL_YEARS, DUE_WITHIN_DAYS, VolunteerDetails
from advocacy_desk.records.citizen import DueItem, Saved, VolunteerRecord
from ui.bus import DataBus
from ui.settings.record_editor import (
    CAUTION,
    AddDialog,
    RecordEditor,
    Wording,
    heading,
    hint,
    item,
)
from ui.widgets import CodeCombo, DateField, DateFieldError, FieldErrors, FieldForm, section, theme
from ui.widgets.watching import Watch

#: What the volunteers' tab shows: the volunteers, and the partnerships whose
#: supervision falls due.
WATCHES = frozenset({"volunteer", "partnership"})
TRAVEL_TIP = "How far they will travel to meet a partner, in kilometres; leave blank for no limit."
DAYS_TIP = "The days they are usually free to meet a partner."
DBS_EXPIRY_HINT = f"Blank: {DBS_RENEWAL_YEARS} years after the check."


# -- how a volunteer reads ----------------------------------------------------------------


def _number(value: float) -> str:
    """15 or 12.5: no trailing zeros."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def status_text(code: str) -> str:
    return VOLUNTEER_STATUS.label(code) if code in VOLUNTEER_STATUS else code


def partners_text(record: VolunteerRecord) -> str:
    """ "1 / 2": partners now, against the most they take."""
    return f"{record.partners} / {record.details.max_partners}"


def travel_text(km: float | None) -> str:
    return "no travel limit" if km is None else f"travels up to {_number(km)} km"


def due_text(item_: DueItem, today: date) -> str:
    """ "Overdue since 01/11/2026", "Today", "In 8 days (01/12/2026)"."""
    days = (item_.due_on - today).days
    if days < 0:
        return f"Overdue since {format_uk(item_.due_on)}"
    if days == 0:
        return "Due today"
    return f"In {days} {'day' if days == 1 else 'days'} ({format_uk(item_.due_on)})"


def with_warnings(message: str, warnings: tuple[str, ...]) -> str:
    return " ".join((message, *warnings))


# -- the fields, shared by the editor and the add dialog ------------------------------------


@dataclass(frozen=True)
class Draft:
    """What the volunteer fields hold, as typed (so unsaved text is never lost)."""

    given_name: str = ""
    family_name: str = ""
    date_of_birth: str = ""
    sex: str = "not_known"
    postcode: str = ""
    travel_km: str = ""
    languages: str = ""
    interests: str = ""
    available_days: frozenset[str] = frozenset()
    available_times: frozenset[str] = frozenset()
    smoker: bool = False
    pet_allergy: bool = False
    reference_1_on: str = ""
    reference_2_on: str = ""
    dbs_checked_on: str = ""
    dbs_expires_on: str = ""
    trained_on: str = ""
    supervised_on: str = ""
    max_partners: int = 1
    status: str = "enquiry"

    @classmethod
    def of(cls, details: VolunteerDetails) -> Draft:
        return cls(
            given_name=details.given_name,
            family_name=details.family_name,
            date_of_birth=format_uk(details.date_of_birth),
            sex=details.sex,
            postcode=details.postcode,
            travel_km="" if details.travel_km is None else _number(details.travel_km),
            languages=details.languages,
            interests=details.interests,
            available_days=frozenset(d for d in details.available_days.split(";") if d),
            available_times=frozenset(t for t in details.available_times.split(";") if t),
            smoker=details.smoker,
            pet_allergy=details.pet_allergy,
            reference_1_on=format_uk(details.reference_1_on),
            reference_2_on=format_uk(details.reference_2_on),
            dbs_checked_on=format_uk(details.dbs_checked_on),
            dbs_expires_on=format_uk(details.dbs_expires_on),
            trained_on=format_uk(details.trained_on),
            supervised_on=format_uk(details.supervised_on),
            max_partners=details.max_partners,
            status=details.status,
        )


#: The date fields: name, label.
DATES = (
    ("date_of_birth", "Date of birth"),
    ("reference_1_on", "First reference"),
    ("reference_2_on", "Second reference"),
    ("dbs_checked_on", "DBS checked"),
    ("dbs_expires_on", "DBS expires"),
    ("trained_on", "Trained"),
    ("supervised_on", "Last supervised"),
)


def _line(name: str, tip: str, placeholder: str = "", length: int = 200) -> QLineEdit:
    field = QLineEdit()
    field.setAccessibleName(name)
    field.setToolTip(tip)
    field.setPlaceholderText(placeholder)
    field.setMaxLength(length)
    return field


class VolunteerFields(QWidget):
    """Every detail of a volunteer, in three groups, with errors under each field.

    ``side_by_side`` puts the groups in two columns (the add dialog); otherwise they
    are one under another (the editor beside the table)."""

    edited = Signal()

    def __init__(self, *, side_by_side: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.errors = FieldErrors()
        self._make_details()
        days, times = self._days(), self._times()
        self._make_habits()
        self._lay_out(
            side_by_side,
            self._person_section(),
            self._matching_section(days, times),
            self._checks_section(),
        )
        self._connect()

    # -- building ---------------------------------------------------------------

    def _make_details(self) -> None:
        """Name, birth date, sex, where they live, how far they travel, languages, interests."""
        self.given_name = _line("Given name", "The volunteer's first name", "for example Jane")
        self.family_name = _line("Family name", "The volunteer's surname", "for example Smith")
        self.dates = {name: DateField(label) for name, label in DATES}
        self.sex = CodeCombo(SEX, label="Sex")
        self.postcode = _line(
            "Postcode",
            "Where they live, to work out distances to partners; a district such as CM1 will do",
            "CM1 1AA",
            10,
        )
        self.postcode.setMaximumWidth(
            self.postcode.fontMetrics().horizontalAdvance("MMMM MMM") + 30
        )
        self.travel_km = _line("Travel limit in kilometres", TRAVEL_TIP, "no limit", 8)
        self.travel_km.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.travel_km.setMaximumWidth(
            self.travel_km.fontMetrics().horizontalAdvance("no limit") + 40
        )
        self.languages = _line(
            "Languages",
            "Languages they speak, separated by semicolons",
            "for example English; Urdu",
        )
        self.interests = _line(
            "Interests",
            "What they enjoy, for matching with a partner; separated by semicolons",
            "for example gardening; music",
        )

    def _days(self) -> QWidget:
        """A tick box a day, in two rows."""
        self.day_boxes: dict[str, QCheckBox] = {}
        days = QWidget()
        days.setAccessibleName("Days available")
        grid = QGridLayout(days)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        for index, code in enumerate(DAY.codes):
            label = DAY.label(code)
            box = QCheckBox(label[:3])
            box.setAccessibleName(f"Available on {label}")
            box.setToolTip(f"Ticked: usually free on {label}s")
            self.day_boxes[code] = box
            grid.addWidget(box, index // 4, index % 4)
        return days

    def _times(self) -> QWidget:
        """A tick box for each time of day."""
        self.time_boxes: dict[str, QCheckBox] = {}
        times = QWidget()
        times.setAccessibleName("Times available")
        across = QHBoxLayout(times)
        across.setContentsMargins(0, 0, 0, 0)
        across.setSpacing(12)
        for code in TIME_OF_DAY.codes:
            label = TIME_OF_DAY.label(code)
            box = QCheckBox(label)
            box.setAccessibleName(f"Available in the {label.lower()}")
            box.setToolTip(f"Ticked: usually free in the {code}")
            self.time_boxes[code] = box
            across.addWidget(box)
        across.addStretch(1)
        return times

    def _make_habits(self) -> None:
        """Smoking, pets, how many partners at once, and the volunteer's status."""
        self.smoker = QCheckBox("Smokes")
        self.smoker.setToolTip("Ticked: they smoke (some partners need a smoke-free volunteer)")
        self.pet_allergy = QCheckBox("Allergic to pets")
        self.pet_allergy.setToolTip("Ticked: they cannot be matched with a partner who has pets")
        self.max_partners = QSpinBox()
        self.max_partners.setRange(1, 10)
        self.max_partners.setAccessibleName("Most partners")
        self.max_partners.setToolTip("The most partners they support at once, usually 1")
        self.max_partners.setMaximumWidth(80)
        self.status = CodeCombo(VOLUNTEER_STATUS, label="Status")
        self.status.set_code("enquiry")

    def _person_section(self) -> QWidget:
        person = section("The volunteer")
        form = FieldForm(self.errors, person)
        form.add_field("given_name", "Given name", self.given_name)
        form.add_field("family_name", "Family name", self.family_name)
        form.add_field("date_of_birth", "Date of birth", self.dates["date_of_birth"])
        form.add_field("sex", "Sex", self.sex)
        form.add_field("postcode", "Postcode", self.postcode)
        form.add_field("travel_km", "Travels (km)", self.travel_km, "Blank: no limit.")
        form.add_field("languages", "Languages", self.languages)
        form.add_field("interests", "Interests", self.interests)
        return person

    def _matching_section(self, days: QWidget, times: QWidget) -> QWidget:
        """What matching a partner weighs."""
        matching = section("Matching")
        form = FieldForm(self.errors, matching)
        days_error = form.add_field("available_days", "Days", days)
        # FieldForm registered the holder; move the cursor to a real tick box instead.
        self.errors.register("available_days", next(iter(self.day_boxes.values())), days_error)
        times_error = form.add_field("available_times", "Times", times)
        self.errors.register("available_times", next(iter(self.time_boxes.values())), times_error)
        habits = QWidget()
        row = QHBoxLayout(habits)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.smoker)
        row.addWidget(self.pet_allergy)
        row.addStretch(1)
        form.addRow("", habits)
        form.add_field("max_partners", "Most partners", self.max_partners)
        form.add_field("status", "Status", self.status)
        return matching

    def _checks_section(self) -> QWidget:
        """References, DBS, training and supervision dates."""
        checks = section("Checks")
        form = FieldForm(self.errors, checks)
        form.add_field("reference_1_on", "First reference", self.dates["reference_1_on"])
        form.add_field("reference_2_on", "Second reference", self.dates["reference_2_on"])
        form.add_field("dbs_checked_on", "DBS checked", self.dates["dbs_checked_on"])
        form.add_field(
            "dbs_expires_on", "DBS expires", self.dates["dbs_expires_on"], DBS_EXPIRY_HINT
        )
        form.add_field("trained_on", "Trained", self.dates["trained_on"])
        form.add_field("supervised_on", "Last supervised", self.dates["supervised_on"])
        return checks

    def _lay_out(
        self, side_by_side: bool, person: QWidget, matching: QWidget, checks: QWidget
    ) -> None:
        """Two columns in the add dialog; one column beside the table."""
        if side_by_side:
            layout: QHBoxLayout | QVBoxLayout = QHBoxLayout(self)
            right = QVBoxLayout()
            right.addWidget(matching)
            right.addWidget(checks)
            right.addStretch(1)
            left = QVBoxLayout()
            left.addWidget(person)
            left.addStretch(1)
            layout.addLayout(left)
            layout.addLayout(right)
        else:
            layout = QVBoxLayout(self)
            layout.addWidget(person)
            layout.addWidget(matching)
            layout.addWidget(checks)
        layout.setContentsMargins(0, 0, 0, 0)

    def _connect(self) -> None:
        """Any change a user makes is an edit."""
        lines = (self.given_name, self.family_name, self.postcode, self.travel_km)
        for line in (*lines, self.languages, self.interests, *self.dates.values()):
            line.textChanged.connect(self.edited)
        for box in (
            *self.day_boxes.values(),
            *self.time_boxes.values(),
            self.smoker,
            self.pet_allergy,
        ):
            box.toggled.connect(self.edited)
        self.max_partners.valueChanged.connect(self.edited)
        self.sex.code_changed.connect(self.edited)
        self.status.code_changed.connect(self.edited)

    def draft(self) -> Draft:
        return Draft(
            given_name=self.given_name.text(),
            family_name=self.family_name.text(),
            sex=self.sex.code(),
            postcode=self.postcode.text(),
            travel_km=self.travel_km.text(),
            languages=self.languages.text(),
            interests=self.interests.text(),
            available_days=frozenset(c for c, box in self.day_boxes.items() if box.isChecked()),
            available_times=frozenset(c for c, box in self.time_boxes.items() if box.isChecked()),
            smoker=self.smoker.isChecked(),
            pet_allergy=self.pet_allergy.isChecked(),
            max_partners=self.max_partners.value(),
            status=self.status.code(),
            date_of_birth=self.dates["date_of_birth"].text(),
            reference_1_on=self.dates["reference_1_on"].text(),
            reference_2_on=self.dates["reference_2_on"].text(),
            dbs_checked_on=self.dates["dbs_checked_on"].text(),
            dbs_expires_on=self.dates["dbs_expires_on"].text(),
            trained_on=self.dates["trained_on"].text(),
            supervised_on=self.dates["supervised_on"].text(),
        )

    def put(self, draft: Draft) -> None:
        """Fill the fields (without ``edited`` firing for each one)."""
        blocked = self.blockSignals(True)
        try:
            self.given_name.setText(draft.given_name)
            self.family_name.setText(draft.family_name)
            for name, field in self.dates.items():
                field.setText(getattr(draft, name))
            self.sex.set_code(draft.sex if self.sex.findData(draft.sex) >= 0 else "not_known")
            self.postcode.setText(draft.postcode)
            self.travel_km.setText(draft.travel_km)
            self.languages.setText(draft.languages)
            self.interests.setText(draft.interests)
            for code, box in self.day_boxes.items():
                box.setChecked(code in draft.available_days)
            for code, box in self.time_boxes.items():
                box.setChecked(code in draft.available_times)
            self.smoker.setChecked(draft.smoker)
            self.pet_allergy.setChecked(draft.pet_allergy)
            self.max_partners.setValue(draft.max_partners)
            if self.status.findData(draft.status) >= 0:
                self.status.set_code(draft.status)
        finally:
            self.blockSignals(blocked)

    def details(self) -> VolunteerDetails:
        """What is typed, for the service; ``ValidationError`` for dates and numbers
        that cannot be read (the service checks the rest)."""
        errors: dict[str, str] = {}
        dates: dict[str, date | None] = {}
        for name, field in self.dates.items():
            try:
                dates[name] = field.value()
            except DateFieldError as exc:
                errors[name] = str(exc)
        travel: float | None = None
        text = self.travel_km.text().replace("km", "").strip()
        if text:
            try:
                travel = float(text)
            except ValueError:
                errors["travel_km"] = (
                    "Travel limit: write the kilometres, for example 15, or leave it blank "
                    "for no limit."
                )
        if errors:
            raise ValidationError(errors)
        return VolunteerDetails(
            given_name=self.given_name.text(),
            family_name=self.family_name.text(),
            sex=self.sex.code(),
            postcode=self.postcode.text(),
            travel_km=travel,
            languages=self.languages.text(),
            interests=self.interests.text(),
            available_days=";".join(c for c in DAY.codes if self.day_boxes[c].isChecked()),
            available_times=";".join(
                c for c in TIME_OF_DAY.codes if self.time_boxes[c].isChecked()
            ),
            smoker=self.smoker.isChecked(),
            pet_allergy=self.pet_allergy.isChecked(),
            max_partners=self.max_partners.value(),
            status=self.status.code(),
            date_of_birth=dates["date_of_birth"],
            reference_1_on=dates["reference_1_on"],
            reference_2_on=dates["reference_2_on"],
            dbs_checked_on=dates["dbs_checked_on"],
            dbs_expires_on=dates["dbs_expires_on"],
            trained_on=dates["trained_on"],
            supervised_on=dates["supervised_on"],
        )


class AddVolunteerDialog(AddDialog[VolunteerRecord]):
    """Add a volunteer. After ``accept()``, :attr:`added` is who was added and
    :attr:`warnings` what the service warned about."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, "Add volunteer", parent=parent)
        self.warnings: tuple[str, ...] = ()
        self.fields = VolunteerFields(side_by_side=True)
        self._lay_out(
            self.fields.errors,
            "A citizen advocate: their details for matching with a partner, and their "
            "checks. Only the names are needed now; you can fill in the rest later.",
            self.fields,
            "Add this volunteer",
        )
        self.fields.given_name.setFocus()

    def _create(self) -> VolunteerRecord:
        saved = self.services.citizen.add_volunteer(self.fields.details())
        self.warnings = saved.warnings
        return saved.record


# -- the table and editor ----------------------------------------------------------------


class VolunteersEditor(RecordEditor[VolunteerRecord, Draft]):
    """The volunteers in a table, and the chosen one's editor."""

    NOUN = "Volunteer"

    COLUMNS = ("Ref", "Name", "Status", "Partners / most", "DBS expires", "Trained")
    WATCHES = WATCHES
    STRETCH = (1, 0)
    WORDING = Wording(
        table="volunteersTable",
        table_name="Volunteers",
        table_tip="The citizen advocates; choose one to change their details",
        intro="Citizen advocates, with their partners and checks. Choose one to change them.",
        empty="No volunteers are recorded yet. Choose “Add volunteer…” to add the first.",
        empty_name="noVolunteers",
        count_name="volunteerCount",
        count=("volunteer", "volunteers"),
        add="Add volunteer…",
        add_tip="Add a citizen advocate, with their details and checks",
        heading_name="volunteerHeading",
        summary_name="volunteerSummary",
        discard_tip="Put back the volunteer's details as saved",
        status_name="volunteerStatus",
        status_accessible="Volunteers status",
        editor_name="volunteerEditor",
        none_heading="No volunteer chosen",
        none_summary="Choose a volunteer in the list to change their details.",
        none_summary_empty="Add a volunteer to record their details and checks.",
        save_tip="Save the changes to {name}",
        save_tip_none="Choose a volunteer in the list first",
        nothing_to_save="Nothing to save: {name}'s details are as saved.",
        held="Your changes to {name} are not saved yet: choose them again to save or discard them.",
        back="Your unsaved changes to {name} are back.",
    )

    def __init__(self, services: Services, bus: DataBus, parent: QWidget | None = None) -> None:
        self.today = services.today()
        #: What the service warned about at the last save.
        self.warnings: tuple[str, ...] = ()
        super().__init__(services, bus, parent)
        self.add_button.clicked.connect(lambda: self.add_volunteer())

    # -- layout -------------------------------------------------------------------

    def _build(self) -> None:
        super()._build()
        self.editor.setFixedWidth(470)
        # The fields scroll: let them take the height the trailing stretch would.
        column = self.editor.layout()
        assert isinstance(column, QVBoxLayout)
        last = column.itemAt(column.count() - 1)
        if last is not None and last.spacerItem() is not None:
            column.takeAt(column.count() - 1)
        column.setStretchFactor(self.editing, 1)

    def _set_up_columns(self, header: QHeaderView) -> None:
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)

    def _build_fields(self, column: QVBoxLayout) -> FieldErrors:
        self.fields = VolunteerFields()
        self.fields.edited.connect(self._edited)
        scroll = QScrollArea()
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its fields take the focus, not it
        scroll.setWidget(self.fields)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        column.addWidget(scroll, 1)
        return self.fields.errors

    # -- the table ------------------------------------------------------------------

    def _load(self) -> list[VolunteerRecord]:
        self.today = self.services.today()
        return self.services.citizen.volunteers()

    def _items(self, record: VolunteerRecord) -> list[QTableWidgetItem]:
        details = record.details
        status = status_text(details.status)
        expires = details.dbs_expires_on
        if expires is None:
            dbs, dbs_tip = "None", "No DBS check recorded"
        elif expires < self.today:
            dbs, dbs_tip = f"{format_uk(expires)} (expired)", "The DBS certificate has expired"
        else:
            dbs, dbs_tip = format_uk(expires), f"DBS checked on {format_uk(details.dbs_checked_on)}"
        trained = format_uk(details.trained_on) or "Not yet"
        partners = "partner" if record.partners == 1 else "partners"
        items = [
            item(record.volunteer_ref, record.volunteer_ref),
            item(record.full_name, self._row_tip(record)),
            item(status, status),
            item(
                partners_text(record),
                f"{record.partners} {partners} now; takes at most {details.max_partners}",
            ),
            item(dbs, dbs_tip),
            item(trained, "Preparation training done" if details.trained_on else "Not trained yet"),
        ]
        items[3].setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        if expires is not None and expires < self.today:
            theme.paint(items[4], "table_error")
        return items

    def name(self, record: VolunteerRecord) -> str:
        return record.full_name

    def _row_tip(self, record: VolunteerRecord) -> str:
        return f"{record.full_name} ({record.volunteer_ref})"

    # -- the editor -----------------------------------------------------------------

    def _summary(self, record: VolunteerRecord) -> str:
        details = record.details
        where = details.postcode or "no postcode"
        return (
            f"{record.volunteer_ref}, {status_text(details.status).lower()}; "
            f"{partners_text(record)} partners. {where}, {travel_text(details.travel_km)}."
        )

    def edited(self) -> Draft:
        return self.fields.draft()

    def _as_saved(self, record: VolunteerRecord) -> Draft:
        return Draft.of(record.details)

    def _blank(self) -> Draft:
        return Draft()

    def _put_fields(self, values: Draft) -> None:
        self.fields.put(values)

    # -- what the user does -----------------------------------------------------------

    def _store(self, record: VolunteerRecord) -> VolunteerRecord:
        saved: Saved = self.services.citizen.update_volunteer(record.id, self.fields.details())
        self.warnings = saved.warnings
        return saved.record

    def save(self) -> bool:
        self.warnings = ()
        done = super().save()
        if done:
            self._caution_if_warned()
        return done

    def _caution_if_warned(self) -> None:
        """Amber status text when the service warned about what was saved."""
        if self.warnings:
            theme.style(self.status, CAUTION)

    def _saved_message(self, record: VolunteerRecord) -> str:
        return with_warnings(f"Saved {record.full_name} ({record.volunteer_ref}).", self.warnings)

    def _added_message(self, record: VolunteerRecord) -> str:
        return with_warnings(
            f"Added {record.full_name} as {record.volunteer_ref}, "
            f"{status_text(record.details.status).lower()}.",
            self.warnings,
        )

    def add_volunteer(self) -> VolunteerRecord | None:
        """Ask for a new volunteer (tests replace :attr:`run_modal`); who was added."""
        dialog = AddVolunteerDialog(self.services, parent=self)
        self.warnings = ()

        def keep_warnings() -> None:
            # Before the "Added" message is written, which tells them too.
            self.warnings = dialog.warnings

        dialog.accepted.connect(keep_warnings)
        record = self._add(dialog)
        if record is not None:
            self._caution_if_warned()
        return record


# -- the tab -------------------------------------------------------------------------------


class VolunteersView(QWidget):
    """Citizen advocacy > Volunteers: what falls due, then the volunteers and their editor."""

    DUE_COLUMNS = ("Due", "Volunteer", "What")

    def __init__(self, services: Services, bus: DataBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.bus = bus
        self.due_items: list[DueItem] = []

        self.due_heading = heading(f"Due in the next {DUE_WITHIN_DAYS} days", 1.1)
        self.due_table = QTableWidget(0, len(self.DUE_COLUMNS))
        self.due_table.setObjectName("dueTable")
        self.due_table.setAccessibleName(f"Due in the next {DUE_WITHIN_DAYS} days")
        self.due_table.setToolTip(
            "DBS renewals, training and supervision falling due, soonest first; "
            "choose one to open the volunteer"
        )
        self.due_table.setHorizontalHeaderLabels(list(self.DUE_COLUMNS))
        self.due_table.verticalHeader().hide()
        self.due_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.due_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.due_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.due_table.setTabKeyNavigation(False)
        self.due_table.setWordWrap(False)
        row_height = self.due_table.fontMetrics().height() + 8
        self.due_table.verticalHeader().setDefaultSectionSize(row_height)
        header = self.due_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.due_table.setMaximumHeight(header.sizeHint().height() + 4 * row_height + 4)
        self.due_table.itemSelectionChanged.connect(self._due_chosen)
        self.nothing_due = hint(f"Nothing falls due in the next {DUE_WITHIN_DAYS} days.")
        self.nothing_due.setObjectName("nothingDue")

        self.volunteers = VolunteersEditor(services, bus)

        layout = QVBoxLayout(self)
        layout.addWidget(self.due_heading)
        layout.addWidget(self.due_table)
        layout.addWidget(self.nothing_due)
        layout.addWidget(self.volunteers, 1)
        self.watch = Watch(bus, self, WATCHES, lambda _changes: self.refresh_due())
        self.refresh_due()

    def refresh_due(self) -> None:
        """Read again what falls due, soonest first (overdue at the top)."""
        self.watch.fresh()
        today = self.services.today()
        self.due_items = self.services.citizen.due(DUE_WITHIN_DAYS)
        table = self.due_table
        blocked = table.blockSignals(True)
        try:
            table.clearSelection()
            table.setRowCount(len(self.due_items))
            for row, due in enumerate(self.due_items):
                overdue = due.due_on < today
                when = item(due_text(due, today), format_uk(due.due_on))
                cells = [
                    when,
                    item(f"{due.name} ({due.volunteer_ref})", due.name),
                    item(due.what[:1].upper() + due.what[1:], due.what),
                ]
                if overdue:
                    theme.paint(when, "table_error")
                    font = when.font()
                    font.setBold(True)
                    when.setFont(font)
                for column, cell in enumerate(cells):
                    cell.setData(Qt.ItemDataRole.UserRole, due.volunteer_ref)
                    table.setItem(row, column, cell)
        finally:
            table.blockSignals(blocked)
        table.setVisible(bool(self.due_items))
        self.nothing_due.setVisible(not self.due_items)
        overdue_count = sum(1 for due in self.due_items if due.due_on < today)
        title = f"Due in the next {DUE_WITHIN_DAYS} days"
        if self.due_items:
            title += f": {len(self.due_items)}"
            if overdue_count:
                title += f", {overdue_count} overdue"
        self.due_heading.setText(title)

    def due_rows(self) -> list[tuple[str, ...]]:
        """The due list as text, row by row."""
        return [
            tuple(
                cell.text() if (cell := self.due_table.item(row, column)) else ""
                for column in range(self.due_table.columnCount())
            )
            for row in range(self.due_table.rowCount())
        ]

    def _due_chosen(self) -> None:
        rows = self.due_table.selectionModel().selectedRows()
        if not rows:
            return
        cell = self.due_table.item(rows[0].row(), 0)
        ref = cell.data(Qt.ItemDataRole.UserRole) if cell is not None else None
        chosen = next((r for r in self.volunteers.records if r.volunteer_ref == ref), None)
        if chosen is not None:
            self.volunteers.select(chosen.id)
