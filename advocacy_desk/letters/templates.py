"""Checking a letter template and filling it (docxtpl).

A template is checked when it is listed and again when it is used: it must open as a
Word document, its placeholders must parse, and every name it uses must be one of
:data:`~advocacy_desk.letters.placeholders.PLACEHOLDERS`. Templates come from the
provider's own folder, so they are rendered in Jinja's sandbox, with every value
escaped for the document's XML.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from io import BytesIO
from pathlib import Path

from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from jinja2 import TemplateError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from advocacy_desk.domain.errors import AdvocacyDeskError
from advocacy_desk.letters.placeholders import PLACEHOLDERS, known_list

#: What a broken Word file raises as python-docx opens it (lxml's XMLSyntaxError is a
#: SyntaxError).
_UNREADABLE = (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, SyntaxError)


class TemplateProblem(AdvocacyDeskError):
    """A template that cannot be used; the message says what to fix."""


def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True)


def placeholders_used(path: Path) -> set[str]:
    """The placeholder names ``path`` uses (TemplateProblem if it cannot be read)."""
    try:
        return set(DocxTemplate(path).get_undeclared_template_variables(_environment()))
    except TemplateSyntaxError as exc:
        raise TemplateProblem(
            f"Template '{path.name}' has a mistake in its placeholders ({exc.message}): "
            "check that each {{ has its }}, each {% has its %}, and each {% if %} its "
            "{% endif %}"
        ) from None
    except _UNREADABLE:
        raise TemplateProblem(
            f"Template '{path.name}' cannot be opened as a Word document: save it from "
            "Word as a .docx file"
        ) from None
    except OSError as exc:
        raise TemplateProblem(f"Template '{path.name}' cannot be read: {exc.strerror}") from None


def check(path: Path) -> None:
    """Refuse a template Advocacy Desk cannot fill (TemplateProblem, saying why)."""
    unknown = sorted(placeholders_used(path) - PLACEHOLDERS.keys())
    if unknown:
        names = " and ".join(", ".join(f"{{{{ {n} }}}}" for n in unknown).rsplit(", ", 1))
        raise TemplateProblem(
            f"Template '{path.name}' uses {names}, which Advocacy Desk does not know. "
            f"The placeholders a template may use: {known_list()}"
        )


def fill(path: Path, values: Mapping[str, str]) -> bytes:
    """The template at ``path`` with its placeholders filled from ``values``, as the
    bytes of a .docx file. The template is checked first."""
    check(path)
    template = DocxTemplate(path)
    try:
        template.render(dict(values), jinja_env=_environment(), autoescape=True)
    except TemplateError as exc:
        raise TemplateProblem(f"Template '{path.name}' could not be filled: {exc}") from None
    out = BytesIO()
    template.save(out)
    return out.getvalue()
