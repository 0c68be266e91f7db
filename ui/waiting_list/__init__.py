"""The Waiting list section: the ranked list, why each referral is where it is, and
allocating, declining, withdrawing and overriding."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ui.waiting_list.page import WaitingListPage

__all__ = ["WaitingListPage"]


def __getattr__(name: str) -> object:
    """The pages load when first asked for, not with the package: the main window
    lists the section (:mod:`ui.waiting_list.section`) before the database layer they need
    has loaded."""
    if name == "WaitingListPage":
        from ui.waiting_list import page

        return getattr(page, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
