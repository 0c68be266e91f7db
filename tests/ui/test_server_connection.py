"""Connecting to the organisation's server as a person would: the "Connect to a server"
dialog, the third choice on the welcome screen, and the Shared server group in
Settings > Database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

from advocacy_desk import paths
from advocacy_desk.app import Services
from advocacy_desk.services.settings import WELCOMED
from tests.ui.conftest import press, type_into
from ui import app as app_module
from ui.bus import DataBus
from ui.server_dialog import ServerDialog
from ui.settings.page import SettingsPage
from ui.welcome import WelcomeAnswer, WelcomeChoice, WelcomeDialog
from ui.widgets import theme

#: How long a test waits for "Test connection" (the check itself gives up after 5 s).
TEST_TIMEOUT_MS = 15_000

UNREACHABLE = "postgresql+psycopg://nobody@127.0.0.1:1/none"
WITH_PASSWORD = "postgresql+psycopg://advocacy:secret@db.example.org/advocacy"


@pytest.fixture(autouse=True)
def forget_the_server() -> Iterator[None]:
    """Each test starts and ends with this computer opening its own file."""
    paths.remember_location(None)
    yield
    QThreadPool.globalInstance().waitForDone()
    paths.remember_location(None)


@pytest.fixture
def needs_postgres(on_postgres: bool) -> None:
    if not on_postgres:
        pytest.skip("needs PostgreSQL")


@pytest.fixture
def open_dialog(qtbot: QtBot) -> Callable[[str], ServerDialog]:
    def open_(address: str) -> ServerDialog:
        dialog = ServerDialog(address=address)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return open_


def pressed_test(qtbot: QtBot, dialog: ServerDialog) -> str:
    """Press "Test connection", wait for the answer, and give what the person reads."""
    dialog.test_button.click()
    assert dialog.test_button.text() == "Testing…"
    assert not dialog.test_button.isEnabled()
    qtbot.waitUntil(dialog.test_button.isEnabled, timeout=TEST_TIMEOUT_MS)
    assert dialog.test_button.text() == "Test connection"
    assert dialog.outcome.isVisible()
    return dialog.outcome.text()


# The dialog


def test_the_dialog_explains_and_shows_an_example_address(
    open_dialog: Callable[[str], ServerDialog],
) -> None:
    dialog = open_dialog("")
    assert dialog.windowTitle() == "Connect to a server"
    assert dialog.address.accessibleName() == "Server address"
    assert dialog.address.placeholderText().startswith("postgresql+psycopg://")
    assert dialog.outcome.accessibleName() == "Connection result"
    assert not dialog.outcome.isVisible()
    assert not dialog.use_button.isEnabled()


def test_the_dialog_starts_with_the_remembered_server(qtbot: QtBot) -> None:
    paths.remember_location(WITH_PASSWORD)
    dialog = ServerDialog()
    qtbot.addWidget(dialog)
    assert dialog.address.text() == WITH_PASSWORD


def test_an_address_that_is_not_a_url_says_how_to_write_it(
    qtbot: QtBot, open_dialog: Callable[[str], ServerDialog]
) -> None:
    dialog = open_dialog("")
    type_into(dialog.address, "server.example.org")
    press(dialog.address, Qt.Key.Key_Return)  # Enter in the address tests it
    qtbot.waitUntil(lambda: dialog.outcome.isVisible(), timeout=TEST_TIMEOUT_MS)
    qtbot.waitUntil(dialog.test_button.isEnabled, timeout=TEST_TIMEOUT_MS)
    assert dialog.outcome.text().startswith("Server address:")
    assert "postgresql+psycopg://" in dialog.outcome.text()
    assert dialog.outcome.styleSheet() == theme.css(theme.ERROR)  # in red
    assert not dialog.use_button.isEnabled()
    assert dialog.location is None


def test_an_unreachable_server_says_it_cannot_be_reached(
    qtbot: QtBot, open_dialog: Callable[[str], ServerDialog]
) -> None:
    dialog = open_dialog(UNREACHABLE)
    shown = pressed_test(qtbot, dialog)
    assert "cannot reach" in shown.lower()
    assert "127.0.0.1:1" in shown
    assert not dialog.use_button.isEnabled()
    assert paths.remembered_location() is None


def test_cancel_remembers_nothing(open_dialog: Callable[[str], ServerDialog]) -> None:
    dialog = open_dialog(UNREACHABLE)
    dialog.cancel_button.click()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.location is None
    assert paths.remembered_location() is None


@pytest.mark.usefixtures("needs_postgres", "services")
def test_a_good_server_can_be_used_and_is_remembered(
    qtbot: QtBot, open_dialog: Callable[[str], ServerDialog], database: str
) -> None:
    dialog = open_dialog(database)
    shown = pressed_test(qtbot, dialog)
    assert shown.startswith("Connected to PostgreSQL")
    assert "holds Advocacy Desk's records" in shown
    assert dialog.outcome.styleSheet() == theme.css(theme.SUCCESS)  # in green
    assert dialog.use_button.isEnabled()
    assert dialog.use_button.isDefault()  # Enter now uses it
    dialog.use_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.location == database
    assert paths.remembered_location() == database


@pytest.mark.usefixtures("needs_postgres", "services")
def test_editing_the_address_after_a_good_test_asks_for_a_new_test(
    qtbot: QtBot, open_dialog: Callable[[str], ServerDialog], database: str
) -> None:
    dialog = open_dialog(database)
    pressed_test(qtbot, dialog)
    assert dialog.use_button.isEnabled()
    type_into(dialog.address, "x")
    assert not dialog.use_button.isEnabled()
    assert dialog.test_button.isDefault()
    dialog.use_button.click()  # disabled: does nothing
    assert paths.remembered_location() is None
    press(dialog.address, Qt.Key.Key_Backspace)  # the tested address again
    assert dialog.use_button.isEnabled()


# The welcome screen


def fake_server_dialog(
    monkeypatch: pytest.MonkeyPatch, qtbot: QtBot, address: str | None
) -> list[str]:
    """``ServerDialog.exec`` as a person would use it: type ``address``, test it and use
    it; with None, cancel."""
    opened: list[str] = []

    def exec_(dialog: ServerDialog) -> int:
        opened.append(dialog.windowTitle())
        dialog.show()
        if address is None:
            dialog.cancel_button.click()
            return int(QDialog.DialogCode.Rejected)
        dialog.address.setText(address)
        pressed_test(qtbot, dialog)
        dialog.use_button.click()
        return dialog.result()

    monkeypatch.setattr(ServerDialog, "exec", exec_)
    return opened


def test_the_welcome_offers_the_server_as_a_third_choice(qtbot: QtBot) -> None:
    dialog = WelcomeDialog("/data/advocacy.sqlite")
    qtbot.addWidget(dialog)
    assert dialog.server_button.text() == "Connect to your organisation's server…"


def test_cancelling_the_server_dialog_goes_back_to_the_welcome(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    opened = fake_server_dialog(monkeypatch, qtbot, None)
    seen: list[bool] = []

    def ask(services: Services) -> WelcomeAnswer:
        welcome = WelcomeDialog(services.location)
        qtbot.addWidget(welcome)
        welcome.show()
        welcome.server_button.click()
        seen.append(welcome.isVisible())  # still there to choose from
        welcome.empty_button.click()
        return welcome.answer

    services = app_module.open_for_start(str(tmp_path / "first.sqlite"), ask)
    try:
        assert opened == ["Connect to a server"]
        assert seen == [True]
        assert services.url.get_backend_name() == "sqlite"
        assert services.settings.get(WELCOMED) == "yes"
    finally:
        services.close()
    assert paths.remembered_location() is None


@pytest.mark.usefixtures("needs_postgres", "services")
def test_choosing_the_server_on_the_welcome_opens_it(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, database: str
) -> None:
    fake_server_dialog(monkeypatch, qtbot, database)
    answers: list[WelcomeAnswer] = []

    def ask(services: Services) -> WelcomeAnswer:
        welcome = WelcomeDialog(services.location)
        qtbot.addWidget(welcome)
        welcome.show()
        welcome.server_button.click()
        assert not welcome.isVisible()  # connected: the welcome has closed
        answers.append(welcome.answer)
        return welcome.answer

    services = app_module.open_for_start(str(tmp_path / "first.sqlite"), ask)
    try:
        assert answers == [WelcomeAnswer(WelcomeChoice.SERVER, database)]
        assert services.url.get_backend_name() == "postgresql"
        assert services.url.database == make_url(database).database
        assert services.settings.get(WELCOMED) == "yes"  # not asked again there
    finally:
        services.close()
    assert paths.remembered_location() == database


# Settings > Database


@pytest.fixture
def open_settings(services: Services, qtbot: QtBot) -> Callable[[], SettingsPage]:
    opened: list[SettingsPage] = []

    def open_() -> SettingsPage:
        page = SettingsPage(services, False, DataBus(services))
        opened.append(page)
        qtbot.addWidget(page)
        page.resize(1020, 720)
        page.show_tab("database")
        page.show()
        qtbot.waitExposed(page)
        return page

    return open_


def test_settings_says_this_computer_opens_its_own_file_by_default(
    open_settings: Callable[[], SettingsPage],
) -> None:
    page = open_settings()
    assert page.server_group is not None
    assert page.server_group.isVisible()
    assert page.server_group.title() == "Shared server"
    assert "this computer's own file" in page.next_start.text()
    assert not page.own_file_button.isVisible()
    assert not page.server_note.isVisible()


def test_settings_shows_the_remembered_server_without_its_password(
    open_settings: Callable[[], SettingsPage],
) -> None:
    paths.remember_location(WITH_PASSWORD)
    page = open_settings()
    shown = page.next_start.text()
    assert "db.example.org" in shown
    assert "secret" not in shown
    assert page.own_file_button.isVisible()
    page.own_file_button.click()
    assert paths.remembered_location() is None
    assert "this computer's own file" in page.next_start.text()
    assert not page.own_file_button.isVisible()
    assert "from its next start" in page.server_note.text()


def test_connecting_from_settings_switches_at_the_next_start(
    open_settings: Callable[[], SettingsPage], monkeypatch: pytest.MonkeyPatch
) -> None:
    def exec_(dialog: ServerDialog) -> int:  # a server that passed its test, used
        dialog.location = WITH_PASSWORD
        paths.remember_location(WITH_PASSWORD)
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(ServerDialog, "exec", exec_)
    page = open_settings()
    page.connect_server_button.click()
    assert paths.remembered_location() == WITH_PASSWORD
    for label in (page.next_start, page.server_note):
        assert "db.example.org" in label.text()
        assert "secret" not in label.text()
    assert page.server_note.isVisible()
    assert "close it and open it again to switch" in page.server_note.text()
    assert page.own_file_button.isVisible()


def test_cancelling_from_settings_changes_nothing(
    open_settings: Callable[[], SettingsPage], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ServerDialog, "exec", lambda _dialog: int(QDialog.DialogCode.Rejected))
    page = open_settings()
    page.connect_server_button.click()
    assert paths.remembered_location() is None
    assert "this computer's own file" in page.next_start.text()
    assert not page.server_note.isVisible()


def test_on_a_file_there_is_no_server_to_test(
    open_settings: Callable[[], SettingsPage], on_postgres: bool
) -> None:
    if on_postgres:
        pytest.skip("about a database file")
    assert open_settings().test_current_button is None


@pytest.mark.usefixtures("needs_postgres")
def test_settings_tests_the_server_open_now(
    open_settings: Callable[[], SettingsPage], qtbot: QtBot
) -> None:
    page = open_settings()
    button = page.test_current_button
    assert button is not None
    assert button.isVisible()
    button.click()
    assert button.text() == "Testing…"
    qtbot.waitUntil(button.isEnabled, timeout=TEST_TIMEOUT_MS)
    assert "holds Advocacy Desk's records" in page.current_result.text()
    assert page.current_result.isVisible()


def test_only_those_who_change_settings_see_the_shared_server(
    services: Services, qtbot: QtBot
) -> None:
    services.accounts.add("admin1", "Ada Admin", "administrator", "correct horse battery")
    services.accounts.add("akhan", "Amir Khan", "advocate", "purple lantern meadow")
    services.accounts.sign_in("akhan", "purple lantern meadow")
    page = SettingsPage(services, False, DataBus(services))
    qtbot.addWidget(page)
    assert page.server_group is None
