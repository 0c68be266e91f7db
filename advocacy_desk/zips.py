"""Refusing a zip that would unpack to far more than it claims to be (a "zip bomb").

A workbook (.xlsx) and a Word document (.docx) are zips of XML parts. Their directory
says how large each part is once unpacked, and Python's zipfile never unpacks a part
past the size its directory declares, so reading the directory alone (nothing is
inflated) bounds what opening the file can cost.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

#: A part larger than this is judged by how far it shrank when packed.
RATIO_FROM = 1024 * 1024
#: Ordinary sheets and documents pack 5 to 100 times; a part packed 1,000 times is made
#: of nothing (zeros, or one character repeated).
MAX_RATIO = 500
#: The most parts a workbook or document holds (one per sheet, style, picture...).
MAX_PARTS = 10_000


def unpacked_problem(
    path: Path, most_unpacked: int, what: str, max_ratio: int = MAX_RATIO
) -> str | None:
    """Why ``path`` (a ``what``: "workbook", "document") must not be opened, or None: it
    is not a zip, holds too many parts, would unpack past ``most_unpacked`` bytes, or
    has a part packed more than ``max_ratio`` times."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        return f"is not a {what} (a zip of parts) that can be read ({str(exc) or 'damaged'})"
    if len(parts) > MAX_PARTS:
        return f"holds {len(parts):,} parts, more than a {what} ever does (at most {MAX_PARTS:,})"
    unpacked = sum(part.file_size for part in parts)
    if unpacked > most_unpacked:
        return (
            f"would unpack to {unpacked / 1024 / 1024:,.0f} MB, more than a {what} ever "
            f"needs (at most {most_unpacked // 1024 // 1024} MB)"
        )
    for part in parts:
        packed = max(part.compress_size, 1)
        if part.file_size > RATIO_FROM and part.file_size > max_ratio * packed:
            return (
                f"has a part ({part.filename}) that unpacks to "
                f"{part.file_size // packed:,} times its packed size, which no real {what} does"
            )
    return None
