"""Settings > Advocates as a manager meets it: who takes cases, how many, of which types."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QCheckBox, QDialog
from pytestqt.qtbot import QtBot

from advocacy_desk.app import Services
from advocacy_desk.domain.changes import Changes
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.domain.referrals import ReferralDetails
from tests.ui.conftest import click, kinds, type_into
from ui.bus import DataBus
from ui.settings.page import SettingsPage
from ui.settings.staff import AddStaffDialog, StaffEditor

pytestmark = pytest.mark.usefixtures("no_modals")


@pytest.fixture
def open_editor(services: Services, bus: DataBus, qtbot: QtBot) -> Callable[[], StaffEditor]:
    # qtbot holds widgets weakly; keep each editor alive for the whole test.
    opened: list[StaffEditor] = []

    def open_() -> StaffEditor:
        editor = StaffEditor(services, bus)
        opened.append(editor)
        qtbot.addWidget(editor)
        editor.resize(1100, 640)
        editor.show()
        qtbot.waitExposed(editor)
        return editor

    return open_


def allocate_cases(services: Services, advocate_id: int, count: int) -> None:
    """``count`` IMCA referrals allocated to the advocate: open cases they hold."""
    for number in range(count):
        person = services.people.create(
            PersonDetails(f"Person{number}", "Smith", date(1950, 2, 1)), allow_duplicate=True
        )
        referral = services.referrals.create(
            person.id,
            ReferralDetails(
                received_on=date(2026, 10, 1), source="social_worker", advocacy_type="imca"
            ),
        )
        services.waiting_list.allocate(referral.id, advocate_id, date(2026, 11, 1))


def set_capacity(editor: StaffEditor, value: int) -> None:
    """Select what the box holds and type the new number over it."""
    editor.capacity.setFocus()
    editor.capacity.selectAll()
    type_into(editor.capacity, str(value))


def tick(box: QCheckBox) -> None:
    """Click the tick box itself, as the mouse does (not the empty space beside its label)."""
    click(box, QPoint(8, box.height() // 2))


def shown(dialog: QDialog, qtbot: QtBot) -> AddStaffDialog:
    """The add dialog, on screen as ``run_modal`` would put it."""
    assert isinstance(dialog, AddStaffDialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def load_of(services: Services, staff_id: int) -> tuple[int, int, tuple[str, ...]]:
    load = next(a for a in services.waiting_list.advocates() if a.id == staff_id)
    return load.open_cases, load.capacity, load.advocacy_types


# -- the table ------------------------------------------------------------------------


def test_the_staff_show_with_their_caseload_role_and_short_types(
    services: Services, open_editor: Callable[[], StaffEditor]
) -> None:
    amir = services.staff.add("akhan", "Amir Khan", advocacy_types=("care_act", "imca"))
    services.staff.add("jsmith", "Jane Smith", role="manager", capacity=12)
    services.staff.add("admin", "Office Admin", role="administrator")
    allocate_cases(services, amir.id, 3)
    editor = open_editor()
    assert editor.rows() == [
        ("Amir Khan", "Advocate", "3 / 30", "Care Act, IMCA"),
        ("Jane Smith", "Manager", "0 / 12", "No types"),
        ("Office Admin", "Administrator", "— / 30", "No types"),
    ]
    assert editor.count_label.text() == "3 active people"
    # The first person is chosen, and the editor shows their caseload.
    assert editor.heading.text() == "Amir Khan"
    assert "Holds 3 open cases" in editor.summary.text()
    assert editor.capacity.value() == 30
    assert editor.type_boxes["imca"].isChecked()
    assert not editor.type_boxes["rpr"].isChecked()
    assert "Room for 27 more" in editor.capacity_note.text()


def test_with_no_staff_the_tab_says_how_to_add_the_first(
    open_editor: Callable[[], StaffEditor],
) -> None:
    editor = open_editor()
    assert editor.empty.isVisible()
    assert not editor.table.isVisible()
    assert not editor.fields.isEnabled()
    assert editor.heading.text() == "No one chosen"


def test_a_new_advocate_shows_with_a_capacity_of_30(
    services: Services,
    bus: DataBus,
    open_editor: Callable[[], StaffEditor],
    qtbot: QtBot,
) -> None:
    editor = open_editor()
    changes: list[Changes] = []
    bus.changed.connect(changes.append)
    seen: list[str] = []

    def fill_in(opened: QDialog) -> int:
        dialog = shown(opened, qtbot)
        seen.append(dialog.windowTitle())
        assert dialog.capacity.value() == 30
        assert dialog.role.code() == "advocate"
        type_into(dialog.username, "OAdeyemi")
        type_into(dialog.full_name, "Olu  Adeyemi")
        tick(dialog.type_boxes["imha"])
        click(dialog.save_button)
        return dialog.result()

    editor.run_modal = fill_in
    click(editor.add_button)

    assert seen == ["Add advocate"]
    assert "staff_user" in kinds(changes)
    [member] = services.staff.list()
    assert (member.username, member.full_name, member.capacity) == ("oadeyemi", "Olu Adeyemi", 30)
    assert member.advocacy_types == ("imha",)
    assert editor.rows() == [("Olu Adeyemi", "Advocate", "0 / 30", "IMHA")]
    assert editor.heading.text() == "Olu Adeyemi"
    assert editor.capacity.value() == 30
    assert editor.status.text() == (
        "Added Olu Adeyemi (oadeyemi), advocate, with capacity 30. Takes IMHA."
    )
    assert load_of(services, member.id) == (0, 30, ("imha",))


def test_cancelling_add_advocate_adds_no_one(
    services: Services, open_editor: Callable[[], StaffEditor]
) -> None:
    editor = open_editor()

    def cancel(dialog: QDialog) -> int:
        assert isinstance(dialog, AddStaffDialog)
        type_into(dialog.username, "jsmith")
        dialog.reject()
        return dialog.result()

    editor.run_modal = cancel
    assert editor.add_staff() is None
    assert services.staff.list() == []
    assert editor.rows() == []


def test_a_taken_user_name_shows_next_to_the_field_and_adds_no_one(
    services: Services, open_editor: Callable[[], StaffEditor], qtbot: QtBot
) -> None:
    services.staff.add("jsmith", "Jane Smith")
    editor = open_editor()
    messages: dict[str, str] = {}

    def fill_in(opened: QDialog) -> int:
        dialog = shown(opened, qtbot)
        type_into(dialog.username, "jsmith")
        type_into(dialog.full_name, "John Smith")
        click(dialog.save_button)
        messages.update(dialog.errors.messages)
        assert dialog.errors.label("username").isVisible()
        assert dialog.focusWidget() is dialog.username
        assert not dialog.errors.label("full_name").isVisible()
        assert dialog.result() != QDialog.DialogCode.Accepted
        dialog.reject()
        return dialog.result()

    editor.run_modal = fill_in
    assert editor.add_staff() is None
    assert messages == {"username": "User name: jsmith is already taken; choose another."}
    assert [m.full_name for m in services.staff.list()] == ["Jane Smith"]
    assert editor.rows() == [("Jane Smith", "Advocate", "0 / 30", "No types")]


def test_blank_names_show_under_each_field(
    services: Services, open_editor: Callable[[], StaffEditor]
) -> None:
    editor = open_editor()
    shown: dict[str, str] = {}

    def fill_in(dialog: QDialog) -> int:
        assert isinstance(dialog, AddStaffDialog)
        click(dialog.save_button)
        shown.update(dialog.errors.messages)
        dialog.reject()
        return dialog.result()

    editor.run_modal = fill_in
    editor.add_staff()
    assert set(shown) == {"username", "full_name"}
    assert shown["full_name"].startswith("Full name:")
    assert services.staff.list() == []


# -- changing a caseload --------------------------------------------------------------


def test_changing_capacity_and_types_changes_what_the_waiting_list_offers(
    services: Services, bus: DataBus, open_editor: Callable[[], StaffEditor]
) -> None:
    services.staff.add("akhan", "Amir Khan")
    jane = services.staff.add("jsmith", "Jane Smith", advocacy_types=("care_act", "imca"))
    allocate_cases(services, jane.id, 2)
    editor = open_editor()
    changes: list[Changes] = []
    bus.changed.connect(changes.append)
    assert editor.select(jane.id)
    assert editor.heading.text() == "Jane Smith"

    set_capacity(editor, 18)
    tick(editor.type_boxes["care_act"])  # no longer
    tick(editor.type_boxes["rpr"])
    assert editor.changes_label.text() == "Changes not saved yet."
    assert load_of(services, jane.id) == (2, 30, ("care_act", "imca"))  # not yet
    click(editor.save_button)

    assert load_of(services, jane.id) == (2, 18, ("imca", "rpr"))
    assert "staff_user" in kinds(changes)
    assert editor.status.text() == "Saved: Jane Smith can hold 18 open cases and takes IMCA, RPR."
    assert editor.rows()[1] == ("Jane Smith", "Advocate", "2 / 18", "IMCA, RPR")
    assert editor.heading.text() == "Jane Smith"  # still chosen
    assert editor.capacity.value() == 18
    assert editor.changes_label.text() == ""
    assert not editor.discard_button.isEnabled()


def test_saving_with_no_change_says_so_and_writes_nothing(
    services: Services, bus: DataBus, open_editor: Callable[[], StaffEditor]
) -> None:
    services.staff.add("jsmith", "Jane Smith")
    editor = open_editor()
    changes: list[Changes] = []
    bus.changed.connect(changes.append)
    assert not editor.save()
    assert editor.status.text().startswith("Nothing to save")
    assert kinds(changes) == set()


def test_a_capacity_the_service_refuses_shows_next_to_the_field_and_saves_nothing(
    services: Services, bus: DataBus, open_editor: Callable[[], StaffEditor]
) -> None:
    jane = services.staff.add("jsmith", "Jane Smith", advocacy_types=("imca",))
    editor = open_editor()
    changes: list[Changes] = []
    bus.changed.connect(changes.append)
    # The box stops at 500; let it past, as an older or newer service limit might.
    editor.capacity.setMaximum(1000)
    set_capacity(editor, 501)
    tick(editor.type_boxes["imha"])
    click(editor.save_button)

    assert editor.capacity_error.isVisible()
    assert editor.capacity_error.message == (
        "Capacity: give a whole number of open cases, 0 to 500."
    )
    assert editor.focusWidget() is editor.capacity
    assert not editor.types_error.isVisible()
    assert "Not saved" in editor.errors.general.message
    assert editor.status.text() == ""
    assert kinds(changes) == set()
    assert load_of(services, jane.id) == (0, 30, ("imca",))
    # What was typed stays, to be put right.
    assert editor.capacity.value() == 501
    assert editor.type_boxes["imha"].isChecked()

    set_capacity(editor, 40)
    click(editor.save_button)
    assert not editor.capacity_error.isVisible()
    assert load_of(services, jane.id) == (0, 40, ("imca", "imha"))


def test_capacity_below_the_open_cases_is_allowed_with_a_caution(
    services: Services, open_editor: Callable[[], StaffEditor]
) -> None:
    jane = services.staff.add("jsmith", "Jane Smith", advocacy_types=("imca",))
    allocate_cases(services, jane.id, 3)
    editor = open_editor()
    set_capacity(editor, 2)
    assert "Below the 3 open cases Jane Smith holds" in editor.capacity_note.text()
    click(editor.save_button)
    assert load_of(services, jane.id) == (3, 2, ("imca",))
    assert editor.rows()[0][2] == "3 / 2 (over)"


def test_unsaved_changes_are_kept_while_someone_else_is_chosen(
    services: Services, open_editor: Callable[[], StaffEditor]
) -> None:
    amir = services.staff.add("akhan", "Amir Khan")
    jane = services.staff.add("jsmith", "Jane Smith")
    editor = open_editor()
    assert editor.shown_id == amir.id
    set_capacity(editor, 12)
    editor.select(jane.id)
    assert editor.capacity.value() == 30
    assert "changes for Amir Khan are not saved yet" in editor.status.text()

    editor.select(amir.id)
    assert editor.capacity.value() == 12
    assert "unsaved changes for Amir Khan are back" in editor.status.text()
    click(editor.discard_button)
    assert editor.capacity.value() == 30
    assert not editor.has_changes()
    assert services.staff.list()[0].capacity == 30


def test_allocations_elsewhere_update_the_open_cases(
    services: Services, bus: DataBus, open_editor: Callable[[], StaffEditor]
) -> None:
    jane = services.staff.add("jsmith", "Jane Smith", advocacy_types=("imca",))
    editor = open_editor()
    set_capacity(editor, 25)  # an edit in progress survives the refresh
    allocate_cases(services, jane.id, 1)
    assert editor.rows()[0][2] == "1 / 30"
    assert editor.capacity.value() == 25
    assert editor.has_changes()


# -- the Settings page ------------------------------------------------------------------


def test_the_settings_page_has_the_advocates_tab(
    services: Services, bus: DataBus, qtbot: QtBot
) -> None:
    services.staff.add("jsmith", "Jane Smith")
    page = SettingsPage(services, False, bus)
    qtbot.addWidget(page)
    page.resize(1100, 720)
    page.show()
    qtbot.waitExposed(page)
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert titles == [
        "Database",
        "Organisation",
        "Accounts",
        "Backups",
        "Prioritisation matrix",
        "Advocates",
        "Contracts",
        "Letters",
        "About and licences",
    ]
    page.show_tab("advocates")
    assert page.tabs.currentWidget() is page.staff_editor
    assert page.staff_editor.table.isVisible()
    assert page.staff_editor.rows() == [("Jane Smith", "Advocate", "0 / 30", "No types")]
    page.show_tab("about")
    assert page.about.isVisible()
