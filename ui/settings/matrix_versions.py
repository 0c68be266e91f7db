"""The prioritisation matrix's versions, beside the matrix editor: every version saved,
newest first, who saved it, when and why, and the button that shows one.

Old versions are kept so that every recorded score can say which points it was computed
with; this panel only lists them. Choosing and showing one is the editor's business
(:class:`~ui.settings.matrix_editor.MatrixEditor`), which connects to these widgets.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.records.matrix import MatrixVersion
from ui.widgets.views import table_text

VERSION_COLUMNS = ("Version", "Date", "By", "Note")


def local_time(value: datetime, with_time: bool = True) -> str:
    """A stored time (UTC, naive from SQLite) as the local clock showed it."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    local = aware.astimezone()
    return f"{local:%d/%m/%Y %H:%M}" if with_time else f"{local:%d/%m/%Y}"


def version_summary(version: MatrixVersion) -> str:
    """One version in a sentence: when, by whom (if recorded), and why."""
    by = version_author(version)
    text = f"Version {version.version}, saved {local_time(version.created_at)}" + (
        f" by {by}." if by != NOBODY else "."
    )
    return f"{text} {version.note}" if version.note else text


#: The "By" of a version saved with no user name (the app does not ask for one yet).
NOBODY = "—"


def version_author(version: MatrixVersion) -> str:
    if version.created_by:
        return version.created_by
    return "Advocacy Desk" if version.version == 1 else NOBODY


class VersionsPanel(QWidget):
    """The versions table, the chosen version in a sentence, and "View version"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: The versions listed, by number.
        self.history: dict[int, MatrixVersion] = {}
        versions_heading = QLabel("Versions")
        versions_font = versions_heading.font()
        versions_font.setBold(True)
        versions_heading.setFont(versions_font)
        self.versions = QTableWidget(0, len(VERSION_COLUMNS))
        self.versions.setObjectName("matrixVersions")
        self.versions.setAccessibleName("Matrix versions")
        self.versions.setToolTip("Every version of the matrix, newest first; double-click to view")
        self.versions.setHorizontalHeaderLabels(list(VERSION_COLUMNS))
        self.versions.verticalHeader().hide()
        self.versions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.versions.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.versions.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.versions.setTabKeyNavigation(False)
        self.versions.setAlternatingRowColors(True)
        self.versions.setWordWrap(False)
        header = self.versions.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.view_button = QPushButton("View version")
        self.view_button.setToolTip("Show the chosen version's points (old versions read only)")
        self.version_details = QLabel()
        self.version_details.setObjectName("versionDetails")
        self.version_details.setAccessibleName("Chosen version")
        self.version_details.setTextFormat(Qt.TextFormat.PlainText)
        self.version_details.setWordWrap(True)
        self.version_details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        view_row = QHBoxLayout()
        view_row.addStretch(1)
        view_row.addWidget(self.view_button)

        right = QVBoxLayout(self)
        right.setContentsMargins(8, 0, 0, 0)
        right.addWidget(versions_heading)
        right.addWidget(self.versions, 1)
        right.addWidget(self.version_details)
        right.addLayout(view_row)
        self.setMinimumWidth(300)

    def fill(self, history: Sequence[MatrixVersion], current: int) -> None:
        """List ``history``, newest first; ``current`` is the version in use."""
        self.history = {entry.version: entry for entry in history}
        table = self.versions
        table.setRowCount(len(history))
        for row, entry in enumerate(history):
            number = str(entry.version)
            if entry.version == current:
                number += " (current)"
            cells = (
                number,
                local_time(entry.created_at, with_time=False),
                version_author(entry),
                entry.note,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, entry.version)
                item.setToolTip(version_summary(entry))
                table.setItem(row, column, item)

    def rows(self) -> list[tuple[str, ...]]:
        """The versions table as text, row by row (what the user reads)."""
        return table_text(self.versions)

    def select(self, version: int | None) -> None:
        for row in range(self.versions.rowCount()):
            item = self.versions.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == version:
                self.versions.selectRow(row)
                return
        self.versions.clearSelection()

    def selected(self) -> int | None:
        items = self.versions.selectedItems()
        if not items:
            return None
        version = items[0].data(Qt.ItemDataRole.UserRole)
        return version if isinstance(version, int) else None

    def update_view_button(self, current: int) -> None:
        """Say what the chosen version is, and what "View" would do with it."""
        version = self.selected()
        self.view_button.setEnabled(version is not None)
        entry = self.history.get(version) if version is not None else None
        self.version_details.setText(version_summary(entry) if entry else "")
        if version == current:
            self.view_button.setText("Edit current version")
        else:
            self.view_button.setText("View version")
