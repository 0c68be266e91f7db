"""The Planning section: the referral forecast, whether the waiting list will clear, and
whether each contract's block of hours will last the year."""

from ui.planning.page import PlanningPage

__all__ = ["PlanningPage"]
