"""The provider's contact details (address, telephone, email, website), which every
shipped letter prints so that a person can write, ring or email back.

They sit under the provider's name on the Settings page's Organisation tab and are the
administrator's, as the name is. Saving checks every field first (a bad email address,
website or postcode is named under its field and nothing is saved), then keeps them all
in one step, each change audited.
"""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from advocacy_desk.app import Services
from advocacy_desk.domain.errors import AdvocacyDeskError
from advocacy_desk.domain.permissions import Permission
from advocacy_desk.services.settings import (
    PROVIDER_ADDRESS,
    PROVIDER_ADDRESS_LINE_ONE,
    PROVIDER_ADDRESS_LINE_TWO,
    PROVIDER_CONTACT,
    PROVIDER_EMAIL,
    PROVIDER_POSTCODE,
    PROVIDER_TELEPHONE,
    PROVIDER_TOWN,
    PROVIDER_WEBSITE,
)
from ui.widgets import FieldErrors, FieldForm
from ui.widgets.views import plain

#: Each field's label and an example of what to type.
FIELDS: dict[str, tuple[str, str]] = {
    PROVIDER_ADDRESS_LINE_ONE: ("Address line 1", "for example Unit 4, Riverside House"),
    PROVIDER_ADDRESS_LINE_TWO: ("Address line 2", ""),
    PROVIDER_TOWN: ("Town", "for example Chelmsford"),
    PROVIDER_POSTCODE: ("Postcode", "for example CM2 6FB"),
    PROVIDER_TELEPHONE: ("Telephone", "for example 01245 123456"),
    PROVIDER_EMAIL: ("Email", "for example hello@advocacy.org.uk"),
    PROVIDER_WEBSITE: ("Website", "for example www.advocacy.org.uk"),
}


class ContactSetting(QGroupBox):
    """The provider's address, telephone, email and website, for the letters."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__("Contact details for letters", parent)
        self.setObjectName("providerContact")
        self.services = services
        self.errors = FieldErrors()
        declared = services.settings.declared()
        self.fields: dict[str, QLineEdit] = {}
        # Two columns (the address; the telephone, email and website), so the Database
        # tab still fits a laptop's screen.
        address, reach = FieldForm(self.errors), FieldForm(self.errors)
        for key, (label, example) in FIELDS.items():
            form = address if key in PROVIDER_ADDRESS else reach
            field = QLineEdit(services.settings.get(key))
            field.setObjectName(key)
            field.setPlaceholderText(example)
            field.setMaxLength(declared[key].longest)
            field.returnPressed.connect(self.save)
            self.fields[key] = field
            form.add_field(key, label, field)
        self.save_button = QPushButton("Save contact details")
        self.save_button.setObjectName("saveProviderContact")
        self.save_button.clicked.connect(self.save)
        self.saved = plain("", hint=True)
        self.saved.setObjectName("providerContactSaved")
        administers = services.access.can(Permission.SETTINGS)
        for widget in (*self.fields.values(), self.save_button):
            widget.setEnabled(administers)
        columns = QHBoxLayout()
        columns.addLayout(address, 1)
        columns.addSpacing(12)
        right = QVBoxLayout()
        right.addLayout(reach)
        right.addStretch(1)
        right.addWidget(plain("Printed on every letter Advocacy Desk makes, so that people "
                              "can write, ring or email back.", hint=True))  # fmt: skip
        columns.addLayout(right, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.saved, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.errors.general)
        layout.addLayout(columns)
        layout.addLayout(buttons)
        self.setMaximumWidth(900)

    def values(self) -> dict[str, str]:
        return {key: field.text() for key, field in self.fields.items()}

    def save(self) -> bool:
        """Check every field, then keep them all (audited); nothing is kept if any is wrong."""
        self.errors.clear()
        self.saved.setText("")
        try:
            changed = self.services.settings.change_many(self.values())
        except AdvocacyDeskError as exc:
            self.errors.refused(exc)
            return False
        for key in PROVIDER_CONTACT:  # as kept: postcode in capitals, spaces tidied
            self.fields[key].setText(self.services.settings.get(key))
        self.saved.setText(
            "Saved: letters made from now on print these." if changed else "Nothing changed."
        )
        return True
