"""How the provider's contact details are written: a telephone number, an email
address and a website a person can use to answer a letter.

Each rule takes what was typed and gives back the tidy form, or ``ValueError`` saying
what is wrong and what to type instead. They check the shape only: Advocacy Desk works
offline, so it cannot ask whether an address really receives mail (the email-validator
package would add that, with DNS look-ups, and nothing more that is needed here).
"""

from __future__ import annotations

import re

#: A telephone number: digits, spaces, brackets, dashes and a leading +; 10 to 15
#: digits (01245 123456, 0800 123 4567, +44 1245 123456).
_PHONE = re.compile(r"^\+?[0-9 ()\-]+$")
_FEWEST_DIGITS = 10
_MOST_DIGITS = 15
#: One label of a domain name (letters, digits and hyphens, not at either end).
_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
#: A domain name: two labels or more, the last of letters (advocacy.org.uk).
_DOMAIN = re.compile(rf"^(?:{_LABEL}\.)+[a-z]{{2,63}}$")
#: What may come before the @: the characters people's mailboxes actually use.
_LOCAL = re.compile(r"^[a-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}$")
_WEBSITE = re.compile(r"^(?:https?://)?(?P<host>[^/?#:\s]+)(?::[0-9]{1,5})?(?P<rest>[/?#]\S*)?$")


def clean_telephone(text: str) -> str:
    """``" 01245  123456 "`` -> ``"01245 123456"``; ValueError when it is not a number."""
    value = " ".join(text.split())
    digits = sum(ch.isdigit() for ch in value)
    if not _PHONE.match(value) or not _FEWEST_DIGITS <= digits <= _MOST_DIGITS:
        raise ValueError(
            f'"{text.strip()}" is not a telephone number: type the digits, with spaces if '
            "you like (for example 01245 123456 or +44 1245 123456)"
        )
    return value


def clean_email(text: str) -> str:
    """An email address as typed, without spaces around it; ValueError when it cannot be
    one (no @, spaces inside, no domain such as advocacy.org.uk)."""
    value = text.strip()
    local, at, domain = value.rpartition("@")
    if (
        not at
        or not _LOCAL.match(local.lower())
        or local.startswith(".")
        or local.endswith(".")
        or ".." in local
        or not _DOMAIN.match(domain.lower())
    ):
        raise ValueError(
            f'"{value}" is not an email address: type it whole, for example hello@advocacy.org.uk'
        )
    return value


def clean_website(text: str) -> str:
    """A website address as typed (``www.advocacy.org.uk`` or with ``https://``);
    ValueError when it has no domain or holds spaces."""
    value = text.strip()
    found = _WEBSITE.match(value)
    if found is None or not _DOMAIN.match(found["host"].lower()):
        raise ValueError(
            f'"{value}" is not a website address: type it as people would, for example '
            "www.advocacy.org.uk"
        )
    return value
