"""The Settings section, as the main window lists it; everyone signed in sees it (each
tab has its own permission)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from ui.sections import Section, Window

if TYPE_CHECKING:
    from advocacy_desk.app import Services
    from ui.bus import DataBus
    from ui.settings.page import SettingsPage


#: The guide's page for each tab of Settings (by the tab's key).
SETTINGS_HELP = {
    "database": "server.md",
    "organisation": "letters.md",
    "accounts": "accounts.md",
    "backups": "data-safety.md#backups",
    "matrix": "waiting-list.md#tuning-it",
    "advocates": "waiting-list.md",
    "contracts": "planning.md#contract-monitoring",
    "letters": "letters.md#templates",
}


def _build(services: Services, bus: DataBus) -> SettingsPage:
    from ui.settings.page import SettingsPage

    return SettingsPage(services, services.settings.is_demo, bus)


def _link(page: SettingsPage, window: Window) -> None:
    """A backup chosen to restore is restored by the window (once the question asking
    about it has closed); a new automatic backup joins the list; the idle lock takes
    its new minutes."""
    if page.backups_tab is not None:
        page.backups_tab.restore_requested.connect(
            window.ask_to_restore, Qt.ConnectionType.QueuedConnection
        )
        window.backed_up.connect(page.backups_tab.refresh)
    page.lock_minutes_changed.connect(window.set_lock_minutes)


SECTION = Section("settings", "Settings", build=_build, link=_link, lazy=True)
