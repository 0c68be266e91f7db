"""The clearing estimate: one definition of when the waiting list clears, read by the
waiting list's headline and by Planning."""

from __future__ import annotations

from datetime import date

import pytest

from advocacy_desk.domain.clearing import CLEAR_NOW, clearing_estimate

TODAY = date(2026, 11, 23)


def test_the_list_clears_at_the_rate_it_empties_net_of_new_referrals() -> None:
    # 18 allocated, 6 declined or withdrawn and 18 referred in 12 weeks: 0.5 a week
    # fewer; 5 wait: 70 days.
    estimate = clearing_estimate(TODAY, 5, allocated=18, referred=18, closed=6)
    assert (estimate.allocated_per_week, estimate.closed_per_week) == (1.5, 0.5)
    assert estimate.referred_per_week == 1.5
    assert estimate.clears_on == date(2027, 2, 1)
    assert estimate.clears
    assert estimate.words == (
        "At the last 12 weeks' rates (1.5 allocated, 0.5 declined or withdrawn and 1.5 "
        "referred a week), the list clears by 01/02/2027."
    )
    # Month by month it falls a week's net rate at a time; part of a person still waits.
    assert estimate.waiting_on(TODAY) == 5
    assert estimate.waiting_on(date(2026, 11, 30)) == 5  # 4.5 left
    assert estimate.waiting_on(date(2026, 12, 7)) == 4
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
        "At 3.5 allocated a week, with the last 12 weeks' 0 declined or withdrawn and 1 "
        "referred a week, the list clears by 21/12/2026."  # 10 / 2.5 a week: 28 days
    )
