"""A PDF's text as a reader would copy it, through pypdf (no poppler needed).

``layout=True`` keeps a table's row on one line, its cells apart by runs of spaces, as
they stand on the page; ``layout=False`` is the plain reading order.
"""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader


def pdf_pages(pdf: Path, layout: bool = True) -> list[str]:
    """The text of each page, in order."""
    pages = PdfReader(pdf).pages
    if layout:
        return [page.extract_text(extraction_mode="layout") for page in pages]
    return [page.extract_text(extraction_mode="plain") for page in pages]


def pdf_text(pdf: Path, layout: bool = True) -> str:
    """The text of every page, a page per paragraph."""
    return "\n\n".join(pdf_pages(pdf, layout))
