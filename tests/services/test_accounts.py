"""Accounts and sign-in: the first administrator, passwords, lockout, roles, and the
audit events every attempt leaves."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from advocacy_desk.app import Services, open_services
from advocacy_desk.db.models import StaffUser, utcnow
from advocacy_desk.domain import passwords
from advocacy_desk.domain.dates import stored_utc
from advocacy_desk.domain.errors import AdvocacyDeskError, ValidationError
from advocacy_desk.services import accounts as accounts_module
from advocacy_desk.services.access import NotPermitted
from advocacy_desk.services.accounts import MAX_FAILED, SignInRefused
from tests.conftest import TODAY

GOOD = "correct horse battery"


def _trail(services: Services) -> list[tuple[str, str, dict[str, object]]]:
    """(user, action, details) of every event, oldest first (read as a manager would)."""
    with services.uow(read_only=True) as uow:
        from advocacy_desk.services import audit

        return [(e.username, e.action, json.loads(e.details or "{}"))
                for e in audit.events(uow.session)]  # fmt: skip


def _reopen(database: str) -> Services:
    return open_services(database, today=lambda: TODAY, user="tester")


def test_a_new_database_is_open_until_the_first_administrator_exists(
    services: Services, database: str
) -> None:
    assert not services.accounts.has_accounts()
    assert services.access.identity is not None  # open: whoever has the file
    identity = services.accounts.create_first_administrator("  ADA ", "Ada  Lovelace", GOOD)
    assert (identity.username, identity.role, identity.full_name) == (
        "ada", "administrator", "Ada Lovelace"
    )  # fmt: skip
    assert services.accounts.has_accounts()
    closed = _reopen(database)
    try:
        assert closed.access.identity is None
        with pytest.raises(NotPermitted, match="sign in first"):
            closed.people.count()
        with pytest.raises(AdvocacyDeskError, match="already has accounts"):
            closed.accounts.create_first_administrator("eve", "Eve", "another long password")
    finally:
        closed.close()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short one", "at least 12 characters"),
        ("password1234", "most common passwords"),
        ("Password1234!", "most common passwords"),
        ("1qaz2wsx3edc", "most common passwords"),
        ("aaaaaaaaaaaaaa", "different characters"),
        ("ada-is-my-name-ok", "user name"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(
    services: Services, password: str, message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.accounts.create_first_administrator("ada", "Ada Lovelace", password)
    assert message in refused.value.errors["password"]
    assert not services.accounts.has_accounts()


def test_the_password_is_stored_only_as_an_argon2id_hash(services: Services) -> None:
    services.accounts.create_first_administrator("ada", "Ada Lovelace", GOOD)
    with services.uow(read_only=True) as uow:
        stored = uow.session.scalar(select(StaffUser.password_hash))
    assert stored is not None
    assert stored.startswith("$argon2id$")
    assert GOOD not in stored
    assert all(GOOD not in json.dumps(details) for _, _, details in _trail(services))


def test_signing_in_and_every_failure_is_in_the_trail(services: Services, database: str) -> None:
    services.accounts.create_first_administrator("ada", "Ada Lovelace", GOOD)
    services.accounts.add("bea", "Bea Manager", "manager", "a manager's long secret")
    app = _reopen(database)
    try:
        with pytest.raises(SignInRefused, match="user name or password is not right"):
            app.accounts.sign_in("bea", "wrong password here")
        with pytest.raises(SignInRefused, match="user name or password is not right"):
            app.accounts.sign_in("nobody", "wrong password here")
        identity = app.accounts.sign_in(" BEA ", "a manager's long secret")
        assert (identity.username, identity.role) == ("bea", "manager")
        assert app.people.count() == 0  # a manager may read people
    finally:
        app.close()
    tail = [(user, action, details.get("reason")) for user, action, details in _trail(services)]
    assert tail[-3:] == [
        ("bea", "sign_in_failed", "wrong password"),
        ("(unknown user name)", "sign_in_failed", "unknown user name"),
        ("bea", "sign_in", None),
    ]


def test_ten_wrong_passwords_lock_the_account_for_fifteen_minutes(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.accounts.create_first_administrator("ada", "Ada Lovelace", GOOD)
    for _ in range(MAX_FAILED):
        with pytest.raises(SignInRefused, match="not right"):
            services.accounts.sign_in("ada", "not the password")
    with pytest.raises(SignInRefused, match="not right, or the account is locked"):
        services.accounts.sign_in("ada", GOOD)  # even the right one, while locked
    account = next(a for a in services.accounts.accounts() if a.username == "ada")
    now = utcnow()
    assert account.locked(now)
    assert account.locked_until is not None
    later = stored_utc(account.locked_until) + timedelta(seconds=1)
    monkeypatch.setattr(accounts_module, "utcnow", lambda: later)
    assert services.accounts.sign_in("ada", GOOD).username == "ada"
    reasons = [d.get("reason") for _, action, d in _trail(services) if action == "sign_in_failed"]
    assert reasons.count("locked") == 1
    assert "wrong password; locked for 15 minutes" in reasons


def test_an_administrator_can_unlock_an_account_early(services: Services) -> None:
    services.accounts.create_first_administrator("ada", "Ada Lovelace", GOOD)
    services.accounts.add("bea", "Bea Manager", "manager", "a manager's long secret")
    for _ in range(MAX_FAILED):
        with pytest.raises(SignInRefused):
            services.accounts.sign_in("bea", "not the password")
    services.accounts.sign_in("ada", GOOD)
    services.accounts.unlock_account("bea")
    assert services.accounts.sign_in("bea", "a manager's long secret").role == "manager"


def test_a_switched_off_account_cannot_sign_in(services: Services) -> None:
    services.accounts.create_first_administrator("ada", "Ada Lovelace", GOOD)
    services.accounts.add("bea", "Bea Manager", "manager", "a manager's long secret")
    services.accounts.set_active("bea", False)
    with pytest.raises(SignInRefused, match="switched off"):
        services.accounts.sign_in("bea", "a manager's long secret")


def test_the_last_administrator_cannot_be_removed(services: Services) -> None:
    services.accounts.create_first_administrator("ada", "Ada Lovelace", GOOD)
    with pytest.raises(ValidationError, match="only administrator"):
        services.accounts.set_role("ada", "manager")
    with pytest.raises(ValidationError, match="only administrator"):
        services.accounts.set_active("ada", False)
    services.accounts.add("cy", "Cy Admin", "administrator", "another admin's secret")
    assert services.accounts.set_role("ada", "manager").role == "manager"


def test_only_administrators_manage_accounts(services: Services) -> None:
    services.accounts.create_first_administrator("ada", "Ada Lovelace", GOOD)
    services.accounts.add("bea", "Bea Manager", "manager", "a manager's long secret")
    services.accounts.sign_in("bea", "a manager's long secret")
    with pytest.raises(NotPermitted, match=r"your role \(Manager\) does not allow you to add"):
        services.accounts.add("eve", "Eve", "administrator", "eve's own long secret")
    refused = [d for user, action, d in _trail(services) if action == "refused"]
    assert refused[-1] == {
        "what": "add accounts",
        "why": "your role (Manager) does not allow you to add accounts",
    }


def test_changing_ones_own_password_needs_the_current_one(services: Services) -> None:
    services.accounts.create_first_administrator("ada", "Ada Lovelace", GOOD)
    with pytest.raises(ValidationError) as wrong:
        services.accounts.change_own_password("not it at all", "a brand new passphrase")
    assert "current" in wrong.value.errors
    services.accounts.change_own_password(GOOD, "a brand new passphrase")
    with pytest.raises(SignInRefused):
        services.accounts.sign_in("ada", GOOD)
    assert services.accounts.sign_in("ada", "a brand new passphrase").username == "ada"


def test_a_hash_made_with_weaker_parameters_is_replaced_at_sign_in(services: Services) -> None:
    from argon2 import PasswordHasher

    services.accounts.create_first_administrator("ada", "Ada Lovelace", GOOD)
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(GOOD)
    with services.uow() as uow:
        uow.session.scalars(select(StaffUser)).one().password_hash = weak
        uow.commit()
    services.accounts.sign_in("ada", GOOD)
    with services.uow(read_only=True) as uow:
        stored = uow.session.scalar(select(StaffUser.password_hash))
    assert stored is not None
    assert stored != weak
    assert not passwords.needs_rehash(stored)


def test_sql_and_formula_characters_in_names_are_just_text(services: Services) -> None:
    name = "x'); DROP TABLE staff_user; --"
    with pytest.raises(SignInRefused):
        services.accounts.sign_in(name, '=HYPERLINK("http://evil")')
    services.accounts.create_first_administrator("ada", "=cmd|' /C calc'!A0", GOOD)
    assert services.accounts.accounts()[0].full_name == "=cmd|' /C calc'!A0"
    assert [u for u, a, _ in _trail(services) if a == "sign_in_failed"] == ["(unknown user name)"]
