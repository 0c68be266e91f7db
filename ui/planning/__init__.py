"""The Planning section: the referral forecast, whether the waiting list will clear, and
whether each contract's block of hours will last the year."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ui.planning.page import PlanningPage

__all__ = ["PlanningPage"]


def __getattr__(name: str) -> object:
    """The pages load when first asked for, not with the package: the main window
    lists the section (:mod:`ui.planning.section`) before the database layer they need
    has loaded."""
    if name == "PlanningPage":
        from ui.planning import page

        return getattr(page, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
