"""People referred: identity, equality monitoring and where they live.

A person's age and primary need follow the type of their first referral (RPR
partners are mostly very old with dementia, IMHA partners working-age with mental
health needs), so age bands and needs in a return look like a real service's.
Names, religions and first languages follow the recorded ethnic group.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from advocacy_desk.demo import names, phrases
from advocacy_desk.demo.identity import draw_ages, draw_names, lookup
from advocacy_desk.demo.places import OUT_OF_AREA, draw_districts, postcodes, street_addresses
from advocacy_desk.demo.plan import Plan
from advocacy_desk.demo.sampling import (
    NO_DATE,
    Weighted,
    add_years,
    pick,
    weighted,
    year_month_day,
)
from advocacy_desk.demo.scales import Scale
from advocacy_desk.demo.tables import (
    CHILD_PROCESS_MIN_AGE,
    DISABILITIES,
    ETHNICITIES,
    GENDER_IDENTITIES,
    INTERPRETER_IF_ENGLISH,
    INTERPRETER_IF_OTHER_LANGUAGE,
    LANGUAGES,
    NAME_GROUP,
    NO_POSTCODE,
    ORIENTATIONS,
    PROFILES,
    RELIGIONS,
    SEXES,
    UNKNOWN_BIRTH_DATE,
)
from advocacy_desk.demo.tables import (
    OUT_OF_AREA as OUT_OF_AREA_ANSWERS,
)
from advocacy_desk.demo.writer import Columns
from advocacy_desk.domain.names import normalise_name
from advocacy_desk.domain.people import PersonDetails, search_text
from advocacy_desk.domain.references import PERSON, format_ref

DAYS_PER_YEAR = 365.25
#: Nobody in the demo is older than this on the as-of date.
OLDEST = 103


@dataclass(frozen=True)
class People:
    columns: Columns
    #: Dates of birth as ordinals; NO_DATE where not recorded.
    birth: np.ndarray
    council: np.ndarray
    postcode: np.ndarray


def build_people(rng: np.random.Generator, scale: Scale, plan: Plan, end: int) -> People:
    firsts = plan.first_of_person
    n = len(firsts)
    true_birth = _birth_dates(
        rng, plan.types[firsts], plan.process[firsts], plan.received[firsts], end
    )
    adult = (plan.received[firsts] - true_birth) >= 18 * DAYS_PER_YEAR
    birth = np.where(adult & (rng.random(n) < UNKNOWN_BIRTH_DATE), NO_DATE, true_birth)
    sex = SEXES.draw(rng, n)
    ethnicity = ETHNICITIES.draw(rng, n)
    group = lookup(NAME_GROUP, ethnicity)
    given, family = draw_names(rng, ethnicity, sex, year_month_day(true_birth)[0])
    council, postcode, out_of_area = _addresses(rng, scale, n)
    need = _needs(rng, plan.types[firsts])
    language = _by_group(rng, group, LANGUAGES)
    refs = [format_ref(PERSON, i) for i in range(1, n + 1)]
    name_key, search = _index(refs, given, family, birth, postcode)
    updated = np.full(n, np.iinfo(np.int64).min)
    np.maximum.at(updated, plan.person, plan.created)
    # Drawn last, so the people stream gives everything before exactly as it did.
    line_1, line_2, town = street_addresses(rng, postcode, out_of_area == "yes")
    columns: Columns = {
        "id": np.arange(1, n + 1),
        "person_ref": refs,
        "given_name": given,
        "family_name": family,
        "date_of_birth": birth,
        "sex": sex,
        "gender_identity": GENDER_IDENTITIES.draw(rng, n),
        "ethnicity": ethnicity,
        "disability": DISABILITIES.draw(rng, n),
        "sexual_orientation": ORIENTATIONS.draw(rng, n),
        "religion": _by_group(rng, group, RELIGIONS),
        "first_language": language,
        "interpreter_needed": _interpreters(rng, language),
        "communication_needs": _communication_needs(rng, need),
        "primary_need": need,
        "postcode": postcode,
        "local_authority": council,
        "out_of_area": out_of_area,
        "address_line_one": line_1,
        "address_line_two": line_2,
        "town": town,
        "name_key": name_key,
        "search_text": search,
        "created_at": plan.created[firsts],
        "updated_at": updated,
        "version": np.ones(n, dtype=np.int64),
    }
    return People(columns, birth, council, postcode)


def _birth_dates(
    rng: np.random.Generator, types: np.ndarray, process: np.ndarray, first: np.ndarray, end: int
) -> np.ndarray:
    """Birth dates from the age at first referral, which depends on its type (children
    only through the Care Act's transition and young carers' assessments)."""
    n = len(types)
    age = np.zeros(n)
    for code, profile in PROFILES.items():
        mask = types == code
        age[mask] = draw_ages(rng, profile.ages, int(mask.sum()))
    for child_process, youngest in CHILD_PROCESS_MIN_AGE.items():
        mask = process == child_process
        age[mask] = youngest + rng.random(int(mask.sum())) * (17.95 - youngest)
    birth = first - np.floor(age * DAYS_PER_YEAR).astype(np.int64)
    # An adult's age in days can fall a day short of their 18th birthday; keep them adult.
    birth = np.where(age >= 18, np.minimum(birth, add_years(first, -18)), birth)
    return np.asarray(np.maximum(birth, end - int(OLDEST * DAYS_PER_YEAR)))


def _addresses(
    rng: np.random.Generator, scale: Scale, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Council, postcode and whether placed out of area; those placed out of the county
    keep their home council but live (in a care home, say) somewhere else."""
    councils = weighted(None, dict(scale.councils))
    council = councils.draw(rng, n)
    district = np.empty(n, dtype=object)
    for name, _ in scale.councils:
        mask = council == name
        district[mask] = draw_districts(rng, name, int(mask.sum()))
    out_of_area = OUT_OF_AREA_ANSWERS.draw(rng, n)
    away = out_of_area == "yes"
    district[away] = pick(rng, OUT_OF_AREA, int(away.sum()))
    postcode = postcodes(rng, district.astype(str))
    postcode[rng.random(n) < NO_POSTCODE] = ""
    return council, postcode, out_of_area


def _needs(rng: np.random.Generator, first_types: np.ndarray) -> np.ndarray:
    need = np.empty(len(first_types), dtype=object)
    for code, profile in PROFILES.items():
        mask = first_types == code
        need[mask] = profile.needs.draw(rng, int(mask.sum()))
    return need.astype(str)


def _by_group(
    rng: np.random.Generator, group: np.ndarray, tables: dict[str, Weighted]
) -> np.ndarray:
    out = np.empty(len(group), dtype=object)
    for heritage in names.GROUPS:
        mask = group == heritage
        out[mask] = tables[heritage].draw(rng, int(mask.sum()))
    return out.astype(str)


def _interpreters(rng: np.random.Generator, language: np.ndarray) -> np.ndarray:
    n = len(language)
    english = (language == "English") | (language == "")
    return np.where(
        english, INTERPRETER_IF_ENGLISH.draw(rng, n), INTERPRETER_IF_OTHER_LANGUAGE.draw(rng, n)
    )


def _communication_needs(rng: np.random.Generator, need: np.ndarray) -> np.ndarray:
    out = np.full(len(need), "", dtype=object)
    recorded = rng.random(len(need)) < phrases.COMMUNICATION_NEED_RECORDED
    for code, options in phrases.COMMUNICATION_NEEDS.items():
        mask = (need == code) & recorded
        out[mask] = pick(rng, options, int(mask.sum()))
    return out.astype(str)


def _index(
    refs: list[str], given: np.ndarray, family: np.ndarray, birth: np.ndarray, postcode: np.ndarray
) -> tuple[list[str], list[str]]:
    """The duplicate-check key and list-filter text, made by the same functions the
    People service uses, so demo people are found exactly as typed-in ones are."""
    keys: dict[tuple[str, str], str] = {}
    name_key: list[str] = []
    search: list[str] = []
    births = [None if b == NO_DATE else date.fromordinal(b) for b in birth.tolist()]
    for ref, first, last, born, code in zip(
        refs, given.tolist(), family.tolist(), births, postcode.tolist(), strict=True
    ):
        key = keys.get((first, last))
        if key is None:
            key = keys[(first, last)] = normalise_name(first, last)
        name_key.append(key)
        details = PersonDetails(first, last, date_of_birth=born, postcode=code)
        search.append(search_text(ref, details))
    return name_key, search
