"""The Planning page as a manager meets it: the forecast made when the section is first
shown, its chart and what it says about the method and how it tested, one type at a
time, the waiting-list what-if, the contracts past their pro rata, and what it says when
there is too little history or none.

Each test builds its data through the services; today is 23/11/2026, so the history is
whole months up to October 2026 and the forecast starts in December 2026.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QTableWidget, QTableWidgetItem
from pytestqt.qtbot import QtBot

from advocacy_desk.app import Services
from advocacy_desk.domain.casework import ActivityDetails
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.domain.referrals import ReferralDetails
from advocacy_desk.services.contracts import ContractDetails
from advocacy_desk.services.planning import Plan
from tests.conftest import TODAY
from tests.ui.conftest import click, press, type_into
from ui.bus import DataBus
from ui.main_window import SECTIONS, MainWindow
from ui.planning import PlanningPage
from ui.planning.page import CANCELLED
from ui.planning.words import TOO_LITTLE_HISTORY
from ui.tasks import finish_background_work
from ui.widgets import theme

pytestmark = pytest.mark.usefixtures("no_modals")

#: statsmodels' first import takes seconds; a forecast after it well under one.
WAIT_MS = 30_000
RATE_REFUSED = "Allocation rate: the cases opened a week, a number 0 or more."


class Data:
    """Referrals, advocates, cases and contracts, made through the services."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self._people = 0

    def refer(self, received: date, kind: str = "care_act", contract_id: int | None = None) -> int:
        self._people += 1
        person = self.services.people.create(
            PersonDetails("A", f"B{self._people}", date(1950, 1, 1)), allow_duplicate=True
        )
        details = ReferralDetails(received, "self", kind, contract_id=contract_id)
        return self.services.referrals.create(person.id, details).id

    def monthly(
        self,
        months: list[tuple[int, int]],
        count: Callable[[int], int],
        kind: str = "care_act",
        contract_id: int | None = None,
    ) -> list[int]:
        """``count(i)`` referrals in the i-th of ``months``, on days 1, 2, 3..."""
        return [
            self.refer(date(year, month, day), kind, contract_id)
            for i, (year, month) in enumerate(months)
            for day in range(1, count(i) + 1)
        ]


def months_to_october(first: tuple[int, int]) -> list[tuple[int, int]]:
    """The months from ``first`` to October 2026."""
    year, month = first
    out = []
    while (year, month) <= (2026, 10):
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


@pytest.fixture
def data(services: Services) -> Data:
    return Data(services)


@pytest.fixture
def open_page(services: Services, bus: DataBus, qtbot: QtBot) -> Callable[[], PlanningPage]:
    opened: list[PlanningPage] = []  # qtbot holds widgets weakly

    def open_() -> PlanningPage:
        page = PlanningPage(services, bus)
        opened.append(page)
        qtbot.addWidget(page)
        page.resize(1100, 700)
        page.show()
        qtbot.waitExposed(page)
        wait_planned(qtbot, page)
        return page

    return open_


def wait_planned(qtbot: QtBot, page: PlanningPage) -> None:
    qtbot.waitUntil(lambda: page.request is not None and not page.running, timeout=WAIT_MS)
    assert page.request == page.chosen()


def is_running(page: PlanningPage) -> bool:
    """Read afresh each time (an assert on the property would fix its type for mypy)."""
    return page.running


def plan_of(page: PlanningPage) -> Plan | None:
    return page.plan


def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    found = table.item(row, column)
    assert found is not None, f"no cell at row {row}, column {column}"
    return found


def two_years(data: Data) -> None:
    """24 months of Care Act referrals, rising through the two years, and a few IMCA."""
    months = months_to_october((2024, 11))
    data.monthly(months, lambda i: 4 + i // 2 + (3 if i % 12 in (2, 3) else 0))
    data.monthly(months[-8:], lambda i: 1 + i % 3, kind="imca")


def test_the_forecast_is_made_when_the_section_is_first_shown_not_at_start(
    services: Services, data: Data, qtbot: QtBot
) -> None:
    two_years(data)
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.auto_backup_interval_ms = 3_600_000
    titles = [s.title for s in SECTIONS]
    assert titles.index("Planning") == titles.index("Returns") + 1
    assert titles.index("Settings") == len(titles) - 1
    window.show()
    qtbot.waitExposed(window)
    assert window.findChild(PlanningPage) is None  # not even built as the window opens

    window.show_section("planning")
    page = next(
        w
        for i in range(window.pages.count())
        if isinstance(w := window.pages.widget(i), PlanningPage)
    )
    assert is_running(page)
    assert page.progress.isVisible()
    wait_planned(qtbot, page)
    assert page.plan is not None
    assert not page.progress.isVisible()


def test_the_chart_shows_history_forecast_and_likely_range_with_method_and_test(
    data: Data, open_page: Callable[[], PlanningPage]
) -> None:
    two_years(data)
    page = open_page()
    plan = page.plan
    assert plan is not None
    panel = page.forecast

    assert panel.history_series.count() == 24
    assert panel.forecast_series.count() == 12
    assert panel.band.upperSeries() is panel.upper_series
    assert panel.band.lowerSeries() is panel.lower_series
    assert panel.upper_series.count() == panel.lower_series.count() == 12
    assert panel.y_axis.min() == 0
    assert panel.x_axis.format() == "MMM yyyy"
    assert panel.chart.title() == "Referrals a month: All types"
    first = panel.forecast_series.at(0)
    assert panel.lower_series.at(0).y() <= first.y() <= panel.upper_series.at(0).y()

    total = plan.total
    assert total.method == "ets_seasonal"
    assert panel.method_label.text() == (
        "Method: exponential smoothing with trend and yearly seasonality"
    )
    assert panel.history_label.text() == ("24 months of history (November 2024 to October 2026)")
    assert not panel.warning_label.isVisible()
    test = total.backtest
    assert test.method_mae is not None
    assert test.seasonal_naive_mae is not None
    assert panel.backtest_label.text().startswith(
        f"Tested on the last 6 months: exponential smoothing was out by "
        f"{test.method_mae:.1f} referrals a month on average; the same month last year was "
        f"out by {test.seasonal_naive_mae:.1f}."
    )
    used = "Smoothing did" if test.method_mae <= test.seasonal_naive_mae else "The same month"
    assert used in panel.backtest_label.text()

    table = panel.table
    assert table.rowCount() == 12
    assert [cell(table, 0, c).text() for c in range(4)] == [
        "Dec 2026",
        f"{first.y():,.1f}",
        f"{panel.lower_series.at(0).y():,.1f}",
        f"{panel.upper_series.at(0).y():,.1f}",
    ]


def test_a_forecast_under_way_can_be_cancelled_and_the_page_is_free_at_once(
    services: Services,
    data: Data,
    qtbot: QtBot,
    open_page: Callable[[], PlanningPage],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    two_years(data)
    page = open_page()
    before = page.plan
    assert before is not None
    assert not page.cancel_button.isVisible()
    real = services.planning.plan
    started, carry_on, stopped = threading.Event(), threading.Event(), threading.Event()

    def slow(**choices: Any) -> Plan:
        started.set()
        carry_on.wait(WAIT_MS / 1000)
        try:
            return real(**choices)
        except BaseException:
            stopped.set()
            raise

    monkeypatch.setattr(services.planning, "plan", slow)
    planned: list[bool] = []
    page.planned.connect(lambda: planned.append(True))
    page.update_forecast()
    assert page.cancel_button.isVisible()
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    click(page.cancel_button)

    assert not is_running(page)  # free at once
    assert not page.cancel_button.isVisible()
    assert not page.progress.isVisible()
    assert page.status.text() == CANCELLED
    assert page.plan is before  # the forecast shown before stays
    carry_on.set()
    qtbot.waitUntil(stopped.is_set, timeout=WAIT_MS)  # stopped at its first report
    finish_background_work()
    QApplication.processEvents()
    assert planned == []  # and nothing it made is shown
    assert page.status.text() == CANCELLED


def test_months_ahead_lengthens_the_forecast(
    data: Data, open_page: Callable[[], PlanningPage], qtbot: QtBot
) -> None:
    two_years(data)
    page = open_page()
    page.months_box.setValue(18)
    wait_planned(qtbot, page)
    assert page.forecast.forecast_series.count() == 18
    assert page.forecast.table.rowCount() == 18
    # No cases are opened in this data, so the list only grows.
    said = page.waiting.result_label.text()
    assert said.startswith("At the last 12 weeks' rates (0 allocated, 0 declined or withdrawn ")
    assert said.endswith(", the list does not clear within 12 months.")
    assert page.months_box.minimum() == 3
    assert page.months_box.maximum() == 24


def test_choosing_a_type_shows_that_type(
    data: Data, open_page: Callable[[], PlanningPage], qtbot: QtBot
) -> None:
    two_years(data)
    page = open_page()
    page.choose("imca")
    wait_planned(qtbot, page)

    panel = page.forecast
    assert panel.chart.title() == ("Referrals a month: Independent Mental Capacity Advocate (IMCA)")
    assert panel.history_series.count() == 8  # IMCA referrals began in March 2026
    assert [panel.history_series.at(i).y() for i in range(3)] == [1, 2, 3]
    assert panel.history_label.text() == "8 months of history (March 2026 to October 2026)"
    assert panel.backtest_label.text() == (
        "Tested on past months: not enough history to test (a test needs at least 12 months)."
    )
    assert panel.method_label.text() == (
        "Method: exponential smoothing with trend (too little history for seasonality)"
    )


def allocations_history(services: Services, data: Data) -> None:
    """10 Care Act referrals a month, January to October 2026; one advocate opened 12 cases
    in the last 12 weeks (one a week), so 88 are waiting."""
    referrals = data.monthly(months_to_october((2026, 1)), lambda _i: 10)
    advocate = services.staff.add("adv", "An Advocate", advocacy_types=("care_act",))
    for week, referral_id in enumerate(referrals[:12]):
        services.waiting_list.allocate(referral_id, advocate.id, date(2026, 9, 1 + week * 2))


def test_more_advocates_change_the_clearing_month_at_once(
    services: Services, data: Data, open_page: Callable[[], PlanningPage]
) -> None:
    allocations_history(services, data)
    page = open_page()
    waiting = page.waiting
    assert waiting.now_label.text() == "88 referrals"
    assert waiting.rate_edit.text() == "1"
    measured = (
        "At the last 12 weeks' rates (1 allocated, 0 declined or withdrawn and 1.67 referred "
        "a week), the list does not clear within 12 months."
    )
    assert waiting.result_label.text() == measured
    assert waiting.table.rowCount() == 12
    assert waiting.line.count() == 13  # now, and the end of each month

    waiting.advocates_box.setValue(10)  # no waiting: it redraws there and then
    plan = page.plan
    assert plan is not None
    expected = plan.what_if(extra_advocates=10)
    assert expected.clears_in == "2027-01"
    # 11 a week less 1.67 referred: 88 clear in 66 days.
    assert waiting.result_label.text() == (
        "At 11 allocated a week, with the last 12 weeks' 0 declined or withdrawn and 1.67 "
        "referred a week, the list clears by 28/01/2027."
    )
    assert not page.running
    assert "11 cases a week in all, with 10 more advocates" in waiting.total_label.text()
    assert cell(waiting.table, 0, 1).text() == f"{expected.months[0].projected_waiting:,}"

    waiting.reset_button.click()
    assert waiting.advocates_box.value() == 0
    assert waiting.result_label.text() == measured


def test_a_negative_or_non_number_rate_is_refused_next_to_the_field(
    services: Services, data: Data, open_page: Callable[[], PlanningPage]
) -> None:
    allocations_history(services, data)
    page = open_page()
    edit: QLineEdit = page.waiting.rate_edit
    error = page.waiting.rate_error

    for refused in ("-2", "lots", "4\b"):
        edit.selectAll()
        type_into(edit, refused.removesuffix("\b"))
        if refused.endswith("\b"):
            press(edit, Qt.Key.Key_Backspace)  # left empty
        assert error.isVisible(), refused
        assert error.message == RATE_REFUSED
        assert page.waiting.projection is None
        assert page.waiting.result_label.text().startswith("Correct the figure")
        assert page.waiting.table.rowCount() == 0

    type_into(edit, "40")
    assert not error.isVisible()
    assert page.waiting.result_label.text().startswith("At 40 allocated a week, with the last")
    assert "the list clears by" in page.waiting.result_label.text()


def test_a_contract_past_ninety_percent_of_pro_rata_is_marked(
    services: Services, data: Data, open_page: Callable[[], PlanningPage], qtbot: QtBot
) -> None:
    for name, hours in (("Busy Hub", 100.0), ("Quiet Hub", 1000.0)):
        services.contracts.create(
            ContractDetails(name, "Essex County Council", date(2026, 4, 1), date(2027, 3, 31),
                            advocacy_types=frozenset({"care_act"}), hours_per_year=hours)
        )  # fmt: skip
    ids = {c.name: c.id for c in services.contracts.list()}
    advocate = services.staff.add("adv", "An Advocate", advocacy_types=("care_act",))
    for name, days in (("Busy Hub", 10), ("Quiet Hub", 1)):
        referrals = data.monthly(months_to_october((2026, 1)), lambda _i: 2, contract_id=ids[name])
        services.waiting_list.allocate(referrals[6], advocate.id, date(2026, 4, 10))
        case_id = services.casework.caseload()[-1].case_id
        for day in range(days):  # 8 hours a day
            details = ActivityDetails(date(2026, 5, 1 + day), "visit", 480)
            services.casework.log_activity(case_id, details)
    page = open_page()
    panel = page.contracts_panel
    page.tabs.setCurrentWidget(panel)

    # The status is what it measures, not only which side of a line it falls.
    assert panel.status_of("Busy Hub") == "123% of pro rata"
    assert panel.status_of("Quiet Hub") == "1% of pro rata"
    busy = next(i for i, c in enumerate(panel.contracts) if c.name == "Busy Hub")
    quiet = 1 - busy
    warning = theme.colour("warning_cell")
    for column in range(panel.table.columnCount()):
        assert cell(panel.table, busy, column).background().color() == warning
        assert cell(panel.table, quiet, column).background().color() != warning
    reason = cell(panel.table, busy, 0).toolTip()
    assert reason.startswith(
        "80.0 hours used so far: 123% of the 64.9 hours pro rata to 23/11/2026"
    )
    assert "Past 90% of pro rata is an early warning" in reason
    assert cell(panel.table, busy, 1).text() == "01/04/2026 to 31/03/2027"
    assert cell(panel.table, busy, 2).text() == "100"

    panel.choose("Quiet Hub")
    assert panel.by_type_heading.text().startswith("Hours by advocacy type, Quiet Hub")
    assert panel.by_type.rowCount() == 1
    assert [cell(panel.by_type, 0, c).text() for c in range(3)] == [
        "Care Act advocacy",
        "8.0",
        "100%",
    ]

    page.choose(contract="Quiet Hub")  # its referrals only, and only it in the table
    wait_planned(qtbot, page)
    assert [c.name for c in page.contracts] == ["Quiet Hub"]
    assert panel.table.rowCount() == 1
    history = page.forecast.history_series
    assert {history.at(i).y() for i in range(history.count())} == {2.0}


def test_one_type_still_projects_contracts_from_every_type(
    services: Services, data: Data, open_page: Callable[[], PlanningPage], qtbot: QtBot
) -> None:
    services.contracts.create(
        ContractDetails("Hub", "Essex County Council", date(2026, 4, 1), date(2027, 3, 31),
                        hours_per_year=500.0)
    )  # fmt: skip
    hub = services.contracts.list()[0].id
    data.monthly(months_to_october((2026, 1)), lambda _i: 2, contract_id=hub)
    data.monthly(months_to_october((2026, 1)), lambda _i: 2, "imca", contract_id=hub)
    page = open_page()
    all_types = page.contracts[0].projected_hours
    page.choose("imca")
    wait_planned(qtbot, page)
    assert page.forecast.chart.title().endswith("(IMCA)")
    assert page.contracts[0].projected_hours == all_types


def test_too_little_history_says_so(data: Data, open_page: Callable[[], PlanningPage]) -> None:
    data.monthly([(2026, 8), (2026, 9), (2026, 10)], lambda i: 3 + i)
    page = open_page()
    panel = page.forecast
    assert panel.warning_label.isVisible()
    assert panel.warning_label.text() == TOO_LITTLE_HISTORY
    assert TOO_LITTLE_HISTORY == "Too little history: the forecast is the average so far."
    assert panel.method_label.text() == (
        "Method: the average of the months so far (too little history)"
    )
    assert panel.history_label.text() == "3 months of history (August 2026 to October 2026)"
    assert "not enough history to test" in panel.backtest_label.text()
    assert panel.history_series.count() == 3
    assert {panel.forecast_series.at(i).y() for i in range(12)} == {4.0}


def test_with_no_referrals_it_says_there_is_nothing_to_forecast(
    open_page: Callable[[], PlanningPage],
) -> None:
    page = open_page()
    assert page.plan is None
    assert page.message.isVisible()
    assert page.message.text().startswith(
        f"Nothing to forecast: no referrals were received before {TODAY:%B %Y}"
    )
    assert page.forecast.history_series.count() == 0
    assert page.forecast.forecast_series.count() == 0
    assert page.forecast.table.rowCount() == 0
    assert page.waiting.result_label.text() == ""
    assert page.contracts_panel.table.rowCount() == 0


def test_new_data_makes_the_forecast_again_when_shown(
    data: Data, open_page: Callable[[], PlanningPage], bus: DataBus, qtbot: QtBot
) -> None:
    page = open_page()
    assert plan_of(page) is None
    data.monthly([(2026, 9), (2026, 10)], lambda _i: 2)
    wait_planned(qtbot, page)
    assert plan_of(page) is not None
    assert not page.message.isVisible()
    assert page.forecast.history_series.count() == 2


def test_the_home_screen_names_a_contract_past_ninety_percent_of_pro_rata(
    qtbot: QtBot, services: Services, bus: DataBus
) -> None:
    from ui.people.page import PeoplePage

    contract = services.contracts.create(
        ContractDetails("Small block", "Essex County Council", date(2026, 4, 1), date(2029, 3, 31),
                frozenset({"care_act"}), hours_per_year=10.0)
    )  # fmt: skip
    advocate = services.staff.add("adv", "An Advocate", advocacy_types=("care_act",))
    person = services.people.create(PersonDetails("A", "B", date(1950, 1, 1)))
    referral = services.referrals.create(
        person.id, ReferralDetails(date(2026, 5, 1), "self", "care_act", contract_id=contract.id)
    )
    services.waiting_list.allocate(referral.id, advocate.id, date(2026, 5, 2))
    case_id = services.casework.caseload(advocate.id)[0].case_id
    services.casework.log_activity(case_id, ActivityDetails(date(2026, 6, 1), "visit", 600))
    page = PeoplePage(services, bus)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.contracts_warning.isVisible(), timeout=10_000)
    assert page.contracts_warning.text().startswith("Small block: ")
    assert page.contracts_warning.text().endswith("hours used 154% of pro rata")  # 10 of 6.5
    with qtbot.waitSignal(page.open_planning):
        page.contracts_warning.click()


def test_the_waiting_list_and_planning_give_one_answer_for_the_same_data(
    services: Services, bus: DataBus, data: Data, open_page: Callable[[], PlanningPage],
    qtbot: QtBot,
) -> None:  # fmt: skip
    """100 referrals; in the last 12 weeks 40 allocated and 1 declined while 20 came
    in: 59 wait, and 21/12 a week fewer wait (236 days). Before, the waiting list
    ignored new referrals (clearing in weeks) while Planning netted its forecast off:
    two answers to one question."""
    from ui.waiting_list import WaitingListPage

    referrals = data.monthly(months_to_october((2026, 1)), lambda _i: 10)
    advocates = [services.staff.add(f"adv{n}", f"Advocate {n}", capacity=30,
                                    advocacy_types=("care_act",)).id for n in range(2)]  # fmt: skip
    for n, referral_id in enumerate(referrals[:40]):
        services.waiting_list.allocate(referral_id, advocates[n % 2], date(2026, 9, 1 + n % 28))
    services.waiting_list.decline(referrals[40], "Not eligible", on=date(2026, 10, 15))
    expected = (
        "At the last 12 weeks' rates (3.33 allocated, 0.08 declined or withdrawn and 1.67 "
        "referred a week), the list clears by 17/07/2027."
    )
    planning = open_page()
    assert planning.waiting.result_label.text() == expected
    waiting = WaitingListPage(services, bus)
    qtbot.addWidget(waiting)
    waiting.show()
    qtbot.waitUntil(lambda: not waiting.ranking, timeout=5000)
    assert waiting.headline_bar.clearing.text() == expected
    # The month Planning's table first shows none waiting is the month it clears in.
    table = planning.waiting.table
    months = [cell(table, row, 0).text() for row in range(table.rowCount())]
    counts = [cell(table, row, 1).text() for row in range(table.rowCount())]
    assert months[counts.index("0")] == "Jul 2027"
    assert counts[months.index("Jun 2027")] != "0"
