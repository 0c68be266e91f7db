"""The trail's head is witnessed outside the database: cutting off the last events or
re-chaining the trail after an edit keeps the chain whole, so only a witness kept
elsewhere (a saved `audit head`, a backup, the last head this computer kept) shows it."""

from __future__ import annotations

import json
import stat
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from advocacy_desk.app import Services
from advocacy_desk.cli import main as cli_main
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.services import audit, witness
from tests.tampering import rechain, tamper


def _changes(services: Services, n: int = 4) -> None:
    for i in range(n):
        services.people.create(PersonDetails("Ann", f"Able{i}", date(1950 + i, 1, 1)),
                               allow_duplicate=True)  # fmt: skip


def _audit(database: str, capsys: pytest.CaptureFixture[str], *args: str
           ) -> tuple[int, str, str]:  # fmt: skip
    capsys.readouterr()
    code = cli_main(["--db", database, "audit", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def _last_hash(services: Services) -> str:
    with services.uow(read_only=True) as uow:
        return witness.head_of(uow.session).head


def test_audit_head_prints_the_number_of_events_and_the_last_hash(
    services: Services, database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _changes(services)
    code, out, _ = _audit(database, capsys, "head")
    assert code == 0
    head = json.loads(out)
    assert set(head) == {"events", "head", "at"}
    assert head["events"] == 4
    with services.uow(read_only=True) as uow:
        assert head["head"] == audit.walk(uow.session, {4}).hashes[4]
    assert datetime.fromisoformat(head["at"]).tzinfo is not None


def test_cutting_off_the_last_events_fails_against_a_saved_head(
    services: Services, database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _changes(services)
    saved = tmp_path / "head-2026-12-01.json"
    saved.write_text(_audit(database, capsys, "head")[1], encoding="utf-8")
    code, out, err = _audit(database, capsys, "verify", "--witness", str(saved))
    assert code == 0, err
    assert "witness head-2026-12-01.json: event 4 matches" in out
    tamper(services.engine, "DELETE FROM audit_event WHERE id > 2")
    with services.uow(read_only=True) as uow:
        assert audit.verify(uow.session) == (2, None)  # the chain alone cannot tell
    code, out, err = _audit(database, capsys, "verify", "--witness", str(saved))
    assert code == 1
    assert "witness head-2026-12-01.json: event 4 is missing (the trail has 2 events)" in err


def test_re_chaining_after_an_edit_fails_against_a_saved_head(
    services: Services, database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _changes(services)
    saved = tmp_path / "head.json"
    saved.write_text(_audit(database, capsys, "head")[1], encoding="utf-8")
    rechain(services.engine, "UPDATE audit_event SET username = 'someone else' WHERE id = 2")
    with services.uow(read_only=True) as uow:
        assert audit.verify(uow.session) == (4, None)
    code, _, err = _audit(database, capsys, "verify", "--witness", str(saved))
    assert code == 1
    assert "witness head.json: event 4's hash differs" in err


def test_the_head_kept_after_each_write_is_used_by_plain_verify(
    services: Services, database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _changes(services)
    kept = witness.kept_head_file(services.engine.url)
    assert kept is not None
    saved = json.loads(kept.read_text(encoding="utf-8"))
    assert (saved["events"], saved["head"]) == (4, _last_hash(services))
    if sys.platform != "win32":
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    code, out, err = _audit(database, capsys, "verify")
    assert code == 0, err
    assert "the last head kept on this computer" in out
    assert f"witness {kept.name}: event 4 matches" in out

    tamper(services.engine, "DELETE FROM audit_event WHERE id = 4")
    code, out, err = _audit(database, capsys, "verify")
    assert "every link of the chain holds (3 events), but" in out
    assert code == 1
    assert f"witness {kept.name}: event 4 is missing (the trail has 3 events)" in err

    # A later write does not overwrite the witness with the cut trail's head.
    _changes(services, 1)
    assert json.loads(kept.read_text(encoding="utf-8"))["events"] == 4
    code, _, err = _audit(database, capsys, "verify")
    assert code == 1
    assert f"witness {kept.name}: event 4's hash differs" in err


def test_the_kept_head_follows_every_write_cheaply(services: Services) -> None:
    _changes(services, 3)
    kept = witness.kept_head_file(services.engine.url)
    assert kept is not None
    assert json.loads(kept.read_text(encoding="utf-8"))["events"] == 3
    _changes(services, 2)
    data = json.loads(kept.read_text(encoding="utf-8"))
    assert (data["events"], data["head"]) == (5, _last_hash(services))


def test_a_backup_is_a_witness(
    services: Services, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _changes(services)
    made = services.backups.back_up_now()
    database = str(db_path)
    code, out, err = _audit(database, capsys, "verify")
    assert code == 0, err
    assert "1 backup in" in out
    assert f"witness {made.name}: event 4 matches" in out
    rechain(services.engine, "DELETE FROM audit_event WHERE id = 2")
    witness.kept_head_file(services.engine.url).unlink()  # type: ignore[union-attr]
    code, out, err = _audit(database, capsys, "verify")
    assert code == 1
    assert f"witness {made.name}: event 4 is missing (the trail has 3 events)" in err
    code, out, err = _audit(database, capsys, "verify", "--witness", str(made))
    assert code == 1
    assert f"witness {made.name}: event 4 is missing" in err


def test_a_witness_that_is_not_one_is_refused_by_name(
    services: Services, database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _changes(services, 1)
    bad = tmp_path / "notes.json"
    bad.write_text('{"events": "many"}', encoding="utf-8")
    code, _, err = _audit(database, capsys, "verify", "--witness", str(bad),
                          "--witness", str(tmp_path / "gone.json"))  # fmt: skip
    assert code == 1
    assert "witness notes.json: not a saved audit head" in err
    assert "witness gone.json: there is no such file" in err
    assert "Traceback" not in err


def test_a_server_backup_keeps_its_head_beside_it(
    services: Services, database: str, on_postgres: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    if not on_postgres:
        pytest.skip("a pg_dump archive's witness")
    _changes(services)
    made = services.backups.back_up_now()
    sidecar = made.with_name(made.name + witness.SIDECAR_SUFFIX)
    assert json.loads(sidecar.read_text(encoding="utf-8"))["events"] == 4
    code, out, err = _audit(database, capsys, "verify")
    assert code == 0, err
    assert f"witness {sidecar.name}: event 4 matches" in out
    tamper(services.engine, "DELETE FROM audit_event WHERE id = 4")
    code, out, err = _audit(database, capsys, "verify")
    assert code == 1
    assert f"witness {sidecar.name}: event 4 is missing (the trail has 3 events)" in err


def test_a_new_database_in_the_same_place_starts_a_new_witness(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from advocacy_desk.app import open_services
    from tests.conftest import TODAY

    first = open_services(db_path, today=lambda: TODAY)
    _changes(first, 3)
    first.close()
    for leftover in db_path.parent.glob(f"{db_path.name}*"):
        leftover.unlink()
    again = open_services(db_path, today=lambda: TODAY)
    _changes(again, 1)
    kept = witness.kept_head_file(again.engine.url)
    assert kept is not None
    assert json.loads(kept.read_text(encoding="utf-8"))["events"] == 1
    again.close()
    code, _, err = _audit(str(db_path), capsys, "verify")
    assert code == 0, err
