from __future__ import annotations

from advocacy_desk.domain.names import dates_nearly_equal, names_match, normalise_name
from advocacy_desk.domain.text import spoken_list


def test_normalising_ignores_case_spacing_accents_and_punctuation() -> None:
    assert normalise_name("  Seán ", "O'Brien") == "sean obrien"
    assert normalise_name("JANE", "smith  ") == normalise_name("jane", "Smith")


def test_small_typos_match_but_different_people_do_not() -> None:
    assert names_match("jane smith", "jane smiht")
    assert names_match("mary ann jones", "maryann jones")
    assert names_match("catherine wilson", "katherine wilson")
    assert not names_match("jane smith", "john smith")
    assert not names_match("ali khan", "alan khan")


def test_dates_nearly_equal_catches_one_digit_and_day_month_swaps() -> None:
    assert dates_nearly_equal("1950-02-01", "1950-02-01")
    assert dates_nearly_equal("1950-02-01", "1951-02-01")
    assert dates_nearly_equal("1950-02-03", "1950-03-02")
    assert not dates_nearly_equal("1950-02-01", "1961-03-01")


def test_a_list_reads_as_a_sentence_says_it() -> None:
    assert spoken_list([]) == "none"
    assert spoken_list([], empty="nothing shared") == "nothing shared"
    assert spoken_list(["music"]) == "music"
    assert spoken_list(["music", "walking"]) == "music and walking"
    assert spoken_list(["cooking", "music", "walking"]) == "cooking, music and walking"
