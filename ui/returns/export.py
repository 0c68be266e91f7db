"""Naming a return's export file. The writing itself is the returns service's
``export``, the one path the command line takes too: written whole or not at all, then
audited (and the saved return marked exported), so both leave the same trail."""

from __future__ import annotations

import re
from pathlib import Path

from advocacy_desk.records.returns import ReturnReport
from ui.returns.labels import file_stem

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
