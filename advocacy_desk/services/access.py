"""Who is signed in, and what each role may do: checked here, in the service layer, so
the window and the command line obey the same rules.

Every public method of a service names the permissions that let a caller use it
(``@requires``); a test walks the services to make sure none is left unguarded.
Row-level rules (an advocate sees their own caseload and the people on it; a volunteer
coordinator the people referred for citizen advocacy) are checked by the methods
themselves through :meth:`Access.visible_people` and :meth:`Access.check_case`.

A database with no account holding a password yet is *open*: whoever has the file
may do everything, as before accounts existed. Creating the first administrator
(``advocacy-desk init --admin NAME`` or the app's first-run dialog) closes it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from advocacy_desk.db.models import Case, PartnerProfile, Partnership, Referral, StaffUser
from advocacy_desk.domain.errors import AdvocacyDeskError
from advocacy_desk.domain.permissions import ROLE_PERMISSIONS as ROLE_PERMISSIONS
from advocacy_desk.domain.permissions import SIGNED_IN as SIGNED_IN
from advocacy_desk.domain.permissions import Permission as Permission
from advocacy_desk.domain.vocabulary import ROLE
from advocacy_desk.services import audit_writer
from advocacy_desk.services.uow import UnitOfWorkFactory

P = Permission


class NotPermitted(AdvocacyDeskError):
    """The signed-in user's role does not allow this (or nobody is signed in)."""

    def __init__(self, message: str, what: str = "") -> None:
        super().__init__(message)
        self.what = what
        self.recorded = False


@dataclass(frozen=True)
class Identity:
    """The person using these services and what their role lets them do."""

    username: str
    #: A ROLE code; "" on an open database (no accounts yet), where all is allowed.
    role: str
    staff_id: int | None = None
    full_name: str = ""
    permissions: frozenset[Permission] = field(default_factory=frozenset)

    @classmethod
    def signed_in(cls, staff: StaffUser) -> Identity:
        return cls(staff.username, staff.role, staff.id, staff.full_name,
                   ROLE_PERMISSIONS.get(staff.role, frozenset()))  # fmt: skip

    @classmethod
    def open_database(cls, username: str) -> Identity:
        return cls(username, "", None, username, frozenset(Permission))

    @property
    def role_label(self) -> str:
        return ROLE.label(self.role) if self.role else "Everything (no accounts yet)"


class Access:
    """The identity the services act for: set by signing in, cleared by signing out."""

    def __init__(self, uow: UnitOfWorkFactory, identity: Identity | None = None) -> None:
        self._uow = uow
        self.identity = identity

    @property
    def user(self) -> str:
        """The name the audit trail records ("" when nobody is signed in)."""
        return self.identity.username if self.identity else ""

    def can(self, *any_of: Permission) -> bool:
        return self.identity is not None and not self.identity.permissions.isdisjoint(any_of)

    def require(self, *any_of: Permission, what: str = "do this") -> Identity:
        if self.identity is None:
            raise NotPermitted("sign in first", what)
        if self.identity.permissions.isdisjoint(any_of):
            role = self.identity.role_label
            raise NotPermitted(f"your role ({role}) does not allow you to {what}", what)
        return self.identity

    # -- row-level rules --------------------------------------------------------------

    def sees_all_people(self) -> bool:
        return self.can(P.PEOPLE_ALL, P.PEOPLE_READ)

    def sees_all_cases(self) -> bool:
        return self.can(P.CASEWORK_ALL, P.CASEWORK_READ)

    def may_change_case(self, advocate_id: int) -> bool:
        if self.can(P.CASEWORK_ALL):
            return True
        return self.can(P.CASEWORK_OWN) and self._staff_id() == advocate_id

    def check_case(self, advocate_id: int, change: bool = False, what: str = "open this case"
                   ) -> None:  # fmt: skip
        """Refuse a case that is not the caller's to see (or change)."""
        if change and not self.may_change_case(advocate_id):
            raise NotPermitted(f"this case is not on your caseload, so you cannot {what}", what)
        if self.sees_all_cases() or (self.can(P.CASEWORK_OWN) and self._staff_id() == advocate_id):
            return
        raise NotPermitted(f"this case is not on your caseload, so you cannot {what}", what)

    def visible_people(self, session: Session) -> set[int] | None:
        """The ids of the people the caller may see, or None for everyone."""
        if self.sees_all_people():
            return None
        allowed: set[int] = set()
        staff_id = self._staff_id()
        if self.can(P.PEOPLE_OWN) and staff_id is not None:
            allowed.update(session.scalars(
                select(Referral.person_id).join(Case, Case.referral_id == Referral.id)
                .where(Case.advocate_id == staff_id)
            ))  # fmt: skip
        if self.can(P.PEOPLE_CITIZEN):
            allowed.update(session.scalars(
                select(Referral.person_id).where(Referral.advocacy_type == "citizen")
            ))  # fmt: skip
            allowed.update(session.scalars(select(PartnerProfile.person_id)))
            allowed.update(session.scalars(select(Partnership.person_id)))
        return allowed

    def check_person(self, session: Session, person_id: int, what: str = "open this record"
                     ) -> None:  # fmt: skip
        if self.sees_all_people():
            return
        visible = self.visible_people(session)
        if visible is not None and person_id not in visible:
            raise NotPermitted(f"this person is not on your caseload, so you cannot {what}", what)

    def may_change_people(self) -> bool:
        return self.can(P.PEOPLE_ALL, P.PEOPLE_OWN, P.PEOPLE_CITIZEN)

    def _staff_id(self) -> int | None:
        return self.identity.staff_id if self.identity else None

    # -- the trail --------------------------------------------------------------------

    def record_refusal(self, refused: NotPermitted) -> None:
        """Write the refusal to the trail (once), in a transaction of its own."""
        if refused.recorded:
            return
        refused.recorded = True
        with self._uow() as uow:
            audit_writer.record(
                uow.session,
                self.user or "(not signed in)",
                "refused",
                "permission",
                None,
                {"what": refused.what, "why": str(refused)},
            )
            uow.commit()

    def record(self, action: str, entity: str, entity_id: int | None,
               details: dict[str, Any] | None = None) -> None:  # fmt: skip
        """An event in a transaction of its own (a view, an export)."""
        with self._uow() as uow:
            audit_writer.record(uow.session, self.user, action, entity, entity_id, details)
            uow.commit()


def has_accounts(session: Session) -> bool:
    """Whether any account has a password: the database is closed to the unsigned."""
    return bool(session.scalar(select(exists().where(StaffUser.password_hash.is_not(None)))))


class GuardedService:
    """A service whose public methods say who may call them (``@requires``), on a unit
    of work factory, acting for ``access``'s identity, with ``today`` as the date."""

    def __init__(
        self, uow: UnitOfWorkFactory, access: Access, today: Callable[[], date] = date.today
    ) -> None:
        self._uow = uow
        self._access = access
        self._today = today

    @property
    def _user(self) -> str:
        """The user name the audit trail records for this call."""
        return self._access.user


S = TypeVar("S", bound=GuardedService)
Params = ParamSpec("Params")
R = TypeVar("R")


def requires(
    *any_of: Permission, what: str
) -> Callable[[Callable[Concatenate[S, Params], R]], Callable[Concatenate[S, Params], R]]:
    """Let only callers holding one of ``any_of`` run the method; a refusal, here or from
    a row-level check inside the method, is written to the audit trail."""

    def wrap(method: Callable[Concatenate[S, Params], R]) -> Callable[Concatenate[S, Params], R]:
        def guarded(self: S, /, *args: Params.args, **kwargs: Params.kwargs) -> R:
            try:
                self._access.require(*any_of, what=what)
                return method(self, *args, **kwargs)
            except NotPermitted as refused:
                self._access.record_refusal(refused)
                raise

        functools.update_wrapper(guarded, method)
        guarded.__dict__["permissions"] = frozenset(any_of)
        return guarded

    return wrap


F = TypeVar("F", bound=Callable[..., Any])


def public(why: str) -> Callable[[F], F]:
    """Mark a method anyone may call, signed in or not, and say why (``why`` is for the
    reader: signing in itself, say, or the automatic backups)."""

    def mark(method: F) -> F:
        method.__dict__["permissions"] = frozenset()
        method.__dict__["public_because"] = why
        return method

    return mark


def permissions_of(method: object) -> frozenset[Permission] | None:
    """The permissions ``@requires`` put on a method, or None when it has none."""
    found = getattr(method, "permissions", None)
    return found if isinstance(found, frozenset) else None


def roles_allowed(any_of: Iterable[Permission]) -> list[str]:
    wanted = set(any_of)
    return [role for role, held in ROLE_PERMISSIONS.items() if held & wanted]
