"""Letters from Word templates: the placeholders a template may use
(:mod:`.placeholders`), checking and filling a template (:mod:`.templates`, docxtpl),
the templates Advocacy Desk ships (:mod:`.make_templates`) and a filled letter as a
PDF (:mod:`.pdf`). :class:`advocacy_desk.services.letters.LetterService` puts them
together for a case."""

from advocacy_desk.letters.placeholders import PLACEHOLDERS
from advocacy_desk.letters.templates import TemplateProblem, check, fill

__all__ = ["PLACEHOLDERS", "TemplateProblem", "check", "fill"]
