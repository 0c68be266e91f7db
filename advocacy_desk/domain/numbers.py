"""How figures are rounded and summarised in returns: one decimal, halves up."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal


def one_decimal(value: float | Decimal) -> Decimal:
    """``value`` to one decimal place, halves rounded up (2.25 is 2.3)."""
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def percentage(part: int, base: int) -> Decimal | None:
    """``part`` of ``base`` as a percentage to one decimal; None for a base of 0."""
    if base == 0:
        return None
    return (Decimal(part) * 100 / Decimal(base)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def median(values: Sequence[int]) -> Decimal | None:
    """The median; of an even number of values, the mean of the middle two (so it may
    end in .5). None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Decimal(ordered[middle])
    return (Decimal(ordered[middle - 1]) + Decimal(ordered[middle])) / 2


def plural(count: int, noun: str) -> str:
    """ "1 case", "2 cases", "1,200 referrals" (nouns that take an s)."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"
