"""SQLite connections are set up for safety, and writers wait for each other."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select, text

from advocacy_desk.app import Services
from advocacy_desk.db.engine import BUSY_TIMEOUT_MS
from advocacy_desk.db.models import Person
from advocacy_desk.domain.people import PersonDetails


def test_every_connection_waits_for_a_busy_file_and_keeps_data_safe(
    services: Services, db_path: Path
) -> None:
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


def _people(services: Services) -> int:
    with services.uow(read_only=True) as uow:
        return len(uow.session.scalars(select(Person.id)).all())


def test_a_writer_waits_for_the_writer_before_it_on_any_database(services: Services) -> None:
    """Writers take turns (SQLite: BEGIN IMMEDIATE; a server: an advisory lock), so what
    the app reads and then writes (the next reference, the audit trail's last link)
    cannot interleave with another laptop's save. Readers never wait."""
    import threading

    done = threading.Event()

    def colleague_saves() -> None:
        services.people.create(PersonDetails("Col", "League", None))
        done.set()

    with services.uow() as uow:
        uow.session.scalar(select(Person.id))  # a writer's transaction, holding the lock
        colleague = threading.Thread(target=colleague_saves)
        colleague.start()
        assert not done.wait(0.5)  # still waiting for the lock
        assert _people(services) == 0  # and a reader does not wait at all
    colleague.join(10)
    assert done.is_set()
    assert _people(services) == 1


def test_a_server_gives_up_waiting_with_a_clear_message(
    services: Services, database: str, on_postgres: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not on_postgres:
        pytest.skip("needs PostgreSQL (SQLite's wait is its busy timeout)")
    from advocacy_desk.app import open_services
    from advocacy_desk.db import engine as engine_module
    from advocacy_desk.domain.errors import AdvocacyDeskError

    # 60 s in use; a fifth of a second here.
    monkeypatch.setattr(engine_module, "LOCK_TIMEOUT", "200ms")
    impatient = open_services(database, user="tester")
    try:
        with services.uow() as holding:  # another laptop's long write
            holding.session.scalar(select(Person.id))
            with pytest.raises(AdvocacyDeskError, match="the server is busy"):
                impatient.people.create(PersonDetails("Ima", "Patient", None))
    finally:
        impatient.close()
    assert _people(services) == 0
