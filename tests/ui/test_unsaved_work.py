"""Typed work is never dropped without asking: Escape, the close button and Quit ask
"Save, Discard or Cancel?" when a form or an editor holds changes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from advocacy_desk.app import Services
from advocacy_desk.domain.volunteers import VolunteerDetails
from tests.conftest import TODAY
from tests.services.test_reports import open_case
from tests.ui.conftest import AddPerson, click, press, type_into
from ui.bus import DataBus
from ui.citizen import CitizenPage
from ui.citizen.volunteers import VolunteersEditor
from ui.main_window import MainWindow
from ui.referrals.referral_form import ReferralDialog
from ui.reports.dialogs import ReportDialog
from ui.widgets import unsaved

pytestmark = pytest.mark.usefixtures("no_modals")


class Answers:
    """Answers the Save/Discard/Cancel question with ``answer``, noting each asked."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.answer = unsaved.Answer.CANCEL
        self.asked: list[str] = []
        monkeypatch.setattr(unsaved, "ask_save_discard_cancel", self)

    def __call__(self, _parent: object, title: str, question: str) -> unsaved.Answer:
        self.asked.append(f"{title}: {question}")
        return self.answer


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    return Answers(monkeypatch)


@pytest.fixture
def jane(add_person: AddPerson) -> int:
    return add_person("Jane", "Smith", date(1950, 2, 1))


@pytest.fixture
def open_referral(
    services: Services, bus: DataBus, qtbot: QtBot, jane: int
) -> Callable[[], ReferralDialog]:
    def open_() -> ReferralDialog:
        dialog = ReferralDialog(services, jane, today=TODAY)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return open_


def half_written(dialog: ReferralDialog) -> None:
    dialog.source.set_code("social_worker")
    dialog.advocacy_type.set_code("care_act")
    type_into(dialog.notes, "Rang on Monday: wants help with the care plan review.")


def test_escape_on_a_half_written_referral_asks_and_cancel_keeps_the_text(
    open_referral: Callable[[], ReferralDialog], answers: Answers, services: Services, jane: int
) -> None:
    dialog = open_referral()
    half_written(dialog)
    answers.answer = unsaved.Answer.CANCEL
    press(dialog.notes, Qt.Key.Key_Escape)
    assert answers.asked == ["New referral: New referral has changes that are not saved."]
    assert dialog.isVisible()
    assert dialog.notes.toPlainText() == "Rang on Monday: wants help with the care plan review."
    assert services.referrals.for_person(jane) == []


def test_the_close_button_and_cancel_ask_too(
    open_referral: Callable[[], ReferralDialog], answers: Answers
) -> None:
    dialog = open_referral()
    half_written(dialog)
    dialog.close()  # the window's close button
    click(dialog.buttons.button(dialog.buttons.StandardButton.Cancel))
    assert len(answers.asked) == 2
    assert dialog.isVisible()


def test_discard_closes_without_saving(
    open_referral: Callable[[], ReferralDialog], answers: Answers, services: Services, jane: int
) -> None:
    dialog = open_referral()
    half_written(dialog)
    answers.answer = unsaved.Answer.DISCARD
    press(dialog.notes, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected.value
    assert services.referrals.for_person(jane) == []


def test_save_saves_and_closes(
    open_referral: Callable[[], ReferralDialog], answers: Answers, services: Services, jane: int
) -> None:
    dialog = open_referral()
    half_written(dialog)
    answers.answer = unsaved.Answer.SAVE
    press(dialog.notes, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Accepted.value
    [saved] = services.referrals.for_person(jane)
    assert saved.details.notes == "Rang on Monday: wants help with the care plan review."


def test_save_that_is_refused_keeps_the_form_open_with_the_reason(
    open_referral: Callable[[], ReferralDialog], answers: Answers, services: Services, jane: int
) -> None:
    dialog = open_referral()
    type_into(dialog.notes, "Not finished")  # no source, no advocacy type: refused
    answers.answer = unsaved.Answer.SAVE
    press(dialog.notes, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    assert dialog.notes.toPlainText() == "Not finished"
    assert "source" in dialog.errors.messages
    assert services.referrals.for_person(jane) == []


def test_an_untouched_form_closes_on_escape_without_asking(
    open_referral: Callable[[], ReferralDialog], answers: Answers
) -> None:
    dialog = open_referral()
    press(dialog.received_on, Qt.Key.Key_Escape)
    assert answers.asked == []
    assert not dialog.isVisible()


def test_typing_and_then_undoing_is_not_a_change(
    open_referral: Callable[[], ReferralDialog], answers: Answers
) -> None:
    dialog = open_referral()
    type_into(dialog.notes, "ab")
    press(dialog.notes, Qt.Key.Key_Backspace)
    press(dialog.notes, Qt.Key.Key_Backspace)
    dialog.source.set_code("social_worker")
    dialog.source.set_code("")
    press(dialog.notes, Qt.Key.Key_Escape)
    assert answers.asked == []
    assert not dialog.isVisible()


def test_escape_on_a_half_written_report_asks_and_save_keeps_it(
    services: Services, qtbot: QtBot, answers: Answers
) -> None:
    case_id = open_case(services)
    dialog = ReportDialog(services, services.reports.case_info(case_id))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.kind.set_code("care_act")
    type_into(dialog.about, "Care and support plan review")
    dialog.sections["recommendations"].setPlainText("Keep the day centre place.")
    answers.answer = unsaved.Answer.SAVE
    press(dialog.about, Qt.Key.Key_Escape)
    assert len(answers.asked) == 1
    assert not dialog.isVisible()
    [report] = services.reports.for_case(case_id)
    assert report.details.about == "Care and support plan review"
    assert report.details.recommendations == "Keep the day centre place."


# -- the main window --------------------------------------------------------------


@pytest.fixture
def window_with_edited_volunteer(services: Services, qtbot: QtBot) -> MainWindow:
    services.citizen.add_volunteer(VolunteerDetails("Priya", "Patel", postcode="CM1 1AA"))
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    window.show_section("citizen_advocacy")
    page = window.pages.currentWidget()
    assert isinstance(page, CitizenPage)
    page.tabs.setCurrentWidget(page.volunteers)
    editor = page.volunteers.volunteers
    editor.select(editor.records[0].id)
    type_into(editor.fields.family_name, "-Shah")
    assert editor.changes_label.text() == "Changes not saved yet."
    window.show_section("people")  # the editor is out of sight
    return window


def _editor(window: MainWindow) -> VolunteersEditor:
    [page] = window.findChildren(CitizenPage)
    return page.volunteers.volunteers


def test_closing_the_window_with_an_edited_volunteer_asks_and_cancel_keeps_it_open(
    window_with_edited_volunteer: MainWindow, answers: Answers, services: Services
) -> None:
    window = window_with_edited_volunteer
    answers.answer = unsaved.Answer.CANCEL
    assert not window.close()
    assert answers.asked == [
        "Changes not saved: These changes are not saved yet:\n• Volunteer Priya Patel"
    ]
    assert window.isVisible()
    assert services.citizen.volunteers()[0].details.family_name == "Patel"


def test_quit_asks_the_same_and_save_saves_before_closing(
    window_with_edited_volunteer: MainWindow, answers: Answers, services: Services
) -> None:
    window = window_with_edited_volunteer
    answers.answer = unsaved.Answer.SAVE
    actions = window.findChildren(QAction)
    quit_action = next(a for a in actions if a.text() == "&Quit")
    quit_action.trigger()
    assert len(answers.asked) == 1
    assert not window.isVisible()
    assert services.citizen.volunteers()[0].details.family_name == "Patel-Shah"


def test_discard_closes_the_window_and_keeps_what_was_saved(
    window_with_edited_volunteer: MainWindow, answers: Answers, services: Services
) -> None:
    window = window_with_edited_volunteer
    answers.answer = unsaved.Answer.DISCARD
    assert window.close()
    assert services.citizen.volunteers()[0].details.family_name == "Patel"


def test_a_refused_save_keeps_the_window_open_on_the_editor(
    window_with_edited_volunteer: MainWindow, answers: Answers, services: Services
) -> None:
    window = window_with_edited_volunteer
    editor = _editor(window)
    editor.fields.given_name.clear()
    answers.answer = unsaved.Answer.SAVE
    assert not window.close()
    assert window.isVisible()
    assert isinstance(window.pages.currentWidget(), CitizenPage)
    assert "given_name" in editor.fields.errors.messages


def test_a_window_with_nothing_unsaved_closes_without_asking(
    services: Services, qtbot: QtBot, answers: Answers
) -> None:
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.close()
    assert answers.asked == []


def test_a_typed_next_action_is_asked_about_and_the_log_entry_draft_is_not(
    services: Services, qtbot: QtBot, answers: Answers
) -> None:
    case_id = open_case(services)
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.open_record("case", case_id)
    assert window._casework_page is not None
    panel = window._casework_page.panel
    type_into(panel.next_action, "Ring the social worker")
    type_into(panel.form.note, "Met Jane at home.")
    answers.answer = unsaved.Answer.SAVE
    assert window.close()
    case = services.casework.case(case_id)
    assert answers.asked == [
        f"Changes not saved: These changes are not saved yet:\n• Next action for case "
        f"{case.case_ref}"
    ]
    assert case.next_action == "Ring the social worker"
