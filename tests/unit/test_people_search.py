from __future__ import annotations

from advocacy_desk.services.people import search_words
from advocacy_desk.services.people_search import TextIndex


def test_every_word_must_match_and_list_order_is_kept() -> None:
    index = TextIndex([(1, "jane smith p000001 cm1 1aa"), (2, "amir khan p000002 ss1 2ab"),
                       (5, "john smith p000005 ss1 9zz")])  # fmt: skip
    assert index.matching("name", [5, 2, 1], search_words("SMITH")) == [5, 1]
    assert index.matching("name", [5, 2, 1], search_words("smith  ss1")) == [5]
    assert index.matching("name", [5, 2, 1], search_words("smith zz9")) == []
    assert index.matching("ref", [1, 2, 5], search_words("ss1")) == [2, 5]


def test_accented_names_match_as_typed() -> None:
    index = TextIndex([(1, "zoë brontë p000001"), (2, "zoe bronte p000002")])
    assert index.matching("name", [1, 2], ["zoë"]) == [1]
    assert index.matching("name", [1, 2], ["bront"]) == [1, 2]


def test_someone_listed_but_added_after_the_texts_were_read_is_left_out() -> None:
    index = TextIndex([(1, "jane smith"), (3, "john smith")])
    assert index.matching("name", [9, 3, 1, 0], ["smith"]) == [3, 1]


def test_no_people_no_matches() -> None:
    assert TextIndex([]).matching("name", [], ["a"]) == []
    assert TextIndex([]).matching("other", [4], ["a"]) == []
