"""Migrations are the only way the schema is made: single head, upgrade from empty,
models match, and up-down-up for every revision."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from advocacy_desk.db.engine import make_engine
from advocacy_desk.db.migrate import HEAD_REVISION, alembic_config, current_revision, head_revision
from advocacy_desk.db.models import Base

SCRIPTS = ScriptDirectory.from_config(alembic_config())
REVISIONS = list(reversed(list(SCRIPTS.walk_revisions())))


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    made = make_engine(tmp_path / "migrations.sqlite")
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
            [("care_act", "needs_assessment", 1, "no"), ("care_act", "needs_assessment", 0, "no"),
             ("imca", "none", 0, "not_known"), ("generic", "none", 1, "no")], start=1,
        ):  # fmt: skip
            conn.execute(
                text(
                    "INSERT INTO referral (id, referral_ref, person_id, received_on, source, "
                    "advocacy_type, care_act_process, safeguarding, difficulty_understanding, "
                    "difficulty_retaining, difficulty_using_weighing, difficulty_communicating, "
                    "appropriate_individual, gate_exception, status, status_reason, notes, "
                    "created_at, updated_at, version) VALUES (:id, :ref, 1, '2026-01-02', 'self', "
                    ":kind, :process, 'none', :understanding, 0, 0, 0, :individual, 'none', "
                    "'waiting', '', '', '2026-01-02', '2026-01-02', 1)"
                ),
                {"id": number, "ref": f"R{number:06d}", "kind": kind, "process": process,
                 "understanding": understanding, "individual": individual},
            )  # fmt: skip
    _run(engine, "upgrade", "0003")
    with engine.connect() as conn:
        flags = conn.execute(text("SELECT statutory FROM referral ORDER BY id")).scalars().all()
    assert [bool(f) for f in flags] == [True, False, True, False]
