"""Tolerant comparison of people's names, for warning about duplicate records.

Duplicate records were one of the main problems commissioners found, so a new
person who looks like an existing one (same date of birth, a name that differs
only in case, spacing, accents or a small typo) is flagged for a person to decide.
"""

from __future__ import annotations

import unicodedata

from rapidfuzz.distance import OSA

#: Longer names (after normalising) may be this many edits apart and still be "the same
#: name"; shorter ones only one. A swap of two neighbouring letters counts as one edit.
MAX_NAME_EDITS = 2
LONG_NAME = 12


def normalise_name(given_name: str, family_name: str) -> str:
    """Lower case, no accents, no punctuation, single spaces: "O'Brien,  Seán" -> "sean obrien"."""
    text = unicodedata.normalize("NFKD", f"{given_name} {family_name}")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    kept = "".join(ch if ch.isalnum() or ch.isspace() else "" for ch in text.casefold())
    return " ".join(kept.split())


def names_match(a: str, b: str) -> bool:
    """Two normalised names that are the same up to a small typo or a space."""
    if a == b or a.replace(" ", "") == b.replace(" ", ""):
        return True
    limit = MAX_NAME_EDITS if min(len(a), len(b)) >= LONG_NAME else 1
    return OSA.distance(a, b, score_cutoff=limit) <= limit


def dates_nearly_equal(a: str, b: str) -> bool:
    """Two ISO dates that differ by one typed digit, or by swapped day and month."""
    if a == b:
        return True
    if len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1:
        return True
    ya, ma, da = a.split("-")
    yb, mb, db = b.split("-")
    return ya == yb and ma == db and da == mb
