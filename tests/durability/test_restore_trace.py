"""Restoring is signed in and leaves a trace: once the database has accounts only an
administrator restores; never while another program has the file open; the restored
trail gains a ``restore`` event naming who, the backup and the head of the trail it
replaced; set-aside copies never overwrite each other; no ``-wal``/``-shm`` is left."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from advocacy_desk.app import Services, open_services
from advocacy_desk.cli import main as cli_main
from advocacy_desk.db import backup
from advocacy_desk.db.migrate import known_revisions
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.services import audit, witness
from tests.conftest import TODAY

PASSWORD = "correct horse battery staple 7"


def _secured(db_path: Path) -> Path:
    """A database with a person, an administrator and a manager, a backup (returned),
    then an advocate's account added after it."""
    services = open_services(db_path, today=lambda: TODAY)
    services.people.create(PersonDetails("Ann", "Able", date(1950, 1, 1)))
    services.accounts.create_first_administrator("boss", "Bea Boss", PASSWORD)
    services.accounts.sign_in("boss", PASSWORD)
    services.accounts.add("mgr", "Mo Manager", "manager", PASSWORD)  # reads the trail
    made = services.backups.back_up_now()
    services.accounts.add("adv", "Al Advocate", "advocate", PASSWORD)
    services.close()
    return made


def _restore(db_path: Path, made: Path, capsys: pytest.CaptureFixture[str], *user: str
             ) -> tuple[int, str, str]:  # fmt: skip
    capsys.readouterr()
    code = cli_main(["--db", str(db_path), *user, "restore", str(made)])
    out = capsys.readouterr()
    return code, out.out, out.err


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(("-wal", "-shm")))


def _head(db_path: Path) -> witness.Head:
    return witness.of_backup_file(db_path, db_path.name)


def test_restore_needs_an_administrator_once_there_are_accounts(
    db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    made = _secured(db_path)
    monkeypatch.setenv("ADVOCACY_DESK_PASSWORD", PASSWORD)
    code, _, err = _restore(db_path, made, capsys)
    assert code == 1
    assert "sign in with --user" in err
    code, _, err = _restore(db_path, made, capsys, "--user", "adv")
    assert code == 1
    assert err.startswith("advocacy-desk: error:")
    assert "restore a backup" in err
    assert not list(db_path.parent.glob("*replaced*"))  # nothing was restored
    code, out, err = _restore(db_path, made, capsys, "--user", "boss")
    assert code == 0, err
    assert "kept as" in out

    services = open_services(db_path, today=lambda: TODAY)
    services.accounts.sign_in("boss", PASSWORD)
    assert "adv" not in {a.username for a in services.accounts.accounts()}
    with services.uow(read_only=True) as uow:
        rows = audit.events(uow.session)
        assert audit.verify(uow.session)[1] is None
    services.close()
    event = next(r for r in reversed(rows) if r.action == "restore")
    assert rows[-1].action == "sign_in"  # the restore came just before this sign-in
    assert (event.action, event.username) == ("restore", "boss")
    details = json.loads(event.details)
    assert details["backup"] == made.name
    assert "replaced-" in details["kept"]
    replaced = _head(Path(details["kept"]))  # the trail it replaced, kept aside whole
    assert (details["replaced_events"], details["replaced_head"]) == (
        replaced.events, replaced.head)  # fmt: skip
    assert replaced.events > _head(made).events
    assert _leftovers(db_path.parent) == []
    # The administrator, who keeps the backups, may take the head as a witness too.
    capsys.readouterr()
    assert cli_main(["--db", str(db_path), "--user", "boss", "audit", "head"]) == 0
    assert json.loads(capsys.readouterr().out)["events"] == _head(db_path).events


def test_restore_is_refused_while_another_program_has_the_database_open(
    db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    made = _secured(db_path)
    monkeypatch.setenv("ADVOCACY_DESK_PASSWORD", PASSWORD)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sqlite3, sys, time\n"
         f"c = sqlite3.connect({str(db_path)!r})\n"
         "c.execute('SELECT count(*) FROM person').fetchone()\n"
         "print('open', flush=True)\n"
         "sys.stdin.read()\n"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "open"
        code, _, err = _restore(db_path, made, capsys, "--user", "boss")
    finally:
        holder.communicate("")
    assert code == 1
    assert err.strip() == (
        "advocacy-desk: error: another program has the database open: close the app on "
        "this computer first"
    )
    assert not list(db_path.parent.glob("*replaced*"))
    code, _, err = _restore(db_path, made, capsys, "--user", "boss")
    assert code == 0, err


def test_two_restores_in_one_second_keep_both_set_aside_copies(
    db_path: Path, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.people.create(PersonDetails("Ann", "Able", date(1950, 1, 1)))
    made = services.backups.back_up_now()
    services.close()
    monkeypatch.setattr(backup, "_now", lambda: datetime(2026, 11, 23, 10, 0, 0).astimezone())
    first = backup.restore(made, db_path, known_revisions())
    second = backup.restore(made, db_path, known_revisions())
    assert first is not None
    assert second is not None
    assert first != second
    assert first.name == "advocacy.replaced-20261123-100000.sqlite"
    assert second.name == "advocacy.replaced-20261123-100000-2.sqlite"
    assert first.exists()
    assert second.exists()
    assert _leftovers(db_path.parent) == []


def test_a_restore_leaves_no_write_ahead_log_beside_either_file(
    db_path: Path, services: Services, capsys: pytest.CaptureFixture[str]
) -> None:
    services.people.create(PersonDetails("Ann", "Able", date(1950, 1, 1)))
    made = services.backups.back_up_now()
    services.people.create(PersonDetails("Bob", "Brown", date(1960, 1, 1)))
    services.close()
    code, _out, err = _restore(db_path, made, capsys)
    assert code == 0, err
    assert _leftovers(db_path.parent) == []
    aside = next(db_path.parent.glob("*replaced*"))
    assert _head(aside).events == 2  # the log was folded into the file set aside
    trail = _head(db_path)
    assert trail.events == 2  # the backup's one event and the restore


def test_plain_verify_passes_after_a_restore_to_an_older_backup(
    db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The witnesses of the trail a restore replaced are explained by its event, not
    reported as tampering: the restore is recorded with the head it replaced."""
    made = _secured(db_path)
    older = db_path.parent / "older.sqlite"  # the rotation keeps one a day in the folder
    older.write_bytes(made.read_bytes())
    made = older
    services = open_services(db_path, today=lambda: TODAY)
    services.accounts.sign_in("boss", PASSWORD)
    services.backups.back_up_now(label="newer")
    services.close()
    monkeypatch.setenv("ADVOCACY_DESK_PASSWORD", PASSWORD)
    code, _, err = _restore(db_path, made, capsys, "--user", "boss")
    assert code == 0, err
    capsys.readouterr()
    code = cli_main(["--db", str(db_path), "--user", "mgr", "audit", "verify"])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "taken before the restore recorded as event" in out.out
    assert "the last head kept on this computer" in out.out
