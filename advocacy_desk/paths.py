"""Where Advocacy Desk keeps its files on this computer (platformdirs)."""

from __future__ import annotations

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
