"""A person's record over time on the People page, and the next actions due soon."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pytestqt.qtbot import QtBot

from advocacy_desk.app import Services
from advocacy_desk.domain.casework import ActivityDetails, Closure
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.domain.referrals import ReferralDetails
from tests.conftest import TODAY
from tests.ui.conftest import click
from ui.bus import DataBus
from ui.people.page import PeoplePage, next_actions_text, outcomes_text

pytestmark = pytest.mark.usefixtures("no_modals")


def open_case(services: Services, person_id: int, kind: str, advocate: str, opened_on: date) -> int:
    referral = services.referrals.create(
        person_id, ReferralDetails(opened_on - timedelta(days=3), "self", kind)
    )
    staff = {s.username: s for s in services.staff.list()}
    ref = services.waiting_list.allocate(referral.id, staff[advocate].id, on=opened_on)
    return next(r.case_id for r in services.casework.caseload() if r.case_ref == ref)


def person(services: Services, given: str) -> int:
    details = PersonDetails(given, "Smith", date(1950, 2, 1))
    return services.people.create(details, allow_duplicate=True).id


@pytest.fixture
def staff(services: Services) -> Services:
    services.staff.add("dee", "Dee Okafor", advocacy_types=["care_act", "imca", "generic"])
    services.staff.add("sam", "Sam Patel", advocacy_types=["imca"])
    return services


@pytest.fixture
def open_page(services: Services, bus: DataBus, qtbot: QtBot) -> PeoplePage:
    page = PeoplePage(services, bus)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_the_person_panel_lists_closed_and_open_cases_with_hours_and_outcomes(
    staff: Services, bus: DataBus, qtbot: QtBot
) -> None:
    services = staff
    jane = person(services, "Jane")
    first = open_case(services, jane, "care_act", "dee", date(2026, 3, 2))
    services.casework.log_activity(first, ActivityDetails(date(2026, 3, 10), "visit", 90, 30))
    services.casework.log_activity(first, ActivityDetails(date(2026, 4, 1), "meeting", 60))
    issue = services.casework.add_issue(first, "accommodation", "wants to move nearer family")
    services.casework.set_outcome(issue.id, "achieved", date(2026, 4, 1))
    services.casework.close(first, Closure("resolved", date(2026, 4, 2)))
    second = open_case(services, jane, "imca", "sam", date(2026, 11, 2))
    services.casework.log_activity(second, ActivityDetails(date(2026, 11, 5), "visit", 50))
    done = services.casework.add_issue(second, "health_treatment", "a second opinion")
    services.casework.add_issue(second, "money_benefits", "benefits appeal")
    services.casework.set_outcome(done.id, "partly_achieved")
    amir = person(services, "Amir")

    page = PeoplePage(services, bus)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    qtbot.waitExposed(page)
    assert page.select_person(jane)

    panel = page.panel
    assert panel.referral_table.rowCount() == 2  # the referrals are still there
    assert panel.case_list.isVisible()
    assert panel.cases_total.text() == "2 cases, 3.3 hours"  # 90 + 60 + 50 minutes
    lines = [line for line in panel.case_list.toPlainText().splitlines() if line.strip()]
    assert lines == [  # newest first
        "C000002 Independent Mental Capacity Advocate (IMCA)",
        "Sam Patel · 0.8 hours · referral R000002",
        "Opened 02/11/2026, still open",
        "Outcomes: Partly achieved, Open",
        "C000001 Care Act advocacy",
        "Dee Okafor · 2.5 hours · referral R000001",
        "Opened 02/03/2026, closed 02/04/2026: Issues resolved",
        "Outcomes: Achieved",
    ]

    # Someone with no cases yet says so, instead of an empty box.
    assert page.select_person(amir)
    assert panel.case_list.isHidden()
    assert panel.no_cases.isVisible()
    assert "No cases yet" in panel.no_cases.text()
    assert panel.cases_total.text() == ""


def test_a_case_logged_elsewhere_shows_as_soon_as_it_is_committed(
    staff: Services, bus: DataBus, open_page: PeoplePage
) -> None:
    services = staff
    jane = person(services, "Jane")
    page = open_page
    assert page.select_person(jane)
    assert page.panel.no_cases.isVisible()
    case_id = open_case(services, jane, "generic", "dee", date(2026, 11, 1))
    assert page.panel.cases_total.text() == "1 case, 0.0 hours"
    services.casework.log_activity(case_id, ActivityDetails(TODAY, "phone", 30))
    assert page.panel.cases_total.text() == "1 case, 0.5 hours"
    assert "Outcomes: no issues recorded" in page.panel.case_list.toPlainText()
    assert page.selected_person_id() == jane


def test_outcome_and_next_action_wording() -> None:
    assert outcomes_text(("achieved", "open", "achieved", "withdrawn")) == (
        "Achieved ×2, Open, Withdrawn"
    )
    assert outcomes_text(()) == "no issues recorded"
    assert next_actions_text([], 14, everyone=False) == "No next actions due in the next 14 days"


def test_the_next_actions_line_counts_due_and_overdue_and_opens_casework(
    staff: Services, bus: DataBus, qtbot: QtBot
) -> None:
    services = staff
    services.staff.add("tester", "Tess Tester", advocacy_types=["generic"])  # the user
    mine = [
        open_case(services, person(services, name), "generic", "tester", date(2026, 11, 1))
        for name in ("Ann", "Bea", "Cy", "Di")
    ]
    theirs = open_case(services, person(services, "Eve"), "generic", "dee", date(2026, 11, 1))
    set_action = services.casework.set_next_action
    set_action(mine[0], "chase the social worker", TODAY - timedelta(days=2))  # overdue
    set_action(mine[1], "visit at home", TODAY)
    set_action(mine[2], "attend the review", TODAY + timedelta(days=14))
    set_action(mine[3], "write to the GP", TODAY + timedelta(days=15))  # not yet
    set_action(theirs, "someone else's", TODAY - timedelta(days=1))  # not the user's

    page = PeoplePage(services, bus)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    qtbot.waitExposed(page)
    line = page.next_actions
    assert line.isVisible()
    assert line.text() == "3 next actions due in the next 14 days (1 overdue)"

    services.casework.set_next_action(mine[0], "chase the social worker", TODAY)
    assert line.text() == "3 next actions due in the next 14 days"  # none overdue now

    with qtbot.waitSignal(page.open_casework, timeout=1000):
        click(line)


def test_without_a_caseload_of_their_own_the_line_counts_everyone(
    staff: Services, open_page: PeoplePage, bus: DataBus
) -> None:
    services = staff
    assert open_page.next_actions.text() == (
        "No next actions due in the next 14 days across all caseloads"
    )
    case_id = open_case(services, person(services, "Eve"), "generic", "dee", date(2026, 11, 1))
    services.casework.set_next_action(case_id, "phone Eve", TODAY - timedelta(days=1))
    assert open_page.next_actions.text() == (
        "1 next action due in the next 14 days across all caseloads (1 overdue)"
    )
