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


def plural(count: int, noun: str, many: str | None = None) -> str:
    """ "1 case", "2 cases", "1,200 referrals"; ``many`` for a noun that does not just
    take an s ("1 person", "2 people"). The one way every count is put into words, so
    no screen or command says "1 days"."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {many or noun + 's'}"
