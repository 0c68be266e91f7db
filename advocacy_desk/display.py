"""How this computer's user wants the app to look: kept in their own data folder.

Only one choice today, the app's own high-contrast look. It is a personal display
choice, not a provider's setting, so it is not in the database's settings
(:data:`advocacy_desk.services.settings.SETTINGS`): it must apply before anyone signs in
(the sign-in window itself must be readable), it needs no permission (anyone at the
screen may make the app readable for themselves), and one person's choice must not
change the look for everyone else who uses the same database. It follows the computer's
user account, as the system's own contrast themes do.
"""

from __future__ import annotations

import json
import os

from advocacy_desk import paths

FILE_NAME = "display.json"
HIGH_CONTRAST = "high_contrast"


def _file() -> os.PathLike[str]:
    return paths.data_dir() / FILE_NAME


def _read() -> dict[str, object]:
    try:
        with open(_file(), encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return {}  # never chosen, or spoilt by hand: the normal look
    return data if isinstance(data, dict) else {}


def high_contrast() -> bool:
    """Whether this computer's user chose the app's own high-contrast look."""
    return _read().get(HIGH_CONTRAST) is True


def choose_high_contrast(on: bool) -> None:
    """Keep the high-contrast choice for the next start (written whole, then moved into
    place, so a crash never leaves half a file)."""
    data = _read()
    data[HIGH_CONTRAST] = on
    target = paths.data_dir() / FILE_NAME
    partial = target.with_name(target.name + ".part")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(data, handle)
    partial.replace(target)
