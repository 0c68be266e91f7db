"""Who may sign in, and as what (Settings > Accounts, for administrators).

A table of every account (each member of staff, with or without a password) with its
role, whether it can sign in, and when it last did; and the actions an administrator
takes on the one chosen: set its password, change its role, switch it off or on, and
unlock it after too many wrong passwords. New accounts come from
:class:`AddAccountDialog`. Everything goes through ``services.accounts``; whatever it
refuses (a short password, a user name taken, removing the last administrator) is
shown next to the field it names, or under the buttons, and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.app import Services
from advocacy_desk.domain.errors import AdvocacyDeskError, ValidationError
from advocacy_desk.domain.numbers import plural
from advocacy_desk.domain.vocabulary import ROLE
from advocacy_desk.records.accounts import Account
from ui.accounts.password import PASSWORD_HINT, AccountDialog, pair_errors, password_box
from ui.bus import DataBus
from ui.widgets import CodeCombo, ErrorLabel, RunModal, run_modal, theme
from ui.widgets.modal import ask_yes_no
from ui.widgets.views import plain, table_text
from ui.widgets.watching import Watch

COLUMNS = ("User name", "Full name", "Role", "Status", "Last signed in")
ACTIVE = "Active"
SWITCHED_OFF = "Switched off"
NO_PASSWORD = "No password yet — cannot sign in"
NEVER = "Never"
#: What the tab shows: the accounts are the staff's (``staff_user``) rows.
WATCHES = frozenset({"staff_user"})
#: Dark green: readable on white (contrast above 4.5:1).

ROLE_HINT = (
    "Administrators manage accounts, settings and backups; managers see and change "
    "everything about people and casework, and read the audit trail; advocates see their "
    "own caseload; volunteer coordinators the citizen advocacy; read-only users see but "
    "change nothing."
)

#: Asks a yes/no question (title, question); tests replace it.
Ask = Callable[[str, str], bool]


def _aware(moment: datetime) -> datetime:
    """A time from the database (UTC, perhaps without its zone) with its zone."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def local_time(moment: datetime, with_date: bool = True) -> str:
    """``dd/mm/yyyy HH:MM`` (or ``HH:MM``) on this computer's clock."""
    local = _aware(moment).astimezone()
    return f"{local:%d/%m/%Y %H:%M}" if with_date else f"{local:%H:%M}"


def status_text(account: Account, now: datetime) -> str:
    """Whether the account can sign in, in words."""
    if not account.has_password:
        return NO_PASSWORD
    if not account.active:
        return SWITCHED_OFF
    if account.locked(now) and account.locked_until is not None:
        return f"Locked until {local_time(account.locked_until, with_date=False)}"
    return ACTIVE


def last_signed_in_text(account: Account) -> str:
    return local_time(account.last_sign_in_at) if account.last_sign_in_at else NEVER


def _role_label(role: str) -> str:
    return ROLE.label(role) if role in ROLE else role


# -- dialogs ---------------------------------------------------------------------------


class AddAccountDialog(AccountDialog):
    """A new account: user name, full name, role and password (typed twice). A member of
    staff with no password yet gets one this way. After ``accept()``, :attr:`added`."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(
            services,
            "Add an account",
            "The person signs in with this user name and password; tell them the password "
            "in person, not by email. For a member of staff already listed with no "
            "password yet, use their user name.",
            parent,
        )
        self.added: Account | None = None
        self.username = QLineEdit()
        self.username.setObjectName("newUsername")
        self.username.setPlaceholderText("for example jsmith")
        self.username.setToolTip("One word to sign in with; it must not be taken already")
        self.full_name = QLineEdit()
        self.full_name.setObjectName("newFullName")
        self.full_name.setPlaceholderText("for example Jane Smith")
        self.role = CodeCombo(ROLE, label="Role")
        self.role.setObjectName("newRole")
        self.role.set_code("advocate")
        self.password = password_box("Password", "newPassword")
        self.password_again = password_box("Password again", "newPasswordAgain")
        self.form.add_field("username", "User name", self.username)
        self.form.add_field("full_name", "Full name", self.full_name)
        self.form.add_field("role", "Role", self.role, ROLE_HINT)
        self.form.add_field("password", "Password", self.password, PASSWORD_HINT)
        self.form.add_field("password_again", "Password again", self.password_again)
        self._finish("Add account", "Add the account; the person can sign in straight away")
        self.username.setFocus()

    def _act(self) -> None:
        password = self.password.text()
        errors = pair_errors(password, self.password_again.text(), self.username.text())
        if errors:
            raise ValidationError(errors)
        self.added = self.services.accounts.add(
            self.username.text(), self.full_name.text(), self.role.code(), password
        )


class SetPasswordDialog(AccountDialog):
    """A new password for someone else's account (it also unlocks it). After
    ``accept()``, :attr:`account` is the account as saved."""

    def __init__(self, services: Services, account: Account, parent: QWidget | None = None) -> None:
        super().__init__(
            services,
            f"Set a password for {account.full_name}",
            f"A new password for {account.username}; any lock after wrong passwords is "
            "lifted. Tell them the password in person, and ask them to change it to one "
            "of their own (their name in the window's corner, then Change password).",
            parent,
        )
        self.username = account.username
        self.account: Account | None = None
        self.password = password_box("New password", "newPassword")
        self.password_again = password_box("New password again", "newPasswordAgain")
        self.form.add_field("password", "New password", self.password, PASSWORD_HINT)
        self.form.add_field("password_again", "New password again", self.password_again)
        self._finish("Set password", f"Save the new password for {account.username}")
        self.password.setFocus()

    def _act(self) -> None:
        password = self.password.text()
        errors = pair_errors(password, self.password_again.text(), self.username)
        if errors:
            raise ValidationError(errors)
        self.account = self.services.accounts.set_password(self.username, password)


class ChangeRoleDialog(AccountDialog):
    """Another role for an account. After ``accept()``, :attr:`account` is as saved."""

    def __init__(self, services: Services, account: Account, parent: QWidget | None = None) -> None:
        super().__init__(
            services,
            f"Change the role of {account.full_name}",
            f"{account.full_name} ({account.username}) has the role "
            f"{_role_label(account.role)} now. The role decides what they may see and do; "
            "a change applies from their next sign-in.",
            parent,
        )
        self.username = account.username
        self.account: Account | None = None
        self.role = CodeCombo(ROLE, label="Role")
        self.role.setObjectName("changeRole")
        if account.role in ROLE:
            self.role.set_code(account.role)
        self.form.add_field("role", "Role", self.role, ROLE_HINT)
        self._finish("Change role", f"Save the role of {account.username}")
        self.role.setFocus()

    def _act(self) -> None:
        self.account = self.services.accounts.set_role(self.username, self.role.code())


# -- the tab ---------------------------------------------------------------------------


class AccountsEditor(QWidget):
    """Settings > Accounts: every account, and what an administrator does to one.

    ``changed(username)`` is emitted after each change that was saved (the commit tells
    every other view, through the data bus). Dialogs open through :attr:`run_modal` and
    questions through :attr:`ask`, so tests can answer them without a real modal.
    """

    changed = Signal(str)

    def __init__(
        self,
        services: Services,
        parent: QWidget | None = None,
        *,
        bus: DataBus,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.bus = bus
        #: Shows a dialog modally; tests replace it.
        self.run_modal: RunModal = run_modal
        #: Asks a yes/no question; tests replace it.
        self.ask: Ask = lambda title, question: ask_yes_no(self, title, question)
        #: The time now, for whether an account is locked; tests may replace it.
        self.now: Callable[[], datetime] = lambda: datetime.now(UTC)
        self.accounts: list[Account] = []
        self._build()
        #: Its own changes it shows itself (:meth:`_done`).
        self.watch = Watch(bus, self, WATCHES, lambda _changes: self.refresh(), ignore=self)
        self.refresh()

    # -- layout -------------------------------------------------------------------

    def _build(self) -> None:
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("accountsTable")
        self.table.setAccessibleName("Accounts")
        self.table.setToolTip("Everyone who has or may have an account; choose one to act on")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.count_label = plain("", hint=True)
        self.count_label.setObjectName("accountsCount")
        self.count_label.setWordWrap(False)

        self.add_button = self._button(
            "Add account…", "addAccount", "Add an account, or a password for staff with none"
        )
        self.password_button = self._button(
            "Set password…", "setPassword", "Give the chosen account a new password"
        )
        self.role_button = self._button(
            "Change role…", "changeRole", "Change what the chosen account may see and do"
        )
        self.active_button = self._button(
            "Switch off", "switchAccount", "Stop or allow signing in with the chosen account"
        )
        # Wide enough for either wording, so the row does not jump between them.
        self.active_button.setMinimumWidth(
            self.active_button.fontMetrics().horizontalAdvance("Switch off") + 40
        )
        self.unlock_button = self._button(
            "Unlock", "unlockAccount", "Let a locked account sign in again now"
        )
        self.add_button.clicked.connect(lambda: self.add_account())
        self.password_button.clicked.connect(lambda: self.set_password())
        self.role_button.clicked.connect(lambda: self.change_role())
        self.active_button.clicked.connect(lambda: self.switch())
        self.unlock_button.clicked.connect(lambda: self.unlock())

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addSpacing(16)
        for button in (
            self.password_button,
            self.role_button,
            self.active_button,
            self.unlock_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)

        #: Why the last action was refused (red), under the buttons.
        self.error = ErrorLabel("Accounts")
        self.error.setObjectName("accountsError")
        #: What the last action did.
        self.status = plain("")
        self.status.setObjectName("accountsStatus")
        self.status.setAccessibleName("Accounts status")
        theme.style(self.status, theme.SUCCESS)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(
            plain(
                "Everyone who can sign in, and as what. Staff added elsewhere (as "
                "advocates, or by an import) are listed with no password until an "
                "administrator gives them one here. Ten wrong passwords in a row lock an "
                "account for fifteen minutes.",
                hint=True,
            )
        )
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addWidget(self.status)

    def _button(self, text: str, name: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(text.rstrip("…"))
        button.setToolTip(tip)
        return button

    # -- what is on show ------------------------------------------------------------

    def refresh(self) -> None:
        """Read the accounts again, keeping the one chosen."""
        self.watch.fresh()
        keep = self.selected_username()
        try:
            self.accounts = self.services.accounts.accounts()
        except AdvocacyDeskError as exc:
            self.accounts = []
            self.error.set_message(f"The accounts cannot be shown: {exc}.")
        self._fill()
        if keep is not None:
            self.select(keep)
        self._update_buttons()

    def _fill(self) -> None:
        now = self.now()
        me = self._me()
        table = self.table
        blocked = table.blockSignals(True)
        try:
            table.clearSelection()
            table.setRowCount(len(self.accounts))
            for row, account in enumerate(self.accounts):
                you = " (you)" if account.username == me else ""
                cells = (
                    (account.username, f"{account.full_name}, user name {account.username}{you}"),
                    (account.full_name, f"{account.full_name}{you}"),
                    (_role_label(account.role), _role_label(account.role)),
                    (status_text(account, now), self._status_tip(account, now)),
                    (last_signed_in_text(account), "When they last signed in"),
                )
                for column, (text, tip) in enumerate(cells):
                    cell = QTableWidgetItem(text)
                    cell.setToolTip(tip)
                    cell.setData(Qt.ItemDataRole.UserRole, account.username)
                    if column == 3 and text != ACTIVE:
                        font = cell.font()
                        font.setItalic(True)
                        cell.setFont(font)
                    table.setItem(row, column, cell)
        finally:
            table.blockSignals(blocked)
        self._size_columns()
        count = len(self.accounts)
        can = sum(1 for a in self.accounts if status_text(a, now) == ACTIVE)
        self.count_label.setText(
            f"{count} {'account' if count == 1 else 'accounts'}, {can} can sign in"
        )

    def _size_columns(self) -> None:
        """Each column as wide as its widest text with room either side (the header
        bold, the italic statuses); the last takes what is left."""
        table = self.table
        plain_metrics = table.fontMetrics()
        bold = table.horizontalHeader().font()
        bold.setBold(True)
        header_metrics = QFontMetrics(bold)
        italic = table.font()
        italic.setItalic(True)
        italic_metrics = QFontMetrics(italic)
        for column, title in enumerate(COLUMNS[:-1]):
            widest = header_metrics.horizontalAdvance(title)
            metrics = italic_metrics if column == 3 else plain_metrics
            for row in range(table.rowCount()):
                widest = max(widest, metrics.horizontalAdvance(self._cell(row, column)))
            table.setColumnWidth(column, widest + 28)

    def _status_tip(self, account: Account, now: datetime) -> str:
        if not account.has_password:
            return "No password yet: choose Set password… (or Add account…) to give one."
        if not account.active:
            return "Switched off: they cannot sign in until switched on again."
        if account.locked(now):
            return "Locked after ten wrong passwords in a row: Unlock lets them try again now."
        if account.failed_sign_ins:
            return f"{plural(account.failed_sign_ins, 'wrong password')} since their last sign-in."
        return "Can sign in."

    def rows(self) -> list[tuple[str, ...]]:
        """The table as text, row by row (what the user reads)."""
        return table_text(self.table)

    def _cell(self, row: int, column: int) -> str:
        cell = self.table.item(row, column)
        return cell.text() if cell is not None else ""

    def select(self, username: str) -> bool:
        """Choose the account in the table; False if it is not listed."""
        for row, account in enumerate(self.accounts):
            if account.username == username:
                self.table.selectRow(row)
                return True
        return False

    def selected_username(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        data = self.table.item(rows[0].row(), 0)
        value = None if data is None else data.data(Qt.ItemDataRole.UserRole)
        return value if isinstance(value, str) else None

    def selected(self) -> Account | None:
        """The account chosen in the table."""
        username = self.selected_username()
        return next((a for a in self.accounts if a.username == username), None)

    def _me(self) -> str:
        identity = self.services.accounts.identity
        return identity.username if identity is not None else ""

    def _update_buttons(self) -> None:
        account = self.selected()
        chosen = account is not None
        self.password_button.setEnabled(chosen)
        self.role_button.setEnabled(chosen)
        if account is None or account.active:
            self.active_button.setText("Switch off")
            self.active_button.setAccessibleName("Switch off")
        else:
            self.active_button.setText("Switch on")
            self.active_button.setAccessibleName("Switch on")
        # Switching off one's own account would lock oneself out.
        yourself = account is not None and account.active and account.username == self._me()
        self.active_button.setEnabled(chosen and not yourself)
        self.active_button.setToolTip(
            "You cannot switch off the account you are signed in with"
            if yourself
            else "Stop or allow signing in with the chosen account"
        )
        self.unlock_button.setEnabled(account is not None and account.locked(self.now()))

    # -- what the user does -----------------------------------------------------------

    def add_account(self) -> Account | None:
        """Ask for a new account (through :attr:`run_modal`); the account added."""
        dialog = AddAccountDialog(self.services, self)
        added = dialog.added if self._run(dialog) else None
        if added is not None:
            self._done(
                added.username,
                f"Added {added.full_name} ({added.username}), "
                f"{added.role_label.lower()}: they can sign in now.",
            )
        return added

    def set_password(self) -> Account | None:
        account = self.selected()
        if account is None:
            return None
        dialog = SetPasswordDialog(self.services, account, self)
        saved = dialog.account if self._run(dialog) else None
        if saved is not None:
            self._done(saved.username, f"New password saved for {saved.full_name}.")
        return saved

    def change_role(self) -> Account | None:
        account = self.selected()
        if account is None:
            return None
        dialog = ChangeRoleDialog(self.services, account, self)
        saved = dialog.account if self._run(dialog) else None
        if saved is not None:
            self._done(
                saved.username,
                f"{saved.full_name} is now {saved.role_label.lower()}; it applies from "
                "their next sign-in.",
            )
        return saved

    def switch(self) -> Account | None:
        """Switch the chosen account off (after asking) or on."""
        account = self.selected()
        if account is None:
            return None
        turning_on = not account.active
        if not turning_on and not self.ask(
            f"Switch off {account.full_name}?",
            f"{account.full_name} ({account.username}) will not be able to sign in until an "
            "administrator switches the account on again. Their records stay as they are.",
        ):
            return None
        username = account.username
        saved = self._attempt(lambda: self.services.accounts.set_active(username, turning_on))
        if saved is not None:
            self._done(
                saved.username,
                f"{saved.full_name} can sign in again."
                if turning_on
                else f"{saved.full_name} is switched off and cannot sign in.",
            )
        return saved

    def unlock(self) -> Account | None:
        account = self.selected()
        if account is None:
            return None
        saved = self._attempt(lambda: self.services.accounts.unlock_account(account.username))
        if saved is not None:
            self._done(saved.username, f"{saved.full_name} can try to sign in again now.")
        return saved

    def _run(self, dialog: QDialog) -> bool:
        self.error.set_message("")
        try:
            return self.run_modal(dialog) == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()

    def _attempt(self, action: Callable[[], Account]) -> Account | None:
        """The service's answer, or None with why it refused under the buttons."""
        self.error.set_message("")
        try:
            with self.bus.initiated_by(self):
                return action()
        except ValidationError as exc:
            self.error.set_message("\n".join(exc.errors.values()))
        except AdvocacyDeskError as exc:
            self.error.set_message(f"Not saved: {exc}.")
        self.status.setText("")
        return None

    def _done(self, username: str, message: str) -> None:
        self.changed.emit(username)
        self.refresh()
        self.select(username)
        self.status.setText(message)
