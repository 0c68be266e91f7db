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


#: The post town of each district demo people live in (Royal Mail's, roughly), so a
#: demo letter's address reads as a real one would.
POST_TOWNS: dict[str, str] = {
    "CM0": "Southminster", "CM1": "Chelmsford", "CM2": "Chelmsford", "CM3": "Chelmsford",
    "CM4": "Ingatestone", "CM5": "Ongar", "CM6": "Dunmow", "CM7": "Braintree",
    "CM8": "Witham", "CM9": "Maldon", "CM11": "Billericay", "CM12": "Billericay",
    "CM13": "Brentwood", "CM14": "Brentwood", "CM15": "Brentwood", "CM16": "Epping",
    "CM17": "Harlow", "CM18": "Harlow", "CM19": "Harlow", "CM20": "Harlow",
    "CM22": "Bishop's Stortford", "CM24": "Stansted", "CM77": "Braintree",
    "CO1": "Colchester", "CO2": "Colchester", "CO3": "Colchester", "CO4": "Colchester",
    "CO5": "Colchester", "CO6": "Colchester", "CO7": "Colchester", "CO9": "Halstead",
    "CO11": "Manningtree", "CO12": "Harwich", "CO13": "Frinton-on-Sea",
    "CO14": "Walton on the Naze", "CO15": "Clacton-on-Sea", "CO16": "Clacton-on-Sea",
    "SS4": "Rochford", "SS5": "Hockley", "SS6": "Rayleigh", "SS7": "Benfleet",
    "SS8": "Canvey Island", "SS11": "Wickford", "SS12": "Wickford", "SS13": "Basildon",
    "SS14": "Basildon", "SS15": "Basildon", "SS16": "Basildon", "SS17": "Stanford-le-Hope",
    "CB10": "Saffron Walden", "CB11": "Saffron Walden", "IG7": "Chigwell",
    "IG10": "Loughton", "EN9": "Waltham Abbey", "SS0": "Westcliff-on-Sea",
    "SS1": "Southend-on-Sea", "SS2": "Southend-on-Sea", "SS3": "Southend-on-Sea",
    "SS9": "Leigh-on-Sea", "RM15": "South Ockendon", "RM16": "Grays", "RM17": "Grays",
    "RM18": "Tilbury", "RM19": "Purfleet-on-Thames", "RM20": "Grays",
    "IP1": "Ipswich", "IP4": "Ipswich", "IP28": "Bury St Edmunds", "CB1": "Cambridge",
    "CB4": "Cambridge", "SG1": "Stevenage", "SG8": "Royston", "SG12": "Ware",
    "NR1": "Norwich", "NR30": "Great Yarmouth", "E17": "London", "N18": "London",
    "EN1": "Enfield", "LU1": "Luton", "ME1": "Rochester", "CT9": "Margate",
    "RM1": "Romford", "RM7": "Romford", "IG1": "Ilford", "PE1": "Peterborough",
    "MK9": "Milton Keynes",
}  # fmt: skip

#: Street names common across England (none a particular real address).
STREETS: tuple[str, ...] = (
    "High Street", "Station Road", "Church Lane", "Church Road", "Main Road", "Park Road",
    "London Road", "Victoria Road", "Green Lane", "Manor Road", "Kings Road", "Queens Road",
    "The Avenue", "Mill Lane", "School Lane", "New Road", "Grange Road", "Springfield Road",
    "Orchard Close", "Meadow Way", "Elm Close", "Oak Drive", "Chestnut Avenue",
    "Windsor Road", "York Road", "Highfield Road", "North Street", "South Street",
    "West Street", "Albert Road", "Crescent Road", "Broadway", "Brook Street",
    "Rectory Lane", "Beech Grove", "The Street", "Priory Road", "Harvey Road",
)  # fmt: skip

#: Homes where people placed out of area (or needing care) live; the first line then.
CARE_HOMES: tuple[str, ...] = (
    "Oakwood Care Home", "Willow Lodge", "The Beeches Nursing Home", "Rosewood House",
    "Meadowbank Care Centre", "Cedar Court", "St Anne's Nursing Home", "Hollyfield House",
)  # fmt: skip


def street_addresses(
    rng: np.random.Generator, postcode: np.ndarray, in_a_home: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Address lines and town for each ``postcode`` (none where it is blank): a number
    and a street, sometimes a flat; a care home's name first for those ``in_a_home``."""
    n = len(postcode)
    number = rng.integers(1, 160, size=n).astype(str)
    street = pick_street(rng, n)
    flat = rng.random(n) < 0.15
    flat_number = rng.integers(1, 30, size=n).astype(str)
    first = np.where(flat, np.char.add(np.char.add(np.char.add("Flat ", flat_number), ", "),
                                       number), number)  # fmt: skip
    first = np.char.add(np.char.add(first.astype(str), " "), street)
    home = np.array(CARE_HOMES)[rng.integers(0, len(CARE_HOMES), size=n)]
    line_1 = np.where(in_a_home, home, first).astype(object)
    line_2 = np.where(in_a_home, np.char.add(np.char.add(number, " "), street), "").astype(object)
    town = np.array([POST_TOWNS.get(code.split(" ", 1)[0], "") for code in postcode.tolist()],
                    dtype=object)  # fmt: skip
    missing = postcode == ""
    for column in (line_1, line_2, town):
        column[missing] = ""
    return line_1.astype(str), line_2.astype(str), town.astype(str)


def pick_street(rng: np.random.Generator, n: int) -> np.ndarray:
    return np.array(STREETS)[rng.integers(0, len(STREETS), size=n)]
