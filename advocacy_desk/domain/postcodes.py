"""UK postcodes: tidy what was typed and find the outward code (district)."""

from __future__ import annotations

import re

# The shape of a full UK postcode: outward code (area + district) and inward code.
_FULL = re.compile(r"^([A-Z]{1,2}[0-9][0-9A-Z]?)\s*([0-9][A-Z]{2})$")
_OUTWARD = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")


def normalise_postcode(text: str) -> str:
    """``"cm1 1aa "`` -> ``"CM1 1AA"``; a bare district such as ``"CM1"`` is kept as it is.

    Raises ``ValueError`` when the text cannot be a UK postcode.
    """
    value = " ".join(text.upper().split())
    compact = value.replace(" ", "")
    if m := _FULL.match(compact):
        return f"{m[1]} {m[2]}"
    if _OUTWARD.match(compact):
        return compact
    raise ValueError(f'"{text}" is not a UK postcode (for example CM1 1AA)')


def outward_code(postcode: str) -> str:
    """The district part of a normalised postcode: ``"CM1 1AA"`` -> ``"CM1"``."""
    return postcode.split(" ", 1)[0]
