"""``advocacy-desk accounts ...``: account administration without a window (a server is
often run with none), through the same :class:`AccountService` methods as Settings >
Accounts, so the same rules hold (the password policy, the last administrator kept)
and every change is audited.

Administrator only: ``--user NAME`` before the command, as for every command. A new
password comes from ``ADVOCACY_DESK_NEW_PASSWORD``, else ``ADVOCACY_DESK_PASSWORD``,
else is typed twice at the prompt (see docs/accounts.md for why there are two variables).

The sub-commands hang off one sub-parser (:func:`add_parser`), each a small handler,
so later ones (an account's organisation, say) are one more ``_action`` call.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any

from advocacy_desk.cli.session import PASSWORD_VARIABLE, PROG, read_password, signed_in
from advocacy_desk.domain.errors import AdvocacyDeskError, ValidationError
from advocacy_desk.domain.vocabulary import ROLE

if TYPE_CHECKING:
    from advocacy_desk.app import Services
    from advocacy_desk.records.accounts import Account

#: Where ``accounts add`` and ``accounts password`` read the new password from first,
#: so that ``ADVOCACY_DESK_PASSWORD`` can stay the administrator's own.
NEW_PASSWORD_VARIABLE = "ADVOCACY_DESK_NEW_PASSWORD"

#: The keys of each object ``accounts list --format json`` prints, in order (a contract
#: for scripts: keys are only ever added).
JSON_KEYS = (
    "username", "full_name", "role", "role_label", "active", "locked", "locked_until",
    "failed_sign_ins", "has_password", "last_sign_in_at",
)  # fmt: skip


def add_parser(commands: Any) -> None:
    """The ``accounts`` command and its actions, on the CLI's sub-parsers."""
    accounts = commands.add_parser(
        "accounts",
        help="list and manage accounts without the window (administrators only)",
        description="List accounts, add one, set a password or a role, switch one off or "
        "on, or unlock one, under the same rules as Settings > Accounts (the password "
        "policy; the last administrator is kept). Every change is written to the audit "
        "trail. Needs an administrator: --user NAME before the command. A new password "
        f"comes from {NEW_PASSWORD_VARIABLE}, else ADVOCACY_DESK_PASSWORD, else it is "
        "typed twice at the prompt.",
    )
    actions = accounts.add_subparsers(dest="accounts_action", metavar="ACTION", required=True)
    roles = ", ".join(ROLE.codes)

    listing = _action(actions, "list", _list, "list the accounts (a table, or JSON)")
    listing.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="table for reading, json for other programs (default table)",
    )

    adding = _action(actions, "add", _add, "add an account with a role and a password")
    adding.add_argument("username", metavar="USERNAME", help="one word, like jsmith")
    adding.add_argument("--role", required=True, metavar="ROLE", help=f"one of {roles}")
    adding.add_argument(
        "--full-name",
        metavar="NAME",
        help="the person's name as colleagues know it (default: USERNAME)",
    )

    password = _action(actions, "password", _password, "set an account's password")
    password.add_argument("username", metavar="USERNAME")

    role = _action(actions, "set-role", _set_role, "change an account's role")
    role.add_argument("username", metavar="USERNAME")
    role.add_argument("role", metavar="ROLE", help=f"one of {roles}")

    for name, handler, what in (
        ("disable", _disable, "switch an account off (it can no longer sign in)"),
        ("enable", _enable, "switch an account on again"),
        ("unlock", _unlock, "unlock an account locked after wrong passwords"),
    ):
        _action(actions, name, handler, what).add_argument("username", metavar="USERNAME")


def _action(
    actions: Any, name: str, handler: Callable[[argparse.Namespace], int], what: str
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = actions.add_parser(name, help=what, description=what)
    parser.set_defaults(handler=handler)
    return parser


# -- the actions ----------------------------------------------------------------------


def _list(args: argparse.Namespace) -> int:
    from advocacy_desk.db.models import utcnow

    with _administering(args, "see the accounts") as services:
        accounts = services.accounts.accounts()
    now = utcnow()
    if args.format == "json":
        json.dump([_as_json(a, now) for a in accounts], sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    rows = [("USER NAME", "FULL NAME", "ROLE", "ACTIVE", "LOCKED", "LAST SIGN-IN")]
    for a in accounts:
        locked = f"until {_local(a.locked_until)}" if a.locked(now) else ""
        rows.append((_shown(a.username), _shown(a.full_name), a.role,
                     "yes" if a.active else "no", locked,
                     _local(a.last_sign_in_at) if a.last_sign_in_at else ""))  # fmt: skip
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        print("  ".join(cells).rstrip())
    return 0


def _add(args: argparse.Namespace) -> int:
    role = _role(args.role)
    with _administering(args, "add accounts") as services:
        username = args.username.strip().lower()
        if any(a.username == username and a.has_password for a in services.accounts.accounts()):
            raise AdvocacyDeskError(f"User name: {username} is already taken; choose another.")
        password = _new_password(services, args)
        account = _checked(lambda: services.accounts.add(
            username, args.full_name or username, role, password
        ))  # fmt: skip
    print(f"account {account.username} added ({account.role_label})")
    return 0


def _password(args: argparse.Namespace) -> int:
    with _administering(args, "set other people's passwords") as services:
        _existing(services, args.username)
        password = _new_password(services, args)
        account = _checked(lambda: services.accounts.set_password(args.username, password))
    print(f"password set for {account.username}")
    return 0


def _set_role(args: argparse.Namespace) -> int:
    role = _role(args.role)
    return _change(args, "change roles",
                   lambda services: services.accounts.set_role(args.username, role),
                   lambda account: f"{account.username} is now {account.role_label}")  # fmt: skip


def _disable(args: argparse.Namespace) -> int:
    return _switch(args, active=False)


def _enable(args: argparse.Namespace) -> int:
    return _switch(args, active=True)


def _switch(args: argparse.Namespace, active: bool) -> int:
    state = "on" if active else "off"
    return _change(args, "switch accounts on or off",
                   lambda services: services.accounts.set_active(args.username, active),
                   lambda account: f"{account.username} switched {state}")  # fmt: skip


def _unlock(args: argparse.Namespace) -> int:
    return _change(args, "unlock accounts",
                   lambda services: services.accounts.unlock_account(args.username),
                   lambda account: f"{account.username} unlocked")  # fmt: skip


def _change(
    args: argparse.Namespace,
    what: str,
    change: Callable[[Services], Account],
    said: Callable[[Account], str],
) -> int:
    """One change to the account ``args.username``, by an administrator: refused in one
    line (nothing changed) for a missing account or a broken rule, else ``said``."""
    with _administering(args, what) as services:
        _existing(services, args.username)
        account = _checked(lambda: change(services))
    print(said(account))
    return 0


# -- helpers --------------------------------------------------------------------------


@contextmanager
def _administering(args: argparse.Namespace, what: str) -> Iterator[Services]:
    """The services signed in as ``--user``, who must be an administrator (a refusal is
    audited, as the service's own would be); refused on a database with no accounts
    yet, whose first account ``init --admin`` makes."""
    from advocacy_desk.services.access import NotPermitted, Permission

    with signed_in(args) as services:
        if not services.accounts.has_accounts():
            raise AdvocacyDeskError(
                "this database has no accounts yet: create the first administrator with "
                "`init --admin USERNAME`"
            )
        try:
            services.access.require(Permission.ACCOUNTS, what=what)
        except NotPermitted as refused:
            services.access.record_refusal(refused)
            raise
        yield services


def _role(code: str) -> str:
    if code not in ROLE:
        raise AdvocacyDeskError(
            f"there is no role {_shown(code)!r}: choose one of {', '.join(ROLE.codes)}"
        )
    return code


def _existing(services: Services, username: str) -> None:
    """Refuse an unknown account before asking for a new password."""
    wanted = username.strip().lower()
    if not any(a.username == wanted for a in services.accounts.accounts()):
        raise AdvocacyDeskError(
            "there is no account with that user name: `accounts list` shows them"
        )


def _new_password(services: Services, args: argparse.Namespace) -> str:
    """The new password: ``ADVOCACY_DESK_NEW_PASSWORD``, else ``ADVOCACY_DESK_PASSWORD``
    (as ``init --admin`` reads it), else typed twice. When the administrator signed in
    with ``ADVOCACY_DESK_PASSWORD`` too, the two are the same password: allowed, for
    scripts, but said, since the other person now knows the administrator's password."""
    given = os.environ.get(NEW_PASSWORD_VARIABLE)
    if given:
        return given
    password = read_password("New password: ", confirm=True)
    identity = services.access.identity
    own = identity is not None and identity.username == args.username.strip().lower()
    if os.environ.get(PASSWORD_VARIABLE) and args.sign_in_as and not own:
        print(
            f"{PROG}: warning: the new password is the one you signed in with (both from "
            f"{PASSWORD_VARIABLE}): give it in {NEW_PASSWORD_VARIABLE} instead, or "
            "have the account's owner change it at once (File > Change my password)",
            file=sys.stderr,
        )
    return password


def _checked(change: Callable[[], Account]) -> Account:
    """The service's answer; its field messages as one line."""
    try:
        return change()
    except ValidationError as exc:
        raise AdvocacyDeskError("; ".join(exc.errors.values())) from None


def _as_json(account: Account, now: datetime) -> dict[str, Any]:
    return {
        "username": account.username,
        "full_name": account.full_name,
        "role": account.role,
        "role_label": account.role_label,
        "active": account.active,
        "locked": account.locked(now),
        "locked_until": _iso(account.locked_until) if account.locked(now) else None,
        "failed_sign_ins": account.failed_sign_ins,
        "has_password": account.has_password,
        "last_sign_in_at": _iso(account.last_sign_in_at),
    }


def _iso(moment: datetime | None) -> str | None:
    from advocacy_desk.domain.dates import stored_utc

    return None if moment is None else stored_utc(moment).isoformat(timespec="seconds")


def _local(moment: datetime | None) -> str:
    from advocacy_desk.domain.dates import stored_utc

    return "" if moment is None else f"{stored_utc(moment).astimezone():%Y-%m-%d %H:%M}"


def _shown(text: str) -> str:
    """Text for a terminal: control characters (escape sequences, say) removed."""
    return "".join(c for c in text if unicodedata.category(c) != "Cc")
