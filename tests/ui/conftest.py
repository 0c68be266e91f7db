"""Fixtures for the People and referral screens: a data bus, people, contracts, no modals."""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QMessageBox, QTableWidget, QWidget

from advocacy_desk.app import Services, open_services
from advocacy_desk.demo import generate
from advocacy_desk.domain.changes import Changes
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.services.contracts import ContractDetails
from tests.conftest import TODAY
from ui.bus import DataBus
from ui.tasks import finish_background_work
from ui.widgets import unsaved

GIVEN = ("Jane", "Amir", "Olu", "Maria", "Tomasz", "Priya", "Grace", "Ahmed", "Siobhan", "Wei")
FAMILY = ("Smith", "Khan", "Adeyemi", "Garcia", "Nowak", "Patel", "Connor", "Ali", "Murphy", "Chen")
POSTCODES = ("CM1 1AA", "SS1 2AB", "CO4 3SQ", "")
COUNCILS = ("Essex", "Southend-on-Sea", "Thurrock")

AddPerson = Callable[..., int]

# Typed stand-ins for qtbot's key and mouse helpers (which are untyped): the same QTest
# calls, so mypy --strict can check the tests.


def type_into(widget: QWidget, text: str) -> None:
    """Type ``text`` key by key, as a user would."""
    QTest.keyClicks(widget, text)


def press(
    widget: QWidget,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    QTest.keyClick(widget, key, modifier)


def click(widget: QWidget, pos: QPoint | None = None) -> None:
    """A left click, in the middle of ``widget`` unless ``pos`` says where."""
    QTest.mouseClick(
        widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos or QPoint()
    )


def double_click(widget: QWidget, pos: QPoint) -> None:
    """A double click at ``pos``, with the first click that comes before it."""
    click(widget, pos)
    QTest.mouseDClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)


def cell_text(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None, f"no cell at row {row}, column {column}"
    return item.text()


def kinds(heard: list[Changes]) -> frozenset[str]:
    """Every kind of row (table) the commits heard on the bus wrote, bar the audit trail
    (which nearly every action writes to, even one refused or only looked at)."""
    return frozenset().union(*(changes.kinds() for changes in heard)) - {"audit_event"}


@pytest.fixture
def services(services: Services) -> Iterator[Services]:
    """The test's services (``tests/conftest.py``), closed only once the background jobs
    its pages started have ended, as the window closes a database: a job still running
    would hand its connection back to the closed engine's pool, which a server database
    then finds still open when the collector frees it."""
    yield services
    finish_background_work()


@pytest.fixture
def bus(services: Services) -> Iterator[DataBus]:
    """The data bus the window would hand its pages, following the test's services: a
    page built with it hears every commit, as in the window."""
    following = DataBus(services)
    yield following
    following.follow(None)


@pytest.fixture(autouse=True)
def unsaved_questions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The "Save, Discard or Cancel?" questions asked, answered Discard unless a test
    answers them itself: a form a test typed into and left open is closed at the end
    of the test (by pytest-qt), and must not wait for an answer."""
    asked: list[str] = []

    def discard(_parent: object, title: str, question: str) -> unsaved.Answer:
        asked.append(f"{title}: {question}")
        return unsaved.Answer.DISCARD

    monkeypatch.setattr(unsaved, "ask_save_discard_cancel", discard)
    return asked


@pytest.fixture
def no_modals(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Fail loudly, instead of hanging, if any code under test opens a real modal."""
    opened: list[str] = []

    def refuse(dialog: QDialog) -> int:
        opened.append(dialog.windowTitle())
        raise AssertionError(f"a modal dialog was opened in a test: {dialog.windowTitle()!r}")

    monkeypatch.setattr(QDialog, "exec", refuse)
    monkeypatch.setattr(QMessageBox, "exec", refuse)
    yield opened
    assert opened == []


@pytest.fixture
def add_person(services: Services) -> AddPerson:
    """Add a person straight through the service (no duplicate check); returns the id."""

    def add(given: str, family: str, born: date | None = None, **fields: str) -> int:
        details = PersonDetails(given, family, born, **fields)
        return services.people.create(details, allow_duplicate=True).id

    return add


@pytest.fixture
def contracts(services: Services) -> dict[str, int]:
    """Two contracts: one for Care Act advocacy and IMCA, one for NHS complaints only."""
    made = {
        "Essex Care Act and IMCA": ("care_act", "imca"),
        "Essex NHS complaints": ("nhs_complaints",),
    }
    for name, types in made.items():
        services.contracts.create(
            ContractDetails(
                name=name,
                commissioner="Essex County Council",
                starts_on=date(2026, 4, 1),
                ends_on=date(2027, 3, 31),
                advocacy_types=frozenset(types),
                hours_per_year=1000.0,
            )
        )
    return {c.name: c.id for c in services.contracts.list()}


def make_people(services: Services, count: int, seed: int = 7) -> list[int]:
    """``count`` varied people, for lists long enough to page and sort."""
    rnd = random.Random(seed)
    ids = []
    for _ in range(count):
        born = date(1930 + rnd.randrange(75), 1 + rnd.randrange(12), 1 + rnd.randrange(28))
        details = PersonDetails(
            rnd.choice(GIVEN),
            rnd.choice(FAMILY),
            born,
            postcode=rnd.choice(POSTCODES),
            local_authority=rnd.choice(COUNCILS),
        )
        ids.append(services.people.create(details, allow_duplicate=True).id)
    return ids


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One small demo database (seed 5, as of ``TODAY``) for a module of tests that walk
    every page: it takes a few seconds to make, so each test opens a copy of it."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    services = open_services(path, today=lambda: TODAY)
    generate(services, scale="small", seed=5, as_of=TODAY)
    services.close()
    return path


@pytest.fixture
def demo_copy(demo_file: Path, tmp_path: Path) -> Iterator[Services]:
    """A copy of the module's demo database, opened: each test changes its own."""
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, copy)
    services = open_services(copy, today=lambda: TODAY)
    yield services
    finish_background_work()
    services.close()
