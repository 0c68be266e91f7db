"""Windows and dialogs that fit the screen they open on.

A laptop of 1280x720 with text at 125% leaves about 1024x540 for a window once the
taskbar and the title bar are counted. The main window opens no bigger than that room,
and a dialog whose form is taller (or wider) than the room shows its form in a scroll
area, with its buttons kept below it, always in view.

Every dialog of the app derives from :class:`FittedDialog` (``GuardedDialog`` does), so
the rule holds for all of them without each dialog knowing its own height.
"""

from __future__ import annotations

from itertools import pairwise

import shiboken6
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QBoxLayout,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLayout,
    QLayoutItem,
    QScrollArea,
    QStackedWidget,
    QWidget,
)

#: Room the window system's frame and title bar take, which Qt cannot tell before a
#: window is first shown (and which the offscreen platform does not draw at all).
FRAME = QSize(16, 40)
#: The object name of the scroll area a dialog's form is put in when it does not fit.
SCROLL_NAME = "dialogScroll"


def available(widget: QWidget | None = None) -> QRect:
    """The part of the screen ``widget`` is on (the primary screen when it is not on
    one yet) that windows may use: the whole screen less the taskbar or dock.

    Tests replace this function to check a window against a given laptop screen.

    The screen is found with the static ``QGuiApplication.screenAt``, never with
    ``widget.screen()``: PySide ties the screen that method returns to the widget's
    Python wrapper, and when the garbage collector breaks a cycle holding that
    wrapper it can delete the application's own screen, which crashed the next
    window made.
    """
    screen = None
    if widget is not None:
        anchor = widget.window()
        opener = anchor.parentWidget()
        if not anchor.isVisible() and opener is not None:
            anchor = opener.window()  # a dialog opens over its parent
        screen = QGuiApplication.screenAt(anchor.frameGeometry().center())
    if screen is None:
        screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def room(widget: QWidget | None = None) -> QSize:
    """The largest size a window's contents may take so that it, with its title bar
    and frame, stays on the available part of the screen."""
    space = available(widget).size() - FRAME
    return space.expandedTo(QSize(320, 240))


def fit_window(window: QWidget, preferred: QSize) -> QSize:
    """Size ``window`` to ``preferred``, or to the room the screen has when that is
    smaller; placed on that room. Returns the size given."""
    size = preferred.boundedTo(room(window))
    window.resize(size)
    area = available(window)
    left = area.left() + max(0, (area.width() - size.width() - FRAME.width()) // 2)
    top = area.top() + max(0, (area.height() - size.height() - FRAME.height()) // 2)
    window.move(left, top)
    return size


def scrolls(dialog: QWidget) -> bool:
    """True once ``dialog``'s form has been put in a scroll area to fit the screen."""
    return dialog.findChild(QScrollArea, SCROLL_NAME) is not None


def fit_dialog(dialog: QWidget) -> None:
    """Give ``dialog`` the size its form asks for, within the room on its screen: when
    the form needs more than that, put it in a scroll area (its buttons stay below, in
    view) and size the dialog to the room.

    Qt alone would open a dialog at no more than two thirds of the screen's height and
    squeeze its fields to fit, and grow one whose minimum is taller than the screen
    past its bottom edge; neither leaves every field readable.
    """
    layout = dialog.layout()
    if layout is None:
        return
    space = room(dialog)
    layout.activate()
    wanted = _wanted(dialog, layout)
    if not scrolls(dialog) and (wanted.height() > space.height() or wanted.width() > space.width()):
        _scroll_form(dialog, layout)
    scroll = dialog.findChild(QScrollArea, SCROLL_NAME)
    if scroll is not None:
        body = scroll.widget()
        assert body is not None
        bar = scroll.verticalScrollBar().sizeHint().width()
        # As wide as the form wants, plus the scroll bar, so only the height scrolls.
        width = min(max(body.sizeHint().width(), body.minimumSizeHint().width()) + bar,
                    space.width())  # fmt: skip
        if dialog.testAttribute(Qt.WidgetAttribute.WA_Resized):
            width = max(width, min(dialog.width(), space.width()))
        inner = body.layout()
        assert inner is not None
        height = body.sizeHint().height()
        if inner.hasHeightForWidth():
            height = max(height, inner.totalHeightForWidth(width - bar))
        wanted = QSize(width, height + _outside(dialog))
    if dialog.minimumWidth() > space.width():
        dialog.setMinimumWidth(space.width())
    if dialog.minimumHeight() > space.height():
        dialog.setMinimumHeight(space.height())
    dialog.resize(wanted.boundedTo(space))


def _wanted(dialog: QWidget, layout: QLayout) -> QSize:
    """The size ``dialog`` asks for: what its layout needs at its width (wrapped text
    taken into account), or the size set in code when that is bigger."""
    wanted = dialog.sizeHint().expandedTo(dialog.minimumSizeHint())
    if dialog.testAttribute(Qt.WidgetAttribute.WA_Resized):
        wanted = wanted.expandedTo(dialog.size())
    if layout.hasHeightForWidth():
        wanted.setHeight(max(wanted.height(), layout.totalHeightForWidth(wanted.width())))
    return wanted


def _outside(dialog: QWidget) -> int:
    """The height a scrolling dialog takes besides its form: buttons, margins."""
    layout = dialog.layout()
    scroll = dialog.findChild(QScrollArea, SCROLL_NAME)
    if layout is None or scroll is None:
        return 0
    spacing = max(layout.spacing(), 0)
    margins = layout.contentsMargins()
    height = margins.top() + margins.bottom()
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item is not None and item.widget() is not scroll:
            height += item.sizeHint().height() + spacing
    return height


def _is_button_row(item: QLayoutItem) -> bool:
    """A dialog's row of buttons: a button box, or a row holding only buttons."""
    widget = item.widget()
    if isinstance(widget, QDialogButtonBox):
        return True
    row = item.layout()
    if row is None or row.count() == 0:
        return False
    inside = [i for i in (row.itemAt(n) for n in range(row.count())) if i is not None]
    return any(isinstance(i.widget(), QAbstractButton) for i in inside) and all(
        i.spacerItem() is not None or isinstance(i.widget(), (QAbstractButton, QDialogButtonBox))
        for i in inside
    )


def _scroll_form(dialog: QWidget, layout: QLayout) -> None:
    """Move everything but the last row of buttons into a scroll area; keep the Tab
    order the dialog had.

    The dialog keeps its own layout: its items move one by one onto the scrolled
    form, and the scroll area takes their place. Every dialog's top layout is a box
    layout; any other is left as it is, unscrolled."""
    if not isinstance(layout, QBoxLayout):
        return
    order = _focus_order(dialog)
    shown = [
        child
        for child in dialog.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        if not child.isWindow() and not child.isHidden()
    ]
    count = layout.count()
    last = layout.itemAt(count - 1)
    moving = count - 1 if count > 1 and last is not None and _is_button_row(last) else count
    margins = layout.contentsMargins()
    body = QWidget()
    body.setObjectName("dialogForm")
    form = QBoxLayout(layout.direction(), body)
    form.setContentsMargins(margins.left(), margins.top(), margins.right(), 0)
    form.setSpacing(layout.spacing())
    for _ in range(moving):
        stretch = layout.stretch(0)
        item = layout.takeAt(0)
        if item is None:
            break
        widget, inner = item.widget(), item.layout()
        if widget is not None:
            form.addWidget(widget, stretch, item.alignment())
            shiboken6.delete(item)  # its widget has a new item on the form
        elif inner is not None:
            form.addLayout(inner, stretch)
        else:
            form.addItem(item)
            form.setStretch(form.count() - 1, stretch)
    scroll = QScrollArea()
    scroll.setObjectName(SCROLL_NAME)
    scroll.setAccessibleName(f"{dialog.windowTitle() or 'Form'}, scrolls")
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields inside
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    scroll.setWidget(body)
    layout.insertWidget(0, scroll, 1)
    layout.setContentsMargins(0, 0, 0, margins.bottom())
    buttons = layout.itemAt(1)
    if buttons is not None:  # the buttons keep the form's margins at the sides
        row, box = buttons.layout(), buttons.widget()
        if row is not None:
            row.setContentsMargins(margins.left(), 0, margins.right(), 0)
        elif box is not None:
            box.setContentsMargins(margins.left(), 0, margins.right(), 0)
    scroll.setVisible(True)  # now, not when queued events run: a test may look at once
    for child in shown:
        if child.isHidden():
            child.setVisible(True)
    for before, after in pairwise(order):
        QWidget.setTabOrder(before, after)


def _focus_order(dialog: QWidget) -> list[QWidget]:
    """The dialog's widgets in their Tab order."""
    order: list[QWidget] = []
    widget = dialog.nextInFocusChain()
    while widget is not None and widget is not dialog and widget not in order:
        if widget.window() is dialog:
            order.append(widget)
        widget = widget.nextInFocusChain()
    return order


class FittedDialog(QDialog):
    """A dialog never taller or wider than the room on its screen (see
    :func:`fit_dialog`): checked each time it is shown, before Qt places it."""

    def showEvent(self, event: QShowEvent) -> None:
        if not event.spontaneous():
            fit_dialog(self)
        super().showEvent(event)


class PageStack(QStackedWidget):
    """A stack of pages sized by the page on show, not by the largest of them (as a
    plain ``QStackedWidget`` is): one page that needs more room than a laptop has then
    scrolls on its own, instead of making every page scroll or the window outgrow the
    screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        if page is None:
            return QSize(0, 0)
        hint = page.minimumSizeHint()
        return QSize(page.minimumWidth() or max(hint.width(), 0),
                     page.minimumHeight() or max(hint.height(), 0))  # fmt: skip

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return QSize(0, 0) if page is None else page.sizeHint().expandedTo(self.minimumSizeHint())

    def heightForWidth(self, _width: int) -> int:
        """None of its own (a scroll area asks): a page's height for a width counts
        every tab of its tab widgets, shown or not, so it would scroll a page that fits."""
        return -1


class UpAndDown(QScrollArea):
    """A scroll area that scrolls up and down only: as wide as its widget needs (plus
    the scroll bar), never a sideways scroll bar, and as short as a few lines."""

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        inner = self.widget()
        if inner is None:
            return hint
        need = max(inner.minimumSizeHint().width(), inner.minimumWidth())
        width = need + self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth()
        return QSize(width, hint.height())

    def sizeHint(self) -> QSize:
        return super().sizeHint().expandedTo(QSize(self.minimumSizeHint().width(), 0))


def scrolling(page: QWidget, name: str, *, sideways: bool = True) -> QScrollArea:
    """``page`` in a scroll area that shows scroll bars only when the window is smaller
    than the page can be laid out in; otherwise the page fills it. With ``sideways``
    False it only scrolls up and down (:class:`UpAndDown`)."""
    scroll = QScrollArea() if sideways else UpAndDown()
    if not sideways:
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setObjectName(name)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the page's fields
    scroll.setWidget(page)
    return scroll
