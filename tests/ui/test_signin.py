"""Signing in to the window: the first administrator, the sign-in dialog, what each role
sees, and the idle lock that hides personal data and keeps unsaved input."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from advocacy_desk.app import Services, open_services
from advocacy_desk.demo import DEMO_PASSWORD, generate
from tests.conftest import TODAY
from ui import app as app_module
from ui.lock import IdleLock
from ui.main_window import MainWindow
from ui.signin import FirstAdministratorDialog, SignInDialog, sign_in
from ui.tasks import finish_background_work

ADVOCATE_PASSWORD = "an advocate's passphrase"


def test_first_run_asks_for_the_first_administrator(services: Services, qtbot: QtBot) -> None:
    dialog = FirstAdministratorDialog(services)
    qtbot.addWidget(dialog)
    dialog.username.setText("ada")
    dialog.full_name.setText("Ada Lovelace")
    dialog.password.setText("short")
    dialog.again.setText("short")
    dialog.create_button.click()
    assert "at least 12 characters" in dialog.errors.messages["password"]
    assert not services.accounts.has_accounts()
    dialog.password.setText("a good long passphrase")
    dialog.again.setText("a good long passphrase, not")
    dialog.create_button.click()
    assert dialog.errors.messages == {"again": "Password again: the two passwords differ."}
    dialog.again.setText("a good long passphrase")
    with qtbot.waitSignal(dialog.accepted):
        dialog.create_button.click()
    identity = services.access.identity
    assert identity is not None
    assert (identity.username, identity.role) == ("ada", "administrator")


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    path = tmp_path / "demo.sqlite"
    services = open_services(path, today=lambda: TODAY)
    generate(services, scale="small", seed=5, as_of=TODAY)
    advocate = next(s for s in services.staff.list() if s.role == "advocate")
    services.accounts.add(advocate.username, advocate.full_name, "advocate", ADVOCATE_PASSWORD)
    services.close()
    return path


@pytest.fixture
def opened(demo_db: Path) -> Iterator[Services]:
    services = open_services(demo_db, today=lambda: TODAY)
    yield services
    services.close()


def test_the_sign_in_dialog_says_what_went_wrong_and_lets_one_try_again(
    opened: Services, qtbot: QtBot
) -> None:
    dialog = SignInDialog(opened)
    qtbot.addWidget(dialog)
    hint = dialog.findChild(QWidget, "demoAccountsHint")
    assert hint is not None
    assert DEMO_PASSWORD in hint.text()  # type: ignore[attr-defined]
    for name in ("demo", "demo-admin", "demo-advocate", "demo-coordinator", "demo-viewer"):
        assert f"<b>{name}</b>" in hint.text()  # type: ignore[attr-defined]
    assert dialog.username.text() == "demo"
    dialog.password.setText("not the password")
    dialog.sign_in_button.click()
    assert "user name or password is not right" in dialog.errors.general.text()
    assert dialog.password.text() == ""
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert _role(opened) is None
    dialog.password.setText(DEMO_PASSWORD)
    with qtbot.waitSignal(dialog.accepted):
        dialog.sign_in_button.click()
    assert _role(opened) == "manager"


def _role(services: Services) -> str | None:
    identity = services.access.identity
    return None if identity is None else identity.role


def test_sign_in_shows_the_sign_in_dialog_only_when_needed(
    opened: Services, services: Services
) -> None:
    shown: list[str] = []

    def run(dialog: QDialog) -> int:
        shown.append(type(dialog).__name__)
        return QDialog.DialogCode.Rejected.value

    assert not sign_in(opened, None, run)  # quit at sign-in
    assert not sign_in(services, None, run)  # a database with no accounts: first admin
    assert shown == ["SignInDialog", "FirstAdministratorDialog"]
    opened.accounts.sign_in("demo", DEMO_PASSWORD)
    assert sign_in(opened, None, run)
    assert len(shown) == 2


def _visible_sections(window: MainWindow) -> list[str]:
    nav = window.navigation
    return [nav.item(i).text() for i in range(nav.count()) if not nav.item(i).isHidden()]


def test_each_role_sees_its_own_sections(opened: Services, qtbot: QtBot) -> None:
    advocate = _advocate_name(opened)
    opened.accounts.sign_in(advocate, ADVOCATE_PASSWORD)
    window = MainWindow(opened)
    qtbot.addWidget(window)
    window.auto_backup_interval_ms = 3_600_000
    assert _visible_sections(window) == ["People", "Waiting list", "Casework", "Diary", "Settings"]
    assert not window.import_action.isEnabled()
    assert "signed in as" in window.statusBar().currentMessage()
    own = {row.person_id for row in opened.casework.caseload()}  # their open cases
    listed = set(opened.people.search_ids())  # and the people of their closed ones
    assert own
    assert own <= listed
    assert window.people_page.model.rowCount() == len(listed) < 100  # of 200 people
    assert not window.people_page.new_person_button.isVisibleTo(window)
    assert not window.people_page.subject_access_button.isVisibleTo(window)
    window.show_section("settings")
    assert window.settings_page.tab_keys == ["database", "organisation", "about"]
    assert not window.settings_page.provider_name.isEnabled()


def _advocate_name(services: Services) -> str:
    services.accounts.sign_in("demo", DEMO_PASSWORD)
    name = next(s.username for s in services.staff.list() if s.role == "advocate")
    services.accounts.sign_out()
    return name


def test_the_manager_and_the_administrator_see_theirs(demo_db: Path, qtbot: QtBot) -> None:
    seen = {}
    for who in ("demo", "demo-admin"):
        services = open_services(demo_db, today=lambda: TODAY)
        services.accounts.sign_in(who, DEMO_PASSWORD)
        window = MainWindow(services)
        qtbot.addWidget(window)
        window.auto_backup_interval_ms = 3_600_000
        window.show_section("settings")
        seen[who] = (_visible_sections(window), window.settings_page.tab_keys)
        window.close()
        finish_background_work()
        services.close()
    assert seen["demo"][0] == [
        "People", "Waiting list", "Casework", "Diary", "Citizen advocacy", "Returns", "Planning",
        "Audit trail", "Data protection", "Settings",
    ]  # fmt: skip
    assert "accounts" not in seen["demo"][1]
    assert "backups" not in seen["demo"][1]
    assert seen["demo-admin"][0] == ["Settings"]
    assert seen["demo-admin"][1] == [
        "database", "organisation", "accounts", "backups", "advocates", "contracts", "letters",
        "about",
    ]  # fmt: skip


def test_the_idle_lock_hides_the_window_and_keeps_what_was_typed(
    opened: Services, qtbot: QtBot
) -> None:
    opened.accounts.sign_in("demo", DEMO_PASSWORD)
    window = MainWindow(opened)
    qtbot.addWidget(window)
    window.auto_backup_interval_ms = 3_600_000
    window.show()
    qtbot.waitExposed(window)
    lock = window.idle_lock
    assert isinstance(lock, IdleLock)
    assert lock.timer.interval() == 5 * 60_000  # the default
    draft = QDialog(window)
    note = QLineEdit(draft)
    note.setText("Half-written note about Mrs B")
    draft.show()
    qtbot.waitExposed(draft)
    lock.timer.setInterval(50)
    lock.timer.start()
    qtbot.waitUntil(lambda: _locked(lock), timeout=3_000)
    covers = lock.covers
    assert {c.parentWidget() for c in covers} == {window, draft}
    for cover in covers:
        parent = cover.parentWidget()
        assert parent is not None
        assert cover.isVisible()
        assert cover.geometry() == parent.rect()
    cover = covers[0]
    cover.password.setText("wrong password")
    cover.button.click()
    assert _locked(lock)
    assert "not right" in cover.error.text()
    covers[1].password.setText(DEMO_PASSWORD)  # the dialog's own field works too
    covers[1].password.returnPressed.emit()
    assert not _locked(lock)
    assert note.text() == "Half-written note about Mrs B"
    assert draft.isVisible()
    manager_events = opened.audit.events(user="demo")
    assert [e.action for e in manager_events][-2:] == ["sign_in_failed", "sign_in"]
    draft.close()


def test_the_administrator_sets_the_lock_minutes(demo_db: Path, qtbot: QtBot) -> None:
    services = open_services(demo_db, today=lambda: TODAY)
    try:
        services.accounts.sign_in("demo-admin", DEMO_PASSWORD)
        window = MainWindow(services)
        qtbot.addWidget(window)
        window.auto_backup_interval_ms = 3_600_000
        window.show_section("settings")
        page = window.settings_page
        page.lock_minutes.setValue(15)
        page.findChild(QWidget, "saveLockMinutes").click()  # type: ignore[union-attr]
        assert window.idle_lock is not None
        assert window.idle_lock.timer.interval() == 15 * 60_000
        assert page.lock_minutes.maximum() == 15
        window.close()
        finish_background_work()
    finally:
        services.close()
    again = open_services(demo_db, today=lambda: TODAY)
    try:
        again.accounts.sign_in("demo", DEMO_PASSWORD)
        changes = [e.details for e in again.audit.events(action="update") if e.entity == "setting"]
        assert any('"lock_after_minutes"' in c and '"15"' in c for c in changes)
    finally:
        again.close()
    QApplication.processEvents()


def _locked(lock: IdleLock) -> bool:
    return lock.is_locked


@pytest.mark.parametrize("role", ["manager", "administrator", "advocate", "volunteer_coordinator",
                                  "read_only"])  # fmt: skip
def test_every_role_browses_its_sections_without_a_single_refusal(
    demo_db: Path, qtbot: QtBot, role: str
) -> None:
    """The window shows each role only what it may use: opening every section and tab
    it shows never makes the services refuse (which would be audited as "refused")."""
    services = open_services(demo_db, today=lambda: TODAY)
    try:
        if role in {"manager", "administrator"}:
            services.accounts.sign_in("demo" if role == "manager" else "demo-admin", DEMO_PASSWORD)
        else:
            name = _advocate_name(services) if role == "advocate" else role
            if role != "advocate":
                services.accounts.sign_in("demo-admin", DEMO_PASSWORD)
                services.accounts.add(name, f"{role} user", role, ADVOCATE_PASSWORD)
            services.accounts.sign_in(name, ADVOCATE_PASSWORD)
        window = MainWindow(services)
        qtbot.addWidget(window)
        window.auto_backup_interval_ms = 3_600_000
        window.resize(1200, 760)
        window.show()
        qtbot.waitExposed(window)
        nav = window.navigation
        for row in range(nav.count()):
            if nav.item(row).isHidden():
                continue
            nav.setCurrentRow(row)
            page = window.pages.currentWidget()
            assert page is not None
            for tabs in [page, *page.findChildren(QTabWidget)]:
                if isinstance(tabs, QTabWidget):
                    for index in range(tabs.count()):
                        tabs.setCurrentIndex(index)
                        QApplication.processEvents()
            QApplication.processEvents()
        if not nav.item(0).isHidden():  # a person's record: referrals, cases, buttons
            window.show_section("people")
            window.people_page.table.selectRow(0)
            QApplication.processEvents()
        finish_background_work()
        window.close()
        finish_background_work()
    finally:
        services.close()
    reader = open_services(demo_db, today=lambda: TODAY)
    try:
        reader.accounts.sign_in("demo", DEMO_PASSWORD)
        refused = [e.details for e in reader.audit.events(action="refused")]
    finally:
        reader.close()
    assert refused == []


def test_the_app_asks_who_is_signing_in_before_showing_any_data(
    demo_db: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.main_window

    asked: list[str] = []

    def sign_in_as_demo(dialog: QDialog) -> int:
        asked.append(type(dialog).__name__)
        assert isinstance(dialog, SignInDialog)
        dialog.password.setText(DEMO_PASSWORD)
        dialog.sign_in_button.click()
        return dialog.result()

    monkeypatch.setattr(ui.main_window, "run_modal", sign_in_as_demo)
    window = app_module.launch(str(demo_db))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=15_000):
        pass
    try:
        assert asked == ["SignInDialog"]
        assert window.services is not None
        identity = window.services.access.identity
        assert identity is not None
        assert identity.username == "demo"
        assert window.people_page.model.rowCount() == 200
    finally:
        finish_background_work()
        window.close()
        finish_background_work()
        if window.services is not None:
            window.services.close()


def test_quitting_at_sign_in_ends_the_app_and_shows_nothing(
    demo_db: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    exits: list[int] = []
    monkeypatch.setattr(QApplication, "exit", lambda code=0: exits.append(code))
    window = app_module.launch(str(demo_db), signing_in=lambda _services, _window: False)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(exits), timeout=15_000)
    assert exits == [0]
    assert window.services is None
