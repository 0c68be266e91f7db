"""Hours delivered on screen: per advocate and per advocacy type, for any period."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from advocacy_desk.app import Services
from advocacy_desk.domain.casework import ActivityDetails
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.domain.referrals import ReferralDetails
from tests.conftest import TODAY
from tests.ui.conftest import cell_text, click, press, type_into
from ui.casework.hours import (
    HoursView,
    last_quarter,
    last_twelve_months,
    quarter_name,
    this_quarter,
)

pytestmark = pytest.mark.usefixtures("no_modals")


def open_case(services: Services, given: str, kind: str, advocate: str) -> int:
    """A case opened on 1 September 2026 for ``given`` with ``advocate`` (a user name)."""
    person = services.people.create(PersonDetails(given, "Smith"), allow_duplicate=True)
    referral = services.referrals.create(
        person.id, ReferralDetails(date(2026, 8, 20), "self", kind)
    )
    staff = {s.username: s for s in services.staff.list()}
    ref = services.waiting_list.allocate(referral.id, staff[advocate].id, on=date(2026, 9, 1))
    return next(r.case_id for r in services.casework.caseload() if r.case_ref == ref)


def log(services: Services, case_id: int, on: date, minutes: int, travel: int = 0) -> None:
    services.casework.log_activity(case_id, ActivityDetails(on, "visit", minutes, travel))


@pytest.fixture
def casework(services: Services) -> Services:
    """Two advocates; time logged this quarter (from 1 October) and last quarter."""
    services.staff.add("dee", "Dee Okafor", advocacy_types=["care_act", "imca"])
    services.staff.add("sam", "Sam Patel", advocacy_types=["imca"])
    ann = open_case(services, "Ann", "care_act", "dee")
    bea = open_case(services, "Bea", "imca", "sam")
    cy = open_case(services, "Cy", "imca", "dee")
    log(services, ann, date(2026, 9, 15), 60)  # last quarter
    log(services, ann, date(2026, 10, 5), 90, travel=20)
    log(services, ann, date(2026, 11, 2), 50)
    log(services, bea, date(2026, 11, 20), 50, travel=30)
    log(services, cy, date(2026, 11, 1), 40, travel=15)
    return services


@pytest.fixture
def view(casework: Services, qtbot: QtBot) -> HoursView:
    shown = HoursView(casework)
    qtbot.addWidget(shown)
    shown.resize(1000, 600)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def table_rows(view: HoursView) -> list[list[str]]:
    """The rows on show, the total row (in its own strip under the table) last."""
    if view.table.isHidden():
        assert view.total.isHidden()
        return []
    rows = [
        [cell_text(view.table, r, c) for c in range(view.table.columnCount())]
        for r in range(view.table.rowCount())
    ]
    assert view.total.isVisible()
    return [*rows, [cell_text(view.total, 0, c) for c in range(view.total.columnCount())]]


def headers(view: HoursView) -> list[str]:
    model = view.table.model()
    return [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]


def test_financial_quarters_run_april_to_march() -> None:
    assert this_quarter(TODAY) == (date(2026, 10, 1), TODAY)
    assert last_quarter(TODAY) == (date(2026, 7, 1), date(2026, 9, 30))
    assert last_quarter(date(2027, 2, 10)) == (date(2026, 10, 1), date(2026, 12, 31))
    assert last_quarter(date(2026, 5, 1)) == (date(2026, 1, 1), date(2026, 3, 31))
    assert last_twelve_months(TODAY) == (date(2025, 11, 24), TODAY)
    assert [quarter_name(date(2026, m, 1)) for m in (4, 7, 10)] == [
        "Q1 2026/27",
        "Q2 2026/27",
        "Q3 2026/27",
    ]
    assert quarter_name(date(2027, 3, 31)) == "Q4 2026/27"


def test_hours_per_advocate_for_this_quarter_so_far_with_a_total(view: HoursView) -> None:
    assert (view.start.text(), view.end.text()) == ("01/10/2026", "23/11/2026")
    assert view.grouping.currentText() == "Advocate"
    assert headers(view) == ["Advocate", "Hours", "Travel hours", "Activities", "Cases"]
    assert table_rows(view) == [
        ["Dee Okafor", "3.0", "0.6", "3", "2"],  # 90 + 50 + 40 minutes, Ann's and Cy's
        ["Sam Patel", "0.8", "0.5", "1", "1"],
        ["Total", "3.8", "1.1", "4", "3"],
    ]
    total = view.total.item(0, 0)
    assert total is not None
    assert total.font().bold()
    summary = view.summary.text()
    assert "from 01/10/2026 to 23/11/2026 (Q3 2026/27 so far), by advocate" in summary
    assert not view.errors.messages


def test_hours_per_advocacy_type_and_the_quick_periods(view: HoursView, qtbot: QtBot) -> None:
    view.set_grouping("advocacy_type")
    assert headers(view)[0] == "Advocacy type"
    assert table_rows(view) == [
        ["Care Act advocacy", "2.3", "0.3", "2", "1"],
        ["Independent Mental Capacity Advocate (IMCA)", "1.5", "0.8", "2", "2"],
        ["Total", "3.8", "1.1", "4", "3"],
    ]

    click(view.last_quarter_button)
    assert (view.start.text(), view.end.text()) == ("01/07/2026", "30/09/2026")
    assert table_rows(view) == [
        ["Care Act advocacy", "1.0", "0.0", "1", "1"],
        ["Total", "1.0", "0.0", "1", "1"],
    ]
    assert "(Q2 2026/27)" in view.summary.text()

    click(view.last_year_button)
    assert (view.start.text(), view.end.text()) == ("24/11/2025", "23/11/2026")
    assert table_rows(view)[-1] == ["Total", "4.8", "1.1", "5", "3"]

    click(view.this_quarter_button)
    assert (view.start.text(), view.end.text()) == ("01/10/2026", "23/11/2026")
    assert table_rows(view)[-1] == ["Total", "3.8", "1.1", "4", "3"]


def test_a_case_two_advocates_worked_on_counts_once_in_the_total(
    casework: Services, view: HoursView
) -> None:
    # Bea's case passes from Sam to Dee: time logged by both advocates on one case.
    bea = next(r.case_id for r in casework.casework.caseload() if r.person_name == "Bea Smith")
    casework.staff.add("tester", "Tess Tester", advocacy_types=["imca"])
    log(casework, bea, date(2026, 11, 21), 60)  # logged by the user, Tess
    assert view.refresh()
    assert [row[0] for row in table_rows(view)] == [
        "Dee Okafor",
        "Sam Patel",
        "Tess Tester",
        "Total",
    ]
    assert table_rows(view)[-1] == ["Total", "4.8", "1.1", "5", "3"]  # not 4 cases


def test_an_inverted_period_says_so_next_to_the_dates(view: HoursView) -> None:
    view.end.clear()
    type_into(view.end, "01/09/2026")
    press(view.end, Qt.Key.Key_Return)
    error = view.errors.label("end")
    assert error.isVisible()
    assert error.text() == "The period ends before it starts: swap the dates."
    assert view.table.isHidden()  # no figures from another period left on screen
    assert view.summary.text() == ""

    assert view.set_period(date(2026, 9, 1), date(2026, 9, 30))
    assert not error.isVisible()
    assert table_rows(view) == [
        ["Dee Okafor", "1.0", "0.0", "1", "1"],
        ["Total", "1.0", "0.0", "1", "1"],
    ]


def test_a_date_that_is_not_one_is_named(view: HoursView) -> None:
    view.start.setText("31/02/2026")
    assert not view.refresh()
    assert view.errors.label("start").isVisible()
    assert view.errors.messages["start"].startswith("From")


def test_a_period_with_no_time_logged_says_so(view: HoursView) -> None:
    assert view.set_period(date(2025, 1, 1), date(2025, 3, 31))
    assert view.table.isHidden()
    assert view.empty.isVisible()
    assert view.empty.text() == "No time was logged in this period."
    assert "(Q4 2024/25)" in view.summary.text()


def test_showing_the_view_again_picks_up_new_time(
    casework: Services, view: HoursView, qtbot: QtBot
) -> None:
    view.hide()
    cy = next(r.case_id for r in casework.casework.caseload() if r.person_name == "Cy Smith")
    log(casework, cy, TODAY, 30)
    view.show()
    qtbot.waitExposed(view)
    assert table_rows(view)[-1] == ["Total", "4.3", "1.1", "5", "3"]
