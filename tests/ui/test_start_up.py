"""What the window does as it opens its database, so that the People list shows its rows
within a second of the first paint on a large database (see the start-up benchmark):
no NumPy before the first paint, the pages imported while someone signs in, Casework
built the first time it is shown, the next actions counted once, and the garbage
collector back on once the sections are built."""

from __future__ import annotations

import gc
import importlib.util
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from advocacy_desk.app import Services, open_services
from advocacy_desk.domain.people import PersonDetails
from tests.conftest import TODAY
from tests.fresh_python import loaded_by
from ui import app as app_module
from ui.bus import DataBus
from ui.main_window import SECTIONS, MainWindow
from ui.people.page import PeoplePage
from ui.sections import Section, import_ahead
from ui.tasks import finish_background_work

ROOT = Path(__file__).resolve().parents[2]


def test_nothing_before_the_first_paint_loads_numpy() -> None:
    """NumPy takes about a tenth of a second to import: it loads with the forms and the
    pages that score, not with the widgets the window paints first."""
    assert loaded_by("import ui.app", ("numpy", "icalendar", "reportlab")).found == []


def test_every_section_names_the_module_its_page_is_in() -> None:
    eager = [s for s in SECTIONS if not s.lazy]
    assert eager, "some sections are built as the database opens"
    for section in eager:
        assert section.page, f"{section.key} is built at start: name its page's module"
    for section in SECTIONS:
        if section.page:
            assert importlib.util.find_spec(section.page) is not None, section.page


def test_the_pages_are_imported_ahead_on_a_thread_of_their_own() -> None:
    def build(services: Services, bus: DataBus) -> PeoplePage:
        raise AssertionError("import_ahead only imports")

    wanted = Section("a", "A", build=build, page="json.tool")
    later = Section("b", "B", build=build, page="tests.ui.no_such_module_either", lazy=True)
    broken = Section("c", "C", build=build, page="tests.ui.no_such_module")
    sys.modules.pop("json.tool", None)
    thread = import_ahead((broken, later, wanted))
    assert thread.daemon
    thread.join(timeout=30)
    assert not thread.is_alive()
    assert "json.tool" in sys.modules  # one that fails does not stop the others
    assert "tests.ui.no_such_module_either" not in sys.modules  # lazy: not imported


def test_casework_is_built_the_first_time_it_is_shown(services: Services, qtbot: QtBot) -> None:
    window = MainWindow(services)
    qtbot.addWidget(window)
    assert "casework" not in window._built  # not read as the window opens
    window.show_section("casework")
    assert window._casework_page is not None
    assert window.pages.currentWidget() is window._built["casework"]


def test_the_people_page_counts_next_actions_once_as_it_opens(
    services: Services, bus: DataBus, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    counted: list[int] = []
    casework = services.casework
    real = casework.next_actions_due

    def counting(advocate_id: int | None, within_days: int = 14) -> tuple[int, int]:
        counted.append(within_days)
        return real(advocate_id, within_days)

    monkeypatch.setattr(casework, "next_actions_due", counting)
    page = PeoplePage(services, bus)
    qtbot.addWidget(page)
    page.show()  # in the same turn, as the window shows the section it just built
    assert len(counted) == 1
    page.hide()
    qtbot.wait(10)
    page.show()  # later: counted again (actions fall due as the days pass)
    assert len(counted) == 2


def test_launch_leaves_the_garbage_collector_on(tmp_path: Path, qtbot: QtBot) -> None:
    db = tmp_path / "start.sqlite"
    prepared = open_services(db, today=lambda: TODAY)
    prepared.people.create(PersonDetails("Amir", "Khan"))
    prepared.close()
    assert gc.isenabled()
    window = app_module.launch(str(db), signing_in=lambda _services, _window: True)
    qtbot.addWidget(window)
    try:
        with qtbot.waitSignal(window.ready, timeout=10_000):
            pass
        assert gc.isenabled()
        assert window.people_page.model.rowCount() == 1
    finally:
        gc.enable()  # whatever happened, not off for the tests after this one
        finish_background_work()
        if window.services is not None:
            window.services.close()


def test_launch_turns_the_collector_back_on_when_the_database_will_not_open(
    tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "open_at_start", lambda _window, _location, _ask: None)
    window = app_module.launch(str(tmp_path / "never.sqlite"))
    qtbot.addWidget(window)
    try:
        qtbot.waitUntil(gc.isenabled, timeout=10_000)
        assert window.services is None
    finally:
        gc.enable()
