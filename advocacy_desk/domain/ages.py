"""Ages and the age bands of the monitoring return."""

from __future__ import annotations

from datetime import date

from advocacy_desk.domain.vocabulary import NOT_KNOWN

_BANDS: tuple[tuple[int, str], ...] = (
    (18, "under_18"),
    (25, "18_24"),
    (35, "25_34"),
    (45, "35_44"),
    (55, "45_54"),
    (65, "55_64"),
    (75, "65_74"),
    (85, "75_84"),
)


def age_on(date_of_birth: date, on: date) -> int:
    """Whole years completed on ``on`` (a 29 February birthday turns over on 1 March)."""
    had_birthday = (on.month, on.day) >= (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - (0 if had_birthday else 1)


def age_band(date_of_birth: date | None, on: date) -> str:
    """The ``age_band`` code for someone's age on ``on`` (the referral's received date)."""
    if date_of_birth is None or date_of_birth > on:
        return NOT_KNOWN
    age = age_on(date_of_birth, on)
    for upper, code in _BANDS:
        if age < upper:
            return code
    return "85_plus"
