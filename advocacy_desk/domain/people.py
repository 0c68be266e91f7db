"""A person referred for advocacy, and the rules their details must keep."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from advocacy_desk.domain.errors import ValidationError
from advocacy_desk.domain.postcodes import normalise_postcode
from advocacy_desk.domain.text import refuse_control_characters
from advocacy_desk.domain.vocabulary import (
    DISABILITY,
    ETHNICITY,
    GENDER_IDENTITY,
    NOT_KNOWN,
    PRIMARY_NEED,
    RELIGION,
    SEX,
    SEXUAL_ORIENTATION,
    YES_NO,
    Vocabulary,
)

MAX_NAME_LENGTH = 100
MAX_TEXT_LENGTH = 2000
#: An address line and a town: enough for "Flat 12, The Old Maltings, 140-146 ..." and
#: short enough to fit the window of a DL envelope.
MAX_ADDRESS_LINE = 100
MAX_TOWN = 60
#: The postal address, in the order a letter prints it (the postcode last).
ADDRESS_FIELDS = ("address_line_one", "address_line_two", "town", "postcode")
EARLIEST_BIRTH = date(1900, 1, 1)

#: Each coded field of a person and the vocabulary it draws from.
CODED_FIELDS: dict[str, Vocabulary] = {
    "sex": SEX,
    "gender_identity": GENDER_IDENTITY,
    "ethnicity": ETHNICITY,
    "disability": DISABILITY,
    "sexual_orientation": SEXUAL_ORIENTATION,
    "religion": RELIGION,
    "interpreter_needed": YES_NO,
    "primary_need": PRIMARY_NEED,
    "out_of_area": YES_NO,
}

FIELD_LABELS: dict[str, str] = {
    "given_name": "Given name",
    "family_name": "Family name",
    "date_of_birth": "Date of birth",
    "sex": "Sex",
    "gender_identity": "Gender identity",
    "ethnicity": "Ethnic group",
    "disability": "Disability",
    "sexual_orientation": "Sexual orientation",
    "religion": "Religion or belief",
    "first_language": "First language",
    "interpreter_needed": "Interpreter needed",
    "communication_needs": "Communication needs",
    "primary_need": "Primary need",
    "address_line_one": "Address line 1",
    "address_line_two": "Address line 2",
    "town": "Town",
    "postcode": "Postcode",
    "local_authority": "Local authority",
    "out_of_area": "Placed out of area",
}


@dataclass(frozen=True)
class PersonDetails:
    """What a person's form holds; every coded field defaults to "not known"."""

    given_name: str
    family_name: str
    date_of_birth: date | None = None
    sex: str = NOT_KNOWN
    gender_identity: str = NOT_KNOWN
    ethnicity: str = NOT_KNOWN
    disability: str = NOT_KNOWN
    sexual_orientation: str = NOT_KNOWN
    religion: str = NOT_KNOWN
    first_language: str = ""
    interpreter_needed: str = NOT_KNOWN
    communication_needs: str = ""
    primary_need: str = NOT_KNOWN
    postcode: str = ""
    local_authority: str = ""
    out_of_area: str = NOT_KNOWN
    #: The postal address letters are sent to (with ``postcode``, which also places the
    #: person for travel distances); blank when not known.
    address_line_one: str = ""
    address_line_two: str = ""
    town: str = ""

    def address_lines(self) -> list[str]:
        """The postal address as a letter prints it: the lines given, town, postcode."""
        return [line for line in (getattr(self, name) for name in ADDRESS_FIELDS) if line]


def missing_address(name: str, details: PersonDetails) -> str | None:
    """What a letter to ``name`` would lack, said before it is made: no address at all,
    or an address with no postcode (Royal Mail needs one). None when it can be posted."""
    if not details.address_line_one and not details.address_line_two:
        return f"{name} has no address recorded: the letter will have no address block."
    if not details.postcode:
        return f"{name}'s address has no postcode: the letter may not arrive."
    return None


def clean_person(details: PersonDetails, today: date) -> PersonDetails:
    """The details tidied (trimmed, postcode normalised), or ``ValidationError`` per field."""
    refuse_control_characters(vars(details), FIELD_LABELS)
    errors: dict[str, str] = {}
    given = " ".join(details.given_name.split())
    family = " ".join(details.family_name.split())
    for field, value in (("given_name", given), ("family_name", family)):
        label = FIELD_LABELS[field]
        if not value:
            errors[field] = f"{label} is required: type the name the person uses."
        elif len(value) > MAX_NAME_LENGTH:
            errors[field] = f"{label} is too long: at most {MAX_NAME_LENGTH} characters."

    dob = details.date_of_birth
    if dob is not None:
        if dob > today:
            errors["date_of_birth"] = (
                "Date of birth is in the future: check the year, or leave it blank if not known."
            )
        elif dob < EARLIEST_BIRTH:
            errors["date_of_birth"] = "Date of birth is before 1900: check the year."

    for field, vocabulary in CODED_FIELDS.items():
        value = getattr(details, field)
        if value not in vocabulary:
            errors[field] = f'{FIELD_LABELS[field]}: "{value}" is not one of the allowed answers.'

    postcode = details.postcode.strip()
    if postcode:
        try:
            postcode = normalise_postcode(postcode)
        except ValueError as exc:
            errors["postcode"] = f"Postcode: {exc}, or leave it blank if not known."

    address: dict[str, str] = {
        name: " ".join(getattr(details, name).split()) for name in ADDRESS_FIELDS[:3]
    }
    for field, longest in (("address_line_one", MAX_ADDRESS_LINE),
                           ("address_line_two", MAX_ADDRESS_LINE), ("town", MAX_TOWN)):  # fmt: skip
        label = FIELD_LABELS[field]
        if any(brk in getattr(details, field).strip() for brk in "\r\n"):
            errors[field] = (
                f"{label} holds a line break: type one line here and the next part of the "
                "address in the next box."
            )
        elif len(address[field]) > longest:
            errors[field] = f"{label} is too long: at most {longest} characters."
    if address["address_line_two"] and not address["address_line_one"]:
        address = {
            **address,
            "address_line_one": address["address_line_two"],
            "address_line_two": "",
        }

    for field in ("first_language", "communication_needs", "local_authority"):
        if len(getattr(details, field)) > MAX_TEXT_LENGTH:
            errors[field] = (
                f"{FIELD_LABELS[field]} is too long: at most {MAX_TEXT_LENGTH} characters."
            )

    if errors:
        raise ValidationError(errors)
    return dataclasses.replace(
        details,
        given_name=given,
        family_name=family,
        postcode=postcode,
        first_language=details.first_language.strip(),
        communication_needs=details.communication_needs.strip(),
        local_authority=details.local_authority.strip(),
        address_line_one=address["address_line_one"],
        address_line_two=address["address_line_two"],
        town=address["town"],
    )


def search_text(ref: str, details: PersonDetails) -> str:
    """What the People list's type-ahead filter matches against, lower case."""
    parts = [details.given_name, details.family_name, ref, details.postcode]
    if details.postcode:
        parts.append(details.postcode.replace(" ", ""))
    if details.date_of_birth:
        parts += [details.date_of_birth.isoformat(), details.date_of_birth.strftime("%d/%m/%Y")]
    return " ".join(parts).casefold()


def search_words(text: str) -> list[str]:
    """The words of a type-ahead filter: every one must appear in a person's search text."""
    return text.casefold().split()
