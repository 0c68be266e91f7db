"""Migrations are the only way the schema is made: single head, upgrade from empty,
models match, and up-down-up for every revision."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from advocacy_desk.db.engine import make_engine
from advocacy_desk.db.migrate import (
    HEAD_REVISION,
    alembic_config,
    current_revision,
    head_revision,
    upgrade_to_head,
)
from advocacy_desk.db.models import Base
from advocacy_desk.domain.dates import stored_utc
from tests.server_databases import NewDatabase

SCRIPTS = ScriptDirectory.from_config(alembic_config())
REVISIONS = list(reversed(list(SCRIPTS.walk_revisions())))


@pytest.fixture
def engine(new_database: NewDatabase) -> Iterator[Engine]:
    """An empty database: a file, or one on the test server (every migration runs on
    PostgreSQL too)."""
    made = make_engine(new_database("migrations", migrated=False))
    yield made
    made.dispose()


def _run(engine: Engine, direction: str, target: str) -> None:
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        getattr(command, direction)(config, target)


def test_single_head_and_app_knows_it() -> None:
    assert len(SCRIPTS.get_heads()) == 1
    assert head_revision() == HEAD_REVISION


def test_upgrade_from_empty_creates_every_model_table(engine: Engine) -> None:
    _run(engine, "upgrade", "head")
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert current_revision(engine) == HEAD_REVISION


def test_models_match_migrations(engine: Engine) -> None:
    _run(engine, "upgrade", "head")
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


@pytest.mark.parametrize("revision", [r.revision for r in REVISIONS])
def test_stairway_up_down_up(engine: Engine, revision: str) -> None:
    script = SCRIPTS.get_revision(revision)
    down_to = script.down_revision if isinstance(script.down_revision, str) else "base"
    _run(engine, "upgrade", revision)
    _run(engine, "downgrade", down_to or "base")
    _run(engine, "upgrade", revision)
    assert current_revision(engine) == revision


def test_0003_flags_statutory_referrals_already_recorded(engine: Engine) -> None:
    _run(engine, "upgrade", "0002")
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO person (id, person_ref, given_name, family_name, sex, gender_identity, "
            "ethnicity, disability, sexual_orientation, religion, first_language, "
            "interpreter_needed, communication_needs, primary_need, postcode, local_authority, "
            "out_of_area, name_key, search_text, created_at, updated_at, version) VALUES "
            "(1, 'P000001', 'Jane', 'Smith', 'female', 'not_known', 'not_known', 'not_known', "
            "'not_known', 'not_known', '', 'not_known', '', 'not_known', '', '', 'not_known', "
            "'jane smith', 'jane smith', '2026-01-01', '2026-01-01', 1)"
        ))  # fmt: skip
        for number, (kind, process, understanding, individual) in enumerate(
            [("care_act", "needs_assessment", True, "no"),
             ("care_act", "needs_assessment", False, "no"),
             ("imca", "none", False, "not_known"), ("generic", "none", True, "no")], start=1,
        ):  # fmt: skip
            conn.execute(
                text(
                    "INSERT INTO referral (id, referral_ref, person_id, received_on, source, "
                    "advocacy_type, care_act_process, safeguarding, difficulty_understanding, "
                    "difficulty_retaining, difficulty_using_weighing, difficulty_communicating, "
                    "appropriate_individual, gate_exception, status, status_reason, notes, "
                    "created_at, updated_at, version) VALUES (:id, :ref, 1, '2026-01-02', 'self', "
                    ":kind, :process, 'none', :understanding, FALSE, FALSE, FALSE, :individual, "
                    "'none', "
                    "'waiting', '', '', '2026-01-02', '2026-01-02', 1)"
                ),
                {"id": number, "ref": f"R{number:06d}", "kind": kind, "process": process,
                 "understanding": understanding, "individual": individual},
            )  # fmt: skip
    _run(engine, "upgrade", "0003")
    with engine.connect() as conn:
        flags = conn.execute(text("SELECT statutory FROM referral ORDER BY id")).scalars().all()
    assert [bool(f) for f in flags] == [True, False, True, False]


def _fill(engine: Engine) -> dict[str, dict[str, object]]:
    """One row in every table of the schema as it stands, every column given a value of
    its type (foreign keys pointing at the other rows, all id 1). Returns what was put."""
    from datetime import date, datetime

    from sqlalchemy import MetaData, types

    meta = MetaData()
    meta.reflect(engine)
    put: dict[str, dict[str, object]] = {}
    with engine.begin() as conn:
        for table in meta.sorted_tables:
            if table.name == "alembic_version":
                continue
            row: dict[str, object] = {}
            for column in table.columns:
                kind = column.type
                if column.foreign_keys or (column.primary_key and isinstance(kind, types.Integer)):
                    value: object = 1
                elif isinstance(kind, types.Boolean):
                    value = True
                elif isinstance(kind, types.Integer):
                    value = 3
                elif isinstance(kind, types.Numeric | types.Float):
                    value = 12.5
                elif isinstance(kind, types.DateTime):
                    value = datetime(2026, 5, 4, 3, 2, 1)  # noqa: DTZ001 (SQLite keeps it naive)
                elif isinstance(kind, types.Date):
                    value = date(2026, 5, 4)
                elif isinstance(kind, types.LargeBinary):
                    value = f"{table.name[:3]}-{column.name}".encode()
                else:
                    length = getattr(kind, "length", None) or 40
                    value = f"{table.name[:3]}-{column.name}"[:length]
                row[column.name] = value
            conn.execute(table.insert(), row)
            put[table.name] = row
    return put


@pytest.mark.parametrize("revision", [r.revision for r in REVISIONS[:-1]])
def test_a_database_filled_at_any_revision_upgrades_with_its_data(
    engine: Engine, revision: str
) -> None:
    from datetime import datetime

    from sqlalchemy import MetaData

    _run(engine, "upgrade", revision)
    put = _fill(engine)
    upgrade_to_head(engine)  # as the app does on opening it
    meta = MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        for name, row in put.items():
            table = meta.tables[name]
            found = conn.execute(table.select()).mappings().all()
            assert len(found) == 1, name
            for column, value in row.items():
                stored = found[0][column]
                if isinstance(value, datetime):  # a server gives it back in UTC
                    stored, value = stored_utc(stored), stored_utc(value)
                assert stored == value, (name, column)


def test_0014_gives_everyone_recorded_an_empty_address(engine: Engine) -> None:
    """People recorded before addresses were kept have none (blank, as the form leaves
    it), and keep their postcode; going back down drops only the address."""
    _run(engine, "upgrade", "0013")
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO person (id, person_ref, given_name, family_name, sex, gender_identity, "
            "ethnicity, disability, sexual_orientation, religion, first_language, "
            "interpreter_needed, communication_needs, primary_need, postcode, local_authority, "
            "out_of_area, name_key, search_text, created_at, updated_at, version) VALUES "
            "(1, 'P000001', 'Jane', 'Smith', 'female', 'not_known', 'not_known', 'not_known', "
            "'not_known', 'not_known', '', 'not_known', '', 'not_known', 'CM2 0AA', '', "
            "'not_known', 'jane smith', 'jane smith', '2026-01-01', '2026-01-01', 1)"
        ))  # fmt: skip
    _run(engine, "upgrade", "0014")
    with engine.connect() as conn:
        found = conn.execute(
            text("SELECT address_line_one, address_line_two, town, postcode FROM person")
        ).one()
    assert tuple(found) == ("", "", "", "CM2 0AA")
    _run(engine, "downgrade", "0013")
    columns = {c["name"] for c in inspect(engine).get_columns("person")}
    assert not columns & {"address_line_one", "address_line_two", "town"}
    assert "postcode" in columns
