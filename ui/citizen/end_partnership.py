"""Ending a citizen advocacy partnership: why it ended (one of the recorded reasons) and
on what day, through ``services.citizen.end``.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.app import Services
from advocacy_desk.domain.dates import format_uk
from advocacy_desk.domain.vocabulary import PARTNERSHIP_END_REASON, PARTNERSHIP_STATUS
from advocacy_desk.records.citizen import PartnershipRecord
from ui.widgets import CodeCombo, DateField, DateFieldError, FieldErrors, FieldForm
from ui.widgets.unsaved import GuardedDialog
from ui.widgets.views import heading, plain


class EndPartnershipDialog(GuardedDialog):
    """End a partnership for one of the recorded reasons, on a date."""

    def __init__(
        self,
        services: Services,
        record: PartnershipRecord,
        *,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.record = record
        self.setWindowTitle("End partnership")
        since = record.started_on or record.introduced_on or record.proposed_on
        self.errors = FieldErrors()
        self.reason = CodeCombo(PARTNERSHIP_END_REASON, label="Reason", placeholder="Choose…")
        self.ended_on = DateField("End date", required=True)
        self.ended_on.set_value(today or services.today())
        form = FieldForm(self.errors)
        form.add_field("end_reason", "Reason", self.reason)
        form.add_field("ended_on", "End date", self.ended_on, "The day the partnership ended.")

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = QPushButton("End partnership")
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.set_main_button(self.save_button)

        layout = QVBoxLayout(self)
        layout.addWidget(heading("End partnership"))
        layout.addWidget(
            plain(
                f"{record.volunteer_name} ({record.volunteer_ref}) with {record.person_name} "
                f"({record.person_ref}), {PARTNERSHIP_STATUS.label(record.status).lower()} "
                f"since {format_uk(since)}"
            )
        )
        layout.addWidget(self.errors.general)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)
        self.reason.setFocus()

    def save(self) -> bool:
        self.errors.clear()
        if not self.reason.code():
            self.errors.show({"end_reason": "Reason: choose why the partnership ended."})
            return False
        try:
            on = self.ended_on.value()
        except DateFieldError as exc:
            self.errors.show({"ended_on": str(exc)})
            return False
        if not self.errors.attempt(
            lambda: self.services.citizen.end(self.record.id, self.reason.code(), on)
        ):
            return False
        self.accept()
        return True
