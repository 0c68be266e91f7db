"""Letters in the window: a case's letters, the New letter dialog with good and bad
input (a party with no consent to share needs a reason), opening a letter and saving a
copy, and Settings > Letters (the folder, the templates' problems, the placeholders)."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import docx
import pytest
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from advocacy_desk.app import Services
from advocacy_desk.letters.placeholders import PLACEHOLDERS
from tests.services.test_letters import (
    ADDRESS,
    PASSWORD,
    give_address,
    give_sharing_consent,
    open_case,
    person_of,
    word_template,
)
from tests.ui.conftest import click, type_into
from ui.bus import DataBus
from ui.letters import LettersPanel, NewLetterDialog, TemplatesSetting
from ui.letters.panel import AddressChoice
from ui.people.person_form import PersonDialog

pytestmark = pytest.mark.usefixtures("no_modals")

Told = list[tuple[str, str, bool]]


@pytest.fixture
def case_id(services: Services) -> int:
    """Jane Partridge's case; she has an address (letters go without a question)."""
    made = open_case(services)
    give_address(services, person_of(services, made), **ADDRESS)
    return made


@pytest.fixture
def no_address_case(services: Services) -> int:
    """Ann Other's case: no address recorded (only the postcode, for travel)."""
    return open_case(services, "Ann", "Other")


@pytest.fixture
def panel(qtbot: QtBot, services: Services, bus: DataBus, case_id: int) -> LettersPanel:
    shown = LettersPanel(services, bus)
    qtbot.addWidget(shown)
    shown.resize(820, 360)
    shown.show_case(case_id)
    return shown


@pytest.fixture
def told(panel: LettersPanel) -> Told:
    said: Told = []

    def tell(_parent: QWidget | None, title: str, message: str, problem: bool) -> None:
        said.append((title, message, problem))

    panel.tell = tell
    return said


def drive(panel: LettersPanel, act: Callable[[NewLetterDialog], None]) -> list[NewLetterDialog]:
    """Replace the panel's modal runner by ``act``; the dialogs it was given."""
    seen: list[NewLetterDialog] = []

    def run(dialog: QDialog) -> int:
        assert isinstance(dialog, NewLetterDialog)
        seen.append(dialog)
        dialog.show()
        act(dialog)
        return dialog.result()

    panel.run_modal = run
    return seen


def test_the_panel_lists_the_cases_letters(
    qtbot: QtBot, services: Services, panel: LettersPanel, case_id: int
) -> None:
    assert panel.rows() == []
    assert not panel.empty.isHidden()
    assert not panel.open_button.isEnabled()
    services.letters.make("introduction-easy-read", case_id)
    panel.refresh()
    [row] = panel.rows()
    assert row[:4] == (
        "C000001-introduction-easy-read-2026-11-23.docx",
        "Introduction of the advocate (easy read)",
        "The person",
        "tester",
    )
    assert panel.empty.isHidden()
    panel.select(services.letters.letters(case_id)[0].id)
    assert panel.open_button.isEnabled()
    assert panel.save_button.isEnabled()


def test_a_new_letter_with_good_input_is_kept_and_shown(
    qtbot: QtBot, services: Services, panel: LettersPanel, bus: DataBus, case_id: int
) -> None:
    def make(dialog: NewLetterDialog) -> None:
        assert [dialog.template.itemText(i) for i in range(dialog.template.count())][:2] == [
            "Referral acknowledgement",
            "Introduction of the advocate",
        ]
        assert dialog.recipient.currentText() == "Jane Partridge (the person)"
        assert not dialog.form.isRowVisible(dialog.reason_row)  # no party: no reason asked
        dialog.select_template("appointment-confirmation")
        click(dialog.save_button)

    seen = drive(panel, make)
    with qtbot.waitSignal(bus.changed) as changed:
        made = panel.new_letter()
    assert "letter" in changed.args[0].kinds()
    assert made is not None
    assert seen[0].result() == QDialog.DialogCode.Accepted
    assert made.file_name == "C000001-appointment-confirmation-2026-11-23.docx"
    assert panel.rows()[0][0] == made.file_name
    assert panel.selected() == panel.records[0]


def test_a_party_without_consent_needs_a_reason_shown_under_the_field(
    qtbot: QtBot, services: Services, panel: LettersPanel, case_id: int
) -> None:
    party = services.consent.add_party(person_of(services, case_id), "Sam Jones",
                                       "social_worker", "Essex County Council")  # fmt: skip
    reason = "Safeguarding: the social worker must know today"

    def make(dialog: NewLetterDialog) -> None:
        dialog.select_recipient(party.id)
        assert "no consent to share" in dialog.recipient.currentText()
        assert dialog.form.isRowVisible(dialog.reason_row)
        assert "no consent to share information with Sam Jones" in dialog.warning.text()
        click(dialog.save_button)  # no reason: refused, nothing kept
        assert dialog.errors.messages == {
            "no_consent_reason": "There is no consent to share with Sam Jones, Social worker "
            "(Essex County Council): give the reason to send it anyway."
        }
        assert dialog.result() != QDialog.DialogCode.Accepted
        assert services.letters.letters(case_id) == []
        dialog.select_recipient(None)  # back to the person: no reason asked
        assert not dialog.form.isRowVisible(dialog.reason_row)
        dialog.select_recipient(party.id)
        type_into(dialog.reason, reason)
        click(dialog.save_button)

    drive(panel, make)
    made = panel.new_letter()
    assert made is not None
    assert made.no_consent_reason == reason
    assert panel.rows()[0][2] == "Sam Jones, Social worker (Essex County Council)"
    cell = panel.table.item(0, 2)
    assert cell is not None
    assert cell.toolTip().startswith("Sent without consent to share: Safeguarding")


def test_a_party_with_consent_needs_no_reason(
    qtbot: QtBot, services: Services, panel: LettersPanel, case_id: int
) -> None:
    person_id = person_of(services, case_id)
    gp = services.consent.add_party(person_id, "Dr Rao", "gp")
    give_sharing_consent(services, person_id, gp.id)

    def make(dialog: NewLetterDialog) -> None:
        dialog.select_recipient(gp.id)
        assert dialog.recipient.currentText() == "Dr Rao, GP"
        assert not dialog.form.isRowVisible(dialog.reason_row)
        click(dialog.save_button)

    drive(panel, make)
    made = panel.new_letter()
    assert made is not None
    assert (made.party, made.no_consent_reason) == ("Dr Rao, GP", "")


def test_a_broken_template_is_not_offered_and_the_dialog_says_so(
    qtbot: QtBot, services: Services, panel: LettersPanel, tmp_path: Path
) -> None:
    services.letters.set_templates_folder(tmp_path)
    word_template(tmp_path / "ours.docx", "{{ person_adress }}")
    word_template(tmp_path / "good.docx", "Hello {{ person_first_name }}")

    def look(dialog: NewLetterDialog) -> None:
        names = [dialog.template.itemData(i) for i in range(dialog.template.count())]
        assert "good" in names
        assert "ours" not in names
        dialog.reject()

    drive(panel, look)
    assert panel.new_letter() is None
    assert services.letters.letters(panel.case_id or 0) == []


def test_open_writes_the_letter_to_a_private_file_and_opens_it(
    qtbot: QtBot, services: Services, panel: LettersPanel, case_id: int, told: Told,
    tmp_path: Path,
) -> None:  # fmt: skip
    made = services.letters.make("introduction", case_id)
    panel.refresh()
    panel.temporary_folder = tmp_path
    opened: list[Path] = []

    def open_file(path: Path) -> bool:
        opened.append(path)
        return True

    panel.open_file = open_file
    assert panel.open_letter() is None  # nothing chosen yet
    panel.select(made.id)
    path = panel.open_letter()
    assert path is not None
    assert opened == [path]
    assert path == tmp_path / made.file_name
    assert path.read_bytes() == services.letters.content(made.id)[1]
    assert told == []
    panel.open_file = lambda path: False  # no word processor
    panel.open_letter()
    assert told[-1][2] is True
    assert "No program on this computer opens Word documents" in told[-1][1]


def test_save_a_copy_as_pdf_or_cancel(
    qtbot: QtBot, services: Services, panel: LettersPanel, case_id: int, told: Told,
    tmp_path: Path,
) -> None:  # fmt: skip
    made = services.letters.make("case-closure-easy-read", case_id)
    panel.refresh()
    panel.select(made.id)
    panel.choose_file = lambda _parent, _title, suggested: None
    assert panel.save_copy() is None
    assert told == []
    panel.choose_file = lambda _parent, _title, suggested: tmp_path / "copy.pdf"
    written = panel.save_copy()
    assert written == tmp_path / "copy.pdf"
    assert written.read_bytes().startswith(b"%PDF")
    panel.choose_file = lambda _parent, _title, suggested: tmp_path / "nowhere" / "x.docx"
    assert panel.save_copy() is None
    assert [problem for _title, _message, problem in told] == [False, True]
    assert told[-1][1].startswith("Nothing was saved: cannot write")


def test_an_advocate_cannot_make_letters_for_another_advocates_case(
    qtbot: QtBot, services: Services, bus: DataBus, case_id: int
) -> None:
    services.staff.add("bob", "Bob Other", advocacy_types=["care_act"])
    services.accounts.add("bob", "Bob Other", "advocate", PASSWORD)
    services.accounts.sign_in("bob", PASSWORD)
    shown = LettersPanel(services, bus)
    qtbot.addWidget(shown)
    shown.show_case(case_id)
    assert "not on your caseload" in shown.message.message
    assert shown.rows() == []


def test_the_panel_looks_right(
    qtbot: QtBot, services: Services, panel: LettersPanel, case_id: int
) -> None:
    party = services.consent.add_party(person_of(services, case_id), "Sam Jones",
                                       "social_worker", "Essex County Council")  # fmt: skip
    services.letters.make("introduction", case_id)
    services.letters.make("introduction-easy-read", case_id, party.id, "Safeguarding")
    panel.refresh()
    panel.show()
    qtbot.waitExposed(panel)
    panel.grab().save("/tmp/letters_panel.png")
    dialog = NewLetterDialog(services, case_id)
    qtbot.addWidget(dialog)
    dialog.select_recipient(party.id)
    dialog.show()
    qtbot.waitExposed(dialog)
    click(dialog.save_button)
    dialog.grab().save("/tmp/letters_dialog.png")
    assert dialog.errors.messages


# -- a letter to someone with no address ------------------------------------------------------


Opened = tuple[NewLetterDialog, list[str], list[QDialog]]


def no_address_dialog(qtbot: QtBot, services: Services, case: int,
                      choice: AddressChoice) -> Opened:  # fmt: skip
    """The New letter dialog for ``case``, answering the address question with
    ``choice``; the questions asked and the dialogs opened from it."""
    dialog = NewLetterDialog(services, case)
    qtbot.addWidget(dialog)
    asked: list[str] = []
    opened: list[QDialog] = []

    def ask(_parent: QWidget | None, message: str) -> AddressChoice:
        asked.append(message)
        return choice

    dialog.ask_address = ask

    def run(shown: QDialog) -> int:
        opened.append(shown)
        return 0

    dialog.run_modal = run
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog, asked, opened


def test_the_dialog_says_the_person_has_no_address_before_the_letter_is_made(
    qtbot: QtBot, services: Services, no_address_case: int
) -> None:
    dialog, asked, opened = no_address_dialog(qtbot, services, no_address_case,
                                              AddressChoice.ADD_FIRST)  # fmt: skip
    message = "Ann Other has no address recorded: the letter will have no address block."
    assert dialog.address_warning.isVisible()
    assert dialog.address_warning.text() == message
    click(dialog.save_button)
    assert asked == [f"{message} Add the address first, or make the letter anyway?"]
    # Adding the address first makes no letter: the person's form opens instead.
    assert services.letters.letters(no_address_case) == []
    assert dialog.made is None
    assert dialog.isVisible()
    [form] = opened
    assert isinstance(form, PersonDialog)
    assert form.windowTitle() == "Edit person P000001"
    assert "No letter was made" in dialog.errors.general.text()


def test_with_the_address_added_the_letter_is_made_with_it(
    qtbot: QtBot, services: Services, no_address_case: int
) -> None:
    dialog, asked, opened = no_address_dialog(qtbot, services, no_address_case,
                                              AddressChoice.ADD_FIRST)  # fmt: skip

    def fill_in(shown: QDialog) -> int:
        opened.append(shown)
        assert isinstance(shown, PersonDialog)
        type_into(shown.address_line_one, "3 Church Street")
        type_into(shown.town, "Maldon")
        click(shown.save_button)
        return shown.result()

    dialog.run_modal = fill_in
    click(dialog.save_button)
    assert services.letters.letters(no_address_case) == []
    assert not dialog.address_warning.isVisible()
    click(dialog.save_button)  # now no question: the letter is made
    assert len(asked) == 1
    assert dialog.made is not None
    content = services.letters.content(dialog.made.id)[1]
    text = "\n".join(p.text for p in docx.Document(BytesIO(content)).paragraphs)
    assert "Ann Other\n3 Church Street\nMaldon\nCM2 0AA" in text


def test_make_it_anyway_makes_the_letter_and_going_back_makes_none(
    qtbot: QtBot, services: Services, no_address_case: int
) -> None:
    dialog, asked, opened = no_address_dialog(qtbot, services, no_address_case,
                                              AddressChoice.GO_BACK)  # fmt: skip
    click(dialog.save_button)
    assert len(asked) == 1
    assert services.letters.letters(no_address_case) == []
    assert dialog.isVisible()
    dialog.ask_address = lambda _parent, _message: AddressChoice.MAKE_ANYWAY
    click(dialog.save_button)
    assert dialog.made is not None
    assert opened == []
    assert len(services.letters.letters(no_address_case)) == 1


# -- Settings > Letters -----------------------------------------------------------------------


@pytest.fixture
def setting(qtbot: QtBot, services: Services) -> TemplatesSetting:
    shown = TemplatesSetting(services)
    qtbot.addWidget(shown)
    shown.resize(900, 700)
    return shown


def test_settings_list_the_templates_and_the_placeholders(
    setting: TemplatesSetting, db_path: Path
) -> None:
    assert setting.folder.text() == str(db_path.resolve().parent / "letter-templates")
    rows = setting.template_rows()
    assert len(rows) == 6
    assert rows[0] == ("referral-acknowledgement", "Referral acknowledgement", "Advocacy Desk", "")
    assert setting.placeholders.rowCount() == len(PLACEHOLDERS)
    first = setting.placeholders.item(0, 0)
    assert first is not None
    assert first.text() == "{{ provider_name }}"
    assert setting.choose_button.isEnabled()


def test_choosing_a_folder_shows_its_templates_and_their_problems(
    qtbot: QtBot, setting: TemplatesSetting, tmp_path: Path
) -> None:
    word_template(tmp_path / "home-visit.docx", "{{ person_adress }}")
    word_template(tmp_path / "welcome.docx", "Hello {{ person_first_name }}")
    setting.choose_folder = lambda _parent, _title, _start: tmp_path
    assert setting.choose()
    assert setting.folder.text() == str(tmp_path.resolve())
    rows = {r[0]: r for r in setting.template_rows()}
    assert rows["welcome"] == ("welcome", "Welcome", "Your folder", "")
    assert rows["home-visit"][3].startswith(
        "Template 'home-visit.docx' uses {{ person_adress }}, which Advocacy Desk does not know."
    )
    problem = setting.templates.item(6, 3)
    assert problem is not None
    assert problem.text() == rows["home-visit"][3]
    setting.show()
    qtbot.waitExposed(setting)
    setting.grab().save("/tmp/letters_settings.png")


def test_a_folder_that_does_not_exist_is_refused_under_the_field(
    setting: TemplatesSetting, tmp_path: Path
) -> None:
    before = setting.folder.text()
    setting.choose_folder = lambda _parent, _title, _start: tmp_path / "gone"
    assert not setting.choose()
    assert setting.errors.messages["folder"].startswith("Folder: ")
    assert setting.folder.text() == before
    setting.choose_folder = lambda _parent, _title, _start: None  # cancelled
    assert not setting.choose()


def test_only_an_administrator_chooses_the_folder(
    qtbot: QtBot, services: Services, case_id: int
) -> None:
    services.accounts.add("dee", "Dee Okafor", "advocate", PASSWORD)
    services.accounts.sign_in("dee", PASSWORD)
    shown = TemplatesSetting(services)
    qtbot.addWidget(shown)
    assert not shown.choose_button.isEnabled()
    assert len(shown.template_rows()) == 6
