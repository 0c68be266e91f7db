"""Citizen advocacy > Volunteers as a coordinator meets it: volunteers added and changed,
and the checks falling due."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from advocacy_desk.app import Services
from advocacy_desk.domain.changes import Changes
from advocacy_desk.domain.volunteers import VolunteerDetails
from tests.ui.conftest import kinds, type_into
from ui.bus import DataBus
from ui.citizen.volunteers import AddVolunteerDialog, VolunteersView

pytestmark = pytest.mark.usefixtures("no_modals")


@pytest.fixture
def open_view(services: Services, bus: DataBus, qtbot: QtBot) -> Callable[[], VolunteersView]:
    # qtbot holds widgets weakly; keep each view alive for the whole test.
    opened: list[VolunteersView] = []

    def open_() -> VolunteersView:
        view = VolunteersView(services, bus)
        opened.append(view)
        qtbot.addWidget(view)
        view.resize(1200, 760)
        view.show()
        qtbot.waitExposed(view)
        return view

    return open_


def add_volunteer(services: Services, given: str = "Jane", **fields: Any) -> int:
    details = VolunteerDetails(given, "Smith", postcode="CM1 1AA", **fields)
    return services.citizen.add_volunteer(details).record.id


def retype(field: QLineEdit, text: str) -> None:
    """Select what the field holds and type over it (a blank ``text`` clears it)."""
    field.setFocus()
    field.selectAll()
    if text:
        type_into(field, text)
    else:
        field.del_()


def test_a_volunteer_added_through_the_dialog_is_listed_with_dbs_expiry_defaulted(
    open_view: Callable[[], VolunteersView], services: Services, bus: DataBus, qtbot: QtBot
) -> None:
    view = open_view()
    editor = view.volunteers
    assert editor.rows() == []
    said: list[Changes] = []
    bus.changed.connect(said.append)

    def fill_in(dialog: QDialog) -> int:
        assert isinstance(dialog, AddVolunteerDialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        fields = dialog.fields
        type_into(fields.given_name, "Priya")
        type_into(fields.family_name, "Patel")
        type_into(fields.postcode, "cm2 6aa")
        type_into(fields.dates["dbs_checked_on"], "01/09/2026")
        fields.day_boxes["mon"].setChecked(True)
        fields.day_boxes["thu"].setChecked(True)
        fields.time_boxes["evening"].setChecked(True)
        assert dialog.save()
        return dialog.result()

    editor.run_modal = fill_in
    added = editor.add_volunteer()

    assert added is not None
    assert added.details.dbs_expires_on == date(2029, 9, 1)
    assert added.details.available_days == "mon;thu"
    assert added.details.available_times == "evening"
    assert "volunteer" in kinds(said)
    assert editor.rows() == [
        ("V000001", "Priya Patel", "Enquiry", "0 / 1", "01/09/2029", "Not yet"),
    ]
    # The editor shows them, with the expiry filled in and the days ticked.
    assert editor.shown_id == added.id
    assert editor.fields.dates["dbs_expires_on"].text() == "01/09/2029"
    assert editor.fields.day_boxes["thu"].isChecked()
    assert editor.fields.time_boxes["evening"].isChecked()
    assert not editor.fields.time_boxes["morning"].isChecked()
    assert editor.fields.postcode.text() == "CM2 6AA"
    assert "Added Priya Patel" in editor.status.text()
    assert not editor.has_changes()


def test_an_expiry_before_the_check_and_a_negative_travel_limit_are_refused(
    open_view: Callable[[], VolunteersView], services: Services, bus: DataBus
) -> None:
    volunteer_id = add_volunteer(services)
    view = open_view()
    editor = view.volunteers
    said: list[Changes] = []
    bus.changed.connect(said.append)
    fields = editor.fields
    retype(fields.dates["dbs_checked_on"], "01/06/2026")
    retype(fields.dates["dbs_expires_on"], "01/05/2026")
    retype(fields.travel_km, "-5")
    assert editor.has_changes()

    assert not editor.save()

    messages = fields.errors.messages
    assert "before the check date" in messages["dbs_expires_on"]
    assert "Travel limit" in messages["travel_km"]
    assert not fields.errors.label("dbs_expires_on").isHidden()
    assert not fields.errors.label("travel_km").isHidden()
    assert kinds(said) == set()
    stored = next(v for v in services.citizen.volunteers() if v.id == volunteer_id)
    assert stored.details.dbs_checked_on is None
    assert stored.details.travel_km is None
    # What was typed stays, to be put right.
    assert fields.travel_km.text() == "-5"

    # Put right, it saves; a blank travel limit is no limit.
    retype(fields.dates["dbs_expires_on"], "")
    retype(fields.travel_km, "")
    retype(fields.travel_km, "12.5")
    assert editor.save()
    assert fields.errors.messages == {}
    stored = next(v for v in services.citizen.volunteers() if v.id == volunteer_id)
    assert stored.details.travel_km == 12.5
    assert stored.details.dbs_expires_on == date(2029, 6, 1)
    assert "volunteer" in kinds(said)


def test_an_unknown_postcode_district_saves_with_the_warning_shown(
    open_view: Callable[[], VolunteersView], services: Services
) -> None:
    volunteer_id = add_volunteer(services)
    view = open_view()
    editor = view.volunteers
    retype(editor.fields.postcode, "ZZ9 9ZZ")

    assert editor.save()

    stored = next(v for v in services.citizen.volunteers() if v.id == volunteer_id)
    assert stored.details.postcode == "ZZ9 9ZZ"
    status = editor.status.text()
    assert status.startswith("Saved Jane Smith")
    assert "Postcode district ZZ9 is not in the shipped list" in status
    assert "distances are unknown" in status


def test_the_due_list_shows_a_volunteer_whose_dbs_expires_within_30_days(
    open_view: Callable[[], VolunteersView], services: Services
) -> None:
    # Today is 23/11/2026 in tests: this DBS runs out on 01/12/2026.
    soon = add_volunteer(
        services,
        "Grace",
        status="active",
        dbs_checked_on=date(2023, 12, 1),
        trained_on=date(2024, 1, 10),
        supervised_on=date(2026, 11, 1),
    )
    # Checked last year: not due for years, so not listed.
    add_volunteer(
        services,
        "Olu",
        status="active",
        dbs_checked_on=date(2025, 11, 1),
        trained_on=date(2025, 12, 1),
        supervised_on=date(2026, 11, 10),
    )
    view = open_view()

    assert view.due_rows() == [
        ("In 8 days (01/12/2026)", "Grace Smith (V000001)", "DBS renewal"),
    ]
    assert view.nothing_due.isHidden()
    assert view.due_heading.text() == "Due in the next 30 days: 1"

    # Choosing it opens the volunteer.
    view.due_table.selectRow(0)
    assert view.volunteers.shown_id == soon


def test_overdue_checks_come_first_and_are_marked(
    open_view: Callable[[], VolunteersView], services: Services
) -> None:
    add_volunteer(
        services,
        "Ahmed",
        status="active",
        dbs_checked_on=date(2023, 11, 1),
        trained_on=date(2024, 1, 10),
        supervised_on=date(2026, 11, 1),
    )
    view = open_view()

    rows = view.due_rows()
    assert rows[0] == ("Overdue since 01/11/2026", "Ahmed Smith (V000001)", "DBS renewal")
    assert view.due_heading.text().endswith("1 overdue")
    first = view.due_table.item(0, 0)
    assert first is not None
    assert first.font().bold()
    assert view.volunteers.rows()[0][4] == "01/11/2026 (expired)"
