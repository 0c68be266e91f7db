"""The Casework page as an advocate meets it: the caseload, the picker, opening a case,
and drafts that survive switching cases."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from pytestqt.qtbot import QtBot

from advocacy_desk.app import Services
from advocacy_desk.domain.casework import ActivityDetails
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.domain.referrals import ReferralDetails
from tests.conftest import TODAY
from tests.ui.conftest import click, double_click, press, type_into
from ui.bus import DataBus
from ui.casework import CaseworkPage
from ui.widgets import theme

pytestmark = pytest.mark.usefixtures("no_modals")

OPENED = TODAY - timedelta(days=30)
STAFF = {"dee": "Dee Okafor", "sam": "Sam Reid", "tester": "Tess Tester"}


def add_case(
    services: Services,
    given: str,
    family: str = "Smith",
    *,
    kind: str = "care_act",
    advocate: str = "dee",
    opened: date = OPENED,
    born: date | None = date(1950, 2, 1),
) -> int:
    """A person, their referral, and the case it opened with ``advocate``; the case id."""
    person = services.people.create(PersonDetails(given, family, born), allow_duplicate=True)
    referral = services.referrals.create(
        person.id, ReferralDetails(opened - timedelta(days=5), "self", kind)
    )
    staff = {s.username: s for s in services.staff.list()}
    member = staff.get(advocate) or services.staff.add(advocate, STAFF[advocate])
    if kind not in member.advocacy_types:
        services.staff.set_caseload(member.id, member.capacity, [*member.advocacy_types, kind])
    ref = services.waiting_list.allocate(referral.id, member.id, on=opened)
    return next(r.case_id for r in services.casework.caseload() if r.case_ref == ref)


def staff_id(services: Services, username: str) -> int:
    return next(s.id for s in services.staff.list() if s.username == username)


@pytest.fixture
def open_page(services: Services, bus: DataBus, qtbot: QtBot) -> Callable[[], CaseworkPage]:
    def open_() -> CaseworkPage:
        page = CaseworkPage(services, bus)
        page.today = lambda: TODAY
        qtbot.addWidget(page)
        page.resize(1200, 760)
        page.show()
        qtbot.waitExposed(page)
        page.activateWindow()
        qtbot.waitUntil(page.isActiveWindow, timeout=2000)
        return page

    return open_


@pytest.fixture
def three_cases(services: Services) -> dict[str, int]:
    """Ann (Dee, overdue), Bea (Sam, IMCA, due in 5 days), Cal (Dee, nothing due)."""
    cases = {
        "Ann": add_case(services, "Ann"),
        "Bea": add_case(services, "Bea", "Jones", kind="imca", advocate="sam"),
        "Cal": add_case(services, "Cal", "Brown", opened=OPENED + timedelta(days=2)),
    }
    services.casework.set_next_action(cases["Ann"], "chase the social worker", TODAY - timedelta(1))
    services.casework.set_next_action(cases["Bea"], "attend the review", TODAY + timedelta(5))
    services.casework.log_activity(
        cases["Ann"], ActivityDetails(TODAY - timedelta(days=2), "visit", 90)
    )
    return cases


def column(page: CaseworkPage, number: int) -> list[str]:
    model = page.model
    return [model.index(row, number).data() for row in range(model.rowCount())]


def test_the_caseload_lists_open_cases_with_overdue_actions_first_and_highlighted(
    three_cases: dict[str, int], open_page: Callable[[], CaseworkPage]
) -> None:
    page = open_page()
    # No one is signed in as a member of staff: everyone's cases show.
    assert page.advocate.currentText() == "All advocates"
    assert page.caseload_title.text() == "All open cases"
    assert page.count_label.text() == "3 open cases"
    assert column(page, 1) == ["Ann Smith", "Bea Jones", "Cal Brown"]
    assert column(page, 2) == ["Care Act", "IMCA", "Care Act"]
    assert column(page, 3)[0] == "24/10/2026"
    assert column(page, 4) == ["1.5", "0.0", "0.0"]
    assert column(page, 5)[:2] == ["chase the social worker", "attend the review"]
    assert column(page, 6)[:2] == ["22/11/2026 (overdue)", "28/11/2026"]
    assert column(page, 7) == ["Dee Okafor", "Sam Reid", "Dee Okafor"]
    overdue = page.model.index(0, 1).data(Qt.ItemDataRole.BackgroundRole)
    assert isinstance(overdue, QBrush)
    assert overdue.color() == theme.colour("error_cell")
    assert page.model.index(1, 1).data(Qt.ItemDataRole.BackgroundRole) is None
    assert page.due_label.text() == "Due soon: 2 next actions in the next 14 days, 1 overdue."
    assert "chase the social worker" in page.due_label.toolTip()


def test_the_advocate_picker_shows_one_advocates_caseload(
    services: Services, three_cases: dict[str, int], open_page: Callable[[], CaseworkPage]
) -> None:
    page = open_page()
    names = [page.advocate.itemText(i) for i in range(page.advocate.count())]
    assert names == ["All advocates", "Dee Okafor", "Sam Reid"]
    page.advocate.setCurrentIndex(page.advocate.findText("Sam Reid"))
    assert column(page, 1) == ["Bea Jones"]
    assert page.caseload_title.text() == "Caseload of Sam Reid"
    assert page.table.isColumnHidden(7)  # one advocate: no Advocate column
    assert page.due_label.text() == "Due soon: 1 next action in the next 14 days."
    assert page.choose_advocate(staff_id(services, "dee"))
    assert column(page, 1) == ["Ann Smith", "Cal Brown"]
    assert page.choose_advocate(None)
    assert page.count_label.text() == "3 open cases"


def test_a_signed_in_advocate_starts_on_their_own_caseload(
    services: Services, three_cases: dict[str, int], open_page: Callable[[], CaseworkPage]
) -> None:
    add_case(services, "Dot", "Evans", advocate="tester")  # the user of the test services
    page = open_page()
    assert page.advocate.currentText() == "Tess Tester"
    assert page.caseload_title.text() == "My caseload"
    assert column(page, 1) == ["Dot Evans"]


def test_an_empty_caseload_says_where_cases_come_from(
    open_page: Callable[[], CaseworkPage],
) -> None:
    page = open_page()
    assert page.table.isHidden()
    assert "allocated from the waiting list" in page.empty_label.text()
    assert not page.open_button.isEnabled()


def test_double_click_or_enter_opens_the_case_with_person_and_log(
    services: Services, three_cases: dict[str, int], open_page: Callable[[], CaseworkPage]
) -> None:
    services.casework.log_activity(
        three_cases["Ann"], ActivityDetails(TODAY - timedelta(days=1), "phone", 15, 0, "rang")
    )
    page = open_page()
    rect = page.table.visualRect(page.model.index(0, 1))
    double_click(page.table.viewport(), rect.center())
    panel = page.panel
    assert page.stack.currentWidget() is panel
    assert panel.case_id == three_cases["Ann"]
    assert "Ann Smith" in panel.title.text()
    person = panel.person_label.text()
    assert "P000001" in person
    assert "01/02/1950 (aged 76)" in person
    referral = panel.referral_label.text()
    assert "R000001" in referral
    assert "Care Act advocacy" in referral
    assert "19/10/2026" in referral  # received
    assert panel.status_label.text() == "Open"
    assert "1.8 hours (1:45) in 2 entries" in panel.case_label.text()
    log = panel.log_model
    assert [log.index(r, 1).data() for r in range(log.rowCount())] == ["Visit", "Phone call"]
    assert log.index(1, 2).data() == "0:15"
    assert log.index(1, 4).data() == "rang"

    click(panel.back_button)
    assert page.stack.currentWidget() is page.caseload
    assert page.selected_case_id() == three_cases["Ann"]
    page.select_case(three_cases["Bea"])
    page.table.setFocus()
    press(page.table, Qt.Key.Key_Return)
    assert page.stack.currentWidget() is panel
    assert panel.case_id == three_cases["Bea"]


def test_a_half_typed_entry_survives_switching_cases_and_closing_the_window(
    services: Services,
    bus: DataBus,
    three_cases: dict[str, int],
    open_page: Callable[[], CaseworkPage],
    qtbot: QtBot,
) -> None:
    ann, bea = three_cases["Ann"], three_cases["Bea"]
    page = open_page()
    assert not page.has_unsaved_entry()
    page.open_case(ann)
    form = page.panel.form
    type_into(form.duration, "1:30")
    type_into(form.note, "Met at the day centre; to be")
    assert page.has_unsaved_entry()

    page.open_case(bea)  # another case: an empty form, Ann's entry kept
    assert form.duration.text() == ""
    assert form.note.toPlainText() == ""
    assert not page.has_unsaved_entry()
    kept = json.loads(services.casework.draft(ann))
    assert (kept["duration"], kept["note"]) == ("1:30", "Met at the day centre; to be")

    page.open_case(ann)
    assert form.duration.text() == "1:30"
    assert form.note.toPlainText() == "Met at the day centre; to be"
    assert "Draft kept" in page.panel.draft_label.text()

    type_into(form.note, " continued")
    page.close()  # the window closes: what was typed since is kept too
    again = CaseworkPage(services, bus)
    again.today = lambda: TODAY
    qtbot.addWidget(again)
    again.show()
    again.open_case(ann)
    assert again.panel.form.note.toPlainText() == "Met at the day centre; to be continued"
    assert again.has_unsaved_entry()

    assert again.panel.log_entry()  # logged: the draft goes
    assert services.casework.draft(ann) == ""
    assert not again.has_unsaved_entry()
    again.open_case(bea)
    again.open_case(ann)
    assert again.panel.form.note.toPlainText() == ""


def test_the_draft_is_kept_shortly_after_typing_stops(
    services: Services,
    three_cases: dict[str, int],
    open_page: Callable[[], CaseworkPage],
    qtbot: QtBot,
) -> None:
    page = open_page()
    page.open_case(three_cases["Cal"])
    type_into(page.panel.form.travel, "20")
    cal = three_cases["Cal"]
    qtbot.waitUntil(lambda: services.casework.draft(cal) != "", timeout=3000)
    assert json.loads(services.casework.draft(cal))["travel"] == "20"


def test_the_caseload_refreshes_when_a_referral_is_allocated_elsewhere(
    services: Services,
    bus: DataBus,
    three_cases: dict[str, int],
    open_page: Callable[[], CaseworkPage],
) -> None:
    page = open_page()
    assert page.count_label.text() == "3 open cases"
    add_case(services, "Dan", "Lee")  # its commits say a referral and a case were added
    assert page.count_label.text() == "4 open cases"
    assert "Dan Lee" in column(page, 1)
