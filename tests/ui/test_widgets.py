"""The form pieces: UK date fields, vocabulary combos, and errors under their fields."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from advocacy_desk.domain.vocabulary import ETHNICITY, NOT_KNOWN, SOURCE
from tests.ui.conftest import type_into
from ui.widgets import (
    CodeCombo,
    DateField,
    DateFieldError,
    FieldErrors,
    FieldForm,
    LevelCombo,
    theme,
)


def test_date_field_reads_uk_and_iso_dates(qtbot: QtBot) -> None:
    field = DateField("Date of birth")
    qtbot.addWidget(field)
    assert field.placeholderText() == "dd/mm/yyyy"
    type_into(field, "22/11/1950")
    assert field.value() == date(1950, 11, 22)
    field.setText("1950-02-01")
    assert field.value() == date(1950, 2, 1)
    field.setText("  ")
    assert field.value() is None
    assert field.problem() == ""


def test_date_field_never_reads_us_order(qtbot: QtBot) -> None:
    field = DateField("Date of birth")
    qtbot.addWidget(field)
    field.setText("02/01/1950")
    assert field.value() == date(1950, 1, 2)
    field.setText("11/22/1950")
    with pytest.raises(DateFieldError, match=r"^Date of birth: .*not a real date"):
        field.value()


def test_date_field_messages_name_the_field(qtbot: QtBot) -> None:
    required = DateField("Received date", required=True)
    qtbot.addWidget(required)
    assert required.problem().startswith("Received date is required")
    required.setText("last week")
    assert required.problem().startswith('Received date: "last week" is not a date')
    assert "DD/MM/YYYY" in required.problem()


def test_date_field_shows_a_typed_iso_date_the_uk_way(qtbot: QtBot) -> None:
    field = DateField("Date of birth")
    qtbot.addWidget(field)
    field.set_value(date(2026, 11, 22))
    assert field.text() == "22/11/2026"
    field.setText("2026-3-4")
    field.editingFinished.emit()
    assert field.text() == "04/03/2026"
    field.setText("31/02/2026")  # not a date: left as typed for the user to fix
    field.editingFinished.emit()
    assert field.text() == "31/02/2026"


def test_code_combo_shows_labels_and_gives_codes(qtbot: QtBot) -> None:
    combo = CodeCombo(ETHNICITY, label="Ethnic group")
    qtbot.addWidget(combo)
    assert combo.count() == 21  # the 19 ONS groups, not known, prefer not to say
    assert combo.code() == NOT_KNOWN
    assert combo.currentText() == "Not known"
    changes: list[str] = []
    combo.code_changed.connect(changes.append)
    combo.set_code("white_irish")
    assert combo.currentText() == "White: Irish"
    assert combo.toolTip() == "White: Irish"
    assert changes == ["white_irish"]
    with pytest.raises(ValueError, match="not a ethnic group"):
        combo.set_code("martian")
    assert combo.code() == "white_irish"


def test_code_combo_with_a_placeholder_starts_unanswered(qtbot: QtBot) -> None:
    combo = CodeCombo(SOURCE, placeholder="Choose…")
    qtbot.addWidget(combo)
    assert (combo.currentText(), combo.code()) == ("Choose…", "")
    combo.setCurrentIndex(2)
    assert combo.code() == "family_friend"


def test_level_combo_answers_one_to_four_or_nothing(qtbot: QtBot) -> None:
    combo = LevelCombo("Impact of the issue")
    qtbot.addWidget(combo)
    assert combo.level() is None
    combo.set_level(3)
    assert combo.level() == 3
    assert combo.currentText().startswith("3")
    combo.set_level(None)
    assert combo.level() is None
    with pytest.raises(ValueError, match="1 to 4"):
        combo.set_level(7)


def test_errors_show_under_their_field_and_hide_when_cleared(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    errors = FieldErrors()
    form = FieldForm(errors, window)
    family = QLineEdit()
    born = DateField("Date of birth")
    form.addRow(errors.general)
    form.add_field("family_name", "Family name", family)
    form.add_field("date_of_birth", "Date of birth", born, hint="Leave blank if not known.")
    window.show()
    qtbot.waitExposed(window)
    label = errors.label("family_name")
    assert label.isHidden()
    assert label.accessibleName() == "Family name error"

    errors.show({"family_name": "Family name is required.", "version": "Changed elsewhere."})
    assert label.isVisible()
    assert label.text() == "Family name is required."
    assert family.accessibleDescription() == "Family name is required."
    assert not errors.label("date_of_birth").isVisible()
    # A message for a field the form does not show still reaches the user.
    assert errors.general.isVisible()
    assert errors.general.text() == "Changed elsewhere."
    assert window.focusWidget() is family
    # The message sits directly under its field.
    field_bottom = family.mapTo(window, family.rect().bottomLeft()).y()
    label_top = label.mapTo(window, label.rect().topLeft()).y()
    assert 0 <= label_top - field_bottom < 12
    assert label.styleSheet() == theme.css(theme.ERROR)  # in red

    errors.clear()
    assert not label.isVisible()
    assert not errors.general.isVisible()
    assert errors.messages == {}


def test_caption_buddies_move_focus_to_the_field(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    form = FieldForm(FieldErrors(), window)
    field = QLineEdit()
    form.add_field("given_name", "Given name", field)
    cell = field.parentWidget()
    assert cell is not None
    caption = form.labelForField(cell)
    assert caption is not None
    assert caption.text() == "Given name:"  # type: ignore[attr-defined]
    assert caption.buddy() is field  # type: ignore[attr-defined]
    assert field.accessibleName() == "Given name"
    assert Qt.AlignmentFlag.AlignTop in form.labelAlignment()
