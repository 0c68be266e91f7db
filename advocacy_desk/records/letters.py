"""Letters as the services return them: templates, letters made, whom one can be for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from advocacy_desk.domain.letters import template_title


@dataclass(frozen=True)
class TemplateInfo:
    #: What the command line calls it: the file name without ".docx".
    name: str
    title: str
    path: Path
    #: One Advocacy Desk ships (not the provider's own).
    shipped: bool
    #: Why it cannot be used, or None when it can.
    problem: str | None


@dataclass(frozen=True)
class LetterRecord:
    id: int
    case_id: int
    case_ref: str
    template: str
    file_name: str
    created_by: str
    created_at: datetime
    party_id: int | None
    #: Who it is addressed to when a party ("Sam Jones, Social worker (Essex CC)"),
    #: else "".
    party: str
    no_consent_reason: str

    @property
    def template_title(self) -> str:
        """The template's title as the lists show it ("Introduction of the advocate")."""
        return template_title(self.template)


@dataclass(frozen=True)
class Recipient:
    """Whom a letter on a case can be for: the person (``party_id`` None) or a party."""

    party_id: int | None
    label: str
    #: Whether information may be shared with them today (always, for the person).
    may_share: bool


@dataclass(frozen=True)
class MissingAddress:
    """A letter on the case could not be posted as it stands: the person has no address
    (or one with no postcode). Said before the letter is made, so the address can be
    added first."""

    person_id: int
    person_ref: str
    person_name: str
    #: "Jo Bloggs has no address recorded: the letter will have no address block."
    message: str
