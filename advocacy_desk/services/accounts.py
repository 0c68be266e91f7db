"""Accounts: the first administrator, signing in and out, passwords and roles.

An account is a member of staff (``staff_user``) with a password. Sign-ins, good and
bad, are written to the audit trail; ten wrong passwords in a row lock the account for
fifteen minutes (an administrator may unlock it sooner).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NoReturn

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from advocacy_desk.db.models import StaffUser, stored_utc, utcnow
from advocacy_desk.domain import passwords
from advocacy_desk.domain.errors import AdvocacyDeskError, NotFound, ValidationError
from advocacy_desk.domain.vocabulary import ROLE
from advocacy_desk.services import audit
from advocacy_desk.services.access import (
    SIGNED_IN,
    GuardedService,
    Identity,
    Permission,
    has_accounts,
    public,
    requires,
)

MAX_FAILED = 10
LOCK_FOR = timedelta(minutes=15)
#: The audit trail's user name is 60 characters; a longer typed name is cut.
_NAME = 60

_ROLE_CHOICE = "Role: choose one of " + ", ".join(label for _, label in ROLE.items) + "."

WRONG = (
    "The user name or password is not right. Check both (and Caps Lock) and try again; "
    f"after {MAX_FAILED} wrong passwords in a row the account locks for "
    f"{LOCK_FOR.seconds // 60} minutes."
)


#: What an account change writes to the trail: the action and its details.
_Event = tuple[str, dict[str, Any]]


class SignInRefused(AdvocacyDeskError):
    """The user name and password did not open an account (the reason is in the trail)."""


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    full_name: str
    role: str
    active: bool
    has_password: bool
    failed_sign_ins: int
    locked_until: datetime | None
    last_sign_in_at: datetime | None

    @property
    def role_label(self) -> str:
        return ROLE.label(self.role)

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and stored_utc(self.locked_until) > now


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
            audit.record(uow.session, self._access.user or username, "create", "account",
                         staff.id, {"username": username, "role": "administrator",
                                    "first_administrator": True})  # fmt: skip
            audit.record(uow.session, username, "sign_in", "account", staff.id)
            identity = Identity.signed_in(staff)
            uow.commit()
        self._access.identity = identity
        return identity

    @public("signing in is how one gets permissions")
    def sign_in(self, username: str, password: str) -> Identity:
        """Check the password and act as that account from now on; refusals are audited
        and raise :class:`SignInRefused` with a message to show."""
        typed = _clean_username(username)[:_NAME]
        with self._uow() as uow:
            staff = self._named(uow.session, typed) if typed else None
            now = utcnow()
            good = passwords.verify(staff.password_hash if staff else None, password)
            if staff is None or staff.password_hash is None:
                self._refuse(uow.session, typed, None, "unknown user", WRONG)
            if staff.locked_until is not None and stored_utc(staff.locked_until) > now:
                until = stored_utc(staff.locked_until).astimezone()
                self._refuse(uow.session, typed, staff.id, "locked",
                             f"This account is locked after {MAX_FAILED} wrong passwords "
                             f"until {until:%H:%M}. Wait until then, or ask an administrator "
                             "to unlock it.")  # fmt: skip
            if not good:
                staff.failed_sign_ins += 1
                reason = "wrong password"
                if staff.failed_sign_ins >= MAX_FAILED:
                    staff.failed_sign_ins, staff.locked_until = 0, now + LOCK_FOR
                    reason = f"wrong password; locked for {LOCK_FOR.seconds // 60} minutes"
                self._refuse(uow.session, typed, staff.id, reason, WRONG)
            if not staff.active:
                self._refuse(uow.session, typed, staff.id, "account switched off",
                             "This account is switched off. Ask an administrator to switch "
                             "it on again.")  # fmt: skip
            if passwords.needs_rehash(staff.password_hash):
                staff.password_hash = passwords.hash_password(password)
            staff.failed_sign_ins, staff.locked_until, staff.last_sign_in_at = 0, None, now
            audit.record(uow.session, staff.username, "sign_in", "account", staff.id)
            identity = Identity.signed_in(staff)
            uow.commit()
        self._access.identity = identity
        return identity

    def _refuse(self, session: Session, typed: str, staff_id: int | None, why: str,
                message: str) -> NoReturn:  # fmt: skip
        """Keep the count, write the failure to the trail, and refuse."""
        audit.record(session, typed or "(no user name)", "sign_in_failed", "account",
                     staff_id, {"reason": why})  # fmt: skip
        session.commit()
        raise SignInRefused(message)

    @public("anyone may stop acting as themselves")
    def sign_out(self) -> None:
        if self._access.identity is not None and self._access.identity.role:
            self._access.record("sign_out", "account", self._access.identity.staff_id)
        self._access.identity = None

    @requires(*SIGNED_IN, what="unlock the window")
    def unlock(self, password: str) -> None:
        """The idle lock's check: the signed-in user's password again. A wrong one counts
        towards the lockout like any sign-in."""
        identity = self._access.identity
        assert identity is not None
        if not identity.role:  # an open database has no passwords
            return
        self.sign_in(identity.username, password)

    # -- one's own account --------------------------------------------------------------

    @requires(*SIGNED_IN, what="change your password")
    def change_own_password(self, current: str, new: str) -> None:
        identity = self._access.identity
        assert identity is not None
        with self._uow() as uow:
            staff = self._named(uow.session, identity.username)
            if staff is None or not passwords.verify(staff.password_hash, current):
                raise ValidationError({"current": "Current password: that is not right."})
            wrong = passwords.problem(new, staff.username)
            if wrong:
                raise ValidationError({"password": wrong})
            staff.password_hash = passwords.hash_password(new)
            audit.record(uow.session, identity.username, "change_password", "account", staff.id)
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
            audit.record(uow.session, self._access.user, "create", "account", staff.id,
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
            changed = audit.changes({"role": staff.role}, {"role": role})
            staff.role = role
            return ("update", changed) if changed else None

        return self._change(username, change)

    @requires(Permission.ACCOUNTS, what="switch accounts on or off")
    def set_active(self, username: str, active: bool) -> Account:
        def change(session: Session, staff: StaffUser) -> _Event | None:
            if not active and staff.role == "administrator":
                self._keep_an_administrator(session, staff)
            changed = audit.changes({"active": staff.active}, {"active": active})
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
                audit.record(uow.session, self._access.user, event[0], "account", staff.id,
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
            raise NotFound(f"no account called {username.strip()!r}")
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
