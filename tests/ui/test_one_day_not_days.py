"""Counts in words: every screen says "1 day", "1 minute", "1 referral", never "1 days".

Each place a user sees a count is checked with the count at 1 (and at 2, so the plural
still reads right); they all go through ``advocacy_desk.domain.numbers.plural``."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, cast

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from advocacy_desk.app import Services
from advocacy_desk.domain.numbers import plural
from advocacy_desk.records.reports import DueReport
from advocacy_desk.records.returns import DataProblem, ReturnReport, TrendPoint
from advocacy_desk.services.accounts import Account
from advocacy_desk.services.casework import ActivityRow, CaseloadRow
from tests.ui.conftest import click
from ui.accounts.editor import AccountsEditor
from ui.bus import DataBus
from ui.casework.models import LOG_COLUMNS
from ui.casework.page import due_soon_text
from ui.data_protection import RetentionPage
from ui.people.page import next_actions_text
from ui.planning.words import cases_text
from ui.reports.panel import due_text
from ui.returns.preview import extra_sections
from ui.returns.problems import ProblemsPanel
from ui.settings.page import SettingsPage

pytestmark = pytest.mark.usefixtures("no_modals")


def _due(overdue: bool = False) -> Any:
    """A stand-in for a row due soon: these texts read only whether it is overdue."""
    return cast(Any, type("Due", (), {"overdue": overdue})())


def test_plural_takes_an_s_or_the_word_given() -> None:
    assert plural(1, "day") == "1 day"
    assert plural(0, "day") == "0 days"
    assert plural(1_200, "referral") == "1,200 referrals"
    assert plural(1, "person", "people") == "1 person"
    assert plural(3, "person", "people") == "3 people"


def test_casework_due_soon_over_one_day() -> None:
    assert due_soon_text([], days=1) == "Due soon: no next actions in the next 1 day."
    rows = cast(list[CaseloadRow], [_due(overdue=True)])
    assert due_soon_text(rows, days=1) == "Due soon: 1 next action in the next 1 day, 1 overdue."
    assert due_soon_text(rows * 2, days=2) == (
        "Due soon: 2 next actions in the next 2 days, 2 overdue."
    )


def test_people_next_actions_over_one_day() -> None:
    assert next_actions_text([], 1, everyone=False) == "No next actions due in the next 1 day"
    rows = cast(list[CaseloadRow], [_due()])
    assert next_actions_text(rows, 1, everyone=True) == (
        "1 next action due in the next 1 day across all caseloads"
    )


def test_reports_due_over_one_day() -> None:
    rows = cast(list[DueReport], [_due()])
    assert due_text(rows, days=1) == "1 report due in the next 1 day"
    assert due_text(rows * 2, days=7) == "2 reports due in the next 7 days"


def test_a_one_minute_activity_says_one_minute() -> None:
    row = ActivityRow(1, date(2026, 11, 20), "phone", 1, 1, "", "Dee Okafor", 0)
    time, travel = LOG_COLUMNS[2], LOG_COLUMNS[3]
    assert time.tip is not None
    assert travel.tip is not None
    assert time.tip(row) == "1 minute"
    assert travel.tip(row) == "1 minute travelling"
    longer = replace(row, minutes=2, travel_minutes=30)
    assert (time.tip(longer), travel.tip(longer)) == ("2 minutes", "30 minutes travelling")


def test_one_wrong_password_says_one(services: Services, bus: DataBus, qtbot: QtBot) -> None:
    editor = AccountsEditor(services, bus=bus)
    qtbot.addWidget(editor)
    now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    account = Account(1, "dee", "Dee Okafor", "advocate", True, True, 1, None, None)
    assert editor._status_tip(account, now) == "1 wrong password since their last sign-in."
    twice = replace(account, failed_sign_ins=2)
    assert editor._status_tip(twice, now) == "2 wrong passwords since their last sign-in."


def test_the_trend_of_one_referral_says_one_referral() -> None:
    report = cast(
        ReturnReport,
        type("Report", (), {
            "declined_reasons": (), "withdrawn_reasons": (),
            "hours_above_block": None, "cases_above_block": None,
            "trend": (TrendPoint("2026/27 Q2", 1, Decimal("1.5")),),
        })(),
    )  # fmt: skip
    notes = [note for section in extra_sections(report) for line in section.lines
             for note in line.notes]  # fmt: skip
    assert "1 referral received; 1.5 hours delivered." in notes


def test_one_data_problem_says_one_thing(qtbot: QtBot) -> None:
    panel = ProblemsPanel()
    qtbot.addWidget(panel)
    problem = DataProblem("no_outcome", "case", 1, "C000001", "No outcome recorded")
    panel.show_problems([problem], "2026/27 Q2")
    assert panel.summary.text().startswith(
        "1 thing in the data for 2026/27 Q2 would weaken the return."
    )


def test_a_lock_after_one_minute_says_one_minute(
    services: Services, bus: Any, qtbot: QtBot
) -> None:
    page = SettingsPage(services, False, bus)
    qtbot.addWidget(page)
    page.lock_minutes.setValue(1)
    saver = page.findChild(QWidget, "saveLockMinutes")
    assert saver is not None
    click(cast(Any, saver))
    assert page.database_saved.text() == "Saved: the window locks after 1 minute without use."


def test_records_kept_for_one_year(services: Services, bus: DataBus, qtbot: QtBot) -> None:
    page = RetentionPage(services, bus)
    qtbot.addWidget(page)
    page.years.setValue(2)
    click(page.save_years_button)
    assert page.years_status.text() == "Records are kept for 2 years."
    page.years.setValue(1)
    click(page.save_years_button)
    assert page.years_status.text() == "Records are kept for 1 year."


def test_opening_one_case_a_week_says_one_case() -> None:
    assert cases_text(1.0) == "1 case"
    assert cases_text(1.004) == "1 case"
    assert cases_text(2.5) == "2.5 cases"
