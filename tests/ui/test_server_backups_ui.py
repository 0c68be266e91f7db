"""Settings > Backups on a database on a PostgreSQL server: automatic backups are the
server's job, but an administrator backs up now (pg_dump), sees the backups in the folder
and restores one (pg_restore), and is told plainly when pg_dump is not installed."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QLabel, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from advocacy_desk import paths
from advocacy_desk.app import Services
from advocacy_desk.db.models import Person
from advocacy_desk.domain.people import PersonDetails
from tests.ui.conftest import click
from ui.backups import SERVER_INTRO
from ui.backups.tab import BackupsTab

pytestmark = pytest.mark.usefixtures("no_modals", "server")

WAIT_MS = 30_000
MISSING = (
    "pg_dump was not found: install PostgreSQL's client programs (15 or newer) so that "
    "pg_dump is on the PATH, or ask whoever runs the server to back it up"
)


@pytest.fixture
def server(on_postgres: bool) -> None:
    if not on_postgres:
        pytest.skip("needs PostgreSQL")


@pytest.fixture(autouse=True)
def data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setattr(paths, "data_dir", lambda: folder)
    return folder


@pytest.fixture
def open_tab(services: Services, qtbot: QtBot) -> Callable[[], BackupsTab]:
    def open_() -> BackupsTab:
        tab = BackupsTab(services)
        qtbot.addWidget(tab)
        tab.resize(900, 640)
        tab.show()
        qtbot.waitExposed(tab)
        return tab

    return open_


def add(services: Services, given: str) -> None:
    services.people.create(PersonDetails(given, "Smith", date(1950, 1, 1)), allow_duplicate=True)


def people(services: Services) -> list[str]:
    with services.uow(read_only=True) as uow:
        return sorted(uow.session.scalars(select(Person.given_name)))


def visible_texts(tab: QWidget) -> str:
    return "\n".join(label.text() for label in tab.findChildren(QLabel) if label.isVisible())


def back_up_with_the_button(qtbot: QtBot, tab: BackupsTab) -> None:
    click(tab.back_up_button)
    assert tab.backing_up
    qtbot.waitUntil(lambda: not tab.backing_up, timeout=WAIT_MS)


def test_the_tab_says_automatic_backups_are_the_servers_job_and_backs_up_now(
    services: Services, qtbot: QtBot, open_tab: Callable[[], BackupsTab], data_folder: Path
) -> None:
    add(services, "Jane")
    tab = open_tab()
    shown = visible_texts(tab)
    assert SERVER_INTRO in shown
    assert "Automatic backups are the server's job" in SERVER_INTRO
    assert tab.back_up_button.text() == "Back up now"
    assert tab.restore_file_button.text() == "Restore from a backup file…"
    assert tab.folder_label.text() == str(data_folder / "backups")
    assert tab.rows() == []
    assert not tab.tools_note.isVisible()

    back_up_with_the_button(qtbot, tab)

    made = list((data_folder / "backups").glob("*.dump"))
    assert len(made) == 1
    assert made[0].name.endswith("-manual.dump")
    assert tab.status.text() == f"Backed up to {made[0].name} (checked)."
    assert [row[1] for row in tab.rows()] == ["manual"]
    assert tab.restore_button.isEnabled()  # the new one is chosen, ready to restore


def test_restoring_a_listed_backup_replaces_the_data_and_keeps_what_it_replaced(
    services: Services, qtbot: QtBot, open_tab: Callable[[], BackupsTab]
) -> None:
    add(services, "Jane")
    tab = open_tab()
    back_up_with_the_button(qtbot, tab)
    add(services, "Omar")
    asked: list[str] = []

    def confirm(title: str, question: str) -> bool:
        asked.append(question)
        return True

    tab.confirm = confirm
    assert tab.restore_selected()
    qtbot.waitUntil(lambda: not tab.restoring, timeout=WAIT_MS)

    assert people(services) == ["Jane"]
    assert "for everyone who uses it" in asked[0]
    assert "backed up first" in asked[0]
    assert tab.status.text().startswith("Restored ")
    assert "open it again" in tab.status.text()
    assert not tab.restore_error.isVisible()
    assert sorted(row[1] for row in tab.rows()) == ["manual", "replaced"]
    checked, broken = services.audit.verify()
    assert broken is None
    assert checked > 0


def test_a_file_that_is_not_a_backup_is_refused_before_asking(
    services: Services, open_tab: Callable[[], BackupsTab], tmp_path: Path
) -> None:
    add(services, "Jane")
    tab = open_tab()
    notes = tmp_path / "notes.dump"
    notes.write_text("not a backup", encoding="utf-8")
    tab.choose_file = lambda _folder: notes

    def never(_title: str, question: str) -> bool:
        raise AssertionError(f"asked to confirm a refused backup: {question!r}")

    tab.confirm = never
    assert not tab.restore_from_file()
    assert tab.restore_error.isVisible()
    assert tab.restore_error.message.startswith(
        "Checked and refused: notes.dump is not a backup of an Advocacy Desk database"
    )
    assert "The data on the server is unchanged" in tab.restore_error.message
    assert people(services) == ["Jane"]
    assert tab.rows() == []


def test_the_file_dialog_offers_dump_files(
    open_tab: Callable[[], BackupsTab], monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = open_tab()
    offered: list[str] = []

    def fake(_parent: QWidget, _title: str, _folder: str, kinds: str) -> tuple[str, str]:
        offered.append(kinds)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", fake)
    assert not tab.restore_from_file()
    assert offered == ["Backups (*.dump)"]


def test_without_pg_dump_the_tab_and_the_button_say_what_to_install(
    qtbot: QtBot,
    open_tab: Callable[[], BackupsTab],
    monkeypatch: pytest.MonkeyPatch,
    data_folder: Path,
) -> None:
    monkeypatch.setattr(shutil, "which", lambda *_args, **_kwargs: None)
    tab = open_tab()
    assert tab.tools_note.isVisible()
    assert tab.tools_note.text() == f"{MISSING}."

    back_up_with_the_button(qtbot, tab)

    assert tab.status.text().startswith(f"Backup not made: {MISSING}.")
    assert "The data on the server is unchanged" in tab.status.text()
    assert not (data_folder / "backups").exists()
    assert tab.rows() == []
