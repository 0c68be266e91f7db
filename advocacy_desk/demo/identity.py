"""Names, ages and usernames shared by people, staff and volunteers."""

from __future__ import annotations

import unicodedata

import numpy as np

from advocacy_desk.demo import names
from advocacy_desk.demo.sampling import pick
from advocacy_desk.demo.tables import NAME_GROUP, AgeMix


def lookup(mapping: dict[str, str], codes: np.ndarray) -> np.ndarray:
    """``mapping[code]`` for every code, one pass per distinct code."""
    out = np.empty(len(codes), dtype=object)
    for code in np.unique(codes):
        out[codes == code] = mapping[str(code)]
    return out.astype(str)


def draw_ages(
    rng: np.random.Generator, mix: AgeMix, n: int, low: float = 18, high: float = 100
) -> np.ndarray:
    """Ages in years (fractional) from a mix of normal components, kept within bounds."""
    shares = np.array([share for share, _, _ in mix])
    component = rng.choice(len(mix), size=n, p=shares / shares.sum())
    means = np.array([mean for _, mean, _ in mix])[component]
    sds = np.array([sd for _, _, sd in mix])[component]
    return np.clip(means + sds * rng.standard_normal(n), low, high)


def draw_names(
    rng: np.random.Generator, ethnicity: np.ndarray, sex: np.ndarray, birth_year: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Given and family names that fit each person's ethnic group, sex and generation."""
    n = len(ethnicity)
    group = lookup(NAME_GROUP, ethnicity)
    female = np.where(sex == "female", True, np.where(sex == "male", False, rng.random(n) < 0.5))
    older = birth_year < names.OLDER_GENERATION_BEFORE
    given = np.empty(n, dtype=object)
    family = np.empty(n, dtype=object)
    for heritage in names.GROUPS:
        in_group = group == heritage
        family[in_group] = pick(rng, names.family_names(heritage), int(in_group.sum()))
        for is_female in (True, False):
            for is_older in (True, False):
                mask = in_group & (female == is_female) & (older == is_older)
                options = names.given_names(heritage, is_female, is_older)
                given[mask] = pick(rng, options, int(mask.sum()))
    return given.astype(str), family.astype(str)


def usernames(given: list[str], family: list[str]) -> list[str]:
    """Log-in names such as ``jsmith``, numbered when two people would share one."""
    taken: set[str] = set()
    result: list[str] = []
    for first, last in zip(given, family, strict=True):
        base = _ascii_word(first)[:1] + _ascii_word(last)
        name, number = base, 1
        while name in taken:
            number += 1
            name = f"{base}{number}"
        taken.add(name)
        result.append(name)
    return result


def _ascii_word(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())
