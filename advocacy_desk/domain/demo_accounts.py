"""The published accounts of every demo database, one for each role.

They live apart from the demo generator so that the window can name them (the welcome
screen, the sign-in dialog) without loading the generator and NumPy.
"""

from __future__ import annotations

from typing import NamedTuple

from advocacy_desk.domain.vocabulary import ROLE


class DemoAccount(NamedTuple):
    username: str
    #: Empty for the accounts given to one of the demo's own staff (so that the advocate
    #: has a caseload), whose generated name they keep.
    full_name: str
    role: str
    #: What the person trying the demo will find there, for the README and the screens.
    shows: str


#: In the order the screens list them; the first is the one a command without ``--user``
#: runs as on a demo database.
DEMO_ACCOUNTS = (
    DemoAccount("demo", "Demo Manager", "manager", "the waiting list, casework, returns"),
    DemoAccount("demo-admin", "Demo Administrator", "administrator", "accounts and settings"),
    DemoAccount("demo-advocate", "", "advocate", "an advocate's own caseload"),
    DemoAccount("demo-coordinator", "", "volunteer_coordinator", "citizen advocacy matching"),
    DemoAccount("demo-viewer", "Demo Viewer", "read_only", "everything, read-only"),
)
#: Published in the README: the demo holds made-up people only.
DEMO_PASSWORD = "advocacy desk trial"


def demo_accounts_text(bold: bool = False) -> str:
    """The accounts for a sentence, as "demo (manager), demo-admin (administrator), ...";
    ``bold`` marks the user names up for a rich-text label."""
    return ", ".join(
        (f"<b>{a.username}</b>" if bold else a.username) + f" ({ROLE.label(a.role).lower()})"
        for a in DEMO_ACCOUNTS
    )
