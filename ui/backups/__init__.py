"""Backups as a person meets them: the words, the damaged-database dialog, the banner.

The main window checks the database when it opens (:class:`DamagedDatabaseDialog` if
SQLite finds damage), warns with :func:`network_banner` when the file is on a network
drive, and backs up by itself; Settings > Backups (:class:`ui.backups.tab.BackupsTab`)
shows the backups and restores one. The work itself is ``services.backups``.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton, QWidget

from ui.widgets import theme

#: The title of the dialog shown when the database is found damaged as it opens.
DAMAGED_TITLE = "The database is damaged"

NETWORK_WARNING = (
    "This database is on a network drive. SQLite files on shared drives get corrupted when "
    "two computers use them. Keep the file on this computer, or use the shared-server "
    "option (see the README: PostgreSQL)."
)

SERVER_NOTE = (
    "This database is kept on a database server, so Advocacy Desk does not back it up "
    "itself. Backups of a server database are made with the server's own tools (for "
    "PostgreSQL, pg_dump): ask whoever looks after the server how they are made and kept."
)

#: Settings > Backups for a database on a PostgreSQL server.
SERVER_INTRO = (
    "This database is kept on a database server and shared by everyone who uses it. "
    "Automatic backups are the server's job: whoever looks after the server should back "
    "it up there regularly (with pg_dump), so Advocacy Desk does not copy the whole "
    "database from every computer every half hour. You can also back it up now, with "
    "PostgreSQL's pg_dump, into a folder on this computer, and restore one of those "
    "backups."
)

#: Dark red on pale red: contrast about 10:1, readable and plainly a warning.
WARNING_STYLE = "background: $danger_panel; color: $danger_ink; padding: 6px; font-weight: bold;"


def taken_text(when: datetime) -> str:
    """ "23/11/2026 14:05"."""
    return when.strftime("%d/%m/%Y %H:%M")


def kind_text(label: str) -> str:
    """What made a backup, in words: "auto", "on close", "manual",
    "before upgrade to 0008" (from "before-0008"), or "" for none."""
    if label.startswith("before-"):
        return f"before upgrade to {label.removeprefix('before-')}"
    return label.replace("-", " ")


def size_text(size: int | None) -> str:
    """Megabytes with one decimal: "2.4 MB"; "under 0.1 MB" for a tiny file."""
    if size is None:
        return ""
    megabytes = size / (1024 * 1024)
    return "under 0.1 MB" if megabytes < 0.05 else f"{megabytes:.1f} MB"


def damage_summary(damage: str, most: int = 4) -> str:
    """SQLite's account of the damage, cut to its first few problems: quick_check can
    list a hundred, one a line, and a dialog must stay readable."""
    text = damage.replace("*** in database main ***", "")
    parts = [part.strip() for line in text.splitlines() for part in line.split("; ")]
    parts = [part for part in parts if part]
    if not parts:
        return damage
    head, problems = parts[0], parts[1:]
    if head.endswith(":") and problems:  # "SQLite's check found damage:" then the list
        shown = [head, *problems[:most]]
    else:
        head, problems = "", parts
        shown = problems[:most]
    more = len(problems) - most
    if more > 0:
        shown.append(f"…and {more} more {'problem' if more == 1 else 'problems'} like these")
    return "\n".join(line for line in shown if line)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def network_banner() -> QLabel:
    """The warning shown across the top of the window for a database on a network drive."""
    banner = QLabel(NETWORK_WARNING)
    banner.setObjectName("networkBanner")
    banner.setAccessibleName("Warning: the database is on a network drive")
    banner.setWordWrap(True)
    banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
    banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    theme.style(banner, WARNING_STYLE)
    return banner


class DamagedDatabaseDialog(QMessageBox):
    """Says the database is damaged and offers the newest good backup, if there is one.

    ``wants_restore`` after it closes: whether "Restore backup" was chosen.
    """

    def __init__(
        self,
        database: Path,
        damage: str,
        newest_taken: datetime | None,
        backups_folder: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(DAMAGED_TITLE)
        self.setIcon(QMessageBox.Icon.Critical)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(
            f"Advocacy Desk checked the database as it opened, and it is damaged.\n\n"
            f"File: {database}\n\n"
            f"{_sentence(damage_summary(damage))}"
        )
        self.restore_button: QPushButton | None = None
        self.keep_button: QPushButton | None = None
        if newest_taken is not None:
            self.setInformativeText(
                f"Restore the newest good backup (taken {taken_text(newest_taken)})? The "
                "damaged file is kept aside, renamed, never deleted. Anything recorded "
                "since that backup will need recording again.\n\n"
                "Working on a damaged file risks losing more of your records: choose Keep "
                "working only if someone helping you has asked you to."
            )
            self.restore_button = self.addButton(
                "Restore backup", QMessageBox.ButtonRole.AcceptRole
            )
            self.keep_button = self.addButton("Keep working", QMessageBox.ButtonRole.RejectRole)
            self.setDefaultButton(self.restore_button)
            self.setEscapeButton(self.keep_button)
        else:
            looked = f" (looked in {backups_folder})" if backups_folder is not None else ""
            self.setInformativeText(
                f"There is no good backup of it to restore{looked}.\n\n"
                f"Close Advocacy Desk, copy {database.name} (and any files beside it whose "
                f"names start with {database.stem}) somewhere safe, such as a USB stick, and "
                "ask whoever supports your computers for help before recording anything more."
            )
            self.addButton(QMessageBox.StandardButton.Ok)

    @property
    def wants_restore(self) -> bool:
        return self.restore_button is not None and self.clickedButton() is self.restore_button
