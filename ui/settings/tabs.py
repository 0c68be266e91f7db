"""Which tabs of Settings each role sees, in one place: the Settings page builds its tabs
from it, and every message that sends someone to a tab asks it first, so that nobody is
pointed at a tab their role does not show them.

Light on purpose (no services, no SQLAlchemy: permissions are domain values): the main
window reads it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from advocacy_desk.domain.permissions import Permission

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

#: The permissions any one of which shows a tab; a tab not named here is shown to
#: everyone signed in.
NEEDS: dict[str, tuple[Permission, ...]] = {
    "accounts": (Permission.ACCOUNTS,),
    "backups": (Permission.BACKUPS,),
    "matrix": (Permission.WAITING_MANAGE,),
    "advocates": (Permission.ACCOUNTS, Permission.WAITING_MANAGE),
    "contracts": (Permission.CONTRACTS_MANAGE,),
    "letters": (Permission.SETTINGS,),
}


def shows(access: Access, key: str) -> bool:
    """Whether the signed-in user's Settings has the tab ``key``."""
    needs = NEEDS.get(key, ())
    return not needs or access.can(*needs)
