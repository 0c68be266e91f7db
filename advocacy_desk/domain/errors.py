"""Errors that carry a message a person can act on."""

from __future__ import annotations

from collections.abc import Mapping


class AdvocacyDeskError(Exception):
    """An expected problem: shown to the user as one clear message, never a traceback."""


class ValidationError(AdvocacyDeskError):
    """Input that breaks a rule; ``errors`` maps each field name to what is wrong with it."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors: dict[str, str] = dict(errors)
        super().__init__("; ".join(self.errors.values()))


class NotFound(AdvocacyDeskError):
    """A record asked for by reference or id that does not exist."""


class EditConflict(AdvocacyDeskError):
    """Someone else saved the record after it was opened here; nothing was saved."""
