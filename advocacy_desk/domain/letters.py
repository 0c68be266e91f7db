"""What a letter template is called: the titles of the templates Advocacy Desk ships,
and a provider's own template named in words from its file name."""

from __future__ import annotations

#: Each shipped template's title, by name (its file name without ".docx"), in the order
#: they are listed.
SHIPPED_TITLES: dict[str, str] = {
    "referral-acknowledgement": "Referral acknowledgement",
    "introduction": "Introduction of the advocate",
    "appointment-confirmation": "Appointment confirmation",
    "case-closure": "Case closure",
    "introduction-easy-read": "Introduction of the advocate (easy read)",
    "case-closure-easy-read": "Case closure (easy read)",
}


def template_title(name: str) -> str:
    """A shipped template's title; for a provider's, its name in words ("Welcome pack")."""
    words = " ".join(name.replace("-", " ").replace("_", " ").split()) or name
    return SHIPPED_TITLES.get(name) or words[:1].upper() + words[1:]
