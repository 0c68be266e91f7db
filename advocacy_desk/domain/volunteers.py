"""Citizen advocates (volunteers) and partners' matching profiles: the rules their
details keep, and when checks fall due."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date

from advocacy_desk.domain.dates import add_years
from advocacy_desk.domain.errors import ValidationError
from advocacy_desk.domain.postcodes import normalise_postcode
from advocacy_desk.domain.text import refuse_control_characters
from advocacy_desk.domain.vocabulary import (
    DAY,
    SEX,
    TIME_OF_DAY,
    VOLUNTEER_STATUS,
    UnknownCode,
    Vocabulary,
)

#: The partnership statuses of a partnership still going (proposed, introduced or active).
CURRENT = ("proposed", "introduced", "active")
#: A DBS certificate is renewed this many years after the check unless set otherwise.
DBS_RENEWAL_YEARS = 3
#: Checks, training and supervision falling due within this many days are listed.
DUE_WITHIN_DAYS = 30
#: Volunteers are supervised at least this often.
SUPERVISION_EVERY_DAYS = 8 * 7
MAX_TRAVEL_KM = 500.0


def split_items(text: str) -> tuple[str, ...]:
    """ "Gardening; music, Cinema" -> ("gardening", "music", "cinema")"""
    seen: list[str] = []
    for part in text.replace(",", ";").split(";"):
        item = " ".join(part.split()).casefold()
        if item and item not in seen:
            seen.append(item)
    return tuple(seen)


def _codes(vocabulary: Vocabulary, text: str) -> tuple[list[str], list[str]]:
    """The codes in a list written as codes or labels, and the items that are neither."""
    codes: list[str] = []
    unknown: list[str] = []
    for item in split_items(text):
        try:
            codes.append(vocabulary.parse(item))
        except UnknownCode:
            unknown.append(item)
    return codes, unknown


@dataclass(frozen=True)
class VolunteerDetails:
    given_name: str
    family_name: str
    date_of_birth: date | None = None
    sex: str = "not_known"
    postcode: str = ""
    travel_km: float | None = None
    languages: str = ""
    interests: str = ""
    available_days: str = ""
    #: Times of day they are usually free: codes of TIME_OF_DAY separated by ";".
    available_times: str = ""
    smoker: bool = False
    pet_allergy: bool = False
    reference_1_on: date | None = None
    reference_2_on: date | None = None
    dbs_checked_on: date | None = None
    dbs_expires_on: date | None = None
    trained_on: date | None = None
    supervised_on: date | None = None
    max_partners: int = 1
    status: str = "enquiry"


def clean_volunteer(
    details: VolunteerDetails, today: date, renewal_years: int = DBS_RENEWAL_YEARS
) -> VolunteerDetails:
    """The details tidied (the DBS expiry defaulted from the check), or
    ``ValidationError`` naming each field that breaks a rule."""
    refuse_control_characters(vars(details), {})
    errors: dict[str, str] = {}
    given, family = " ".join(details.given_name.split()), " ".join(details.family_name.split())
    if not given:
        errors["given_name"] = "Given name: write the volunteer's first name."
    if not family:
        errors["family_name"] = "Family name: write the volunteer's surname."
    if details.date_of_birth is not None and details.date_of_birth > today:
        errors["date_of_birth"] = "Date of birth is in the future: check the year."
    if details.sex not in SEX:
        errors["sex"] = f"Sex: choose one of {', '.join(SEX.codes)}."
    postcode = details.postcode
    if postcode.strip():
        try:
            postcode = normalise_postcode(postcode)
        except ValueError as exc:
            errors["postcode"] = f"Postcode: {exc}; or leave it blank if not known."
    if details.travel_km is not None and not 0 <= details.travel_km <= MAX_TRAVEL_KM:
        errors["travel_km"] = (
            f"Travel limit: give the kilometres they will travel, 0 to {MAX_TRAVEL_KM:.0f}, "
            "or leave it blank for no limit."
        )
    days, unknown = _codes(DAY, details.available_days)
    if unknown:
        errors["available_days"] = (
            f"Days: {', '.join(unknown)} is not a day; use {', '.join(DAY.codes)}."
        )
    times, odd = _codes(TIME_OF_DAY, details.available_times)
    if odd:
        errors["available_times"] = (
            f"Times: {', '.join(odd)} is not a time of day; use {', '.join(TIME_OF_DAY.codes)}."
        )
    expires = details.dbs_expires_on
    if details.dbs_checked_on is not None:
        if details.dbs_checked_on > today:
            errors["dbs_checked_on"] = "DBS check date is in the future."
        if expires is None:
            expires = add_years(details.dbs_checked_on, renewal_years)
        elif expires < details.dbs_checked_on:
            errors["dbs_expires_on"] = (
                "DBS expiry is before the check date: check both dates, or leave the expiry "
                f"blank for {renewal_years} years after the check."
            )
    if details.supervised_on is not None and details.supervised_on > today:
        errors["supervised_on"] = "Supervision date is in the future: record it once done."
    if details.trained_on is not None and details.trained_on > today:
        errors["trained_on"] = "Training date is in the future: record it once done."
    if not 1 <= details.max_partners <= 10:
        errors["max_partners"] = "Most partners: a whole number from 1 to 10 (usually 1)."
    if details.status not in VOLUNTEER_STATUS:
        errors["status"] = f"Status: choose one of {', '.join(VOLUNTEER_STATUS.codes)}."
    if errors:
        raise ValidationError(errors)
    return replace(
        details, given_name=given, family_name=family, postcode=postcode,
        languages="; ".join(split_items(details.languages)),
        interests="; ".join(split_items(details.interests)),
        available_days=";".join(c for c in DAY.codes if c in days), dbs_expires_on=expires,
        available_times=";".join(c for c in TIME_OF_DAY.codes if c in times),
    )  # fmt: skip


@dataclass(frozen=True)
class PartnerProfileDetails:
    interests: str = ""
    languages: str = ""
    required_language: str = ""
    preferred_sex: str = ""
    sex_required: bool = False
    available_days: str = ""
    has_pets: bool = False
    smoke_free_required: bool = False
    other_requirement: str = ""
    ideal_advocate: str = ""


def clean_profile(details: PartnerProfileDetails) -> PartnerProfileDetails:
    refuse_control_characters(vars(details), {})
    errors: dict[str, str] = {}
    days, unknown = _codes(DAY, details.available_days)
    if unknown:
        errors["available_days"] = (
            f"Days: {', '.join(unknown)} is not a day; use {', '.join(DAY.codes)}."
        )
    if details.preferred_sex and details.preferred_sex not in SEX:
        errors["preferred_sex"] = f"Preferred sex: choose one of {', '.join(SEX.codes)}."
    if details.sex_required and not details.preferred_sex:
        errors["preferred_sex"] = "Preferred sex: say which, since it is required."
    required = " ".join(details.required_language.split()).casefold()
    languages = split_items(details.languages)
    if required and required not in languages:
        languages = (required, *languages)
    if errors:
        raise ValidationError(errors)
    return replace(
        details, interests="; ".join(split_items(details.interests)),
        languages="; ".join(languages), required_language=required,
        available_days=";".join(c for c in DAY.codes if c in days),
        other_requirement=details.other_requirement.strip(),
        ideal_advocate=details.ideal_advocate.strip(),
    )  # fmt: skip


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, 28))


def reviews(started_on: date) -> Iterator[date]:
    """A partnership's review dates: at 3, 6 and 12 months, then every year."""
    yield _add_months(started_on, 3)
    yield _add_months(started_on, 6)
    years = 1
    while True:
        yield add_years(started_on, years)
        years += 1


def next_review(started_on: date, on: date) -> date:
    """The first review due on or after ``on``."""
    return next(day for day in reviews(started_on) if day >= on)
