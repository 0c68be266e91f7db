"""Shared fixtures: a fresh migrated database per test, and a fixed "today".

The tests run on SQLite files by default. With ``ADVOCACY_DESK_TEST_POSTGRES`` set to the
URL of a PostgreSQL server's maintenance database (``python -m tests.pg_server start``
prints one), every test that asks for ``database`` or ``services`` gets a fresh database
of its own on that server instead, copied from a template migrated once per run. Tests
about the SQLite file itself (backups, its pragmas) ask for ``db_path`` and are skipped
there.
"""

from __future__ import annotations

import itertools
import os
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

# Qt tests run without a screen; set before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The app's data folder (its own database, backups, the server it was told to open) is a
# fresh one for the run, never the real one of whoever runs the tests.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="advocacy-desk-tests-")

from advocacy_desk.app import Services, open_services
from tests import server_databases

#: The date tests treat as today, so results never depend on the calendar.
TODAY = date(2026, 11, 23)

_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def postgres() -> Iterator[server_databases.Server | None]:
    """The PostgreSQL server the run uses, or None on SQLite."""
    server = server_databases.from_environment()
    yield server
    if server is not None:
        server.close()


@pytest.fixture
def on_postgres(postgres: server_databases.Server | None) -> bool:
    return postgres is not None


@pytest.fixture
def new_database(
    tmp_path: Path, postgres: server_databases.Server | None
) -> Iterator[server_databases.NewDatabase]:
    """Makes further empty databases: a file in ``tmp_path`` on SQLite (made when first
    opened), a database on the server otherwise, migrated unless ``migrated=False`` (and
    removed after the test)."""
    made: list[str] = []

    def make(name: str = "", migrated: bool = True) -> str:
        name = name or f"extra{next(_numbers)}"
        if postgres is None:
            return str(tmp_path / f"{name}.sqlite")
        location = postgres.create(migrated=migrated)
        made.append(location)
        return location

    yield make
    if postgres is not None:
        for location in made:
            postgres.drop(location)


@pytest.fixture
def database(tmp_path: Path, postgres: server_databases.Server | None) -> Iterator[str]:
    """Where the test's database is: a file path on SQLite, a URL on PostgreSQL."""
    if postgres is None:
        yield str(tmp_path / "advocacy.sqlite")
        return
    location = postgres.create(migrated=True)
    yield location
    postgres.drop(location)


@pytest.fixture
def db_path(tmp_path: Path, postgres: server_databases.Server | None) -> Path:
    """The SQLite file itself, for tests about the file (skipped on PostgreSQL)."""
    if postgres is not None:
        pytest.skip("about the SQLite file itself")
    return tmp_path / "advocacy.sqlite"


@pytest.fixture
def services(database: str) -> Iterator[Services]:
    opened = open_services(database, today=lambda: TODAY, user="tester")
    yield opened
    opened.close()
