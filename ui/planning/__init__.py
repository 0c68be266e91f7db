"""The Planning section: the referral forecast, whether the waiting list will clear, and
whether each contract's block of hours will last the year."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui import lazy

if TYPE_CHECKING:
    from ui.planning.page import PlanningPage

__all__ = ["PlanningPage"]

__getattr__ = lazy.exports(
    __name__,
    {
        "PlanningPage": "page",
    },
)
