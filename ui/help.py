"""Help inside the app: the user guide (the project's ``docs`` pages, read offline) and
the keyboard shortcuts the window answers to.

The guide is not copied anywhere: its one source is the ``docs`` folder, which the app
reads beside its code when it runs from the project folder (how the README installs it)
and from ``share/advocacy-desk/docs`` under the Python environment when it was installed
from a wheel, which ships the pages as data files (``[tool.setuptools.data-files]`` in
``pyproject.toml``). Nothing here touches the database: the main window loads this module
the first time help is asked for.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QSize, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk import about, paths
from ui.widgets.screen import FittedDialog, fit_window

#: The guide's contents page, opened where a section has no page of its own.
INDEX = "user-guide.md"
#: Where a wheel installs the guide, under the environment's prefix.
INSTALLED = Path("share") / "advocacy-desk" / "docs"


def guide_folder(prefix: Path | None = None) -> Path | None:
    """The folder holding the guide's pages: the project's own ``docs`` (a source or
    editable install), else the one a wheel installed under ``prefix`` (the running
    environment's); None when neither is there."""
    for folder in (paths.REPO_ROOT / "docs", Path(prefix or sys.prefix) / INSTALLED):
        if (folder / INDEX).is_file():
            return folder
    return None


def slug(heading: str) -> str:
    """A heading as a link names it, the way GitHub does ("The CSV" -> "the-csv"), so
    the pages' own ``#anchor`` links work here too."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


class HelpWindow(QWidget):
    """The user guide in a window of its own, beside the main window, that stays open
    while the user works; links between pages work as they do on the web."""

    def __init__(self, folder: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = folder if folder is not None else guide_folder()
        self.setWindowTitle(f"{about.NAME} — User guide")
        self.setObjectName("helpWindow")
        self.browser = QTextBrowser()
        self.browser.setObjectName("guide")
        self.browser.setAccessibleName("User guide")
        self.browser.setOpenLinks(False)  # each link is followed by _follow, below
        self.browser.anchorClicked.connect(self._follow)
        self.back_button = QPushButton("Back")
        self.back_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Back))
        self.back_button.clicked.connect(self.browser.backward)
        self.browser.backwardAvailable.connect(self.back_button.setEnabled)
        self.back_button.setEnabled(False)
        self.forward_button = QPushButton("Forward")
        self.forward_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Forward))
        self.forward_button.clicked.connect(self.browser.forward)
        self.browser.forwardAvailable.connect(self.forward_button.setEnabled)
        self.forward_button.setEnabled(False)
        contents = QPushButton("Contents")
        contents.clicked.connect(lambda: self.show_page(INDEX))
        self.message = QLabel()
        self.message.setObjectName("helpMessage")
        self.message.setWordWrap(True)
        bar = QHBoxLayout()
        for button in (self.back_button, self.forward_button, contents):
            bar.addWidget(button)
        bar.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.browser, 1)
        fit_window(self, QSize(820, 680))

    @property
    def page(self) -> str:
        """The file name of the page shown ("returns.md"); empty before the first."""
        return Path(self.browser.source().toLocalFile()).name

    def show_page(self, name: str, heading: str = "") -> bool:
        """Show the page ``name`` (at ``heading``, a slug, when given); False, said in
        the window, when the guide or the page is missing."""
        if self.folder is None:
            self.message.setText(
                "The user guide is not installed with this copy of Advocacy Desk. It is "
                "the docs folder of the project; ask whoever installed it."
            )
            return False
        path = self.folder / name
        if not path.is_file():
            self.message.setText(f"The guide has no page {name}.")
            return False
        self.message.clear()
        self.browser.setSource(QUrl.fromLocalFile(str(path)))
        self.browser.setFocus()
        if heading:
            self.scroll_to(heading)
        return True

    def scroll_to(self, heading: str) -> bool:
        """Bring the heading whose slug is ``heading`` to the top (Qt's Markdown gives
        headings no anchors of their own)."""
        block = self.browser.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel() and slug(block.text()) == heading:
                self.browser.moveCursor(QTextCursor.MoveOperation.End)
                self.browser.setTextCursor(QTextCursor(block))
                self.browser.ensureCursorVisible()
                return True
            block = block.next()
        return False

    def _follow(self, url: QUrl) -> None:
        """Pages of the guide open here; web links in the browser; a file beside the
        guide (the default matrix, say) in the program the computer opens it with."""
        if url.scheme() in {"http", "https", "mailto"}:
            QDesktopServices.openUrl(url)
            return
        if not url.path():  # "#the-csv": a heading on this page
            self.scroll_to(url.fragment())
            return
        target = self.browser.source().resolved(url)
        path = Path(target.toLocalFile())
        if self.folder is not None and path.parent == self.folder and path.suffix == ".md":
            self.show_page(path.name, url.fragment())
        elif path.is_file():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        else:
            self.message.setText(f"{path.name} is not shipped with the user guide.")


class Shortcut(NamedTuple):
    """One row of the shortcuts list: the keys, what they do and where they work."""

    keys: str
    what: str
    where: str


def merged(shortcuts: Iterable[Shortcut]) -> list[Shortcut]:
    """One row for each thing done in each place, its keys joined ("Return or Enter"),
    in the order first met."""
    rows: dict[tuple[str, str], list[str]] = {}
    for shortcut in shortcuts:
        keys = rows.setdefault((shortcut.what, shortcut.where), [])
        if shortcut.keys not in keys:
            keys.append(shortcut.keys)
    return [Shortcut(" or ".join(keys), what, where) for (what, where), keys in rows.items()]


def key_text(sequence: QKeySequence) -> str:
    """Keys as the user's system writes them ("Ctrl+L")."""
    return sequence.toString(QKeySequence.SequenceFormat.NativeText)


class ShortcutsDialog(FittedDialog):
    """Every shortcut, read from the window's own actions and shortcuts when it opens,
    so the list is never out of date."""

    def __init__(self, shortcuts: list[Shortcut], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.shortcuts = shortcuts
        self.table = QTableWidget(len(shortcuts), 3)
        self.table.setObjectName("shortcutsTable")
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(["Keys", "What they do", "Where"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        for row, shortcut in enumerate(shortcuts):
            for column, text in enumerate(shortcut):
                self.table.setItem(row, column, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        note = QLabel(
            "Tab and Shift+Tab move between fields and buttons everywhere; a section's keys "
            "work while that section is shown."
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(640, 560)

    def rows(self) -> list[Shortcut]:
        """The table as shown, row by row."""
        return [Shortcut(*(self._cell(row, column) for column in range(3)))
                for row in range(self.table.rowCount())]  # fmt: skip

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""
