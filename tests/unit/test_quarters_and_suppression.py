from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from advocacy_desk.domain.numbers import median, one_decimal, percentage
from advocacy_desk.domain.quarters import Quarter
from advocacy_desk.domain.return_rows import FigureRow, suppress


@pytest.mark.parametrize(
    ("code", "start", "end"),
    [("2026/27-Q1", date(2026, 4, 1), date(2026, 6, 30)),
     ("2026/27-Q2", date(2026, 7, 1), date(2026, 9, 30)),
     ("2026/27 Q3", date(2026, 10, 1), date(2026, 12, 31)),
     ("2026/27-q4", date(2027, 1, 1), date(2027, 3, 31)),
     ("1999/00-Q4", date(2000, 1, 1), date(2000, 3, 31))],
)  # fmt: skip
def test_financial_year_quarters(code: str, start: date, end: date) -> None:
    quarter = Quarter.parse(code)
    assert (quarter.start, quarter.end) == (start, end)
    assert Quarter.of(start) == Quarter.of(end) == quarter
    assert Quarter.parse(quarter.code) == quarter


@pytest.mark.parametrize("bad", ["2026-Q2", "2026/28-Q2", "2026/27-Q5", "Q2 2026", ""])
def test_a_quarter_that_is_not_one_says_how_to_write_it(bad: str) -> None:
    with pytest.raises(ValueError, match="2026/27-Q2"):
        Quarter.parse(bad)


def test_quarters_step_across_the_year_end() -> None:
    assert Quarter.parse("2026/27-Q4").next() == Quarter.parse("2027/28-Q1")
    assert Quarter.parse("2027/28-Q1").previous().label == "2026/27 Q4"
    assert Quarter.parse("2026/27-Q2").days == 92


def test_one_decimal_rounds_halves_up_and_percentages_need_a_base() -> None:
    assert one_decimal(2.25) == Decimal("2.3")
    assert one_decimal(Decimal("0.05")) == Decimal("0.1")
    assert percentage(1, 8) == Decimal("12.5")
    assert percentage(1, 3) == Decimal("33.3")
    assert percentage(2, 3) == Decimal("66.7")
    assert percentage(0, 0) is None
    assert median([5, 1, 3]) == 3
    assert median([1, 2, 3, 10]) == Decimal("2.5")
    assert median([]) is None


def _breakdown(*values: int) -> list[FigureRow]:
    return [FigureRow("equality", "sex", f"c{i}", v) for i, v in enumerate(values)]


def test_small_counts_show_as_under_five_and_small_bases_withhold_percentages() -> None:
    rows = suppress([
        FigureRow("referrals", "received", "total", 3),
        FigureRow("referrals", "declined", "total", 0),
        FigureRow("allocation", "within_14_days_pct", "total", Decimal("75.0"), 4, "percent"),
        FigureRow("allocation", "within_14_days_pct", "total", Decimal("60.0"), 5, "percent"),
        FigureRow("hours", "delivered", "total", Decimal("3.5"), kind="hours"),
    ])  # fmt: skip
    assert [r.text for r in rows] == ["<5", "0", "", "60.0", "3.5"]
    assert rows[2].base_text == "4"


def test_one_suppressed_cell_in_a_breakdown_takes_the_next_smallest_with_it() -> None:
    assert [r.text for r in suppress(_breakdown(40, 3, 0, 9, 7))] == ["40", "<5", "0", "9", "<5"]
    assert [r.text for r in suppress(_breakdown(40, 3, 2, 9))] == ["40", "<5", "<5", "9"]
    assert [r.text for r in suppress(_breakdown(40, 30, 0))] == ["40", "30", "0"]


def test_exact_figures_are_kept_when_not_suppressing() -> None:
    rows = _breakdown(40, 3)
    assert [r.text for r in rows] == ["40", "3"]
