"""The placeholders a letter template may use, and what each is filled with.

A template is a Word document with placeholders written ``{{ person_first_name }}``;
``{% if appointment_date %}...{% endif %}`` and the rest of Jinja's tags work too
(docxtpl). Only the names below may appear: Advocacy Desk refuses a template that uses
any other, naming it, rather than printing a blank where the provider expected a value.

Every value is text; a value the database does not hold (a case still open has no
closure date; a case may have no appointment to come; a person whose address is not
known) is filled with nothing. The two address blocks, ``person_address`` and
``provider_address``, hold one line of the address to a line (Word line breaks), with
no blank lines for parts not recorded.
"""

from __future__ import annotations

#: Each placeholder's name and what it is filled with, in the order Settings lists them.
PLACEHOLDERS: dict[str, str] = {
    "provider_name": "The provider's name, as Settings gives it.",
    "today": "The day the letter is made, as dd/mm/yyyy.",
    "recipient_name": (
        "Who the letter is for: the party's name when it is addressed to one of the "
        "person's parties, otherwise the person's full name."
    ),
    "person_name": "The person's full name: given name and family name.",
    "person_first_name": "The person's given (first) name.",
    "person_family_name": "The person's family name.",
    "person_ref": "The person's reference, such as P000123.",
    "person_address": (
        "The person's postal address: the address lines, town and postcode recorded, one "
        "to a line; empty when none is recorded. Put it under {{ person_name }} for the "
        "address block."
    ),
    "person_address_line_one": "The first line of the person's address.",
    "person_address_line_two": "The second line of the person's address; often empty.",
    "person_town": "The person's town.",
    "person_postcode": "The person's postcode.",
    "case_ref": "The case's reference, such as C000123.",
    "referral_ref": "The reference of the referral the case came from, such as R000123.",
    "referral_received_on": "The day the referral was received, as dd/mm/yyyy.",
    "advocacy_type": "The kind of advocacy, such as Care Act advocacy.",
    "advocate_name": "The full name of the advocate who holds the case.",
    "case_opened_on": "The day the case was opened (allocated), as dd/mm/yyyy.",
    "case_closed_on": "The day the case was closed, as dd/mm/yyyy; empty while it is open.",
    "closure_reason": "Why the case was closed, such as Issues resolved; empty while it is open.",
    "appointment_date": (
        "The day of the case's next appointment (today or later), as dd/mm/yyyy; empty "
        "when none is in the diary."
    ),
    "appointment_day": "The weekday of the next appointment, such as Monday; empty when none.",
    "appointment_time": "The time the next appointment starts, such as 14:30; empty when none.",
    "appointment_end_time": "The time the next appointment ends, such as 15:30; empty when none.",
    "appointment_place": "Where the next appointment is; empty when none or no place is given.",
    "appointment_kind": "The kind of the next appointment, such as Visit; empty when none.",
    "party_name": (
        "The name of the party the letter is addressed to (a social worker, say); empty "
        "when the letter is for the person."
    ),
    "party_role": "The party's role, such as Social worker; empty when it is for the person.",
    "party_organisation": "The party's organisation; empty when none is recorded or no party.",
    "provider_address": (
        "The provider's postal address, as Settings gives it: its lines, town and postcode, "
        "one to a line; empty when none is given."
    ),
    "provider_address_line_one": "The first line of the provider's address.",
    "provider_address_line_two": "The second line of the provider's address; often empty.",
    "provider_town": "The provider's town.",
    "provider_postcode": "The provider's postcode.",
    "provider_telephone": "The provider's telephone number, as Settings gives it.",
    "provider_email": "The provider's email address, as Settings gives it.",
    "provider_website": "The provider's website, as Settings gives it.",
}


def known_list() -> str:
    """The names, as an error message lists them."""
    return ", ".join(PLACEHOLDERS)
