"""Typed work is never dropped without asking.

A dialog that holds a form derives from :class:`GuardedDialog`. When it is first
shown it notes what its fields hold; Escape, the window's close button and Cancel
all end in ``reject()``, which asks "Save, Discard or Cancel?" when the fields hold
something else (typing and then undoing is not a change). Save runs the dialog's
main button, the same save as clicking it, and the dialog closes only if that save
succeeded; Cancel keeps the dialog open with what was typed.

The same base class settles the keys: the main button is the default, so Enter
performs the dialog's action, and Cancel (or Close) is never the default, even when
it has the focus.

An editor embedded in a page (Settings > Contracts, a volunteer...) implements
:class:`HoldsUnsavedWork`; the main window finds every such editor among its
children (and every guarded dialog still open) before it closes, and asks once,
listing what is unsaved.
"""

from __future__ import annotations

from enum import Enum
from typing import ClassVar, Protocol, runtime_checkable

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)

from ui.widgets.screen import FittedDialog

#: A widget with this dynamic property set to True is a view control (a filter, "Show
#: all"), not part of the work: changing it is not a change to save.
NOT_WORK = "notUnsavedWork"


class Answer(Enum):
    """What to do with changes that are not saved."""

    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def ask_save_discard_cancel(parent: QWidget | None, title: str, question: str) -> Answer:
    """Save, Discard or Cancel: Save the default, Escape cancels.

    Tests replace this function (``monkeypatch.setattr(unsaved, "ask_save_discard_cancel",
    ...)``); it runs the box through ``exec`` so a test that forgets fails at once
    under the ``no_modals`` fixture instead of waiting forever.
    """
    box = question_box(parent, title, question)
    box.exec()
    clicked = box.standardButton(box.clickedButton())
    box.deleteLater()
    if clicked == QMessageBox.StandardButton.Save:
        return Answer.SAVE
    if clicked == QMessageBox.StandardButton.Discard:
        return Answer.DISCARD
    return Answer.CANCEL


def question_box(parent: QWidget | None, title: str, question: str) -> QMessageBox:
    """The Save / Discard / Cancel box, not yet shown."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(question)
    box.setInformativeText(
        "Save keeps them; Discard closes without them; Cancel goes back to them."
    )
    box.setStandardButtons(
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    return box


def form_values(window: QWidget) -> tuple[object, ...]:
    """What the fields of ``window`` hold, in a form that compares with ``==``.

    Text typed, choices made and boxes ticked count; read-only text, view controls
    (marked :data:`NOT_WORK`) and the fields of other windows (a dialog opened from
    this one) do not.
    """
    values: list[object] = []
    for widget in window.findChildren(QWidget):
        if widget.window() is not window or _not_work(widget, window):
            continue
        if isinstance(widget, QLineEdit):
            if not widget.isReadOnly():
                values.append(widget.text())
        elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
            if not widget.isReadOnly():
                values.append(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            values.append((widget.currentIndex(), widget.currentText()))
        elif isinstance(widget, QAbstractButton):
            if widget.isCheckable():
                values.append(widget.isChecked())
        elif isinstance(widget, QListWidget):
            values.append(
                tuple(
                    (widget.item(row).text(), widget.item(row).checkState().value)
                    for row in range(widget.count())
                )
            )
    return tuple(values)


def _not_work(widget: QWidget, window: QWidget) -> bool:
    """True for a view control, or a field inside one (the line edit of a combo)."""
    current: QWidget | None = widget
    while current is not None and current is not window:
        if current.property(NOT_WORK):
            return True
        current = current.parentWidget()
    return False


@runtime_checkable
class HoldsUnsavedWork(Protocol):
    """Something on screen that can hold changes not saved yet: an embedded editor, or
    an open dialog. The main window asks every one before it closes."""

    def unsaved_work(self) -> list[str]:
        """What is not saved, one line each ("Contract Essex IMCA"); empty if nothing."""
        ...

    def save_unsaved_work(self) -> bool:
        """Save it all; True when everything saved (a refusal is shown where it is)."""
        ...

    def discard_unsaved_work(self) -> None:
        """Forget it all: put back what is saved."""
        ...


def unsaved_holders(root: QWidget) -> list[HoldsUnsavedWork]:
    """Every editor and open dialog under ``root`` that holds unsaved work."""
    found: list[HoldsUnsavedWork] = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, HoldsUnsavedWork) and widget.unsaved_work():
            found.append(widget)
    return found


def settle_keys(dialog: QDialog, main: QPushButton | None) -> None:
    """Make ``main`` the default button and take the default away from every button
    that closes without doing anything (Cancel, Close, Go back...), so Enter in a field
    or on such a button never cancels. Other buttons keep their own Enter."""
    for box in dialog.findChildren(QDialogButtonBox):
        if box.window() is not dialog:
            continue
        for button in box.buttons():
            role = box.buttonRole(button)
            if isinstance(button, QPushButton) and button is not main and role in _CLOSING:
                button.setAutoDefault(False)
                button.setDefault(False)
    if main is not None:
        main.setAutoDefault(True)
        # Off and on again: a button made default before it was in the dialog (its
        # button box not yet laid out) is not the dialog's default, and then Qt makes
        # the first button in the Tab order the default (Cancel, "Remove override"...).
        main.setDefault(False)
        main.setDefault(True)


def focus_first_field(dialog: QDialog) -> None:
    """Start in a field, not on a button: Enter on a focused button presses that button
    ("Attach scanned form…", "Remove override"), which is not what Enter in a form
    that just opened should do. A dialog that put the cursor in a field keeps it."""
    focused = dialog.focusWidget()
    if focused is not None and not isinstance(focused, QPushButton):
        return
    widget = dialog.nextInFocusChain()
    while widget is not None and widget is not dialog:
        if (
            widget.window() is dialog
            and not isinstance(widget, QPushButton)
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.isEnabled()
            and widget.isVisibleTo(dialog)
        ):
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        widget = widget.nextInFocusChain()


_CLOSING = (
    QDialogButtonBox.ButtonRole.RejectRole,
    QDialogButtonBox.ButtonRole.NoRole,
    QDialogButtonBox.ButtonRole.DestructiveRole,
)


class GuardedDialog(FittedDialog):
    """A dialog that asks before dropping what was typed, whose Enter is its main action.

    The main button is :attr:`save_button` (or the one given to
    :meth:`set_main_button`); clicking it must accept the dialog when the work is
    done, and leave it open (with the reasons shown) when not.
    """

    #: False for a dialog whose fields are choices for one action, not work to keep
    #: (an export's dates, a search): it closes on Escape without asking.
    GUARDS_UNSAVED: ClassVar[bool] = True

    _opened_with: tuple[object, ...] | None = None
    _main_button: QPushButton | None = None

    def set_main_button(self, button: QPushButton) -> None:
        """The button that does what the dialog is for: Enter presses it, and "Save"
        in the unsaved-changes question presses it."""
        self._main_button = button
        settle_keys(self, button)

    def main_button(self) -> QPushButton | None:
        if self._main_button is not None:
            return self._main_button
        button = getattr(self, "save_button", None)
        return button if isinstance(button, QPushButton) else None

    def showEvent(self, event: QShowEvent) -> None:
        if self._opened_with is None:
            settle_keys(self, self.main_button())
            focus_first_field(self)
            self.mark_saved()
        super().showEvent(event)

    def mark_saved(self) -> None:
        """What the fields hold now is what closing may drop without asking (after a
        save that keeps the dialog open, or a change made by the program)."""
        self._opened_with = form_values(self)

    def has_unsaved_changes(self) -> bool:
        """True when the fields hold something other than what they opened with."""
        return (
            self.GUARDS_UNSAVED
            and self._opened_with is not None
            and form_values(self) != self._opened_with
        )

    def reject(self) -> None:
        """Escape, the close button and Cancel: ask first when something was typed."""
        if self.has_unsaved_changes():
            answer = ask_save_discard_cancel(
                self,
                self.windowTitle() or "Unsaved changes",
                f"{self.windowTitle() or 'This form'} has changes that are not saved.",
            )
            if answer is Answer.CANCEL:
                return
            if answer is Answer.SAVE:
                self.save_unsaved_work()  # closes the dialog when the save succeeds
                return
        super().reject()

    # -- HoldsUnsavedWork, so the main window asks about an open dialog too ----------

    def unsaved_work(self) -> list[str]:
        if self.isVisible() and self.has_unsaved_changes():
            return [self.windowTitle() or "A form"]
        return []

    def save_unsaved_work(self) -> bool:
        """Press the main button; True when that saved and closed the dialog."""
        button = self.main_button()
        if button is None or not button.isEnabled():
            return False
        self.setResult(QDialog.DialogCode.Rejected.value)
        button.click()
        return self.result() == QDialog.DialogCode.Accepted.value

    def discard_unsaved_work(self) -> None:
        self._opened_with = form_values(self)
