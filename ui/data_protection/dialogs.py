"""The data protection dialogs: keep a record past the retention period, and anonymise
one (when the period has passed, or on an erasure request).

Each checks what it can before calling the service, then shows the service's
``ValidationError`` messages under the fields they name and any other refusal at the top.
Nothing is saved unless the dialog is accepted; what each saves is told to every view
by the commit itself (the data bus).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QLabel,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.app import Services
from advocacy_desk.domain.dates import format_uk
from advocacy_desk.domain.errors import AdvocacyDeskError
from advocacy_desk.records.data_protection import Anonymised, Hold
from ui.widgets import DateField, DateFieldError, FieldForm, theme
from ui.widgets.saving import SavingDialog
from ui.widgets.views import heading, plain, text_box

#: Pale red with dark text: what follows cannot be undone.
DANGER_STYLE = theme.notice("danger")

ANONYMISE_WARNING = (
    "This cannot be undone. The person's name, date of birth, full postcode, first "
    "language and communication needs, and every note about them (referral notes and "
    "reasons, casework notes and their earlier versions, issues, case history), are "
    "replaced for good. Their reference, the local authority, the equality answers and "
    "every date, duration and outcome stay, so the monitoring returns do not change. The "
    "audit trail and backups made before today still hold the old details."
)


def person_label(services: Services, person_id: int) -> str:
    """ "P000123 Jane Smith", to say whose record a dialog is about."""
    try:
        rows = services.people.rows([person_id])
    except AdvocacyDeskError:
        rows = []
    return f"{rows[0].person_ref} {rows[0].full_name}" if rows else f"record {person_id}"


class _ReasonDialog(SavingDialog):
    """A reason for a decision about one person's record, with errors by the fields."""

    def __init__(
        self,
        services: Services,
        person_id: int,
        label: str | None,
        parent: QWidget | None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.person_id = person_id
        self.label = label or person_label(services, person_id)
        self.errors.general.setObjectName("dialogError")


class KeepDialog(_ReasonDialog):
    """Keep a record past the retention period: why, and until when (optional)."""

    def __init__(
        self,
        services: Services,
        person_id: int,
        *,
        label: str | None = None,
        held_reason: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services, person_id, label, parent)
        self.hold: Hold | None = None
        self.setObjectName("keepDialog")
        self.setWindowTitle(f"Keep {self.label}")
        self.reason = text_box(
            "Reason", "Why the record is kept, for example: safeguarding enquiry still open"
        )
        self.reason.setObjectName("keepReason")
        if held_reason:
            self.reason.setPlainText(held_reason)
        self.review_on = DateField("Review date")
        self.review_on.setObjectName("keepReviewOn")
        form = FieldForm(self.errors)
        form.add_field("reason", "Reason", self.reason, "Required: it is kept with the record.")
        form.add_field(
            "review_on",
            "Review date",
            self.review_on,
            "The record comes back to the list of records due on this day. Leave it blank "
            "to keep the record until someone decides otherwise.",
        )
        layout = QVBoxLayout(self)
        layout.addWidget(heading(f"Keep {self.label}"))
        layout.addWidget(
            plain("The record stays as it is, past the retention period, for a reason.", hint=True)
        )
        layout.addWidget(self.errors.general)
        layout.addLayout(form)
        layout.addWidget(self._buttons("Keep record", "keepSave"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)
        self.reason.setFocus()

    def save(self) -> bool:
        self.errors.clear()
        try:
            review_on: date | None = self.review_on.value()
        except DateFieldError as exc:
            self.errors.show({"review_on": str(exc)})
            return False
        try:
            self.hold = self.services.data_protection.keep(
                self.person_id, self.reason.toPlainText(), review_on
            )
        except AdvocacyDeskError as exc:
            return self._failed(exc)
        return self._saved()


class AnonymiseDialog(_ReasonDialog):
    """Anonymise a record, for a written reason: the retention period has passed, or the
    person asked for their details to be erased."""

    def __init__(
        self,
        services: Services,
        person_id: int,
        *,
        label: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services, person_id, label, parent)
        self.done_as: Anonymised | None = None
        self.setObjectName("anonymiseDialog")
        self.setWindowTitle(f"Anonymise {self.label}")
        self.warning = QLabel(ANONYMISE_WARNING)
        self.warning.setObjectName("anonymiseWarning")
        self.warning.setAccessibleName("What anonymising does")
        self.warning.setWordWrap(True)
        theme.style(self.warning, DANGER_STYLE)
        self.reason = text_box(
            "Reason",
            "Why, for example: retention period passed, or the person asked for their "
            "details to be erased",
        )
        self.reason.setObjectName("anonymiseReason")
        form = FieldForm(self.errors)
        form.add_field("reason", "Reason", self.reason, "Required: it is kept in the audit trail.")
        layout = QVBoxLayout(self)
        layout.addWidget(heading(f"Anonymise {self.label}"))
        layout.addWidget(self.warning)
        layout.addWidget(self.errors.general)
        layout.addLayout(form)
        layout.addWidget(self._buttons("Anonymise record", "anonymiseSave"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 90)
        self.reason.setFocus()

    def save(self) -> bool:
        self.errors.clear()
        try:
            self.done_as = self.services.data_protection.anonymise(
                self.person_id, self.reason.toPlainText()
            )
        except AdvocacyDeskError as exc:
            return self._failed(exc)
        return self._saved()

    @property
    def summary(self) -> str:
        """What was done, for a status line."""
        if self.done_as is None:
            return ""
        return f"{self.done_as.person_ref} anonymised on {format_uk(self.services.today())}."
