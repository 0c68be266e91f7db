"""The returns saved so far: what was sent, when and by whom, and where it was exported."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.records.returns import SavedReturn
from ui.returns.preview import local_time
from ui.widgets import theme

BANNER_STYLE = "#savedBanner { background: $warning_panel; border-left: 4px solid $warning_edge; }"

COLUMNS = ("Quarter", "Contract", "Small numbers", "Saved", "By", "Exported")


def exported_text(saved: SavedReturn) -> str:
    """ "25/11/2026 14:03 as return-2026-27-Q2.csv", or "Not exported"."""
    if saved.exported_at is None:
        return "Not exported"
    name = Path(saved.exported_as).name if saved.exported_as else "a file"
    return f"{local_time(saved.exported_at)} as {name}"


def saved_cells(saved: SavedReturn) -> tuple[str, ...]:
    return (
        saved.quarter.label,
        saved.contract_name,
        "Suppressed" if saved.suppressed else "Exact (internal)",
        local_time(saved.created_at),
        saved.created_by or "—",
        exported_text(saved),
    )


class SavedReturnsList(QWidget):
    """Every saved return, newest first; open one (double-click or Enter) to see it as
    saved and export it again unchanged."""

    open_saved = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.saved: list[SavedReturn] = []
        self.intro = QLabel(
            "What was saved is kept exactly: open a saved return to read it as it was "
            "sent, and export it again unchanged, whatever has changed in the data since."
        )
        self.intro.setWordWrap(True)
        theme.style(self.intro, theme.HINT)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("savedReturns")
        self.table.setAccessibleName("Saved returns, newest first")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(
                column,
                QHeaderView.ResizeMode.Stretch
                if column in (1, 5)
                else QHeaderView.ResizeMode.ResizeToContents,
            )
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.itemSelectionChanged.connect(self._update_button)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            enter = QShortcut(QKeySequence(key), self.table)
            enter.setContext(Qt.ShortcutContext.WidgetShortcut)
            enter.setWhatsThis("Open the selected saved return (in the list)")
            enter.activated.connect(self.open_selected)
        self.empty = QLabel("No return saved yet. Save return keeps the one on show.")
        theme.style(self.empty, theme.HINT)
        self.open_button = QPushButton("Open read-only")
        self.open_button.setToolTip(
            "See the chosen return exactly as it was saved, to read it or export it again"
        )
        self.open_button.clicked.connect(self.open_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.intro)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        self.show_saved([])

    def show_saved(self, saved: list[SavedReturn]) -> None:
        keep = self.selected_id()
        self.saved = list(saved)
        self.table.setRowCount(len(saved))
        for row, entry in enumerate(saved):
            for column, text in enumerate(saved_cells(entry)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, entry.id)
                if column == 5 and entry.exported_as:
                    item.setToolTip(entry.exported_as)
                elif column == 2:
                    item.setToolTip(
                        "Small numbers suppressed, as sent to commissioners"
                        if entry.suppressed
                        else "Exact figures: for internal use only"
                    )
                self.table.setItem(row, column, item)
        self.table.setVisible(bool(saved))
        self.empty.setVisible(not saved)
        if saved and (keep is None or not self.select(keep)):
            self.table.selectRow(0)
        self._update_button()

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        data = self.table.item(rows[0].row(), 0)
        value = data.data(Qt.ItemDataRole.UserRole) if data is not None else None
        return value if isinstance(value, int) else None

    def select(self, saved_id: int) -> bool:
        for row, entry in enumerate(self.saved):
            if entry.id == saved_id:
                self.table.selectRow(row)
                return True
        return False

    def row_texts(self) -> list[tuple[str, ...]]:
        """What the list shows, row by row (for tests and readers)."""
        return [
            tuple(
                (item.text() if (item := self.table.item(row, column)) is not None else "")
                for column in range(len(COLUMNS))
            )
            for row in range(self.table.rowCount())
        ]

    def open_selected(self) -> None:
        saved_id = self.selected_id()
        if saved_id is not None:
            self.open_saved.emit(saved_id)

    def _update_button(self) -> None:
        self.open_button.setEnabled(self.selected_id() is not None)


class SavedBanner(QFrame):
    """Over a saved return on show: that it is read-only, which return it is, and the
    way back to the current figures (the page answers ``back_button``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("savedBanner")
        theme.style(self, BANNER_STYLE)
        self.text_label = QLabel()
        self.text_label.setObjectName("savedBannerText")
        self.text_label.setWordWrap(True)
        self.text_label.setTextFormat(Qt.TextFormat.PlainText)
        self.back_button = QPushButton("Back to the current figures")
        self.back_button.setToolTip("Leave the saved return and prepare from the data now")
        banner_row = QHBoxLayout(self)
        banner_row.setContentsMargins(10, 6, 6, 6)
        banner_row.addWidget(self.text_label, 1)
        banner_row.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()

    def show_saved(self, saved: SavedReturn) -> None:
        """Say which saved return is on show, and show the banner."""
        who = f" by {saved.created_by}" if saved.created_by else ""
        figures = "small numbers suppressed" if saved.suppressed else "exact figures (internal)"
        exported = (
            f" Last exported {local_time(saved.exported_at)}."
            if saved.exported_at is not None
            else " Not exported yet."
        )
        self.text_label.setText(
            f"Saved return, read-only: {saved.quarter.label}, {saved.contract_name}, "
            f"{figures}, saved {local_time(saved.created_at)}{who}.{exported} Export writes "
            "it exactly as saved."
        )
        self.show()
