"""File > Import: choosing spreadsheets, seeing what they hold, checking, importing,
cancelling and saving the report, as a person using the dialog would."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QMenu
from pytestqt.qtbot import QtBot

from advocacy_desk.app import Services
from advocacy_desk.domain.changes import Changes
from advocacy_desk.domain.people import PersonDetails
from tests.ui.conftest import cell_text, click
from ui.importing import ImportDialog
from ui.main_window import MainWindow

WAIT_MS = 20_000
PEOPLE = ("person_ref", "given_name", "family_name", "date_of_birth")
REFERRALS = ("referral_ref", "person_ref", "received_on", "source", "advocacy_type")


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def people_csv(folder: Path, *rows: Sequence[str]) -> Path:
    return write_csv(folder / "people.csv", PEOPLE, rows)


def referrals_csv(folder: Path, *rows: Sequence[str]) -> Path:
    return write_csv(folder / "referrals.csv", REFERRALS, rows)


def good_files(folder: Path) -> list[Path]:
    """A referral before the people file it needs, as a person might choose them."""
    return [
        referrals_csv(folder, ("R000001", "P000001", "01/09/2026", "self", "care_act")),
        people_csv(
            folder,
            ("P000001", "Jane", "Smith", "14/03/1948"),
            ("P000002", "Amir", "Khan", "02/11/1990"),
        ),
    ]


def never_choose_files() -> list[Path]:
    raise AssertionError("a file dialog was opened in a test")


def never_choose_report(suggested: Path) -> Path | None:
    raise AssertionError("a file dialog was opened in a test")


def never_confirm(title: str, question: str) -> bool:
    raise AssertionError(f"a question was asked in a test: {question!r}")


@pytest.fixture
def open_dialog(
    services: Services, qtbot: QtBot, no_modals: list[str]
) -> Iterator[Callable[[], ImportDialog]]:
    opened: list[ImportDialog] = []  # qtbot holds widgets weakly: keep each one alive

    def open_() -> ImportDialog:
        dialog = ImportDialog(services)
        dialog.choose_files = never_choose_files
        dialog.choose_report_file = never_choose_report
        dialog.confirm = never_confirm
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        opened.append(dialog)
        return dialog

    yield open_
    # No test leaves a thread running.
    qtbot.waitUntil(lambda: not any(d.running for d in opened), timeout=WAIT_MS)


def list_texts(dialog: ImportDialog) -> list[str]:
    items = (dialog.sheet_list.item(row) for row in range(dialog.sheet_list.count()))
    return [item.text() for item in items if item is not None]


def header_texts(dialog: ImportDialog, vertical: bool = False) -> list[str]:
    table = dialog.preview_table
    count = table.rowCount() if vertical else table.columnCount()
    items = (
        table.verticalHeaderItem(i) if vertical else table.horizontalHeaderItem(i)
        for i in range(count)
    )
    return [item.text() if item is not None else "" for item in items]


def result_row(dialog: ImportDialog, row: int) -> list[str]:
    return [cell_text(dialog.results, row, column) for column in range(6)]


def run(qtbot: QtBot, dialog: ImportDialog, button_name: str) -> None:
    """Click Check or Import and wait for what it started to end."""
    button = dialog.check_button if button_name == "check" else dialog.import_button
    with qtbot.waitSignal(dialog.run_finished, timeout=WAIT_MS):
        click(button)
    assert not dialog.running


def test_before_any_file_nothing_can_run(open_dialog: Callable[[], ImportDialog]) -> None:
    dialog = open_dialog()
    assert dialog.windowTitle() == "Import from spreadsheets"
    assert "people.csv" in dialog.hint.text()
    assert "Save blank templates" in dialog.hint.text()
    assert not dialog.check_button.isEnabled()
    assert not dialog.import_button.isEnabled()
    assert not dialog.save_button.isEnabled()
    assert dialog.choose_button.isEnabled()
    assert not dialog.progress.isVisible()
    assert not dialog.cancel_button.isVisible()


def test_choose_files_goes_through_the_replaceable_chooser(
    open_dialog: Callable[[], ImportDialog], tmp_path: Path
) -> None:
    dialog = open_dialog()
    files = good_files(tmp_path)
    dialog.choose_files = lambda: files
    click(dialog.choose_button)
    assert dialog.paths == files
    assert "2 files chosen: referrals.csv, people.csv" in dialog.files_label.text()


def test_chosen_files_show_in_load_order_with_their_first_rows(
    open_dialog: Callable[[], ImportDialog], tmp_path: Path
) -> None:
    dialog = open_dialog()
    dialog.set_files(good_files(tmp_path))  # referrals.csv chosen first

    assert list_texts(dialog) == [
        "people.csv — people, 2 rows shown",
        "referrals.csv — referrals, 1 row shown",
    ]
    assert dialog.sheet_list.currentRow() == 0
    assert header_texts(dialog) == list(PEOPLE)
    assert header_texts(dialog, vertical=True) == ["2", "3"]  # the spreadsheet's row numbers
    assert cell_text(dialog.preview_table, 0, 1) == "Jane"
    assert cell_text(dialog.preview_table, 1, 3) == "02/11/1990"

    dialog.sheet_list.setCurrentRow(1)
    assert header_texts(dialog) == list(REFERRALS)
    assert cell_text(dialog.preview_table, 0, 4) == "care_act"
    assert "referrals.csv" in dialog.preview_caption.text()

    assert dialog.results.rowCount() == 0
    assert dialog.check_button.isEnabled()
    assert dialog.import_button.isEnabled()


def test_a_problem_with_a_file_shows_at_once_and_stops_check_and_import(
    open_dialog: Callable[[], ImportDialog], tmp_path: Path
) -> None:
    dialog = open_dialog()
    misnamed = write_csv(tmp_path / "peeple.csv", PEOPLE, [("P1", "Jane", "Smith", "")])
    dialog.set_files([misnamed, people_csv(tmp_path, ("P2", "Amir", "Khan", ""))])

    assert dialog.results.rowCount() == 1
    kind, where, row, _column, _value, message = result_row(dialog, 0)
    assert (kind, where, row) == ("Problem", "peeple.csv", "")
    assert "did you mean people.csv?" in message
    assert "1 problem with the files" in dialog.message.text()
    assert list_texts(dialog) == ["people.csv — people, 1 row shown"]
    assert not dialog.check_button.isEnabled()
    assert not dialog.import_button.isEnabled()
    assert not dialog.check()
    assert not dialog.import_files()
    assert dialog.save_button.isEnabled()  # the problem can be saved to work through

    dialog.set_files([people_csv(tmp_path, ("P2", "Amir", "Khan", ""))])  # put right
    assert dialog.results.rowCount() == 0
    assert dialog.import_button.isEnabled()


def test_check_shows_a_bad_date_where_it_is_and_writes_nothing(
    open_dialog: Callable[[], ImportDialog], services: Services, qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = open_dialog()
    dialog.set_files(
        [people_csv(tmp_path, ("P1", "Jane", "Smith", "31/02/1948"), ("P2", "Amir", "Khan", ""))]
    )
    run(qtbot, dialog, "check")

    assert dialog.report is not None
    assert dialog.report.dry_run
    assert result_row(dialog, 0)[:5] == [
        "Problem",
        "people.csv",
        "2",
        "date_of_birth",
        "31/02/1948",
    ]
    assert "not a real date" in cell_text(dialog.results, 0, 5)
    assert "1 problem found" in dialog.summary.text()
    assert "nothing was written" in dialog.summary.text()
    assert services.people.count() == 0
    # Import stays offered: the files may be put right and saved meanwhile.
    assert dialog.import_button.isEnabled()
    assert dialog.save_button.isEnabled()


def test_import_writes_the_files_and_says_so(
    open_dialog: Callable[[], ImportDialog], services: Services, qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = open_dialog()
    dialog.set_files(good_files(tmp_path))
    with qtbot.waitSignal(dialog.imported, timeout=WAIT_MS):
        click(dialog.import_button)  # checks first, then (no duplicates) imports
    qtbot.waitUntil(lambda: not dialog.running, timeout=WAIT_MS)

    assert services.people.count() == 2
    jane = services.people.get_by_ref("P000001")
    assert len(services.referrals.for_person(jane.id)) == 1
    assert dialog.report is not None
    assert dialog.report.written
    assert dialog.summary.text().startswith("Imported:")
    assert "people: 2 new" in dialog.summary.text()
    assert "Imported" in dialog.message.text()
    assert not dialog.import_button.isEnabled()  # not twice by accident
    assert not dialog.save_button.isEnabled()  # nothing to save

    dialog.set_files(good_files(tmp_path))
    assert dialog.import_button.isEnabled()


def test_checking_first_then_importing_does_not_check_again(
    open_dialog: Callable[[], ImportDialog], services: Services, qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = open_dialog()
    dialog.set_files(good_files(tmp_path))
    run(qtbot, dialog, "check")
    assert dialog.summary.text().startswith("Checked: nothing was written")
    assert "choose Import" in dialog.message.text()
    assert services.people.count() == 0

    with qtbot.waitSignal(dialog.imported, timeout=WAIT_MS):
        click(dialog.import_button)
    qtbot.waitUntil(lambda: not dialog.running, timeout=WAIT_MS)
    assert services.people.count() == 2


def test_a_likely_duplicate_is_imported_only_when_the_user_says_so(
    open_dialog: Callable[[], ImportDialog], services: Services, qtbot: QtBot, tmp_path: Path
) -> None:
    services.people.create(PersonDetails("Ann", "Able", date(1950, 2, 1)))
    dialog = open_dialog()
    dialog.set_files([people_csv(tmp_path, ("P9", "Anne", "Able", "01/02/1950"))])
    asked: list[str] = []

    def answer(reply: bool) -> Callable[[str, str], bool]:
        def confirm(title: str, question: str) -> bool:
            asked.append(question)
            return reply

        return confirm

    dialog.confirm = answer(False)
    run(qtbot, dialog, "import")
    assert asked == [
        "1 person looks like someone already recorded. Import them as a separate person? "
        "You can merge them by hand later."
    ]
    assert services.people.count() == 1
    assert "Nothing was imported" in dialog.message.text()
    kind, where, row, column, value, message = result_row(dialog, 0)
    assert (kind, where, row, column, value) == ("Check", "people.csv", "2", "person_ref", "P9")
    assert "already recorded" in message

    dialog.confirm = answer(True)
    with qtbot.waitSignal(dialog.imported, timeout=WAIT_MS):
        click(dialog.import_button)
    qtbot.waitUntil(lambda: not dialog.running, timeout=WAIT_MS)
    assert len(asked) == 2  # asked again, from the check already made
    assert services.people.count() == 2


def test_several_likely_duplicates_are_counted_in_the_question(
    open_dialog: Callable[[], ImportDialog], services: Services, qtbot: QtBot, tmp_path: Path
) -> None:
    services.people.create(PersonDetails("Ann", "Able", date(1950, 2, 1)))
    services.people.create(PersonDetails("Bob", "Bell", date(1960, 3, 4)))
    dialog = open_dialog()
    dialog.set_files(
        [
            people_csv(
                tmp_path, ("P8", "Anne", "Able", "01/02/1950"), ("P9", "Bob", "Bell", "04/03/1960")
            )
        ]
    )
    asked: list[str] = []

    def decline(title: str, question: str) -> bool:
        asked.append(question)
        return False

    dialog.confirm = decline
    run(qtbot, dialog, "import")
    assert asked[0].startswith("2 people look like someone already recorded.")
    assert "Import them as separate people?" in asked[0]
    assert services.people.count() == 2


def many_people(folder: Path, count: int = 5_000) -> Path:
    return people_csv(
        folder, *((f"P{n:06d}", f"Given{n}", f"Family{n}", "") for n in range(1, count + 1))
    )


def test_cancel_during_an_import_writes_nothing(
    open_dialog: Callable[[], ImportDialog], services: Services, qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = open_dialog()
    dialog.set_files([many_people(tmp_path)])
    run(qtbot, dialog, "check")  # then Import goes straight to the real import
    assert dialog.report is not None
    assert dialog.report.ok

    click(dialog.import_button)
    assert dialog.running
    assert dialog.progress.isVisible()
    assert dialog.cancel_button.isVisible()
    assert dialog.cancel_button.isEnabled()
    for button in (dialog.check_button, dialog.import_button, dialog.choose_button):
        assert not button.isEnabled()
    # Cancel before the worker first asks (after 2,000 rows, once all are counted).
    with qtbot.waitSignal(dialog.run_finished, timeout=WAIT_MS):
        click(dialog.cancel_button)

    assert dialog.report is not None
    assert dialog.report.cancelled
    assert not dialog.report.dry_run
    assert "cancelled" in dialog.summary.text()
    assert "nothing was written" in dialog.summary.text()
    assert dialog.summary.text().startswith("Import cancelled")
    assert services.people.count() == 0
    assert not dialog.progress.isVisible()
    assert not dialog.cancel_button.isVisible()
    assert dialog.import_button.isEnabled()  # can start again


def test_closing_during_a_run_stops_it_and_then_closes(
    open_dialog: Callable[[], ImportDialog], services: Services, qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = open_dialog()
    dialog.set_files([many_people(tmp_path)])
    click(dialog.import_button)  # the check before the import
    started = dialog.running
    assert started
    dialog.reject()  # as Close, Escape or the window's close button do
    assert dialog.isVisible()  # not yet: the run is stopping
    assert "Stopping" in dialog.message.text()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    assert not dialog.running
    assert dialog.report is not None
    assert dialog.report.cancelled
    assert dialog.result() == QDialog.DialogCode.Rejected.value
    assert services.people.count() == 0


def test_save_report_writes_the_problems_as_csv(
    open_dialog: Callable[[], ImportDialog], qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = open_dialog()
    dialog.set_files([people_csv(tmp_path, ("P1", "Jane", "Smith", "31/02/1948"))])
    run(qtbot, dialog, "check")
    suggested: list[Path] = []

    def choose(path: Path) -> Path:
        suggested.append(path)
        return tmp_path / "out" / "problems"  # no extension given

    (tmp_path / "out").mkdir()
    dialog.choose_report_file = choose
    click(dialog.save_button)

    assert suggested == [tmp_path / "import-report.csv"]
    saved = tmp_path / "out" / "problems.csv"
    with saved.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0] == ["kind", "file", "row", "column", "value", "problem"]
    assert rows[1][:5] == ["problem", "people.csv", "2", "date_of_birth", "31/02/1948"]
    assert str(saved) in dialog.message.text()


def test_save_report_can_be_cancelled(
    open_dialog: Callable[[], ImportDialog], qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = open_dialog()
    dialog.set_files([people_csv(tmp_path, ("P1", "Jane", "Smith", "31/02/1948"))])
    run(qtbot, dialog, "check")
    dialog.choose_report_file = lambda path: None
    assert dialog.save_report() is None
    assert list(tmp_path.glob("*report*")) == []


def test_save_report_to_a_missing_folder_says_so_in_the_dialog(
    open_dialog: Callable[[], ImportDialog], qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = open_dialog()
    dialog.set_files([people_csv(tmp_path, ("P1", "Jane", "Smith", "31/02/1948"))])
    run(qtbot, dialog, "check")
    dialog.choose_report_file = lambda path: tmp_path / "nope" / "report.csv"
    assert dialog.save_report() is None
    said = dialog.message.text()
    assert said.startswith(f"Could not save the report to {tmp_path / 'nope' / 'report.csv'}")
    assert "does not exist; create it or choose another" in said
    assert not (tmp_path / "nope").exists()


# -- the main window's File > Import menu ---------------------------------------------------


@pytest.fixture
def window(services: Services, qtbot: QtBot, no_modals: list[str]) -> MainWindow:
    opened = MainWindow(services)
    qtbot.addWidget(opened)
    return opened


def menu_texts(menu: QMenu) -> list[str]:
    return [action.text() for action in menu.actions()]


def test_file_menu_has_import_before_quit(window: MainWindow) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu)
    texts = menu_texts(file_menu)
    # the submenu, a separator, one's own account, a separator, Quit
    assert texts == [
        "&Import", "", "Change my &password…", "&Lock now", "Sign &out…", "", "&Quit"
    ]  # fmt: skip
    assert menu_texts(window.import_menu) == [
        "Import from &spreadsheets…",
        "Save blank &templates…",
    ]
    assert window.import_action.isEnabled()


def test_import_waits_for_the_database(qtbot: QtBot, no_modals: list[str]) -> None:
    opening = MainWindow(location="/data/advocacy.sqlite")
    qtbot.addWidget(opening)
    assert not opening.import_action.isEnabled()
    assert opening.templates_action.isEnabled()
    assert opening.open_import() == QDialog.DialogCode.Rejected.value


def test_an_import_from_the_menu_refreshes_every_section(
    window: MainWindow, services: Services, qtbot: QtBot, tmp_path: Path
) -> None:
    window.show()
    qtbot.waitExposed(window)
    assert window.people_page.model.rowCount() == 0
    told: list[Changes] = []
    window.bus.changed.connect(told.append)
    shown: list[ImportDialog] = []

    def run_modal(dialog: QDialog) -> int:
        assert isinstance(dialog, ImportDialog)
        shown.append(dialog)
        dialog.set_files(good_files(tmp_path))
        with qtbot.waitSignal(dialog.imported, timeout=WAIT_MS):
            dialog.import_files()
        qtbot.waitUntil(lambda: not dialog.running, timeout=WAIT_MS)
        return QDialog.DialogCode.Rejected.value

    window.run_modal = run_modal
    window.import_action.trigger()

    assert len(shown) == 1
    # The import's own commit (on a pool thread) says what it wrote, on the GUI thread.
    qtbot.waitUntil(lambda: window.people_page.model.rowCount() == 2, timeout=WAIT_MS)
    # Exactly what was imported, rather than every kind an import might have written.
    [imported] = [changes for changes in told if changes.touches("person")]
    assert imported.count("person") == 2
    assert imported.count("referral") == 1


def test_save_blank_templates_writes_them_where_chosen(window: MainWindow, tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    window.choose_folder = lambda title: folder
    told: list[tuple[str, str]] = []
    window.inform = lambda title, text: told.append((title, text))
    window.templates_action.trigger()

    written = sorted(p.name for p in folder.iterdir())
    assert len(written) == 12
    assert "people.csv" in written
    assert "advocacy-desk-import.xlsx" in written
    assert len(told) == 1
    assert "Saved 12 blank templates" in told[0][1]
    assert str(folder) in told[0][1]

    # Again into the same folder: filled-in files there are never replaced unasked.
    asked: list[str] = []

    def decline(title: str, question: str) -> bool:
        asked.append(question)
        return False

    (folder / "people.csv").write_text("person_ref\nP1\n", encoding="utf-8")
    window.confirm = decline
    assert window.save_templates() == []
    assert "people.csv" in asked[0]
    assert "will be lost" in asked[0]
    assert (folder / "people.csv").read_text(encoding="utf-8") == "person_ref\nP1\n"
    assert len(told) == 1


def test_save_blank_templates_says_why_it_could_not(window: MainWindow, tmp_path: Path) -> None:
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("", encoding="utf-8")
    window.choose_folder = lambda title: not_a_folder
    warned: list[str] = []
    window.warn = lambda title, text: warned.append(text)
    window.inform = lambda title, text: pytest.fail("told of templates not written")
    assert window.save_templates() == []
    assert len(warned) == 1
    assert warned[0].startswith(f"Could not write the templates in {not_a_folder}")
    assert "try again" in warned[0]


def test_save_blank_templates_can_be_cancelled(window: MainWindow) -> None:
    window.choose_folder = lambda title: None
    window.inform = lambda title, text: pytest.fail("nothing should be said")
    assert window.save_templates() == []
