"""Staff as the services return them: advocates' capacity and the types they take."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StaffMember:
    id: int
    username: str
    full_name: str
    role: str
    capacity: int
    active: bool
    advocacy_types: tuple[str, ...]
