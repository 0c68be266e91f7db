"""Issue 20's account hardening: a password typed into the user-name box never reaches
the trail (a keyed hash stands for it); wrong current passwords count towards the
lockout wherever they are typed; a locked account answers as an unknown name does; and
signing in never waits behind another process's long write."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from advocacy_desk.app import Services, open_services
from advocacy_desk.cli import main as cli_main
from advocacy_desk.db.models import StaffUser
from advocacy_desk.domain import passwords
from advocacy_desk.domain.errors import ValidationError
from advocacy_desk.services import accounts as accounts_module
from advocacy_desk.services import audit
from advocacy_desk.services.accounts import MAX_FAILED, WRONG, SignInRefused
from advocacy_desk.services.settings import DEFAULT_PROVIDER, PROVIDER_NAME
from tests.conftest import TODAY

ADMIN = "the administrator's passphrase"
MANAGER = "a manager's long secret"
#: What a hurried person types into the user-name box: their password.
TYPED_PASSWORD = "Wibble-Sprocket-1987"


def _open(database: str | Path) -> Services:
    return open_services(database, today=lambda: TODAY, user="tester")


@pytest.fixture
def staffed(database: str) -> str:
    """A database with an administrator (ada) and a manager (bea), nobody signed in."""
    services = _open(database)
    services.accounts.create_first_administrator("ada", "Ada Lovelace", ADMIN)
    services.accounts.add("bea", "Bea Manager", "manager", MANAGER)
    services.close()
    return database


def _trail(database: str | Path) -> list[tuple[str, str, dict[str, object]]]:
    """(user, action, details) of every event, read as a manager would."""
    services = _open(database)
    try:
        services.accounts.sign_in("bea", MANAGER)
        return [(e.username, e.action, json.loads(e.details or "{}"))
                for e in services.audit.events()]  # fmt: skip
    finally:
        services.close()


# -- 1. no password in the trail ---------------------------------------------------------


def test_a_password_typed_as_the_user_name_is_kept_only_as_a_keyed_hash(
    staffed: str, db_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    services = _open(staffed)
    try:
        for _ in range(2):
            with pytest.raises(SignInRefused) as refused:
                services.accounts.sign_in(TYPED_PASSWORD, "whatever was typed next")
            assert TYPED_PASSWORD.lower() not in str(refused.value).lower()
        with pytest.raises(SignInRefused):
            services.accounts.sign_in("someone-else", "whatever was typed next")
    finally:
        services.close()

    failed = [(user, details) for user, action, details in _trail(staffed)
              if action == "sign_in_failed"]  # fmt: skip
    assert [user for user, _ in failed] == ["(unknown user name)"] * 3
    assert {details["reason"] for _, details in failed} == {"unknown user name"}
    first, again, other = (str(details["typed_name_hash"]) for _, details in failed)
    assert first.startswith("hmac-sha256:")
    assert first == again  # the same text twice is recognisable...
    assert first != other  # ...and told apart from another

    # the manager's CLI views of the trail, as csv and json
    monkeypatch.setenv("ADVOCACY_DESK_PASSWORD", MANAGER)
    capsys.readouterr()
    for form in ("csv", "json"):
        assert cli_main(["--db", staffed, "--user", "bea", "audit", "--format", form]) == 0
        shown = capsys.readouterr()
        assert "unknown user name" in shown.out
        assert TYPED_PASSWORD.lower() not in (shown.out + shown.err).lower()

    # nor anywhere in the file's bytes (the database and any write-ahead log beside it)
    for part in db_path.parent.glob(db_path.name + "*"):
        raw = part.read_bytes().lower()
        assert TYPED_PASSWORD.lower().encode() not in raw, part.name


def test_the_keyed_hash_uses_a_key_of_this_database(
    new_database: Callable[[], str],
) -> None:
    make = new_database
    hashes = []
    for location in (make(), make()):
        services = _open(location)
        try:
            with services.uow() as uow:
                hashes.append(accounts_module.typed_name_hash(uow.session, "jsmith"))
                uow.commit()
            with services.uow() as uow:  # the key is kept: the same text, the same hash
                assert accounts_module.typed_name_hash(uow.session, "jsmith") == hashes[-1]
        finally:
            services.close()
    assert hashes[0] != hashes[1]


def test_a_password_typed_as_the_cli_user_is_never_printed_or_kept(
    staffed: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ADVOCACY_DESK_PASSWORD", "the real password, typed second")
    capsys.readouterr()
    assert cli_main(["--db", staffed, "--user", TYPED_PASSWORD, "waiting-list"]) == 1
    shown = capsys.readouterr()
    assert shown.err.startswith("advocacy-desk: error: The user name or password is not right")
    assert TYPED_PASSWORD.lower() not in (shown.out + shown.err).lower()
    assert all(TYPED_PASSWORD.lower() not in (user + json.dumps(details)).lower()
               for user, _, details in _trail(staffed))  # fmt: skip


def test_an_administrators_typo_in_a_user_name_is_not_repeated_back(
    staffed: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    services = _open(staffed)
    try:
        services.accounts.sign_in("ada", ADMIN)
        with pytest.raises(Exception, match="no account with that user name") as refused:
            services.accounts.unlock_account(TYPED_PASSWORD)
        assert TYPED_PASSWORD.lower() not in str(refused.value).lower()
    finally:
        services.close()


# -- 4. guessing counts everywhere -------------------------------------------------------


def test_wrong_current_passwords_count_towards_the_lockout_and_are_audited(
    staffed: str,
) -> None:
    services = _open(staffed)
    try:
        services.accounts.sign_in("bea", MANAGER)
        for _ in range(MAX_FAILED):
            with pytest.raises(ValidationError, match="Current password: that is not right"):
                services.accounts.change_own_password("a guess at bea's", "a new long passphrase")
        with pytest.raises(ValidationError, match="locked"):  # even the right one now
            services.accounts.change_own_password(MANAGER, "a new long passphrase")
        with pytest.raises(SignInRefused):
            services.accounts.sign_in("bea", MANAGER)
    finally:
        services.close()
    events = [(action, details.get("reason")) for user, action, details in _trail_as_admin(
        staffed) if user == "bea" and action.endswith("_failed")]  # fmt: skip
    assert events[: MAX_FAILED - 1] == [("change_password_failed", "wrong current password")] * (
        MAX_FAILED - 1
    )
    assert events[MAX_FAILED - 1] == (
        "change_password_failed", "wrong current password; locked for 15 minutes"
    )  # fmt: skip
    assert ("change_password_failed", "locked") in events
    assert ("sign_in_failed", "locked") in events


def _trail_as_admin(database: str) -> list[tuple[str, str, dict[str, object]]]:
    """The trail read straight from the database (bea may be locked out)."""
    services = _open(database)
    try:
        with services.uow(read_only=True) as uow:
            return [(e.username, e.action, json.loads(e.details or "{}"))
                    for e in audit.events(uow.session)]  # fmt: skip
    finally:
        services.close()


def test_wrong_passwords_at_the_idle_lock_count_towards_the_lockout(staffed: str) -> None:
    services = _open(staffed)
    try:
        services.accounts.sign_in("bea", MANAGER)
        for _ in range(MAX_FAILED):
            with pytest.raises(SignInRefused):
                services.accounts.unlock("not bea's password")
        with pytest.raises(SignInRefused):
            services.accounts.unlock(MANAGER)  # locked now, even with the right one
    finally:
        services.close()
    reasons = [d.get("reason") for u, a, d in _trail_as_admin(staffed)
               if u == "bea" and a == "sign_in_failed"]  # fmt: skip
    assert reasons.count("wrong password") == MAX_FAILED - 1
    assert reasons[MAX_FAILED - 1 :] == ["wrong password; locked for 15 minutes", "locked"]


def test_a_locked_account_answers_exactly_as_an_unknown_name_does(
    staffed: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = _open(staffed)
    try:
        for _ in range(MAX_FAILED):
            with pytest.raises(SignInRefused):
                services.accounts.sign_in("bea", "a wrong guess")
        checks: list[str | None] = []
        real_verify = passwords.verify

        def counting(stored: str | None, password: str) -> bool:
            checks.append(stored)
            return real_verify(stored, password)

        monkeypatch.setattr(passwords, "verify", counting)
        answers = []
        for name, password in (("bea", MANAGER), ("bea", "a wrong guess"),
                               ("nobody-here", MANAGER), ("ada", "a wrong guess")):  # fmt: skip
            with pytest.raises(SignInRefused) as refused:
                services.accounts.sign_in(name, password)
            answers.append(str(refused.value))
        assert answers == [WRONG] * 4
        assert len(checks) == 4  # one Argon2 check each: the same work, locked or unknown
        assert checks[2] is None  # the unknown name is checked against the decoy
    finally:
        services.close()


def test_the_decoy_costs_what_a_real_account_costs() -> None:
    """The decoy is written out (not hashed at every start): it must carry today's
    Argon2 parameters, or an unknown name would answer faster than a wrong password."""
    assert not passwords.needs_rehash(passwords._DECOY)
    assert not passwords.verify(None, "advocacy-desk: no such account")
    assert not passwords.verify(None, "anything at all")


# -- 11. reading never takes the write lock ----------------------------------------------


class _LongImport:
    """Another process's long write (an import): a second connection holding the write
    lock (SQLite's BEGIN IMMEDIATE on the file; a server's advisory lock) until
    :meth:`finish`."""

    def __init__(self, database: str) -> None:
        from sqlalchemy import text

        from advocacy_desk.db.engine import make_engine

        self.engine = make_engine(database)
        self.connection = self.engine.connect()
        self.transaction = self.connection.begin()
        self.connection.execute(text("INSERT INTO setting (key, value) VALUES ('i', 'running')"))

    def finish(self) -> None:
        self.transaction.commit()
        self.connection.close()
        self.engine.dispose()


def _in_thread(work: object) -> tuple[threading.Thread, dict[str, object]]:
    """Run ``work`` in a thread; its result or exception lands in the dict."""
    assert callable(work)
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["result"] = work()
        except BaseException as exc:  # handed to the test, which re-raises it
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


def test_opening_and_signing_in_do_not_wait_behind_a_long_import(
    staffed: str,
) -> None:
    long_import = _LongImport(staffed)
    opened: list[Services] = []
    try:

        def sign_in() -> str:
            services = _open(staffed)  # the schema check on opening is a read
            opened.append(services)
            services.accounts.sign_in("bea", "a wrong guess")  # refused, counted
            return "refused"

        thread, outcome = _in_thread(sign_in)
        # The import holds the lock until the sign-in has answered: a sign-in that
        # waited for the lock would fail after the busy timeout instead (10 s on
        # SQLite, 60 s on a server).
        thread.join(timeout=120)
        assert not thread.is_alive()
        assert isinstance(outcome.get("error"), SignInRefused), outcome
        services = opened[0]
        identity = services.accounts.sign_in("bea", MANAGER)  # still behind the import
        assert identity.role == "manager"
        assert services.uow.pending.waiting()  # kept in memory for now
    finally:
        long_import.finish()
    # The first read once the import is done writes what was kept, in order.
    services.people.count()
    assert not services.uow.pending.waiting()
    services.close()
    tail = [(u, a, d.get("reason")) for u, a, d in _trail_as_admin(staffed)][-2:]
    assert tail == [("bea", "sign_in_failed", "wrong password"), ("bea", "sign_in", None)]
    reopened = _open(staffed)
    with reopened.uow(read_only=True) as uow:
        signed = uow.session.scalar(
            select(StaffUser.last_sign_in_at).where(StaffUser.username == "bea")
        )
    reopened.close()
    assert signed is not None


def test_failures_kept_behind_a_long_import_still_lock_the_account(
    staffed: str,
) -> None:
    long_import = _LongImport(staffed)
    services = _open(staffed)
    try:
        for _ in range(MAX_FAILED):
            with pytest.raises(SignInRefused):
                services.accounts.sign_in("bea", "a wrong guess")
        assert services.uow.pending.count(("failed_sign_in", 2)) == MAX_FAILED
        with pytest.raises(SignInRefused):  # locked, though nothing is written yet
            services.accounts.sign_in("bea", MANAGER)
    finally:
        long_import.finish()
    services.close()  # closing writes what was kept (waiting for the lock if need be)
    account = next(a for a in _accounts(staffed) if a.username == "bea")
    assert account.locked_until is not None
    assert account.failed_sign_ins == 0


def _accounts(database: str) -> list[accounts_module.Account]:
    services = _open(database)
    try:
        services.accounts.sign_in("ada", ADMIN)
        return services.accounts.accounts()
    finally:
        services.close()


def test_a_change_waits_for_the_lock_and_writes_the_kept_events_first(
    staffed: str,
) -> None:
    long_import = _LongImport(staffed)
    services = _open(staffed)
    try:
        services.accounts.sign_in("ada", ADMIN)
    finally:
        long_import.finish()
    services.accounts.unlock_account("bea")  # a writing unit of work
    assert not services.uow.pending.waiting()
    services.close()
    tail = [(u, a) for u, a, _ in _trail_as_admin(staffed)][-2:]
    assert tail == [("ada", "sign_in"), ("ada", "unlock")]


def test_what_the_window_reads_first_does_not_wait_behind_a_long_import(
    staffed: str,
) -> None:
    services = _open(staffed)
    services.accounts.sign_in("bea", MANAGER)
    services.people.count()  # the default matrix and such, made before the import
    long_import = _LongImport(staffed)
    try:

        def read() -> object:
            return (
                services.is_empty(),
                [m.username for m in services.staff.list()],
                services.citizen.due(),
                services.citizen.partnerships(),
                services.settings.get(PROVIDER_NAME),
                services.accounts.has_accounts(),
            )

        thread, outcome = _in_thread(read)
        thread.join(timeout=120)
        assert not thread.is_alive()
        assert outcome.get("result") == (True, ["ada", "bea"], [], [], DEFAULT_PROVIDER, True), (
            outcome
        )
    finally:
        long_import.finish()
        services.close()


def test_the_coordinators_role_code_is_volunteer_coordinator_after_upgrading(
    tmp_path: Path,
) -> None:
    from alembic import command
    from sqlalchemy import text

    from advocacy_desk.db.engine import make_engine
    from advocacy_desk.db.migrate import alembic_config, upgrade_to_head

    engine = make_engine(tmp_path / "old.sqlite")
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0011")
        conn.execute(text(
            "INSERT INTO staff_user (username, full_name, role, capacity, active, "
            "failed_sign_ins, created_at) "
            "VALUES ('cora', 'Cora', 'coordinator', 100, 1, 0, '2026-01-01 00:00:00')"
        ))  # fmt: skip
    upgrade_to_head(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT role FROM staff_user")).scalar() == "volunteer_coordinator"
    engine.dispose()
