"""Settings > Accounts as an administrator meets it, and changing one's own password.

Each account costs an Argon2 hash (about 0.1 s), so the tests add few of them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from advocacy_desk.app import Services
from advocacy_desk.domain.changes import Changes
from advocacy_desk.services.accounts import SignInRefused
from tests.ui.conftest import click, kinds, type_into
from ui.accounts import (
    AccountsEditor,
    AddAccountDialog,
    ChangePasswordDialog,
    ChangeRoleDialog,
    SetPasswordDialog,
)
from ui.accounts.editor import NO_PASSWORD, status_text
from ui.bus import DataBus

pytestmark = pytest.mark.usefixtures("no_modals")

GOOD = "correct horse battery"
NEW = "purple lantern meadow"


@pytest.fixture
def admin(services: Services) -> Services:
    """An administrator, signed in (the database is closed from then on)."""
    services.accounts.add("admin1", "Ada Admin", "administrator", GOOD)
    services.accounts.sign_in("admin1", GOOD)
    return services


@pytest.fixture
def open_editor(qtbot: QtBot) -> Callable[..., AccountsEditor]:
    opened: list[AccountsEditor] = []

    def open_(services: Services, bus: DataBus | None = None) -> AccountsEditor:
        editor = AccountsEditor(services, bus=bus or DataBus(services))
        opened.append(editor)
        qtbot.addWidget(editor)
        editor.resize(1100, 600)
        editor.show()
        qtbot.waitExposed(editor)
        return editor

    return open_


def replace(box: QLineEdit, text: str) -> None:
    box.clear()
    type_into(box, text)


def lock(db_path: Path, username: str, minutes: int = 12) -> datetime:
    """Lock an account as ten wrong passwords would (without ten Argon2 checks)."""
    until = datetime.now(UTC) + timedelta(minutes=minutes)
    with sqlite3.connect(db_path) as connection:
        connection.execute(
            "UPDATE staff_user SET locked_until = ? WHERE username = ?",
            (until.replace(tzinfo=None).isoformat(sep=" "), username),
        )
    connection.close()
    return until


def row_of(editor: AccountsEditor, username: str) -> tuple[str, ...]:
    return next(row for row in editor.rows() if row[0] == username)


# -- the table ------------------------------------------------------------------------


def test_the_table_says_who_can_sign_in_and_why_not(
    services: Services, db_path: Path, open_editor: Callable[..., AccountsEditor]
) -> None:
    services.accounts.add("akhan", "Amir Khan", "advocate", GOOD)
    services.accounts.add("jsmith", "Jane Smith", "read_only", GOOD)
    services.staff.add("onowak", "Tomasz Nowak")  # brought in without a password
    admin = services.accounts.add("admin1", "Ada Admin", "administrator", GOOD)
    services.accounts.sign_in("admin1", GOOD)
    services.accounts.set_active("jsmith", False)
    until = lock(db_path, "akhan")

    editor = open_editor(services)

    signed_in = services.accounts.accounts()[0].last_sign_in_at
    assert signed_in is not None
    local = signed_in.replace(tzinfo=UTC).astimezone()
    assert editor.rows() == [
        ("admin1", "Ada Admin", "Administrator", "Active", f"{local:%d/%m/%Y %H:%M}"),
        ("akhan", "Amir Khan", "Advocate", f"Locked until {until.astimezone():%H:%M}", "Never"),
        ("jsmith", "Jane Smith", "Read-only", "Switched off", "Never"),
        ("onowak", "Tomasz Nowak", "Advocate", NO_PASSWORD, "Never"),
    ]
    assert editor.count_label.text() == "4 accounts, 1 can sign in"
    assert admin.username == "admin1"

    # Nothing chosen: only Add applies.
    assert editor.add_button.isEnabled()
    for button in (
        editor.password_button,
        editor.role_button,
        editor.active_button,
        editor.unlock_button,
    ):
        assert not button.isEnabled()

    editor.select("akhan")
    assert editor.unlock_button.isEnabled()
    assert editor.active_button.text() == "Switch off"
    assert editor.active_button.isEnabled()
    assert editor.password_button.isEnabled()
    assert editor.role_button.isEnabled()

    editor.select("jsmith")
    assert editor.active_button.text() == "Switch on"
    assert not editor.unlock_button.isEnabled()

    # One's own account cannot be switched off from here.
    editor.select("admin1")
    assert editor.active_button.text() == "Switch off"
    assert not editor.active_button.isEnabled()


def test_a_lock_that_has_run_out_shows_as_active(
    admin: Services, db_path: Path, open_editor: Callable[..., AccountsEditor]
) -> None:
    lock(db_path, "admin1", minutes=-1)
    editor = open_editor(admin)
    account = editor.accounts[0]
    assert account.locked_until is not None
    assert status_text(account, datetime.now(UTC)) == "Active"
    editor.select("admin1")
    assert not editor.unlock_button.isEnabled()


# -- adding ---------------------------------------------------------------------------


def test_adding_an_account_shows_each_problem_next_to_its_field(
    admin: Services, open_editor: Callable[..., AccountsEditor], qtbot: QtBot
) -> None:
    editor = open_editor(admin)
    seen: list[dict[str, str]] = []

    def fill_in(opened: QDialog) -> int:
        assert isinstance(opened, AddAccountDialog)
        dialog = opened
        dialog.show()
        qtbot.waitExposed(dialog)
        # The two passwords differ: said under the second; the service is not asked.
        type_into(dialog.username, "ADMIN1")
        type_into(dialog.full_name, "Someone  Else")
        type_into(dialog.password, GOOD)
        type_into(dialog.password_again, GOOD + "x")
        click(dialog.save_button)
        seen.append(dialog.errors.messages)
        # Too short, and the name is taken: both from the service, by field.
        replace(dialog.password, "short")
        replace(dialog.password_again, "short")
        click(dialog.save_button)
        seen.append(dialog.errors.messages)
        # A common password, and a free name.
        replace(dialog.username, "mgarcia")
        replace(dialog.password, "password12345")
        replace(dialog.password_again, "password12345")
        click(dialog.save_button)
        seen.append(dialog.errors.messages)
        assert dialog.result() == 0
        # Now right.
        dialog.role.set_code("manager")
        replace(dialog.password, NEW)
        replace(dialog.password_again, NEW)
        click(dialog.save_button)
        seen.append(dialog.errors.messages)
        return dialog.result()

    editor.run_modal = fill_in
    click(editor.add_button)

    mismatch, short, common, done = seen
    assert set(mismatch) == {"password_again"}
    assert "not the same" in mismatch["password_again"]
    assert set(short) == {"username", "password"}
    assert "admin1 is already taken" in short["username"]
    assert "at least 12 characters" in short["password"]
    assert set(common) == {"password"}
    assert "most common passwords" in common["password"]
    assert done == {}

    assert row_of(editor, "mgarcia") == ("mgarcia", "Someone Else", "Manager", "Active", "Never")
    assert editor.selected_username() == "mgarcia"
    assert "Added Someone Else (mgarcia), manager" in editor.status.text()
    assert editor.active_button.isEnabled()
    assert admin.accounts.sign_in("mgarcia", NEW).role == "manager"


def test_a_cancelled_add_changes_nothing(
    admin: Services, open_editor: Callable[..., AccountsEditor]
) -> None:
    editor = open_editor(admin)
    editor.select("admin1")
    editor.run_modal = lambda dialog: QDialog.DialogCode.Rejected.value
    assert editor.add_account() is None
    assert [row[0] for row in editor.rows()] == ["admin1"]
    assert editor.selected_username() == "admin1"


# -- passwords, roles, switching off, unlocking ----------------------------------------


def test_setting_a_password_checks_it_and_lifts_a_lock(
    services: Services,
    db_path: Path,
    open_editor: Callable[..., AccountsEditor],
    qtbot: QtBot,
) -> None:
    services.staff.add("onowak", "Tomasz Nowak")
    services.accounts.add("admin1", "Ada Admin", "administrator", GOOD)
    services.accounts.sign_in("admin1", GOOD)
    editor = open_editor(services)
    editor.select("onowak")
    seen: list[dict[str, str]] = []

    def fill_in(opened: QDialog) -> int:
        assert isinstance(opened, SetPasswordDialog)
        opened.show()
        qtbot.waitExposed(opened)
        assert opened.windowTitle() == "Set a password for Tomasz Nowak"
        type_into(opened.password, "onowak-is-my-name")
        type_into(opened.password_again, "onowak-is-my-name")
        click(opened.save_button)
        seen.append(opened.errors.messages)
        replace(opened.password, NEW)
        replace(opened.password_again, "")
        click(opened.save_button)
        seen.append(opened.errors.messages)
        type_into(opened.password_again, NEW)
        click(opened.save_button)
        return opened.result()

    editor.run_modal = fill_in
    click(editor.password_button)

    assert seen[0] == {"password": "Password: it must not contain the user name."}
    assert set(seen[1]) == {"password_again"}
    assert row_of(editor, "onowak")[3] == "Active"
    assert editor.selected_username() == "onowak"
    assert editor.status.text() == "New password saved for Tomasz Nowak."

    # A new password also lifts a lock.
    lock(db_path, "onowak")
    editor.refresh()
    assert row_of(editor, "onowak")[3].startswith("Locked until")

    def set_it(opened: QDialog) -> int:
        assert isinstance(opened, SetPasswordDialog)
        opened.password.setText(GOOD)
        opened.password_again.setText(GOOD)
        opened.save()
        return opened.result()

    editor.run_modal = set_it
    click(editor.password_button)
    assert row_of(editor, "onowak")[3] == "Active"


def test_the_last_administrator_keeps_the_role(
    admin: Services, open_editor: Callable[..., AccountsEditor], qtbot: QtBot
) -> None:
    admin.accounts.add("akhan", "Amir Khan", "advocate", GOOD)
    editor = open_editor(admin)
    editor.select("admin1")
    refused: list[str] = []

    def demote(opened: QDialog) -> int:
        assert isinstance(opened, ChangeRoleDialog)
        opened.show()
        qtbot.waitExposed(opened)
        assert opened.role.code() == "administrator"
        opened.role.set_code("manager")
        click(opened.save_button)
        refused.append(opened.errors.label("role").text())
        assert opened.errors.label("role").isVisible()
        return opened.result()

    editor.run_modal = demote
    click(editor.role_button)
    assert "admin1 is the only administrator" in refused[0]
    assert row_of(editor, "admin1")[2] == "Administrator"
    assert editor.status.text() == ""

    # Someone else's role changes.
    def promote(opened: QDialog) -> int:
        assert isinstance(opened, ChangeRoleDialog)
        opened.role.set_code("manager")
        opened.save()
        return opened.result()

    editor.select("akhan")
    editor.run_modal = promote
    click(editor.role_button)
    assert row_of(editor, "akhan")[2] == "Manager"
    assert editor.selected_username() == "akhan"
    assert "Amir Khan is now manager" in editor.status.text()


def test_switching_off_asks_first_and_keeps_an_administrator(
    services: Services, open_editor: Callable[..., AccountsEditor], bus: DataBus
) -> None:
    services.accounts.add("admin1", "Ada Admin", "administrator", GOOD)
    services.accounts.add("akhan", "Amir Khan", "advocate", GOOD)
    # Still the open database's user ("tester"), so admin1 is not "you" here.
    editor = open_editor(services, bus)
    changes: list[Changes] = []
    bus.changed.connect(changes.append)
    questions: list[str] = []
    answer = False

    def ask(title: str, question: str) -> bool:
        questions.append(title)
        return answer

    editor.ask = ask
    editor.select("akhan")
    click(editor.active_button)
    assert questions == ["Switch off Amir Khan?"]
    assert row_of(editor, "akhan")[3] == "Active"  # said no: nothing changed
    assert kinds(changes) == set()

    answer = True
    click(editor.active_button)
    assert row_of(editor, "akhan")[3] == "Switched off"
    assert editor.active_button.text() == "Switch on"
    assert editor.selected_username() == "akhan"
    assert "staff_user" in kinds(changes)
    with pytest.raises(SignInRefused, match="switched off"):
        services.accounts.sign_in("akhan", GOOD)

    click(editor.active_button)  # switching on asks nothing
    assert questions == ["Switch off Amir Khan?"] * 2
    assert row_of(editor, "akhan")[3] == "Active"
    assert editor.active_button.text() == "Switch off"

    # The only administrator cannot be switched off: said under the buttons.
    editor.select("admin1")
    click(editor.active_button)
    assert editor.error.isVisible()
    assert "admin1 is the only administrator" in editor.error.text()
    assert row_of(editor, "admin1")[3] == "Active"
    assert editor.status.text() == ""


def test_unlocking_lets_a_locked_account_in(
    admin: Services, db_path: Path, open_editor: Callable[..., AccountsEditor]
) -> None:
    admin.accounts.add("akhan", "Amir Khan", "advocate", GOOD)
    lock(db_path, "akhan")
    editor = open_editor(admin)
    editor.select("akhan")
    assert editor.unlock_button.isEnabled()
    click(editor.unlock_button)
    assert row_of(editor, "akhan")[3] == "Active"
    assert not editor.unlock_button.isEnabled()
    assert editor.status.text() == "Amir Khan can try to sign in again now."


def test_staff_added_elsewhere_appear_when_the_bus_says_so(
    admin: Services, open_editor: Callable[..., AccountsEditor], bus: DataBus
) -> None:
    editor = open_editor(admin, bus)
    editor.select("admin1")
    admin.staff.add("onowak", "Tomasz Nowak")
    assert row_of(editor, "onowak")[3] == NO_PASSWORD
    assert editor.selected_username() == "admin1"


def test_someone_who_may_not_manage_accounts_sees_why_not(
    services: Services, open_editor: Callable[..., AccountsEditor]
) -> None:
    services.accounts.add("admin1", "Ada Admin", "administrator", GOOD)
    services.accounts.add("akhan", "Amir Khan", "advocate", GOOD)
    services.accounts.sign_in("akhan", GOOD)
    editor = open_editor(services)
    editor.ask = lambda title, question: True
    editor.select("admin1")
    click(editor.active_button)
    assert "your role (Advocate) does not allow you to switch accounts" in editor.error.text()
    assert row_of(editor, "admin1")[3] == "Active"


# -- one's own password ---------------------------------------------------------------


def test_changing_ones_own_password(admin: Services, qtbot: QtBot) -> None:
    dialog = ChangePasswordDialog(admin)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert "signed in as Ada Admin (admin1)" in dialog.intro.text()

    type_into(dialog.current, "not my password")
    type_into(dialog.password, NEW)
    type_into(dialog.password_again, NEW)
    click(dialog.save_button)
    assert dialog.errors.messages == {"current": "Current password: that is not right."}
    assert dialog.result() == 0

    replace(dialog.current, GOOD)
    replace(dialog.password_again, NEW + "!")
    click(dialog.save_button)
    assert set(dialog.errors.messages) == {"password_again"}

    replace(dialog.password, "short")
    replace(dialog.password_again, "short")
    click(dialog.save_button)
    assert dialog.errors.messages == {
        "password": "Password: use at least 12 characters (a few words together work well)."
    }

    replace(dialog.password, NEW)
    replace(dialog.password_again, NEW)
    click(dialog.save_button)
    assert dialog.errors.messages == {}
    assert dialog.result() == QDialog.DialogCode.Accepted.value
    assert admin.accounts.sign_in("admin1", NEW).username == "admin1"
