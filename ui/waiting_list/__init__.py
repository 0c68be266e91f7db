"""The Waiting list section: the ranked list, why each referral is where it is, and
allocating, declining, withdrawing and overriding."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui import lazy

if TYPE_CHECKING:
    from ui.waiting_list.page import WaitingListPage

__all__ = ["WaitingListPage"]

__getattr__ = lazy.exports(
    __name__,
    {
        "WaitingListPage": "page",
    },
)
