"""Passwords in dialogs: the pair of boxes a new password is typed into, the small form
dialog the account dialogs share, and :class:`ChangePasswordDialog` (anyone changing
their own password).

A new password is typed twice. When the two differ, the form says so next to the
second box and nothing is sent to the service; otherwise the service checks the
password (:mod:`advocacy_desk.domain.passwords`: at least 12 characters, not a common
one, not the user name) and whatever it refuses appears next to the field it names.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.app import Services
from advocacy_desk.domain import passwords
from advocacy_desk.domain.errors import AdvocacyDeskError, ValidationError
from ui.widgets import FieldErrors, FieldForm
from ui.widgets.unsaved import GuardedDialog
from ui.widgets.views import heading, plain

#: Under the new password: the rules the service applies, before anyone breaks them.
PASSWORD_HINT = (
    f"At least {passwords.MIN_LENGTH} characters, not a common password and not the user "
    "name. A few ordinary words together work well."
)
MISMATCH = "Password again: this is not the same as the password above; type both again."
AGAIN_EMPTY = "Password again: type the password a second time, to be sure of it."


def password_box(name: str, object_name: str) -> QLineEdit:
    """A box whose typing shows as dots."""
    box = QLineEdit()
    box.setEchoMode(QLineEdit.EchoMode.Password)
    box.setObjectName(object_name)
    box.setAccessibleName(name)
    box.setMaxLength(passwords.MAX_LENGTH + 1)
    return box


def pair_errors(password: str, again: str, username: str = "") -> dict[str, str]:
    """What is wrong with a new password typed twice, when the two differ (then the
    service is not asked, so its rule for the password is said here too); empty when
    they are the same, for the service to judge."""
    if password == again:
        return {}
    errors = {"password_again": AGAIN_EMPTY if not again else MISMATCH}
    wrong = passwords.problem(password, username)
    if wrong:
        errors["password"] = wrong
    return errors


class AccountDialog(GuardedDialog):
    """A small form with a heading, a line of guidance, fields with their errors beneath
    them, and Cancel and an action button. A subclass adds its fields to :attr:`form`,
    calls :meth:`_finish`, and does its work in :meth:`_act`, raising
    ``ValidationError`` (by field) or ``AdvocacyDeskError`` to refuse. ``save()``
    accepts the dialog when :meth:`_act` succeeds; nothing is saved otherwise."""

    def __init__(
        self, services: Services, title: str, intro: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.errors = FieldErrors()
        self.errors.general.setObjectName("dialogError")
        self.form = FieldForm(self.errors)
        self._intro = intro

    def _finish(self, action: str, tip: str) -> None:
        self.save_button = QPushButton(action)
        self.save_button.setObjectName("saveButton")
        self.save_button.setToolTip(tip)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.clicked.connect(lambda: self.save())
        self.buttons.rejected.connect(self.reject)
        self.set_main_button(self.save_button)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.windowTitle()))
        #: The line of guidance under the heading.
        self.intro = plain(self._intro, hint=True)
        self.intro.setObjectName("dialogIntro")
        layout.addWidget(self.intro)
        layout.addWidget(self.errors.general)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)

    def _act(self) -> None:
        raise NotImplementedError

    def save(self) -> bool:
        """Do what the dialog is for; True (and the dialog accepted) when done."""
        self.errors.clear()
        try:
            self._act()
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return False
        except AdvocacyDeskError as exc:
            self.errors.show({"": f"Not saved: {exc}."})
            return False
        self.accept()
        return True


class ChangePasswordDialog(AccountDialog):
    """The signed-in person changes their own password: the current one, then the new
    one twice. Accepted once the new password is saved."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        identity = services.accounts.identity
        who = (
            f"You are signed in as {identity.full_name or identity.username} "
            f"({identity.username}). "
            if identity is not None and identity.username
            else ""
        )
        super().__init__(
            services,
            "Change your password",
            f"{who}Type your current password, then the new one twice. The new one is "
            "used from your next sign-in.",
            parent,
        )
        self.current = password_box("Current password", "currentPassword")
        self.password = password_box("New password", "newPassword")
        self.password_again = password_box("New password again", "newPasswordAgain")
        self.form.add_field("current", "Current password", self.current)
        self.form.add_field("password", "New password", self.password, PASSWORD_HINT)
        self.form.add_field("password_again", "New password again", self.password_again)
        self._finish("Change password", "Save the new password")
        self.current.setFocus()

    def _act(self) -> None:
        identity = self.services.accounts.identity
        username = identity.username if identity is not None else ""
        new, again = self.password.text(), self.password_again.text()
        errors = pair_errors(new, again, username)
        if not self.current.text():
            errors["current"] = "Current password: type the password you signed in with."
        if errors:
            raise ValidationError(errors)
        self.services.accounts.change_own_password(self.current.text(), new)
