"""The references Advocacy Desk makes: a letter for the kind of record and six digits
(``P000124``), one past the table's highest id, moved on past any already taken
(imported records keep the references an old system gave them)."""

from __future__ import annotations

from collections.abc import Callable

#: The letter each kind of record's references start with.
PERSON = "P"
REFERRAL = "R"
CASE = "C"
VOLUNTEER = "V"


def format_ref(prefix: str, number: int) -> str:
    """``format_ref("P", 124)`` is ``P000124``."""
    return f"{prefix}{number:06d}"


def first_free(prefix: str, number: int, taken: Callable[[str], bool]) -> str:
    """The first reference from ``number`` on that is not ``taken``."""
    while taken(ref := format_ref(prefix, number)):
        number += 1
    return ref
