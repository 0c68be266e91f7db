"""Text printed to a terminal: what came from a person (a name, a cell of a
spreadsheet, a reference) never drives the terminal.

An escape sequence in a name could clear the screen, retitle the window, hide text or,
on some terminals, paste commands; a carriage return could print over a line. Every
name and piece of user-given text the command line prints goes through
``terminal_text``.
"""

from __future__ import annotations

import re
import unicodedata

#: C0 and C1 controls and DEL.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
#: Joiners that shape some scripts' names (Persian, Hindi): kept.
_JOINERS = frozenset("\u200c\u200d")


def terminal_text(text: str, keep_newlines: bool = False) -> str:
    """``text`` with every control character removed (tabs become a space; line breaks
    are kept only when ``keep_newlines``), so printing it cannot move the cursor, change
    colours or hide what follows. Unicode's format characters that reorder or hide text
    (bidirectional overrides, zero-width spaces) go too; the joiners some scripts need
    stay."""
    text = text.replace("\t", " ")
    if keep_newlines:
        lines = text.replace("\r\n", "\n").split("\n")
        return "\n".join(_strip(line) for line in lines)
    return _strip(text)


def _strip(text: str) -> str:
    cleaned = _CONTROLS.sub("", text)
    if cleaned.isprintable():
        return cleaned
    return "".join(
        c for c in cleaned
        if c in _JOINERS or unicodedata.category(c) not in ("Cc", "Cf", "Zl", "Zp", "Cs")
    )  # fmt: skip
