"""Staff who hold cases: their caseload capacity and the advocacy types they take.

Accounts, roles and sign-in come with their own issue; this is what the waiting list
needs to allocate fairly: capacity (30 open cases unless set otherwise) and types.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select

from advocacy_desk.db.models import StaffAdvocacyType, StaffUser
from advocacy_desk.domain.errors import NotFound, ValidationError
from advocacy_desk.domain.text import control_character_errors
from advocacy_desk.domain.vocabulary import ADVOCACY_TYPE, ROLE
from advocacy_desk.records.staff import StaffMember
from advocacy_desk.services import audit_writer
from advocacy_desk.services.access import GuardedService, Permission, requires

__all__ = ["DEFAULT_CAPACITY", "MAX_CAPACITY", "StaffMember", "StaffService"]

DEFAULT_CAPACITY = 30
MAX_CAPACITY = 500


def _member(staff: StaffUser) -> StaffMember:
    held = {t.advocacy_type for t in staff.advocacy_types}
    return StaffMember(
        id=staff.id,
        username=staff.username,
        full_name=staff.full_name,
        role=staff.role,
        capacity=staff.capacity,
        active=staff.active,
        advocacy_types=tuple(code for code in ADVOCACY_TYPE.codes if code in held),
    )


class StaffService(GuardedService):
    @requires(Permission.STAFF_READ, what="see the staff list")
    def list(self, include_inactive: bool = False) -> list[StaffMember]:
        with self._uow(read_only=True) as uow:
            query = select(StaffUser).order_by(StaffUser.full_name)
            if not include_inactive:
                query = query.where(StaffUser.active.is_(True))
            return [_member(s) for s in uow.session.scalars(query)]

    @requires(Permission.ACCOUNTS, what="add staff")
    def add(
        self,
        username: str,
        full_name: str,
        role: str = "advocate",
        capacity: int = DEFAULT_CAPACITY,
        advocacy_types: Collection[str] = (),
    ) -> StaffMember:
        """Add a member of staff (no password: signing in comes later)."""
        errors = control_character_errors(
            {"username": username, "full_name": full_name},
            {"username": "User name", "full_name": "Full name"},
        )
        username, full_name = username.strip().lower(), " ".join(full_name.split())
        if not username:
            errors["username"] = "User name: give a short name to sign in with, like jsmith."
        if not full_name:
            errors["full_name"] = "Full name: write the person's name as colleagues know it."
        if role not in ROLE:
            errors["role"] = f"Role: choose one of {', '.join(ROLE.codes)}."
        self._check(errors, capacity, advocacy_types)
        with self._uow() as uow:
            taken = uow.session.scalar(select(StaffUser.id).where(StaffUser.username == username))
            if taken is not None:
                errors["username"] = f"User name: {username} is already taken; choose another."
            if errors:
                raise ValidationError(errors)
            staff = StaffUser(username=username, full_name=full_name, role=role, capacity=capacity)
            staff.advocacy_types = [StaffAdvocacyType(advocacy_type=t) for t in advocacy_types]
            uow.session.add(staff)
            uow.session.flush()
            audit_writer.record(uow.session, self._user, "create", "staff_user", staff.id,
                                {"username": username})  # fmt: skip
            member = _member(staff)
            uow.commit()
            return member

    @requires(Permission.ACCOUNTS, Permission.WAITING_MANAGE, what="change caseload capacity")
    def set_caseload(
        self, staff_id: int, capacity: int, advocacy_types: Collection[str]
    ) -> StaffMember:
        """Change how many open cases the advocate can hold and which types they take."""
        errors: dict[str, str] = {}
        self._check(errors, capacity, advocacy_types)
        if errors:
            raise ValidationError(errors)
        with self._uow() as uow:
            staff = uow.session.get(StaffUser, staff_id)
            if staff is None:
                raise NotFound(f"no member of staff with id {staff_id}")
            old = _member(staff)
            staff.capacity = capacity
            held = {t.advocacy_type: t for t in staff.advocacy_types}
            staff.advocacy_types = [
                held.get(t) or StaffAdvocacyType(advocacy_type=t) for t in advocacy_types
            ]
            uow.session.flush()
            member = _member(staff)
            changed = audit_writer.changes(
                {"capacity": old.capacity, "advocacy_types": list(old.advocacy_types)},
                {"capacity": member.capacity, "advocacy_types": list(member.advocacy_types)},
            )
            if changed:
                audit_writer.record(
                    uow.session, self._user, "update", "staff_user", staff.id, changed
                )
            uow.commit()
            return member

    @staticmethod
    def _check(errors: dict[str, str], capacity: int, types: Collection[str]) -> None:
        if not 0 <= capacity <= MAX_CAPACITY:
            errors["capacity"] = (
                f"Capacity: give a whole number of open cases, 0 to {MAX_CAPACITY}."
            )
        unknown = sorted(t for t in types if t not in ADVOCACY_TYPE)
        if unknown:
            errors["advocacy_types"] = (
                f"Advocacy types: {', '.join(unknown)} is not an advocacy type."
            )
