"""On PostgreSQL the laptops connect as an app role that may only read and add to the
audit trail; the owner migrates and grants (``init --app-role``)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from advocacy_desk.app import open_services
from advocacy_desk.cli import main as cli_main
from advocacy_desk.db.engine import DatabaseError
from advocacy_desk.domain.people import PersonDetails
from tests import server_databases
from tests.conftest import TODAY


@pytest.fixture
def app_role(postgres: server_databases.Server | None, database: str) -> Iterator[tuple[str, str]]:
    """A login role for the app on the test server, and the test database's URL as that
    role; dropped after."""
    if postgres is None:
        pytest.skip("roles are PostgreSQL's")
    role = f"adt_app_{os.getpid()}"
    with postgres.admin.connect() as conn:
        conn.execute(text(f"DROP ROLE IF EXISTS {role}"))
        conn.execute(text(f"CREATE ROLE {role} LOGIN"))
    yield role, make_url(database).set(username=role).render_as_string(hide_password=False)
    owner = create_engine(database)
    with owner.begin() as conn:
        conn.execute(text(f"DROP OWNED BY {role}"))
    owner.dispose()
    with postgres.admin.connect() as conn:
        conn.execute(text(f"DROP ROLE IF EXISTS {role}"))


def test_the_app_role_may_add_to_the_trail_but_never_change_it(
    app_role: tuple[str, str], database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    role, as_app = app_role
    assert cli_main(["--db", database, "init", "--app-role", role]) == 0, capsys.readouterr()
    assert f"{role} may read and add to the audit trail" in capsys.readouterr().out
    services = open_services(as_app, today=lambda: TODAY, user="laptop")
    ann = services.people.create(PersonDetails("Ann", "Able", date(1950, 1, 1)))
    services.people.update(ann.id, PersonDetails("Ann", "Able-Smith", date(1950, 1, 1)))
    assert services.people.count() == 1
    engine = services.engine
    for statement in (
        "UPDATE audit_event SET username = 'someone else'",
        "DELETE FROM audit_event",
        "TRUNCATE audit_event",
        "ALTER TABLE audit_event DISABLE TRIGGER USER",
    ):
        with pytest.raises(ProgrammingError) as refused, engine.begin() as conn:
            conn.exec_driver_sql(statement)
        assert refused.value.orig is not None
        assert refused.value.orig.sqlstate == "42501", statement  # type: ignore[attr-defined]
    services.close()


def test_the_app_role_says_who_must_upgrade_a_database_behind_the_app(
    app_role: tuple[str, str], database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    role, as_app = app_role
    assert cli_main(["--db", database, "init", "--app-role", role]) == 0
    owner = create_engine(database)
    with owner.begin() as conn:  # as if this app were newer than the database
        conn.execute(text("ALTER TABLE monitoring_return DROP COLUMN audit_head"))
        conn.execute(text("ALTER TABLE monitoring_return DROP COLUMN audit_events"))
        conn.execute(text("UPDATE alembic_version SET version_num = '0011'"))
    owner.dispose()
    with pytest.raises(DatabaseError) as refused:
        open_services(as_app, today=lambda: TODAY)
    message = str(refused.value)
    assert "revision 0011" in message
    assert f"{role} may not upgrade it" in message
    assert f"init --app-role {role}" in message
    capsys.readouterr()
    assert cli_main(["--db", as_app, "audit", "head"]) == 1
    assert f"{role} may not upgrade it" in capsys.readouterr().err


def test_init_app_role_is_refused_on_a_file(
    tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli_main(["--db", f"{tmp_path}/a.sqlite", "init", "--app-role", "app"]) == 1
    assert "--app-role is for a database on a PostgreSQL server" in capsys.readouterr().err
