"""Where Advocacy Desk keeps its files on this computer (platformdirs), and which
database it opens.

A computer opens, in order: the ``--db`` it was started with; else the server chosen in
Settings > Database (or on the welcome screen), remembered for this computer's user in a
small file in the app's data folder; else its own file, ``advocacy-desk.sqlite``.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "AdvocacyDesk"
APP_AUTHOR = "AdvocacyDesk"
REPO_ROOT = Path(__file__).resolve().parent.parent
RESOURCES = REPO_ROOT / "resources"


def data_dir() -> Path:
    return user_data_path(APP_NAME, APP_AUTHOR, ensure_exists=True)


def default_database() -> Path:
    """The embedded database used when no ``--db`` is given."""
    return data_dir() / "advocacy-desk.sqlite"


def demo_database() -> Path:
    """The separate file that "Explore with demo data" fills, so demo and real data never mix."""
    return data_dir() / "advocacy-desk-demo.sqlite"


def _location_file() -> Path:
    return data_dir() / "database-location.txt"


def remembered_location() -> str | None:
    """The server this computer opens when started without ``--db``, if one was chosen."""
    try:
        text = _location_file().read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return text or None


def remember_location(location: str | None) -> None:
    """Open ``location`` (a server's URL) from the next start; ``None``: this computer's
    own file again. Kept in the user's own data folder, readable only by them."""
    target = _location_file()
    if location is None:
        target.unlink(missing_ok=True)
        return
    partial = target.with_name(target.name + ".part")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(location.strip() + "\n")
    partial.replace(target)


def start_location(given: str | None) -> str:
    """The database to open: ``--db`` when given, else the remembered server, else the
    computer's own file."""
    return given or remembered_location() or str(default_database())
