"""The one rule for control characters in text that comes in (forms, imports, settings),
and a list put into words for people to read.

A control character (C0: U+0000 to U+001F, and DEL, U+007F) is never part of a name,
a note or a folder: it comes from a corrupt file or a paste from a terminal, and once
stored it can break a CSV, a PDF or a terminal that prints it. Tab and line breaks
are ordinary in notes, so they are let through where a field may hold lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from advocacy_desk.domain.errors import ValidationError

#: C0 controls and DEL, except tab, line feed and carriage return.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: ... and, in a field of one line, tab and line breaks too.
_CONTROL_OR_BREAK = re.compile("[\x00-\x1f\x7f]")


def control_character_problem(text: str, allow_lines: bool = True) -> str | None:
    """What is wrong with ``text`` ("holds a control character (U+0007) at character
    12: retype it without it"), or None when it has none. Tab, line feed and carriage
    return are allowed when ``allow_lines``."""
    found = (_CONTROL if allow_lines else _CONTROL_OR_BREAK).search(text)
    if found is None:
        return None
    return (
        f"holds a control character (U+{ord(found.group()):04X}) at character "
        f"{found.start() + 1}: retype it without it"
    )


def refuse_control_characters(values: Mapping[str, object], labels: Mapping[str, str]) -> None:
    """ValidationError naming every text field of ``values`` that holds a control
    character (``labels`` gives each field's name as a form shows it). Every domain
    ``clean_*`` rule calls this first, so a form, an import and the command line refuse
    the same text."""
    errors = control_character_errors(values, labels)
    if errors:
        raise ValidationError(errors)


def control_character_errors(
    values: Mapping[str, object], labels: Mapping[str, str]
) -> dict[str, str]:
    """The message for each text field of ``values`` that holds a control character."""
    errors: dict[str, str] = {}
    for field, value in values.items():
        if isinstance(value, str):
            problem = control_character_problem(value)
            if problem:
                label = labels.get(field) or field.replace("_", " ").capitalize()
                errors[field] = f"{label} {problem}."
    return errors


def spoken_list(items: Iterable[str], empty: str = "none") -> str:
    """ "walking, music and cooking": a list as a sentence says it, never as stored
    ("walking;music;cooking"); ``empty`` when there is nothing to list."""
    words = [item for item in items if item]
    if not words:
        return empty
    if len(words) == 1:
        return words[0]
    return f"{', '.join(words[:-1])} and {words[-1]}"
