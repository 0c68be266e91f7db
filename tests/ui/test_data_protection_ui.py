"""Data protection as a manager meets it in the window: the retention page (the period,
the records due, anonymising and keeping them), the anonymise dialog for an erasure
request, and saving a subject access export to a folder."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from advocacy_desk.app import Services
from advocacy_desk.db.models import RetentionHold
from advocacy_desk.domain.data_protection import REMOVED_TEXT
from advocacy_desk.domain.referrals import ReferralDetails
from tests.conftest import TODAY
from tests.data_protection_data import advocate, closed_case, full_record, person
from tests.ui.conftest import click, type_into
from ui.bus import DataBus
from ui.data_protection import (
    AnonymiseDialog,
    KeepDialog,
    RetentionPage,
    SubjectAccessButton,
    export_subject_access,
)

pytestmark = pytest.mark.usefixtures("no_modals")

Told = list[tuple[str, str, bool]]


@pytest.fixture
def due_people(services: Services) -> dict[str, int]:
    """Ann's last case closed on 01/03/2024, Bob's on 01/06/2025: with a one-year
    period both are due on 23/11/2026; with two years only Ann."""
    ann = person(services, "Ann", "Archer")
    closed_case(services, ann, date(2024, 1, 10), date(2024, 3, 1), note="Ann's own words")
    bob = person(services, "Bob", "Baker")
    closed_case(services, bob, date(2025, 5, 1), date(2025, 6, 1))
    services.data_protection.set_retention_years(1)
    return {"ann": ann, "bob": bob}


@pytest.fixture
def page(
    qtbot: QtBot, services: Services, bus: DataBus, due_people: dict[str, int]
) -> RetentionPage:
    shown = RetentionPage(services, bus)
    qtbot.addWidget(shown)
    return shown


def _drive(page: RetentionPage, act: Callable[[QDialog], None]) -> list[QDialog]:
    """Replace the page's modal runner by ``act``; the dialogs it was given."""
    seen: list[QDialog] = []

    def run(dialog: QDialog) -> int:
        seen.append(dialog)
        act(dialog)
        return dialog.result()

    page.run_modal = run
    return seen


def test_the_page_lists_the_records_past_the_period(page: RetentionPage) -> None:
    assert page.years.value() == 1
    assert page.rows() == [
        ("P000001", "Ann Archer", "01/03/2024, case closed", "2", ""),
        ("P000002", "Bob Baker", "01/06/2025, case closed", "1", ""),
    ]
    assert page.count_label.text() == "2 records past the retention period on 23/11/2026."
    assert not page.anonymise_button.isEnabled()  # nothing chosen yet
    assert not page.keep_button.isEnabled()
    page.select("P000002")
    assert page.anonymise_button.isEnabled()
    assert page.keep_button.isEnabled()


def test_saving_a_longer_period_is_audited_and_shortens_the_list(
    page: RetentionPage, services: Services
) -> None:
    page.years.setValue(2)
    click(page.save_years_button)
    assert page.years_status.text() == "Records are kept for 2 years."
    assert [row[0] for row in page.rows()] == ["P000001"]
    assert services.data_protection.retention_years() == 2
    changes = [e for e in services.audit.events(action="update") if e.entity == "setting"]
    assert json.loads(changes[-1].details) == {"key": "retention_years", "value": ["1", "2"]}
    page.years.setValue(150)  # past the longest: the box stops at 100
    assert page.years.value() == 100


def test_anonymise_needs_a_reason_then_replaces_the_record(
    page: RetentionPage, services: Services, due_people: dict[str, int]
) -> None:
    messages: list[dict[str, str]] = []

    def act(dialog: QDialog) -> None:
        assert isinstance(dialog, AnonymiseDialog)
        assert "cannot be undone" in dialog.warning.text()
        click(dialog.save_button)  # no reason yet
        messages.append(dialog.errors.messages)
        assert dialog.result() != QDialog.DialogCode.Accepted
        type_into(dialog.reason, "Retention period passed")
        click(dialog.save_button)

    seen = _drive(page, act)
    page.select("P000001")
    assert page.anonymise_selected()
    assert seen[0].windowTitle() == "Anonymise P000001 Ann Archer"
    assert "say why the record is anonymised" in messages[0]["reason"]
    assert [row[0] for row in page.rows()] == ["P000002"]
    assert "P000001 was anonymised" in page.status.text()
    [row] = services.people.rows([due_people["ann"]])
    assert (row.given_name, row.family_name, row.postcode) == ("Anonymised", "P000001", "CM2")
    case_id = services.casework.person_cases(due_people["ann"])[0].case_id
    assert [a.note for a in services.casework.activities(case_id)] == [REMOVED_TEXT]


def test_cancelling_anonymise_changes_nothing(
    page: RetentionPage, services: Services, due_people: dict[str, int]
) -> None:
    def act(dialog: QDialog) -> None:
        type_into(dialog.reason, "Retention period passed")  # type: ignore[attr-defined]
        dialog.reject()

    _drive(page, act)
    page.select("P000001")
    assert not page.anonymise_selected()
    assert len(page.rows()) == 2
    assert services.people.rows([due_people["ann"]])[0].given_name == "Ann"


def test_keep_checks_the_reason_and_the_review_date_then_keeps(
    page: RetentionPage, services: Services
) -> None:
    tries: list[dict[str, str]] = []

    def act(dialog: QDialog) -> None:
        assert isinstance(dialog, KeepDialog)
        dialog.review_on.setText("31/02/2027")  # not a date
        type_into(dialog.reason, "Safeguarding enquiry still open")
        click(dialog.save_button)
        tries.append(dialog.errors.messages)
        dialog.review_on.setText("01/01/2020")  # in the past
        click(dialog.save_button)
        tries.append(dialog.errors.messages)
        dialog.reason.setPlainText("  ")
        dialog.review_on.setText("01/01/2028")
        click(dialog.save_button)
        tries.append(dialog.errors.messages)
        assert dialog.result() != QDialog.DialogCode.Accepted
        dialog.reason.setPlainText("Safeguarding enquiry still open")
        click(dialog.save_button)

    _drive(page, act)
    page.select("P000002")
    assert page.keep_selected()
    assert "not a real date" in tries[0]["review_on"]
    assert "after today" in tries[1]["review_on"]
    assert tries[2] == {
        "reason": "Reason: say why the record is kept, for example a safeguarding hold."
    }
    assert page.status.text() == "P000002 is kept until 01/01/2028."
    assert [row[0] for row in page.rows()] == ["P000001"]
    [row] = services.data_protection.due(date(2028, 1, 1))[1:]  # back on its review date
    assert (row.person_ref, row.held_reason) == ("P000002", "Safeguarding enquiry still open")
    assert len(services.audit.events(action="keep")) == 1


def test_a_record_back_from_its_review_shows_why_it_was_kept(
    qtbot: QtBot, services: Services, bus: DataBus, due_people: dict[str, int]
) -> None:
    with services.uow() as uow:  # kept last month, for review on 01/11/2026: the day has come
        uow.session.add(RetentionHold(person_id=due_people["bob"], reason="Complaint pending",
                                      review_on=date(2026, 11, 1), held_by="amanager"))  # fmt: skip
        uow.commit()
    page = RetentionPage(services, bus)
    qtbot.addWidget(page)
    assert page.rows()[1] == (
        "P000002", "Bob Baker", "01/06/2025, case closed", "1",
        "Complaint pending (review date 01/11/2026)",
    )  # fmt: skip

    def act(dialog: QDialog) -> None:
        assert isinstance(dialog, KeepDialog)
        assert dialog.reason.toPlainText() == "Complaint pending"  # the reason it was kept
        dialog.review_on.setText("01/06/2027")
        click(dialog.save_button)

    _drive(page, act)
    page.select("P000002")
    assert page.keep_selected()
    assert [row[0] for row in page.rows()] == ["P000001"]


def test_an_erasure_request_for_someone_with_a_case_open_is_refused_at_the_top(
    qtbot: QtBot, services: Services
) -> None:
    cat = person(services, "Cat", "Current")
    referral = services.referrals.create(cat, ReferralDetails(TODAY, "self", "care_act"))
    services.waiting_list.allocate(referral.id, advocate(services), on=TODAY)
    dialog = AnonymiseDialog(services, cat)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Anonymise P000001 Cat Current"
    dialog.reason.setPlainText("The person asked for their details to be erased")
    assert not dialog.save()
    assert "case still open" in dialog.errors.general.text()
    assert not dialog.errors.general.isHidden()
    assert services.people.rows([cat])[0].given_name == "Cat"


def test_an_erasure_request_is_done_from_the_dialog(qtbot: QtBot, services: Services) -> None:
    record = full_record(services)
    dialog = AnonymiseDialog(services, record.person_id)
    qtbot.addWidget(dialog)
    dialog.reason.setPlainText("The person asked for their details to be erased")
    click(dialog.save_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.summary == "P000001 anonymised on 23/11/2026."
    assert services.people.search_ids("partridge") == []
    [event] = services.audit.events(action="anonymise")
    assert json.loads(event.details) == {
        "reason": "The person asked for their details to be erased"
    }


def test_a_read_only_user_is_told_the_page_is_not_theirs(
    qtbot: QtBot, services: Services, bus: DataBus, due_people: dict[str, int]
) -> None:
    services.accounts.add("reader", "Rea Reader", "read_only", "correct horse battery")
    services.accounts.sign_in("reader", "correct horse battery")
    page = RetentionPage(services, bus)
    qtbot.addWidget(page)
    assert page.rows() == []
    assert "does not allow you to" in page.error.text()
    assert not page.anonymise_button.isEnabled()


# -- subject access ------------------------------------------------------------------------


def _teller(told: Told) -> Callable[[QWidget | None, str, str, bool], None]:
    def tell(_parent: QWidget | None, title: str, message: str, problem: bool) -> None:
        told.append((title, message, problem))

    return tell


def test_the_export_asks_for_a_folder_and_says_which_files_were_written(
    services: Services, tmp_path: Path
) -> None:
    record = full_record(services)
    told: Told = []
    out = tmp_path / "sar"
    out.mkdir()
    written = export_subject_access(
        None, services, record.person_id, choose_folder=lambda _p, _t: out, tell=_teller(told)
    )
    assert written is not None
    pdf, data = written
    assert sorted(p.name for p in out.iterdir()) == [
        "subject-access-P000001-2026-11-23.json",
        "subject-access-P000001-2026-11-23.pdf",
    ]
    [(title, message, problem)] = told
    assert (title, problem) == ("Subject access", False)
    assert pdf.name in message
    assert data.name in message
    assert json.loads(data.read_text(encoding="utf-8"))["person"]["family_name"] == "Partridge"


def test_cancelling_the_folder_writes_nothing_and_says_nothing(
    services: Services, tmp_path: Path
) -> None:
    record = full_record(services)
    told: Told = []
    cancelled = export_subject_access(
        None, services, record.person_id, choose_folder=lambda _p, _t: None, tell=_teller(told)
    )
    assert cancelled is None
    assert told == []
    assert services.audit.events(action="export") == []


def test_a_folder_that_is_gone_is_reported_and_nothing_is_written(
    services: Services, tmp_path: Path
) -> None:
    record = full_record(services)
    told: Told = []
    gone = tmp_path / "gone"
    refused = export_subject_access(
        None, services, record.person_id, choose_folder=lambda _p, _t: gone, tell=_teller(told)
    )
    assert refused is None
    [(_title, message, problem)] = told
    assert problem
    assert message.startswith("Nothing was written: Folder:")
    assert "does not exist" in message
    assert not gone.exists()


def test_the_button_exports_for_the_person_on_show(
    qtbot: QtBot, services: Services, tmp_path: Path
) -> None:
    record = full_record(services)
    button = SubjectAccessButton(services)
    qtbot.addWidget(button)
    assert not button.isEnabled()
    told: Told = []
    button.choose_folder = lambda _p, _t: tmp_path
    button.tell = _teller(told)
    button.set_person(record.person_id)
    assert button.isEnabled()
    click(button)
    assert button.written is not None
    assert button.written[0].exists()
    assert not told[0][2]
    assert [e.entity_id for e in services.audit.events(action="export")] == [record.person_id]
