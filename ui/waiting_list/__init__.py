"""The Waiting list section: the ranked list, why each referral is where it is, and
allocating, declining, withdrawing and overriding."""

from ui.waiting_list.page import WaitingListPage

__all__ = ["WaitingListPage"]
