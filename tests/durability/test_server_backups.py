"""Backups of a database on a PostgreSQL server: pg_dump archives, checked with
pg_restore, restored with pg_restore (the data replaced kept first as another backup),
and a clear message when PostgreSQL's programs are not installed.

Most need a server (``ADVOCACY_DESK_TEST_POSTGRES``); those about the missing programs run
on any run, with a made-up URL: the programs are looked for before anything connects.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import NullPool

from advocacy_desk import paths
from advocacy_desk.app import Services, open_services
from advocacy_desk.cli import main as cli_main
from advocacy_desk.db import server_backup
from advocacy_desk.db.backup import BackupError
from advocacy_desk.db.models import AuditEvent, Person
from advocacy_desk.domain.people import PersonDetails
from tests import server_databases

MADE_UP = "postgresql+psycopg://casework:s3cret@db.example.invalid/advocacy"
MISSING = (
    "pg_dump was not found: install PostgreSQL's client programs (15 or newer) so that "
    "pg_dump is on the PATH, or ask whoever runs the server to back it up"
)


@pytest.fixture(autouse=True)
def data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app's data folder, in the test's own folder (server backups default there)."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setattr(paths, "data_dir", lambda: folder)
    return folder


@pytest.fixture
def server(on_postgres: bool) -> None:
    if not on_postgres:
        pytest.skip("needs PostgreSQL")


@pytest.fixture
def no_postgres_programs(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a computer without PostgreSQL's client programs (on the PATH or elsewhere)."""
    monkeypatch.setattr(shutil, "which", lambda *_args, **_kwargs: None)


def add(services: Services, given: str) -> None:
    services.people.create(PersonDetails(given, "Able", date(1950, 1, 1)), allow_duplicate=True)


def people(services: Services) -> list[str]:
    with services.uow(read_only=True) as uow:
        return sorted(uow.session.scalars(select(Person.given_name)))


def trail_actions(services: Services) -> list[str]:
    with services.uow(read_only=True) as uow:
        return list(uow.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def assert_trail_verifies(services: Services) -> None:
    checked, broken = services.audit.verify()
    assert broken is None, broken
    assert checked > 0


# -- backing up and restoring on a server ---------------------------------------------


@pytest.mark.usefixtures("server")
def test_a_restored_backup_brings_back_what_it_held_and_nothing_since(
    services: Services, data_folder: Path
) -> None:
    assert not services.backups.available  # no automatic backups on a server
    assert services.backups.on_server
    assert services.backups.back_up_if_changed() is None
    add(services, "Ann")
    made = services.backups.back_up_now(label="manual")

    dbname = make_url(str(services.url)).database
    assert made.parent == data_folder / "backups"
    assert re.fullmatch(rf"{dbname}-\d{{8}}-\d{{6}}-manual\.dump", made.name)
    assert made.read_bytes().startswith(b"PGDMP")  # pg_dump's custom format
    assert not list(made.parent.glob("*.part"))
    assert [b.path for b in services.backups.backups()] == [made]

    add(services, "Ben")
    assert people(services) == ["Ann", "Ben"]
    kept = services.backups.restore(made)

    assert people(services) == ["Ann"]
    assert_trail_verifies(services)
    assert trail_actions(services)[-1] == "restore"  # who restored what is recorded
    # The data it replaced was backed up first, and restoring that brings Ben back.
    assert kept.parent == made.parent
    assert kept.name.endswith("-replaced.dump")
    assert {b.label for b in services.backups.backups()} == {"manual", "replaced"}
    services.backups.restore(kept)
    assert people(services) == ["Ann", "Ben"]
    assert_trail_verifies(services)


@pytest.mark.usefixtures("server")
def test_the_audit_trail_stays_append_only_after_a_restore(services: Services) -> None:
    add(services, "Ann")
    made = services.backups.back_up_now()
    services.backups.restore(made)
    for change in ("DELETE FROM audit_event", "UPDATE audit_event SET username = 'x'",
                   "TRUNCATE audit_event"):  # fmt: skip
        with services.engine.connect() as conn, pytest.raises(IntegrityError, match="append-only"):
            conn.execute(text(change))
    assert_trail_verifies(services)


@pytest.mark.usefixtures("server")
def test_a_file_that_is_not_a_backup_of_this_app_is_refused_naming_it(
    services: Services, tmp_path: Path, postgres: server_databases.Server
) -> None:
    add(services, "Ann")
    notes = tmp_path / "notes.dump"
    notes.write_text("minutes of the trustees' meeting\n", encoding="utf-8")
    sqlite_backup = tmp_path / "laptop-20261120-101010.dump"
    with sqlite3.connect(sqlite_backup) as conn:
        conn.execute("CREATE TABLE person (id INTEGER)")
    other = tmp_path / "postgres.dump"  # a real pg_dump archive, of another database
    subprocess.run(
        [server_backup.find_tool("pg_dump"), "--format=custom", f"--file={other}",
         f"--dbname={server_backup.libpq_uri(postgres.url)}"],
        env=server_backup.tool_environment(postgres.url), check=True,
    )  # fmt: skip

    for path, why in (
        (notes, "it is not a pg_dump archive"),
        (sqlite_backup, "it is not a pg_dump archive"),
        (other, "the archive has no audit_event or person table"),
        (tmp_path / "missing.dump", "there is no backup at"),
    ):
        with pytest.raises(BackupError) as refused:
            services.backups.restore(path)
        message = str(refused.value)
        assert path.name in message
        assert why in message
        assert "\n" not in message
    assert people(services) == ["Ann"]
    assert services.backups.backups() == []  # refused before anything was kept aside
    assert_trail_verifies(services)


@pytest.mark.usefixtures("server")
def test_restoring_removes_tables_the_backup_does_not_have(services: Services) -> None:
    """As when restoring a backup from before an upgrade: tables a newer schema added are
    dropped (they would stop ``--clean`` dropping the tables they point at), and the
    database then opens and upgrades as usual."""
    add(services, "Ann")
    made = services.backups.back_up_now()
    with services.engine.begin() as conn:
        conn.execute(text("CREATE TABLE newer (id serial PRIMARY KEY, "
                          "person_id integer REFERENCES person (id))"))  # fmt: skip
        conn.execute(text("INSERT INTO newer (person_id) SELECT id FROM person"))
        conn.execute(text("CREATE FUNCTION newer_count() RETURNS bigint LANGUAGE sql "
                          "AS 'SELECT count(*) FROM newer'"))  # fmt: skip
    add(services, "Ben")

    services.backups.restore(made)

    with services.engine.connect() as conn:
        assert not inspect(conn).has_table("newer")
        assert conn.scalar(text("SELECT count(*) FROM pg_proc WHERE proname = 'newer_count'")) == 0
    assert people(services) == ["Ann"]
    reopened = open_services(services.url, user="tester")
    try:
        assert people(reopened) == ["Ann"]
        assert_trail_verifies(reopened)
    finally:
        reopened.close()


@pytest.mark.usefixtures("server")
def test_a_backup_from_a_newer_version_is_refused(
    services: Services, tmp_path: Path, new_database: server_databases.NewDatabase
) -> None:
    newer = make_url(new_database())
    engine = create_engine(newer, poolclass=NullPool)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    archive = tmp_path / "from-the-future.dump"
    server_backup.back_up(newer, archive)
    add(services, "Ann")

    with pytest.raises(BackupError, match=r"from-the-future\.dump was made by a newer version"):
        services.backups.restore(archive)
    assert people(services) == ["Ann"]


@pytest.mark.usefixtures("server")
def test_two_backups_in_the_same_second_never_overwrite_each_other(
    services: Services, tmp_path: Path
) -> None:
    """As when restoring the "replaced" backup a restore has just made: the data it
    replaces is kept under another name, not written over the backup being restored."""
    add(services, "Ann")
    moment = datetime(2026, 11, 23, 14, 5, 0).astimezone()
    url = services.url
    first = server_backup.take(url, tmp_path / "kept", label="replaced", now=moment)
    add(services, "Ben")
    second = server_backup.take(url, tmp_path / "kept", label="replaced", now=moment)
    assert first != second
    dbname = str(url.database)
    assert [b.path for b in server_backup.backups(tmp_path / "kept", dbname)] == [second, first]
    services.backups.restore(first)
    assert people(services) == ["Ann"]


@pytest.mark.usefixtures("server")
def test_a_failed_dump_leaves_no_file_and_says_what_pg_dump_said(
    tmp_path: Path, postgres: server_databases.Server
) -> None:
    gone = postgres.url.set(database="no_such_database_here")
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "gone.dump"
    with pytest.raises(BackupError) as failed:
        server_backup.back_up(gone, out)
    assert "pg_dump failed" in str(failed.value)
    assert 'database "no_such_database_here" does not exist' in str(failed.value)
    assert list(out.parent.iterdir()) == []


def test_the_programs_get_a_libpq_uri_and_the_password_only_in_their_environment() -> None:
    url = make_url(MADE_UP + "?sslmode=require")
    uri = server_backup.libpq_uri(url)
    assert uri == "postgresql://casework@db.example.invalid/advocacy?sslmode=require"
    assert "s3cret" not in uri
    assert server_backup.tool_environment(url)["PGPASSWORD"] == "s3cret"


# -- without PostgreSQL's programs ----------------------------------------------------


@pytest.mark.usefixtures("no_postgres_programs")
def test_without_pg_dump_a_backup_says_what_to_install_and_writes_nothing(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "backups"
    with pytest.raises(BackupError) as missing:
        server_backup.take(make_url(MADE_UP), folder)
    assert str(missing.value) == MISSING
    assert not folder.exists()


@pytest.mark.usefixtures("no_postgres_programs")
def test_the_command_line_says_pg_dump_is_missing_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "casework.dump"
    assert cli_main(["--db", MADE_UP, "backup", "--out", str(out)]) == 1
    said = capsys.readouterr()
    assert said.err == f"advocacy-desk: error: {MISSING}\n"
    assert said.out == ""
    assert list(out.parent.iterdir()) == []
    assert "s3cret" not in said.err


@pytest.mark.usefixtures("no_postgres_programs", "server")
def test_the_backups_tab_service_says_the_programs_are_missing(services: Services) -> None:
    assert services.backups.tools_missing() == MISSING
    with pytest.raises(BackupError, match="pg_dump was not found"):
        services.backups.back_up_now()


# -- the command line -----------------------------------------------------------------


@pytest.mark.usefixtures("server")
def test_the_command_line_backs_up_and_restores_a_server_database(
    services: Services,
    database: str,
    tmp_path: Path,
    data_folder: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    add(services, "Ann")
    out = tmp_path / "casework.dump"
    assert cli_main(["--db", database, "backup", "--out", str(out)]) == 0
    said = capsys.readouterr().out
    shown = make_url(database).render_as_string(hide_password=True)
    assert re.fullmatch(rf"backed up {re.escape(shown)} to {re.escape(str(out))} "
                        r"\(\d+ tables, checked\)\n", said)  # fmt: skip

    add(services, "Ben")
    assert cli_main(["--db", database, "restore", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"restored {out} to {shown}"
    kept = Path(lines[1].removeprefix("the data it replaced is kept as "))
    assert kept.parent == data_folder / "backups"
    assert kept.is_file()
    assert people(services) == ["Ann"]
    assert_trail_verifies(services)

    notes = tmp_path / "notes.txt"
    notes.write_text("not a backup", encoding="utf-8")
    assert cli_main(["--db", database, "restore", str(notes)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("advocacy-desk: error: notes.txt is not a backup of an Advocacy")
    assert people(services) == ["Ann"]
