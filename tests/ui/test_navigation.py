"""Finding one's way: F1 opens the user guide at the section's page, the shortcuts list,
signing out so the next person signs in, each role landing on its own work, and sorting
and pane sizes from the keyboard."""

from __future__ import annotations

import shutil
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from advocacy_desk import paths
from advocacy_desk.app import Services, open_services
from advocacy_desk.demo import DEMO_PASSWORD
from tests.conftest import TODAY
from ui import help as help_module
from ui.help import HelpWindow, Shortcut, ShortcutsDialog, guide_folder
from ui.lock import IdleLock
from ui.main_window import SECTIONS, SETTINGS_HELP, MainWindow, OpeningPage
from ui.signin import SignInDialog
from ui.tasks import finish_background_work

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo_db(demo_file: Path, tmp_path: Path) -> Path:
    """A copy of the demo database for one test, which may change it."""
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, copy)
    return copy


@pytest.fixture
def opened(demo_db: Path) -> Iterator[Services]:
    services = open_services(demo_db, today=lambda: TODAY)
    yield services
    finish_background_work()
    services.close()


def _window(services: Services, qtbot: QtBot, user: str = "demo") -> MainWindow:
    services.accounts.sign_in(user, DEMO_PASSWORD)
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.auto_backup_interval_ms = 3_600_000
    window.resize(1280, 720)
    return window


def _shown(window: MainWindow) -> None:
    window.show()
    qtbot_wait_active(window)


def qtbot_wait_active(window: QWidget) -> None:
    window.activateWindow()
    for _ in range(100):
        if window.isActiveWindow():
            return
        QTest.qWait(20)
    raise AssertionError("the window never became active")


def _section(window: MainWindow) -> str:
    return SECTIONS[window.pages.currentIndex()].key


def _visible_sections(window: MainWindow) -> list[str]:
    nav = window.navigation
    return [nav.item(i).text() for i in range(nav.count()) if not nav.item(i).isHidden()]


def _close(window: MainWindow) -> None:
    finish_background_work()
    if window.help_window is not None:
        window.help_window.close()
    window.close()
    finish_background_work()


# -- the user guide --------------------------------------------------------------------


def test_f1_on_returns_opens_the_guide_at_the_returns_page(opened: Services, qtbot: QtBot) -> None:
    window = _window(opened, qtbot)
    _shown(window)
    window.show_section("returns")
    QTest.keyClick(window, Qt.Key.Key_F1)
    guide = window.help_window
    assert isinstance(guide, HelpWindow)
    qtbot.addWidget(guide)
    assert guide.isVisible()
    assert guide.page == "returns.md"
    assert guide.browser.toPlainText().startswith("The quarterly monitoring return")
    assert "**" not in guide.browser.toPlainText()  # read as Markdown, not shown raw
    # Another section, F1 again: the same window, at that section's page.
    window.show_section("planning")
    assert window.show_help() is guide
    assert guide.page == "planning.md"
    _close(window)


def test_f1_on_a_settings_tab_opens_that_tab_s_page(opened: Services, qtbot: QtBot) -> None:
    window = _window(opened, qtbot, "demo-admin")
    window.show_section("settings")
    window.settings_page.show_tab("accounts")
    guide = window.show_help()
    qtbot.addWidget(guide)
    assert guide.page == "accounts.md"
    window.settings_page.show_tab("backups")
    window.help_action.trigger()
    assert guide.page == "data-safety.md"
    top = guide.browser.cursorForPosition(guide.browser.viewport().rect().topLeft())
    assert top.block().text() == "Backups"  # at the heading, not the top of the page
    _close(window)


def test_links_between_the_guide_pages_work_offline(qtbot: QtBot) -> None:
    guide = HelpWindow()
    qtbot.addWidget(guide)
    assert guide.show_page("user-guide.md")
    assert "Day to day" in guide.browser.toPlainText()
    guide.browser.anchorClicked.emit(QUrl("returns.md"))
    assert guide.page == "returns.md"
    guide.browser.anchorClicked.emit(QUrl("#the-csv"))  # a heading on the same page
    cursor_block = guide.browser.textCursor().block()
    assert cursor_block.text() == "The CSV"
    guide.back_button.click()
    assert guide.page == "user-guide.md"
    guide.browser.anchorClicked.emit(QUrl("no-such-page.md"))
    assert guide.message.text() == "The guide has no page no-such-page.md."
    assert guide.page == "user-guide.md"


def test_every_section_and_settings_tab_has_a_page_and_heading_in_the_guide(
    qtbot: QtBot,
) -> None:
    guide = HelpWindow()
    qtbot.addWidget(guide)
    targets = [s.help for s in SECTIONS] + list(SETTINGS_HELP.values())
    for target in targets:
        page, _, heading = target.partition("#")
        assert guide.show_page(page), target
        if heading:
            assert guide.scroll_to(heading), target
    index = (ROOT / "docs" / "user-guide.md").read_text(encoding="utf-8")
    for doc in sorted((ROOT / "docs").glob("*.md")):
        if doc.name != "user-guide.md":
            assert f"]({doc.name})" in index, f"the contents page does not list {doc.name}"


def test_an_installed_copy_finds_the_guide_in_its_data_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A wheel has no project folder: the guide comes from the data files it installs,
    which pyproject.toml declares for every page of docs."""
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    data_files = declared["tool"]["setuptools"]["data-files"]
    assert data_files == {str(help_module.INSTALLED.as_posix()): ["docs/*.md"]}
    monkeypatch.setattr(paths, "REPO_ROOT", tmp_path / "site-packages")
    assert guide_folder(tmp_path) is None
    installed = tmp_path / help_module.INSTALLED
    installed.mkdir(parents=True)
    (installed / "user-guide.md").write_text("# Guide\n", encoding="utf-8")
    assert guide_folder(tmp_path) == installed


def test_without_the_guide_the_help_window_says_so(qtbot: QtBot, tmp_path: Path) -> None:
    guide = HelpWindow(folder=None)
    guide.folder = None
    qtbot.addWidget(guide)
    assert not guide.show_page("returns.md")
    assert "not installed" in guide.message.text()


# -- keyboard shortcuts ---------------------------------------------------------------


def test_the_shortcuts_list_is_read_from_the_window(opened: Services, qtbot: QtBot) -> None:
    window = _window(opened, qtbot)
    shown: list[list[Shortcut]] = []

    def keep(dialog: QDialog) -> int:
        assert isinstance(dialog, ShortcutsDialog)
        shown.append(dialog.rows())
        return QDialog.DialogCode.Rejected.value

    window.run_modal = keep
    window.shortcuts_action.trigger()
    rows = shown[0]
    assert Shortcut("Ctrl+L", "Lock now", "File menu") in rows
    assert Shortcut("F1", "User guide", "Help menu") in rows
    assert Shortcut("Ctrl+Shift+S", "Sort by", "View menu") in rows
    assert Shortcut("Ctrl+N", "Add a new person", "People") in rows
    assert Shortcut("Ctrl+Shift+A", "Allocate the selected referral to an advocate",
                    "Waiting list") in rows  # fmt: skip
    assert Shortcut("Return or Enter", "Open the selected case (in the caseload)",
                    "Casework") in rows  # fmt: skip
    assert all(row.what != "(not described)" for row in rows), rows
    # No key means two things at once: a menu's keys work in every section. (Return
    # belongs to the table in focus, so a section may have it for each of its tables.)
    menus = {row.where for row in rows if row.where.endswith(" menu")}
    for section in {row.where for row in rows} - menus:
        keys = [k for row in rows if row.where in {section} | menus
                for k in row.keys.split(" or ") if k not in {"Return", "Enter"}]  # fmt: skip
        assert len(keys) == len(set(keys)), (section, sorted(keys))
    _close(window)


def test_ctrl_l_on_the_waiting_list_locks_the_window(opened: Services, qtbot: QtBot) -> None:
    """The waiting list's Allocate had Ctrl+L too, and two owners of one key get neither."""
    window = _window(opened, qtbot)
    _shown(window)
    window.show_section("waiting_list")
    window.run_modal = _refuse_any_dialog
    QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    lock = window.idle_lock
    assert isinstance(lock, IdleLock)
    assert _locked(lock)
    text = " ".join(label.text() for label in lock.covers[0].findChildren(QLabel))
    assert "locked, as you asked" in text
    assert "locked itself" not in text
    assert window.lock_action.statusTip().startswith("Lock the window now")
    lock.covers[0].password.setText(DEMO_PASSWORD)
    lock.covers[0].button.click()
    assert not _locked(lock)
    _close(window)


def _locked(lock: IdleLock) -> bool:
    return lock.is_locked


def _refuse_any_dialog(dialog: QDialog) -> int:
    raise AssertionError(f"{dialog.windowTitle()} opened")


# -- signing out: people share laptops ---------------------------------------------------


def _signs_in_as(user: str, asked: list[str]) -> Callable[[QDialog], int]:
    """A stand-in for the sign-in dialog: ``user`` types their password."""

    def run(dialog: QDialog) -> int:
        asked.append(type(dialog).__name__)
        assert isinstance(dialog, SignInDialog)
        dialog.username.setText(user)
        dialog.password.setText(DEMO_PASSWORD)
        dialog.sign_in_button.click()
        return dialog.result()

    return run


def test_sign_out_lets_the_next_person_sign_in_and_shows_nothing_of_the_first(
    opened: Services, qtbot: QtBot
) -> None:
    window = _window(opened, qtbot)
    _shown(window)
    assert window.sign_out_action.isEnabled()
    window.show_section("people")
    window.people_page.table.selectRow(0)
    first_person = window.people_page.model.index(0, 1).data()
    draft = QDialog(window)
    draft.setWindowTitle("Edit person")
    note = QLineEdit(draft)
    note.setText("Half-typed note about Mrs B")
    draft.show()
    qtbot.waitExposed(draft)
    questions: list[str] = []

    def answer_no(_title: str, question: str) -> bool:
        questions.append(question)
        return False

    window.confirm = answer_no
    assert not window.sign_out()  # "No": nothing changes
    assert draft.isVisible()
    assert opened.access.identity is not None
    assert opened.access.identity.username == "demo"
    assert "Unsaved changes in open windows will be lost" in questions[0]
    assert "“Edit person”" in questions[0]

    asked: list[str] = []
    between: list[str] = []

    def sign_in_as_advocate(dialog: QDialog) -> int:
        page = window.pages.currentWidget()
        assert isinstance(page, OpeningPage)  # nothing of the manager's while asked
        between.append(page.message.text())
        between.extend(_visible_sections(window))
        return _signs_in_as("demo-advocate", asked)(dialog)

    window.confirm = lambda _title, _question: True
    window.run_modal = sign_in_as_advocate
    with qtbot.waitSignal(window.signed_in_again, timeout=10_000):
        window.sign_out_action.trigger()
    assert asked == ["SignInDialog"]
    assert between == ["Signed out. The next person signs in…"]
    assert not draft.isVisible()
    identity = opened.access.identity
    assert identity is not None
    assert identity.username == "demo-advocate"
    assert _visible_sections(window) == ["People", "Waiting list", "Casework", "Diary", "Settings"]
    assert _section(window) == "casework"
    assert "demo-advocate" in window.statusBar().currentMessage()
    own = set(opened.people.search_ids())
    assert window.people_page.model.rowCount() == len(own) < 100
    assert window.people_page.table.selectionModel().selectedRows() == []
    assert first_person is not None
    opened.accounts.sign_in("demo", DEMO_PASSWORD)
    trail = [(e.username, e.action) for e in opened.audit.events() if e.entity == "account"]
    assert ("demo", "sign_out") in trail
    assert trail.index(("demo", "sign_out")) < trail.index(("demo-advocate", "sign_in"))
    _close(window)


def test_sign_in_as_someone_else_from_the_lock_screen(opened: Services, qtbot: QtBot) -> None:
    window = _window(opened, qtbot)
    _shown(window)
    window.lock_now()
    first_lock = window.idle_lock
    assert first_lock is not None
    assert first_lock.is_locked
    cover = first_lock.covers[0]
    assert cover.switch_button.isVisible()
    asked: list[str] = []
    window.confirm = lambda _title, _question: pytest.fail("no window open: nothing to ask")
    window.run_modal = _signs_in_as("demo-coordinator", asked)
    with qtbot.waitSignal(window.signed_in_again, timeout=10_000):
        cover.switch_button.click()
    assert asked == ["SignInDialog"]
    identity = opened.access.identity
    assert identity is not None
    assert identity.role == "volunteer_coordinator"
    assert _section(window) == "citizen_advocacy"
    assert window.idle_lock is not None
    assert window.idle_lock is not first_lock
    assert not window.idle_lock.is_locked
    assert not [c for c in window.findChildren(QWidget, "lockCover") if c.isVisible()]
    _close(window)


def test_signing_out_from_the_lock_screen_over_a_real_modal_dialog(
    opened: Services, qtbot: QtBot
) -> None:
    """A dialog shown with exec() has its own event loop: it ends before the sections are
    rebuilt, and nothing of it stays."""
    window = _window(opened, qtbot)
    _shown(window)
    asked: list[str] = []
    sign_in = _signs_in_as("demo-viewer", asked)
    seen: list[str] = []

    def run(dialog: QDialog) -> int:
        if isinstance(dialog, SignInDialog):
            return sign_in(dialog)
        seen.append(dialog.windowTitle())
        return dialog.exec()  # the real thing: a nested event loop

    def lock_and_switch() -> None:
        window.lock_now()
        lock = window.idle_lock
        assert lock is not None
        covers = lock.covers
        assert len(covers) == 2  # the window and the dialog
        covers[1].switch_button.click()  # on the dialog's cover

    window.run_modal = run
    window.confirm = lambda _title, _question: True
    QTimer.singleShot(200, lock_and_switch)
    with qtbot.waitSignal(window.signed_in_again, timeout=15_000):
        result = window.change_password()  # returns once the sign-out closed it
    assert result == QDialog.DialogCode.Rejected.value
    assert seen == ["Change your password"]
    assert asked == ["SignInDialog"]
    identity = opened.access.identity
    assert identity is not None
    assert identity.username == "demo-viewer"
    assert _section(window) == "people"
    assert QApplication.activeModalWidget() is None
    _close(window)


def test_quitting_at_the_sign_in_after_signing_out_closes_the_window(
    opened: Services, qtbot: QtBot
) -> None:
    window = _window(opened, qtbot)
    _shown(window)
    window.run_modal = lambda _dialog: QDialog.DialogCode.Rejected.value
    assert window.sign_out()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert opened.access.identity is None
    _close(window)


# -- each role lands on its own work ---------------------------------------------------


@pytest.mark.parametrize(
    ("user", "section"),
    [
        ("demo", "waiting_list"),
        ("demo-admin", "settings"),
        ("demo-advocate", "casework"),
        ("demo-coordinator", "citizen_advocacy"),
        ("demo-viewer", "people"),
    ],
)
def test_each_role_lands_on_its_own_work(
    opened: Services, qtbot: QtBot, user: str, section: str
) -> None:
    window = _window(opened, qtbot, user)
    assert _section(window) == section
    assert window.navigation.currentRow() == window.pages.currentIndex()
    page = window.pages.currentWidget()
    assert page is not None
    assert page.isVisibleTo(window)
    _close(window)


# -- sorting and panes from the keyboard -----------------------------------------------


def test_sort_by_from_the_view_menu_sorts_the_table_in_use(opened: Services, qtbot: QtBot) -> None:
    window = _window(opened, qtbot)
    _shown(window)
    assert window.navigation.accessibleName() == "Sections"
    window.show_section("people")
    table = window.people_page.table
    table.setFocus()
    menu = window.sort_menu()
    assert menu is not None
    titles = [a.text() for a in menu.actions()]
    assert titles[:3] == ["Reference", "Family name", "Given name"]
    assert [a.text() for a in menu.actions() if a.isChecked()] == ["Family name"]
    menu.actions()[2].trigger()  # Given name
    names = [table.model().index(r, 2).data() for r in range(10)]
    assert names == sorted(names, key=str.casefold)
    again = window.sort_menu()
    assert again is not None
    again.actions()[2].trigger()  # the same column again: the other way round
    backwards = [table.model().index(r, 2).data() for r in range(10)]
    assert backwards == sorted(backwards, key=str.casefold, reverse=True)
    assert backwards != names
    # From the keyboard: Ctrl+Shift+S pops the menu up, at the column it is sorted by.
    control_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(window, Qt.Key.Key_S, control_shift)
    popup = QApplication.activePopupWidget()
    assert popup is not None
    assert popup.objectName() == "sortByMenu"
    popup.close()
    # The waiting list keeps the matrix's order: it says so.
    window.show_section("waiting_list")
    assert window.sort_menu() is None
    assert "order of its own" in window.statusBar().currentMessage()
    _close(window)


def test_pane_sizes_change_from_the_view_menu(opened: Services, qtbot: QtBot) -> None:
    window = _window(opened, qtbot)
    _shown(window)
    window.show_section("people")
    QTest.qWait(50)
    splitter = window.people_page.splitter
    first = splitter.sizes()
    QTest.keyClick(window, Qt.Key.Key_BracketLeft, Qt.KeyboardModifier.ControlModifier)
    narrower = splitter.sizes()
    assert narrower[0] < first[0]  # the person's details have more room
    assert narrower[1] > first[1]
    QTest.keyClick(window, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)
    assert splitter.sizes()[0] > narrower[0]
    for _ in range(20):  # the list can never be squeezed below what it needs
        window.wider_details_action.trigger()
    assert splitter.sizes()[0] <= narrower[0]
    left = splitter.widget(0)
    assert left is not None
    assert splitter.sizes()[0] >= left.minimumSizeHint().width()
    window.reset_panes_action.trigger()
    assert splitter.sizes() == first
    # The details can never be squeezed below what they need.
    for _ in range(20):
        window.wider_list_action.trigger()
    panel = window.people_page.panel
    assert splitter.sizes()[1] >= panel.minimumWidth()
    window.show_section("audit")
    window.move_divider(0.1)  # a section without panes says so
    assert window.statusBar().currentMessage() == "This section has no panes to resize."
    _close(window)


# -- never pointed at a tab one cannot see ---------------------------------------------


@pytest.mark.parametrize(("user", "sees_backups"), [("demo-advocate", False),
                                                     ("demo-admin", True)])  # fmt: skip
def test_messages_name_a_settings_tab_only_to_those_who_have_it(
    opened: Services, qtbot: QtBot, user: str, sees_backups: bool
) -> None:
    window = _window(opened, qtbot, user)
    window.show_section("settings")
    assert ("backups" in window.settings_page.tab_keys) is sees_backups
    database_text = window.settings_page.database.text()
    assert ("Backups tab" in database_text) is sees_backups
    window._auto_backup_failed("the disk is full")
    message = window.statusBar().currentMessage()
    assert ("Settings > Backups" in message) is sees_backups
    assert sees_backups or "administrator" in message
    _close(window)


def test_someone_else_at_the_lock_screen_is_told_how_much_is_open_never_what(
    opened: Services, qtbot: QtBot
) -> None:
    window = _window(opened, qtbot)
    _shown(window)
    draft = QDialog(window)
    draft.setWindowTitle("Edit person: Jane Partridge")
    QLineEdit("Half-typed note about Mrs B", draft)
    draft.show()
    qtbot.waitExposed(draft)
    window.lock_now()
    lock = window.idle_lock
    assert lock is not None
    questions: list[str] = []

    def answer_no(_title: str, question: str) -> bool:
        questions.append(question)
        return False

    window.confirm = answer_no
    lock.covers[0].switch_button.click()
    qtbot.waitUntil(lambda: bool(questions), timeout=5_000)
    assert questions == ["demo has 1 window open. Signing in as someone else closes it."]
    assert opened.access.identity is not None
    assert opened.access.identity.username == "demo"  # "No": still theirs, still locked
    assert lock.is_locked
    assert draft.isVisible()
    draft.close()
    _close(window)


def test_sections_name_their_permissions_as_the_roles_grant_them() -> None:
    """Each section's permissions are ``Permission`` values (a misspelt one fails here,
    not silently hides a section), and each role sees the sections its work needs."""
    from advocacy_desk.domain.permissions import ROLE_PERMISSIONS, Permission

    assert all(isinstance(need, Permission) for s in SECTIONS for need in s.needs)

    def seen(role: str) -> list[str]:
        granted = ROLE_PERMISSIONS[role]
        return [s.key for s in SECTIONS if not s.needs or granted & set(s.needs)]

    assert seen("advocate") == ["people", "waiting_list", "casework", "diary", "settings"]
    assert seen("volunteer_coordinator") == ["people", "citizen_advocacy", "settings"]
    assert seen("administrator") == ["settings"]
    assert seen("manager") == [s.key for s in SECTIONS]
