"""Starting the app as a person would: first-run welcome, demo database, title bar,
navigation; and the real process under an offscreen and a real X server."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
)
from pytestqt.qtbot import QtBot

import advocacy_desk.demo
from advocacy_desk import paths
from advocacy_desk.app import Services, open_services
from advocacy_desk.demo import DEMO_PASSWORD
from advocacy_desk.demo.generator import BUILD_SHARE
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.services.settings import WELCOMED
from tests.fresh_python import loaded_by
from ui import app as app_module
from ui.citizen import CitizenPage
from ui.main_window import SECTIONS, MainWindow
from ui.tasks import Progress, finish_background_work
from ui.welcome import WelcomeAnswer, WelcomeChoice, WelcomeDialog

ROOT = Path(__file__).resolve().parents[2]


def test_welcome_is_asked_once_on_an_empty_database(tmp_path: Path) -> None:
    location = str(tmp_path / "first.sqlite")
    asked: list[str] = []

    def ask(services: object) -> WelcomeAnswer:
        asked.append("yes")
        return WelcomeAnswer(WelcomeChoice.EMPTY)

    first = app_module.open_for_start(location, ask)
    assert first.settings.get(WELCOMED) == "yes"
    assert not first.settings.is_demo
    first.close()
    app_module.open_for_start(location, ask).close()
    assert asked == ["yes"]


def test_a_database_with_people_skips_the_welcome(tmp_path: Path) -> None:
    location = tmp_path / "used.sqlite"
    services = open_services(location)
    services.people.create(PersonDetails("Amir", "Khan"))
    services.close()

    def never(services: object) -> WelcomeAnswer:
        raise AssertionError("welcome shown for a database that has people")

    app_module.open_for_start(str(location), never).close()


def test_demo_choice_fills_a_separate_demo_database_marked_demo(
    tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "DEMO_SCALE", "small")
    location = tmp_path / "real.sqlite"
    services = app_module.open_for_start(
        str(location), lambda _s: WelcomeAnswer(WelcomeChoice.DEMO)
    )
    try:
        assert services.location == str(tmp_path / "real-demo.sqlite")
        assert services.settings.is_demo
        assert services.access.identity is None  # the demo has accounts: sign in first
        services.accounts.sign_in("demo", DEMO_PASSWORD)
        assert services.people.count() > 50
        window = MainWindow(services)
        qtbot.addWidget(window)
        assert window.windowTitle().startswith("DEMO")
    finally:
        services.close()
    real = open_services(location)
    assert real.is_empty()
    assert not real.settings.is_demo
    real.close()


def test_making_the_demo_data_can_be_cancelled_and_writes_none_of_it(
    tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cancel while the rows are being written: the one transaction rolls back, the
    empty database opens instead, and the welcome is offered again next time."""
    monkeypatch.setattr(app_module, "DEMO_SCALE", "small")
    real = advocacy_desk.demo.generate
    writing, carry_on = threading.Event(), threading.Event()

    def slow(services: Services, progress: Progress, **choices: Any) -> dict[str, int]:
        def tell(message: str, fraction: float) -> None:
            if fraction > BUILD_SHARE and not writing.is_set():
                writing.set()  # some rows are written, in the transaction
                carry_on.wait(10)
            progress(message, fraction)

        return real(services, progress=tell, **choices)

    monkeypatch.setattr(advocacy_desk.demo, "generate", slow)
    clicked: list[str] = []

    def cancel_once_writing() -> None:
        dialog = next(
            (w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)), None
        )
        if dialog is None or not writing.is_set():
            QTimer.singleShot(10, cancel_once_writing)
            return
        button = dialog.findChild(QPushButton)
        assert button is not None
        clicked.append(button.text())
        button.click()
        carry_on.set()

    QTimer.singleShot(0, cancel_once_writing)
    location = tmp_path / "real.sqlite"
    services = app_module.open_for_start(
        str(location), lambda _s: WelcomeAnswer(WelcomeChoice.DEMO)
    )
    try:
        assert clicked == ["Cancel"]
        assert services.location == str(location)  # the empty database, not the demo
        assert services.is_empty()
        assert services.settings.get(WELCOMED) != "yes"  # asked again at the next start
    finally:
        services.close()
    demo = open_services(tmp_path / "real-demo.sqlite")
    try:
        assert demo.is_empty()  # not one row of the demo was kept
        assert not demo.settings.is_demo
    finally:
        demo.close()


def test_welcome_dialog_buttons_say_what_they_do(qtbot: QtBot) -> None:
    dialog = WelcomeDialog("/data/advocacy.sqlite")
    qtbot.addWidget(dialog)
    assert dialog.empty_button.text() == "Start with an empty database"
    assert dialog.demo_button.text() == "Explore with demo data"
    dialog.demo_button.click()
    assert dialog.choice is WelcomeChoice.DEMO


def test_welcome_dialog_lists_a_demo_account_for_every_role(qtbot: QtBot) -> None:
    dialog = WelcomeDialog("/data/advocacy.sqlite")
    qtbot.addWidget(dialog)
    note = dialog.findChild(QLabel, "demoAccountsNote")
    assert note is not None
    for shown in ("demo (manager)", "demo-admin (administrator)", "demo-advocate (advocate)",
                  "demo-coordinator (volunteer coordinator)", "demo-viewer (read-only)",
                  "advocacy desk trial"):  # fmt: skip
        assert shown in note.text()


def test_main_window_navigation_has_every_section(services: object, qtbot: QtBot) -> None:
    window = MainWindow(services)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    titles = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert titles == [
        "People", "Waiting list", "Casework", "Diary", "Citizen advocacy", "Returns", "Planning",
        "Audit trail", "Data protection", "Settings",
    ]  # fmt: skip
    assert [s.title for s in SECTIONS] == titles
    assert not window.windowTitle().startswith("DEMO")
    window.show_section("citizen_advocacy")
    assert window.pages.currentIndex() == 4
    assert isinstance(window.pages.currentWidget(), CitizenPage)
    window.show_section("people")
    assert window.pages.currentWidget() is window.people_page


def test_launch_shows_the_window_first_then_opens_the_data_into_it(
    tmp_path: Path, qtbot: QtBot
) -> None:
    db = _prepared_database(tmp_path)

    def never(services: object) -> WelcomeAnswer:
        raise AssertionError("welcome shown for a database that has people")

    window = app_module.launch(str(db), never, signing_in=lambda _services, _window: True)
    qtbot.addWidget(window)
    assert _services_of(window) is None
    assert window.statusBar().currentMessage() == f"Opening {db}…"
    with qtbot.waitSignal(window.ready, timeout=10_000):
        pass
    try:
        assert window.windowTitle() == f"Advocacy Desk — {db}"
        assert window.pages.currentWidget() is window.people_page
        assert window.people_page.model.rowCount() == 1
        assert window.statusBar().currentMessage() == str(db)
    finally:
        finish_background_work()
        services = _services_of(window)
        assert services is not None
        services.close()


def _services_of(window: MainWindow) -> Services | None:
    return window.services


def test_launch_on_a_database_from_a_newer_app_says_so_and_exits_1(
    tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _prepared_database(tmp_path)
    raw = sqlite3.connect(db)
    raw.execute("UPDATE alembic_version SET version_num = '9999'")
    raw.commit()
    raw.close()
    shown: list[str] = []
    exits: list[int] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    monkeypatch.setattr(QApplication, "exit", lambda code=0: exits.append(code))
    window = app_module.launch(str(db))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(exits), timeout=10_000)
    assert exits == [1]
    assert "newer version of Advocacy Desk" in shown[0]
    assert window.services is None


def _start_app(db: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--db", str(db)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _prepared_database(tmp_path: Path) -> Path:
    db = tmp_path / "start.sqlite"
    services = open_services(db)
    services.people.create(PersonDetails("Amir", "Khan"))
    services.close()
    return db


@pytest.mark.slow
def test_the_app_stays_up_offscreen(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    process = _start_app(_prepared_database(tmp_path), env)
    try:
        time.sleep(6)
        assert process.poll() is None, process.communicate()[0]
    finally:
        process.kill()
        process.communicate()


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="Xvfb is not installed")
def test_the_app_shows_its_window_on_a_real_x_server(tmp_path: Path) -> None:
    db = _prepared_database(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    script = (
        f"{sys.executable} {ROOT / 'main.py'} --db {db} & pid=$!; "
        "for i in $(seq 1 40); do sleep 0.5; "
        "xwininfo -root -tree | grep -q 'Advocacy Desk' && break; done; "
        "xwininfo -root -tree | grep 'Advocacy Desk'; kill $pid"
    )
    result = subprocess.run(
        ["xvfb-run", "-a", "bash", "-c", script],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert f"Advocacy Desk — {db}" in result.stdout, result.stdout + result.stderr


def test_a_database_too_damaged_to_open_is_restored_from_its_newest_good_backup(
    tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _prepared_database(tmp_path)
    services = open_services(db)
    services.backups.back_up_now()
    services.close()
    for extra in ("-wal", "-shm"):
        Path(f"{db}{extra}").unlink(missing_ok=True)
    data = bytearray(db.read_bytes())
    data[100:4096] = b"\x00" * (4096 - 100)  # the schema page wiped: it will not open
    db.write_bytes(bytes(data))
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: told.append(text))
    window = MainWindow(location=str(db))
    qtbot.addWidget(window)
    asked: list[str] = []

    def restore(dialog: QDialog) -> int:
        asked.append(dialog.windowTitle())
        assert dialog.restore_button is not None  # type: ignore[attr-defined]
        dialog.restore_button.click()  # type: ignore[attr-defined]
        return 0

    monkeypatch.setattr(app_module, "MainWindow", lambda location: window)
    window.run_modal = restore
    window.inform = lambda _title, text: told.append(text)
    launched = app_module.launch(str(db), signing_in=lambda _services, _window: True)
    qtbot.waitUntil(lambda: launched.services is not None, timeout=15_000)
    assert asked
    assert launched.services is not None
    assert launched.services.people.count() == 1
    assert list(tmp_path.glob("start.damaged-*.sqlite"))
    assert any("damaged" in text and "kept as" in text for text in told)
    launched.services.close()


def test_the_window_paints_before_the_database_layer_loads() -> None:
    """What ``main.py`` imports to show the window first must not pull in SQLAlchemy,
    argon2 or the services: they load after the first paint (see the startup benchmark)."""
    late = ("sqlalchemy", "argon2", "advocacy_desk.services", "advocacy_desk.app")
    assert loaded_by("import ui.app", late).found == []


@pytest.mark.parametrize(
    ("answers", "opens", "exit_code"),
    [
        ([app_module.ServerFailed.OWN_FILE], "own file", None),
        ([app_module.ServerFailed.TRY_AGAIN, app_module.ServerFailed.QUIT], None, 1),
    ],
)
def test_a_chosen_server_that_does_not_answer_offers_the_own_file(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    answers: list[app_module.ServerFailed],
    opens: str | None,
    exit_code: int | None,
) -> None:
    """Off the VPN, the server this laptop was set to open cannot answer: the person may
    try again, work in the laptop's own file for now, or quit; never a dead end."""
    unreachable = "postgresql+psycopg://advocacy@127.0.0.1:1/advocacy"
    paths.remember_location(unreachable)
    asked: list[str] = []
    exits: list[int] = []

    def answer(_window: MainWindow, problem: str) -> app_module.ServerFailed:
        asked.append(problem)
        return answers[len(asked) - 1]

    monkeypatch.setattr(app_module, "when_server_fails", answer)
    monkeypatch.setattr(QApplication, "exit", lambda code=0: exits.append(code))
    try:
        window = app_module.launch(
            paths.start_location(None),
            lambda _services: WelcomeAnswer(WelcomeChoice.EMPTY),
            signing_in=lambda _services, _window: True,
        )
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: window.services is not None or bool(exits), timeout=20_000)
        assert len(asked) == len(answers)
        assert "cannot reach a PostgreSQL server at 127.0.0.1:1" in asked[0]
        if opens:
            assert window.services is not None
            assert window.services.location == str(paths.default_database())
            assert paths.remembered_location() == unreachable  # still chosen for next time
            finish_background_work()
            window.services.close()
        else:
            assert exits == [exit_code]
            assert window.services is None
    finally:
        paths.remember_location(None)
