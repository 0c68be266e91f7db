"""Settings > Contracts as a manager meets it: the commissioners' contracts recorded and changed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QCheckBox, QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from advocacy_desk.app import Services
from advocacy_desk.domain.changes import Changes
from advocacy_desk.services.contracts import ContractDetails
from tests.ui.conftest import click, kinds, type_into
from tests.ui.present import present
from ui.bus import DataBus
from ui.settings.contracts import AddContractDialog, ContractsEditor
from ui.settings.page import SettingsPage

pytestmark = pytest.mark.usefixtures("no_modals")


@pytest.fixture
def open_editor(services: Services, bus: DataBus, qtbot: QtBot) -> Callable[[], ContractsEditor]:
    # qtbot holds widgets weakly; keep each editor alive for the whole test.
    opened: list[ContractsEditor] = []

    def open_() -> ContractsEditor:
        editor = ContractsEditor(services, bus)
        opened.append(editor)
        qtbot.addWidget(editor)
        editor.resize(1150, 700)
        editor.show()
        qtbot.waitExposed(editor)
        return editor

    return open_


def add_essex(services: Services, name: str = "Essex Care Act and IMCA") -> int:
    return services.contracts.create(
        ContractDetails(
            name=name,
            commissioner="Essex County Council",
            starts_on=date(2026, 4, 1),
            ends_on=date(2029, 3, 31),
            advocacy_types=frozenset({"care_act", "imca"}),
            hours_per_year=1200.0,
            cases_per_year=90,
        )
    ).id


def retype(field: QLineEdit, text: str) -> None:
    """Select what the field holds and type over it (a blank ``text`` clears it)."""
    field.setFocus()
    field.selectAll()
    if text:
        type_into(field, text)
    else:
        field.del_()


def tick(box: QCheckBox) -> None:
    """Click the tick box itself, as the mouse does."""
    click(box, QPoint(8, box.height() // 2))


def shown(dialog: QDialog, qtbot: QtBot) -> AddContractDialog:
    assert isinstance(dialog, AddContractDialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_contracts_show_with_dates_short_types_and_block(
    services: Services, open_editor: Callable[[], ContractsEditor]
) -> None:
    add_essex(services)
    services.contracts.create(
        ContractDetails(
            name="Southend generic",
            commissioner="Southend-on-Sea City Council",
            starts_on=date(2025, 4, 1),
            ends_on=date(2026, 3, 31),
        )
    )
    editor = open_editor()
    assert editor.rows() == [
        (
            "Essex Care Act and IMCA",
            "Essex County Council",
            "01/04/2026 – 31/03/2029",
            "Care Act advocacy, IMCA",
            "1,200 hours, 90 cases a year",
        ),
        (
            "Southend generic",
            "Southend-on-Sea City Council",
            "01/04/2025 – 31/03/2026",
            "All types",
            "No block",
        ),
    ]
    assert editor.count_label.text() == "2 contracts"
    assert editor.heading.text() == "Essex Care Act and IMCA"
    fields = editor.fields
    assert fields.starts_on.text() == "01/04/2026"
    assert fields.hours.text() == "1200"
    assert fields.cases.text() == "90"
    assert fields.type_boxes["imca"].isChecked()
    assert not fields.type_boxes["rpr"].isChecked()


def test_with_no_contracts_the_tab_says_how_to_add_the_first(
    open_editor: Callable[[], ContractsEditor],
) -> None:
    editor = open_editor()
    assert editor.empty.isVisible()
    assert not editor.table.isVisible()
    assert not editor.form.isEnabled()
    assert editor.heading.text() == "No contract chosen"


def test_an_added_contract_shows_in_the_table_and_the_service_has_it(
    services: Services, bus: DataBus, open_editor: Callable[[], ContractsEditor], qtbot: QtBot
) -> None:
    editor = open_editor()
    changes: list[Changes] = []
    bus.changed.connect(changes.append)
    seen: list[str] = []

    def fill_in(opened: QDialog) -> int:
        dialog = shown(opened, qtbot)
        seen.append(dialog.windowTitle())
        fields = dialog.fields
        type_into(fields.name, "Thurrock  IMHA")
        type_into(fields.commissioner, "Thurrock Council")
        type_into(fields.starts_on, "1/4/2026")
        type_into(fields.ends_on, "2027-03-31")
        tick(fields.type_boxes["imha"])
        type_into(fields.cases, "40")
        click(dialog.save_button)
        return dialog.result()

    editor.run_modal = fill_in
    click(editor.add_button)

    assert seen == ["Add contract"]
    assert "contract" in kinds(changes)
    [contract] = services.contracts.list()
    assert (contract.name, contract.commissioner) == ("Thurrock IMHA", "Thurrock Council")
    assert (contract.starts_on, contract.ends_on) == (date(2026, 4, 1), date(2027, 3, 31))
    assert contract.advocacy_types == frozenset({"imha"})
    assert (contract.hours_per_year, contract.cases_per_year) == (None, 40)
    assert editor.rows() == [
        (
            "Thurrock IMHA",
            "Thurrock Council",
            "01/04/2026 – 31/03/2027",
            "IMHA",
            "40 cases a year",
        )
    ]
    assert editor.heading.text() == "Thurrock IMHA"
    assert editor.status.text().startswith("Added Thurrock IMHA (Thurrock Council)")


def test_editing_the_block_and_types_changes_what_the_service_reports(
    services: Services, bus: DataBus, open_editor: Callable[[], ContractsEditor]
) -> None:
    contract_id = add_essex(services)
    editor = open_editor()
    changes: list[Changes] = []
    bus.changed.connect(changes.append)
    fields = editor.fields
    retype(fields.hours, "1,500.5")
    retype(fields.cases, "")
    tick(fields.type_boxes["imca"])
    tick(fields.type_boxes["rpr"])
    assert editor.changes_label.text() == "Changes not saved yet."
    assert editor.discard_button.isEnabled()

    click(editor.save_button)

    [contract] = services.contracts.list()
    assert contract.id == contract_id
    assert contract.advocacy_types == frozenset({"care_act", "rpr"})
    assert (contract.hours_per_year, contract.cases_per_year) == (1500.5, None)
    assert "contract" in kinds(changes)
    assert editor.rows()[0][3:] == ("Care Act advocacy, RPR", "1,500.5 hours a year")
    assert editor.changes_label.text() == ""
    assert editor.status.text() == (
        "Saved: Essex Care Act and IMCA (Essex County Council), 01/04/2026 – 31/03/2029, "
        "covers Care Act advocacy, RPR; 1,500.5 hours a year."
    )


def test_an_end_before_the_start_shows_next_to_the_end_date_and_saves_nothing(
    services: Services, bus: DataBus, open_editor: Callable[[], ContractsEditor]
) -> None:
    add_essex(services)
    before = services.contracts.list()
    editor = open_editor()
    changes: list[Changes] = []
    bus.changed.connect(changes.append)
    retype(editor.fields.ends_on, "31/03/2025")
    retype(editor.fields.hours, "900")

    click(editor.save_button)

    errors = editor.errors
    assert errors.messages == {"ends_on": "End date is before the start date: check both dates."}
    assert errors.label("ends_on").isVisible()
    assert editor.focusWidget() is editor.fields.ends_on
    assert services.contracts.list() == before
    assert kinds(changes) == set()
    assert editor.changes_label.text() == "Changes not saved yet."


def test_a_duplicate_name_shows_next_to_the_name_and_saves_nothing(
    services: Services, open_editor: Callable[[], ContractsEditor]
) -> None:
    add_essex(services)
    add_essex(services, "Essex NHS complaints")
    before = services.contracts.list()
    editor = open_editor()
    assert editor.select(before[1].id)
    retype(editor.fields.name, "Essex Care Act and IMCA")

    click(editor.save_button)

    assert editor.errors.messages == {
        "name": "Name: a contract called Essex Care Act and IMCA exists."
    }
    assert editor.errors.label("name").isVisible()
    assert services.contracts.list() == before


def test_a_duplicate_name_in_add_contract_adds_nothing(
    services: Services, open_editor: Callable[[], ContractsEditor], qtbot: QtBot
) -> None:
    add_essex(services)
    editor = open_editor()
    messages: dict[str, str] = {}

    def fill_in(opened: QDialog) -> int:
        dialog = shown(opened, qtbot)
        fields = dialog.fields
        type_into(fields.name, "Essex Care Act and IMCA")
        type_into(fields.commissioner, "Essex County Council")
        type_into(fields.starts_on, "01/04/2027")
        type_into(fields.ends_on, "31/03/2026")
        click(dialog.save_button)
        messages.update(dialog.errors.messages)
        assert dialog.result() != QDialog.DialogCode.Accepted
        dialog.reject()
        return dialog.result()

    editor.run_modal = fill_in
    assert editor.add_contract() is None
    # The dates are checked first; the name is checked once they are right.
    assert messages == {"ends_on": "End date is before the start date: check both dates."}
    assert len(services.contracts.list()) == 1


def test_unreadable_dates_and_numbers_are_refused_before_the_service(
    services: Services, open_editor: Callable[[], ContractsEditor]
) -> None:
    add_essex(services)
    before = services.contracts.list()
    editor = open_editor()
    retype(editor.fields.starts_on, "31/02/2026")
    retype(editor.fields.cases, "lots")
    click(editor.save_button)
    assert set(editor.errors.messages) == {"starts_on", "cases_per_year"}
    assert editor.errors.messages["starts_on"].startswith("Start date:")
    assert services.contracts.list() == before


def test_discard_changes_puts_back_the_saved_details(
    services: Services, open_editor: Callable[[], ContractsEditor]
) -> None:
    add_essex(services)
    editor = open_editor()
    retype(editor.fields.commissioner, "Someone else")
    click(editor.discard_button)
    assert editor.fields.commissioner.text() == "Essex County Council"
    assert editor.changes_label.text() == ""


def test_the_settings_page_has_the_contracts_tab(
    services: Services, bus: DataBus, qtbot: QtBot
) -> None:
    add_essex(services)
    page = SettingsPage(services, False, bus)
    qtbot.addWidget(page)
    page.resize(1100, 720)
    page.show_tab("contracts")
    page.show()
    qtbot.waitExposed(page)
    assert page.tabs.tabText(page.tabs.currentIndex()) == "Contracts"
    assert present(page.contracts_editor).isVisible()
    assert present(page.contracts_editor).rows()[0][0] == "Essex Care Act and IMCA"
