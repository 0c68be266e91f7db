"""How Advocacy Desk's lists look and behave, in one place."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QPlainTextEdit, QTableView


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


def heading(text: str, scale: float = 1.25) -> QLabel:
    """A bold heading in plain text (never read as markup)."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
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
        label.setStyleSheet("color: #555555;")
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
