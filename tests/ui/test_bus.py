"""The window's change event: every commit tells the data bus what it wrote (on the GUI
thread, whichever thread committed), and pages refresh from what they watch, at once
when shown, when next shown when hidden, and not for what they do not watch."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from advocacy_desk.app import Services, open_services
from advocacy_desk.db.models import Person
from advocacy_desk.domain.changes import Changes
from advocacy_desk.domain.errors import ValidationError
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.services.settings import PROVIDER_NAME
from tests.conftest import TODAY
from tests.data_protection_data import closed_case, person
from tests.ui.conftest import click, type_into
from ui.bus import DataBus
from ui.data_protection import AnonymiseDialog, RetentionPage
from ui.main_window import MainWindow
from ui.people.page import PeoplePage
from ui.widgets.watching import Watch

WAIT_MS = 5000


def _details(given: str = "Ada", family: str = "Lovelace") -> PersonDetails:
    return PersonDetails(given, family, date(1980, 1, 2), postcode="CM1 1AA")


class Page(QWidget):
    """A page that watches people and counts its refreshes (with what it was given)."""

    WATCHES = frozenset({"person"})

    def __init__(self, bus: DataBus, *, stale: bool = False, ignore: object = None) -> None:
        super().__init__()
        self.refreshed: list[Changes | None] = []
        self.threads: list[QThread] = []
        self.watch = Watch(bus, self, self.WATCHES, self._refresh, stale=stale, ignore=ignore)

    def _refresh(self, changes: Changes | None) -> None:
        self.refreshed.append(changes)
        self.threads.append(QThread.currentThread())


@pytest.fixture
def page(qtbot: QtBot, bus: DataBus) -> Page:
    shown = Page(bus)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def test_a_write_through_a_service_reaches_a_watching_page_with_what_it_wrote(
    services: Services, page: Page
) -> None:
    made = services.people.create(_details())
    [changes] = page.refreshed
    assert changes is not None
    assert changes.keys("person", "insert") == {made.id}
    assert changes.initiator is None


def test_a_page_not_watching_a_kind_is_not_refreshed(services: Services, page: Page) -> None:
    services.settings.change(PROVIDER_NAME, "Essex Advocacy")  # a setting, not a person
    assert page.refreshed == []


def test_a_hidden_page_is_marked_stale_and_refreshes_when_shown_not_before(
    services: Services, page: Page, qtbot: QtBot
) -> None:
    page.hide()
    services.people.create(_details())
    services.people.create(_details("Grace", "Hopper"))
    assert page.refreshed == []
    assert page.watch.stale
    page.show()
    qtbot.waitExposed(page)
    assert page.refreshed == [None]  # once, for everything it missed: read it all again
    assert not page.watch.stale


def test_a_page_stale_from_the_start_reads_when_first_shown(bus: DataBus, qtbot: QtBot) -> None:
    later = Page(bus, stale=True)
    qtbot.addWidget(later)
    assert later.refreshed == []
    later.show()
    qtbot.waitExposed(later)
    assert later.refreshed == [None]


def test_a_commit_on_a_worker_thread_is_delivered_on_the_gui_thread(
    services: Services, page: Page, qtbot: QtBot
) -> None:
    committed_on: list[threading.Thread] = []

    def write() -> None:
        committed_on.append(threading.current_thread())
        services.people.create(_details())

    worker = threading.Thread(target=write)
    worker.start()
    worker.join()
    assert committed_on[0] is not threading.main_thread()
    qtbot.waitUntil(lambda: len(page.refreshed) == 1, timeout=WAIT_MS)
    gui = QApplication.instance()
    assert gui is not None
    assert page.threads == [gui.thread()]


def test_the_initiator_is_carried_and_a_page_may_skip_its_own_writes(
    services: Services, bus: DataBus, page: Page, qtbot: QtBot
) -> None:
    mine = Page(bus, ignore=page)
    qtbot.addWidget(mine)
    mine.show()
    qtbot.waitExposed(mine)
    with bus.initiated_by(page):
        services.people.create(_details())
    [changes] = page.refreshed
    assert changes is not None
    assert changes.initiator is page
    assert mine.refreshed == []  # it said it made this change itself
    services.people.create(_details("Grace", "Hopper"))
    assert len(mine.refreshed) == 1  # someone else's
    assert mine.refreshed[0] is not None
    assert mine.refreshed[0].initiator is None


def test_a_write_refused_or_rolled_back_tells_nothing(
    services: Services, bus: DataBus, page: Page
) -> None:
    services.people.create(_details())
    heard: list[Changes] = []
    bus.changed.connect(heard.append)
    with pytest.raises(ValidationError):
        services.people.create(_details(given=""))
    with services.uow() as uow:
        uow.session.execute(update(Person).values(given_name="Not kept"))
        uow.session.flush()
        # left without commit(): rolled back
    assert heard == []
    assert len(page.refreshed) == 1  # the first create only


def test_the_bus_follows_the_services_it_is_given_and_no_others(
    services: Services, bus: DataBus, page: Page, tmp_path: object
) -> None:
    other = open_services(f"{tmp_path}/other.sqlite", today=lambda: TODAY)
    try:
        bus.follow(other)
        services.people.create(_details())
        assert page.refreshed == []  # no longer the database the pages show
        other.people.create(_details())
        assert len(page.refreshed) == 1
        bus.follow(None)
        other.people.create(_details("Grace", "Hopper"))
        assert len(page.refreshed) == 1
    finally:
        other.close()


def test_a_deleted_page_hears_nothing_more(services: Services, bus: DataBus) -> None:
    gone = Page(bus)
    gone.show()
    gone.deleteLater()
    QApplication.sendPostedEvents(None, 0)
    QApplication.processEvents()
    services.people.create(_details())  # no error from a page that is no more


def test_anonymising_on_the_data_protection_page_refreshes_the_people_page(
    services: Services, qtbot: QtBot, no_modals: list[str]
) -> None:
    """The Data protection page was built without the bus, so anonymising there left
    the People page showing the old name."""
    ann = person(services, "Ann", "Archer")
    closed_case(services, ann, date(2024, 1, 10), date(2024, 3, 1))
    services.data_protection.set_retention_years(1)
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    people = window.people_page
    assert "Ann Archer" in _shown_names(people)

    window.show_section("data_protection")
    retention = window.pages.currentWidget()
    assert isinstance(retention, RetentionPage)

    def anonymise(dialog: QDialog) -> int:
        assert isinstance(dialog, AnonymiseDialog)
        type_into(dialog.reason, "Retention period passed")
        click(dialog.save_button)
        return dialog.result()

    retention.run_modal = anonymise
    retention.select("P000001")
    assert retention.anonymise_selected()

    window.show_section("people")
    names = _shown_names(people)
    assert "Ann Archer" not in names
    assert "Anonymised P000001" in names


def _shown_names(page: PeoplePage) -> set[str]:
    """Each row's given and family names as the People list shows them."""
    model = page.model
    return {
        f"{model.index(row, 2).data()} {model.index(row, 1).data()}"
        for row in range(model.rowCount())
    }


def test_the_window_follows_the_database_it_opens_next(
    qtbot: QtBot, tmp_path: object, no_modals: list[str]
) -> None:
    """A restore or a reopened database replaces the services: the window's bus must
    tell the pages of the new database's commits, and no longer of the old one's."""
    first = open_services(f"{tmp_path}/first.sqlite", today=lambda: TODAY)
    window = MainWindow(first)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    heard: list[Changes] = []
    window.bus.changed.connect(heard.append)
    second = open_services(f"{tmp_path}/second.sqlite", today=lambda: TODAY)
    try:
        window.attach(second)  # closes the first, as a restore does
        assert window.people_page.model.rowCount() == 0
        second.people.create(_details())
        assert window.people_page.model.rowCount() == 1
        assert [changes.count("person") for changes in heard] == [1]
    finally:
        window.close()
        second.close()
