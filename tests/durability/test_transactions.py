"""SQLite connections are set up for safety, and writers wait for each other."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select, text

from advocacy_desk.db.engine import BUSY_TIMEOUT_MS
from advocacy_desk.db.models import Person
from advocacy_desk.services import Services


def test_every_connection_waits_for_a_busy_file_and_keeps_data_safe(services: Services) -> None:
    with services.engine.connect() as conn:
        pragma = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("busy_timeout", "foreign_keys", "journal_mode", "synchronous")
        }
    assert pragma == {
        "busy_timeout": BUSY_TIMEOUT_MS,
        "foreign_keys": 1,
        "journal_mode": "wal",
        "synchronous": 2,
    }  # 2 is FULL


def _other_writer(db_path: Path) -> sqlite3.Connection:
    return sqlite3.connect(db_path, timeout=0.05, isolation_level=None)


def test_a_unit_of_work_takes_the_write_lock_at_its_start(
    services: Services, db_path: Path
) -> None:
    other = _other_writer(db_path)
    try:
        with services.uow() as uow:
            uow.session.scalar(select(Person.id))  # only a read, yet the lock is held
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # free again once the unit of work ends
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_a_read_only_unit_of_work_never_blocks_a_writer(services: Services, db_path: Path) -> None:
    other = _other_writer(db_path)
    try:
        with services.uow(read_only=True) as uow:
            uow.session.execute(text("SELECT count(*) FROM person")).scalar()
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
    finally:
        other.close()
