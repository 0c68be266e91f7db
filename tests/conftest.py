"""Shared fixtures: a fresh migrated database per test, and a fixed "today"."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

# Qt tests run without a screen; set before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from advocacy_desk.services import Services, open_services

#: The date tests treat as today, so results never depend on the calendar.
TODAY = date(2026, 11, 23)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "advocacy.sqlite"


@pytest.fixture
def services(db_path: Path) -> Iterator[Services]:
    opened = open_services(db_path, today=lambda: TODAY, user="tester")
    yield opened
    opened.close()
