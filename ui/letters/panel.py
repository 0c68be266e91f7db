"""A case's letters: the list, making a new one from a template, opening one and saving
a copy.

:class:`LettersPanel` goes in the case view (``show_case``). Opening writes the letter
to a private temporary folder and hands it to the system's word processor; the file
question, the opener and the messages are replaceable attributes, so tests need no
native dialog and start no program.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.app import Services
from advocacy_desk.domain.changes import Changes
from advocacy_desk.domain.errors import AdvocacyDeskError, ValidationError
from advocacy_desk.domain.file_names import safe_file_name
from advocacy_desk.domain.permissions import Permission
from advocacy_desk.records.letters import LetterRecord, MissingAddress, Recipient
from ui.bus import DataBus
from ui.settings.tabs import shows
from ui.widgets import ErrorLabel, FieldForm, run_modal, theme
from ui.widgets.files import open_with_system, session_folder, write_copy
from ui.widgets.modal import RunModal
from ui.widgets.saving import SavingDialog
from ui.widgets.views import heading, plain, read_only_table, text_box
from ui.widgets.watching import Watch

#: Pale amber with dark text: a warning that still lets the user go on.
WARNING_STYLE = theme.notice("warning")
#: The combo's value for "the person" (parties have ids from 1).
THE_PERSON = 0
COLUMNS = ("File", "Template", "For", "Made by", "When")

#: Opens a file with the system's program for it; False if none would.
OpenFile = Callable[[Path], bool]
#: Asks where to save (parent, title, suggested path); None if the user cancelled.
ChooseFile = Callable[[QWidget | None, str, Path], Path | None]
#: Tells the user something: (parent, title, message, whether it is a problem).
Tell = Callable[[QWidget | None, str, str, bool], None]


def ask_for_file(parent: QWidget | None, title: str, suggested: Path) -> Path | None:
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, title, str(suggested), "Word document (*.docx);;PDF (*.pdf)"
    )
    return Path(chosen) if chosen else None


def show_message(parent: QWidget | None, title: str, message: str, problem: bool) -> None:
    if problem:
        QMessageBox.warning(parent, title, message)
    else:
        QMessageBox.information(parent, title, message)


class AddressChoice(Enum):
    """What to do about a letter to someone with no address to post it to."""

    ADD_FIRST = "add_first"
    MAKE_ANYWAY = "make_anyway"
    GO_BACK = "go_back"


#: Asks what to do about a missing address (parent, message); tests replace it.
AskAboutAddress = Callable[[QWidget | None, str], AddressChoice]


def ask_about_address(parent: QWidget | None, message: str) -> AddressChoice:
    """ "Add the address first, or make it anyway?": adding it first is the default, so
    Enter never makes a letter that cannot be posted."""
    box = QMessageBox(QMessageBox.Icon.Warning, "No address", message,
                      QMessageBox.StandardButton.Cancel, parent)  # fmt: skip
    add = box.addButton("Add the address first", QMessageBox.ButtonRole.AcceptRole)
    anyway = box.addButton("Make it anyway", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(add)
    box.exec()
    if box.clickedButton() is add:
        return AddressChoice.ADD_FIRST
    if box.clickedButton() is anyway:
        return AddressChoice.MAKE_ANYWAY
    return AddressChoice.GO_BACK


def when(moment: datetime) -> str:
    """A stored time (UTC; naive from SQLite) as the local clock showed it."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return f"{aware.astimezone():%d/%m/%Y %H:%M}"


class NewLetterDialog(SavingDialog):
    """Choose a template and whom the letter is for; a party with no consent to share
    needs a reason to send it anyway. Making it keeps it with the case."""

    def __init__(
        self,
        services: Services,
        case_id: int,
        *,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.case_id = case_id
        #: The letter made, once it has been.
        self.made: LetterRecord | None = None
        self.setWindowTitle("New letter")
        self.setMinimumWidth(560)

        listed = services.letters.templates()
        usable = [t for t in listed if t.problem is None]
        self.template = QComboBox()
        self.template.setObjectName("letterTemplate")
        for info in usable:
            self.template.addItem(info.title, info.name)
            self.template.setItemData(self.template.count() - 1, f"{info.name}.docx",
                                      Qt.ItemDataRole.ToolTipRole)  # fmt: skip
        self.recipients: list[Recipient] = services.letters.recipients(case_id)
        self.recipient = QComboBox()
        self.recipient.setObjectName("letterFor")
        for who in self.recipients:
            label = who.label if who.may_share else f"{who.label}: no consent to share"
            self.recipient.addItem(label, THE_PERSON if who.party_id is None else who.party_id)
        self.warning = QLabel()
        self.warning.setObjectName("noConsentWarning")
        theme.style(self.warning, WARNING_STYLE)
        self.warning.setWordWrap(True)
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        self.reason = text_box("Reason to send it without consent",
                               "Why it must go to them although they have no consent to "
                               "share, for example a safeguarding concern")  # fmt: skip
        self.reason.setObjectName("noConsentReason")
        #: Replaced by tests: the question about a missing address, the modal runner.
        self.ask_address: AskAboutAddress = ask_about_address
        self.run_modal: RunModal = run_modal
        #: The person form opened to add the address, once it has been.
        self.person_dialog: QDialog | None = None
        self.missing: MissingAddress | None = services.letters.missing_address(case_id)
        self.address_warning = QLabel()
        self.address_warning.setObjectName("noAddressWarning")
        theme.style(self.address_warning, WARNING_STYLE)
        self.address_warning.setWordWrap(True)
        self.address_warning.setTextFormat(Qt.TextFormat.PlainText)

        form = FieldForm(self.errors)
        form.add_field("template", "Template", self.template)
        form.add_field("party_id", "For", self.recipient)
        form.addRow(self.warning)
        form.add_field("no_consent_reason", "Reason", self.reason)
        self.form = form
        cell = self.reason.parentWidget()
        assert cell is not None  # the form's cell holding the box and its error
        self.reason_row: QWidget = cell

        layout = QVBoxLayout(self)
        layout.addWidget(heading("Make a letter from a template", 1.1))
        layout.addWidget(plain("The letter is filled in from the case, kept with it and "
                               "written to the audit trail. Its file name holds the case "
                               "reference and today's date.", hint=True))  # fmt: skip
        broken = len(listed) - len(usable)
        if broken:
            why = (
                "Settings > Letters says why"
                if shows(services.access, "letters")
                else "an administrator can see why in Settings"
            )
            layout.addWidget(plain(f"{broken} template{'s' if broken != 1 else ''} cannot be "
                                   f"used: {why}.", hint=True))  # fmt: skip
        layout.addWidget(self.errors.general)
        layout.addWidget(self.address_warning)
        layout.addLayout(form)
        layout.addWidget(self._buttons("Make letter", "makeLetterButton"))
        self._show_address_warning()
        self.save_button.setEnabled(bool(usable))
        self.recipient.currentIndexChanged.connect(self._recipient_changed)
        self._recipient_changed()

    def _show_address_warning(self) -> None:
        missing = self.missing
        self.address_warning.setText(missing.message if missing else "")
        self.address_warning.setVisible(missing is not None)

    def chosen(self) -> Recipient:
        return self.recipients[max(self.recipient.currentIndex(), 0)]

    def needs_reason(self) -> bool:
        return not self.chosen().may_share

    def _recipient_changed(self) -> None:
        who = self.chosen()
        self.warning.setText(
            f"There is no consent to share information with {who.label}. Say why the "
            "letter must go to them anyway: the reason is kept with it and audited."
        )
        self._show_reason(not who.may_share)

    def _show_reason(self, shown: bool) -> None:
        self.form.setRowVisible(self.warning, shown)
        self.form.setRowVisible(self.reason_row, shown)

    def select_template(self, name: str) -> None:
        index = self.template.findData(name)
        if index < 0:
            raise ValueError(f"no usable template called {name!r}")
        self.template.setCurrentIndex(index)

    def select_recipient(self, party_id: int | None) -> None:
        index = self.recipient.findData(THE_PERSON if party_id is None else party_id)
        if index < 0:
            raise ValueError(f"no recipient with party id {party_id}")
        self.recipient.setCurrentIndex(index)

    def save(self) -> bool:
        self.errors.clear()
        name = self.template.currentData()
        if not isinstance(name, str):
            self.errors.show({"template": "Template: choose one."})
            return False
        who = self.chosen()
        reason = self.reason.toPlainText().strip() if self.needs_reason() else ""
        if self.needs_reason() and not reason:
            self.errors.show({"no_consent_reason": (
                f"There is no consent to share with {who.label}: give the reason to send "
                "it anyway.")})  # fmt: skip
            return False
        self.missing = self.services.letters.missing_address(self.case_id)
        self._show_address_warning()
        if self.missing is not None:
            choice = self.ask_address(self, f"{self.missing.message} Add the address first, "
                                            "or make the letter anyway?")  # fmt: skip
            if choice is AddressChoice.ADD_FIRST:
                self.add_address(self.missing)
                return False
            if choice is not AddressChoice.MAKE_ANYWAY:
                return False
        try:
            self.made = self.services.letters.make(name, self.case_id, who.party_id, reason)
        except AdvocacyDeskError as exc:
            if isinstance(exc, ValidationError) and "no_consent_reason" in exc.errors:
                self._show_reason(True)
            return self._failed(exc)
        return self._saved()

    def add_address(self, missing: MissingAddress) -> None:
        """Open the person's form to add their address; no letter is made. Once it is
        saved, Make letter makes it with the address."""
        from ui.people.person_form import PersonDialog

        try:
            dialog = PersonDialog(self.services, missing.person_id, parent=self)
        except AdvocacyDeskError as exc:
            self.errors.show({"": f"No letter was made, and the address cannot be added "
                                  f"here: {exc}."})  # fmt: skip
            return
        self.person_dialog = dialog
        dialog.address_line_one.setFocus()
        self.run_modal(dialog)
        self.missing = self.services.letters.missing_address(self.case_id)
        self._show_address_warning()
        self.errors.general.set_message(
            "No letter was made yet: the address is now recorded, so choose Make letter."
            if self.missing is None
            else "No letter was made."
        )


class LettersPanel(QWidget):
    """The letters of the case on show, the newest first."""

    #: Its letters, and the case they belong to.
    WATCHES = frozenset({"letter", "advocacy_case"})

    def __init__(self, services: Services, bus: DataBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.bus = bus
        self.case_id: int | None = None
        self.records: list[LetterRecord] = []
        #: Replaced by tests: the modal runner, the opener, the file question, messages.
        self.run_modal: RunModal = run_modal
        self.open_file: OpenFile = open_with_system
        self.choose_file: ChooseFile = ask_for_file
        self.tell: Tell = show_message
        #: Where Open writes letters: a private temporary folder, made at the first Open.
        self.temporary_folder: Path | None = None

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("lettersTable")
        self.table.setAccessibleName("Letters")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        read_only_table(self.table)
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # "For" takes the rest
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(self.open_letter)
        self.empty = plain("No letters yet.", hint=True)
        self.message = ErrorLabel("Letters")

        self.new_button = QPushButton("New letter…")
        self.new_button.setObjectName("newLetterButton")
        self.new_button.clicked.connect(self.new_letter)
        self.open_button = QPushButton("Open")
        self.open_button.setObjectName("openLetterButton")
        self.open_button.setToolTip("Open the letter in your word processor")
        self.open_button.clicked.connect(self.open_letter)
        self.save_button = QPushButton("Save a copy…")
        self.save_button.setObjectName("saveLetterButton")
        self.save_button.setToolTip("Save the letter as a Word document or a PDF")
        self.save_button.clicked.connect(self.save_copy)
        row = QHBoxLayout()
        for button in (self.new_button, self.open_button, self.save_button):
            row.addWidget(button)
        row.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading("Letters", 1.1))
        layout.addWidget(self.message)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.watch = Watch(bus, self, self.WATCHES, self._changed)
        self._selection_changed()

    # -- the list -------------------------------------------------------------------------

    def show_case(self, case_id: int | None) -> None:
        self.case_id = case_id
        self.refresh()

    def refresh(self) -> None:
        self.watch.fresh()
        self.message.set_message("")
        self.records = []
        if self.case_id is not None:
            try:
                self.records = self.services.letters.letters(self.case_id)
            except AdvocacyDeskError as exc:
                self.message.set_message(f"The letters cannot be shown: {exc}.")
        self.table.setRowCount(len(self.records))
        for index, record in enumerate(self.records):
            who = record.party or "The person"
            cells = (
                record.file_name,
                record.template_title,
                who,
                record.created_by,
                when(record.created_at),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == 2 and record.no_consent_reason:
                    item.setToolTip(f"Sent without consent to share: {record.no_consent_reason}")
                self.table.setItem(index, column, item)
        self.empty.setVisible(self.case_id is not None and not self.records)
        can_make = self.services.access.can(Permission.CASEWORK_ALL, Permission.CASEWORK_OWN)
        self.new_button.setEnabled(self.case_id is not None and can_make)
        self._selection_changed()

    def rows(self) -> list[tuple[str, ...]]:
        """What the table shows (for tests)."""
        found = []
        for r in range(self.table.rowCount()):
            items = (self.table.item(r, c) for c in range(self.table.columnCount()))
            found.append(tuple(item.text() if item else "" for item in items))
        return found

    def selected(self) -> LetterRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.records[rows[0].row()] if rows else None

    def select(self, letter_id: int) -> None:
        for index, record in enumerate(self.records):
            if record.id == letter_id:
                self.table.selectRow(index)
                return

    def _selection_changed(self) -> None:
        chosen = self.selected() is not None
        self.open_button.setEnabled(chosen)
        self.save_button.setEnabled(chosen)

    def _changed(self, _changes: Changes | None) -> None:
        if self.case_id is not None:
            keep = self.selected()
            self.refresh()
            if keep is not None:
                self.select(keep.id)

    # -- actions --------------------------------------------------------------------------

    def new_letter(self) -> LetterRecord | None:
        if self.case_id is None:
            return None
        try:
            dialog = NewLetterDialog(self.services, self.case_id, parent=self)
        except AdvocacyDeskError as exc:
            self.message.set_message(f"No letter can be made: {exc}.")
            return None
        if self.run_modal(dialog) != QDialog.DialogCode.Accepted or dialog.made is None:
            return None
        self.watch.catch_up()  # shown at once, even by a panel not on screen yet
        self.select(dialog.made.id)
        return dialog.made

    def open_letter(self) -> Path | None:
        """Write the chosen letter to a private temporary folder and open it."""
        record = self.selected()
        if record is None:
            return None
        try:
            name, content = self.services.letters.content(record.id)
            path = write_copy(name, content, self._temporary_folder())
        except (AdvocacyDeskError, OSError) as exc:
            self.tell(self.window(), "Open letter", f"The letter cannot be opened: {exc}.", True)
            return None
        if not self.open_file(path):
            self.tell(self.window(), "Open letter",
                      f"No program on this computer opens Word documents. The letter was "
                      f"saved as {path}.", True)  # fmt: skip
        return path

    def save_copy(self) -> Path | None:
        record = self.selected()
        if record is None:
            return None
        chosen = self.choose_file(self.window(), "Save a copy of the letter",
                                  Path.home() / safe_file_name(record.file_name))  # fmt: skip
        if chosen is None or not str(chosen):
            return None
        if not chosen.suffix:
            chosen = chosen.with_suffix(".docx")
        try:
            written = self.services.letters.export(record.id, chosen)
        except AdvocacyDeskError as exc:
            self.tell(self.window(), "Save a copy", f"Nothing was saved: {exc}.", True)
            return None
        self.tell(self.window(), "Save a copy",
                  f"The letter was saved as {written}. It holds personal data: keep it "
                  "safe and delete it when it is no longer needed.", False)  # fmt: skip
        return written

    def _temporary_folder(self) -> Path:
        if self.temporary_folder is None or not self.temporary_folder.is_dir():
            self.temporary_folder = session_folder()
        return self.temporary_folder
