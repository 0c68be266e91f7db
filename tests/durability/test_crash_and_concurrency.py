"""The database survives a writer killed at random moments, and two writers at once.

A child process (``tests/durability/child.py``) writes casework and imports in a loop and
is killed with SIGKILL at a random moment, 50 times; after each kill SQLite's
integrity_check passes and every import is either wholly there or wholly absent. Two
processes writing at once for a few seconds each see no "database is locked" error, and
every row each one added is there.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from advocacy_desk.app import open_services
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.domain.referrals import ReferralDetails
from tests.durability.child import PER_IMPORT, TODAY

ROOT = Path(__file__).resolve().parents[2]
KILLS = 50


def _child(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.durability.child", *args],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _a_case(db_path: Path) -> None:
    services = open_services(db_path, today=lambda: TODAY, user="setup")
    person = services.people.create(PersonDetails("Case", "Holder", date(1950, 1, 1)))
    referral = services.referrals.create(
        person.id, ReferralDetails(date(2026, 9, 1), "self", "generic")
    )
    advocate = services.staff.add("adv", "An Advocate", advocacy_types=("generic",))
    services.waiting_list.allocate(referral.id, advocate.id, date(2026, 9, 2))
    services.close()


@pytest.mark.slow
def test_a_writer_killed_at_random_moments_never_leaves_half_a_transaction(
    db_path: Path,
) -> None:
    _a_case(db_path)
    rng = random.Random(7)
    for kill in range(KILLS):
        child = _child("crash", str(db_path), f"K{kill}")
        assert child.stdout is not None
        ready = child.stdout.readline()
        assert ready.strip() == "ready", child.stderr.read() if child.stderr else ""
        time.sleep(rng.uniform(0.0, 0.4))
        os.kill(child.pid, signal.SIGKILL)
        _, err = child.communicate()  # waits, and closes the pipes
        assert child.returncode == -signal.SIGKILL, f"the writer stopped by itself: {err}"
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        imported = Counter(
            ref.rsplit("-", 1)[0]
            for (ref,) in conn.execute("SELECT person_ref FROM person WHERE person_ref LIKE 'K%'")
        )
        referred = Counter(
            ref[1:].rsplit("-", 1)[0]
            for (ref,) in conn.execute(
                "SELECT referral_ref FROM referral WHERE referral_ref LIKE 'RK%'"
            )
        )
        entries = conn.execute("SELECT count(*) FROM activity").fetchone()[0]
    # Every import is whole: all its people, each with their referral, or none of them.
    assert set(imported.values()) <= {PER_IMPORT}
    assert referred == imported
    assert imported, "no import finished in 50 runs: the test proved nothing"
    assert entries >= len(imported)


@pytest.mark.slow
def test_two_writers_at_once_wait_for_each_other_and_lose_nothing(db_path: Path) -> None:
    open_services(db_path, today=lambda: TODAY).close()
    writers = [_child("concurrent", str(db_path), tag, "4") for tag in ("A", "B")]
    added = {}
    for tag, writer in zip(("A", "B"), writers, strict=True):
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        assert "locked" not in err
        added[tag] = int(out.split()[-1])
    with sqlite3.connect(db_path) as conn:
        for tag, count in added.items():
            found = conn.execute(
                "SELECT count(*) FROM person WHERE family_name LIKE ?", (f"{tag} %",)
            ).fetchone()[0]
            assert found == count
    assert min(added.values()) > 10  # both really wrote, side by side
