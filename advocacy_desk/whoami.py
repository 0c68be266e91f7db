"""Who is using the app, for the audit trail, until staff sign in (a later issue)."""

from __future__ import annotations

import getpass


def current_user() -> str:
    """The operating system's user name (empty when the account has none)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this account
        return ""
