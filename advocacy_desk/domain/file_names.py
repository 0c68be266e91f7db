"""File names built from references: a reference is data, never a path.

References carried over from an old system can hold anything a spreadsheet cell can
(``CA/2023/045``, ``../../x``, ``CON``); a file name made from one must never reach
outside the folder it is written to, fail on a slash, or be a name Windows refuses.
Every file name Advocacy Desk builds from a reference goes through ``safe_stem``.
"""

from __future__ import annotations

import re
import unicodedata

#: The longest stem made (file systems allow 255 bytes; a date and suffix follow).
MAX_STEM = 100
#: What a stem is made of where nothing of the reference is left.
EMPTY_STEM = "file"
#: Names Windows keeps for devices, whatever the extension (checked without case).
WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"COM{n}" for n in range(10)}
    | {f"LPT{n}" for n in range(10)}
    | {"COM¹", "COM²", "COM³", "LPT¹", "LPT²", "LPT³"}
)

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def safe_stem(text: str, limit: int = MAX_STEM) -> str:
    """``text`` made fit to be (part of) a file name on any system: ASCII letters,
    digits, ``-`` and ``_`` kept (accents dropped: é is e), any run of other characters
    (``/``, ``\\``, ``.``, spaces, control characters) one ``-``; never empty, ``.`` or
    ``..``; at most ``limit`` characters; never a Windows device name (``CON`` becomes
    ``CON_``).

    ``CA/2023/045`` becomes ``CA-2023-045``; ``../../x`` becomes ``x``."""
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    )  # é -> e
    stem = _UNSAFE.sub("-", plain).strip("-")[: max(1, limit)].strip("-")
    if not stem:
        return EMPTY_STEM
    if stem.upper() in WINDOWS_RESERVED:
        stem = f"{stem}_"
    return stem


def safe_file_name(name: str) -> str:
    """A whole file name (stem and extension) made safe as ``safe_stem`` makes a stem:
    ``CA/2023/045-introduction.docx`` becomes ``CA-2023-045-introduction.docx``. For
    names kept before references were made safe (a letter's, say)."""
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem.strip("."):
        return safe_stem(name)
    return f"{safe_stem(stem)}.{safe_stem(suffix, 16)}"
