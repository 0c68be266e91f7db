"""Backups as a person meets them: Settings > Backups (back up now, the folder, the list,
restoring), automatic backups on the timer and on close, the damaged-database check at
start-up, and the network-drive warning."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QLabel
from pytestqt.qtbot import QtBot

import advocacy_desk.db.backup
from advocacy_desk.app import Services, open_services
from advocacy_desk.db.models import Setting
from advocacy_desk.domain.errors import AdvocacyDeskError
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.services.backups import AUTO_EVERY_MINUTES, Backup, BackupService
from advocacy_desk.services.settings import DEMO
from tests.ui.conftest import click
from tests.ui.present import present
from ui.backups import (
    DAMAGED_TITLE,
    NETWORK_WARNING,
    SERVER_NOTE,
    DamagedDatabaseDialog,
    kind_text,
    size_text,
    taken_text,
)
from ui.backups import tab as backups_tab
from ui.backups.tab import BackupsTab
from ui.main_window import MainWindow
from ui.tasks import Progress, finish_background_work

pytestmark = pytest.mark.usefixtures("no_modals")

WAIT_MS = 15_000
DAMAGE = "SQLite's check found damage: Tree 4 page 7 cell 2: Rowid 9 out of order"


@dataclass(frozen=True)
class Shown:
    """What a damaged-database dialog said (the dialog itself is deleted once closed)."""

    title: str
    text: str
    informative: str
    buttons: list[str]
    default: str


@dataclass
class Opened:
    """A window on the test database, and what it said in place of message boxes."""

    window: MainWindow
    informed: list[tuple[str, str]] = field(default_factory=list)
    warned: list[tuple[str, str]] = field(default_factory=list)
    dialogs: list[Shown] = field(default_factory=list)
    #: What the damaged-database dialog answers: "restore" or "keep".
    answer: str = "keep"

    def run_modal(self, dialog: QDialog) -> int:
        assert isinstance(dialog, DamagedDatabaseDialog), dialog.windowTitle()
        default = dialog.defaultButton()
        self.dialogs.append(
            Shown(
                title=dialog.windowTitle(),
                text=dialog.text(),
                informative=dialog.informativeText(),
                buttons=[button.text() for button in dialog.buttons()],
                default=default.text() if default is not None else "",
            )
        )
        button = dialog.restore_button if self.answer == "restore" else dialog.keep_button
        if button is not None:
            button.click()
        return 0

    @property
    def tab(self) -> BackupsTab:
        return present(self.window.settings_page.backups_tab)


@pytest.fixture
def open_window(services: Services, qtbot: QtBot) -> Iterator[Callable[..., Opened]]:
    """Open the main window on ``services`` with every question and message recorded;
    at the end close the windows, and any database a restore reopened."""
    opened: list[Opened] = []

    def open_(answer: str = "keep") -> Opened:
        window = MainWindow(services)
        seen = Opened(window, answer=answer)
        window.run_modal = seen.run_modal
        window.inform = lambda title, text: seen.informed.append((title, text))
        window.warn = lambda title, text: seen.warned.append((title, text))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: not window.checking_health, timeout=WAIT_MS)
        opened.append(seen)
        return seen

    yield open_
    for seen in opened:
        seen.window.close()
    finish_background_work()
    for seen in opened:
        if seen.window.services is not None and seen.window.services is not services:
            seen.window.services.close()


def show_backups_tab(window: MainWindow) -> BackupsTab:
    window.show_section("settings")
    window.settings_page.show_tab("backups")
    return present(window.settings_page.backups_tab)


def back_up_with_the_button(qtbot: QtBot, tab: BackupsTab) -> None:
    click(tab.back_up_button)
    assert tab.backing_up
    qtbot.waitUntil(lambda: not tab.backing_up, timeout=WAIT_MS)


def people_in(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM person").fetchone()[0])
    finally:
        conn.close()


def add(services: Services, given: str) -> None:
    services.people.create(PersonDetails(given, "Smith", date(1950, 1, 1)), allow_duplicate=True)


def backup_made_earlier(db_path: Path) -> Backup:
    """A backup made in an earlier session (so the window's services have not backed up)."""
    earlier = open_services(db_path, user="tester")
    try:
        earlier.backups.back_up_now(label="manual")
        return earlier.backups.backups()[0]
    finally:
        earlier.close()


def kept_aside(db_path: Path, why: str) -> list[Path]:
    return sorted(db_path.parent.glob(f"{db_path.stem}.{why}-*{db_path.suffix}"))


# -- the words ------------------------------------------------------------------------


def test_kinds_and_sizes_read_plainly() -> None:
    assert kind_text("auto") == "auto"
    assert kind_text("on-close") == "on close"
    assert kind_text("manual") == "manual"
    assert kind_text("before-0008") == "before upgrade to 0008"
    assert kind_text("") == ""
    assert size_text(2_516_582) == "2.4 MB"
    assert size_text(1024) == "under 0.1 MB"
    assert size_text(None) == ""


# -- Settings > Backups ---------------------------------------------------------------


def test_back_up_now_makes_a_checked_file_and_the_table_shows_it(
    services: Services, db_path: Path, qtbot: QtBot, open_window: Callable[..., Opened]
) -> None:
    add(services, "Jane")
    tab = show_backups_tab(open_window().window)
    assert tab.isVisible()
    assert tab.folder_label.text() == str(db_path.parent / "backups")
    assert tab.rows() == []
    assert tab.empty_note.isVisible()
    assert not tab.restore_button.isEnabled()

    back_up_with_the_button(qtbot, tab)

    made = list((db_path.parent / "backups").glob("*.sqlite"))
    assert len(made) == 1
    assert made[0].name.endswith("-manual.sqlite")
    assert people_in(made[0]) == 1
    assert tab.status.text() == f"Backed up to {made[0].name} (checked)."
    backup = services.backups.backups()[0]
    assert tab.rows() == [(taken_text(backup.taken_at), "manual", size_text(backup.size))]
    assert not tab.empty_note.isVisible()
    assert not tab.progress.isVisible()
    assert tab.back_up_button.isEnabled()
    assert tab.selected_backup() == backup  # the new one is chosen, ready to restore
    assert tab.restore_button.isEnabled()


def test_a_failed_backup_says_why_and_what_to_do(
    services: Services,
    qtbot: QtBot,
    open_window: Callable[..., Opened],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tab = show_backups_tab(open_window().window)

    def full(progress: object = None, label: str = "") -> Path:
        raise AdvocacyDeskError("cannot write the backup: No space left on device")

    monkeypatch.setattr(services.backups, "back_up_now", full)
    back_up_with_the_button(qtbot, tab)
    assert "Backup not made: cannot write the backup: No space left on device." in (
        tab.status.text()
    )
    assert "Back up now again" in tab.status.text()
    assert tab.rows() == []


def test_a_backup_can_be_cancelled_and_leaves_no_file(
    services: Services,
    db_path: Path,
    qtbot: QtBot,
    open_window: Callable[..., Opened],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Cancel while the database is being copied: it stops at the next step, the file
    being written is removed, and the tab says no backup was made."""
    add(services, "Jane")
    monkeypatch.setattr(advocacy_desk.db.backup, "STEP_PAGES", 1)  # a step per page
    tab = show_backups_tab(open_window().window)
    real = services.backups.back_up_now
    copying, carry_on = threading.Event(), threading.Event()

    def slow(progress: Progress | None = None, label: str = "") -> Path:
        def tell(message: str, fraction: float) -> None:
            if not copying.is_set():
                copying.set()  # a page is copied: the partial file is on disk
                carry_on.wait(WAIT_MS / 1000)
            assert progress is not None
            progress(message, fraction)

        return real(progress=tell, label=label)

    monkeypatch.setattr(services.backups, "back_up_now", slow)
    assert not tab.cancel_button.isVisible()
    click(tab.back_up_button)
    assert tab.cancel_button.isVisible()
    assert tab.cancel_button.isEnabled()
    qtbot.waitUntil(copying.is_set, timeout=WAIT_MS)
    folder = db_path.parent / "backups"
    assert any(p.suffix == ".part" for p in folder.iterdir())  # the backup being written
    click(tab.cancel_button)
    assert tab.status.text() == "Stopping the backup…"
    carry_on.set()
    qtbot.waitUntil(lambda: not tab.backing_up, timeout=WAIT_MS)

    assert list(folder.iterdir()) == []  # nothing left behind, not even a partial file
    assert tab.status.text() == "Backup cancelled: no backup was made, and your data is unchanged."
    assert tab.rows() == []
    assert not tab.cancel_button.isVisible()
    assert not tab.progress.isVisible()
    assert tab.back_up_button.isEnabled()
    back_up_with_the_button(qtbot, tab)  # and it can back up again
    assert len(list(folder.glob("*.sqlite"))) == 1


def test_change_folder_moves_where_backups_go_and_can_go_back(
    services: Services,
    db_path: Path,
    tmp_path: Path,
    qtbot: QtBot,
    open_window: Callable[..., Opened],
) -> None:
    tab = show_backups_tab(open_window().window)
    elsewhere = tmp_path / "kept elsewhere"
    asked_from: list[Path] = []

    def choose(current: Path) -> Path:
        asked_from.append(current)
        return elsewhere

    tab.choose_folder = choose
    click(tab.change_folder_button)
    assert asked_from == [db_path.parent / "backups"]
    assert tab.folder_label.text() == str(elsewhere)
    assert services.backups.folder() == elsewhere
    assert "New backups will go to" in tab.folder_status.text()
    assert "not moved" in tab.folder_status.text()

    back_up_with_the_button(qtbot, tab)
    assert len(list(elsewhere.glob("*.sqlite"))) == 1
    assert not (db_path.parent / "backups").exists()
    assert len(tab.rows()) == 1

    click(tab.default_folder_button)
    assert services.backups.folder() == db_path.parent / "backups"
    assert tab.folder_label.text() == str(db_path.parent / "backups")
    assert tab.rows() == []  # the list shows the folder in use


def test_a_folder_that_cannot_be_written_is_refused_under_it(
    services: Services, tmp_path: Path, open_window: Callable[..., Opened]
) -> None:
    tab = show_backups_tab(open_window().window)
    a_file = tmp_path / "not a folder"
    a_file.write_text("")
    before = services.backups.folder()
    tab.choose_folder = lambda _current: a_file / "backups"
    click(tab.change_folder_button)
    assert tab.folder_error.isVisible()
    assert tab.folder_error.message.startswith("Folder not changed: cannot keep backups in")
    assert "choose a folder you can write to" in tab.folder_error.message
    assert services.backups.folder() == before
    assert tab.folder_label.text() == str(before)


def test_restore_from_a_chosen_backup_brings_back_the_data_and_keeps_the_file_aside(
    services: Services, db_path: Path, qtbot: QtBot, open_window: Callable[..., Opened]
) -> None:
    add(services, "Jane")
    seen = open_window()
    window = seen.window
    tab = show_backups_tab(window)
    back_up_with_the_button(qtbot, tab)
    backup = services.backups.backups()[0]
    add(services, "Amir")  # recorded after the backup: the restore takes it away
    questions: list[tuple[str, str]] = []

    def confirm(title: str, question: str) -> bool:
        questions.append((title, question))
        return True

    tab.confirm = confirm
    assert tab.select_backup(backup.path)
    click(tab.restore_button)
    qtbot.waitUntil(lambda: window.services is not services, timeout=WAIT_MS)

    title, question = questions[0]
    assert title == "Restore this backup?"
    assert backup.path.name in question
    assert f"taken {taken_text(backup.taken_at)}" in question
    assert "kept aside" in question
    assert "not deleted" in question
    restored = window.services
    assert restored is not None
    assert restored.people.count() == 1
    aside = kept_aside(db_path, "replaced")
    assert len(aside) == 1
    assert people_in(aside[0]) == 2
    assert seen.warned == []
    assert seen.informed[0][0] == "Backup restored"
    assert str(aside[0]) in seen.informed[0][1]
    # The window shows the restored data, still on Settings > Backups.
    assert window.people_page.model.rowCount() == 1
    assert window.settings_page.current_tab() == "backups"
    assert present(window.settings_page.backups_tab).rows()[0][1] == "manual"
    assert window.backup_timer.isActive()


def test_a_refused_backup_shows_the_reason_and_changes_nothing(
    services: Services, db_path: Path, tmp_path: Path, open_window: Callable[..., Opened]
) -> None:
    add(services, "Jane")
    window = open_window().window
    tab = show_backups_tab(window)
    not_a_backup = tmp_path / "notes.sqlite"
    not_a_backup.write_text("Meeting notes, not a database.\n" * 200)
    tab.choose_file = lambda _folder: not_a_backup

    def never(title: str, question: str) -> bool:
        raise AssertionError(f"asked to confirm a refused backup: {question!r}")

    tab.confirm = never
    before = db_path.read_bytes()
    click(tab.restore_file_button)

    assert tab.restore_error.isVisible()
    assert tab.restore_error.message.startswith("Checked and refused: notes.sqlite cannot be")
    assert "cannot be read as a database" in tab.restore_error.message
    assert "Your current data is unchanged" in tab.restore_error.message
    assert window.services is services
    assert db_path.read_bytes() == before
    assert kept_aside(db_path, "replaced") == []


def test_checking_a_backup_before_restoring_it_can_be_cancelled(
    services: Services,
    db_path: Path,
    qtbot: QtBot,
    open_window: Callable[..., Opened],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The check reads the whole backup (seconds for a large one) off the GUI thread:
    Cancel frees the tab at once, and nothing is asked or restored."""
    add(services, "Jane")
    window = open_window().window
    tab = show_backups_tab(window)
    back_up_with_the_button(qtbot, tab)
    backup = services.backups.backups()[0]
    carry_on = threading.Event()

    def slow_check(path: Path) -> str:
        carry_on.wait(WAIT_MS / 1000)
        return "0001"

    monkeypatch.setattr(backups_tab, "check_backup_file", slow_check)

    def never(title: str, question: str) -> bool:
        raise AssertionError(f"asked to confirm a cancelled check: {question!r}")

    tab.confirm = never
    seen: list[str] = []

    def cancel_once_checking() -> None:
        if not tab.checking:
            QTimer.singleShot(10, cancel_once_checking)
            return
        seen.append(tab.status.text())
        assert tab.cancel_button.isVisible()
        assert not tab.back_up_button.isEnabled()
        click(tab.cancel_button)

    QTimer.singleShot(0, cancel_once_checking)
    assert tab.select_backup(backup.path)
    assert not tab.restore_selected()  # back at once, the check still running
    assert not carry_on.is_set()
    carry_on.set()
    assert seen == [f"Checking {backup.path.name}…"]
    assert tab.status.text() == f"Check of {backup.path.name} cancelled: nothing was restored."
    assert not tab.checking
    assert not tab.cancel_button.isVisible()
    assert tab.restore_button.isEnabled()
    assert window.services is services
    assert kept_aside(db_path, "replaced") == []


def test_restoring_the_open_database_itself_is_refused(
    db_path: Path, open_window: Callable[..., Opened]
) -> None:
    tab = show_backups_tab(open_window().window)
    tab.choose_file = lambda _folder: db_path
    click(tab.restore_file_button)
    assert "is the database you have open" in tab.restore_error.message


def test_a_server_database_without_backups_here_only_says_how_it_is_backed_up(
    services: Services, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server other than PostgreSQL (see test_server_backups_ui.py for PostgreSQL)."""
    monkeypatch.setattr(BackupService, "available", property(lambda _self: False))
    monkeypatch.setattr(BackupService, "on_server", property(lambda _self: False))
    tab = BackupsTab(services)
    qtbot.addWidget(tab)
    tab.show()
    assert tab.server_note.text() == SERVER_NOTE
    assert "pg_dump" in SERVER_NOTE
    assert tab.findChildren(QLabel) == [tab.server_note]


# -- automatic backups ----------------------------------------------------------------


def test_the_timer_backs_up_only_after_a_change(
    services: Services, db_path: Path, qtbot: QtBot, open_window: Callable[..., Opened]
) -> None:
    window = open_window().window
    assert window.backup_timer.isActive()
    assert window.backup_timer.interval() == AUTO_EVERY_MINUTES * 60_000

    window.back_up_automatically()
    qtbot.waitUntil(lambda: not window.auto_backup_running, timeout=WAIT_MS)
    assert services.backups.backups() == []  # nothing changed since it opened

    add(services, "Jane")
    with qtbot.waitSignal(window.backed_up, timeout=WAIT_MS):
        window.back_up_automatically()
    qtbot.waitUntil(lambda: not window.auto_backup_running, timeout=WAIT_MS)
    made = services.backups.backups()
    assert [b.label for b in made] == ["auto"]
    assert people_in(made[0].path) == 1
    assert made[0].path.name in window.statusBar().currentMessage()

    window.back_up_automatically()  # no change since that backup
    qtbot.waitUntil(lambda: not window.auto_backup_running, timeout=WAIT_MS)
    assert len(services.backups.backups()) == 1


@pytest.mark.usefixtures("db_path")  # automatic backups and damage: SQLite only
def test_the_timer_interval_can_be_set_before_the_database_opens(
    services: Services, qtbot: QtBot
) -> None:
    window = MainWindow(location=services.location)
    qtbot.addWidget(window)
    window.auto_backup_interval_ms = 50
    window.attach(services)
    try:
        assert window.backup_timer.interval() == 50
    finally:
        window.close()
        finish_background_work()


@pytest.mark.usefixtures("db_path")  # automatic backups and damage: SQLite only
def test_a_failed_automatic_backup_shows_in_the_status_bar(
    services: Services,
    qtbot: QtBot,
    open_window: Callable[..., Opened],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen = open_window()

    def fails(label: str = "auto") -> Path | None:
        raise AdvocacyDeskError("cannot make the backups folder /gone: Permission denied")

    monkeypatch.setattr(services.backups, "back_up_if_changed", fails)
    seen.window.back_up_automatically()
    qtbot.waitUntil(lambda: not seen.window.auto_backup_running, timeout=WAIT_MS)
    message = seen.window.statusBar().currentMessage()
    assert message.startswith("Automatic backup failed: cannot make the backups folder")
    assert "Settings > Backups" in message
    assert seen.warned == []  # not a modal


@pytest.mark.usefixtures("db_path")  # automatic backups and damage: SQLite only
def test_closing_after_a_change_makes_an_on_close_backup(
    services: Services, open_window: Callable[..., Opened]
) -> None:
    seen = open_window()
    add(services, "Jane")
    seen.window.close()
    made = services.backups.backups()
    assert [b.label for b in made] == ["on-close"]
    assert people_in(made[0].path) == 1
    assert seen.warned == []


def test_closing_with_no_change_makes_no_backup(
    services: Services, open_window: Callable[..., Opened]
) -> None:
    seen = open_window()
    seen.window.close()
    assert services.backups.backups() == []


@pytest.mark.usefixtures("db_path")  # automatic backups and damage: SQLite only
def test_a_failed_on_close_backup_is_said_and_the_window_closes_anyway(
    services: Services, open_window: Callable[..., Opened], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = open_window()

    def fails(label: str = "auto") -> Path | None:
        raise AdvocacyDeskError("cannot write the backup: No space left on device")

    monkeypatch.setattr(services.backups, "back_up_if_changed", fails)
    seen.window.close()
    assert not seen.window.isVisible()
    title, text = seen.warned[0]
    assert title == "Backup not made"
    assert "No space left on device" in text
    assert "still saved" in text


# -- at start-up ----------------------------------------------------------------------


def test_a_damaged_database_offers_the_newest_good_backup_and_restores_it(
    services: Services,
    db_path: Path,
    qtbot: QtBot,
    open_window: Callable[..., Opened],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add(services, "Jane")
    good = backup_made_earlier(db_path)
    add(services, "Amir")
    monkeypatch.setattr(services.backups, "health", lambda: DAMAGE)
    seen = open_window(answer="restore")
    window = seen.window
    qtbot.waitUntil(lambda: window.services is not services, timeout=WAIT_MS)

    dialog = seen.dialogs[0]
    assert dialog.title == DAMAGED_TITLE
    assert str(db_path) in dialog.text
    assert DAMAGE in dialog.text
    assert (
        f"Restore the newest good backup (taken {taken_text(good.taken_at)})?" in dialog.informative
    )
    assert "kept aside, renamed, never deleted" in dialog.informative
    assert "risks losing more" in dialog.informative
    assert sorted(dialog.buttons) == ["Keep working", "Restore backup"]
    assert dialog.default == "Restore backup"

    restored = window.services
    assert restored is not None
    assert restored.people.count() == 1
    aside = kept_aside(db_path, "damaged")
    assert len(aside) == 1
    assert people_in(aside[0]) == 2  # the damaged file, kept as it was
    title, text = seen.informed[0]
    assert title == "Backup restored"
    assert "damaged database is kept aside" in text
    assert str(aside[0]) in text
    assert window.people_page.model.rowCount() == 1
    qtbot.waitUntil(lambda: not window.checking_health, timeout=WAIT_MS)
    assert len(seen.dialogs) == 1  # the restored file passed its check


def test_keep_working_on_a_damaged_database_changes_nothing(
    services: Services,
    db_path: Path,
    open_window: Callable[..., Opened],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    backup_made_earlier(db_path)
    monkeypatch.setattr(services.backups, "health", lambda: DAMAGE)
    seen = open_window()
    assert len(seen.dialogs) == 1
    assert seen.window.services is services
    assert kept_aside(db_path, "damaged") == []
    assert seen.informed == []


@pytest.mark.usefixtures("db_path")  # automatic backups and damage: SQLite only
def test_a_damaged_database_with_no_good_backup_says_what_to_do(
    services: Services, open_window: Callable[..., Opened], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services.backups, "health", lambda: DAMAGE)
    seen = open_window()
    dialog = seen.dialogs[0]
    assert dialog.title == DAMAGED_TITLE
    assert DAMAGE in dialog.text
    assert [text.replace("&", "") for text in dialog.buttons] == ["OK"]
    assert "There is no good backup of it to restore" in dialog.informative
    assert "somewhere safe" in dialog.informative
    assert "ask whoever supports your computers for help" in dialog.informative
    assert seen.window.services is services


def test_a_sound_database_asks_nothing(open_window: Callable[..., Opened]) -> None:
    seen = open_window()
    assert seen.dialogs == []
    assert seen.window.network_banner is None


def test_a_database_on_a_network_drive_shows_a_warning_banner_once(
    services: Services,
    db_path: Path,
    open_window: Callable[..., Opened],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(services.backups, "on_network_share", lambda: True)
    window = open_window().window
    banner = window.network_banner
    assert banner is not None
    assert banner.isVisible()
    assert banner.text() == NETWORK_WARNING
    assert "network drive" in banner.accessibleName()

    # Opening the database again (as a restore does) shows it once, not twice.
    again = open_services(db_path, user="tester")
    monkeypatch.setattr(again.backups, "on_network_share", lambda: True)
    window.attach(again)
    assert window.services is again
    assert window.findChildren(QLabel, "networkBanner") == [banner]


def test_attaching_again_replaces_the_sections_and_the_demo_banner(
    services: Services, db_path: Path, qtbot: QtBot, open_window: Callable[..., Opened]
) -> None:
    with services.uow() as uow:  # as the demo generator marks it: no one may, in the app
        uow.session.merge(Setting(key=DEMO, value="yes"))
        uow.commit()
    window = open_window().window
    first_people = window.people_page
    timer = window.backup_timer
    again = open_services(db_path, user="tester")
    window.attach(again)
    qtbot.waitUntil(lambda: not window.checking_health, timeout=WAIT_MS)
    assert window.services is again
    assert window.people_page is not first_people
    assert len(window.findChildren(QLabel, "demoBanner")) == 1
    assert window.backup_timer is timer
    assert timer.isActive()


def test_a_restore_in_the_window_names_the_signed_in_administrator(
    services: Services, db_path: Path, open_window: Callable[..., Opened],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    import json

    import ui.signin
    from advocacy_desk.services import audit

    add(services, "Jane")
    password = "correct horse battery staple 7"
    services.accounts.create_first_administrator("boss", "Bea Boss", password)
    services.accounts.sign_in("boss", password)
    made = services.backups.back_up_now()
    seen = open_window()

    def signed(reopened: Services, *_: object) -> bool:
        reopened.accounts.sign_in("boss", password)
        return True

    monkeypatch.setattr(ui.signin, "sign_in", signed)
    aside = seen.window.restore_backup(made)
    assert aside is not None
    assert not Path(f"{aside}-wal").exists()
    assert not Path(f"{aside}-shm").exists()
    restored = seen.window.services
    assert restored is not None
    assert restored is not services
    with restored.uow(read_only=True) as uow:
        events = [e for e in audit.events(uow.session) if e.action == "restore"]
    assert [e.username for e in events] == ["boss"]
    assert json.loads(events[0].details)["backup"] == made.name
