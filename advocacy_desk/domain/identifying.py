"""What in a piece of free text could identify a recorded person: the candidates a
return's narrative is checked against the database for before it is saved or sent.

Commissioners publish returns, so case studies must be anonymised. The check looks
only for details that identify on their own, to avoid flagging ordinary words:

- full names: two to four neighbouring words that, normalised as people's names are
  (``domain.names.normalise_name``: case, accents and punctuation ignored), make a
  recorded given + family name ("Jane Partridge", "jane o'brien");
- references: P000123 (person), R000123 (referral), C000123 (case);
- full UK postcodes ("CM1 1AA", "cm11aa");
- dates in the UK (01/02/1950) or ISO (1950-02-01) form, compared with dates of birth;
- street addresses: a house number and a street ("68 The Avenue", "12a Station Rd"),
  compared with the end of a recorded person's address lines (a street name alone, or
  a care home's name, identifies no one).

Each candidate keeps the words as written, to name it back to the user. Matching is
by whole words, case-insensitively. The database look-up is the service's
(``ReturnService.identifying_details``): one indexed ``IN`` query per kind.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

#: A name is at most this many words (given names and family names of two words each).
MAX_NAME_WORDS = 4

_WORD = re.compile(r"\S+")
_REFERENCE = re.compile(r"\b([PRC])(\d{6})\b", re.IGNORECASE)
_POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][0-9A-Z]?) ?([0-9][A-Z]{2})\b", re.IGNORECASE)
_UK_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
#: The last word of a street's name (and its usual short forms).
STREET_WORDS = (
    "road", "rd", "street", "st", "avenue", "ave", "lane", "ln", "close", "drive", "dr",
    "way", "court", "ct", "crescent", "gardens", "place", "grove", "terrace", "hill",
    "park", "square", "walk", "rise", "mews", "row", "green", "view", "parade", "vale",
)  # fmt: skip
_STREET = re.compile(
    r"\b(\d{1,4}[a-z]?),?\s+((?:[a-z'’.-]+\s+){0,3}(?:" + "|".join(STREET_WORDS) + r"))\b",
    re.IGNORECASE,
)
_EDGE_PUNCTUATION = "\"'“”‘’()[]{},.;:!?"
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)

REFERENCE_KINDS = {"P": "person", "R": "referral", "C": "case"}


def _name_word(word: str) -> str:
    """A word normalised as ``normalise_name`` normalises a name: "O'Brien," -> "obrien";
    a possessive is the name itself ("Partridge's" -> "partridge")."""
    text = unicodedata.normalize("NFKD", _POSSESSIVE.sub("", word.rstrip(_EDGE_PUNCTUATION)))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return "".join(ch for ch in text.casefold() if ch.isalnum())


@dataclass
class Candidates:
    """What a text holds that might identify someone, each with its words as written."""

    #: Normalised "given family" keys (as ``Person.name_key``) -> the words as written.
    names: dict[str, str] = field(default_factory=dict)
    #: "P000123" -> as written.
    references: dict[str, str] = field(default_factory=dict)
    #: "CM1 1AA" -> as written.
    postcodes: dict[str, str] = field(default_factory=dict)
    dates: dict[date, str] = field(default_factory=dict)
    #: "68 the avenue" (``street_key``) -> as written.
    streets: dict[str, str] = field(default_factory=dict)


def street_key(text: str) -> str:
    """A street address as compared: lower case, one space, no commas or full stops
    ("68, The  Avenue." -> "68 the avenue")."""
    return " ".join(text.casefold().replace(",", " ").replace(".", " ").split())


def candidates(text: str) -> Candidates:
    """Every name, reference, postcode and date in ``text`` worth looking up."""
    found = Candidates()
    words = [(m.start(), m.end(), _name_word(m.group())) for m in _WORD.finditer(text)]
    for i in range(len(words)):
        for size in range(2, MAX_NAME_WORDS + 1):
            part = words[i : i + size]
            if len(part) < size or not all(norm for _, _, norm in part):
                break
            key = " ".join(norm for _, _, norm in part)
            written = text[part[0][0] : part[-1][1]].strip(_EDGE_PUNCTUATION)
            written = _POSSESSIVE.sub("", written)
            found.names.setdefault(key, written)
    for m in _REFERENCE.finditer(text):
        found.references.setdefault(f"{m[1].upper()}{m[2]}", m.group())
    for m in _POSTCODE.finditer(text):
        found.postcodes.setdefault(f"{m[1].upper()} {m[2].upper()}", m.group())
    for pattern, order in ((_UK_DATE, (3, 2, 1)), (_ISO_DATE, (1, 2, 3))):
        for m in pattern.finditer(text):
            try:
                day = date(int(m[order[0]]), int(m[order[1]]), int(m[order[2]]))
            except ValueError:
                continue  # 31/02/1950 is no one's birthday
            found.dates.setdefault(day, m.group())
    for m in _STREET.finditer(text):
        found.streets.setdefault(street_key(m.group()), m.group())
    return found


@dataclass(frozen=True)
class IdentifyingDetail:
    """One detail found in a narrative that the database holds about a recorded person."""

    #: Where: "Summary", "Themes", "Case study 2".
    part: str
    #: The words as written in the text.
    text: str
    #: name, person_ref, referral_ref, case_ref, postcode, date_of_birth or address.
    kind: str

    @property
    def message(self) -> str:
        """ "Case study 2 mentions 'Jane Partridge', a recorded person's name"."""
        return f"{self.part} mentions '{self.text}', {DETAIL_WORDS[self.kind]}"


DETAIL_WORDS = {
    "name": "a recorded person's name",
    "person_ref": "a recorded person's reference",
    "referral_ref": "a recorded referral's reference",
    "case_ref": "a recorded case's reference",
    "postcode": "a recorded person's postcode",
    "date_of_birth": "a recorded person's date of birth",
    "address": "a recorded person's address",
}
