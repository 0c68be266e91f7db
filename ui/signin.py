"""Signing in: the first administrator on a database with no accounts yet, then a user
name and password every time the app opens."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk import about
from advocacy_desk.app import Services
from advocacy_desk.domain.errors import AdvocacyDeskError, ValidationError
from advocacy_desk.domain.passwords import MIN_LENGTH
from ui.widgets.form import ErrorLabel, FieldErrors, FieldForm, grow_to_fit
from ui.widgets.modal import RunModal, run_modal
from ui.widgets.screen import FittedDialog
from ui.widgets.views import plain


def _password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setObjectName(name)
    return field


class SignInDialog(FittedDialog):
    """User name and password; a refusal (wrong password, locked account) is shown in
    the dialog, which stays open for another try."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(f"Sign in to {about.NAME}")
        self.username = QLineEdit()
        self.username.setObjectName("signInUsername")
        self.password = _password_field("signInPassword")
        self.errors = FieldErrors(ErrorLabel(""))
        self.errors.general.setObjectName("signInError")
        form = FieldForm(self.errors)
        form.add_field("username", "User name", self.username)
        form.add_field("password", "Password", self.password)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.sign_in_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.sign_in_button.setText("Sign in")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Quit")
        buttons.accepted.connect(self.sign_in)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(plain(f"Database: {services.location}", hint=True))
        if services.settings.is_demo:
            from advocacy_desk.domain.demo_accounts import (
                DEMO_ACCOUNTS,
                DEMO_PASSWORD,
                demo_accounts_text,
            )

            hint = QLabel(
                "This is a demo database, with an account for each role. Sign in as "
                f"{demo_accounts_text(bold=True)} with the password <b>{DEMO_PASSWORD}</b>."
            )
            hint.setObjectName("demoAccountsHint")
            hint.setWordWrap(True)
            hint.setTextFormat(Qt.TextFormat.RichText)
            layout.addWidget(hint)
            self.username.setText(DEMO_ACCOUNTS[0].username)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)
        (self.password if self.username.text() else self.username).setFocus()

    def sign_in(self) -> None:
        self.errors.clear()
        if not self.username.text().strip():
            self.errors.show({"username": "User name: type the name you sign in with."})
            return
        try:
            self.services.accounts.sign_in(self.username.text(), self.password.text())
        except AdvocacyDeskError as exc:
            self.password.clear()
            self.errors.general.set_message(str(exc))
            grow_to_fit(self)
            self.password.setFocus()
            return
        self.accept()


class FirstAdministratorDialog(FittedDialog):
    """A database with no accounts: create the administrator who will add the others."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle("Create the first administrator")
        self.username = QLineEdit()
        self.username.setObjectName("adminUsername")
        self.full_name = QLineEdit()
        self.full_name.setObjectName("adminFullName")
        self.password = _password_field("adminPassword")
        self.again = _password_field("adminPasswordAgain")
        self.errors = FieldErrors(ErrorLabel(""))
        form = FieldForm(self.errors)
        form.add_field("username", "User name", self.username, "One word, like jsmith.")
        form.add_field("full_name", "Full name", self.full_name)
        form.add_field(
            "password",
            "Password",
            self.password,
            f"At least {MIN_LENGTH} characters; a few words together are easy to remember "
            "and hard to guess.",
        )
        form.add_field("again", "Password again", self.again)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.create_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.create_button.setText("Create and sign in")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Quit")
        buttons.accepted.connect(self.create_account)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro = plain(
            "Everything Advocacy Desk keeps is personal data about people who may be "
            "vulnerable, so everyone signs in. Create the administrator account first: "
            "the administrator adds accounts for managers, advocates and coordinators "
            "(Settings > Accounts)."
        )
        intro.setMaximumWidth(520)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def create_account(self) -> None:
        if self.password.text() != self.again.text():
            self.errors.show({"again": "Password again: the two passwords differ."})
            return

        try:
            self.services.accounts.create_first_administrator(
                self.username.text(), self.full_name.text(), self.password.text()
            )
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return
        except AdvocacyDeskError as exc:
            self.errors.show({"": str(exc)})
            return
        self.accept()


def sign_in(services: Services, parent: QWidget | None = None, run: RunModal = run_modal
            ) -> bool:  # fmt: skip
    """Make sure someone is signed in: the first administrator on a database with no
    accounts, else the sign-in dialog. False when the person chose to quit."""
    identity = services.access.identity
    if identity is not None and identity.role:
        return True  # already signed in
    dialog: QDialog = (
        FirstAdministratorDialog(services, parent)
        if identity is not None
        else SignInDialog(services, parent)
    )
    try:
        return run(dialog) == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()
