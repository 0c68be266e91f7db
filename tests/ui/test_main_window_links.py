"""Sections that point at records open them where they live."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from advocacy_desk.app import Services
from advocacy_desk.demo import generate
from ui.main_window import MainWindow


def test_records_named_elsewhere_open_in_their_section(services: Services, qtbot: QtBot) -> None:
    generate(services, scale="small", seed=1, as_of=date(2026, 11, 23))
    window = MainWindow(services)
    qtbot.addWidget(window)
    case = services.casework.caseload()[0]
    window.open_record("case", case.case_id)
    assert window.navigation.currentRow() == 2
    assert window._casework_page is not None
    assert window._casework_page.panel.case is not None
    assert window._casework_page.panel.case.case_ref == case.case_ref

    referral = services.referrals.for_person(case.person_id)[0]
    window.people_page.search.setText("zzzz nobody")
    window.people_page.apply_filter()
    window.open_record("referral", referral.id)
    assert window.navigation.currentRow() == 0
    assert window.people_page.selected_person_id() == case.person_id

    window.open_record("volunteer", 1)
    assert "still to come" in window.statusBar().currentMessage()
