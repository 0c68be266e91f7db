"""A PDF's text as a reader would copy it, through pypdf (no poppler needed).

``layout=True`` keeps a table's row on one line, its cells apart by runs of spaces, as
they stand on the page; ``layout=False`` is the plain reading order.
"""

from __future__ import annotations

from datetime import datetime
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


def pdf_created(pdf: Path) -> datetime:
    """The PDF's /CreationDate, as an aware time (what a reader's Properties shows)."""
    metadata = PdfReader(pdf).metadata
    assert metadata is not None, pdf
    created = metadata.creation_date
    assert created is not None, pdf
    return created


def made_just_now(pdf: Path, before: datetime, after: datetime) -> bool:
    """The PDF says it was made between ``before`` and ``after`` (to the second), not
    on the fixed date ReportLab's invariant mode writes."""
    created = pdf_created(pdf)
    return before.replace(microsecond=0) <= created <= after
