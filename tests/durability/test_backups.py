"""Backups: verified copies, kept in rotation, one before every migration, and restores
that check the backup first and keep the current database aside."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from advocacy_desk.app import Services, open_services
from advocacy_desk.db import backup
from advocacy_desk.db.backup import BackupError
from advocacy_desk.db.migrate import HEAD_REVISION, known_revisions
from advocacy_desk.domain.people import PersonDetails
from tests.conftest import TODAY

ROOT = Path(__file__).resolve().parents[2]


def _people(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT count(*) FROM person").fetchone()[0])


def test_a_backup_is_a_checked_single_file_copy(services: Services, db_path: Path) -> None:
    services.people.create(PersonDetails("Ann", "Able", date(1950, 1, 1)))
    seen: list[float] = []
    made = services.backups.back_up_now(progress=lambda _m, f: seen.append(f))
    assert made.parent == db_path.parent / "backups"
    assert made.name.startswith("advocacy-")
    assert made.suffix == ".sqlite"
    assert _people(made) == 1
    assert backup.quick_check(made) is None
    assert backup.revision_of(made) == HEAD_REVISION
    with sqlite3.connect(made) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert seen
    assert seen[-1] == 1.0
    assert not list(made.parent.glob("*.part"))
    assert [b.path for b in services.backups.backups()] == [made]


def test_a_backup_that_does_not_match_is_never_given_a_backups_name(
    tmp_path: Path, services: Services, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def damaged(path: Path, expected: dict[str, int]) -> None:
        raise BackupError("the backup failed its check")

    monkeypatch.setattr(backup, "verify", damaged)
    out = tmp_path / "copy.sqlite"
    with pytest.raises(BackupError):
        backup.back_up(db_path, out)
    assert not out.exists()
    assert not list(tmp_path.glob("*.part"))


def test_backups_rotate_keeping_12_days_10_weeks_and_9_months() -> None:
    start = datetime(2026, 11, 25, 18, 0).astimezone()
    times = [start - timedelta(hours=8 * n) for n in range(3 * 400)]  # three a day, 400 days
    kept = backup.to_keep(times)
    days = {t.date() for t in kept if t >= start - timedelta(days=11, hours=18)}
    assert len(days) == 12
    assert max(times) in kept
    assert len({(t.year, t.month) for t in kept}) == 9
    assert len(kept) < 12 + 10 + 9
    # Each day keeps its newest backup only.
    today = [t for t in kept if t.date() == start.date()]
    assert today == [start]


def test_pruning_removes_only_what_the_rotation_drops(tmp_path: Path) -> None:
    start = datetime(2026, 11, 25, 12, 0).astimezone()
    for n in range(40):
        when = start - timedelta(days=n)
        (tmp_path / backup.backup_name(Path("data.sqlite"), when)).write_bytes(b"")
    (tmp_path / "other-20261101-120000.sqlite").write_bytes(b"")  # another database's
    removed = backup.prune(tmp_path, "data")
    left = backup.backups(tmp_path, "data")
    assert len(left) + len(removed) == 40
    assert len(left) == len(backup.to_keep(b.taken_at for b in left))
    assert (tmp_path / "other-20261101-120000.sqlite").exists()


def test_restore_checks_the_backup_and_keeps_the_current_database_aside(
    tmp_path: Path, db_path: Path
) -> None:
    services = open_services(db_path, today=lambda: TODAY)
    services.people.create(PersonDetails("Ann", "Able", date(1950, 1, 1)))
    made = services.backups.back_up_now()
    services.people.create(PersonDetails("Bob", "Brown", date(1960, 1, 1)))
    services.close()
    aside = backup.restore(made, db_path, known_revisions())
    assert aside is not None
    assert _people(db_path) == 1
    assert _people(aside) == 2  # kept, renamed, never deleted
    assert "replaced-" in aside.name
    reopened = open_services(db_path, today=lambda: TODAY)
    assert reopened.people.count() == 1
    reopened.close()


def test_a_damaged_or_newer_backup_is_refused_and_nothing_changes(
    tmp_path: Path, db_path: Path, services: Services
) -> None:
    services.people.create(PersonDetails("Ann", "Able", date(1950, 1, 1)))
    good = services.backups.back_up_now()
    damaged = tmp_path / "damaged.sqlite"
    data = bytearray(good.read_bytes())
    data[100:8192] = b"\xff" * (8192 - 100)  # the first pages overwritten
    damaged.write_bytes(bytes(data))
    with pytest.raises(BackupError, match="cannot be restored"):
        backup.restore(damaged, db_path, known_revisions())
    newer = tmp_path / "newer.sqlite"
    newer.write_bytes(good.read_bytes())
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(BackupError, match="newer version"):
        backup.restore(newer, db_path, known_revisions())
    assert services.people.count() == 1
    assert not list(db_path.parent.glob("*replaced*"))


def test_a_backup_is_taken_before_any_migration(tmp_path: Path) -> None:
    from alembic import command

    from advocacy_desk.db.engine import make_engine
    from advocacy_desk.db.migrate import alembic_config

    path = tmp_path / "old.sqlite"
    engine = make_engine(path)
    with engine.begin() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, "0007")
    engine.dispose()
    services = open_services(path, today=lambda: TODAY)
    services.close()
    (made,) = backup.backups(tmp_path / "backups", "old")
    assert made.label == f"before-{HEAD_REVISION}"
    assert backup.revision_of(made.path) == "0007"


@pytest.mark.usefixtures("db_path")  # automatic backups and damage: SQLite only
def test_automatic_backups_happen_only_after_a_change(services: Services) -> None:
    assert services.backups.back_up_if_changed() is None  # as opened: nothing new
    services.people.create(PersonDetails("Ann", "Able", date(1950, 1, 1)))
    made = services.backups.back_up_if_changed()
    assert made is not None
    assert made.name.endswith("-auto.sqlite")
    assert services.backups.back_up_if_changed() is None


@pytest.mark.usefixtures("db_path")  # automatic backups and damage: SQLite only
def test_the_backups_folder_can_be_moved_and_must_be_writable(
    services: Services, tmp_path: Path
) -> None:
    chosen = services.backups.set_folder(tmp_path / "elsewhere")
    assert chosen == tmp_path / "elsewhere"
    assert services.backups.back_up_now().parent == chosen
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    with pytest.raises(BackupError, match="cannot keep backups"):
        services.backups.set_folder(blocked / "inside")
    assert services.backups.set_folder(None) == services.backups.database.parent / "backups"


@pytest.mark.usefixtures("db_path")  # automatic backups and damage: SQLite only
def test_damage_is_found_by_quick_check(tmp_path: Path, services: Services) -> None:
    for n in range(300):
        services.people.create(PersonDetails("Ann", f"Able{n}", None), allow_duplicate=True)
    copy = services.backups.back_up_now()
    data = bytearray(copy.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 4096] = b"\x00\x13" * 2048
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(bytes(data))
    assert backup.quick_check(copy) is None
    assert backup.quick_check(broken) is not None


def test_network_shares_are_recognised() -> None:
    assert backup.looks_like_network_share(Path("//server/share/advocacy.sqlite"))
    assert backup.looks_like_network_share(Path("\\\\server\\share\\advocacy.sqlite"))
    assert not backup.looks_like_network_share(Path("/tmp/advocacy.sqlite"))
    assert backup._mounted_type(Path("/proc/self")) == "proc"


def test_backup_and_restore_from_the_command_line(tmp_path: Path, db_path: Path) -> None:
    services = open_services(db_path, today=lambda: TODAY)
    services.people.create(PersonDetails("Ann", "Able", date(1950, 1, 1)))
    services.close()
    out = tmp_path / "copy.sqlite"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "--db", str(db_path), *args],
            capture_output=True, text=True, check=False, cwd=ROOT,
        )  # fmt: skip

    done = run("backup", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "checked" in done.stdout
    assert _people(out) == 1
    with closing(sqlite3.connect(db_path)) as conn, conn:  # closed: restore needs it shut
        conn.execute("DELETE FROM person")
    done = run("restore", str(out))
    assert done.returncode == 0, done.stderr
    assert "kept as" in done.stdout
    assert _people(db_path) == 1
    refused = run("restore", str(tmp_path / "missing.sqlite"))
    assert refused.returncode == 1
    assert "no backup at" in refused.stderr


def test_a_restore_that_fails_at_the_last_step_puts_the_current_file_back(
    tmp_path: Path, db_path: Path, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    services.people.create(PersonDetails("Ann", "Able", date(1950, 1, 1)))
    made = services.backups.back_up_now()
    services.close()
    real_replace = os.replace

    def failing(src: object, dst: object) -> None:
        if str(src).endswith(".restoring"):
            raise OSError(28, "No space left on device")
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(BackupError, match="No space left"):
        backup.restore(made, db_path, known_revisions())
    assert db_path.exists()
    assert _people(db_path) == 1
    assert not list(db_path.parent.glob("*replaced*"))
