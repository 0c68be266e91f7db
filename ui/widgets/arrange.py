"""What the View menu does from the keyboard that is otherwise done with the mouse:
sorting a table by one of its columns, and moving the divider between two panes.

Both act on what the user is in: the table or the panes holding the keyboard focus, or
else the first of them the section shows.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QMenu,
    QSplitter,
    QTableView,
    QTreeView,
    QWidget,
)

#: How far one press moves a divider: this share of the panes' whole width (or height).
STEP = 0.1
#: The sizes a splitter had when first shown, kept on it for "Reset pane sizes".
_DEFAULT_SIZES = "defaultPaneSizes"

SortableView = QTableView | QTreeView


def _focused_within(page: QWidget) -> QWidget | None:
    focus = QApplication.focusWidget()
    return focus if focus is not None and page.isAncestorOf(focus) else None


def _ancestors(widget: QWidget | None, page: QWidget) -> list[QWidget]:
    """``widget`` and its parents up to ``page`` (nothing when it is outside ``page``)."""
    found: list[QWidget] = []
    while widget is not None and widget is not page:
        found.append(widget)
        widget = widget.parentWidget()
    return found


def _sorting(view: QAbstractItemView) -> bool:
    return isinstance(view, SortableView) and view.isSortingEnabled()


def table_to_sort(page: QWidget) -> tuple[SortableView | None, bool]:
    """The table "Sort by" acts on: the one in focus, else the first shown in ``page``
    that sorts; and whether ``page`` shows any table at all (to say why nothing sorts)."""
    for widget in _ancestors(_focused_within(page), page):
        if isinstance(widget, SortableView) and _sorting(widget):
            return widget, True
    views = [v for v in page.findChildren(QAbstractItemView) if v.isVisible()]
    for view in views:
        if isinstance(view, SortableView) and _sorting(view):
            return view, True
    return None, bool(views)


def column_titles(view: SortableView) -> list[tuple[int, str]]:
    """The columns shown, by number, with their titles."""
    model = view.model()
    header = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
    return [
        (column, str(model.headerData(column, Qt.Orientation.Horizontal) or f"Column {column + 1}"))
        for column in range(model.columnCount())
        if not header.isSectionHidden(column)
    ]


def sort_menu(view: SortableView, parent: QWidget | None = None) -> QMenu:
    """A menu of the table's columns: choosing one sorts by it, A to Z (or smallest
    first); choosing the column it is already sorted by reverses the order."""
    header = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
    current, order = header.sortIndicatorSection(), header.sortIndicatorOrder()
    menu = QMenu("Sort by", parent)
    menu.setObjectName("sortByMenu")
    for column, title in column_titles(view):
        action = QAction(title, menu)
        action.setCheckable(True)
        action.setChecked(column == current)
        if column == current:
            direction = "ascending" if order == Qt.SortOrder.AscendingOrder else "descending"
            action.setStatusTip(f"Sorted by {title}, {direction}: choose again to reverse it")
        action.triggered.connect(lambda _checked=False, c=column: sort_by(view, c))
        menu.addAction(action)
    return menu


def sort_by(view: SortableView, column: int) -> Qt.SortOrder:
    """Sort by ``column``: ascending, or the other way round if it is sorted by it
    already; the order it ends in."""
    header = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
    order = Qt.SortOrder.AscendingOrder
    if header.sortIndicatorSection() == column and header.isSortIndicatorShown():
        order = (
            Qt.SortOrder.DescendingOrder
            if header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
            else Qt.SortOrder.AscendingOrder
        )
    view.sortByColumn(column, order)
    return order


def panes_to_move(page: QWidget) -> QSplitter | None:
    """The panes the View menu resizes: those holding the focus, else the first shown."""
    for widget in _ancestors(_focused_within(page), page):
        if isinstance(widget, QSplitter) and widget.count() > 1:
            return widget
    shown = [s for s in page.findChildren(QSplitter) if s.isVisible() and s.count() > 1]
    return shown[0] if shown else None


def remember_sizes(root: QWidget) -> None:
    """Note the pane sizes of every splitter shown under ``root`` that has none noted
    yet, before anyone moves them: what "Reset pane sizes" goes back to."""
    for splitter in root.findChildren(QSplitter):
        if splitter.isVisible() and splitter.property(_DEFAULT_SIZES) is None:
            sizes = splitter.sizes()
            if sum(sizes) > 0:
                splitter.setProperty(_DEFAULT_SIZES, sizes)


def widen_first(splitter: QSplitter, step: float = STEP) -> list[int]:
    """Move the first divider so the first pane (the list, on the left or at the top)
    grows by ``step`` of the whole, or shrinks when ``step`` is negative; never past the
    smallest size either pane can take. The sizes it ends with."""
    remember_sizes(splitter.parentWidget() or splitter)
    sizes = splitter.sizes()
    whole = sum(sizes)
    if whole <= 0:
        return sizes
    first, second = splitter.widget(0), splitter.widget(1)
    assert first is not None  # a splitter of two panes or more
    assert second is not None
    horizontal = splitter.orientation() == Qt.Orientation.Horizontal

    def least(widget: QWidget) -> int:
        hint = widget.minimumSizeHint()
        return max(widget.minimumWidth() if horizontal else widget.minimumHeight(),
                   hint.width() if horizontal else hint.height(), 0)  # fmt: skip

    move = round(whole * step)
    if move > 0:
        move = max(0, min(move, sizes[1] - least(second)))
    else:
        move = min(0, max(move, least(first) - sizes[0]))
    sizes[0] += move
    sizes[1] -= move
    splitter.setSizes(sizes)
    return splitter.sizes()


def reset_sizes(splitter: QSplitter) -> list[int]:
    """Put the panes back as they were first shown."""
    kept = splitter.property(_DEFAULT_SIZES)
    if isinstance(kept, list) and len(kept) == splitter.count():
        splitter.setSizes([int(size) for size in kept])
    return splitter.sizes()
