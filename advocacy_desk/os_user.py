"""The operating system's name for whoever runs the app: what the audit trail records
while a database has no accounts yet, and what a backup or a copy names as its maker."""

from __future__ import annotations

import getpass


def current_user() -> str:
    """The operating system's user name (empty when the account has none)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this account
        return ""
