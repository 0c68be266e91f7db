"""The command line signs in too: ``init --admin``, ``--user`` with the password from
ADVOCACY_DESK_PASSWORD, the demo account, and refusals that name the problem."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from advocacy_desk.app import open_services
from advocacy_desk.cli import main as cli_main
from advocacy_desk.demo import DEMO_PASSWORD

ADMIN_PASSWORD = "the administrator's passphrase"


@pytest.fixture
def secured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Path:
    """A database whose first administrator was made on the command line."""
    db = tmp_path / "secured.sqlite"
    monkeypatch.setenv("ADVOCACY_DESK_PASSWORD", ADMIN_PASSWORD)
    assert cli_main(["--db", str(db), "init", "--admin", "Ada", "--full-name", "Ada L"]) == 0
    monkeypatch.delenv("ADVOCACY_DESK_PASSWORD")
    return db


def test_init_admin_creates_the_first_administrator(
    secured: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "administrator account ada created" in capsys.readouterr().out
    services = open_services(secured)
    try:
        assert services.access.identity is None  # closed now
        identity = services.accounts.sign_in("ada", ADMIN_PASSWORD)
        assert (identity.role, identity.full_name) == ("administrator", "Ada L")
    finally:
        services.close()


def test_init_admin_refuses_a_weak_password_and_writes_no_account(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "weak.sqlite"
    monkeypatch.setenv("ADVOCACY_DESK_PASSWORD", "password")
    assert cli_main(["--db", str(db), "init", "--admin", "ada"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("advocacy-desk: error: Password: use at least 12 characters")
    services = open_services(db)
    try:
        assert not services.accounts.has_accounts()
    finally:
        services.close()


def test_a_second_init_admin_is_refused(
    secured: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ADVOCACY_DESK_PASSWORD", "another good passphrase")
    assert cli_main(["--db", str(secured), "init", "--admin", "eve"]) == 1
    assert "already has accounts" in capsys.readouterr().err


def test_commands_need_user_once_there_are_accounts(
    secured: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert cli_main(["--db", str(secured), "waiting-list"]) == 1
    assert "sign in with --user NAME" in capsys.readouterr().err
    monkeypatch.setenv("ADVOCACY_DESK_PASSWORD", "not the password at all")
    assert cli_main(["--db", str(secured), "--user", "ada", "audit"]) == 1
    assert "user name or password is not right" in capsys.readouterr().err
    monkeypatch.setenv("ADVOCACY_DESK_PASSWORD", ADMIN_PASSWORD)
    # signed in, but an administrator does not read the audit trail: a manager does
    assert cli_main(["--db", str(secured), "--user", "ada", "audit"]) == 1
    assert "does not allow you to read the audit trail" in capsys.readouterr().err


def test_a_demo_database_signs_in_as_its_documented_account(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "demo.sqlite"
    assert cli_main(["--db", str(db), "demo", "--scale", "small"]) == 0
    out = capsys.readouterr().out
    assert f"password: {DEMO_PASSWORD}" in out
    assert "demo (manager)" in out
    # without --user: the demo manager
    assert cli_main(["--db", str(db), "waiting-list", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)
    # with --user and the password from the environment
    monkeypatch.setenv("ADVOCACY_DESK_PASSWORD", DEMO_PASSWORD)
    assert cli_main(["--db", str(db), "--user", "demo", "audit", "--format", "json"]) == 0
    events = json.loads(capsys.readouterr().out)
    signed = [e for e in events if e["action"] == "sign_in"]
    assert [e["user"] for e in signed][-2:] == ["demo", "demo"]
    assert cli_main(["--db", str(db), "--user", "demo", "audit", "verify"]) == 0
    assert "the audit trail is whole" in capsys.readouterr().out
    # the administrator may not export a return: exit 1, nothing written, refusal audited
    out_file = tmp_path / "return.csv"
    argv = ["--db", str(db), "--user", "demo-admin", "return", "--quarter", "2026/27-Q2",
            "--format", "csv", "--out", str(out_file)]  # fmt: skip
    assert cli_main(argv) == 1
    assert "does not allow you to see the monitoring return" in capsys.readouterr().err
    assert not out_file.exists()
    assert cli_main(["--db", str(db), "--user", "demo", "audit", "--format", "json"]) == 0
    refused = [e for e in json.loads(capsys.readouterr().out) if e["action"] == "refused"]
    assert refused[-1]["user"] == "demo-admin"


def test_an_advocate_cannot_reach_other_cases_through_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "demo.sqlite"
    assert cli_main(["--db", str(db), "demo", "--scale", "small"]) == 0
    services = open_services(db)
    try:
        services.accounts.sign_in("demo-admin", DEMO_PASSWORD)
        services.accounts.add("ann", "Ann Advocate", "advocate", "an advocate's passphrase")
    finally:
        services.close()
    capsys.readouterr()
    monkeypatch.setenv("ADVOCACY_DESK_PASSWORD", "an advocate's passphrase")
    # the waiting list is readable; the return and the audit trail are not
    assert cli_main(["--db", str(db), "--user", "ann", "waiting-list", "--format", "csv"]) == 0
    assert cli_main(["--db", str(db), "--user", "ann", "audit"]) == 1
    assert "Advocate) does not allow you to read the audit trail" in capsys.readouterr().err
    assert cli_main(["--db", str(db), "--user", "ann", "match"]) == 1
    assert "does not allow you to see citizen advocacy matching" in capsys.readouterr().err
