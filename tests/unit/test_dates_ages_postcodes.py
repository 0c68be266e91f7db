from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advocacy_desk.domain.ages import age_band, age_on
from advocacy_desk.domain.dates import format_uk, parse_date
from advocacy_desk.domain.postcodes import normalise_postcode, outward_code


def test_parse_date_reads_uk_and_iso_orders() -> None:
    assert parse_date("02/03/2026") == date(2026, 3, 2)  # 2 March, never 3 February
    assert parse_date("2026-03-02") == date(2026, 3, 2)
    assert format_uk(date(2026, 11, 22)) == "22/11/2026"


@pytest.mark.parametrize("text", ["31/02/2026", "2026/03/02", "yesterday", "", "13-13-2026"])
def test_parse_date_refuses_with_a_clear_message(text: str) -> None:
    with pytest.raises(ValueError, match="date"):
        parse_date(text)


@given(st.text(max_size=20))
def test_parse_date_never_fails_unexpectedly(text: str) -> None:
    try:
        parse_date(text)
    except ValueError as exc:
        assert str(exc)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)))
def test_uk_format_round_trips(day: date) -> None:
    assert parse_date(format_uk(day)) == day


def test_age_turns_over_on_the_birthday() -> None:
    assert age_on(date(1950, 6, 15), date(2026, 6, 14)) == 75
    assert age_on(date(1950, 6, 15), date(2026, 6, 15)) == 76


@pytest.mark.parametrize(
    ("born", "band"),
    [
        (date(2010, 1, 1), "under_18"),
        (date(2008, 11, 23), "18_24"),
        (date(2008, 11, 24), "under_18"),
        (date(1991, 11, 24), "25_34"),
        (date(1941, 11, 23), "85_plus"),
        (date(1942, 1, 1), "75_84"),
        (None, "not_known"),
    ],
)
def test_age_band_on_the_received_date(born: date | None, band: str) -> None:
    assert age_band(born, date(2026, 11, 23)) == band


def test_postcodes_are_tidied() -> None:
    assert normalise_postcode(" cm1 1aa") == "CM1 1AA"
    assert normalise_postcode("sw1a2aa") == "SW1A 2AA"
    assert normalise_postcode("co4") == "CO4"
    assert outward_code("SW1A 2AA") == "SW1A"
    with pytest.raises(ValueError, match="not a UK postcode"):
        normalise_postcode("12345")
