"""The Waiting list page as a user meets it: the ranked list and its headline, filters,
why a referral is where it is, allocating, declining, withdrawing, overriding, equity.

Scores under the default matrix (version 1), on TODAY (23/11/2026):

=====  =====================  ===================================================  =====
Rank   Referral               Points                                               Score
=====  =====================  ===================================================  =====
1      R000004 Maria Garcia   matrix 3,3,3,3 = 40, statutory 20, 8 weeks 8          68
2      R000002 Amir Khan      matrix 2,2,2,2 = 20, decision in 4 days 20,           61
                              statutory (IMCA) 20, 1 week 1
3      R000001 Jane Smith     matrix 4,3,2,1 = 30, safeguarding concern 10,         44
                              4 weeks 4
4      R000003 Olu Adeyemi    nothing answered (incomplete), received today          0
=====  =====================  ===================================================  =====
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor, QTextDocument, QTextTable
from PySide6.QtWidgets import QApplication, QCheckBox, QDialog, QTableView, QTableWidget
from pytestqt.qtbot import QtBot

from advocacy_desk.app import Services
from advocacy_desk.db.models import StaffAdvocacyType, StaffUser
from advocacy_desk.domain.changes import Changes
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.domain.referrals import ReferralDetails
from advocacy_desk.records.waiting_list import WaitingList
from advocacy_desk.services.waiting_list import Headline
from tests.conftest import TODAY
from tests.ui.conftest import cell_text, click, kinds, press, type_into
from ui.bus import DataBus
from ui.referrals.referral_form import ReferralDialog
from ui.tasks import finish_background_work
from ui.waiting_list import WaitingListPage
from ui.waiting_list.dialogs import AllocateDialog, CloseReferralDialog, OverrideDialog
from ui.waiting_list.equity import EquityView, median_text, year_before
from ui.waiting_list.model import COLUMN_NUMBER, INCOMPLETE
from ui.waiting_list.page import days, ordinal, waiting_count

pytestmark = pytest.mark.usefixtures("no_modals")


@dataclass(frozen=True)
class Listed:
    """The four referrals of the module docstring, by the person's given name."""

    maria: int
    amir: int
    jane: int
    olu: int


def add_staff(
    services: Services,
    full_name: str,
    types: tuple[str, ...],
    capacity: int = 30,
    role: str = "advocate",
) -> int:
    """An active member of staff (there is no staff service yet, so straight to the table)."""
    with services.uow() as uow:
        staff = StaffUser(
            username=full_name.lower().replace(" ", "."),
            full_name=full_name,
            role=role,
            capacity=capacity,
            active=True,
            advocacy_types=[StaffAdvocacyType(advocacy_type=t) for t in types],
        )
        uow.session.add(staff)
        uow.session.flush()
        staff_id = staff.id
        uow.commit()
    return staff_id


def add_person(services: Services, given: str, family: str, sex: str, area: str) -> int:
    details = PersonDetails(
        given, family, date(1960, 5, 17), sex=sex, local_authority=area, postcode=""
    )
    return services.people.create(details, allow_duplicate=True).id


@pytest.fixture
def listed(services: Services, contracts: dict[str, int]) -> Listed:
    care_act_contract = contracts["Essex Care Act and IMCA"]
    jane = add_person(services, "Jane", "Smith", "female", "Essex")
    amir = add_person(services, "Amir", "Khan", "male", "Thurrock")
    olu = add_person(services, "Olu", "Adeyemi", "male", "Essex")
    maria = add_person(services, "Maria", "Garcia", "female", "Southend-on-Sea")
    refer = services.referrals.create
    a = refer(
        jane,
        ReferralDetails(
            date(2026, 10, 26), "self", "generic", safeguarding="concern",
            complexity=4, impact=3, support_network=2, capacity_voice=1,
        ),
    )  # fmt: skip
    b = refer(
        amir,
        ReferralDetails(
            date(2026, 11, 16), "health", "imca", decision_due_on=date(2026, 11, 27),
            contract_id=care_act_contract,
            complexity=2, impact=2, support_network=2, capacity_voice=2,
        ),
    )  # fmt: skip
    c = refer(olu, ReferralDetails(TODAY, "self", "generic"))
    d = refer(
        maria,
        ReferralDetails(
            date(2026, 9, 28), "social_worker", "care_act", "needs_assessment",
            difficulties=frozenset({"understanding"}), appropriate_individual="no",
            contract_id=care_act_contract,
            complexity=3, impact=3, support_network=3, capacity_voice=3,
        ),
    )  # fmt: skip
    return Listed(maria=d.id, amir=b.id, jane=a.id, olu=c.id)


@pytest.fixture
def open_page(services: Services, bus: DataBus, qtbot: QtBot) -> Callable[[], WaitingListPage]:
    def open_() -> WaitingListPage:
        page = WaitingListPage(services, bus)
        qtbot.addWidget(page)
        page.resize(1280, 760)
        page.show()
        qtbot.waitExposed(page)
        # The first ranking runs on a worker thread; later ones, of short lists, do not.
        qtbot.waitUntil(lambda: not page.ranking, timeout=5000)
        return page

    return open_


def column(table: QTableView, title: str) -> list[str]:
    model = table.model()
    number = COLUMN_NUMBER[title]
    return [model.index(row, number).data() for row in range(model.rowCount())]


def refs(page: WaitingListPage) -> list[str]:
    return column(page.table, "Reference")


def history_rows(page: WaitingListPage) -> list[list[str]]:
    """The score history as shown: date, event, score, matrix, by, and the note written
    under the entry (or "")."""
    label = page.panel.history_lines
    if label.isHidden():
        return []
    document = QTextDocument()
    document.setHtml(label.text())
    (table,) = document.rootFrame().childFrames()
    assert isinstance(table, QTextTable)

    def text(row: int, col: int) -> str:
        cell = table.cellAt(row, col)
        cursor = cell.firstCursorPosition()
        cursor.setPosition(cell.lastCursorPosition().position(), QTextCursor.MoveMode.KeepAnchor)
        return cursor.selectedText().replace("\xa0", " ")  # nowrap cells hold no-break spaces

    assert [text(0, col) for col in range(5)] == ["Date", "Event", "Score", "Matrix", "By"]
    entries: list[list[str]] = []
    for row in range(1, table.rows()):
        if text(row, 0):
            entries.append([*(text(row, col) for col in range(5)), ""])
        else:
            entries[-1][5] = text(row, 1)  # the note, under its entry
    return entries


def header_text(table: QTableWidget) -> str:
    header = table.horizontalHeaderItem(0)
    assert header is not None
    return header.text()


def tick(box: QCheckBox) -> None:
    """Click the box itself (a click right of a check box's label misses it)."""
    click(box, QPoint(box.iconSize().width() // 2 + 2, box.height() // 2))


def status_of(services: Services, referral_id: int) -> str:
    return services.referrals.get(referral_id).status


# -- wording ------------------------------------------------------------------------------


def test_wording_of_ranks_counts_and_days() -> None:
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 102, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "102nd", "111th",
    ]  # fmt: skip
    assert waiting_count(4, 4, False) == "4 waiting"
    assert waiting_count(2, 1234, True) == "2 of 1,234 waiting shown"
    assert days(1) == "1 day"
    assert days(17.5) == "17.5 days"
    assert days(None) == "–"
    assert median_text(42.0) == "42"
    assert year_before(date(2028, 2, 29)) == date(2027, 2, 28)


# -- the list -----------------------------------------------------------------------------


def test_the_list_is_ranked_with_its_headline_figures(
    listed: Listed, open_page: Callable[[], WaitingListPage]
) -> None:
    page = open_page()
    assert refs(page) == ["R000004", "R000002", "R000001", "R000003"]
    assert column(page.table, "Rank") == ["1", "2", "3", "4"]
    assert column(page.table, "Score") == ["68", "61", "44", "0"]
    assert column(page.table, "Person") == [
        "Maria Garcia",
        "Amir Khan",
        "Jane Smith",
        "Olu Adeyemi",
    ]
    assert column(page.table, "Type") == [
        "Care Act",
        "IMCA",
        "Community / generic",
        "Community / generic",
    ]
    assert column(page.table, "Days waiting") == ["56", "7", "28", "0"]
    assert column(page.table, "Decision date") == ["", "27/11/2026", "", ""]
    assert column(page.table, "Statutory") == ["Yes", "Yes", "No", "No"]
    assert column(page.table, "Matrix") == ["", "", "", INCOMPLETE]
    assert column(page.table, "Area") == ["Southend-on-Sea", "Thurrock", "Essex", "Essex"]
    # The incomplete matrix is flagged, not just written.
    flagged = page.model.index(3, COLUMN_NUMBER["Matrix"])
    assert flagged.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "not answered" in flagged.data(Qt.ItemDataRole.ToolTipRole)
    assert page.model.index(0, COLUMN_NUMBER["Matrix"]).data(Qt.ItemDataRole.BackgroundRole) is None

    bar = page.headline_bar
    assert bar.waiting.value.text() == "4"
    assert bar.median.value.text() == "17.5 days"  # 0, 7, 28, 56
    assert bar.longest.value.text() == "56 days"
    assert bar.statutory.value.text() == "2"
    assert bar.clearing.text() == (
        "At the last 12 weeks' rates (0 allocated, 0 declined or withdrawn and 0.33 referred "
        "a week), the list does not clear within 12 months."
    )
    assert page.count_label.text() == "4 waiting"
    assert "23/11/2026" in page.as_of_label.text()
    assert "version 1" in page.as_of_label.text()
    # Nothing chosen yet: the actions wait for a choice.
    assert "Choose a referral" in page.panel.placeholder.text()
    assert not page.allocate_button.isEnabled()
    assert not page.override_button.isEnabled()


def test_an_empty_list_says_so(
    services: Services, open_page: Callable[[], WaitingListPage]
) -> None:
    page = open_page()
    assert page.model.rowCount() == 0
    assert page.headline_bar.waiting.value.text() == "0"
    assert page.headline_bar.median.value.text() == "–"
    assert page.headline_bar.clearing.text() == "The list is clear."
    assert "No one is waiting" in page.panel.placeholder.text()


def test_filters_narrow_the_rows_but_ranks_stay_those_of_the_whole_list(
    listed: Listed, contracts: dict[str, int], open_page: Callable[[], WaitingListPage]
) -> None:
    page = open_page()
    assert not page.clear_filters_button.isEnabled()

    page.type_filter.setCurrentIndex(page.type_filter.findData("generic"))
    assert refs(page) == ["R000001", "R000003"]
    assert column(page.table, "Rank") == ["3", "4"]
    assert page.count_label.text() == "2 of 4 waiting shown"
    assert page.clear_filters_button.isEnabled()

    page.statutory_filter.setCurrentIndex(page.statutory_filter.findData(False))
    assert refs(page) == ["R000001", "R000003"]
    page.statutory_filter.setCurrentIndex(page.statutory_filter.findData(True))
    assert refs(page) == []
    assert "No waiting referral matches the filters" in page.panel.placeholder.text()

    click(page.clear_filters_button)
    assert refs(page) == ["R000004", "R000002", "R000001", "R000003"]
    assert page.count_label.text() == "4 waiting"

    areas = [page.area_filter.itemText(i) for i in range(page.area_filter.count())]
    assert areas == ["Any area", "Essex", "Southend-on-Sea", "Thurrock"]
    page.area_filter.setCurrentIndex(page.area_filter.findData("Essex"))
    assert refs(page) == ["R000001", "R000003"]
    page.area_filter.setCurrentIndex(0)

    page.contract_filter.setCurrentIndex(
        page.contract_filter.findData(contracts["Essex Care Act and IMCA"])
    )
    assert refs(page) == ["R000004", "R000002"]
    assert column(page.table, "Rank") == ["1", "2"]


def test_the_panel_explains_the_selected_referrals_score(
    listed: Listed, open_page: Callable[[], WaitingListPage]
) -> None:
    page = open_page()
    assert page.select_referral(listed.jane)
    panel = page.panel
    assert panel.title.text() == "R000001: Jane Smith"
    assert panel.rank.text() == "Ranked 3rd of 4, score 44 (matrix version 1)"
    assert panel.breakdown is not None
    lines = [(line.criterion, line.why, line.points) for line in panel.breakdown.lines]
    assert lines[:5] == [
        ("Complexity of the issue", "answered 4 (very high)", 15),
        ("Impact of the issue on the person", "answered 3 (high)", 10),
        ("Support network (4 = no one, isolated)", "answered 2 (some support)", 5),
        (
            "Capacity to decide and be heard (4 = great difficulty)",
            "answered 1 (decides and is heard)",
            0,
        ),
        ("Safeguarding", "Concern", 10),
    ]
    shown = panel.lines.text()
    for text in ("Complexity of the issue", "answered 4", "+15", "Concern", "+10",
                 "28 days waited, 4 full weeks", "+4", "Total", "<b>44</b>"):  # fmt: skip
        assert text in shown, text
    assert panel.unanswered.isHidden()
    assert panel.override.text() == "No manager override."
    assert history_rows(page) == [["23/11/2026", "Referred", "44", "v1", "tester", ""]]
    assert page.allocate_button.isEnabled()
    assert page.decline_button.isEnabled()

    # An incomplete matrix says which questions are unanswered.
    page.select_referral(listed.olu)
    assert panel.rank.text() == "Ranked 4th of 4, score 0 (matrix version 1)"
    assert not panel.unanswered.isHidden()
    for question in ("Complexity of the issue", "Impact of the issue", "Support network"):
        assert question in panel.unanswered.text()
    assert "Edit referral" in panel.unanswered.text()
    assert history_rows(page)[0][2] == "0 (incomplete)"

    # While filters narrow the list, the panel gives both places.
    page.type_filter.setCurrentIndex(page.type_filter.findData("generic"))
    assert page.selected_referral_id() == listed.olu  # the selection survived the filter
    assert panel.rank.text() == (
        "Ranked 4th of 4, score 0 (matrix version 1); 2nd of the 2 the filters show"
    )


# -- allocating ---------------------------------------------------------------------------


def test_allocating_removes_the_row_and_adds_to_the_advocates_caseload(
    services: Services, bus: DataBus, listed: Listed, open_page: Callable[[], WaitingListPage]
) -> None:
    sam = add_staff(services, "Sam Okafor", ("imca", "care_act"), capacity=30)
    add_staff(services, "Pat Lee", ("nhs_complaints",), capacity=20)
    page = open_page()
    page.select_referral(listed.amir)
    changes: list[Changes] = []
    bus.changed.connect(changes.append)
    seen: list[list[list[str]]] = []

    def allocate(dialog: QDialog) -> int:
        assert isinstance(dialog, AllocateDialog)
        dialog.show()
        assert dialog.windowTitle() == "Allocate referral R000002"
        table = dialog.table
        rows = [[cell_text(table, r, c) for c in range(3)] for r in range(table.rowCount())]
        seen.append(rows)
        tick(dialog.show_all)  # Pat does not take IMCA: hidden until asked for, then marked
        rows = [[cell_text(table, r, c) for c in range(3)] for r in range(table.rowCount())]
        seen.append(rows)
        item = table.item(1, 0)
        assert item is not None
        assert "Does not take" in item.toolTip()
        assert dialog.allocated_on.text() == "23/11/2026"
        assert dialog.choose(sam)
        assert dialog.capacity_warning.isHidden()
        click(dialog.save_button)
        return dialog.result()

    page.run_modal = allocate
    case_ref = page.allocate()

    assert seen == [
        [["Sam Okafor", "0 / 30", "Care Act, IMCA"]],
        [["Sam Okafor", "0 / 30", "Care Act, IMCA"], ["Pat Lee", "0 / 20", "NHS complaints"]],
    ]
    assert case_ref == "C000001"
    assert status_of(services, listed.amir) == "allocated"
    assert "referral" in kinds(changes)
    assert refs(page) == ["R000004", "R000001", "R000003"]
    assert column(page.table, "Rank") == ["1", "2", "3"]
    assert page.headline_bar.waiting.value.text() == "3"
    assert page.headline_bar.statutory.value.text() == "1"
    assert "rates (0.08 allocated, " in page.headline_bar.clearing.text()  # 1 in 12 weeks
    assert page.notice.text() == ("Allocated R000002 (Amir Khan) to Sam Okafor: case C000001.")
    assert "Choose a referral" in page.panel.placeholder.text()
    loads = {a.full_name: a.open_cases for a in services.waiting_list.advocates()}
    assert loads == {"Pat Lee": 0, "Sam Okafor": 1}

    # The next allocation shows Sam's caseload one higher.
    page.select_referral(listed.maria)

    def look(dialog: QDialog) -> int:
        assert isinstance(dialog, AllocateDialog)
        seen.append([[cell_text(dialog.table, 0, c) for c in range(3)]])
        return QDialog.DialogCode.Rejected

    page.run_modal = look
    assert page.allocate() is None
    assert seen[-1] == [["Sam Okafor", "1 / 30", "Care Act, IMCA"]]
    assert status_of(services, listed.maria) == "waiting"


def test_allocation_errors_show_in_the_dialog_and_save_nothing(
    services: Services, listed: Listed, open_page: Callable[[], WaitingListPage]
) -> None:
    add_staff(services, "Sam Okafor", ("imca",))
    pat = add_staff(services, "Pat Lee", ("nhs_complaints",))
    page = open_page()
    page.select_referral(listed.amir)
    messages: list[dict[str, str]] = []

    def try_badly(dialog: QDialog) -> int:
        assert isinstance(dialog, AllocateDialog)
        dialog.show()
        click(dialog.save_button)  # no one chosen
        messages.append(dialog.errors.messages)
        assert dialog.choose(pat)  # shows everyone to reach Pat
        assert dialog.show_all.isChecked()
        dialog.allocated_on.setText("31/02/2026")
        click(dialog.save_button)
        messages.append(dialog.errors.messages)
        dialog.allocated_on.setText("24/11/2026")
        click(dialog.save_button)
        messages.append(dialog.errors.messages)
        dialog.allocated_on.setText("23/11/2026")
        click(dialog.save_button)  # the service refuses Pat
        messages.append(dialog.errors.messages)
        assert not dialog.errors.label("advocate_id").isHidden()
        dialog.reject()
        return dialog.result()

    page.run_modal = try_badly
    assert page.allocate() is None
    assert messages[0] == {"advocate_id": "Advocate: choose who will take the case from the list."}
    assert messages[1] == {
        "allocated_on": 'Allocation date: "31/02/2026" is not a real date (day 31, month 2).'
    }
    assert messages[2] == {"allocated_on": "Allocation date is in the future."}
    assert messages[3]["advocate_id"].startswith("Advocate: Pat Lee does not take")
    assert status_of(services, listed.amir) == "waiting"
    assert refs(page) == ["R000004", "R000002", "R000001", "R000003"]


def test_an_advocate_at_capacity_is_allocated_only_after_confirming(
    services: Services, listed: Listed, open_page: Callable[[], WaitingListPage]
) -> None:
    sam = add_staff(services, "Sam Okafor", ("imca", "care_act"), capacity=1)
    services.waiting_list.allocate(listed.maria, sam)  # Sam is now full: 1 / 1
    page = open_page()
    page.select_referral(listed.amir)
    steps: list[str] = []

    def confirm(dialog: QDialog) -> int:
        assert isinstance(dialog, AllocateDialog)
        dialog.show()
        assert cell_text(dialog.table, 0, 1) == "1 / 1 (full)"
        assert dialog.over_capacity.isHidden()
        dialog.choose(sam)
        assert not dialog.capacity_warning.isHidden()
        steps.append(dialog.capacity_warning.text())
        click(dialog.save_button)
        steps.append(dialog.errors.messages["advocate_id"])
        assert dialog.result() != QDialog.DialogCode.Accepted
        tick(dialog.over_capacity)
        click(dialog.save_button)
        return dialog.result()

    page.run_modal = confirm
    assert page.allocate() == "C000002"
    assert steps[0].startswith("Sam Okafor is at capacity (1 open case, capacity 1).")
    assert steps[1].startswith("Advocate: Sam Okafor is at capacity")
    assert "Allocate to them anyway" in steps[1]
    assert status_of(services, listed.amir) == "allocated"
    assert [a.open_cases for a in services.waiting_list.advocates()] == [2]


# -- declining and withdrawing ------------------------------------------------------------


def test_a_statutory_referral_cannot_be_declined(
    services: Services, listed: Listed, open_page: Callable[[], WaitingListPage]
) -> None:
    page = open_page()
    page.select_referral(listed.maria)
    assert not page.decline_button.isEnabled()
    assert "statutory referral: it cannot be declined" in page.decline_button.toolTip()
    assert page.withdraw_button.isEnabled()

    # Even if the dialog is reached another way, the service's refusal is shown in it.
    general: list[str] = []

    def decline(dialog: QDialog) -> int:
        assert isinstance(dialog, CloseReferralDialog)
        dialog.show()
        type_into(dialog.reason, "No capacity this month")
        click(dialog.save_button)
        general.append(dialog.errors.general.text())
        dialog.reject()
        return dialog.result()

    page.run_modal = decline
    assert not page.decline(listed.maria)
    assert general == [
        "R000004 is a statutory referral: it cannot be declined. Allocate it, or withdraw "
        "it if the person no longer wants or needs advocacy."
    ]
    assert status_of(services, listed.maria) == "waiting"
    assert "R000004" in refs(page)


@pytest.mark.parametrize(("action", "status"), [("decline", "declined"), ("withdraw", "withdrawn")])
def test_a_reason_is_needed_to_decline_or_withdraw(
    services: Services,
    listed: Listed,
    open_page: Callable[[], WaitingListPage],
    action: str,
    status: str,
) -> None:
    page = open_page()
    page.select_referral(listed.jane)
    messages: list[dict[str, str]] = []

    def close(dialog: QDialog) -> int:
        assert isinstance(dialog, CloseReferralDialog)
        dialog.show()
        assert dialog.status_on.text() == "23/11/2026"
        click(dialog.save_button)
        messages.append(dialog.errors.messages)
        assert not dialog.errors.label("reason").isHidden()
        assert status_of(services, listed.jane) == "waiting"  # nothing saved
        dialog.status_on.setText("01/10/2026")  # before it was received
        type_into(dialog.reason, "Moved to Norfolk")
        click(dialog.save_button)
        messages.append(dialog.errors.messages)
        dialog.status_on.setText("20/11/2026")
        click(dialog.save_button)
        return dialog.result()

    page.run_modal = close
    button = page.decline_button if action == "decline" else page.withdraw_button
    click(button)
    word = "declining" if action == "decline" else "withdrawing"
    assert messages == [
        {"reason": f"Reason: say why you are {word} the referral."},
        {"status_on": "Date is before the referral was received (26/10/2026)."},
    ]
    record = services.referrals.get(listed.jane)
    assert (record.status, record.status_on, record.status_reason) == (
        status,
        date(2026, 11, 20),
        "Moved to Norfolk",
    )
    assert refs(page) == ["R000004", "R000002", "R000003"]
    assert "has left the list" in page.notice.text()


# -- overriding ---------------------------------------------------------------------------


def test_an_override_changes_the_score_and_is_kept_in_the_history(
    services: Services, listed: Listed, open_page: Callable[[], WaitingListPage]
) -> None:
    page = open_page()
    page.select_referral(listed.olu)
    assert page.panel.rank.text().startswith("Ranked 4th of 4, score 0")
    messages: list[dict[str, str]] = []

    def override(dialog: QDialog) -> int:
        assert isinstance(dialog, OverrideDialog)
        dialog.show()
        assert not dialog.remove_button.isEnabled()  # nothing to remove yet
        dialog.points.setValue(50)
        assert dialog.points.text() == "+50"
        click(dialog.save_button)  # no reason
        messages.append(dialog.errors.messages)
        assert services.waiting_list.breakdown(listed.olu).override_points is None
        type_into(dialog.reason, "Discharge from hospital on Friday")
        click(dialog.save_button)
        return dialog.result()

    page.run_modal = override
    assert page.override_score()
    assert messages == [
        {
            "override_reason": "Reason: write why the score is being overridden; "
            "it is kept in the history."
        }
    ]
    assert page.selected_referral_id() == listed.olu  # still selected, in its new place
    assert refs(page) == ["R000004", "R000002", "R000003", "R000001"]
    assert column(page.table, "Score") == ["68", "61", "50", "44"]
    panel = page.panel
    assert panel.rank.text() == "Ranked 3rd of 4, score 50 (matrix version 1)"
    assert "Manager override" in panel.lines.text()
    assert "+50" in panel.lines.text()
    assert panel.override.text() == (
        "Manager override: +50 points. Reason: Discharge from hospital on Friday"
    )
    assert history_rows(page)[0] == [
        "23/11/2026", "Manager override", "50 (incomplete)", "v1", "tester",
        "Discharge from hospital on Friday",
    ]  # fmt: skip

    # Take it away again: a reason is still needed, and it is kept too.
    def remove(dialog: QDialog) -> int:
        assert isinstance(dialog, OverrideDialog)
        dialog.show()
        assert dialog.points.value() == 50
        assert dialog.remove_button.isEnabled()
        type_into(dialog.reason, "Discharge postponed")
        click(dialog.remove_button)
        return dialog.result()

    page.run_modal = remove
    assert page.override_score()
    assert column(page.table, "Score") == ["68", "61", "44", "0"]
    assert panel.override.text() == "No manager override."
    assert [row[1] for row in history_rows(page)] == [
        "Manager override",
        "Manager override",
        "Referred",
    ]
    assert history_rows(page)[0][5] == "Discharge postponed"


def test_a_minus_override_moves_a_referral_down(
    services: Services, listed: Listed, open_page: Callable[[], WaitingListPage]
) -> None:
    page = open_page()
    page.select_referral(listed.maria)

    def lower(dialog: QDialog) -> int:
        assert isinstance(dialog, OverrideDialog)
        dialog.show()
        dialog.points.selectAll()
        type_into(dialog.points, "-30")
        assert dialog.points.value() == -30
        type_into(dialog.reason, "Family now supporting her")
        click(dialog.save_button)
        return dialog.result()

    page.run_modal = lower
    assert page.override_score()
    assert refs(page) == ["R000002", "R000001", "R000004", "R000003"]
    assert page.panel.rank.text() == "Ranked 3rd of 4, score 38 (matrix version 1)"


# -- editing the referral -----------------------------------------------------------------


def test_edit_referral_answers_the_matrix_and_reranks(
    services: Services, listed: Listed, open_page: Callable[[], WaitingListPage]
) -> None:
    page = open_page()
    page.select_referral(listed.olu)

    def answer(dialog: QDialog) -> int:
        assert isinstance(dialog, ReferralDialog)
        dialog.show()
        assert dialog.windowTitle() == "Edit referral R000003"
        for combo in dialog.matrix.values():
            combo.set_level(4)
        click(dialog.save_button)
        return dialog.result()

    page.run_modal = answer
    click(page.edit_referral_button)
    # All four answered 4: 60 points, now above Jane's 44 though below Amir's 61.
    assert refs(page) == ["R000004", "R000002", "R000003", "R000001"]
    assert column(page.table, "Score") == ["68", "61", "60", "44"]
    assert column(page.table, "Matrix") == ["", "", "", ""]
    assert page.panel.unanswered.isHidden()
    assert page.panel.rank.text() == "Ranked 3rd of 4, score 60 (matrix version 1)"
    assert history_rows(page)[0][1] == "Matrix answers revised"


# -- keyboard, refreshing, long lists -----------------------------------------------------


def test_keyboard_shortcuts_open_the_dialogs(
    listed: Listed, open_page: Callable[[], WaitingListPage], qtbot: QtBot
) -> None:
    page = open_page()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=2000)
    page.select_referral(listed.jane)
    page.table.setFocus()
    opened: list[str] = []

    def note(dialog: QDialog) -> int:
        opened.append(dialog.windowTitle())
        return QDialog.DialogCode.Rejected

    page.run_modal = note
    press(
        page.table,
        Qt.Key.Key_A,  # not Ctrl+L, which is File > Lock now
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    press(
        page.table,
        Qt.Key.Key_O,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    press(page.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    press(page.table, Qt.Key.Key_Return)
    assert opened == [
        "Allocate referral R000001",
        "Override the score of R000001",
        "Edit referral R000001",
        "Edit referral R000001",
    ]
    assert "(Ctrl+Shift+A)" in page.allocate_button.toolTip()


def test_the_page_refreshes_on_each_commit_and_when_shown_again(
    services: Services,
    bus: DataBus,
    listed: Listed,
    open_page: Callable[[], WaitingListPage],
) -> None:
    page = open_page()
    page.select_referral(listed.jane)
    person = add_person(services, "Wei", "Chen", "male", "Essex")
    assert page.model.rowCount() == 4
    services.referrals.create(person, ReferralDetails(date(2026, 11, 1), "self", "peer"))
    assert page.model.rowCount() == 5  # the commit itself said a referral was added
    assert page.headline_bar.waiting.value.text() == "5"
    assert page.selected_referral_id() == listed.jane  # the selection survived the refresh

    page.hide()
    services.waiting_list.withdraw(listed.amir, "No longer needed")
    assert page.model.rowCount() == 5  # a hidden page waits ...
    page.show()
    assert page.model.rowCount() == 4  # ... and refreshes when shown
    assert "R000002" not in refs(page)


def test_a_long_list_is_ranked_off_the_gui_thread_while_the_old_one_stays(
    services: Services,
    bus: DataBus,
    listed: Listed,
    open_page: Callable[[], WaitingListPage],
    qtbot: QtBot,
) -> None:
    page = open_page()
    page.background_from = 0  # treat even four as a long list
    page.select_referral(listed.jane)
    services.waiting_list.withdraw(listed.amir, "No longer needed")
    assert page.ranking
    assert page.as_of_label.text() == "Ranking the waiting list…"
    assert page.model.rowCount() == 4  # the list on show stays until the new one is ready
    qtbot.waitUntil(lambda: not page.ranking, timeout=5000)
    assert refs(page) == ["R000004", "R000001", "R000003"]
    assert page.headline_bar.waiting.value.text() == "3"
    assert page.selected_referral_id() == listed.jane
    assert page.panel.rank.text() == "Ranked 2nd of 3, score 44 (matrix version 1)"


def test_ranked_twice_only_the_newer_ranking_is_shown(
    services: Services,
    listed: Listed,
    open_page: Callable[[], WaitingListPage],
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A ranking asked for while another is under way replaces it: the older one's list,
    stale by the time it is ready, never shows (not even for a moment)."""
    page = open_page()
    page.background_from = 0  # treat even four as a long list
    real = services.waiting_list.ranked
    first, carry_on = threading.Event(), threading.Event()

    def slow(today: date | None = None) -> WaitingList:
        if not first.is_set():
            first.set()
            carry_on.wait(5)
        return real(today)

    monkeypatch.setattr(services.waiting_list, "ranked", slow)
    shown: list[int] = []
    show = page._show_ranked

    def counted(waiting: WaitingList, headline: Headline) -> None:
        shown.append(len(waiting))
        show(waiting, headline)

    monkeypatch.setattr(page, "_show_ranked", counted)
    page.refresh()
    qtbot.waitUntil(first.is_set, timeout=5000)  # ranking four, slowly
    services.waiting_list.withdraw(listed.amir, "No longer needed")
    page.refresh()  # asked again: three now
    carry_on.set()
    qtbot.waitUntil(lambda: not page.ranking, timeout=5000)
    finish_background_work()
    QApplication.processEvents()
    assert shown == [3]
    assert refs(page) == ["R000004", "R000001", "R000003"]


def test_a_long_list_builds_only_the_rows_on_screen(
    services: Services, open_page: Callable[[], WaitingListPage]
) -> None:
    for number in range(400):
        person = add_person(services, "Ann", f"Person{number}", "female", "Essex")
        services.referrals.create(
            person,
            ReferralDetails(
                date(2026, 1, 1 + number % 28), "self", "generic", complexity=1 + number % 4
            ),
        )
    page = open_page()
    assert page.model.rowCount() == 400
    assert page.count_label.text() == "400 waiting"
    assert page.model.rows_built < 100
    ranks = column(page.table, "Rank")  # reading every cell builds every row, once each
    assert ranks == [str(n) for n in range(1, 401)]
    scores = [int(s) for s in column(page.table, "Score")]
    assert scores == sorted(scores, reverse=True)


# -- equity -------------------------------------------------------------------------------


def test_the_equity_view_shows_median_waits_by_group(
    services: Services, listed: Listed, open_page: Callable[[], WaitingListPage]
) -> None:
    page = open_page()
    view = page.equity
    assert isinstance(view, EquityView)
    page.tabs.setCurrentWidget(view)
    assert view.start.text() == "23/11/2025"
    assert view.end.text() == "23/11/2026"
    table = view.table
    assert header_text(table) == "Ethnic group"
    rows = [[cell_text(table, r, c) for c in range(3)] for r in range(table.rowCount())]
    assert rows == [["Not known", "4", "17.5"]]  # no one's ethnicity was recorded

    view.set_dimension("sex")
    assert header_text(table) == "Sex"
    rows = [[cell_text(table, r, c) for c in range(3)] for r in range(table.rowCount())]
    assert rows == [["Female", "2", "42"], ["Male", "2", "3.5"]]  # 28 and 56; 0 and 7
    assert "23/11/2025 to 23/11/2026" in view.summary.text()

    # A shorter period ends the still-waiting waits earlier.
    view.end.setText("16/11/2026")
    click(view.show_button)
    rows = [[cell_text(table, r, c) for c in range(3)] for r in range(table.rowCount())]
    assert rows == [["Female", "2", "35"], ["Male", "1", "0"]]  # 21 and 49; Amir received 16/11

    view.start.setText("30/11/2026")
    click(view.show_button)
    assert view.errors.messages == {"end": "The period ends before it starts: swap the dates."}
    view.start.setText("not a date")
    click(view.show_button)
    assert view.errors.messages["start"].startswith('From: "not a date" is not a date')
    click(view.last_year_button)
    assert view.errors.messages == {}
    assert view.end.text() == "23/11/2026"
