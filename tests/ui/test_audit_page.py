"""The audit trail page as a manager meets it: readable events, filters, the check."""

from __future__ import annotations

import ast
import re
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from advocacy_desk.app import Services
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.services.access import NotPermitted
from advocacy_desk.services.accounts import SignInRefused
from advocacy_desk.services.audit import EventRow
from tests.ui.conftest import click
from ui.audit import AuditPage, AuditTableModel
from ui.audit.page import (
    ALL_ACTIONS,
    EVENT_ID_ROLE,
    EVERYONE,
    action_words,
    details_text,
    record_text,
    when_text,
)
from ui.bus import DataBus
from ui.widgets import theme

pytestmark = pytest.mark.usefixtures("no_modals")

GOOD = "correct horse battery"
ROOT = Path(__file__).resolve().parents[2]


def append_only_triggers() -> list[str]:
    """The names of the triggers that keep the trail append-only (from the migration)."""
    source = (ROOT / "migrations" / "versions" / "0009_audit_chain.py").read_text()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "TRIGGERS" for t in node.targets
        ):
            texts = ast.literal_eval(node.value)
            return [text.split()[2] for text in texts]
    raise AssertionError("no TRIGGERS in the audit chain migration")


@pytest.fixture
def manager(services: Services) -> Services:
    """A manager and an advocate; the advocate fails once, signs in, is refused the
    trail; then the manager signs in, adds, views and changes a person."""
    services.accounts.add("mgr", "Maria Garcia", "manager", GOOD)
    services.accounts.add("akhan", "Amir Khan", "advocate", GOOD)
    with pytest.raises(SignInRefused):
        services.accounts.sign_in("akhan", "not the password")
    services.accounts.sign_in("akhan", GOOD)
    with pytest.raises(NotPermitted):
        services.audit.events()
    services.accounts.sign_in("mgr", GOOD)
    person = services.people.create(PersonDetails("Jane", "Smith", date(1950, 1, 2)))
    services.people.get(person.id)
    services.people.update(person.id, PersonDetails("Janet", "Smith", date(1950, 1, 3)))
    return services


@pytest.fixture
def open_page(qtbot: QtBot) -> Callable[[Services], AuditPage]:
    opened: list[AuditPage] = []

    def open_(services: Services) -> AuditPage:
        page = AuditPage(services, DataBus(services))
        opened.append(page)
        qtbot.addWidget(page)
        page.resize(1100, 600)
        page.show()
        qtbot.waitExposed(page)
        return page

    return open_


def combo_texts(page: AuditPage, which: str) -> list[str]:
    combo = page.user_combo if which == "user" else page.action_combo
    return [combo.itemText(i) for i in range(combo.count())]


def test_the_events_show_newest_first_in_words(
    manager: Services, open_page: Callable[[Services], AuditPage]
) -> None:
    page = open_page(manager)
    rows = page.rows()
    assert [(user, action, record) for _when, user, action, record, _ in rows] == [
        ("mgr", "Changed", "person 1"),
        ("mgr", "Viewed", "person 1"),
        ("mgr", "Created", "person 1"),
        ("mgr", "Signed in", "account 1"),
        ("akhan", "Refused", "permission"),
        ("akhan", "Signed in", "account 2"),
        ("akhan", "Failed sign-in", "account 2"),
        ("tester", "Created", "account 2"),
        ("tester", "Created", "account 1"),
    ]
    details = {row[2]: row[4] for row in rows}
    assert details["Changed"] == (
        "date of birth: 02/01/1950 → 03/01/1950; given name: Jane → Janet"
    )
    assert details["Failed sign-in"] == "reason: wrong password"
    assert details["Refused"].startswith("what: read the audit trail; why: your role (Advocate)")
    when = rows[0][0]
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d", when)  # local, to the second
    assert page.count_label.text() == "9 events"
    assert combo_texts(page, "user") == [EVERYONE, "akhan", "mgr", "tester"]
    assert combo_texts(page, "action") == [
        ALL_ACTIONS,
        "Changed",
        "Created",
        "Failed sign-in",
        "Refused",
        "Signed in",
        "Viewed",
    ]
    # The action code and the event id are there for whoever needs them.
    model = page.model
    assert model.data(model.index(6, 2), Qt.ItemDataRole.ToolTipRole) == (
        "Failed sign-in (sign_in_failed)"
    )
    assert isinstance(model.data(model.index(0, 0), EVENT_ID_ROLE), int)


def test_filtering_by_user_action_and_date(
    manager: Services, open_page: Callable[[Services], AuditPage]
) -> None:
    page = open_page(manager)
    reads = page.reads

    page.set_user("akhan")
    assert page.reads == reads + 1
    assert [row[2] for row in page.rows()] == ["Refused", "Signed in", "Failed sign-in"]
    assert page.count_label.text() == "3 events"
    assert combo_texts(page, "action") == [ALL_ACTIONS, "Failed sign-in", "Refused", "Signed in"]

    # Choosing an action filters what was read, with no new read.
    page.set_action("sign_in_failed")
    assert page.reads == reads + 1
    assert [row[1:3] for row in page.rows()] == [("akhan", "Failed sign-in")]
    assert page.count_label.text() == "1 of 3 events"

    page.set_user(None)
    assert page.action() == "sign_in_failed"  # the action is kept
    assert page.count_label.text() == "1 of 9 events"

    page.set_action(None)
    page.set_action("create")
    assert [row[3] for row in page.rows()] == ["person 1", "account 2", "account 1"]

    # From a day on: tomorrow has nothing yet; today has everything.
    today = datetime.now(UTC).date()
    page.set_action(None)
    page.set_since(today + timedelta(days=1))
    assert page.from_date.isEnabled()
    assert page.rows() == []
    assert page.count_label.text() == "0 events"
    page.set_since(today)
    assert page.count_label.text() == "9 events"
    click(page.from_box)  # untick: any date
    assert page.since() is None
    assert not page.from_date.isEnabled()
    assert len(page.rows()) == 9


def test_an_action_chosen_stays_offered_when_none_of_it_is_read(
    manager: Services, open_page: Callable[[Services], AuditPage]
) -> None:
    page = open_page(manager)
    page.set_action("view")
    page.set_user("akhan")
    assert page.action() == "view"
    assert "Viewed" in combo_texts(page, "action")
    assert page.rows() == []
    assert page.count_label.text() == "0 of 3 events"


def test_the_check_says_the_trail_is_whole_then_finds_the_changed_event(
    manager: Services, db_path: Path, open_page: Callable[[Services], AuditPage]
) -> None:
    page = open_page(manager)
    verdicts: list[bool] = []
    page.verified.connect(verdicts.append)
    click(page.verify_button)
    assert page.verify_label.text() == "The trail is whole: 9 events, every link checked."
    assert page.verify_label.styleSheet() == theme.css(theme.SUCCESS)

    # Someone with the file drops the append-only triggers and rewrites an event.
    connection = sqlite3.connect(db_path)
    with connection:
        for trigger in append_only_triggers():
            connection.execute(f"DROP TRIGGER {trigger}")
        viewed = connection.execute(
            "SELECT id FROM audit_event WHERE action = 'view' ORDER BY id LIMIT 1"
        ).fetchone()[0]
        connection.execute(
            "UPDATE audit_event SET details = ? WHERE id = ?", ('{"ref": "P999999"}', viewed)
        )
    connection.close()

    click(page.verify_button)
    text = page.verify_label.text()
    assert text.startswith(f"The trail is broken at event {viewed} (Viewed, person, ")
    assert "its contents do not match its hash (it was changed)" in text
    assert f"The {viewed - 1} events before it are whole." in text
    assert page.verify_label.styleSheet() == theme.css(theme.ERROR)
    assert verdicts == [True, False]


def test_someone_who_may_not_read_the_trail_is_told_so(
    services: Services, open_page: Callable[[Services], AuditPage]
) -> None:
    services.accounts.add("akhan", "Amir Khan", "advocate", GOOD)
    services.accounts.sign_in("akhan", GOOD)
    page = open_page(services)
    assert page.problem.isVisible()
    assert "does not allow you to read the audit trail" in page.problem.text()
    assert page.rows() == []
    assert not page.verify()
    assert "cannot be checked" in page.verify_label.text()


# -- a long trail -----------------------------------------------------------------------


def test_a_long_trail_is_formatted_only_as_far_as_it_is_seen(
    qtbot: QtBot,
) -> None:
    start = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
    events = [
        EventRow(n, start + timedelta(seconds=n), "mgr", "view", "person", n, '{"ref": "P1"}')
        for n in range(60_000, 0, -1)
    ]
    model = AuditTableModel(max_rows=500)
    began = time.perf_counter()
    model.set_events(events)
    assert time.perf_counter() - began < 0.5
    assert model.rowCount() == 60_000
    # A view of it formats the rows on screen, not all of them.
    from PySide6.QtWidgets import QTableView

    from ui.widgets.views import read_only_table

    view = QTableView()
    qtbot.addWidget(view)
    read_only_table(view, fixed_rows=True)
    view.setModel(model)
    view.resize(900, 500)
    view.show()
    qtbot.waitExposed(view)
    view.scrollToBottom()
    qtbot.wait(10)
    assert 0 < model.rows_built < 1_000
    assert model.data(model.index(59_999, 3)) == "person 1"


# -- the words ----------------------------------------------------------------------------


def test_codes_records_and_details_read_as_words() -> None:
    assert action_words("sign_in") == "Signed in"
    assert action_words("sign_in_failed") == "Failed sign-in"
    assert action_words("export") == "Exported"
    assert action_words("frobnicate") == "frobnicate"  # unknown: as it is
    assert record_text("person", 12) == "person 12"
    assert record_text("monitoring_return", None) == "monitoring return"
    assert details_text('{"role": ["advocate", "manager"]}', "update") == (
        "role: advocate → manager"
    )
    assert details_text('{"active": [true, false]}', "update") == "active: yes → no"
    assert details_text('{"types": ["imca", "rpr"]}', "create") == "types: imca, rpr"
    assert details_text('{"first_administrator": true, "note": null}') == (
        "first administrator: yes; note: (none)"
    )
    assert details_text('{"outer": {"inner": 1}}') == "outer: {inner: 1}"
    assert details_text("{}") == ""
    assert details_text("not json") == "not json"
    moment = datetime(2026, 11, 25, 9, 14, 3, tzinfo=UTC)
    local = moment.astimezone().strftime("%d/%m/%Y %H:%M:%S")
    assert when_text(moment) == local
    assert when_text(moment.replace(tzinfo=None)) == local  # as SQLite gives it back
