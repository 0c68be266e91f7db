"""Rules that moved from services into the domain: they work on plain values alone."""

from __future__ import annotations

import math
from datetime import date

import pytest

from advocacy_desk.domain.contracts import ContractDetails, clean_contract
from advocacy_desk.domain.dates import month_code, months_after
from advocacy_desk.domain.errors import ValidationError
from advocacy_desk.domain.letters import template_title
from advocacy_desk.domain.matching import rounded_km
from advocacy_desk.domain.people import PersonDetails, search_text, search_words
from advocacy_desk.domain.references import PERSON, first_free, format_ref


def test_a_new_reference_moves_past_those_an_import_took() -> None:
    taken = {"P000124", "P000125"}
    assert format_ref(PERSON, 124) == "P000124"
    assert first_free(PERSON, 124, taken.__contains__) == "P000126"
    assert first_free("C", 7, taken.__contains__) == "C000007"


def test_the_forecast_s_months_run_on_across_the_new_year() -> None:
    assert months_after(date(2026, 11, 30), 3) == [(2026, 12), (2027, 1), (2027, 2)]
    assert [month_code(*m) for m in months_after(date(2026, 12, 1), 1)] == ["2027-01"]


def test_search_text_holds_names_reference_postcode_and_birth_date_both_ways() -> None:
    details = PersonDetails(given_name="Ann", family_name="O'Neil", postcode="SS1 2AB",
                            date_of_birth=date(1950, 3, 4))  # fmt: skip
    text = search_text("P000001", details)
    for word in search_words("ann o'neil p000001 ss12ab 04/03/1950 1950-03-04"):
        assert word in text


def test_contract_cleaning_names_each_bad_field() -> None:
    bad = ContractDetails(" ", "", date(2026, 4, 1), date(2026, 3, 31), frozenset({"xx"}),
                          hours_per_year=-1)  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        clean_contract(bad)
    assert set(caught.value.errors) == {
        "name", "commissioner", "ends_on", "advocacy_types", "hours_per_year",
    }  # fmt: skip
    good = ContractDetails("  Essex   IMCA ", "Essex CC", date(2026, 4, 1), date(2027, 3, 31))
    assert clean_contract(good).name == "Essex IMCA"


def test_a_template_is_called_by_its_title_or_its_name_in_words() -> None:
    assert template_title("introduction") == "Introduction of the advocate"
    assert template_title("welcome_pack-2") == "Welcome pack 2"


def test_an_unknown_distance_is_none_and_a_known_one_is_rounded() -> None:
    assert rounded_km(math.nan) is None
    assert rounded_km(3.14159) == 3.1
