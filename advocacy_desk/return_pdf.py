"""The monitoring return as PDF (ReportLab)."""

from __future__ import annotations

from pathlib import Path

from advocacy_desk.domain.errors import AdvocacyDeskError
from advocacy_desk.services.returns import Narrative, ReturnReport


def write_pdf(
    report: ReturnReport, narrative: Narrative, out: Path, suppressed: bool = True
) -> None:
    raise AdvocacyDeskError("PDF export of the return is not available yet; use --format csv")
