"""A person's consents and the parties their information may be shared with: list them,
add a party, record a consent (with a scanned form), withdraw one, open a scan.

Every form checks what it can, then shows the service's ``ValidationError`` messages
under the fields they name; nothing is saved on bad input. A save's commit tells the
data bus what it wrote, so the banners on the person's record and cases update.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.app import Services
from advocacy_desk.domain.consent import MAX_ATTACHMENT_BYTES, ConsentDetails
from advocacy_desk.domain.dates import format_uk
from advocacy_desk.domain.errors import AdvocacyDeskError
from advocacy_desk.domain.vocabulary import CONSENT_HOW, CONSENT_KIND, PARTY_ROLE
from advocacy_desk.records.consent import ConsentRecord, PartyRecord
from ui.consent.banner import ConsentBanner
from ui.widgets import CodeCombo, DateField, DateFieldError, FieldForm, run_modal, theme
from ui.widgets import section as titled_section
from ui.widgets.files import open_with_system, write_copy
from ui.widgets.form import ErrorLabel
from ui.widgets.modal import RunModal
from ui.widgets.saving import SavingDialog
from ui.widgets.unsaved import GuardedDialog
from ui.widgets.views import heading, plain, read_only_table, text_box

#: Asks the user for a scanned form; the path chosen, or None when they cancel.
ChooseFile = Callable[[QWidget], str | None]
#: Opens a file with the program the computer uses for it; whether that worked.
OpenFile = Callable[[Path], bool]

CHOOSE = "Choose…"
NOTICE_STYLE = theme.notice("success")
SCAN_FILTER = "Scanned forms (*.pdf *.png *.jpg *.jpeg);;All files (*)"


def choose_scan(parent: QWidget) -> str | None:
    """The file dialog that asks for a scanned, signed consent form."""
    chosen, _filter = QFileDialog.getOpenFileName(
        parent, "Attach the scanned consent form", str(Path.home()), SCAN_FILTER
    )
    return chosen or None


def how_text(record: ConsentRecord) -> str:
    """ "Verbal", or "Non-instructed: advocate's decision (because ...)"."""
    label = CONSENT_HOW.label(record.how) if record.how in CONSENT_HOW else record.how
    return f"{label}: {record.reason}" if record.reason else label


def withdrawn_text(record: ConsentRecord) -> str:
    if record.withdrawn_on is None:
        return ""
    why = f": {record.withdrawn_reason}" if record.withdrawn_reason else ""
    return f"{format_uk(record.withdrawn_on)}{why}"


def consent_line(record: ConsentRecord) -> str:
    """One line naming a consent, for the withdrawal dialog."""
    what = (
        "Consent to advocacy involvement"
        if record.kind == "advocacy"
        else f"Consent to share information with {record.party_label}"
    )
    how = CONSENT_HOW.label(record.how) if record.how in CONSENT_HOW else record.how
    return f"{what}, given on {format_uk(record.given_on)} ({how.lower()})."


def _item(text: str, data: int) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setData(Qt.ItemDataRole.UserRole, data)
    item.setToolTip(text)
    return item


# -- the forms -----------------------------------------------------------------------------


class PartyDialog(SavingDialog):
    """Someone the person's information may be shared with: name, role, organisation."""

    def __init__(
        self,
        services: Services,
        person_id: int,
        *,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.person_id = person_id
        self.party: PartyRecord | None = None
        self.setWindowTitle("Add a party")
        self.name = QLineEdit()
        self.name.setPlaceholderText("For example Sam Jones, or The Duty Team")
        self.name.setMaxLength(200)
        self.role = CodeCombo(PARTY_ROLE, label="Role", placeholder=CHOOSE)
        self.organisation = QLineEdit()
        self.organisation.setPlaceholderText("For example Essex County Council")
        self.organisation.setMaxLength(200)
        form = FieldForm(self.errors)
        form.add_field("name", "Name", self.name)
        form.add_field("role", "Role", self.role)
        form.add_field("organisation", "Organisation", self.organisation, "Optional.")
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Add a party"))
        layout.addWidget(
            plain(
                "Someone the person's information may be shared with, once they consent.",
                hint=True,
            )
        )
        layout.addWidget(self.errors.general)
        layout.addLayout(form)
        layout.addWidget(self._buttons("Add party", "addPartyButton"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)
        self.name.setFocus()

    def save(self) -> bool:
        self.errors.clear()
        try:
            self.party = self.services.consent.add_party(
                self.person_id, self.name.text(), self.role.code(), self.organisation.text()
            )
        except AdvocacyDeskError as exc:
            return self._failed(exc)
        return self._saved()


class RecordConsentDialog(SavingDialog):
    """A consent: to advocacy, or to share with a party; when and how it was given."""

    def __init__(
        self,
        services: Services,
        person_id: int,
        parties: list[PartyRecord],
        *,
        kind: str = "",
        party_id: int | None = None,
        today: date | None = None,
        choose_file: ChooseFile = choose_scan,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.person_id = person_id
        self.today = today or services.today()
        self.choose_file = choose_file
        self.consent: ConsentRecord | None = None
        self.attached: tuple[str, bytes] | None = None
        self.setWindowTitle("Record consent")

        self.kind = CodeCombo(CONSENT_KIND, label="Consent to", placeholder=CHOOSE)
        self.party = QComboBox()
        self.party.setAccessibleName("Shared with")
        self.party.addItem("Not for consent to advocacy", None)
        for party in parties:
            self.party.addItem(party.label, party.id)
        self.given_on = DateField("Given on", required=True)
        self.given_on.set_value(self.today)
        self.how = CodeCombo(CONSENT_HOW, label="How", placeholder=CHOOSE)
        self.reason = text_box(
            "Reason", "For non-instructed advocacy: why the person cannot instruct", (3, 6)
        )
        self.attachment_name = QLabel("No file attached.")
        self.attachment_name.setObjectName("attachmentName")
        self.attachment_name.setTextFormat(Qt.TextFormat.PlainText)
        self.attach_button = QPushButton("Attach scanned form…")
        self.attach_button.setToolTip("A PDF, PNG or JPEG of the signed form, at most 10 MB")
        self.attach_button.clicked.connect(lambda: self.attach())
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(lambda: self.remove_attachment())
        self.remove_button.setEnabled(False)
        attachment = QWidget()
        attachment.setAccessibleName("Scanned form")
        row = QHBoxLayout(attachment)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.attachment_name, 1)
        row.addWidget(self.attach_button)
        row.addWidget(self.remove_button)

        form = FieldForm(self.errors)
        form.add_field("kind", "Consent to", self.kind)
        form.add_field(
            "party_id", "Shared with", self.party, "Only for consent to sharing information."
        )
        form.add_field("given_on", "Given on", self.given_on)
        form.add_field("how", "How", self.how)
        form.add_field(
            "reason",
            "Reason",
            self.reason,
            "Needed for non-instructed advocacy; otherwise optional.",
        )
        form.add_field("attachment", "Scanned form", attachment, "Needed for a signed form.")

        layout = QVBoxLayout(self)
        layout.addWidget(heading("Record consent"))
        layout.addWidget(self.errors.general)
        layout.addLayout(form)
        layout.addWidget(self._buttons("Record consent", "recordConsentButton"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)

        self.kind.code_changed.connect(self._kind_changed)
        if kind:
            self.kind.set_code(kind)
        if party_id is not None:
            self.kind.set_code("sharing")
            self.party.setCurrentIndex(max(self.party.findData(party_id), 0))
        self._kind_changed(self.kind.code())
        self.kind.setFocus()

    def _kind_changed(self, kind: str) -> None:
        sharing = kind == "sharing"
        self.party.setEnabled(sharing)
        self.party.setItemText(0, CHOOSE if sharing else "Not for consent to advocacy")
        if not sharing:
            self.party.setCurrentIndex(0)

    def attach(self) -> bool:
        """Ask for the scanned form and read it (its checks come with the save)."""
        chosen = self.choose_file(self)
        if not chosen:
            return False
        label = self.errors.label("attachment")
        path = Path(chosen)
        try:
            size = path.stat().st_size
            if size > MAX_ATTACHMENT_BYTES:
                label.set_message(
                    f"Attachment: {path.name} is {size / (1024 * 1024):.1f} MB; a scanned "
                    "form may be at most 10 MB."
                )
                return False
            content = path.read_bytes()
        except OSError as exc:
            label.set_message(f"Attachment: {path.name} could not be read ({exc.strerror}).")
            return False
        label.set_message("")
        self.attached = (path.name, content)
        self.attachment_name.setText(f"{path.name} ({max(1, round(size / 1024)):,} KB)")
        self.remove_button.setEnabled(True)
        return True

    def remove_attachment(self) -> None:
        self.attached = None
        self.attachment_name.setText("No file attached.")
        self.remove_button.setEnabled(False)

    def details(self) -> ConsentDetails | None:
        """What the form holds, or None (with the date's problem shown)."""
        try:
            given_on = self.given_on.value()
        except DateFieldError as exc:
            self.errors.show({"given_on": str(exc)})
            return None
        party = self.party.currentData()
        return ConsentDetails(
            kind=self.kind.code(),
            given_on=given_on,
            how=self.how.code(),
            party_id=party if isinstance(party, int) else None,
            reason=self.reason.toPlainText(),
            attachment=self.attached,
        )

    def save(self) -> bool:
        self.errors.clear()
        details = self.details()
        if details is None:
            return False
        try:
            self.consent = self.services.consent.record(self.person_id, details)
        except AdvocacyDeskError as exc:
            return self._failed(exc)
        return self._saved()


class WithdrawConsentDialog(SavingDialog):
    """The day a consent was withdrawn, and why; the consent itself is kept."""

    def __init__(
        self,
        services: Services,
        consent: ConsentRecord,
        *,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.consent = consent
        self.setWindowTitle("Withdraw consent")
        self.withdrawn_on = DateField("Withdrawn on", required=True)
        self.withdrawn_on.set_value(today or services.today())
        self.reason = text_box("Reason", "What the person said, or why it ended", (3, 6))
        form = FieldForm(self.errors)
        form.add_field("withdrawn_on", "Withdrawn on", self.withdrawn_on)
        form.add_field("reason", "Reason", self.reason, "Optional.")
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Withdraw consent"))
        layout.addWidget(plain(consent_line(consent)))
        layout.addWidget(
            plain("The consent stays on the record, with the day it was withdrawn.", hint=True)
        )
        layout.addWidget(self.errors.general)
        layout.addLayout(form)
        layout.addWidget(self._buttons("Withdraw consent", "withdrawConsentButton"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)
        self.withdrawn_on.setFocus()

    def save(self) -> bool:
        self.errors.clear()
        try:
            on = self.withdrawn_on.value()
        except DateFieldError as exc:
            self.errors.show({"withdrawn_on": str(exc)})
            return False
        try:
            self.consent = self.services.consent.withdraw(
                self.consent.id, on, self.reason.toPlainText()
            )
        except AdvocacyDeskError as exc:
            return self._failed(exc)
        return self._saved()


# -- the list --------------------------------------------------------------------------------


class ConsentDialog(GuardedDialog):
    """A person's consents and parties, with the means to add to them. Each addition is
    its own dialog, so there is nothing here to lose: Enter and Escape close it."""

    GUARDS_UNSAVED = False

    CONSENT_COLUMNS = ("Consent to", "Shared with", "Given on", "How", "Recorded by",
                       "Withdrawn", "Scanned form")  # fmt: skip
    PARTY_COLUMNS = ("Name", "Role", "Organisation", "Sharing consent")

    def __init__(
        self,
        services: Services,
        person_id: int,
        *,
        person_name: str = "",
        today: date | None = None,
        choose_file: ChooseFile = choose_scan,
        open_file: OpenFile = open_with_system,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.person_id = person_id
        self.today = today or services.today()
        self.choose_file = choose_file
        self.open_file = open_file
        #: Shows the forms modally; tests replace it so nothing waits for a click.
        self.run_modal: RunModal = run_modal
        self.consents: list[ConsentRecord] = []
        self.parties: list[PartyRecord] = []
        #: Whether anything was recorded while the dialog was open.
        self.changed = False
        name = person_name or services.people.get(person_id).full_name
        self.setWindowTitle(f"Consent: {name}")

        self.banner = ConsentBanner()
        self.notice = QLabel()
        self.notice.setObjectName("consentNotice")
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setWordWrap(True)
        theme.style(self.notice, NOTICE_STYLE)
        self.notice.hide()
        self.problem = ErrorLabel("Consent")

        consents_box = self._consents_box()
        parties_box = self._parties_box()

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.accept)
        self.set_main_button(close.button(QDialogButtonBox.StandardButton.Close))

        layout = QVBoxLayout(self)
        layout.addWidget(heading(f"Consent: {name}"))
        layout.addWidget(self.banner)
        layout.addWidget(self.notice)
        layout.addWidget(self.problem)
        layout.addWidget(consents_box, 3)
        layout.addWidget(parties_box, 2)
        layout.addWidget(close)
        char, line = self.fontMetrics().averageCharWidth(), self.fontMetrics().height()
        self.setMinimumSize(char * 110, line * 28)
        self.resize(char * 170, line * 36)

        changes = services.access.may_change_people()
        for button in (self.record_button, self.withdraw_button, self.add_party_button,
                       self.share_button):  # fmt: skip
            button.setVisible(changes)
        self.refresh()

    # -- building -------------------------------------------------------------------

    def _consents_box(self) -> QWidget:
        """The consents table with Record, Withdraw and Open attachment."""
        self.consent_table = QTableWidget(0, len(self.CONSENT_COLUMNS))
        self.consent_table.setObjectName("consentTable")
        self.consent_table.setAccessibleName("Consents")
        self.consent_table.setHorizontalHeaderLabels(list(self.CONSENT_COLUMNS))
        read_only_table(self.consent_table)
        header = self.consent_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The party, how (with its reason) and the withdrawal (with its reason) share
        # what is left; the rest fit their text. Each cell's tooltip holds it whole.
        for column in (1, 3, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.consent_table.itemSelectionChanged.connect(self._update_buttons)
        self.no_consents = plain("No consent recorded yet.", hint=True)
        self.record_button = QPushButton("Record consent…")
        self.record_button.clicked.connect(lambda: self.record_consent())
        self.withdraw_button = QPushButton("Withdraw…")
        self.withdraw_button.setToolTip("Record that the selected consent was withdrawn")
        self.withdraw_button.clicked.connect(lambda: self.withdraw())
        self.open_button = QPushButton("Open attachment")
        self.open_button.setToolTip("Open the selected consent's scanned form")
        self.open_button.clicked.connect(lambda: self.open_attachment())
        consent_buttons = QHBoxLayout()
        consent_buttons.addWidget(self.record_button)
        consent_buttons.addWidget(self.withdraw_button)
        consent_buttons.addWidget(self.open_button)
        consent_buttons.addStretch(1)
        consents_box = titled_section("Consents")
        consents_column = QVBoxLayout(consents_box)
        consents_column.addWidget(self.consent_table, 1)
        consents_column.addWidget(self.no_consents)
        consents_column.addLayout(consent_buttons)
        return consents_box

    def _parties_box(self) -> QWidget:
        """The parties table with Add party and Record sharing consent."""
        self.party_table = QTableWidget(0, len(self.PARTY_COLUMNS))
        self.party_table.setObjectName("partyTable")
        self.party_table.setAccessibleName("Parties")
        self.party_table.setHorizontalHeaderLabels(list(self.PARTY_COLUMNS))
        read_only_table(self.party_table)
        party_header = self.party_table.horizontalHeader()
        party_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        party_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.party_table.itemSelectionChanged.connect(self._update_buttons)
        self.party_table.doubleClicked.connect(lambda _index: self.record_consent(sharing=True))
        self.no_parties = plain(
            "No parties yet: add the social worker, GP, care home manager or family members "
            "the person's information may be shared with.",
            hint=True,
        )
        self.add_party_button = QPushButton("Add party…")
        self.add_party_button.clicked.connect(lambda: self.add_party())
        self.share_button = QPushButton("Record sharing consent…")
        self.share_button.setToolTip("Record consent to share with the selected party")
        self.share_button.clicked.connect(lambda: self.record_consent(sharing=True))
        party_buttons = QHBoxLayout()
        party_buttons.addWidget(self.add_party_button)
        party_buttons.addWidget(self.share_button)
        party_buttons.addStretch(1)
        parties_box = titled_section("Parties information may be shared with")
        parties_column = QVBoxLayout(parties_box)
        parties_column.addWidget(self.party_table, 1)
        parties_column.addWidget(self.no_parties)
        parties_column.addLayout(party_buttons)
        return parties_box

    # -- what the user does -------------------------------------------------------------

    def selected_consent(self) -> ConsentRecord | None:
        row = self.consent_table.currentRow()
        if not self.consent_table.selectedItems() or not 0 <= row < len(self.consents):
            return None
        return self.consents[row]

    def selected_party(self) -> PartyRecord | None:
        row = self.party_table.currentRow()
        if not self.party_table.selectedItems() or not 0 <= row < len(self.parties):
            return None
        return self.parties[row]

    def add_party(self) -> PartyRecord | None:
        dialog = PartyDialog(self.services, self.person_id, parent=self)
        if not self._run(dialog) or dialog.party is None:
            return None
        self._done(f"Added {dialog.party.label}.")
        self._select_party(dialog.party.id)
        return dialog.party

    def record_consent(self, sharing: bool = False) -> ConsentRecord | None:
        """Record a consent; to advocacy unless it already stands (or ``sharing``), with
        the selected party chosen for sharing."""
        party = self.selected_party() if sharing else None
        if sharing:
            kind = "sharing"
        else:
            kind = (
                "" if self.banner.status is not None and self.banner.status.standing else "advocacy"
            )
        dialog = RecordConsentDialog(
            self.services, self.person_id, self.parties, kind=kind,
            party_id=None if party is None else party.id, today=self.today,
            choose_file=self.choose_file, parent=self,
        )  # fmt: skip
        if not self._run(dialog) or dialog.consent is None:
            return None
        made = dialog.consent
        what = "advocacy" if made.kind == "advocacy" else f"sharing with {made.party_label}"
        self._done(f"Recorded consent to {what}, given on {format_uk(made.given_on)}.")
        self._select_consent(made.id)
        return made

    def withdraw(self) -> ConsentRecord | None:
        chosen = self.selected_consent()
        if chosen is None or chosen.withdrawn_on is not None:
            return None
        dialog = WithdrawConsentDialog(self.services, chosen, today=self.today, parent=self)
        if not self._run(dialog):
            return None
        gone = dialog.consent
        self._done(
            f"Recorded the withdrawal on {format_uk(gone.withdrawn_on)}; the consent is kept."
        )
        self._select_consent(gone.id)
        return gone

    def open_attachment(self) -> Path | None:
        """Write the selected consent's scan to a temporary file and open it."""
        chosen = self.selected_consent()
        if chosen is None or not chosen.has_attachment:
            return None
        self.problem.set_message("")
        try:
            name, content = self.services.consent.attachment(chosen.id)
        except AdvocacyDeskError as exc:
            self.problem.set_message(f"Not opened: {exc}.")
            return None
        path = write_copy(name or "consent form", content)
        if not self.open_file(path):
            self.problem.set_message(
                f"No program on this computer opened {path.name}; it was saved as {path}."
            )
        return path

    # -- inside -----------------------------------------------------------------------------

    def refresh(self) -> None:
        keep_consent = self.selected_consent()
        keep_party = self.selected_party()
        consent = self.services.consent
        self.consents = consent.consents(self.person_id)
        self.parties = consent.parties(self.person_id)
        self.banner.show_for(self.services, self.person_id)
        today = self.today

        table = self.consent_table
        table.setRowCount(len(self.consents))
        for row, record in enumerate(self.consents):
            cells = (
                CONSENT_KIND.label(record.kind) if record.kind in CONSENT_KIND else record.kind,
                record.party_label,
                format_uk(record.given_on),
                how_text(record),
                record.recorded_by,
                withdrawn_text(record),
                record.attachment_name,
            )
            for column, text in enumerate(cells):
                item = _item(text, record.id)
                if not record.standing(today):
                    theme.paint(item, "table_hint")
                table.setItem(row, column, item)
        table.setVisible(bool(self.consents))
        self.no_consents.setVisible(not self.consents)

        sharing = {
            c.party_id: c for c in self.consents if c.kind == "sharing" and c.standing(today)
        }
        parties = self.party_table
        parties.setRowCount(len(self.parties))
        for row, party in enumerate(self.parties):
            stands = sharing.get(party.id)
            party_cells = (
                party.name,
                PARTY_ROLE.label(party.role) if party.role in PARTY_ROLE else party.role,
                party.organisation,
                f"Yes, since {format_uk(stands.given_on)}" if stands else "No",
            )
            for column, text in enumerate(party_cells):
                parties.setItem(row, column, _item(text, party.id))
        parties.setVisible(bool(self.parties))
        self.no_parties.setVisible(not self.parties)

        if keep_consent is not None:
            self._select_consent(keep_consent.id)
        if keep_party is not None:
            self._select_party(keep_party.id)
        self._update_buttons()

    def _run(self, dialog: QDialog) -> bool:
        try:
            return self.run_modal(dialog) == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()

    def _done(self, message: str) -> None:
        self.changed = True
        self.refresh()
        self.notice.setText(message)
        self.notice.show()

    def _select_consent(self, consent_id: int) -> None:
        for row, record in enumerate(self.consents):
            if record.id == consent_id:
                self.consent_table.selectRow(row)
                return

    def _select_party(self, party_id: int) -> None:
        for row, party in enumerate(self.parties):
            if party.id == party_id:
                self.party_table.selectRow(row)
                return

    def _update_buttons(self) -> None:
        chosen = self.selected_consent()
        self.withdraw_button.setEnabled(chosen is not None and chosen.withdrawn_on is None)
        self.open_button.setEnabled(chosen is not None and chosen.has_attachment)
        self.share_button.setEnabled(self.selected_party() is not None)
