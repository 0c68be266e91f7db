"""Text written to CSV files that people open in a spreadsheet: one rule, used by every
export (the return, import reports, the audit trail)."""

from __future__ import annotations

#: What makes Excel, LibreOffice and Google Sheets read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """``text`` shown as text, never run as a formula: an apostrophe before a formula's
    first character (the cell then reads as written)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
