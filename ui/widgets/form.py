"""Forms whose errors appear directly under the field they name.

A service raises ``ValidationError`` with ``errors[field]``; :class:`FieldErrors`
puts each message under its field, and any message for a field the form does not
show goes to a general label, so no message is ever lost. A field's message goes as
soon as the user changes that field: it no longer describes what the field holds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QSpinBox,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.domain.errors import AdvocacyDeskError, ValidationError
from ui.widgets import theme
from ui.widgets.screen import fit_dialog, room


class ErrorLabel(QLabel):
    """Red text under a field; hidden while there is nothing to say."""

    def __init__(self, field_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldError")
        theme.style(self, theme.ERROR)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAccessibleName(f"{field_label} error" if field_label else "Error")
        self.setHidden(True)

    def set_message(self, text: str) -> None:
        self.setText(text)
        self.setHidden(not text)

    @property
    def message(self) -> str:
        return self.text()


class FieldErrors:
    """The error labels of one form, by field name."""

    def __init__(self, general: ErrorLabel | None = None) -> None:
        self.general = general or ErrorLabel("")
        self._labels: dict[str, ErrorLabel] = {}
        self._fields: dict[str, QWidget] = {}

    def register(self, name: str, field: QWidget, label: ErrorLabel) -> None:
        self._labels[name] = label
        self._fields[name] = field
        on_edit(field, lambda: self.fixing(name))

    def fixing(self, name: str) -> None:
        """The user changed the field ``name``: its message no longer applies."""
        label = self._labels.get(name)
        if label is not None and label.message:
            label.set_message("")
            self._fields[name].setAccessibleDescription("")

    def label(self, name: str) -> ErrorLabel:
        return self._labels[name]

    def __contains__(self, name: object) -> bool:
        return name in self._labels

    def clear(self) -> None:
        for label in self._labels.values():
            label.set_message("")
        self.general.set_message("")

    def attempt(self, action: Callable[[], object]) -> bool:
        """Run a service call that saves something. If the service refuses, show why,
        each message under its field (``ValidationError``) or at the top (any other
        expected problem), and return False: nothing was saved."""
        try:
            action()
        except AdvocacyDeskError as exc:
            self.refused(exc)
            return False
        return True

    def refused(self, exc: AdvocacyDeskError) -> None:
        """Show why the service refused: by field, or at the top."""
        if isinstance(exc, ValidationError):
            self.show(exc.errors)
        else:
            self.show({"": f"Not saved: {exc}."})

    def show(self, errors: Mapping[str, str]) -> None:
        """Show ``errors`` (and only them): each under its field, the rest at the top."""
        self.clear()
        unplaced: list[str] = []
        for name, message in errors.items():
            if name in self._labels:
                self._labels[name].set_message(message)
            else:
                unplaced.append(message)
        self.general.set_message("\n".join(unplaced))
        for name, field in self._fields.items():
            field.setAccessibleDescription(errors.get(name, ""))
        grow_to_fit(self.general.window())
        self.focus_first(errors)

    def focus_first(self, errors: Mapping[str, str]) -> None:
        """Put the cursor in the first field, in form order, that has something wrong."""
        for name, field in self._fields.items():
            if name in errors:
                field.setFocus(Qt.FocusReason.OtherFocusReason)
                if isinstance(field, QLineEdit):
                    field.selectAll()
                return

    @property
    def messages(self) -> dict[str, str]:
        """The messages on show, by field name (for tests and screen readers)."""
        return {name: label.text() for name, label in self._labels.items() if label.text()}


def on_edit(field: QWidget, callback: Callable[[], None]) -> None:
    """Call ``callback`` whenever the user changes ``field`` (or, for a group of fields,
    any field in it). Text fields report only the user's typing, not the program's."""
    inputs = [field] if _is_input(field) else field.findChildren(QWidget)
    for widget in inputs:
        if isinstance(widget, QLineEdit):
            if not isinstance(widget.parentWidget(), (QComboBox, QAbstractSpinBox)):
                widget.textEdited.connect(lambda _text: callback())
        elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
            widget.textChanged.connect(callback)
        elif isinstance(widget, QComboBox):
            widget.activated.connect(lambda _index: callback())
            typed = widget.lineEdit() if widget.isEditable() else None
            if typed is not None:
                typed.textEdited.connect(lambda _text: callback())
        elif isinstance(widget, (QSpinBox, QDoubleSpinBox)):
            widget.valueChanged.connect(lambda _value: callback())
        elif isinstance(widget, QDateTimeEdit):
            widget.dateTimeChanged.connect(lambda _value: callback())
        elif isinstance(widget, QAbstractButton):
            if widget.isCheckable():
                widget.toggled.connect(lambda _checked: callback())
        elif isinstance(widget, QListWidget):
            widget.itemChanged.connect(lambda _item: callback())


_INPUTS = (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox, QAbstractButton)


def _is_input(widget: QWidget) -> bool:
    return isinstance(widget, (*_INPUTS, QListWidget))


class FieldForm(QFormLayout):
    """A form layout whose rows hold a field with its error label directly beneath."""

    def __init__(self, errors: FieldErrors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.errors = errors
        self.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.setVerticalSpacing(8)

    def add_field(self, name: str, label: str, field: QWidget, hint: str = "") -> ErrorLabel:
        """Add ``field`` under ``label``; ``errors[name]`` will show beneath it."""
        if not field.accessibleName():
            field.setAccessibleName(label)
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(field)
        if hint:
            hint_label = QLabel(hint)
            hint_label.setWordWrap(True)
            theme.style(hint_label, theme.HINT)
            column.addWidget(hint_label)
        error = ErrorLabel(label)
        column.addWidget(error)

        caption = QLabel(f"{label}:")
        # The caption labels the field itself; in a row of controls, its choice box (a
        # screen reader on Linux names a combo box by the label whose buddy it is).
        inner = field if _is_input(field) else field.findChild(QComboBox)
        caption.setBuddy(inner or field)
        # Line the caption up with the field itself, not with the error beneath it.
        if field.sizeHint().height() < 2 * caption.sizeHint().height() + 8:
            caption.setFixedHeight(field.sizeHint().height())
            caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.addRow(caption, cell)
        self.errors.register(name, field, error)
        return error


def grow_to_fit(window: QWidget) -> None:
    """Make ``window`` tall enough for messages that just appeared, so none is clipped.

    Wrapped labels have a height-for-width, which a top-level layout does not
    enforce once the window is on screen; without this the messages overlap. It never
    grows past the screen: a dialog that would scrolls its form instead.
    """
    layout = window.layout()
    if layout is None or not window.isVisible():
        return  # a window not yet shown takes its size from the layout anyway
    layout.activate()
    width = window.width()
    needed = layout.totalMinimumSize().height()
    if layout.hasHeightForWidth():
        needed = max(needed, layout.totalHeightForWidth(width))
    if needed > window.height():
        window.resize(width, min(needed, room(window).height()))
    if needed > room(window).height() and isinstance(window, QDialog):
        fit_dialog(window)  # taller than the screen: the form scrolls instead


def section(title: str) -> QGroupBox:
    """A titled group of fields; the title in bold so the groups read as headings."""
    box = QGroupBox(title)
    theme.style(box, "QGroupBox { font-weight: bold; }")
    return box
