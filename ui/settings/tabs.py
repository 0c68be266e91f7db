"""Which tabs of Settings each role sees, in one place: the Settings page builds its tabs
from it, and every message that sends someone to a tab asks it first, so that nobody is
pointed at a tab their role does not show them.

Light on purpose (no services, no SQLAlchemy): the main window reads it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from advocacy_desk.services.access import Access

#: The tabs, by key, in the order they appear.
TABS: tuple[tuple[str, str], ...] = (
    ("database", "Database"),
    ("organisation", "Organisation"),
    ("accounts", "Accounts"),
    ("backups", "Backups"),
    ("matrix", "Prioritisation matrix"),
    ("advocates", "Advocates"),
    ("contracts", "Contracts"),
    ("letters", "Letters"),
    ("about", "About and licences"),
)
TITLES = dict(TABS)

#: The permissions (``services.access.Permission`` values) any one of which shows a tab;
#: a tab not named here is shown to everyone signed in.
NEEDS: dict[str, tuple[str, ...]] = {
    "accounts": ("accounts",),
    "backups": ("backups",),
    "matrix": ("waiting_manage",),
    "advocates": ("accounts", "waiting_manage"),
    "contracts": ("contracts_manage",),
    "letters": ("settings",),
}


def shows(access: Access, key: str) -> bool:
    """Whether the signed-in user's Settings has the tab ``key``."""
    from advocacy_desk.services.access import Permission

    needs = NEEDS.get(key, ())
    return not needs or access.can(*(Permission(code) for code in needs))
