"""`advocacy-desk copy --from SQLITE_FILE --to POSTGRES_URL`: moving a laptop's database
to a server, every row checked, never into a database that holds records.

The target is a database on the test server when the suite runs on PostgreSQL, and
another SQLite file otherwise (the copy works between any two, and the rules are the
same)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from advocacy_desk.app import open_services
from advocacy_desk.cli import main as cli_main
from advocacy_desk.db.models import AuditEvent, Base
from advocacy_desk.domain.dates import stored_utc
from advocacy_desk.domain.people import PersonDetails
from tests.conftest import TODAY
from tests.server_databases import NewDatabase

# The demo generator rebuilds its data from the seed: the same file every time.
_DEMO: dict[str, Path] = {}


@pytest.fixture
def laptop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A laptop's database: the small demo (people, referrals, cases, casework, citizen
    advocacy, accounts and an audit trail), made once and copied for each test."""
    if "file" not in _DEMO:
        made = tmp_path_factory.mktemp("laptop") / "laptop.sqlite"
        assert cli_main(["--db", str(made), "demo"]) == 0
        _DEMO["file"] = made
    copy = tmp_path_factory.mktemp("copy") / "advocacy.sqlite"
    with sqlite3.connect(_DEMO["file"]) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    return copy


@pytest.fixture
def server(new_database: NewDatabase) -> str:
    return new_database("server")


def _counts(location: str) -> dict[str, int]:
    services = open_services(location, today=lambda: TODAY)
    try:
        with services.engine.connect() as conn:
            return {
                t.name: conn.scalar(select(func.count()).select_from(t)) or 0
                for t in Base.metadata.sorted_tables
            }
    finally:
        services.close()


def test_every_row_arrives_and_the_server_works_on_from_there(
    laptop: Path, server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _counts(str(laptop))
    assert before["person"] > 100
    assert before["activity"] > 1000

    assert cli_main(["copy", "--from", str(laptop), "--to", server]) == 0

    said = capsys.readouterr().out
    assert f"copied {sum(before.values()):,} rows" in said
    assert "row count checked" in said
    after = _counts(server)
    assert after == {**before, "audit_event": before["audit_event"] + 1}
    assert _counts(str(laptop)) == before  # the file is left as it was

    services = open_services(server, today=lambda: TODAY, user="tester")
    try:
        services.accounts.sign_in("demo", "advocacy desk trial")
        # The same waiting list, and the audit trail still verifies, the copy recorded.
        assert services.audit.verify()[1] is None
        with services.uow(read_only=True) as uow:
            copies = [
                (e.id, e.entity, e.details)
                for e in uow.session.scalars(select(AuditEvent).where(AuditEvent.action == "copy"))
            ]
        assert len(copies) == 1
        event_id, entity, details = copies[0]
        assert event_id == before["audit_event"] + 1
        assert entity == "database"
        assert str(laptop) in details
        # A new record gets an id past the copied ones (the server's sequences moved on).
        highest = before_people_max(laptop)
        added = services.people.create(PersonDetails("Nia", "New", None), allow_duplicate=True)
        assert added.id == highest + 1
    finally:
        services.close()


def before_people_max(laptop: Path) -> int:
    with sqlite3.connect(laptop) as conn:
        return int(conn.execute("SELECT max(id) FROM person").fetchone()[0])


def test_the_waiting_list_is_the_same_on_both(
    laptop: Path, server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli_main(["copy", "--from", str(laptop), "--to", server]) == 0
    capsys.readouterr()
    lists = []
    for location in (str(laptop), server):
        assert cli_main(["--db", location, "waiting-list", "--format", "csv"]) == 0
        lists.append(capsys.readouterr().out)
    assert lists[0] == lists[1]
    assert lists[0].count("\n") > 5


def test_a_target_holding_records_is_refused_and_left_alone(
    laptop: Path, server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    services = open_services(server, today=lambda: TODAY, user="tester")
    try:
        services.people.create(PersonDetails("Tess", "Taken", None))
    finally:
        services.close()
    before = _counts(server)

    assert cli_main(["copy", "--from", str(laptop), "--to", server]) == 1

    error = capsys.readouterr().err
    assert "is not empty" in error
    assert "holds 1 row)" in error  # one row, not "1 rows"
    assert "nothing was written" in error
    assert _counts(server) == before


def test_a_fresh_database_gets_the_schema_first(
    laptop: Path, new_database: NewDatabase, capsys: pytest.CaptureFixture[str]
) -> None:
    target = new_database("bare", migrated=False)
    assert cli_main(["copy", "--from", str(laptop), "--to", target]) == 0
    assert _counts(target)["person"] == _counts(str(laptop))["person"]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("missing.sqlite", "there is no database file at"),
        ("notes.txt", "not an Advocacy Desk database"),
    ],
)
def test_a_source_that_is_not_a_database_is_refused(
    tmp_path: Path, server: str, source: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("just notes\n")
    assert cli_main(["copy", "--from", str(tmp_path / source), "--to", server]) == 1
    assert message in capsys.readouterr().err
    assert _counts(server)["person"] == 0


def test_a_row_the_server_cannot_hold_stops_the_copy_with_nothing_written(
    laptop: Path, server: str, on_postgres: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    if not on_postgres:
        pytest.skip("SQLite keeps text longer than its column's length; PostgreSQL does not")
    # SQLite never enforced the column's length; a name that long cannot go to the server.
    with sqlite3.connect(laptop) as conn:
        conn.execute("UPDATE person SET given_name = ? WHERE id = 1", ("x" * 500,))
    assert cli_main(["copy", "--from", str(laptop), "--to", server]) == 1
    error = capsys.readouterr().err
    assert "the table person could not be copied" in error
    assert "nothing was written" in error
    assert set(_counts(server).values()) == {0}


def test_audit_events_arrive_unchanged(laptop: Path, server: str) -> None:
    assert cli_main(["copy", "--from", str(laptop), "--to", server]) == 0
    trails = []
    for location in (str(laptop), server):
        services = open_services(location, today=lambda: TODAY)
        try:
            with services.uow(read_only=True) as uow:
                events = uow.session.scalars(select(AuditEvent).order_by(AuditEvent.id))
                trails.append([(e.id, stored_utc(e.occurred_at), e.username, e.details, e.hash)
                               for e in events])  # fmt: skip
        finally:
            services.close()
    assert len(trails[1]) == len(trails[0]) + 1
    assert trails[1][:-1] == trails[0]
