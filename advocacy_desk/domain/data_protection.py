"""Data protection rules on plain values: the retention period, the reasons a manager
gives, and the date of birth an anonymised record keeps.

The monitoring return (and the waiting list's equity view) use a person's date of birth
for one thing only: their age band on the day each of their referrals was received
(``domain.ages.age_band``). :func:`stand_in_birth_date` replaces the real date with one
that falls in the same band on every one of those days, so every figure worked out from
it stays the same while the date itself is no longer theirs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta

from advocacy_desk.domain.ages import age_band
from advocacy_desk.domain.dates import add_years
from advocacy_desk.domain.errors import ValidationError
from advocacy_desk.domain.text import refuse_control_characters

DEFAULT_RETENTION_YEARS = 6
MIN_RETENTION_YEARS = 1
MAX_RETENTION_YEARS = 100

#: What an anonymised person's given name becomes (the family name becomes their reference).
ANONYMISED_NAME = "Anonymised"
#: What a free-text field about an anonymised person says instead of what it held.
REMOVED_TEXT = "(removed when the record was anonymised)"

#: Wider than any age band (under 18 spans 18 years), so a search this far either side
#: of the real date of birth finds the edges of the dates that keep every band.
_SEARCH_DAYS = 40 * 366
#: How wide to make the range of stand-in dates when a band has no edge on one side
#: (85 and over has no oldest age): the width of an ordinary band.
_OPEN_BAND_YEARS = 10


def retention_years_error() -> ValidationError:
    return ValidationError(
        {
            "retention_years": "Retention period: a whole number of years from "
            f"{MIN_RETENTION_YEARS} to {MAX_RETENTION_YEARS}, for example "
            f"{DEFAULT_RETENTION_YEARS}."
        }
    )


def check_retention_years(years: object) -> int:
    """``years`` as a whole number of years from 1 to 100, or ``ValidationError``."""
    if isinstance(years, bool) or not isinstance(years, int):
        raise retention_years_error()
    if not MIN_RETENTION_YEARS <= years <= MAX_RETENTION_YEARS:
        raise retention_years_error()
    return years


def stored_retention_years(text: str | None) -> int:
    """The retention period kept in the settings, or the default if none (or nonsense)."""
    try:
        return check_retention_years(int((text or "").strip()))
    except (ValueError, ValidationError):
        return DEFAULT_RETENTION_YEARS


def clean_reason(reason: str, message: str) -> str:
    """The reason with its spacing tidied, or ``ValidationError`` on ``reason`` saying
    ``message`` when there is none."""
    refuse_control_characters({"reason": reason}, {"reason": "Reason"})
    text = reason.strip()
    if not text:
        raise ValidationError({"reason": message})
    return text


def retention_ends(last_closed_on: date, years: int) -> date:
    """The last day the record is kept: ``years`` after its last case closed."""
    return add_years(last_closed_on, years)


def is_past_retention(last_closed_on: date, years: int, as_of: date) -> bool:
    """More than ``years`` have passed since ``last_closed_on``, as of ``as_of``."""
    return retention_ends(last_closed_on, years) < as_of


def stand_in_birth_date(born: date | None, referred: Iterable[date]) -> date | None:
    """A date of birth for an anonymised record that gives the same age band as ``born``
    on every day in ``referred`` (the days their referrals were received).

    The dates that do this form one unbroken range (the older someone is born, the
    older they are on each day), and the real date lies in it. The stand-in is taken
    from the middle of that range, rounded to 1 July or to the first of a month where
    that stays inside it; so it tells no more than the age bands themselves do. A band
    with no edge on one side (85 and over) is given one ten years from the other edge.
    With no date of birth, or no referral for any figure to use it, the answer is None.
    """
    if born is None:
        return None
    days = sorted(set(referred))
    if not days:
        return None
    bands = [age_band(born, day) for day in days]

    def keeps_bands(candidate: date) -> bool:
        return all(age_band(candidate, day) == band for day, band in zip(days, bands, strict=True))

    start = born.toordinal()
    oldest = _edge(keeps_bands, start, -1)
    youngest = _edge(keeps_bands, start, +1)
    if oldest is None and youngest is None:  # cannot happen: every referral bounds one side
        oldest, youngest = add_years(born, -_OPEN_BAND_YEARS // 2), born
    if oldest is None:
        assert youngest is not None
        oldest = add_years(youngest, -_OPEN_BAND_YEARS) + timedelta(days=1)
    if youngest is None:
        youngest = add_years(oldest, _OPEN_BAND_YEARS) - timedelta(days=1)
    middle = date.fromordinal((oldest.toordinal() + youngest.toordinal()) // 2)
    for candidate in (date(middle.year, 7, 1), middle.replace(day=1), middle):
        if oldest <= candidate <= youngest:
            return candidate
    return middle  # pragma: no cover - the middle is always inside


def _edge(keeps: Callable[[date], bool], start: int, step: int) -> date | None:
    """The furthest date from ``start`` (an ordinal where ``keeps`` holds) in direction
    ``step`` that still keeps every band; None when the search window never leaves the
    range (the band is open that way)."""
    far = min(max(start + step * _SEARCH_DAYS, 1), date.max.toordinal())
    if keeps(date.fromordinal(far)):
        return None
    inside, outside = start, far
    while abs(outside - inside) > 1:
        middle = (inside + outside) // 2
        if keeps(date.fromordinal(middle)):
            inside = middle
        else:
            outside = middle
    return date.fromordinal(inside)
