"""Where demo people live: real postcode districts, and the councils that commission.

Districts are real outward codes (a test checks each against
``resources/data/postcode_districts.csv``), weighted roughly by population, so
that maps, distance matching and "placed out of county" counts behave as they
would on a real caseload. Inward codes are invented but well formed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from advocacy_desk.domain.vocabulary import ADVOCACY_TYPE

ESSEX = "Essex County Council"
SOUTHEND = "Southend-on-Sea City Council"
THURROCK = "Thurrock Council"

#: Each council's postcode districts, with a rough weight for how many people live there.
DISTRICTS: dict[str, tuple[tuple[str, float], ...]] = {
    ESSEX: (
        ("CM0", 1.0), ("CM1", 3.0), ("CM2", 2.5), ("CM3", 2.0), ("CM4", 1.0), ("CM5", 1.0),
        ("CM6", 1.0), ("CM7", 2.0), ("CM8", 1.5), ("CM9", 1.5), ("CM11", 1.5), ("CM12", 1.5),
        ("CM13", 1.0), ("CM14", 1.5), ("CM15", 1.0), ("CM16", 1.0), ("CM17", 0.8),
        ("CM18", 1.2), ("CM19", 1.0), ("CM20", 1.2), ("CM22", 0.5), ("CM24", 0.5),
        ("CM77", 0.8), ("CO1", 1.5), ("CO2", 2.0), ("CO3", 2.0), ("CO4", 2.0), ("CO5", 1.5),
        ("CO6", 1.0), ("CO7", 1.5), ("CO9", 1.0), ("CO11", 0.5), ("CO12", 1.0),
        ("CO13", 0.8), ("CO14", 0.5), ("CO15", 2.0), ("CO16", 1.5), ("SS4", 1.0),
        ("SS5", 1.0), ("SS6", 1.5), ("SS7", 1.5), ("SS8", 1.2), ("SS11", 1.0), ("SS12", 1.0),
        ("SS13", 1.2), ("SS14", 1.5), ("SS15", 1.2), ("CB10", 0.8), ("CB11", 0.8),
        ("IG7", 0.5), ("IG10", 1.0), ("EN9", 0.8),
    ),
    SOUTHEND: (("SS0", 1.5), ("SS1", 2.0), ("SS2", 2.0), ("SS3", 1.0), ("SS9", 1.5)),
    THURROCK: (
        ("RM15", 1.0), ("RM16", 1.5), ("RM17", 1.5), ("RM18", 1.0), ("RM19", 0.5),
        ("RM20", 1.0), ("SS16", 0.8), ("SS17", 1.0),
    ),
}  # fmt: skip

#: Districts outside the county where people are placed (care homes, hospitals, family).
OUT_OF_AREA: tuple[str, ...] = (
    "IP1", "IP4", "IP28", "CB1", "CB4", "SG1", "SG8", "SG12", "NR1", "NR30",
    "E17", "N18", "EN1", "LU1", "ME1", "CT9", "RM1", "RM7", "IG1", "PE1", "MK9",
)  # fmt: skip

#: Letters that can appear in an inward code (never C, I, K, M, O or V).
_INWARD_LETTERS = np.array(list("ABDEFGHJLNPQRSTUWXYZ"))


def inward_codes(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` well-formed inward codes such as ``4AB``."""
    digits = rng.integers(1, 10, size=n).astype(str)
    first = _INWARD_LETTERS[rng.integers(0, len(_INWARD_LETTERS), size=n)]
    second = _INWARD_LETTERS[rng.integers(0, len(_INWARD_LETTERS), size=n)]
    return np.char.add(np.char.add(digits, first), second)


def postcodes(rng: np.random.Generator, districts: np.ndarray) -> np.ndarray:
    """Full normalised postcodes (``"CM1 4AB"``) in the given districts."""
    return np.char.add(np.char.add(districts.astype(str), " "), inward_codes(rng, len(districts)))


def draw_districts(rng: np.random.Generator, council: str, n: int) -> np.ndarray:
    names = np.array([d for d, _ in DISTRICTS[council]])
    weights = np.array([w for _, w in DISTRICTS[council]])
    return names[rng.choice(len(names), size=n, p=weights / weights.sum())]


def area_letters(postcode: str) -> str:
    """The postcode area ("CM" of "CM1 4AB"): volunteers are matched close to home."""
    return "".join(ch for ch in postcode[:2] if ch.isalpha())


@dataclass(frozen=True)
class ContractFamily:
    """A commissioner's contract, re-let every three years under the same name."""

    name: str
    commissioner: str
    advocacy_types: tuple[str, ...]
    #: The block is a number of hours a year, or else a number of cases a year.
    paid_by_hours: bool


_SPECIALIST = ("imha", "citizen")
_HUB_TYPES = tuple(code for code in ADVOCACY_TYPE.codes if code not in _SPECIALIST)

#: Contract families for each council (Essex runs a hub plus two specialist contracts).
CONTRACT_FAMILIES: dict[str, tuple[ContractFamily, ...]] = {
    ESSEX: (
        ContractFamily("Essex Advocacy Hub", ESSEX, _HUB_TYPES, paid_by_hours=True),
        ContractFamily("Essex IMHA", ESSEX, ("imha",), paid_by_hours=False),
        ContractFamily("Essex Citizen Advocacy", ESSEX, ("citizen",), paid_by_hours=False),
    ),
    SOUTHEND: (ContractFamily("Southend Advocacy Service", SOUTHEND, ADVOCACY_TYPE.codes, True),),
    THURROCK: (
        ContractFamily("Thurrock Advocacy Partnership", THURROCK, ADVOCACY_TYPE.codes, True),
    ),
}
