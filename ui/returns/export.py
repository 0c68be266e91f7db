"""Writing a return to a file: whole or not at all.

The file is written beside its destination under a temporary name and renamed into
place only once complete, so a failed export never leaves half a return where the
commissioner's copy should be (nor replaces a good earlier one).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from advocacy_desk.domain.errors import AdvocacyDeskError
from advocacy_desk.exports import return_csv
from advocacy_desk.files import atomic_output
from advocacy_desk.records.returns import Narrative, ReturnReport
from advocacy_desk.services.witness import Head
from ui.returns.labels import file_stem
from ui.tasks import Progress

PdfWriter = Callable[[ReturnReport, Narrative, Path, bool, Head | None], None]

FORMATS: dict[str, tuple[str, str]] = {
    "csv": ("CSV", "CSV files (*.csv)"),
    "pdf": ("PDF", "PDF files (*.pdf)"),
}


def suggested_name(report: ReturnReport, fmt: str, suppressed: bool) -> str:
    """``return-2026-27-Q2.csv``; one contract's name follows, and exact figures say so."""
    parts = [file_stem(report.quarter)]
    if report.contract is not None:
        slug = re.sub(r"[^a-z0-9]+", "-", report.contract.name.casefold()).strip("-")
        if slug:
            parts.append(slug)
    if not suppressed:
        parts.append("exact-internal")
    return "-".join(parts) + f".{fmt}"


def with_extension(path: Path, fmt: str) -> Path:
    """``path`` ending in ``.fmt`` (added if the name chosen has none)."""
    return path if path.suffix.casefold() == f".{fmt}" else path.with_name(f"{path.name}.{fmt}")


def _pdf_writer() -> PdfWriter:
    """``advocacy_desk.exports.return_pdf.write_pdf``, looked up when needed: the PDF library
    loads only for a PDF, and a missing one is a message rather than a crash."""
    try:
        from advocacy_desk.exports import return_pdf
    except ImportError as exc:
        raise AdvocacyDeskError(f"PDF export is not available: {exc}") from None
    return return_pdf.write_pdf


def write_return(
    report: ReturnReport,
    narrative: Narrative,
    path: Path,
    fmt: str,
    suppressed: bool,
    progress: Progress,
    head: Head | None = None,
) -> Path:
    """Write the return to ``path`` as ``fmt`` (runs on a pool thread); ``path`` once done.
    A PDF prints ``head``, the audit trail's head recorded with the saved return.

    Raises ``AdvocacyDeskError`` with a message for the page, whatever went wrong.
    """
    if fmt not in FORMATS:
        raise AdvocacyDeskError(f"cannot export as {fmt!r}: choose CSV or PDF")
    progress(f"Writing {path.name}…", 0.1)
    with atomic_output(path) as partial:  # whole or not at all, readable by the user only
        if fmt == "csv":
            with partial.open("w", encoding="utf-8", newline="") as file:
                return_csv.write_csv(report, file, suppressed)
        else:
            _pdf_writer()(report, narrative, partial, suppressed, head)
        progress(f"Saving {path.name}…", 0.9)
    progress(f"Wrote {path.name}", 1.0)
    return path
