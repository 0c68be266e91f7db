"""The People page as a user meets it: search, sort, add, open, refresh."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog, QHeaderView, QTableView
from pytestqt.qtbot import QtBot

from advocacy_desk.app import Services
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.domain.referrals import ReferralDetails
from tests.conftest import TODAY
from tests.ui.conftest import (
    AddPerson,
    cell_text,
    click,
    double_click,
    make_people,
    press,
    type_into,
)
from ui.bus import DataBus
from ui.people.page import SEARCH_PLACEHOLDER, PeoplePage, people_count
from ui.people.person_form import PersonDialog
from ui.referrals.referral_form import ReferralDialog

pytestmark = pytest.mark.usefixtures("no_modals")


@pytest.fixture
def open_page(services: Services, bus: DataBus, qtbot: QtBot) -> Callable[[], PeoplePage]:
    def open_() -> PeoplePage:
        page = PeoplePage(services, bus)
        page.today = lambda: TODAY
        qtbot.addWidget(page)
        page.resize(1100, 700)
        page.show()
        qtbot.waitExposed(page)
        return page

    return open_


def visible_column(table: QTableView, column: int) -> list[str]:
    model = table.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


def click_header(qtbot: QtBot, table: QTableView, column: int) -> None:
    header: QHeaderView = table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    click(header.viewport(), QPoint(x, header.height() // 2))


def test_count_wording() -> None:
    assert people_count(0, 0, False) == "0 people"
    assert people_count(1, 1, False) == "1 person"
    assert people_count(1234, 1234, False) == "1,234 people"
    assert people_count(12, 1234, True) == "12 of 1,234 people"


def test_typing_in_the_search_box_filters_the_list(
    services: Services, add_person: AddPerson, open_page: Callable[[], PeoplePage], qtbot: QtBot
) -> None:
    add_person("Jane", "Smith", date(1950, 2, 1), postcode="CM1 1AA")
    add_person("John", "Smith", date(1962, 3, 4))
    add_person("Amir", "Khan", date(1972, 7, 9), postcode="SS1 2AB")
    page = open_page()
    assert page.search.placeholderText() == SEARCH_PLACEHOLDER
    assert page.table.model().rowCount() == 3
    assert page.count_label.text() == "3 people"

    type_into(page.search, "smi")
    qtbot.waitUntil(lambda: page.table.model().rowCount() == 2, timeout=2000)
    assert visible_column(page.table, 2) == ["Jane", "John"]
    assert page.count_label.text() == "2 of 3 people"

    type_into(page.search, "th ja")
    qtbot.waitUntil(lambda: page.table.model().rowCount() == 1, timeout=2000)
    assert visible_column(page.table, 2) == ["Jane"]
    assert page.count_label.text() == "1 of 3 people"

    page.search.clear()
    type_into(page.search, "09/07/1972")
    qtbot.waitUntil(lambda: visible_column(page.table, 1) == ["Khan"], timeout=2000)

    page.search.clear()
    type_into(page.search, "zzz")
    qtbot.waitUntil(lambda: page.table.model().rowCount() == 0, timeout=2000)
    assert page.count_label.text() == "0 of 3 people"
    assert "No one matches" in page.panel.placeholder.text()

    page.search.clear()
    qtbot.waitUntil(lambda: page.count_label.text() == "3 people", timeout=2000)


def test_the_filter_waits_for_a_pause_in_typing(
    services: Services, add_person: AddPerson, open_page: Callable[[], PeoplePage], qtbot: QtBot
) -> None:
    add_person("Jane", "Smith")
    add_person("Amir", "Khan")
    page = open_page()
    type_into(page.search, "khan")
    assert page.table.model().rowCount() == 2  # not yet: one query per pause, not per key
    qtbot.waitUntil(lambda: page.table.model().rowCount() == 1, timeout=2000)


def test_clicking_a_header_sorts_the_list(
    services: Services, add_person: AddPerson, open_page: Callable[[], PeoplePage], qtbot: QtBot
) -> None:
    add_person("Cy", "Abel", date(1990, 1, 1))
    add_person("Ann", "Zed", date(1940, 6, 30))
    add_person("Bob", "Young", date(1965, 12, 2))
    page = open_page()
    assert visible_column(page.table, 1) == ["Abel", "Young", "Zed"]  # by name at first

    click_header(qtbot, page.table, 3)  # Date of birth
    assert visible_column(page.table, 3) == ["30/06/1940", "02/12/1965", "01/01/1990"]
    assert page.table.horizontalHeader().sortIndicatorSection() == 3

    click_header(qtbot, page.table, 3)  # again: newest first
    assert visible_column(page.table, 3) == ["01/01/1990", "02/12/1965", "30/06/1940"]

    click_header(qtbot, page.table, 0)  # Reference
    assert visible_column(page.table, 0) == ["P000001", "P000002", "P000003"]


def test_a_long_list_shows_without_fetching_everyone(
    services: Services, open_page: Callable[[], PeoplePage]
) -> None:
    make_people(services, 600)
    page = open_page()
    assert page.count_label.text() == "600 people"
    assert page.model.rowCount() == 600
    assert page.model.pages_fetched <= 2  # only what is on screen (page size 200)


def test_selecting_a_person_shows_their_details_and_referrals(
    services: Services, add_person: AddPerson, open_page: Callable[[], PeoplePage]
) -> None:
    jane = add_person("Jane", "Smith", date(1950, 2, 1), postcode="CM1 1AA")
    services.referrals.create(
        jane,
        ReferralDetails(
            date(2026, 10, 1),
            "social_worker",
            "care_act",
            "needs_assessment",
            difficulties=frozenset({"understanding"}),
            appropriate_individual="no",
        ),
    )
    services.referrals.create(jane, ReferralDetails(date(2026, 11, 2), "self", "generic"))
    add_person("Amir", "Khan")
    page = open_page()
    assert "Choose a person" in page.panel.placeholder.text()
    assert not page.edit_person_button.isEnabled()

    assert page.select_person(jane)
    assert page.panel.name.text() == "Jane Smith"
    summary = page.panel.summary.text()
    assert "P000002" not in summary
    assert all(part in summary for part in ("P000001", "01/02/1950", "CM1 1AA"))
    table = page.panel.referral_table
    rows = [[cell_text(table, r, c) for c in range(5)] for r in range(table.rowCount())]
    assert rows == [
        ["R000002", "02/11/2026", "Community / generic advocacy", "Waiting", "No"],
        ["R000001", "01/10/2026", "Care Act advocacy", "Waiting", "Yes"],
    ]
    assert page.edit_person_button.isEnabled()
    assert page.panel.edit_referral_button.isEnabled()


def test_new_person_through_the_dialog_appears_in_the_list(
    services: Services, add_person: AddPerson, open_page: Callable[[], PeoplePage], qtbot: QtBot
) -> None:
    add_person("Amir", "Khan")
    add_person("Jane", "Smith")
    page = open_page()
    type_into(page.search, "khan")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=2000)
    assert page.count_label.text() == "1 of 2 people"
    seen: list[QDialog] = []

    def fill_in(dialog: QDialog) -> int:
        assert isinstance(dialog, PersonDialog)
        seen.append(dialog)
        dialog.show()
        type_into(dialog.given_name, "Ada")
        type_into(dialog.family_name, "Lovelace")
        type_into(dialog.date_of_birth, "10/12/1940")
        type_into(dialog.postcode, "co4 3sq")
        dialog.combos["ethnicity"].set_code("white_british")
        click(dialog.save_button)
        return dialog.result()

    page.run_modal = fill_in
    click(page.new_person_button)

    assert len(seen) == 1
    assert services.people.count() == 3
    saved = services.people.get_by_ref("P000003").details
    assert (saved.given_name, saved.date_of_birth, saved.postcode) == (
        "Ada",
        date(1940, 12, 10),
        "CO4 3SQ",
    )
    assert saved.ethnicity == "white_british"
    assert saved.sex == "not_known"
    # The search that would have hidden her is cleared, and she is selected.
    assert page.search.text() == ""
    assert visible_column(page.table, 1) == ["Khan", "Lovelace", "Smith"]
    assert page.count_label.text() == "3 people"
    assert page.selected_person_id() == services.people.get_by_ref("P000003").id
    assert page.panel.name.text() == "Ada Lovelace"


def test_cancelling_the_new_person_dialog_saves_nothing(
    services: Services, open_page: Callable[[], PeoplePage], qtbot: QtBot
) -> None:
    page = open_page()

    def cancel(dialog: QDialog) -> int:
        assert isinstance(dialog, PersonDialog)
        type_into(dialog.given_name, "Ada")
        dialog.reject()
        return dialog.result()

    page.run_modal = cancel
    assert page.new_person() is None
    assert services.people.count() == 0
    assert page.count_label.text() == "0 people"


def test_double_click_opens_the_person_and_edits_persist(
    services: Services, add_person: AddPerson, open_page: Callable[[], PeoplePage], qtbot: QtBot
) -> None:
    jane = add_person("Jane", "Smith", date(1950, 2, 1))
    page = open_page()
    opened: list[int | None] = []

    def edit(dialog: QDialog) -> int:
        assert isinstance(dialog, PersonDialog)
        opened.append(dialog.person_id)
        dialog.show()
        assert dialog.family_name.text() == "Smith"
        dialog.family_name.clear()
        type_into(dialog.family_name, "Smythe")
        dialog.combos["religion"].set_code("prefer_not_to_say")
        click(dialog.save_button)
        return dialog.result()

    page.run_modal = edit
    rect = page.table.visualRect(page.model.index(0, 1))
    double_click(page.table.viewport(), rect.center())

    assert opened == [jane]
    details = services.people.get(jane).details
    assert (details.family_name, details.religion) == ("Smythe", "prefer_not_to_say")
    assert visible_column(page.table, 1) == ["Smythe"]  # the list refreshed from the bus
    assert page.panel.name.text() == "Jane Smythe"


def test_keyboard_ctrl_f_searches_enter_opens_ctrl_n_adds(
    services: Services, add_person: AddPerson, open_page: Callable[[], PeoplePage], qtbot: QtBot
) -> None:
    jane = add_person("Jane", "Smith")
    page = open_page()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=2000)
    page.table.setFocus()
    opened: list[tuple[str, int | None]] = []

    def note(dialog: QDialog) -> int:
        assert isinstance(dialog, PersonDialog)
        opened.append((dialog.windowTitle(), dialog.person_id))
        return QDialog.DialogCode.Rejected

    page.run_modal = note
    press(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    type_into(page.search, "jane")
    press(page.search, Qt.Key.Key_Return)  # filter now, go to the first match
    assert page.table.hasFocus()
    assert page.selected_person_id() == jane
    press(page.table, Qt.Key.Key_Return)
    assert opened == [("Edit person P000001", jane)]
    press(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert opened[-1] == ("New person", None)


def test_the_page_refreshes_as_each_write_commits(
    services: Services, bus: DataBus, add_person: AddPerson, open_page: Callable[[], PeoplePage]
) -> None:
    jane = add_person("Jane", "Smith")
    page = open_page()
    page.select_person(jane)
    assert page.count_label.text() == "1 person"
    add_person("Amir", "Khan")
    assert page.count_label.text() == "2 people"
    assert visible_column(page.table, 1) == ["Khan", "Smith"]
    assert page.selected_person_id() == jane  # the selection survived the refresh

    assert page.panel.referral_table.rowCount() == 0
    services.referrals.create(jane, ReferralDetails(date(2026, 11, 2), "self", "generic"))
    assert page.panel.referral_table.rowCount() == 1


def test_a_hidden_page_refreshes_when_shown_again(
    services: Services, bus: DataBus, add_person: AddPerson, open_page: Callable[[], PeoplePage]
) -> None:
    add_person("Jane", "Smith")
    page = open_page()
    page.hide()
    services.people.create(PersonDetails("Amir", "Khan"))
    assert page.count_label.text() == "1 person"  # hidden: not read yet
    assert page.watch.stale
    page.show()
    assert page.count_label.text() == "2 people"


def test_new_referral_for_the_selected_person(
    services: Services, add_person: AddPerson, open_page: Callable[[], PeoplePage], qtbot: QtBot
) -> None:
    jane = add_person("Jane", "Smith", date(1950, 2, 1))
    page = open_page()
    page.select_person(jane)

    def record(dialog: QDialog) -> int:
        assert isinstance(dialog, ReferralDialog)
        dialog.show()
        assert dialog.person.id == jane
        assert dialog.received_on.text() == "23/11/2026"  # today
        dialog.source.set_code("social_worker")
        dialog.advocacy_type.set_code("care_act")
        click(dialog.save_button)
        return dialog.result()

    page.run_modal = record
    click(page.new_referral_button)
    referrals = services.referrals.for_person(jane)
    assert [r.details.received_on for r in referrals] == [TODAY]
    assert page.panel.referral_table.rowCount() == 1
    assert cell_text(page.panel.referral_table, 0, 0) == referrals[0].referral_ref


def test_new_referral_with_nobody_selected_adds_the_person_first(
    services: Services, open_page: Callable[[], PeoplePage], qtbot: QtBot
) -> None:
    page = open_page()
    titles: list[str] = []

    def both(dialog: QDialog) -> int:
        titles.append(dialog.windowTitle())
        dialog.show()
        if isinstance(dialog, PersonDialog):
            type_into(dialog.given_name, "Ada")
            type_into(dialog.family_name, "Lovelace")
            click(dialog.save_button)
        else:
            assert isinstance(dialog, ReferralDialog)
            assert dialog.person.full_name == "Ada Lovelace"
            dialog.source.set_code("self")
            dialog.advocacy_type.set_code("generic")
            click(dialog.save_button)
        return dialog.result()

    page.run_modal = both
    page.new_referral()
    assert titles == ["New person", "New referral"]
    ada = services.people.get_by_ref("P000001")
    assert ada.referral_count == 1
    assert page.selected_person_id() == ada.id


def test_edit_referral_from_the_panel_persists(
    services: Services, add_person: AddPerson, open_page: Callable[[], PeoplePage], qtbot: QtBot
) -> None:
    jane = add_person("Jane", "Smith", date(1950, 2, 1))
    referral = services.referrals.create(
        jane, ReferralDetails(date(2026, 11, 2), "self", "generic")
    )
    page = open_page()
    page.select_person(jane)

    def change(dialog: QDialog) -> int:
        assert isinstance(dialog, ReferralDialog)
        dialog.show()
        assert dialog.source.code() == "self"
        dialog.safeguarding.set_code("concern")
        dialog.matrix["impact"].set_level(4)
        click(dialog.save_button)
        return dialog.result()

    page.run_modal = change
    click(page.panel.edit_referral_button)
    saved = services.referrals.get(referral.id).details
    assert (saved.safeguarding, saved.impact) == ("concern", 4)


def test_clicking_a_row_shows_that_person(
    add_person: AddPerson, open_page: Callable[[], PeoplePage]
) -> None:
    add_person("Amir", "Khan", date(1972, 7, 9))
    add_person("Jane", "Smith", date(1950, 2, 1))
    page = open_page()
    rect = page.table.visualRect(page.model.index(1, 1))
    click(page.table.viewport(), rect.center())
    assert page.panel.name.text() == "Jane Smith"
    assert page.edit_person_button.isEnabled()
