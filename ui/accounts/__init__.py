"""Accounts: who may sign in and as what (Settings > Accounts), and changing one's own
password."""

from ui.accounts.editor import AccountsEditor, AddAccountDialog, ChangeRoleDialog, SetPasswordDialog
from ui.accounts.password import ChangePasswordDialog

__all__ = [
    "AccountsEditor",
    "AddAccountDialog",
    "ChangePasswordDialog",
    "ChangeRoleDialog",
    "SetPasswordDialog",
]
