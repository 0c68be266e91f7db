from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from advocacy_desk.app import Services, open_services
from advocacy_desk.db.engine import DatabaseError, database_url, make_engine


def test_sqlite_connections_are_durable_and_enforce_foreign_keys(db_path: Path) -> None:
    services = open_services(db_path)
    with services.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 10_000
    services.close()


def test_server_sessions_are_in_utc_and_use_no_sqlite_statements(
    services: Services, on_postgres: bool
) -> None:
    if not on_postgres:
        pytest.skip("needs PostgreSQL")
    with services.engine.connect() as conn:
        assert conn.exec_driver_sql("SHOW timezone").scalar() == "UTC"
    # Writing and reading went through without a PRAGMA or BEGIN IMMEDIATE (PostgreSQL
    # would have refused either).
    with services.uow() as uow:
        uow.session.execute(text("SELECT 1"))
        uow.commit()


def test_paths_and_urls_are_both_accepted(tmp_path: Path) -> None:
    assert database_url(tmp_path / "a.sqlite").get_backend_name() == "sqlite"
    assert database_url("postgresql+psycopg://u@h/db").get_backend_name() == "postgresql"


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="does not exist"):
        database_url(tmp_path / "nowhere" / "a.sqlite")


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database at all, just notes\n")
    with pytest.raises(DatabaseError, match="not an Advocacy Desk database"):
        open_services(notes)
    assert notes.read_text() == "not a database at all, just notes\n"


def test_a_database_from_a_newer_app_is_refused(database: str) -> None:
    open_services(database).close()
    engine = make_engine(database)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(DatabaseError, match="newer version of Advocacy Desk"):
        open_services(database)
