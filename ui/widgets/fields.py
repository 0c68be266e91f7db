"""Input widgets that speak the app's values: UK dates and vocabulary codes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import cache

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from advocacy_desk.domain.dates import format_uk, parse_date
from advocacy_desk.domain.vocabulary import NOT_KNOWN, Vocabulary

#: Long labels (the ONS ethnic groups) would make a combo as wide as the screen.
_COMBO_MIN_CHARS = 22


class DateFieldError(ValueError):
    """Text in a date field that is not a date; the message names the field."""


class DateField(QLineEdit):
    """A date typed the UK way (22/11/2026); ISO (2026-11-22) is accepted too.

    ``value()`` raises :class:`DateFieldError` with a message that names the field,
    so a form can show it under the field before any service is called.
    """

    def __init__(
        self, label: str, *, required: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.label = label
        self.required = required
        self.setPlaceholderText("dd/mm/yyyy")
        self.setAccessibleName(label)
        self.setMaxLength(10)
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("00/00/00000") + 24)
        self.editingFinished.connect(self._tidy)

    def minimumSizeHint(self) -> QSize:
        """Room for a whole date: a crowded form (125% text on a laptop) squeezes a
        line edit down to a few characters otherwise, and the day and month vanish."""
        hint = super().minimumSizeHint()
        return QSize(self.fontMetrics().horizontalAdvance("00/00/0000") + 16, hint.height())

    def value(self) -> date | None:
        """The date typed, or ``None`` for a blank optional field."""
        text = self.text().strip()
        if not text:
            if self.required:
                raise DateFieldError(
                    f"{self.label} is required: write it as DD/MM/YYYY, for example 22/11/2026."
                )
            return None
        try:
            return parse_date(text)
        except ValueError as exc:
            raise DateFieldError(f"{self.label}: {exc}.") from None

    def problem(self) -> str:
        """What is wrong with the text, or an empty string."""
        try:
            self.value()
        except DateFieldError as exc:
            return str(exc)
        return ""

    def set_value(self, value: date | None) -> None:
        self.setText(format_uk(value))

    def _tidy(self) -> None:
        """Show a valid date the UK way once the user leaves the field."""
        try:
            value = self.value()
        except DateFieldError:
            return
        if value is not None and self.text() != format_uk(value):
            self.set_value(value)


def read_period(
    start: DateField, end: DateField
) -> tuple[date | None, date | None, dict[str, str]]:
    """The two dates of a from-to pair, and the message of each that does not read
    (under "start" and "end"); a date left blank is None."""
    errors: dict[str, str] = {}
    values: list[date | None] = []
    for name, field in (("start", start), ("end", end)):
        try:
            values.append(field.value())
        except DateFieldError as exc:
            errors[name] = str(exc)
            values.append(None)
    return values[0], values[1], errors


class CodeCombo(QComboBox):
    """A choice from a vocabulary: shows the labels, gives back the codes."""

    code_changed = Signal(str)

    def __init__(
        self,
        vocabulary: Vocabulary,
        *,
        label: str = "",
        codes: Iterable[str] | None = None,
        placeholder: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.vocabulary = vocabulary
        if placeholder:
            # Starts unanswered (code ""), so a default is never recorded by accident.
            self.addItem(placeholder, "")
        for code in vocabulary.codes if codes is None else codes:
            self.addItem(vocabulary.label(code), code)
        self.setAccessibleName(label or vocabulary.title)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(_COMBO_MIN_CHARS)
        if not placeholder and self.findData(NOT_KNOWN) >= 0:
            self.set_code(NOT_KNOWN)
        self.currentIndexChanged.connect(self._changed)
        self._changed()

    def code(self) -> str:
        data = self.currentData()
        return data if isinstance(data, str) else ""

    def set_code(self, code: str) -> None:
        """Choose ``code`` (``""`` for the placeholder); ``ValueError`` if it is not offered."""
        index = self.findData(code)
        if index < 0:
            raise ValueError(f'"{code}" is not a {self.vocabulary.title} offered here')
        self.setCurrentIndex(index)

    def _changed(self) -> None:
        # The whole label as a tooltip: a narrow combo may cut a long one short.
        self.setToolTip(self.currentText())
        self.code_changed.emit(self.code())


@cache
def level_widest() -> int:
    """Characters in the longest answer of any question: every level box is as wide."""
    from advocacy_desk.domain.matrix import LEVEL_MEANINGS, level_label

    return max(len(level_label(k, n)) for k, levels in LEVEL_MEANINGS.items() for n in levels)


class LevelCombo(QComboBox):
    """A matrix answer, 1 to 4 with what each means for its question ("4 (no one,
    isolated)" for the support network), or not answered yet."""

    UNANSWERED = "Not answered"

    def __init__(self, label: str, key: str = "complexity", parent: QWidget | None = None
                 ) -> None:  # fmt: skip
        # The matrix (and NumPy, which scores it) loads with the first form that asks,
        # not with the widgets every window imports before it first paints.
        from advocacy_desk.domain.matrix import LEVEL_MEANINGS, level_label, level_scale

        super().__init__(parent)
        self.addItem(self.UNANSWERED, None)
        for level in LEVEL_MEANINGS[key]:
            self.addItem(level_label(key, level), level)
        # The form keeps its width; the list opens wide enough to read each meaning whole.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(level_widest())
        widest = max(self.fontMetrics().horizontalAdvance(self.itemText(i))
                     for i in range(self.count()))  # fmt: skip
        self.view().setMinimumWidth(widest + 40)
        self.setAccessibleName(label)
        self.setToolTip(f"{label}: {level_scale(key)}. Unanswered scores 0.")

    def level(self) -> int | None:
        data = self.currentData()
        return data if isinstance(data, int) else None

    def set_level(self, level: int | None) -> None:
        index = self.findData(level) if level is not None else 0
        if index < 0:
            raise ValueError(f"{self.accessibleName()}: answer 1 to 4, not {level}")
        self.setCurrentIndex(index)
