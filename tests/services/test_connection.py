"""Which database a computer opens, and "Test connection" on a server: what it found, or
what is wrong in words a manager can act on."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from advocacy_desk import paths
from advocacy_desk.app import Services, open_services
from advocacy_desk.db.engine import DatabaseError
from advocacy_desk.services.connection import check_server, server_url
from tests.server_databases import NewDatabase


@pytest.fixture
def forgetting() -> Iterator[None]:
    yield
    paths.remember_location(None)


def test_a_computer_opens_its_own_file_until_told_otherwise(forgetting: None) -> None:
    assert paths.remembered_location() is None
    assert paths.start_location(None) == str(paths.default_database())
    server = "postgresql+psycopg://advocacy@server.example.org/advocacy"
    paths.remember_location(server)
    assert paths.start_location(None) == server
    assert paths.start_location("D:/elsewhere.sqlite") == "D:/elsewhere.sqlite"  # --db wins
    paths.remember_location(None)
    assert paths.start_location(None) == str(paths.default_database())


def test_the_remembered_server_is_readable_only_by_its_user(forgetting: None) -> None:
    paths.remember_location("postgresql+psycopg://advocacy:secret@server/advocacy")
    kept = paths.data_dir() / "database-location.txt"
    assert kept.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "type the server's address"),
        ("server.example.org", "write it as a URL"),
        ("sqlite:///advocacy.sqlite", "Advocacy Desk shares data on PostgreSQL"),
        ("postgresql+psycopg://advocacy@server.example.org", "name the database after the last /"),
    ],
)
def test_an_address_that_cannot_be_a_server_says_what_to_type(typed: str, message: str) -> None:
    with pytest.raises(DatabaseError, match="Server address: ") as refused:
        server_url(typed)
    assert message in str(refused.value)


def test_plain_postgresql_addresses_use_the_shipped_driver() -> None:
    url = server_url("postgresql://advocacy@server.example.org/advocacy")
    assert url.drivername == "postgresql+psycopg"


def test_a_server_nobody_answers_at_says_to_check_the_network() -> None:
    with pytest.raises(DatabaseError, match=r"cannot reach a PostgreSQL server at 127\.0\.0\.1:1"):
        check_server("postgresql+psycopg://advocacy@127.0.0.1:1/advocacy")


@pytest.fixture
def server(on_postgres: bool, database: str) -> str:
    if not on_postgres:
        pytest.skip("needs PostgreSQL")
    return database


def test_a_database_in_use_is_described(server: str, services: Services) -> None:
    from advocacy_desk.domain.people import PersonDetails

    services.people.create(PersonDetails("Ann", "Able", None))
    found = check_server(server)
    assert found.version.startswith(("15", "16", "17", "18"))
    assert "holds Advocacy Desk's records: 1 person." in found.message


def test_an_empty_database_is_ready_to_be_set_up(server: str, new_database: NewDatabase) -> None:
    bare = new_database("bare", migrated=False)
    found = check_server(bare)
    assert "is empty: Advocacy Desk sets it up when it first opens it" in found.message


def test_a_missing_database_names_it(server: str) -> None:
    missing = make_url(server).set(database="no_such_database")
    with pytest.raises(DatabaseError, match="the server has no database named no_such_database"):
        check_server(missing.render_as_string(hide_password=False))


def test_an_unknown_role_names_it(server: str) -> None:
    stranger = make_url(server).set(username="stranger")
    with pytest.raises(DatabaseError, match="no user stranger"):
        check_server(stranger.render_as_string(hide_password=False))


def test_another_applications_tables_are_refused(server: str, new_database: NewDatabase) -> None:
    other = new_database("other", migrated=False)
    engine = create_engine(other)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE invoices (id integer primary key)"))
    engine.dispose()
    with pytest.raises(DatabaseError, match="holds tables that are not Advocacy Desk's"):
        check_server(other)


def test_opening_a_server_that_is_not_there_is_one_clear_line() -> None:
    with pytest.raises(DatabaseError) as refused:
        open_services("postgresql+psycopg://advocacy@127.0.0.1:1/advocacy")
    assert "cannot reach a PostgreSQL server at 127.0.0.1:1" in str(refused.value)
    assert "\n" not in str(refused.value)
