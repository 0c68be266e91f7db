"""The one place a modal dialog blocks, so tests can replace it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog

#: Shows ``dialog`` modally and returns its result code.
RunModal = Callable[[QDialog], int]


def run_modal(dialog: QDialog) -> int:
    """Block until ``dialog`` closes; pages and dialogs keep this as a replaceable attribute."""
    return dialog.exec()
