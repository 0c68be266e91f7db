"""The audit trail is append-only and tamper-evident: each event is chained to the one
before by a hash, and `audit verify` names the first broken link."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from advocacy_desk.app import Services
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.services import audit
from tests.tampering import tamper

ROOT = Path(__file__).resolve().parents[2]


def _changes(services: Services) -> None:
    ann = services.people.create(PersonDetails("Ann", "Able", date(1950, 1, 1)))
    services.people.update(ann.id, PersonDetails("Ann", "Able-Smith", date(1950, 1, 1)))
    services.people.create(PersonDetails("Bob", "Brown", date(1960, 1, 1)))


def _verify(services: Services) -> tuple[int, audit.Broken | None]:
    with services.uow(read_only=True) as uow:
        return audit.verify(uow.session)


def test_every_change_is_chained_and_the_trail_verifies(services: Services) -> None:
    _changes(services)
    checked, broken = _verify(services)
    assert (checked, broken) == (3, None)
    with services.uow(read_only=True) as uow:
        rows = audit.events(uow.session)
    assert [r.action for r in rows] == ["create", "update", "create"]
    assert json.loads(rows[1].details)["family_name"] == ["Able", "Able-Smith"]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_event SET username = 'someone' WHERE id = 2",
        "DELETE FROM audit_event WHERE id = 2",
        "DELETE FROM audit_event",
    ],
)
def test_the_trail_cannot_be_changed_or_cut_through_the_database(
    services: Services, statement: str
) -> None:
    _changes(services)
    with pytest.raises(IntegrityError, match="append-only"), services.engine.begin() as conn:
        conn.exec_driver_sql(statement)
    assert _verify(services) == (3, None)


def test_the_trail_cannot_be_truncated_on_postgresql(services: Services, on_postgres: bool) -> None:
    if not on_postgres:
        pytest.skip("TRUNCATE is PostgreSQL's")
    _changes(services)
    with pytest.raises(IntegrityError, match="append-only"), services.engine.begin() as conn:
        conn.exec_driver_sql("TRUNCATE audit_event")
    assert _verify(services) == (3, None)


def test_a_changed_event_is_the_first_broken_link(services: Services, database: str) -> None:
    _changes(services)
    tamper(services.engine, "UPDATE audit_event SET username = 'someone else' WHERE id = 2")
    checked, broken = _verify(services)
    assert checked == 1
    assert broken is not None
    assert broken.event_id == 2
    assert "changed" in broken.why


def test_a_removed_event_breaks_the_link_after_it(services: Services, database: str) -> None:
    _changes(services)
    tamper(services.engine, "DELETE FROM audit_event WHERE id = 2")
    checked, broken = _verify(services)
    assert (checked, broken.event_id if broken else None) == (1, 3)
    assert broken is not None
    assert "removed or inserted" in broken.why


def test_the_audit_commands_list_and_verify(services: Services, database: str) -> None:
    _changes(services)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "--db", database, "audit", *args],
            capture_output=True, text=True, check=False, cwd=ROOT,
        )  # fmt: skip

    whole = run("verify")
    assert whole.returncode == 0, whole.stderr
    assert "whole: 3 events" in whole.stdout
    listed = json.loads(run("--format", "json", "--user", "TESTER").stdout)
    assert [e["action"] for e in listed] == ["create", "update", "create"]
    assert set(listed[0]) == {"id", "occurred_at", "user", "action", "entity", "entity_id",
                              "details"}  # fmt: skip
    assert run("--user", "nobody").stdout.splitlines() == [
        "id,occurred_at,user,action,entity,entity_id,details"
    ]
    assert len(run("--since", "2000-01-01").stdout.splitlines()) == 4
    assert len(run("--since", "2999-01-01").stdout.splitlines()) == 1
    tamper(services.engine, "UPDATE audit_event SET details = '{}' WHERE id = 3")
    broken = run("verify")
    assert broken.returncode == 1
    assert "broken at event 3" in broken.stderr


def test_writers_at_once_keep_one_unbroken_chain(services: Services) -> None:
    """Several people saving at the same moment (threads here, laptops on a server):
    every event still follows exactly one other."""
    from concurrent.futures import ThreadPoolExecutor

    def write(n: int) -> None:
        for i in range(8):
            services.people.create(PersonDetails(f"Writer{n}", f"Record{i}", date(1960, 1, 1)),
                                   allow_duplicate=True)  # fmt: skip

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(write, range(4)))
    assert _verify(services) == (32, None)
