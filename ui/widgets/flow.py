"""A row of buttons or filters that wraps onto a second line when the window is narrow.

A plain ``QHBoxLayout`` of six buttons asks for all their widths side by side, so on a
1280x720 laptop (or with text at 125%) a page either grows past the screen or squeezes
its list into a corner. This layout lays its items left to right and starts a new line
when the next one would not fit, as text wraps; its height follows its width.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QWidget


class FlowRow(QWidget):
    """Widgets left to right, wrapping; as wide as all of them in one line would like,
    and no narrower than the widest of them; its height follows its width.

    A widget that places its children itself, not a ``QLayout`` subclass: a layout
    written in Python would hold Qt's layout items (which are not objects Qt tells
    Python about when it deletes them) in a Python list. Here Qt owns every child as
    usual and nothing of Qt's is kept in Python but the widgets."""

    def __init__(self, parent: QWidget | None = None, spacing: int = -1) -> None:
        super().__init__(parent)
        self._widgets: list[QWidget] = []
        self._spacing = spacing
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def addWidget(self, widget: QWidget) -> None:
        """Add ``widget`` after the others (and after them in the Tab order)."""
        widget.setParent(self)
        widget.installEventFilter(self)
        self._widgets.append(widget)
        if self.isVisible() and not widget.isHidden():
            widget.show()
        self._changed()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A child shown, hidden or asking for another size: lay the row out again."""
        if event.type() in (QEvent.Type.Show, QEvent.Type.Hide, QEvent.Type.LayoutRequest):
            self._changed()
        return False

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # a child's size hint changed
            self._changed()
        return super().event(event)

    def _changed(self) -> None:
        self.updateGeometry()
        self._arrange(self.rect(), move=True)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(self.rect(), move=True)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def sizeHint(self) -> QSize:
        """All the widgets on one line."""
        width = height = 0
        for widget in self._shown():
            hint = widget.sizeHint().expandedTo(widget.minimumSizeHint())
            width += hint.width() + (self._gap(widget, horizontal=True) if width else 0)
            height = max(height, hint.height())
        margins = self.contentsMargins()
        return QSize(width + margins.left() + margins.right(),
                     height + margins.top() + margins.bottom())  # fmt: skip

    def minimumSizeHint(self) -> QSize:
        """The widest widget: narrower than that, one would be cut; as tall as the
        widgets need at the width the row has now."""
        size = QSize(0, 0)
        for widget in self._shown():
            size = size.expandedTo(widget.minimumSizeHint())
        margins = self.contentsMargins()
        width = size.width() + margins.left() + margins.right()
        return QSize(width, self.heightForWidth(max(self.width(), width)))

    def _shown(self) -> list[QWidget]:
        return [widget for widget in self._widgets if not widget.isHidden()]

    def _gap(self, widget: QWidget, *, horizontal: bool) -> int:
        """The space between widgets: the row's own, else the style's for buttons."""
        if self._spacing >= 0:
            return self._spacing
        orientation = Qt.Orientation.Horizontal if horizontal else Qt.Orientation.Vertical
        gap = widget.style().layoutSpacing(
            QSizePolicy.ControlType.PushButton, QSizePolicy.ControlType.PushButton, orientation
        )
        return gap if gap >= 0 else 6

    def _arrange(self, rect: QRect, move: bool) -> int:
        """Place the widgets in ``rect`` (or only measure); the height they take."""
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line = area.x(), area.y(), 0
        for widget in self._shown():
            hint = widget.sizeHint().boundedTo(QSize(max(area.width(), 1), 1 << 20))
            hint = hint.expandedTo(widget.minimumSizeHint()).expandedTo(widget.minimumSize())
            across = self._gap(widget, horizontal=True)
            down = self._gap(widget, horizontal=False)
            if x > area.x() and x + hint.width() > area.right() + 1:
                x, y, line = area.x(), y + line + down, 0
            if move:
                widget.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + across
            line = max(line, hint.height())
        return y + line - rect.y() + margins.bottom()


def together(*widgets: QWidget, gap: int = 8) -> QWidget:
    """``widgets`` side by side, kept on one line when a :class:`FlowRow` wraps (a
    caption and its field); ``gap`` is the room after them."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, gap, 0)
    for widget in widgets:
        row.addWidget(widget)
    return holder
