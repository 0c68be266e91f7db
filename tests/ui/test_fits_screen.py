"""Every page and dialog fits a 1280x720 laptop: the window and each dialog no bigger
than the screen leaves room for, nothing shown reaching outside what holds it (unless it
scrolls there), nothing squeezed below the size it needs, and the waiting list's table
with most of the width while no referral is chosen.

The pages and dialogs are those the screenshot script pictures (tests/ui/screens.py).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QDialog, QScrollArea
from pytestqt.qtbot import QtBot

from advocacy_desk.app import Services
from advocacy_desk.demo import DEMO_PASSWORD
from tests.ui import screens
from ui.main_window import MainWindow
from ui.referrals.referral_form import ReferralDialog
from ui.waiting_list import WaitingListPage
from ui.waiting_list.model import COLUMNS
from ui.widgets import screen

LAPTOP = (1280, 720)
#: What a 1280x720 screen leaves with text (and everything else) at 125%.
AT_125 = (1024, 576)


@pytest.fixture(autouse=True)
def laptop_screen(monkeypatch: pytest.MonkeyPatch) -> QSize:
    """The screen is a 1280x720 laptop; the room a window has on it (its title bar and
    frame taken off)."""
    monkeypatch.setattr(screen, "available", screens.laptop(*LAPTOP))
    return screen.room()


def _window(services: Services, qtbot: QtBot, user: str) -> MainWindow:
    services.accounts.sign_in(user, DEMO_PASSWORD)
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.auto_backup_interval_ms = 24 * 3_600_000
    window.show()
    screens.settle(5)
    return window


def test_the_main_window_opens_within_the_screen(
    demo_copy: Services, qtbot: QtBot, laptop_screen: QSize
) -> None:
    window = _window(demo_copy, qtbot, "demo")
    assert window.width() <= laptop_screen.width()
    assert window.height() <= laptop_screen.height()
    assert window.height() <= LAPTOP[1] - screen.FRAME.height()  # title bar and frame too


@pytest.mark.slow
@pytest.mark.parametrize("user", ["demo", "demo-admin", "demo-advocate", "demo-coordinator"])
def test_every_page_fits_1280x720_with_nothing_cut_off(
    demo_copy: Services, qtbot: QtBot, laptop_screen: QSize, user: str
) -> None:
    window = _window(demo_copy, qtbot, user)
    problems = []
    seen = []
    for view in screens.pages(window):
        seen.append(view)
        problems += [f"{view}: {problem}" for problem in screens.cut_off(window, laptop_screen)]
    assert len(seen) >= 5
    assert problems == []


@pytest.mark.slow
@pytest.mark.parametrize("user", ["demo", "demo-admin", "demo-advocate", "demo-coordinator"])
def test_with_text_at_125_percent_every_page_scrolls_only_up_and_down_and_squeezes_nothing(
    demo_copy: Services, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, user: str
) -> None:
    """1280x720 with text at 125% leaves 1024x576: a page may scroll up and down, but
    never sideways, and no field is squeezed or cut off (an open case, the People
    panel and Settings' tall tabs among them)."""
    monkeypatch.setattr(screen, "available", screens.laptop(*AT_125))
    room = screen.room()
    window = _window(demo_copy, qtbot, user)
    problems = []
    seen = []
    for view in screens.pages(window):
        seen.append(view)
        problems += [f"{view}: {p}" for p in screens.cut_off(window, room, up_and_down=True)]
    assert len(seen) >= 5
    assert problems == []


def test_the_waiting_list_table_has_most_of_the_width_until_a_referral_is_chosen(
    demo_copy: Services, qtbot: QtBot
) -> None:
    window = _window(demo_copy, qtbot, "demo")
    window.show_section("waiting_list")
    screens.settle()
    page = window.pages.currentWidget()
    assert isinstance(page, WaitingListPage)
    assert page.model.rowCount() > 0
    assert page.table.width() >= 0.9 * page.splitter.width()
    header = page.table.horizontalHeader()
    shown = sum(header.sectionSize(c) for c in range(header.count()))
    assert shown <= page.table.viewport().width() + 1, "the last columns are cut off"
    for title in ("Person", "Type"):  # whole names, not "Richard Bloom…", with room to spare
        column = next(n for n, spec in enumerate(COLUMNS) if spec.title == title)
        assert header.sectionSize(column) + 4 >= page.table.sizeHintForColumn(column), title
    assert "Choose a referral" in page.hint.text()

    page.table.selectRow(0)
    screens.settle()
    assert page.panel_area.isVisible()
    assert page.panel_area.width() >= 300  # the breakdown readable beside the list
    assert page.table.width() >= page.panel_area.width()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("user", "least", "size"),
    [
        ("demo", 40, LAPTOP),
        ("demo-admin", 15, LAPTOP),
        ("demo", 40, AT_125),
    ],
)
def test_every_dialog_fits_1280x720_with_its_buttons_in_view(
    demo_copy: Services,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    user: str,
    least: int,
    size: tuple[int, int],
) -> None:
    """At 1280x720, and with text at 125% on it (which leaves 1024x576)."""
    monkeypatch.setattr(screen, "available", screens.laptop(*size))
    laptop_screen = screen.room()
    window = _window(demo_copy, qtbot, user)
    problems = []
    seen = []
    for name, dialog in screens.dialogs(window):
        seen.append(name)
        problems += [f"{name}: {problem}" for problem in screens.cut_off(dialog, laptop_screen)]
        main = getattr(dialog, "main_button", lambda: None)()
        if main is not None and main.isVisible():
            corner = main.mapTo(dialog, main.rect().bottomRight())
            assert dialog.rect().contains(corner), f"{name}: its main button is out of view"
    assert len(seen) >= least
    assert problems == []


def test_a_form_taller_than_the_screen_scrolls_and_keeps_its_buttons(
    demo_copy: Services, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """1280x720 with text at 125% leaves 1024x576: the referral form scrolls."""
    monkeypatch.setattr(screen, "available", screens.laptop(*AT_125))
    room = screen.room()
    window = _window(demo_copy, qtbot, "demo")
    person = screens.sample(demo_copy).person_id
    dialog = ReferralDialog(demo_copy, person, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    screens.settle()
    assert dialog.height() <= room.height()
    assert dialog.width() <= room.width()
    assert screen.scrolls(dialog)
    scroll = dialog.findChild(QScrollArea, screen.SCROLL_NAME)
    assert scroll is not None
    assert scroll.verticalScrollBar().maximum() > 0
    save = dialog.main_button()
    assert save is not None
    assert save.isVisible()
    assert not scroll.isAncestorOf(save), "the buttons scroll away with the form"
    assert dialog.rect().contains(save.mapTo(dialog, save.rect().bottomRight()))
    assert screens.cut_off(dialog, room) == []
    dialog.done(QDialog.DialogCode.Rejected.value)
