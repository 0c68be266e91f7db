"""The clearing estimate: one definition of when the waiting list clears, read by the
waiting list's headline and by Planning."""

from __future__ import annotations

from datetime import date

import pytest

from advocacy_desk.domain.clearing import CLEAR_NOW, clearing_estimate

TODAY = date(2026, 11, 23)


def test_the_list_clears_at_allocation_net_of_new_referrals() -> None:
    # 24 allocated and 12 referred in 12 weeks: one a week fewer; 10 wait: 70 days.
    estimate = clearing_estimate(TODAY, 10, allocated=24, referred=12)
    assert (estimate.allocated_per_week, estimate.referred_per_week) == (2.0, 1.0)
    assert estimate.clears_on == date(2027, 2, 1)
    assert estimate.clears
    assert estimate.words == (
        "At the last 12 weeks' rate of allocation (2 a week) net of new referrals (1 a week), "
        "the list clears by 01/02/2027."
    )
    # Month by month it falls a week's net rate at a time; part of a person still waits.
    assert estimate.waiting_on(TODAY) == 10
    assert estimate.waiting_on(date(2026, 11, 30)) == 9
    assert estimate.waiting_on(date(2027, 1, 31)) == 1
    assert estimate.waiting_on(date(2027, 2, 1)) == 0


@pytest.mark.parametrize(("allocated", "referred"), [(0, 0), (0, 5), (12, 12), (12, 24)])
def test_a_list_that_does_not_shrink_does_not_clear(allocated: int, referred: int) -> None:
    estimate = clearing_estimate(TODAY, 10, allocated=allocated, referred=referred)
    assert estimate.clears_on is None
    assert not estimate.clears
    assert estimate.words.endswith("the list does not clear within 12 months.")
    assert estimate.waiting_on(date(2027, 11, 23)) >= 10


def test_clearing_more_than_a_year_away_is_not_clearing_within_12_months() -> None:
    estimate = clearing_estimate(TODAY, 100, allocated=13, referred=12)  # 1/12 a week net
    assert estimate.clears_on is not None
    assert estimate.clears_on.year > 2040
    assert not estimate.clears
    assert estimate.words.endswith(
        f"does not clear within 12 months (not until {estimate.clears_on:%d/%m/%Y})."
    )


def test_an_empty_list_is_clear_and_a_what_if_says_its_rate_was_typed() -> None:
    assert clearing_estimate(TODAY, 0, 0, 5).words == CLEAR_NOW
    typed = clearing_estimate(TODAY, 10, 0, 12, allocated_per_week=3.5)
    assert typed.words == (
        "At 3.5 allocations a week net of new referrals (1 a week) at the last 12 weeks' "
        "rate, the list clears by 21/12/2026."  # 10 / 2.5 a week: 28 days
    )
