"""The audit trail is append-only and tamper-evident: each event is chained to the one
before by a hash, and `audit verify` names the first broken link."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.services import Services, audit

ROOT = Path(__file__).resolve().parents[2]


def _changes(services: Services) -> None:
    ann = services.people.create(PersonDetails("Ann", "Able", date(1950, 1, 1)))
    services.people.update(ann.id, PersonDetails("Ann", "Able-Smith", date(1950, 1, 1)))
    services.people.create(PersonDetails("Bob", "Brown", date(1960, 1, 1)))


def _verify(services: Services) -> tuple[int, audit.Broken | None]:
    with services.uow(read_only=True) as uow:
        return audit.verify(uow.session)


def _tamper(db_path: Path, *statements: str) -> None:
    """What someone with the file and an SQLite tool could do."""
    with sqlite3.connect(db_path) as conn:
        conn.execute("DROP TRIGGER audit_event_no_update")
        conn.execute("DROP TRIGGER audit_event_no_delete")
        for statement in statements:
            conn.execute(statement)


def test_every_change_is_chained_and_the_trail_verifies(services: Services) -> None:
    _changes(services)
    checked, broken = _verify(services)
    assert (checked, broken) == (3, None)
    with services.uow(read_only=True) as uow:
        rows = audit.events(uow.session)
    assert [r.action for r in rows] == ["create", "update", "create"]
    assert json.loads(rows[1].details)["family_name"] == ["Able", "Able-Smith"]


def test_the_trail_cannot_be_changed_or_cut_through_the_database(
    services: Services, db_path: Path
) -> None:
    _changes(services)
    with sqlite3.connect(db_path) as conn:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE audit_event SET username = 'someone' WHERE id = 2")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM audit_event WHERE id = 2")


def test_a_changed_event_is_the_first_broken_link(services: Services, db_path: Path) -> None:
    _changes(services)
    _tamper(db_path, "UPDATE audit_event SET username = 'someone else' WHERE id = 2")
    checked, broken = _verify(services)
    assert checked == 1
    assert broken is not None
    assert broken.event_id == 2
    assert "changed" in broken.why


def test_a_removed_event_breaks_the_link_after_it(services: Services, db_path: Path) -> None:
    _changes(services)
    _tamper(db_path, "DELETE FROM audit_event WHERE id = 2")
    checked, broken = _verify(services)
    assert (checked, broken.event_id if broken else None) == (1, 3)
    assert broken is not None
    assert "removed or inserted" in broken.why


def test_the_audit_commands_list_and_verify(services: Services, db_path: Path) -> None:
    _changes(services)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "--db", str(db_path), "audit", *args],
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
    _tamper(db_path, "UPDATE audit_event SET details = '{}' WHERE id = 3")
    broken = run("verify")
    assert broken.returncode == 1
    assert "broken at event 3" in broken.stderr
