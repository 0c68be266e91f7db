"""A field's error message goes as soon as the user changes that field: it no longer
describes what the field holds. Messages of other fields stay."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from advocacy_desk.app import Services
from tests.conftest import TODAY
from tests.ui.conftest import AddPerson, click, press, type_into
from ui.referrals.referral_form import ReferralDialog
from ui.widgets import FieldErrors, FieldForm

pytestmark = pytest.mark.usefixtures("no_modals")


def test_each_kind_of_field_clears_its_own_message_when_changed(qtbot: QtBot) -> None:
    form_widget = QWidget()
    qtbot.addWidget(form_widget)
    errors = FieldErrors()
    form = FieldForm(errors, form_widget)
    line, text, combo = QLineEdit(), QPlainTextEdit(), QComboBox()
    combo.addItems(["", "Yes", "No"])
    group = QWidget()
    boxes = QVBoxLayout(group)
    tick = QCheckBox("Understanding")
    boxes.addWidget(tick)
    for name, field in (("line", line), ("text", text), ("combo", combo), ("group", group)):
        form.add_field(name, name.capitalize(), field)
    form_widget.show()
    qtbot.waitExposed(form_widget)
    wrong = {"line": "Line is wrong.", "text": "Text is wrong.", "combo": "Choose one.",
             "group": "Tick one."}  # fmt: skip

    errors.show(wrong)
    line.setText("set by the program")  # not the user: the message stays
    assert errors.messages == wrong
    type_into(line, "x")
    assert "line" not in errors.messages
    type_into(text, "y")
    assert "text" not in errors.messages
    combo.setFocus()
    press(combo, Qt.Key.Key_Down)
    assert "combo" not in errors.messages
    tick.setFocus()
    press(tick, Qt.Key.Key_Space)
    assert tick.isChecked()
    assert errors.messages == {}


def test_a_referral_date_error_goes_as_soon_as_the_date_is_retyped(
    services: Services, add_person: AddPerson, qtbot: QtBot
) -> None:
    jane = add_person("Jane", "Smith", date(1950, 2, 1))
    dialog = ReferralDialog(services, jane, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.received_on.clear()
    type_into(dialog.received_on, "31/02/2026")
    dialog.advocacy_type.set_code("care_act")
    click(dialog.save_button)
    assert "received_on" in dialog.errors.messages
    assert dialog.errors.label("received_on").isVisibleTo(dialog)
    assert dialog.received_on.accessibleDescription()
    others = {name for name in dialog.errors.messages if name != "received_on"}
    assert others  # the source is missing too

    press(dialog.received_on, Qt.Key.Key_Backspace)
    assert "received_on" not in dialog.errors.messages
    assert not dialog.errors.label("received_on").isVisibleTo(dialog)
    assert dialog.received_on.accessibleDescription() == ""
    # The other fields' messages stay until those fields change.
    assert set(dialog.errors.messages) == others
