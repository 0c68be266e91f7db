"""The person form: what is saved, what is refused and said, and the duplicate warning."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtWidgets import QDialog, QGroupBox
from pytestqt.qtbot import QtBot

from advocacy_desk.app import Services
from advocacy_desk.domain.changes import Changes
from advocacy_desk.domain.people import FIELD_LABELS
from advocacy_desk.domain.vocabulary import ETHNICITY
from tests.conftest import TODAY
from tests.ui.conftest import AddPerson, cell_text, click, kinds, type_into
from ui.bus import DataBus
from ui.people.person_form import (
    EQUALITY_FIELDS,
    DuplicateChoice,
    DuplicateDialog,
    PersonDialog,
)

pytestmark = pytest.mark.usefixtures("no_modals")

OpenDialog = Callable[..., PersonDialog]


@pytest.fixture
def open_dialog(services: Services, bus: DataBus, qtbot: QtBot) -> OpenDialog:
    def open_(person_id: int | None = None) -> PersonDialog:
        dialog = PersonDialog(services, person_id, today=TODAY)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return open_


def type_name(qtbot: QtBot, dialog: PersonDialog, given: str, family: str, born: str = "") -> None:
    type_into(dialog.given_name, given)
    type_into(dialog.family_name, family)
    if born:
        type_into(dialog.date_of_birth, born)


def click_save(qtbot: QtBot, dialog: PersonDialog) -> None:
    click(dialog.save_button)


def test_every_coded_field_starts_not_known(open_dialog: OpenDialog) -> None:
    dialog = open_dialog()
    assert dialog.windowTitle() == "New person"
    assert set(dialog.combos) == {
        "sex",
        "gender_identity",
        "ethnicity",
        "disability",
        "sexual_orientation",
        "religion",
        "interpreter_needed",
        "primary_need",
        "out_of_area",
    }
    for name, combo in dialog.combos.items():
        assert (combo.code(), combo.currentText()) == ("not_known", "Not known"), name
    ethnicity = dialog.combos["ethnicity"]
    labels = [ethnicity.itemText(i) for i in range(ethnicity.count())]
    assert labels == [ETHNICITY.label(code) for code in ETHNICITY.codes]
    assert len(labels) == 21
    assert labels[-2:] == ["Not known", "Prefer not to say"]


def test_equality_fields_are_grouped_under_a_heading(open_dialog: OpenDialog) -> None:
    dialog = open_dialog()
    group = dialog.findChild(QGroupBox, "equalityMonitoring")
    assert isinstance(group, QGroupBox)
    assert group.title() == "Equality monitoring"
    for name in EQUALITY_FIELDS:
        assert group.isAncestorOf(dialog.combos[name]), name
    assert not group.isAncestorOf(dialog.combos["primary_need"])
    assert not group.isAncestorOf(dialog.family_name)


def test_saving_a_new_person_keeps_every_answer(
    services: Services, bus: DataBus, open_dialog: OpenDialog, qtbot: QtBot
) -> None:
    dialog = open_dialog()
    type_name(qtbot, dialog, "  Ada ", "Lovelace", "1940-12-10")
    type_into(dialog.postcode, "co4 3sq")
    type_into(dialog.local_authority, "Essex")
    type_into(dialog.first_language, "Polish")
    type_into(dialog.communication_needs, "Easy read")
    for name, code in {
        "sex": "female",
        "gender_identity": "yes",
        "ethnicity": "white_roma",
        "disability": "prefer_not_to_say",
        "sexual_orientation": "bisexual",
        "religion": "jewish",
        "interpreter_needed": "yes",
        "primary_need": "dementia",
        "out_of_area": "no",
    }.items():
        dialog.combos[name].set_code(code)
    with qtbot.waitSignal(bus.changed) as changed:
        click_save(qtbot, dialog)
    assert "person" in changed.args[0].kinds()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.created
    record = services.people.get(dialog.person_id or 0)
    details = record.details
    assert (details.given_name, details.family_name) == ("Ada", "Lovelace")
    assert details.date_of_birth == date(1940, 12, 10)
    assert (details.postcode, details.local_authority) == ("CO4 3SQ", "Essex")
    assert (details.first_language, details.communication_needs) == ("Polish", "Easy read")
    assert (details.ethnicity, details.disability, details.religion) == (
        "white_roma",
        "prefer_not_to_say",
        "jewish",
    )
    assert (details.interpreter_needed, details.out_of_area) == ("yes", "no")


def test_a_birth_date_in_the_future_is_refused_next_to_the_field(
    services: Services, open_dialog: OpenDialog, qtbot: QtBot
) -> None:
    dialog = open_dialog()
    type_name(qtbot, dialog, "Ada", "Lovelace", "01/01/2030")
    click_save(qtbot, dialog)
    error = dialog.errors.label("date_of_birth")
    assert error.isVisible()
    assert error.text().startswith("Date of birth is in the future")
    assert error.accessibleName() == "Date of birth error"
    assert not dialog.errors.label("family_name").isVisible()
    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert services.people.count() == 0


def test_an_empty_family_name_is_refused_next_to_the_field(
    services: Services, open_dialog: OpenDialog, qtbot: QtBot
) -> None:
    dialog = open_dialog()
    type_name(qtbot, dialog, "Ada", "   ")
    click_save(qtbot, dialog)
    error = dialog.errors.label("family_name")
    assert error.isVisible()
    assert FIELD_LABELS["family_name"] in error.text()
    assert "required" in error.text()
    assert dialog.focusWidget() is dialog.family_name
    assert dialog.isVisible()
    assert services.people.count() == 0

    # Fixing it clears the message and saves.
    type_into(dialog.family_name, "Lovelace")
    click_save(qtbot, dialog)
    assert not error.isVisible() or not dialog.isVisible()
    assert error.text() == ""
    assert services.people.count() == 1


def test_every_problem_is_shown_at_once(
    services: Services, open_dialog: OpenDialog, qtbot: QtBot
) -> None:
    dialog = open_dialog()
    type_into(dialog.date_of_birth, "31/02/1950")
    type_into(dialog.postcode, "not a postcode")
    click_save(qtbot, dialog)
    assert set(dialog.errors.messages) == {
        "given_name",
        "family_name",
        "date_of_birth",
        "postcode",
    }
    assert dialog.errors.messages["date_of_birth"].startswith("Date of birth:")
    assert "not a real date" in dialog.errors.messages["date_of_birth"]
    assert dialog.errors.messages["postcode"].startswith("Postcode:")
    for name in dialog.errors.messages:
        assert dialog.errors.label(name).isVisible()
    assert services.people.count() == 0


def test_the_service_is_the_last_word(
    services: Services, open_dialog: OpenDialog, qtbot: QtBot
) -> None:
    """A rule only the service applies (here: its own today) still lands under the field."""
    dialog = open_dialog()
    dialog.today = date(2100, 1, 1)  # the form thinks 2030 is in the past
    type_name(qtbot, dialog, "Ada", "Lovelace", "01/01/2030")
    click_save(qtbot, dialog)
    assert dialog.errors.label("date_of_birth").text().startswith("Date of birth is in the future")
    assert dialog.errors.label("date_of_birth").isVisible()
    assert services.people.count() == 0


def test_duplicate_warning_and_use_existing_record_saves_nothing(
    services: Services, bus: DataBus, add_person: AddPerson, open_dialog: OpenDialog, qtbot: QtBot
) -> None:
    jane = add_person("Jane", "Smith", date(1950, 2, 1), postcode="CM1 1AA")
    add_person("Amir", "Khan", date(1950, 2, 1))
    dialog = open_dialog()
    warnings: list[DuplicateDialog] = []

    def answer(warning: QDialog) -> int:
        assert isinstance(warning, DuplicateDialog)
        warnings.append(warning)
        warning.show()
        table = warning.table
        assert table.rowCount() == 1
        assert [cell_text(table, 0, c) for c in range(3)] == [
            "P000001",
            "Jane Smith",
            "01/02/1950",
        ]
        click(warning.use_existing_button)
        return warning.result()

    dialog.run_modal = answer
    changes: list[Changes] = []
    bus.changed.connect(changes.append)
    # "jane  SMITH": other case, stray spaces, the same date of birth written ISO.
    type_name(qtbot, dialog, "jane ", " SMITH", "1950-02-01")
    click_save(qtbot, dialog)

    assert len(warnings) == 1
    assert warnings[0].windowTitle() == "This person may already be recorded"
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert (dialog.person_id, dialog.created) == (jane, False)
    assert services.people.count() == 2
    assert kinds(changes) == set()  # nothing was written, so nothing to refresh


def test_duplicate_save_as_new_person(
    services: Services, add_person: AddPerson, open_dialog: OpenDialog, qtbot: QtBot
) -> None:
    jane = add_person("Jane", "Smith", date(1950, 2, 1))
    dialog = open_dialog()

    def save_new(warning: QDialog) -> int:
        assert isinstance(warning, DuplicateDialog)
        click(warning.save_new_button)
        return warning.result()

    dialog.run_modal = save_new
    type_name(qtbot, dialog, "Jane", "Smtih", "01/02/1950")  # a typo still matches
    click_save(qtbot, dialog)
    assert dialog.created
    assert dialog.person_id not in (None, jane)
    assert services.people.count() == 2


def test_duplicate_go_back_keeps_the_form_open(
    services: Services, add_person: AddPerson, open_dialog: OpenDialog, qtbot: QtBot
) -> None:
    add_person("Jane", "Smith", date(1950, 2, 1))
    dialog = open_dialog()

    def go_back(warning: QDialog) -> int:
        assert isinstance(warning, DuplicateDialog)
        click(warning.go_back_button)
        assert warning.choice is DuplicateChoice.GO_BACK
        return warning.result()

    dialog.run_modal = go_back
    type_name(qtbot, dialog, "Jane", "Smith", "01/02/1950")
    click_save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.errors.general.isVisible()
    assert "may already be recorded" in dialog.errors.general.text()
    assert services.people.count() == 1


def test_editing_a_person_loads_and_persists(
    services: Services, add_person: AddPerson, open_dialog: OpenDialog, qtbot: QtBot
) -> None:
    jane = add_person(
        "Jane", "Smith", date(1950, 2, 1), ethnicity="white_irish", postcode="CM1 1AA"
    )
    dialog = open_dialog(jane)
    assert dialog.windowTitle() == "Edit person P000001"
    assert dialog.given_name.text() == "Jane"
    assert dialog.date_of_birth.text() == "01/02/1950"
    assert dialog.combos["ethnicity"].currentText() == "White: Irish"
    dialog.date_of_birth.clear()
    type_into(dialog.date_of_birth, "02/01/1950")
    dialog.combos["sex"].set_code("female")
    click_save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    record = services.people.get(jane)
    assert (record.details.date_of_birth, record.details.sex) == (date(1950, 1, 2), "female")
    assert record.details.ethnicity == "white_irish"
    assert services.people.count() == 1


def test_editing_with_a_blanked_name_saves_nothing(
    services: Services, add_person: AddPerson, open_dialog: OpenDialog, qtbot: QtBot
) -> None:
    jane = add_person("Jane", "Smith")
    dialog = open_dialog(jane)
    dialog.given_name.clear()
    click_save(qtbot, dialog)
    assert dialog.errors.label("given_name").isVisible()
    assert "Given name" in dialog.errors.label("given_name").text()
    assert services.people.get(jane).details.given_name == "Jane"


def test_the_address_is_typed_in_the_person_group_saved_and_shown_again(
    services: Services, open_dialog: OpenDialog, qtbot: QtBot, add_person: AddPerson
) -> None:
    person_id = add_person("Jane", "Smith", date(1950, 2, 1), postcode="CM1 1AA")
    dialog = open_dialog(person_id)
    group = next(g for g in dialog.findChildren(QGroupBox) if g.title() == "Person")
    for field in (dialog.address_line_one, dialog.address_line_two, dialog.town):
        assert group.isAncestorOf(field)
    type_into(dialog.address_line_one, "12 Mill Lane")
    type_into(dialog.address_line_two, "Great Baddow")
    type_into(dialog.town, "Chelmsford")
    click_save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    details = services.people.get(person_id).details
    assert details.address_lines() == ["12 Mill Lane", "Great Baddow", "Chelmsford", "CM1 1AA"]
    again = open_dialog(person_id)
    assert (again.address_line_one.text(), again.town.text()) == ("12 Mill Lane", "Chelmsford")


def test_an_address_line_with_a_line_break_is_refused_under_its_field(
    services: Services, open_dialog: OpenDialog, qtbot: QtBot
) -> None:
    dialog = open_dialog()
    type_name(qtbot, dialog, "Ada", "Lovelace")
    dialog.address_line_one.setText("12 Mill Lane\nGreat Baddow")  # pasted from a letter
    click_save(qtbot, dialog)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.errors.messages["address_line_one"].startswith(
        "Address line 1 holds a line break"
    )
    assert services.people.count() == 0
