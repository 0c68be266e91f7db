"""Two people editing the same record at once, as the second of them sees it: their save
is refused with a message naming what the other changed, the form stays open with what
they typed, and the other person's change stays saved."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from advocacy_desk.app import Services, open_services
from tests.conftest import TODAY
from tests.services.test_diary import open_case as open_diary_case
from tests.services.test_diary import visit
from tests.services.test_edit_conflicts import OTHER, _person, _referral
from tests.services.test_reports import DETAILS as REPORT
from tests.services.test_reports import open_case as open_report_case
from tests.ui.conftest import click, type_into
from ui.diary import AppointmentDialog
from ui.people.person_form import PersonDialog
from ui.referrals.referral_form import ReferralDialog
from ui.reports import ReportDialog

pytestmark = pytest.mark.usefixtures("no_modals")

Form = PersonDialog | ReferralDialog | ReportDialog | AppointmentDialog


@pytest.fixture
def colleague(services: Services, database: str) -> Iterator[Services]:
    """Another user of the same database, saving while the form is open."""
    other = open_services(database, today=lambda: TODAY, user=OTHER)
    yield other
    other.close()


def shown(qtbot: QtBot, dialog: Form) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)


def refused_and_still_open(dialog: Form, message: str) -> str:
    """Press save; the dialog must stay open saying why. Returns what it says."""
    click(dialog.save_button)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.isVisible()
    assert dialog.errors.general.isVisible()
    said = dialog.errors.general.text()
    assert said.startswith("Not saved: someone else saved "), said
    assert f"({OTHER} at " in said
    assert message in said, said
    return said


def test_the_person_form_refuses_a_stale_save_and_keeps_the_typing(
    services: Services, colleague: Services, qtbot: QtBot
) -> None:
    person_id = _person(services)
    dialog = PersonDialog(services, person_id, today=TODAY)
    shown(qtbot, dialog)

    theirs = colleague.people.get(person_id)
    colleague.people.update(
        person_id, dataclasses.replace(theirs.details, family_name="Able-Smith"), opened=theirs
    )
    type_into(dialog.postcode, "CM2 9ZZ")

    said = refused_and_still_open(dialog, 'family name ("Able" to "Able-Smith")')
    assert "this person's record" in said
    assert dialog.postcode.text() == "CM2 9ZZ"
    assert dialog.family_name.text() == "Able"  # what they had: not reloaded under them
    stored = services.people.get(person_id).details
    assert (stored.family_name, stored.postcode) == ("Able-Smith", "")

    # Saving again from the same form is refused again: it still holds the old record.
    refused_and_still_open(dialog, 'family name ("Able" to "Able-Smith")')
    assert services.people.get(person_id).details.postcode == ""


def test_the_person_form_saves_when_nobody_else_has(services: Services, qtbot: QtBot) -> None:
    person_id = _person(services)
    dialog = PersonDialog(services, person_id, today=TODAY)
    shown(qtbot, dialog)
    type_into(dialog.postcode, "CM2 9ZZ")
    click(dialog.save_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert services.people.get(person_id).details.postcode == "CM2 9ZZ"


def test_the_referral_form_refuses_a_stale_save(
    services: Services, colleague: Services, qtbot: QtBot
) -> None:
    referral_id = _referral(services)
    person_id = services.referrals.get(referral_id).person_id
    dialog = ReferralDialog(services, person_id, referral_id, today=TODAY)
    shown(qtbot, dialog)

    theirs = colleague.referrals.get(referral_id)
    colleague.referrals.update(
        referral_id, dataclasses.replace(theirs.details, notes="Phoned the ward"), opened=theirs
    )
    type_into(dialog.notes, "Left a message")

    said = refused_and_still_open(dialog, 'notes (blank to "Phoned the ward")')
    assert "this referral" in said
    assert dialog.notes.toPlainText() == "Left a message"
    assert services.referrals.get(referral_id).details.notes == "Phoned the ward"


def test_the_report_dialog_refuses_a_stale_save(
    services: Services, colleague: Services, qtbot: QtBot
) -> None:
    case_id = open_report_case(services)
    report = services.reports.create(case_id, REPORT)
    dialog = ReportDialog(services, services.reports.case_info(case_id), report)
    shown(qtbot, dialog)

    theirs = colleague.reports.get(report.id)
    colleague.reports.update(
        report.id, dataclasses.replace(theirs.details, decision_maker="Ali Khan"), opened=theirs
    )
    dialog.sections["concerns"].setPlainText("My own concern.")

    said = refused_and_still_open(
        dialog, f'decision maker ("{REPORT.decision_maker}" to "Ali Khan")'
    )
    assert "this report" in said
    assert dialog.sections["concerns"].toPlainText() == "My own concern."
    stored = services.reports.get(report.id).details
    assert (stored.decision_maker, stored.concerns) == ("Ali Khan", REPORT.concerns)


def test_the_appointment_dialog_refuses_a_stale_save(
    services: Services, colleague: Services, qtbot: QtBot
) -> None:
    case_id, _ref = open_diary_case(services)
    appointment = services.diary.add(visit(case_id)).appointment
    dialog = AppointmentDialog(services, appointment=services.diary.appointment(appointment.id))
    shown(qtbot, dialog)

    theirs = colleague.diary.appointment(appointment.id)
    colleague.diary.update(
        appointment.id, dataclasses.replace(theirs.details(), place="Elm Ward"), opened=theirs
    )
    dialog.place.clear()
    type_into(dialog.place, "Phone")

    said = refused_and_still_open(dialog, 'place ("Oak House" to "Elm Ward")')
    assert "this appointment" in said
    assert dialog.place.text() == "Phone"
    assert services.diary.appointment(appointment.id).place == "Elm Ward"
