"""Accounts: the first administrator, signing in and out, passwords and roles.

An account is a member of staff (``staff_user``) with a password. Sign-ins, good and
bad, are written to the audit trail; ten wrong passwords in a row lock the account for
fifteen minutes (an administrator may unlock it sooner).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from advocacy_desk.db.models import SecretKey, StaffUser, utcnow
from advocacy_desk.domain import passwords
from advocacy_desk.domain.errors import AdvocacyDeskError, NotFound, ValidationError
from advocacy_desk.domain.vocabulary import ROLE
from advocacy_desk.records.accounts import Account
from advocacy_desk.services import audit_writer
from advocacy_desk.services.access import (
    ROLE_PERMISSIONS,
    SIGNED_IN,
    GuardedService,
    Identity,
    Permission,
    has_accounts,
    public,
    requires,
)

__all__ = [
    "LOCKED_CURRENT",
    "LOCK_FOR",
    "MAX_FAILED",
    "NO_NAME",
    "UNKNOWN_NAME",
    "WRONG",
    "WRONG_CURRENT",
    "Account",
    "AccountService",
    "SignInRefused",
    "typed_name_hash",
]

MAX_FAILED = 10
LOCK_FOR = timedelta(minutes=15)
#: The audit trail's user name is 60 characters; a longer typed name is cut.
_NAME = 60

_ROLE_CHOICE = "Role: choose one of " + ", ".join(label for _, label in ROLE.items) + "."

#: The answer to every refused sign-in but a switched-off account's with the right
#: password: an unknown name, a wrong password and a locked account look the same, so
#: the sign-in does not tell which names exist (or which are locked).
WRONG = (
    "The user name or password is not right, or the account is locked. Check both (and "
    f"Caps Lock) and try again; after {MAX_FAILED} wrong passwords in a row an account "
    f"locks for {LOCK_FOR.seconds // 60} minutes (an administrator can unlock it sooner)."
)
WRONG_CURRENT = "Current password: that is not right."
LOCKED_CURRENT = (
    f"Current password: the account is locked after {MAX_FAILED} wrong passwords in a row; "
    f"wait {LOCK_FOR.seconds // 60} minutes, or ask an administrator to unlock it."
)
#: What the trail's user column says for a sign-in under a name that is no account
#: (the typed text is never kept: it may be a password typed into the wrong box).
UNKNOWN_NAME = "(unknown user name)"
NO_NAME = "(no user name)"
#: The key of the wrong passwords waiting to be written, per account.
_FAILED = "failed_sign_in"
_SIGNED_IN = "signed_in"
#: The ``secret_key`` row whose key the typed-name hashes use.
_NAME_KEY = "typed_user_name"
#: Hex digits of HMAC-SHA256 kept: 64 bits, plenty to tell attempts apart.
_HASH_DIGITS = 16


def typed_name_hash(session: Session, typed: str) -> str:
    """A keyed hash (HMAC-SHA256, this database's own random key) of a typed user name:
    the same text always gives the same hash, so repeated attempts can be recognised,
    but the text cannot be read back, nor checked against a guess without the key.
    Makes the key at the first use (in the caller's writing transaction)."""
    key = session.get(SecretKey, _NAME_KEY)
    if key is None:
        key = SecretKey(name=_NAME_KEY, value=secrets.token_bytes(32), created_at=utcnow())
        session.add(key)
        session.flush()
    digest = hmac.new(key.value, typed.encode("utf-8"), hashlib.sha256).hexdigest()
    return "hmac-sha256:" + digest[:_HASH_DIGITS]


#: What an account change writes to the trail: the action and its details.
_Event = tuple[str, dict[str, Any]]


class SignInRefused(AdvocacyDeskError):
    """The user name and password did not open an account (the reason is in the trail)."""


def _account(staff: StaffUser) -> Account:
    return Account(staff.id, staff.username, staff.full_name, staff.role, staff.active,
                   staff.password_hash is not None, staff.failed_sign_ins, staff.locked_until,
                   staff.last_sign_in_at)  # fmt: skip


def _clean_username(username: str) -> str:
    return username.strip().lower()


def _check_new(username: str, full_name: str, role: str, password: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not username:
        errors["username"] = "User name: give a short name to sign in with, like jsmith."
    elif len(username) > _NAME or any(c.isspace() for c in username):
        errors["username"] = f"User name: one word of at most {_NAME} characters, like jsmith."
    if not full_name:
        errors["full_name"] = "Full name: write the person's name as colleagues know it."
    if role not in ROLE:
        errors["role"] = _ROLE_CHOICE
    wrong = passwords.problem(password, username)
    if wrong:
        errors["password"] = wrong
    return errors


class AccountService(GuardedService):
    # -- before anyone is signed in -----------------------------------------------------

    @property
    @public("who is signed in is what the window shows first")
    def identity(self) -> Identity | None:
        return self._access.identity

    @public("whether to ask for a password at all is decided before anyone signs in")
    def has_accounts(self) -> bool:
        """Whether sign-in is needed (an account with a password exists)."""
        with self._uow(read_only=True) as uow:
            return has_accounts(uow.session)

    @public("the first account is made before there is anyone to sign in (it checks none exists)")
    def create_first_administrator(self, username: str, full_name: str, password: str
                                   ) -> Identity:  # fmt: skip
        """The first account, on a database with none: an administrator, signed in."""
        username, full_name = _clean_username(username), " ".join(full_name.split())
        errors = _check_new(username, full_name, "administrator", password)
        if errors:
            raise ValidationError(errors)
        with self._uow() as uow:
            if has_accounts(uow.session):
                raise AdvocacyDeskError(
                    "this database already has accounts: an administrator adds more in "
                    "Settings > Accounts"
                )
            staff = self._named(uow.session, username)
            if staff is None:
                staff = StaffUser(username=username, full_name=full_name, capacity=0)
                uow.session.add(staff)
            staff.role, staff.full_name = "administrator", full_name
            staff.password_hash = passwords.hash_password(password)
            staff.active, staff.last_sign_in_at = True, utcnow()
            uow.session.flush()
            audit_writer.record(uow.session, self._access.user or username, "create", "account",
                                staff.id, {"username": username, "role": "administrator",
                                    "first_administrator": True})  # fmt: skip
            audit_writer.record(uow.session, username, "sign_in", "account", staff.id)
            identity = Identity.signed_in(staff)
            uow.commit()
        self._access.identity = identity
        return identity

    @public("signing in is how one gets permissions")
    def sign_in(self, username: str, password: str) -> Identity:
        """Check the password and act as that account from now on; refusals are audited
        and raise :class:`SignInRefused` with a message to show.

        The check is a read, so a sign-in never waits behind a long import; the event
        and the counters it changes are written at once if the write lock is free, else
        kept in memory and written, in order, as soon as it is
        (``UnitOfWorkFactory.write_soon``). Failures still waiting to be written count
        towards the lockout."""
        return self._check_password(username, password, "sign in")

    def _check_password(self, username: str, password: str, how: str) -> Identity:
        typed = _clean_username(username)
        with self._uow(read_only=True) as uow:
            staff = self._named(uow.session, typed) if typed and len(typed) <= _NAME else None
            stored = staff.password_hash if staff is not None else None
            account = _account(staff) if staff is not None and stored is not None else None
        good = passwords.verify(stored, password)  # the same Argon2 work for any name
        now = utcnow()
        details: dict[str, str] = {} if how == "sign in" else {"how": how}
        if account is None or stored is None:
            self._record_unknown_name(typed)
            raise SignInRefused(WRONG)
        if self._locked(account, now):
            self._record_failure(account.id, "sign_in_failed", "locked", now, details,
                                 count=False)  # fmt: skip
            raise SignInRefused(WRONG)
        if not good:
            self._record_failure(account.id, "sign_in_failed", "wrong password", now, details)
            raise SignInRefused(WRONG)
        if not account.active:
            self._record_failure(account.id, "sign_in_failed", "account switched off", now,
                                 details, count=False)  # fmt: skip
            raise SignInRefused(
                "This account is switched off. Ask an administrator to switch it on again."
            )
        rehashed = passwords.hash_password(password) if passwords.needs_rehash(stored) else None

        def signed_in(session: Session) -> None:
            staff = session.get(StaffUser, account.id)
            if staff is None:
                return
            if rehashed is not None and staff.password_hash == stored:
                staff.password_hash = rehashed
            staff.failed_sign_ins, staff.locked_until, staff.last_sign_in_at = 0, None, now
            audit_writer.record(session, staff.username, "sign_in", "account", staff.id, details)

        self._uow.write_soon(signed_in, (_SIGNED_IN, account.id))
        identity = Identity(account.username, account.role, account.id, account.full_name,
                            ROLE_PERMISSIONS.get(account.role, frozenset()))  # fmt: skip
        self._access.identity = identity
        return identity

    def _locked(self, account: Account, now: datetime) -> bool:
        """Locked in the database, or about to be by failures still waiting to be written."""
        waiting = self._uow.pending.count((_FAILED, account.id), since=(_SIGNED_IN, account.id))
        return account.locked(now) or account.failed_sign_ins + waiting >= MAX_FAILED

    def _record_failure(self, staff_id: int, action: str, why: str, now: datetime,
                        details: dict[str, str] | None = None, count: bool = True
                        ) -> None:  # fmt: skip
        """A wrong password (``count``: one more towards the lockout) or another refusal,
        to the trail; written now, or as soon as the write lock is free."""

        def failed(session: Session) -> None:
            staff = session.get(StaffUser, staff_id)
            if staff is None:
                return
            reason = why
            if count:
                staff.failed_sign_ins += 1
                if staff.failed_sign_ins >= MAX_FAILED:
                    staff.failed_sign_ins, staff.locked_until = 0, now + LOCK_FOR
                    reason = f"{why}; locked for {LOCK_FOR.seconds // 60} minutes"
            audit_writer.record(session, staff.username, action, "account", staff.id,
                                {"reason": reason, **(details or {})})  # fmt: skip

        self._uow.write_soon(failed, (_FAILED, staff_id) if count else None)

    def _record_unknown_name(self, typed: str) -> None:
        """A sign-in under a name that is no account: the trail gets "unknown user name"
        and a keyed hash of what was typed, never the text (it may be a password typed
        into the wrong box)."""

        def failed(session: Session) -> None:
            if not typed:
                audit_writer.record(session, NO_NAME, "sign_in_failed", "account", None,
                                    {"reason": "no user name"})  # fmt: skip
                return
            audit_writer.record(session, UNKNOWN_NAME, "sign_in_failed", "account", None,
                                {"reason": "unknown user name",
                          "typed_name_hash": typed_name_hash(session, typed)})  # fmt: skip

        self._uow.write_soon(failed)

    @public("anyone may stop acting as themselves")
    def sign_out(self) -> None:
        if self._access.identity is not None and self._access.identity.role:
            self._access.record("sign_out", "account", self._access.identity.staff_id)
        self._access.identity = None

    @requires(*SIGNED_IN, what="unlock the window")
    def unlock(self, password: str) -> None:
        """The idle lock's check: the signed-in user's password again. A wrong one counts
        towards the lockout like any sign-in, and a locked account stays locked."""
        identity = self._access.identity
        assert identity is not None
        if not identity.role:  # an open database has no passwords
            return
        self._check_password(identity.username, password, "idle lock")

    # -- one's own account --------------------------------------------------------------

    @requires(*SIGNED_IN, what="change your password")
    def change_own_password(self, current: str, new: str) -> None:
        """A new password for oneself, given the current one. A wrong current password
        counts towards the lockout as at sign-in (someone at an unlocked desk may be
        guessing), and is audited; a locked account cannot change its password."""
        identity = self._access.identity
        assert identity is not None
        with self._uow(read_only=True) as uow:
            staff = self._named(uow.session, identity.username)
            stored = staff.password_hash if staff is not None else None
            account = _account(staff) if staff is not None else None
        good = passwords.verify(stored, current)
        now = utcnow()
        if account is not None and self._locked(account, now):
            self._record_failure(account.id, "change_password_failed", "locked", now,
                                 count=False)  # fmt: skip
            raise ValidationError({"current": LOCKED_CURRENT})
        if account is None or not good:
            if account is not None:
                self._record_failure(account.id, "change_password_failed",
                                     "wrong current password", now)  # fmt: skip
            raise ValidationError({"current": WRONG_CURRENT})
        wrong = passwords.problem(new, account.username)
        if wrong:
            raise ValidationError({"password": wrong})
        with self._uow() as uow:
            staff = self._named(uow.session, identity.username)
            assert staff is not None
            staff.password_hash = passwords.hash_password(new)
            staff.failed_sign_ins = 0
            audit_writer.record(
                uow.session, identity.username, "change_password", "account", staff.id
            )
            uow.commit()

    # -- administration -----------------------------------------------------------------

    @requires(Permission.ACCOUNTS, Permission.STAFF_READ, what="see the accounts")
    def accounts(self) -> list[Account]:
        with self._uow(read_only=True) as uow:
            rows = uow.session.scalars(select(StaffUser).order_by(StaffUser.username))
            return [_account(s) for s in rows]

    @requires(Permission.ACCOUNTS, what="add accounts")
    def add(self, username: str, full_name: str, role: str, password: str) -> Account:
        """A new account; or a password and role for a member of staff who has none yet
        (advocates brought in by an import, say)."""
        username, full_name = _clean_username(username), " ".join(full_name.split())
        errors = _check_new(username, full_name, role, password)
        with self._uow() as uow:
            staff = self._named(uow.session, username)
            if staff is not None and staff.password_hash is not None:
                errors["username"] = f"User name: {username} is already taken; choose another."
            if errors:
                raise ValidationError(errors)
            if staff is None:
                staff = StaffUser(username=username, full_name=full_name,
                                  capacity=30 if role == "advocate" else 0)  # fmt: skip
                uow.session.add(staff)
            staff.full_name, staff.role, staff.active = full_name, role, True
            staff.password_hash = passwords.hash_password(password)
            uow.session.flush()
            audit_writer.record(uow.session, self._access.user, "create", "account", staff.id,
                                {"username": username, "role": role})  # fmt: skip
            account = _account(staff)
            uow.commit()
            return account

    @requires(Permission.ACCOUNTS, what="set other people's passwords")
    def set_password(self, username: str, password: str) -> Account:
        def change(_session: Session, staff: StaffUser) -> _Event:
            wrong = passwords.problem(password, staff.username)
            if wrong:
                raise ValidationError({"password": wrong})
            staff.password_hash = passwords.hash_password(password)
            staff.failed_sign_ins, staff.locked_until = 0, None
            return "set_password", {"username": staff.username}

        return self._change(username, change)

    @requires(Permission.ACCOUNTS, what="change roles")
    def set_role(self, username: str, role: str) -> Account:
        if role not in ROLE:
            raise ValidationError({"role": _ROLE_CHOICE})

        def change(session: Session, staff: StaffUser) -> _Event | None:
            if staff.role == "administrator" and role != "administrator":
                self._keep_an_administrator(session, staff)
            changed = audit_writer.changes({"role": staff.role}, {"role": role})
            staff.role = role
            return ("update", changed) if changed else None

        return self._change(username, change)

    @requires(Permission.ACCOUNTS, what="switch accounts on or off")
    def set_active(self, username: str, active: bool) -> Account:
        def change(session: Session, staff: StaffUser) -> _Event | None:
            if not active and staff.role == "administrator":
                self._keep_an_administrator(session, staff)
            changed = audit_writer.changes({"active": staff.active}, {"active": active})
            staff.active = active
            return ("update", changed) if changed else None

        return self._change(username, change)

    @requires(Permission.ACCOUNTS, what="unlock accounts")
    def unlock_account(self, username: str) -> Account:
        def change(_session: Session, staff: StaffUser) -> _Event:
            staff.failed_sign_ins, staff.locked_until = 0, None
            return "unlock", {"username": staff.username}

        return self._change(username, change)

    def _change(
        self, username: str, change: Callable[[Session, StaffUser], _Event | None]
    ) -> Account:
        """Apply ``change`` to the account in one transaction, with its audit event."""
        with self._uow() as uow:
            staff = self._get(uow.session, username)
            event = change(uow.session, staff)
            if event is not None:
                audit_writer.record(uow.session, self._access.user, event[0], "account", staff.id,
                                    event[1])  # fmt: skip
            account = _account(staff)
            uow.commit()
            return account

    # -- helpers ------------------------------------------------------------------------

    @staticmethod
    def _named(session: Session, username: str) -> StaffUser | None:
        return session.scalar(
            select(StaffUser).where(func.lower(StaffUser.username) == username.lower())
        )

    def _get(self, session: Session, username: str) -> StaffUser:
        staff = self._named(session, _clean_username(username))
        if staff is None:
            # Not the typed text: it may be a password typed into the wrong box.
            raise NotFound("there is no account with that user name")
        return staff

    @staticmethod
    def _keep_an_administrator(session: Session, staff: StaffUser) -> None:
        others = session.scalar(
            select(func.count(StaffUser.id)).where(
                StaffUser.role == "administrator", StaffUser.active.is_(True),
                StaffUser.password_hash.is_not(None), StaffUser.id != staff.id,
            )
        )  # fmt: skip
        if not others:
            raise ValidationError({"role": (
                f"Role: {staff.username} is the only administrator; make someone else an "
                "administrator first, or nobody could manage accounts."
            )})  # fmt: skip
