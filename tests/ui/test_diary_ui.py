"""The Diary section, its dialogs, today's line for the home screen and the offer to log
ended appointments, driven as a user would, with good input and bad."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from advocacy_desk.app import Services
from advocacy_desk.domain.diary import AppointmentDetails
from tests.conftest import TODAY
from tests.services.test_diary import (
    PASSWORD,
    TUESDAY,
    at,
    events_of,
    open_case,
    staff_id,
    visit,
)
from tests.ui.conftest import click, press, type_into
from ui.bus import DataBus
from ui.diary import (
    AppointmentDialog,
    DiaryPage,
    ExportDialog,
    LogAppointmentsDialog,
    TodayAppointments,
)

pytestmark = pytest.mark.usefixtures("no_modals")

ACCEPTED = QDialog.DialogCode.Accepted.value
REJECTED = QDialog.DialogCode.Rejected.value
YESTERDAY = TODAY - timedelta(days=1)


@pytest.fixture
def cases(services: Services) -> dict[str, int]:
    """Jane (C000001) and Amir (C000002), both on the tester's caseload."""
    return {"Jane": open_case(services)[0], "Amir": open_case(services, "Amir", "Khan")[0]}


@pytest.fixture
def open_page(services: Services, bus: DataBus, qtbot: QtBot) -> Callable[[], DiaryPage]:
    def open_() -> DiaryPage:
        page = DiaryPage(services, bus)
        qtbot.addWidget(page)
        page.resize(1100, 640)
        page.show()
        qtbot.waitExposed(page)
        return page

    return open_


def new_dialog(services: Services, qtbot: QtBot, on: date = TUESDAY) -> AppointmentDialog:
    dialog = AppointmentDialog(services, advocate_id=services.diary.my_diary_id(), on=on)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def fill(dialog: AppointmentDialog, case_id: int, kind: str, starts: str, ends: str,
         place: str = "") -> None:  # fmt: skip
    dialog.case.setCurrentIndex(dialog.case.findData(case_id))
    dialog.kind.set_code(kind)
    for field, text in ((dialog.starts, starts), (dialog.ends, ends), (dialog.place, place)):
        field.clear()
        type_into(field, text)


# -- the appointment dialog -----------------------------------------------------------


def test_a_new_appointment_is_saved(
    services: Services, cases: dict[str, int], qtbot: QtBot, bus: DataBus
) -> None:
    dialog = new_dialog(services, qtbot)
    fill(dialog, cases["Jane"], "visit", "10:00", "11.30", "Oak House")
    type_into(dialog.attendees, "Sam Reid (social worker)")
    with qtbot.waitSignal(bus.changed) as changed:
        click(dialog.save_button)
    assert "appointment" in changed.args[0].kinds()
    assert dialog.result() == ACCEPTED
    [saved] = services.diary.day(None, TUESDAY)
    assert (saved.case_id, saved.kind, saved.starts_at, saved.ends_at, saved.place) == (
        cases["Jane"], "visit", at(TUESDAY, 10), at(TUESDAY, 11, 30), "Oak House")  # fmt: skip
    assert saved.attendees == "Sam Reid (social worker)"


def test_an_appointment_ending_before_it_starts_is_shown_under_ends(
    services: Services, cases: dict[str, int], qtbot: QtBot
) -> None:
    dialog = new_dialog(services, qtbot)
    fill(dialog, cases["Jane"], "visit", "11:00", "10:00")
    assert not dialog.save()
    assert dialog.errors.messages == {
        "ends_at": "Ends: the appointment ends before it starts; check the times."
    }
    assert services.diary.day(None, TUESDAY) == []
    assert dialog.isVisible()


def test_what_is_not_a_time_or_a_date_is_shown_by_its_field(
    services: Services, cases: dict[str, int], qtbot: QtBot
) -> None:
    dialog = new_dialog(services, qtbot)
    dialog.day.setText("31/02/2026")
    type_into(dialog.starts, "25:00")
    assert not dialog.save()
    messages = dialog.errors.messages
    assert set(messages) == {"case_id", "kind", "date", "starts_at", "ends_at"}
    assert messages["starts_at"].startswith('Starts: "25:00" is not a time')
    assert messages["ends_at"] == "Ends: give the time, for example 14:30."
    assert messages["case_id"] == "Case: choose the case the appointment is for."
    assert "not a real date" in messages["date"]
    assert services.diary.day(None, TUESDAY) == []


def test_an_overlap_is_shown_and_saved_only_when_confirmed(
    services: Services, cases: dict[str, int], qtbot: QtBot
) -> None:
    services.diary.add(visit(cases["Jane"], start=10, end=11))
    dialog = new_dialog(services, qtbot)
    fill(dialog, cases["Amir"], "phone_call", "10:30", "11:00")
    assert not dialog.save()
    assert dialog.warning.isVisible()
    assert dialog.warning.text().startswith("Overlaps C000001 visit 10:00-11:00 on 24/11/2026.")
    assert dialog.save_button.text() == "Save anyway"
    assert len(services.diary.day(None, TUESDAY)) == 1
    assert dialog.save()
    assert dialog.saved is not None
    assert dialog.saved.warnings == ("Overlaps C000001 visit 10:00-11:00 on 24/11/2026.",)
    assert len(services.diary.day(None, TUESDAY)) == 2


def test_an_appointment_over_midnight_takes_an_end_date(
    services: Services, cases: dict[str, int], qtbot: QtBot
) -> None:
    dialog = new_dialog(services, qtbot)
    fill(dialog, cases["Jane"], "tribunal_hearing", "22:00", "01:00")
    dialog.end_day.set_value(TUESDAY + timedelta(days=1))
    assert dialog.save()
    assert dialog.saved is not None
    assert dialog.saved.appointment.minutes == 180


def test_editing_shows_the_appointment_and_saves_the_change(
    services: Services, cases: dict[str, int], qtbot: QtBot
) -> None:
    record = services.diary.add(visit(cases["Jane"])).appointment
    dialog = AppointmentDialog(services, appointment=record)
    qtbot.addWidget(dialog)
    assert (dialog.case.currentData(), dialog.kind.code()) == (cases["Jane"], "visit")
    assert (dialog.day.text(), dialog.starts.text(), dialog.ends.text()) == (
        "24/11/2026", "10:00", "11:00")  # fmt: skip
    assert dialog.place.text() == "Oak House"
    dialog.place.setText("Jane's flat")
    assert dialog.save()
    assert services.diary.appointment(record.id).place == "Jane's flat"


# -- the page ---------------------------------------------------------------------


def test_the_week_view_lays_out_monday_to_sunday(
    services: Services, cases: dict[str, int], open_page: Callable[[], DiaryPage]
) -> None:
    monday = services.diary.add(visit(cases["Jane"], day=TODAY, start=14, end=15)).appointment
    early = services.diary.add(visit(cases["Amir"], day=TODAY, start=9, end=10)).appointment
    later = services.diary.add(visit(cases["Jane"], day=TODAY + timedelta(days=8))).appointment
    page = open_page()
    assert page.title.text() == "My diary"
    assert page.period.text() == "Week of 23/11/2026 to 29/11/2026"
    headings = page.headings()
    assert headings[0] == "Monday 23/11/2026 (today)"
    assert headings[-1] == "Sunday 29/11/2026"
    assert len(headings) == 7
    assert page.appointment_ids() == [early.id, monday.id]
    click(page.next_button)
    assert page.period.text() == "Week of 30/11/2026 to 06/12/2026"
    assert page.appointment_ids() == [later.id]
    click(page.today_button)
    click(page.day_button)
    assert page.period.text() == "Monday 23/11/2026"
    assert page.appointment_ids() == [early.id, monday.id]
    click(page.previous_button)
    assert page.appointment_ids() == []


def test_new_edit_and_delete_from_the_page(
    services: Services, cases: dict[str, int], open_page: Callable[[], DiaryPage]
) -> None:
    page = open_page()

    def add(dialog: QDialog) -> int:
        assert isinstance(dialog, AppointmentDialog)
        fill(dialog, cases["Jane"], "visit", "10:00", "11:00", "Oak House")
        return ACCEPTED if dialog.save() else REJECTED

    page.run_modal = add
    assert page.new()
    [shown] = page.appointment_ids()
    assert page.selected_id() == shown
    assert "Saved C000001 Visit on 23/11/2026" in page.message.text()

    def change(dialog: QDialog) -> int:
        assert isinstance(dialog, AppointmentDialog)
        dialog.place.setText("Day centre")
        return ACCEPTED if dialog.save() else REJECTED

    page.run_modal = change
    assert page.edit()
    assert services.diary.appointment(shown).place == "Day centre"

    page.confirm = lambda _title, _question: False
    assert not page.delete()
    assert page.appointment_ids() == [shown]
    page.confirm = lambda _title, _question: True
    assert page.delete()
    assert page.appointment_ids() == []


def test_the_export_writes_a_calendar_without_names(
    services: Services, cases: dict[str, int], qtbot: QtBot, tmp_path: Path
) -> None:
    services.diary.add(visit(cases["Jane"]))
    target = tmp_path / "my diary"
    dialog = ExportDialog(services, "tester", start=TODAY,
                          choose_file=lambda _title, _suggested, _pattern: target)  # fmt: skip
    qtbot.addWidget(dialog)
    assert not dialog.with_names.isChecked()
    assert dialog.save()
    assert dialog.written == tmp_path / "my diary.ics"
    text = dialog.written.read_text(encoding="utf-8")
    [event] = events_of(text)
    assert str(event["summary"]) == "C000001 Visit"
    assert "Jane" not in text


def test_the_export_with_names_and_with_bad_dates(
    services: Services, cases: dict[str, int], qtbot: QtBot, tmp_path: Path
) -> None:
    services.diary.add(visit(cases["Jane"]))
    chosen: list[Path | None] = [None]
    dialog = ExportDialog(services, "tester", start=TODAY,
                          choose_file=lambda _title, _suggested, _pattern: chosen[0])  # fmt: skip
    qtbot.addWidget(dialog)
    dialog.end.setText("not a date")
    assert not dialog.save()
    assert dialog.errors.messages["end"].startswith("To: ")
    dialog.end.set_value(TODAY - timedelta(days=1))
    assert not dialog.save()
    assert dialog.errors.messages == {
        "end": "To: the period ends before it starts; swap the dates."
    }
    dialog.end.set_value(TODAY + timedelta(days=6))
    assert not dialog.save()  # the file chooser was cancelled
    assert dialog.written is None
    chosen[0] = tmp_path / "named.ics"
    dialog.with_names.setChecked(True)
    assert dialog.save()
    [event] = events_of((tmp_path / "named.ics").read_text(encoding="utf-8"))
    assert str(event["summary"]) == "C000001 Visit: Jane Partridge"


def test_the_page_exports_the_diary_on_show(
    services: Services, cases: dict[str, int], open_page: Callable[[], DiaryPage], tmp_path: Path
) -> None:
    services.diary.add(visit(cases["Jane"]))
    page = open_page()
    page.choose_file = lambda _title, _suggested, _pattern: tmp_path / "out.ics"

    def save(dialog: QDialog) -> int:
        assert isinstance(dialog, ExportDialog)
        return ACCEPTED if dialog.save() else REJECTED

    page.run_modal = save
    assert page.export()
    assert (tmp_path / "out.ics").exists()
    assert page.message.text() == f"Calendar saved as {tmp_path / 'out.ics'}."
    page.choose_advocate(None)  # everyone's: no single calendar to export
    assert not page.export_button.isEnabled()


def test_an_advocate_sees_only_their_own_diary(
    services: Services, open_page: Callable[[], DiaryPage]
) -> None:
    anns, _ = open_case(services, "Jane", advocate="ann")
    dees, _ = open_case(services, "Amir", "Khan", advocate="dee")
    mine = services.diary.add(visit(anns)).appointment
    services.diary.add(visit(dees))
    services.accounts.add("ann", "Ann Advocate", "advocate", PASSWORD)
    services.accounts.sign_in("ann", PASSWORD)
    page = open_page()
    assert not page.advocate.isVisibleTo(page)
    assert page.advocate_id() == staff_id(services, "ann")
    assert page.appointment_ids() == [mine.id]


def test_a_role_without_casework_meets_an_empty_diary_and_no_refusals(
    services: Services, cases: dict[str, int], open_page: Callable[[], DiaryPage], qtbot: QtBot
) -> None:
    services.diary.add(visit(cases["Jane"], day=TODAY))
    services.accounts.add("cora", "Cora Coordinator", "volunteer_coordinator", PASSWORD)
    services.accounts.add("mia", "Mia Manager", "manager", PASSWORD)
    services.accounts.sign_in("cora", PASSWORD)
    page = open_page()
    assert page.appointment_ids() == []
    assert not page.new_button.isEnabled()
    assert not page.export_button.isEnabled()
    line = TodayAppointments(services, DataBus(services))
    qtbot.addWidget(line)
    assert line.isHidden()
    assert not LogAppointmentsDialog(services, now=at(TODAY, 23)).has_any
    services.accounts.sign_out()
    services.accounts.sign_in("mia", PASSWORD)
    assert [e for e in services.audit.events() if e.action == "refused"] == []


def test_a_manager_chooses_whose_diary(
    services: Services, cases: dict[str, int], open_page: Callable[[], DiaryPage]
) -> None:
    dees, _ = open_case(services, "Olu", "Adeyemi", advocate="dee")
    theirs = services.diary.add(visit(dees)).appointment
    mine = services.diary.add(visit(cases["Jane"], start=8, end=9)).appointment
    page = open_page()
    assert page.advocate.isVisibleTo(page)
    assert page.appointment_ids() == [mine.id]
    page.choose_advocate(staff_id(services, "dee"))
    assert page.title.text() == "Diary of Dee Okafor"
    assert page.appointment_ids() == [theirs.id]
    page.choose_advocate(None)
    assert page.title.text() == "Everyone's diary"
    assert page.appointment_ids() == [mine.id, theirs.id]
    assert not page.table.isColumnHidden(5)


# -- the home screen and the offer to log ------------------------------------------------


def test_today_shows_todays_appointments_or_nothing(
    services: Services, cases: dict[str, int], qtbot: QtBot, bus: DataBus
) -> None:
    line = TodayAppointments(services, bus)
    qtbot.addWidget(line)
    assert line.isHidden()
    services.diary.add(visit(cases["Amir"], day=TODAY, start=14, end=15, kind="phone_call"))
    services.diary.add(visit(cases["Jane"], day=TODAY, start=10, end=11))
    assert not line.isHidden()
    assert line.text() == "Today: 10:00 C000001 Visit, 14:00 C000002 Phone call"


def test_ended_appointments_are_logged_or_left(
    services: Services, cases: dict[str, int], qtbot: QtBot, bus: DataBus
) -> None:
    review = services.diary.add(
        AppointmentDetails(cases["Jane"], "care_review", at(YESTERDAY, 10), at(YESTERDAY, 11, 30))
    ).appointment
    services.diary.add(visit(cases["Amir"], day=YESTERDAY, start=14, end=15))
    dialog = LogAppointmentsDialog(services, now=at(TODAY, 9))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.has_any
    first, second = dialog.rows
    assert first.record.id == review.id
    assert first.summary.text() == "To log as: 22/11/2026, Meeting attended, 1:30."
    assert first.duration.text() == "1:30"
    first.duration.setText("an hour")
    click(first.log_button)
    assert first.errors.messages["minutes"].startswith('Duration: "an hour" is not a duration')
    assert services.casework.activities(cases["Jane"]) == []
    first.duration.setText("1:15")
    type_into(first.note, "Review agreed a move")
    with qtbot.waitSignal(bus.changed):
        click(first.log_button)
    [activity] = services.casework.activities(cases["Jane"])
    assert (activity.occurred_on, activity.kind, activity.minutes, activity.note) == (
        YESTERDAY, "meeting", 75, "Review agreed a move")  # fmt: skip
    assert not first.log_button.isEnabled()
    click(second.skip_button)
    assert second.outcome == "skipped"
    assert services.casework.activities(cases["Amir"]) == []
    assert dialog.intro.text().startswith("All done")
    assert [r.id for r in services.diary.to_log(at(TODAY, 9))] == [second.record.id]


def test_nothing_to_log_says_so(services: Services, qtbot: QtBot) -> None:
    dialog = LogAppointmentsDialog(services, now=at(TODAY, 9))
    qtbot.addWidget(dialog)
    assert not dialog.has_any
    assert dialog.intro.text() == "Every ended appointment has been logged."


# -- next actions beside the appointments -------------------------------------------------


def _text(page: DiaryPage, row: int) -> str:
    item = page.table.item(row, 0)
    return "" if item is None else item.text()


def _first_action_row(page: DiaryPage) -> int:
    return next(r for r in range(page.table.rowCount()) if _text(page, r).startswith("Next action"))


def test_next_actions_due_show_on_their_day_apart_from_appointments(
    services: Services, cases: dict[str, int], open_page: Callable[[], DiaryPage], qtbot: QtBot
) -> None:
    services.casework.set_next_action(cases["Jane"], "Chase the social worker", TUESDAY)
    services.casework.set_next_action(cases["Amir"], "Ring the GP", TODAY + timedelta(days=9))
    services.diary.add(visit(cases["Amir"]))
    page = open_page()
    # Tuesday: the heading, Jane's next action, then Amir's appointment.
    assert page.action_rows() == [
        "Next action due: Chase the social worker \u2014 C000001, Jane Partridge"
    ]
    rows = [_text(page, r) for r in range(page.table.rowCount())]
    tuesday = rows.index("Tuesday 24/11/2026")
    assert rows[tuesday + 1].startswith("Next action due: Chase the social worker")
    assert rows[tuesday + 2] == "10:00-11:00"
    # It is not an appointment: not counted, not editable, and it reads differently.
    assert len(page.appointment_ids()) == 1
    page.table.selectRow(tuesday + 1)
    assert page.selected_id() is None
    assert not page.edit_button.isEnabled()
    item = page.table.item(tuesday + 1, 0)
    assert item is not None
    assert item.font().italic()
    assert page.table.columnSpan(tuesday + 1, 0) == page.table.columnCount()
    assert "Press Enter or double-click to open the case" in item.toolTip()
    # Amir's falls due next week: there when the diary moves on.
    page.step(1)
    assert page.action_rows() == ["Next action due: Ring the GP \u2014 C000002, Amir Khan"]


def test_activating_a_next_action_opens_its_case(
    services: Services, cases: dict[str, int], open_page: Callable[[], DiaryPage], qtbot: QtBot
) -> None:
    services.casework.set_next_action(cases["Jane"], "Chase the social worker", TUESDAY)
    page = open_page()
    row = _first_action_row(page)
    page.table.setCurrentCell(row, 0)
    page.activateWindow()
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus)
    with qtbot.waitSignal(page.open_record) as opened:
        press(page.table, Qt.Key.Key_Return)
    assert opened.args == ["case", cases["Jane"]]
    with qtbot.waitSignal(page.open_record) as again:
        page.activate(row)  # a double-click does the same
    assert again.args == ["case", cases["Jane"]]


def test_a_manager_sees_the_next_actions_of_the_diary_chosen(
    services: Services, open_page: Callable[[], DiaryPage]
) -> None:
    anns, _ = open_case(services, "Jane", advocate="ann")
    dees, _ = open_case(services, "Amir", "Khan", advocate="dee")
    services.casework.set_next_action(anns, "Chase the social worker", TUESDAY)
    services.casework.set_next_action(dees, "Ring the GP", TUESDAY)
    page = open_page()
    assert page.choose_advocate(staff_id(services, "dee"))
    assert page.action_rows() == ["Next action due: Ring the GP \u2014 C000002, Amir Khan"]
    assert page.choose_advocate(None)  # everyone's: whose each is
    assert page.action_rows() == [
        "Next action due: Chase the social worker \u2014 C000001, Jane Partridge (Ann Advocate)",
        "Next action due: Ring the GP \u2014 C000002, Amir Khan (Dee Okafor)",
    ]


def test_the_window_opens_the_case_of_a_next_action_in_the_diary(
    services: Services, cases: dict[str, int], qtbot: QtBot
) -> None:
    from ui.main_window import MainWindow

    services.casework.set_next_action(cases["Amir"], "Ring the GP", TUESDAY)
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show_section("diary")
    page = window.findChild(DiaryPage)
    assert page is not None
    row = _first_action_row(page)
    assert page.activate(row)
    assert window._casework_page is not None
    assert window._casework_page.panel.case is not None
    assert window._casework_page.panel.case_id == cases["Amir"]
