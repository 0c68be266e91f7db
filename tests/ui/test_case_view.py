"""One case as an advocate works it: logging time, the timer, edits, next action,
issues and outcomes, closing and reopening."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from advocacy_desk.app import Services
from advocacy_desk.domain.casework import ActivityDetails
from advocacy_desk.domain.changes import Changes
from tests.conftest import TODAY
from tests.ui.conftest import click, double_click, kinds, press, type_into
from tests.ui.test_casework_page import add_case
from ui.bus import DataBus
from ui.casework import CaseworkPage
from ui.casework.case_view import CasePanel
from ui.casework.dialogs import (
    AddIssueDialog,
    CloseCaseDialog,
    EditActivityDialog,
    OutcomeDialog,
    ReopenCaseDialog,
)

pytestmark = pytest.mark.usefixtures("no_modals")

OpenCase = Callable[[int], CasePanel]


@pytest.fixture
def page(services: Services, bus: DataBus, qtbot: QtBot) -> CaseworkPage:
    shown = CaseworkPage(services, bus)
    shown.today = lambda: TODAY
    qtbot.addWidget(shown)
    shown.resize(1200, 760)
    shown.show()
    qtbot.waitExposed(shown)
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow, timeout=2000)
    return shown


@pytest.fixture
def open_case(page: CaseworkPage) -> OpenCase:
    def open_(case_id: int) -> CasePanel:
        assert page.open_case(case_id)
        return page.panel

    return open_


@pytest.fixture
def case_id(services: Services) -> int:
    return add_case(services, "Ann")


def log_notes(panel: CasePanel) -> list[str]:
    return [row.note for row in panel.log_model.rows]


def test_logging_1_30_adds_a_90_minute_entry_and_updates_the_totals(
    services: Services, bus: DataBus, case_id: int, page: CaseworkPage, open_case: OpenCase
) -> None:
    panel = open_case(case_id)
    seen: list[Changes] = []
    bus.changed.connect(seen.append)
    form = panel.form
    assert form.occurred_on.text() == "23/11/2026"  # today unless changed
    form.kind.set_code("phone")
    type_into(form.duration, "1:30")
    type_into(form.travel, "20")
    type_into(form.note, "Spoke to the ward about discharge")
    click(panel.log_button)

    logged = services.casework.activities(case_id)
    assert [(a.minutes, a.travel_minutes, a.kind, a.occurred_on) for a in logged] == [
        (90, 20, "phone", TODAY)
    ]
    assert kinds(seen) == {"activity"}
    assert panel.log_model.rowCount() == 1
    assert panel.log_model.index(0, 2).data() == "1:30"
    assert panel.log_model.index(0, 3).data() == "0:20"
    assert "1.5 hours (1:30) in 1 entry" in panel.case_label.text()
    assert "0.3 hours (0:20)" in panel.case_label.text()
    assert panel.notice.text() == "Logged 1:30 hours (phone call) on 23/11/2026."
    # Ready for the next: empty, today, the same kind.
    assert (form.duration.text(), form.travel.text(), form.note.toPlainText()) == ("", "", "")
    assert form.kind.code() == "phone"
    click(panel.back_button)
    assert page.model.index(0, 4).data() == "1.5"  # the caseload's hours too


def test_enter_in_the_duration_or_ctrl_enter_in_the_note_logs(
    services: Services, case_id: int, open_case: OpenCase
) -> None:
    panel = open_case(case_id)
    form = panel.form
    type_into(form.duration, "45")
    press(form.duration, Qt.Key.Key_Return)
    type_into(form.duration, "10")
    type_into(form.note, "left a message")
    press(form.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert [(a.minutes, a.note) for a in services.casework.activities(case_id)] == [
        (45, ""),
        (10, "left a message"),
    ]


@pytest.mark.parametrize(
    ("field", "text", "error_field", "words"),
    [
        ("duration", "0", "minutes", "more than 0"),
        ("duration", "1:75", "minutes", "hours:minutes (1:30)"),
        ("duration", "", "minutes", "how long did it take"),
        ("occurred_on", "24/11/2026", "occurred_on", "in the future"),
        ("occurred_on", "1/1/2020", "occurred_on", "before the case opened"),
        ("occurred_on", "yesterday", "occurred_on", "not a date"),
        ("travel", "lots", "travel_minutes", "leave it blank"),
    ],
)
def test_a_bad_entry_shows_its_message_by_the_field_and_saves_nothing(
    services: Services,
    case_id: int,
    open_case: OpenCase,
    field: str,
    text: str,
    error_field: str,
    words: str,
) -> None:
    panel = open_case(case_id)
    form = panel.form
    form.duration.setText("30")
    box = getattr(form, field)
    box.clear()
    type_into(box, text)
    assert not panel.log_entry()
    assert services.casework.activities(case_id) == []
    messages = form.errors.messages
    assert list(messages) == [error_field]
    assert words in messages[error_field]
    assert form.errors.label(error_field).isVisible()
    assert box.text() == text  # nothing typed is lost


def test_the_timer_fills_the_duration_with_minutes_rounded_up(
    case_id: int, open_case: OpenCase
) -> None:
    panel = open_case(case_id)
    form = panel.form
    now = [1_000_000.0]
    form.clock = lambda: now[0]
    assert not form.stop_button.isEnabled()
    click(form.start_button)
    assert form.timing
    assert not form.start_button.isEnabled()
    assert panel.has_unsaved_entry()  # a running timer is work not yet logged
    now[0] += 46 * 60 + 5
    form._show_timer()
    assert form.timer_label.text().endswith("0:46")
    click(form.stop_button)
    assert form.duration.text() == "47"
    assert form.timer_label.text() == "Timed 47"
    click(form.start_button)
    now[0] += 2
    assert form.stop_timer() == 1  # never less than a minute
    click(form.start_button)
    now[0] += 95 * 60
    click(form.stop_button)
    assert form.duration.text() == "1:35"


def test_editing_an_entry_keeps_the_earlier_note_visible(
    services: Services, case_id: int, page: CaseworkPage, open_case: OpenCase
) -> None:
    services.casework.log_activity(
        case_id, ActivityDetails(TODAY - timedelta(days=1), "visit", 60, 0, "first words")
    )
    panel = open_case(case_id)
    seen: list[tuple[str, str]] = []

    def edit(dialog: QDialog) -> int:
        assert isinstance(dialog, EditActivityDialog)
        seen.append((dialog.form.note.toPlainText(), dialog.history.toPlainText()))
        dialog.form.note.setPlainText("better words")
        dialog.form.duration.setText("1:15")
        click(dialog.save_button)
        return dialog.result()

    page.run_modal = edit
    rect = panel.log.visualRect(panel.log_model.index(0, 4))
    double_click(panel.log.viewport(), rect.center())
    assert seen == [("first words", "Not changed since it was logged.")]
    assert log_notes(panel) == ["better words"]
    assert panel.log_model.index(0, 2).data() == "1:15"
    assert panel.log_model.index(0, 6).data() == "edited"

    def look(dialog: QDialog) -> int:
        assert isinstance(dialog, EditActivityDialog)
        seen.append((dialog.form.note.toPlainText(), dialog.history.toPlainText()))
        dialog.reject()
        return dialog.result()

    page.run_modal = look
    panel.log.setFocus()
    press(panel.log, Qt.Key.Key_Return)  # the selected entry
    note, history = seen[-1]
    assert note == "better words"
    assert "first words" in history
    assert "1:00" in history
    assert "by tester" in history


def test_an_edit_the_service_refuses_shows_by_the_field_and_changes_nothing(
    services: Services, case_id: int, page: CaseworkPage, open_case: OpenCase
) -> None:
    services.casework.log_activity(case_id, ActivityDetails(TODAY, "visit", 60, 0, "kept"))
    panel = open_case(case_id)
    messages: dict[str, str] = {}

    def edit(dialog: QDialog) -> int:
        assert isinstance(dialog, EditActivityDialog)
        dialog.form.occurred_on.setText("30/11/2026")
        click(dialog.save_button)
        messages.update(dialog.form.errors.messages)
        return dialog.result()

    page.run_modal = edit
    assert not panel.edit_activity(panel.log_model.rows[0].id)
    assert "in the future" in messages["occurred_on"]
    assert services.casework.activities(case_id)[0].occurred_on == TODAY


def test_the_next_action_is_saved_and_checked(
    services: Services, case_id: int, page: CaseworkPage, open_case: OpenCase
) -> None:
    panel = open_case(case_id)
    panel.next_action_on.setText("30/11/2026")
    assert not panel.save_next_action()  # a date with nothing to do
    assert "say what is to be done" in panel.action_errors.messages["next_action"]
    type_into(panel.next_action, "phone the care home")
    press(panel.next_action, Qt.Key.Key_Return)
    view = services.casework.case(case_id)
    assert (view.next_action, view.next_action_on) == ("phone the care home", TODAY + timedelta(7))
    click(panel.back_button)
    assert page.model.index(0, 5).data() == "phone the care home"
    assert page.model.index(0, 6).data() == "30/11/2026"


def test_issues_are_added_given_outcomes_and_reopened(
    services: Services, case_id: int, page: CaseworkPage, open_case: OpenCase
) -> None:
    panel = open_case(case_id)
    assert panel.no_issues.isVisible()

    def add(dialog: QDialog) -> int:
        assert isinstance(dialog, AddIssueDialog)
        click(dialog.save_button)  # nothing chosen: refused
        assert set(dialog.errors.messages) == {"category", "description"}
        dialog.category.set_code("accommodation")
        type_into(dialog.description, "wants to move nearer family")
        click(dialog.save_button)
        return dialog.result()

    page.run_modal = add
    click(panel.add_issue_button)
    assert panel.issues.rowCount() == 1
    cells = [panel.issues.item(0, c).text() for c in range(3)]  # type: ignore[union-attr]
    assert cells == ["Accommodation", "wants to move nearer family", "Open"]
    assert panel.selected_issue() is not None

    def outcome(dialog: QDialog) -> int:
        assert isinstance(dialog, OutcomeDialog)
        assert dialog.outcome_on.text() == "23/11/2026"
        dialog.outcome.set_code("partly_achieved")
        click(dialog.save_button)
        return dialog.result()

    page.run_modal = outcome
    click(panel.outcome_button)
    item = panel.issues.item(0, 2)
    assert item is not None
    assert item.text() == "Partly achieved (23/11/2026)"
    assert services.casework.case(case_id).issues[0].outcome == "partly_achieved"

    assert panel.reopen_issue_button.isEnabled()
    click(panel.reopen_issue_button)
    item = panel.issues.item(0, 2)
    assert item is not None
    assert item.text() == "Open"
    assert services.casework.case(case_id).issues[0].outcome is None


def close_with(reason: str, record: list[str]) -> Callable[[QDialog], int]:
    """A run_modal that fills in the close dialog and tries to save it."""

    def close(dialog: QDialog) -> int:
        assert isinstance(dialog, CloseCaseDialog)
        record.append(dialog.answered_by.code())
        dialog.reason.set_code(reason)
        dialog.answers["informed"].set_code("yes")
        click(dialog.not_asked_button)
        click(dialog.save_button)
        record.append(dialog.errors.general.text())
        return dialog.result()

    return close


def test_closing_is_refused_with_an_open_issue_then_allowed(
    services: Services, case_id: int, page: CaseworkPage, open_case: OpenCase
) -> None:
    issue = services.casework.add_issue(case_id, "accommodation", "wants to move nearer family")
    panel = open_case(case_id)
    seen: list[str] = []
    page.run_modal = close_with("resolved", seen)
    assert not panel.close_case()
    answered_by, message = seen
    assert answered_by == "person"  # Care Act: the person answers
    assert "wants to move nearer family" in message
    assert services.casework.case(case_id).is_open

    services.casework.set_outcome(issue.id, "achieved")  # the case on show reads it again
    seen.clear()
    click(panel.close_button)
    assert seen == ["person", ""]
    view = services.casework.case(case_id)
    assert (view.closed_on, view.closure_reason) == (TODAY, "resolved")
    assert view.feedback is not None
    assert view.feedback.answers["informed"] == "yes"
    assert view.feedback.answers["empowered"] == "not_asked"
    assert panel.status_label.text() == "Closed on 23/11/2026: Issues resolved"
    assert panel.reopen_button.isVisible()
    assert not panel.close_button.isVisible()
    click(panel.back_button)
    assert page.model.rowCount() == 0  # no longer on the caseload


def test_the_close_dialog_needs_every_question_answered(
    services: Services, case_id: int, page: CaseworkPage, open_case: OpenCase
) -> None:
    panel = open_case(case_id)
    messages: dict[str, str] = {}

    def close(dialog: QDialog) -> int:
        assert isinstance(dialog, CloseCaseDialog)
        dialog.reason.set_code("person_withdrew")
        dialog.answers["informed"].set_code("yes")
        click(dialog.save_button)
        messages.update(dialog.errors.messages)
        return dialog.result()

    page.run_modal = close
    assert not panel.close_case()
    assert "Answer questions 2, 3, 4, 5" in messages["feedback"]
    assert services.casework.case(case_id).is_open


def test_imca_and_non_instructed_default_to_the_advocates_observation(
    services: Services, page: CaseworkPage, open_case: OpenCase
) -> None:
    imca = add_case(services, "Bea", kind="imca")
    panel = open_case(imca)
    seen: list[str] = []
    page.run_modal = close_with("resolved", seen)
    assert panel.close_case()
    assert seen == ["advocate_observation", ""]


def test_a_closed_case_takes_no_new_work_until_reopened_with_a_reason(
    services: Services, case_id: int, page: CaseworkPage, open_case: OpenCase
) -> None:
    services.casework.log_activity(case_id, ActivityDetails(TODAY, "visit", 30, 0, "last visit"))
    panel = open_case(case_id)
    page.run_modal = close_with("person_withdrew", [])
    assert panel.close_case()

    assert not panel.form.isEnabled()
    assert not panel.log_button.isEnabled()
    assert panel.closed_line.isVisible()
    assert "Reopen it" in panel.closed_line.text()
    assert not panel.add_issue_button.isEnabled()
    assert not panel.next_action.isEnabled()
    panel.form.duration.setText("30")
    assert not panel.log_entry()
    assert len(services.casework.activities(case_id)) == 1

    def reopen(dialog: QDialog) -> int:
        assert isinstance(dialog, ReopenCaseDialog)
        click(dialog.save_button)  # no reason: refused
        assert "say why" in dialog.errors.messages["reason"]
        type_into(dialog.reason, "the person asked for help again")
        click(dialog.save_button)
        return dialog.result()

    page.run_modal = reopen
    click(panel.reopen_button)
    assert services.casework.case(case_id).is_open
    assert panel.status_label.text() == "Open"
    assert panel.form.isEnabled()
    assert not panel.closed_line.isVisible()
    assert "Reopened: the person asked for help again" in panel.history.text()
    assert panel.log_entry()  # the 30 typed while closed is still there
    assert len(services.casework.activities(case_id)) == 2


def test_a_long_log_is_a_model_not_widgets(
    services: Services, case_id: int, open_case: OpenCase
) -> None:
    for n in range(300):
        services.casework.log_activity(
            case_id, ActivityDetails(TODAY - timedelta(days=n % 30), "phone", 5, 0, f"call {n}")
        )
    panel = open_case(case_id)
    assert panel.log_model.rowCount() == 300
    assert panel.log.indexWidget(panel.log_model.index(0, 0)) is None
    dates = [row.occurred_on for row in panel.log_model.rows]
    assert dates == sorted(dates)  # oldest first


def test_every_problem_with_an_entry_shows_at_once(
    services: Services, case_id: int, open_case: OpenCase
) -> None:
    panel = open_case(case_id)
    form = panel.form
    form.occurred_on.setText("01/12/2026")
    type_into(form.duration, "0")
    type_into(form.travel, "a while")
    type_into(form.note, "visited")
    click(panel.log_button)
    assert list(form.errors.messages) == ["occurred_on", "minutes", "travel_minutes"]
    assert services.casework.activities(case_id) == []
    assert form.occurred_on.hasFocus()  # the first problem, ready to put right
