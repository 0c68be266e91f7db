"""What a section of the main window is: each feature package declares its own (a
``section.py`` beside its pages), and the window lists, builds and links them in turn.

A declaration imports nothing heavy: the window lists its sections before the database
layer has loaded, so a builder imports its page when it runs, after the first paint."""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QWidget

from advocacy_desk.domain.permissions import Permission

if TYPE_CHECKING:
    from advocacy_desk.app import Services
    from ui.bus import DataBus

#: How long a passing message stays in the window's status bar.
STATUS_MS = 10_000

#: The page a section shows.
P = TypeVar("P", bound=QWidget)


class Window(Protocol):
    """What a section's page may ask of the window it is shown in."""

    @property
    def backed_up(self) -> SignalInstance:
        """Told after an automatic backup is made (its path)."""
        ...

    def show_section(self, key: str) -> None: ...

    def open_record(self, entity: str, record_id: int) -> None:
        """Show a case, a person or a referral that another section points at."""

    def ask_to_restore(self, path: object) -> None:
        """Restore the backup at ``path`` (once the asking dialog has closed)."""

    def set_lock_minutes(self, minutes: int) -> None:
        """The idle minutes after which the window locks, as changed in Settings."""


@dataclass(frozen=True)
class Section(Generic[P]):
    """One section of the main window, declared once by its feature package: adding a
    section is a declaration and a place in ``ui.main_window.SECTIONS``, no ``if``."""

    key: str
    title: str
    #: The permissions any one of which shows the section; none: everyone signed in.
    needs: tuple[Permission, ...] = ()
    #: Its page of the user guide (F1), "page.md" or "page.md#heading".
    help: str = "user-guide.md"
    _: KW_ONLY
    #: Makes the page for the signed-in user (importing it as it runs).
    build: Callable[[Services, DataBus], P]
    #: Connects what the page asks of the window (another section, a record to show).
    link: Callable[[P, Window], None] | None = None
    #: Built the first time it is shown rather than as the database opens: its data
    #: takes a while to read, and the People list should not wait for it.
    lazy: bool = False
    #: The module its page is in ("ui.people.page"): one built as the database opens is
    #: imported ahead, while someone signs in (:func:`import_ahead`).
    page: str = ""


#: Sections of every kind of page, as the window holds them.
AnySection = Section[Any]


def shown_to(services: Services, sections: tuple[AnySection, ...]) -> set[str]:
    """The keys of the sections the signed-in user's role may see."""
    return {s.key for s in sections if not s.needs or services.access.can(*s.needs)}


def import_ahead(sections: tuple[AnySection, ...]) -> threading.Thread:
    """Import the pages of the sections built as the database opens, on a thread of
    their own, and return it (join it before building them).

    Signing in spends a moment in Argon2, which lets other threads run, and a person
    takes longer still to type: importing the pages meanwhile (about 0.4 s of
    the People list's wait on a large database) costs the window nothing. The import
    graph has no circles (``tests/test_layering.py``), so two threads importing at once
    cannot wait on each other's modules."""
    modules = [s.page for s in sections if s.page and not s.lazy]

    def run() -> None:
        for name in modules:
            try:
                importlib.import_module(name)
            except Exception:  # building the page imports it again, and says why
                continue

    thread = threading.Thread(target=run, name="import-ahead", daemon=True)
    thread.start()
    return thread
