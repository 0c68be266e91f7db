"""``advocacy-desk accounts ...``: account administration without a window, by an
administrator, under the same rules as Settings > Accounts, every change audited and
every refusal one line that changes nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from advocacy_desk.app import open_services
from advocacy_desk.cli import main as cli_main
from advocacy_desk.services.accounts import MAX_FAILED, SignInRefused

ADMIN = "the administrator's passphrase"
NEW = "a fresh long passphrase"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    """A database whose first administrator (ada) was made on the command line; the
    environment then holds ada's password, as a script's would."""
    path = str(tmp_path / "accounts.sqlite")
    monkeypatch.setenv("ADVOCACY_DESK_PASSWORD", ADMIN)
    monkeypatch.delenv("ADVOCACY_DESK_NEW_PASSWORD", raising=False)
    assert cli_main(["--db", path, "init", "--admin", "ada", "--full-name", "Ada L"]) == 0
    capsys.readouterr()
    return path


def _run(db: str, *args: str, user: str = "ada") -> int:
    return cli_main(["--db", db, "--user", user, "accounts", *args])


def _listed(db: str, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    capsys.readouterr()
    assert _run(db, "list", "--format", "json") == 0
    listed: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return listed


def _trail(db: str) -> list[tuple[str, str, dict[str, object]]]:
    from advocacy_desk.services import audit

    services = open_services(db)
    try:
        with services.uow(read_only=True) as uow:
            return [(e.username, e.action, json.loads(e.details or "{}"))
                    for e in audit.events(uow.session)]  # fmt: skip
    finally:
        services.close()


def _signs_in(db: str, username: str, password: str) -> str:
    services = open_services(db)
    try:
        return services.accounts.sign_in(username, password).role
    finally:
        services.close()


def test_list_prints_a_table_and_stable_json(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(db, "list") == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split()[:4] == ["USER", "NAME", "FULL", "NAME"]
    assert table[1].split()[:4] == ["ada", "Ada", "L", "administrator"]
    [ada] = _listed(db, capsys)
    assert list(ada) == [
        "username", "full_name", "role", "role_label", "active", "locked", "locked_until",
        "failed_sign_ins", "has_password", "last_sign_in_at",
    ]  # fmt: skip
    assert (ada["username"], ada["full_name"], ada["role"], ada["active"], ada["locked"]) == (
        "ada", "Ada L", "administrator", True, False
    )  # fmt: skip


def test_add_with_the_password_from_the_environment(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ADVOCACY_DESK_NEW_PASSWORD", NEW)
    assert _run(db, "add", "Cora", "--role", "volunteer_coordinator", "--full-name", "Cora C") == 0
    assert capsys.readouterr().out == "account cora added (Volunteer coordinator)\n"
    assert _signs_in(db, "cora", NEW) == "volunteer_coordinator"
    assert ("ada", "create", {"username": "cora", "role": "volunteer_coordinator"}) in _trail(db)


def test_one_variable_signs_in_and_gives_the_new_password_with_a_warning(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(db, "add", "dan", "--role", "advocate") == 0
    shown = capsys.readouterr()
    assert shown.out == "account dan added (Advocate)\n"
    assert "warning: the new password is the one you signed in with" in shown.err
    assert _signs_in(db, "dan", ADMIN) == "advocate"


def test_add_and_password_typed_twice_at_the_prompt(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import getpass

    typed = iter([ADMIN, NEW, NEW, ADMIN, "another long passphrase", "another long passphrase"])
    prompts: list[str] = []

    def answer(prompt: str = "") -> str:
        prompts.append(prompt)
        return next(typed)

    monkeypatch.delenv("ADVOCACY_DESK_PASSWORD")
    monkeypatch.setattr(getpass, "getpass", answer)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    assert _run(db, "add", "eve", "--role", "read_only") == 0
    assert _signs_in(db, "eve", NEW) == "read_only"
    assert _run(db, "password", "eve") == 0
    assert capsys.readouterr().out.splitlines()[-1] == "password set for eve"
    assert _signs_in(db, "eve", "another long passphrase") == "read_only"
    assert prompts == ["Password: ", "New password: ", "The same password again: "] * 2
    assert ("ada", "set_password", {"username": "eve"}) in _trail(db)


def test_two_different_passwords_at_the_prompt_change_nothing(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import getpass

    typed = iter([ADMIN, NEW, "not the same one at all"])
    monkeypatch.delenv("ADVOCACY_DESK_PASSWORD")
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(typed))
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    assert _run(db, "add", "eve", "--role", "read_only") == 1
    assert "the two passwords differ" in capsys.readouterr().err
    monkeypatch.setenv("ADVOCACY_DESK_PASSWORD", ADMIN)
    assert [a["username"] for a in _listed(db, capsys)] == ["ada"]


def test_set_role_disable_enable_and_unlock(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ADVOCACY_DESK_NEW_PASSWORD", NEW)
    assert _run(db, "add", "bea", "--role", "advocate") == 0
    capsys.readouterr()
    assert _run(db, "set-role", "bea", "manager") == 0
    assert _run(db, "disable", "bea") == 0
    assert capsys.readouterr().out == "bea is now Manager\nbea switched off\n"
    with pytest.raises(SignInRefused, match="switched off"):
        _signs_in(db, "bea", NEW)
    assert _run(db, "enable", "bea") == 0
    for _ in range(MAX_FAILED):
        with pytest.raises(SignInRefused):
            _signs_in(db, "bea", "a wrong guess")
    [bea] = [a for a in _listed(db, capsys) if a["username"] == "bea"]
    assert bea["locked"] is True
    assert bea["locked_until"] is not None
    assert _run(db, "unlock", "bea") == 0
    assert capsys.readouterr().out == "bea unlocked\n"
    assert _signs_in(db, "bea", NEW) == "manager"
    actions = [(a, d) for u, a, d in _trail(db) if u == "ada" and a in ("update", "unlock")]
    assert actions == [
        ("update", {"role": ["advocate", "manager"]}),
        ("update", {"active": [True, False]}),
        ("update", {"active": [False, True]}),
        ("unlock", {"username": "bea"}),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "zed", "--role", "boss"], "there is no role 'boss': choose one of "
         "administrator, manager, advocate, volunteer_coordinator, read_only"),
        (["set-role", "ada", "coordinator"], "there is no role 'coordinator'"),
        (["set-role", "nobody", "manager"], "there is no account with that user name"),
        (["password", "nobody"], "there is no account with that user name"),
        (["unlock", "nobody"], "there is no account with that user name"),
        (["set-role", "ada", "manager"], "ada is the only administrator"),
        (["disable", "ada"], "ada is the only administrator"),
        (["add", "ada", "--role", "manager"], "ada is already taken"),
    ],
)  # fmt: skip
def test_refusals_are_one_line_and_change_nothing(
    db: str, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before_accounts, before_trail = _listed(db, capsys), len(_trail(db))
    capsys.readouterr()
    assert _run(db, *args) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("advocacy-desk: error: ")
    assert message in err
    after = _listed(db, capsys)
    for account in (*before_accounts, *after):
        account.pop("last_sign_in_at")  # the listing's own sign-in moves it
    assert after == before_accounts
    # nothing but sign-ins (the command's, the listing's) was added to the trail
    assert {a for _, a, _ in _trail(db)[before_trail:]} == {"sign_in"}


def test_a_weak_new_password_is_refused(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ADVOCACY_DESK_NEW_PASSWORD", "password1234")
    assert _run(db, "add", "fay", "--role", "advocate") == 1
    err = capsys.readouterr().err
    assert err.startswith("advocacy-desk: error: Password: ")
    assert "most common passwords" in err
    assert [a["username"] for a in _listed(db, capsys)] == ["ada"]


def test_only_an_administrator_manages_accounts(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ADVOCACY_DESK_NEW_PASSWORD", NEW)
    assert _run(db, "add", "bea", "--role", "manager") == 0
    monkeypatch.setenv("ADVOCACY_DESK_PASSWORD", NEW)
    capsys.readouterr()
    for args in (["list"], ["add", "gus", "--role", "administrator"], ["unlock", "ada"]):
        assert _run(db, *args, user="bea") == 1
        err = capsys.readouterr().err
        assert err.startswith("advocacy-desk: error: your role (Manager) does not allow you")
    refused = [d["what"] for u, a, d in _trail(db) if u == "bea" and a == "refused"]
    assert refused == ["see the accounts", "add accounts", "unlock accounts"]
    monkeypatch.setenv("ADVOCACY_DESK_PASSWORD", ADMIN)
    assert [a["username"] for a in _listed(db, capsys)] == ["ada", "bea"]


def test_accounts_from_a_separate_process(db: str) -> None:
    """As a server's administrator would run it: a process of its own, no terminal."""
    env = {**os.environ, "ADVOCACY_DESK_PASSWORD": ADMIN, "ADVOCACY_DESK_NEW_PASSWORD": NEW,
           "PYTHONPATH": str(ROOT)}  # fmt: skip
    command = [sys.executable, "-m", "advocacy_desk", "--db", db, "--user", "ada", "accounts"]
    made = subprocess.run(
        [*command, "add", "hal", "--role", "manager"],
        env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False,
    )  # fmt: skip
    assert (made.returncode, made.stdout) == (0, "account hal added (Manager)\n")
    listed = subprocess.run([*command, "list", "--format", "json"], env=env,
                            capture_output=True, text=True, check=True)  # fmt: skip
    assert [a["role"] for a in json.loads(listed.stdout)] == ["administrator", "manager"]
    env.pop("ADVOCACY_DESK_NEW_PASSWORD")
    env.pop("ADVOCACY_DESK_PASSWORD")
    asked = subprocess.run([*command, "password", "hal"], env=env, capture_output=True,
                           text=True, stdin=subprocess.DEVNULL, check=False)  # fmt: skip
    assert asked.returncode == 1
    assert asked.stderr.startswith("advocacy-desk: error: no password: set ADVOCACY_DESK_PASSWORD")
