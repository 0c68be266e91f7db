"""What every command shares: the database chosen, signing in, the password, and
progress on the terminal."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from advocacy_desk import paths
from advocacy_desk.domain.errors import AdvocacyDeskError

if TYPE_CHECKING:
    from advocacy_desk.app import Services

PROG = "advocacy-desk"
#: Where the command line reads a password from when it is not asked for at a prompt.
PASSWORD_VARIABLE = "ADVOCACY_DESK_PASSWORD"


def database_location(args: argparse.Namespace, default: Path) -> str:
    """``--db``; else, for the usual database, the server chosen for this computer in
    Settings (if any) or its own file; else ``default`` (the demo file, say)."""
    if args.db:
        return str(args.db)
    if default == paths.default_database():
        return paths.start_location(None)
    return str(default)


@contextmanager
def signed_in(args: argparse.Namespace, default: Path | None = None) -> Iterator[Services]:
    """The services on ``--db``, signed in as ``--user`` when the database has accounts;
    closed after."""
    from advocacy_desk.app import open_services
    from advocacy_desk.os_user import current_user

    services = open_services(database_location(args, default or paths.default_database()),
                             user=current_user())  # fmt: skip
    try:
        if services.access.identity is None:
            sign_in(services, args.sign_in_as)
        yield services
    finally:
        services.close()


def sign_in(services: Services, username: str | None) -> None:
    if not username and services.settings.is_demo:
        from advocacy_desk.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

        services.accounts.sign_in(DEMO_ACCOUNTS[0][0], DEMO_PASSWORD)
        return
    if not username:
        raise AdvocacyDeskError(
            "this database has accounts: sign in with --user NAME before the command "
            f"(the password from {PASSWORD_VARIABLE} or the prompt)"
        )
    # The prompt does not repeat the typed name: it may be a password typed too soon.
    services.accounts.sign_in(username, read_password("Password: "))


def read_password(prompt: str, confirm: bool = False) -> str:
    """The password from the environment, else typed at a prompt (never echoed)."""
    given = os.environ.get(PASSWORD_VARIABLE)
    if given:
        return given
    if not sys.stdin.isatty():
        raise AdvocacyDeskError(
            f"no password: set {PASSWORD_VARIABLE}, or run the command in a terminal to be "
            "asked for it"
        )
    import getpass

    typed = getpass.getpass(prompt)
    if confirm and getpass.getpass("The same password again: ") != typed:
        raise AdvocacyDeskError("the two passwords differ: nothing was changed")
    return typed


def print_progress(message: str, fraction: float) -> None:
    if sys.stderr.isatty():
        print(f"\r{message} ({fraction:.0%})" + " " * 10, end="", file=sys.stderr, flush=True)
        if fraction >= 1:
            print(file=sys.stderr)
