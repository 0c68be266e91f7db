"""How Advocacy Desk's lists look and behave, in one place."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableView,
    QTableWidget,
    QWidget,
)

from ui.widgets import theme


class WrappedLabel(QLabel):
    """A label whose text wraps and which asks, as its minimum height, for the lines
    its text takes at the width it has.

    A page that scrolls on a short screen (text at 125% on a laptop) is given its
    minimum size, and Qt's scroll area does not ask a wrapping label its height at a
    width: without this, the fields below a label that wrapped onto another line would
    be squeezed."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        need = self.heightForWidth(event.size().width())
        if need > 0 and need != self.minimumHeight():
            self.setMinimumHeight(need)


def table_text(table: QTableWidget) -> list[tuple[str, ...]]:
    """A table as the user reads it, row by row (for tests and screen readers)."""
    return [
        tuple(
            "" if (item := table.item(row, column)) is None else item.text()
            for column in range(table.columnCount())
        )
        for row in range(table.rowCount())
    ]


def read_only_table(table: QTableView, *, fixed_rows: bool = False) -> None:
    """A table of rows to look at and choose, one at a time, never to edit in place:
    whole-row selection, alternating colours, one line per row, Tab leaves the table.
    ``fixed_rows`` keeps every row the same height, so a view of 100,000 rows never
    measures them."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)
    rows = table.verticalHeader()
    rows.hide()
    if fixed_rows:
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(table.fontMetrics().height() + 10)
    table.horizontalHeader().setHighlightSections(False)


#: How much larger than the text a section's title is.
PAGE_TITLE = 1.5


def heading(text: str, scale: float = 1.25, *, wrap: bool = True) -> QLabel:
    """A bold heading in plain text (never read as markup); a section's title is
    ``heading(title, PAGE_TITLE, wrap=False)``."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    return label


def plain(text: str, *, hint: bool = False) -> QLabel:
    """Wrapped plain text; ``hint`` greys it as guidance."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    if hint:
        theme.style(label, theme.HINT)
    return label


def text_box(label: str, placeholder: str, lines: tuple[int, int] = (3, 6)) -> QPlainTextEdit:
    """A few lines of free text (a reason, a note): Tab moves on rather than typing a tab;
    it grows from ``lines[0]`` to ``lines[1]`` lines."""
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setAccessibleName(label)
    box.setPlaceholderText(placeholder)
    spacing = box.fontMetrics().lineSpacing()
    box.setMinimumHeight(lines[0] * spacing + 14)
    box.setMaximumHeight(lines[1] * spacing + 14)
    return box


def refill_choices(combo: QComboBox, items: Sequence[tuple[str, object, str]]) -> None:
    """Replace a filter's choices after its first ("All ...") item with ``items`` (text,
    value, tooltip or ""), keeping the chosen value if it is still there; no signals."""
    keep = combo.currentData()
    combo.blockSignals(True)
    while combo.count() > 1:
        combo.removeItem(1)
    for text, value, tip in items:
        combo.addItem(text, value)
        if tip:
            combo.setItemData(combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
    combo.setCurrentIndex(max(combo.findData(keep), 0) if keep is not None else 0)
    combo.blockSignals(False)
