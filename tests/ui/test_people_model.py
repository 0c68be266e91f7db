"""The People table model: ids only, rows a page at a time, sorted by re-querying."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt
from pytestqt.modeltest import ModelTester

from advocacy_desk.app import Services
from tests.ui.conftest import AddPerson, make_people
from ui.people.model import COLUMNS, PERSON_ID_ROLE, PeopleTableModel

DISPLAY = Qt.ItemDataRole.DisplayRole


def check_model(tester: ModelTester, model: PeopleTableModel, force_py: bool = False) -> None:
    """``qtmodeltester.check`` (pytest-qt leaves it untyped)."""
    check: Callable[..., None] = tester.check
    check(model, force_py=force_py)


def column_texts(model: PeopleTableModel, column: int) -> list[str]:
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


@pytest.fixture
def five_hundred(services: Services) -> list[int]:
    start = time.perf_counter()
    ids = make_people(services, 500)
    assert time.perf_counter() - start < 30
    return ids


@pytest.mark.qt_log_level_fail("WARNING")
def test_passes_qt_model_tester_with_500_people(
    services: Services, five_hundred: list[int], qtmodeltester: ModelTester
) -> None:
    model = PeopleTableModel(services.people, page_size=50, max_pages=3)
    assert model.rowCount() == 500
    check_model(qtmodeltester, model)
    # Keep the tester attached while the model re-sorts, filters and refreshes.
    model.sort(3, Qt.SortOrder.DescendingOrder)
    model.set_filter("smith")
    assert 0 < model.rowCount() < 500
    model.sort(0, Qt.SortOrder.AscendingOrder)
    model.refresh()
    model.set_filter("")
    assert model.rowCount() == 500


def test_passes_python_model_tester_too(
    services: Services, five_hundred: list[int], qtmodeltester: ModelTester
) -> None:
    model = PeopleTableModel(services.people, page_size=50, max_pages=3)
    check_model(qtmodeltester, model, force_py=True)
    model.sort(4, Qt.SortOrder.AscendingOrder)
    model.set_filter("chen")
    model.refresh()


def test_columns_and_uk_dates(services: Services, add_person: AddPerson) -> None:
    person = add_person(
        "Jane", "Smith", date(1950, 2, 1), postcode="cm1 1aa", local_authority="Essex"
    )
    model = PeopleTableModel(services.people)
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert titles == [
        "Reference",
        "Family name",
        "Given name",
        "Date of birth",
        "Postcode",
        "Local authority",
    ]
    row = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert row == ["P000001", "Smith", "Jane", "01/02/1950", "CM1 1AA", "Essex"]
    assert model.data(model.index(0, 3), PERSON_ID_ROLE) == person
    assert model.person_id(0) == person
    assert model.row_of(person) == 0


def test_rows_are_fetched_a_page_at_a_time_into_a_bounded_cache(
    services: Services, five_hundred: list[int]
) -> None:
    model = PeopleTableModel(services.people, page_size=50, max_pages=3)
    assert model.pages_fetched == 0  # only ids so far
    assert model.data(model.index(0, 1)) != ""
    assert model.data(model.index(49, 1)) != ""
    assert (model.pages_fetched, model.cached_pages) == (1, 1)
    for row in (60, 160, 260, 360, 460):
        assert model.data(model.index(row, 0)).startswith("P")
    assert model.pages_fetched == 6
    assert model.cached_pages == 3  # the oldest pages were dropped
    model.data(model.index(460, 2))
    assert model.pages_fetched == 6  # a cached page is not fetched again
    model.data(model.index(0, 2))
    assert model.pages_fetched == 7  # page 0 had been dropped


def test_sorting_re_queries_in_the_column_order(
    services: Services, five_hundred: list[int]
) -> None:
    model = PeopleTableModel(services.people)
    births = column_texts(model, 3)
    model.sort(3, Qt.SortOrder.AscendingOrder)
    sorted_births = column_texts(model, 3)
    assert sorted_births != births
    as_dates = [date(int(t[6:]), int(t[3:5]), int(t[:2])) for t in sorted_births]
    assert as_dates == sorted(as_dates)  # by date, not by the dd/mm/yyyy text
    assert [t[:2] for t in sorted_births] != sorted(t[:2] for t in sorted_births)
    model.sort(3, Qt.SortOrder.DescendingOrder)
    assert [date(int(t[6:]), int(t[3:5]), int(t[:2])) for t in column_texts(model, 3)] == sorted(
        as_dates, reverse=True
    )
    model.sort(0, Qt.SortOrder.DescendingOrder)
    refs = column_texts(model, 0)
    assert refs == sorted(refs, reverse=True)
    assert (model.sort_column, model.sort_order) == (0, Qt.SortOrder.DescendingOrder)


def test_a_selected_person_keeps_their_place_through_a_sort(
    services: Services, add_person: AddPerson
) -> None:
    ids = [add_person(g, f) for g, f in (("Ann", "Zed"), ("Bob", "Young"), ("Cy", "Abel"))]
    model = PeopleTableModel(services.people)
    assert column_texts(model, 1) == ["Abel", "Young", "Zed"]
    held = QPersistentModelIndex(model.index(2, 1))  # Zed
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert column_texts(model, 1) == ["Zed", "Young", "Abel"]
    assert held.row() == 0
    assert model.data(model.index(held.row(), 1)) == "Zed"
    assert model.person_id(held.row()) == ids[0]


def test_filter_matches_every_word_and_resets(services: Services, add_person: AddPerson) -> None:
    add_person("Jane", "Smith", date(1950, 2, 1), postcode="CM1 1AA")
    add_person("John", "Smith", date(1962, 3, 4))
    add_person("Amir", "Khan", date(1950, 2, 1))
    model = PeopleTableModel(services.people)
    assert model.rowCount() == 3
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.set_filter("smith")
    assert column_texts(model, 2) == ["Jane", "John"]
    model.set_filter("  smith   jane ")
    assert column_texts(model, 2) == ["Jane"]
    model.set_filter("01/02/1950")
    assert sorted(column_texts(model, 2)) == ["Amir", "Jane"]
    model.set_filter("cm11aa")
    assert column_texts(model, 2) == ["Jane"]
    model.set_filter("nobody")
    assert model.rowCount() == 0
    assert len(resets) == 5


def test_refresh_sees_new_people(services: Services, add_person: AddPerson) -> None:
    add_person("Jane", "Smith")
    model = PeopleTableModel(services.people)
    assert model.rowCount() == 1
    add_person("Amir", "Khan")
    assert model.rowCount() == 1  # until told
    model.refresh()
    assert column_texts(model, 1) == ["Khan", "Smith"]


def test_column_specs_cover_every_column() -> None:
    assert len(COLUMNS) == 6
    assert len({c.title for c in COLUMNS}) == 6
