"""The stand-in date of birth an anonymised record keeps, the retention period's rules,
and how long text is cut for the subject access PDF."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advocacy_desk.domain.ages import age_band
from advocacy_desk.domain.data_protection import (
    check_retention_years,
    clean_reason,
    is_past_retention,
    stand_in_birth_date,
    stored_retention_years,
)
from advocacy_desk.domain.errors import ValidationError
from advocacy_desk.exports.subject_access_pdf import details_text, pieces

births = st.dates(min_value=date(1900, 1, 1), max_value=date(2026, 11, 23))


@given(born=births, offsets=st.lists(st.integers(0, 120 * 365), min_size=1, max_size=6))
def test_the_stand_in_gives_the_same_age_band_on_every_referral(
    born: date, offsets: list[int]
) -> None:
    referred = [born + timedelta(days=n) for n in offsets]
    stand_in = stand_in_birth_date(born, referred)
    assert stand_in is not None
    assert [age_band(stand_in, d) for d in referred] == [age_band(born, d) for d in referred]


@given(born=births, received=st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 1, 1)))
def test_even_a_referral_before_the_birth_keeps_its_not_known_band(
    born: date, received: date
) -> None:
    stand_in = stand_in_birth_date(born, [received])
    assert stand_in is not None
    assert age_band(stand_in, received) == age_band(born, received)


def test_the_stand_in_is_a_rounded_date_from_the_middle_of_the_band() -> None:
    # 75 on the day of the only referral: born 2 October 1941 to 1 October 1951.
    assert stand_in_birth_date(date(1950, 2, 1), [date(2026, 10, 1)]) == date(1946, 7, 1)
    # 85 and over has no oldest age: the range is given ten years.
    assert stand_in_birth_date(date(1940, 5, 5), [date(2026, 1, 1)]) == date(1936, 7, 1)


def test_a_birthday_between_two_referrals_pins_the_stand_in_to_those_days() -> None:
    # Under 18 on 22 November 2026 and 18 on the 23rd: only the real date does that.
    born = date(2008, 11, 23)
    assert stand_in_birth_date(born, [date(2026, 11, 22), date(2026, 11, 23)]) == born


def test_no_date_of_birth_or_no_referral_leaves_none() -> None:
    assert stand_in_birth_date(None, [date(2026, 1, 1)]) is None
    assert stand_in_birth_date(date(1950, 1, 1), []) is None


@pytest.mark.parametrize("years", [1, 6, 100])
def test_whole_years_from_1_to_100_are_a_retention_period(years: int) -> None:
    assert check_retention_years(years) == years


@pytest.mark.parametrize("years", [0, 101, True, 2.5, "6"])
def test_anything_else_is_refused_naming_the_field(years: object) -> None:
    with pytest.raises(ValidationError) as caught:
        check_retention_years(years)
    assert list(caught.value.errors) == ["retention_years"]


@pytest.mark.parametrize(("stored", "years"), [(None, 6), ("", 6), ("9", 9), ("0", 6), ("x", 6)])
def test_a_stored_period_that_is_not_one_falls_back_to_six_years(
    stored: str | None, years: int
) -> None:
    assert stored_retention_years(stored) == years


def test_the_period_passes_the_day_after_the_anniversary() -> None:
    assert not is_past_retention(date(2020, 2, 29), 6, date(2026, 2, 28))
    assert is_past_retention(date(2020, 2, 29), 6, date(2026, 3, 1))


def test_a_reason_is_required_and_tidied() -> None:
    assert clean_reason("  safeguarding  ", "Reason: say why.") == "safeguarding"
    with pytest.raises(ValidationError) as caught:
        clean_reason(" \n ", "Reason: say why.")
    assert caught.value.errors == {"reason": "Reason: say why."}


@given(st.text(alphabet=st.sampled_from("ab \n"), max_size=4_000))
def test_long_text_is_cut_into_short_pieces_that_keep_every_word(text: str) -> None:
    parts = pieces(text, characters=100, lines=5)
    assert all(len(p) <= 100 and p.count("\n") < 5 for p in parts)
    assert "".join(parts).replace(" ", "").replace("\n", "") == text.replace(" ", "").replace(
        "\n", ""
    )


def test_audit_details_read_as_lines_with_changes_as_arrows() -> None:
    text = details_text('{"key": "retention_years", "value": ["6", "7"], "files": ["a", "b"]}')
    assert text.splitlines() == ["key: retention_years", "value: 6 \u2192 7", "files: a, b"]
    assert details_text("not json") == "not json"
